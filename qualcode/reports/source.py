"""Which coder's codings a report counts for each document (SPEC §9 "source of codings")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qualcode.errors import QualcodeError
from qualcode.model import CONSENSUS, CodingRows


@dataclass(frozen=True)
class Source:
    """Per document id, the coder id whose codings count; documents absent were not coded."""

    description: str
    coder_of_document: dict[int, int]


def resolve_source(
    data: CodingRows,
    assignments: dict[str, list[tuple[str, str]]],
    coder: str | None = None,
    consensus: bool = False,
    reconciled: set[str] | None = None,
) -> Source:
    """``--coder NAME``, ``--consensus``, or by default per document the consensus where the
    document is fully reconciled (``reconciled`` names those documents), else its primary coder.

    Without an assignment (or when its primary coder has not coded it), a document reviewed by
    one coder counts that coder's codings; one reviewed by several counts the first of them by
    name, and the description names those documents and their coders: the choice is never
    silent.
    """
    names = {document.id: document.name for document in data.documents}
    reconciled_ids = {pk for pk, name in names.items() if name in (reconciled or set())}
    if consensus:
        if not reconciled_ids:
            raise QualcodeError(
                "No document is fully reconciled yet, so there is no consensus to report. Use "
                "`qualcode reconcile` first, or leave --consensus out."
            )
        return Source(
            f"consensus ({len(reconciled_ids)} reconciled documents)",
            dict.fromkeys(reconciled_ids, CONSENSUS),
        )
    ids = {name: pk for pk, name in data.coders.items()}
    if coder is not None:
        if coder not in ids:
            known = ", ".join(sorted(ids)) or "none"
            raise QualcodeError(f"--coder {coder}: no such coder (coders: {known}).")
        theirs = {doc: ids[coder] for doc, who in data.reviewed.items() if ids[coder] in who}
        return Source(f"coder {coder} ({len(theirs)} documents)", theirs)
    chosen: dict[int, int] = dict.fromkeys(reconciled_ids, CONSENSUS)
    # (primary coder who has not coded it, or None: no assignment; coders) -> documents
    guessed: dict[tuple[str | None, tuple[str, ...]], list[str]] = {}
    for document_id, who in data.reviewed.items():
        if document_id in chosen:
            continue
        primary = [c for c, role in assignments.get(names[document_id], []) if role == "primary"]
        if primary and primary[0] in ids and ids[primary[0]] in who:
            chosen[document_id] = ids[primary[0]]
        else:
            candidates = sorted(data.coders[c] for c in who)
            if len(candidates) > 1:
                key = (primary[0] if primary else None, tuple(candidates))
                guessed.setdefault(key, []).append(names[document_id])
            chosen[document_id] = ids[candidates[0]]
    counts = Counter(data.coders[c] for c in chosen.values() if c != CONSENSUS)
    spread = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
    parts = []
    if reconciled_ids:
        parts.append(f"consensus for {len(reconciled_ids)} reconciled documents")
    if counts:
        parts.append(f"primary coder per document ({spread} documents)")
    elif not reconciled_ids:
        parts.append("primary coder per document (no document has been coded yet)")
    return Source(", elsewhere the ".join(parts) + _first_by_name(guessed), chosen)


#: At most this many documents are named per statement; the rest are counted.
NAMED_DOCUMENTS = 10


def _first_by_name(guessed: dict[tuple[str | None, tuple[str, ...]], list[str]]) -> str:
    """The statement for documents coded by several coders and assigned to none of them (or
    to a primary coder who has not coded them): which coder's codings count, and what to do."""
    if not guessed:
        return ""
    statements = []
    total = 0
    for (primary, coders), documents in sorted(guessed.items(), key=lambda item: item[1][0]):
        documents = sorted(documents)
        total += len(documents)
        one = len(documents) == 1
        shown = documents[:NAMED_DOCUMENTS]
        rest = len(documents) - len(shown)
        named = _and([*shown, f"{rest} more"] if rest else shown)
        by = _and(list(coders))
        if primary is None:
            situation = f"{'has' if one else 'have'} no assignment and {'was' if one else 'were'}"
            situation += f" coded by {by}"
        else:
            their = "its" if one else "their"
            situation = (
                f"{'was' if one else 'were'} not coded by {their} primary coder {primary} but "
                f"by {by}"
            )
        statements.append(f"{named} {situation}: {coders[0]}'s codings are used (first by name)")
    them = "it" if total == 1 else "them"
    return f"; {'; '.join(statements)}; assign {them} with `qualcode assign` or reconcile {them}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
