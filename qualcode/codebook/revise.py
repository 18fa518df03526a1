"""Revising a project's codebook without dropping codings silently (SPEC §5.3)."""

from __future__ import annotations

from qualcode.errors import QualcodeError
from qualcode.model import Codebook, CodeRevision


def plan_revision(
    new: Codebook,
    yaml_text: str,
    source_name: str,
    content_hash: str,
    usage: dict[str, int],
) -> CodeRevision:
    """Check a new codebook version against the codes the project has and their codings.

    ``usage`` maps every known code id to its number of codings. A code that disappears must
    have no codings, be kept with ``retired: true``, or be named by a new code's
    ``renamed_from``. Raises :class:`QualcodeError` listing every refusal.
    """
    new_ids = set(new.code_ids())
    problems: list[str] = []
    renames: dict[str, str] = {}
    for code in new.codes():
        old = code.renamed_from
        if old is None:
            continue
        if old in new_ids:
            problems.append(
                f"'{code.id}' says renamed_from '{old}', but '{old}' is still in the codebook; "
                "remove one of them"
            )
        elif old not in usage:
            problems.append(
                f"'{code.id}' says renamed_from '{old}', but the project has no code '{old}'"
            )
        elif old in renames:
            problems.append(f"'{old}' is renamed twice ('{renames[old]}' and '{code.id}')")
        else:
            renames[old] = code.id
    removed: list[str] = []
    for old, count in sorted(usage.items()):
        if old in new_ids or old in renames:
            continue
        if count:
            problems.append(
                f"'{old}' has {count} coding{'s' if count != 1 else ''} and is missing from the "
                f"new codebook: keep it with `retired: true`, or give its new id "
                f"`renamed_from: {old}`"
            )
        else:
            removed.append(old)
    if problems:
        listing = "\n".join(f"  {source_name}: {problem}" for problem in problems)
        raise QualcodeError(f"{source_name}: the revision was refused, nothing changed:\n{listing}")
    return CodeRevision(new, yaml_text, source_name, content_hash, renames, removed)
