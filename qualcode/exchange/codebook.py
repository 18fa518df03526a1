"""REFI-QDA code trees and qualcode codebooks, each way.

Into qualcode: a top-level code with children becomes a family (its children the family's
codes, nested as deep as they go); top-level codes without children are gathered in one family
named "Codes". Names flattened as ``Parent::Child`` are nested again. Ids are made from names
(lowercase letters, digits and underscores, unique among siblings); descriptions become
definitions. A codable top-level parent that has codings of its own gets a code of its own in
its family, so those codings are kept.

Out of qualcode: a family is a code with ``isCodable="false"``, codes nest under it. The last
line of each description records the qualcode id (and hotkey), ``[qualcode id referral.police
key l]``, so a file that comes back keeps its ids and its codings match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from qualcode.errors import InputFileError
from qualcode.exchange.archive import local_name, parse_xml
from qualcode.exchange.model import RefiCode, stable_guid
from qualcode.model import Code, Codebook

#: The definition of a code whose description was empty (the codebook requires one).
NO_DEFINITION = "No definition was given in the imported codebook."
UNGROUPED = ("codes", "Codes")
MAX_ID = 40
_MARKER = re.compile(r"\s*\[qualcode id ([a-z][a-z0-9_.]*)(?: key (\S))?\]\s*$")
_MAX_QDC_BYTES = 20 * 1024 * 1024


def make_id(name: str, taken: Iterable[str]) -> str:
    """A valid id from a name (``Fear of deportation`` → ``fear_of_deportation``), unique among
    ``taken``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:MAX_ID].strip("_")
    if not base:
        base = "code"
    elif not base[0].isalpha():
        base = f"c_{base}"[:MAX_ID]
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        suffix = f"_{number}"
        candidate = base[: MAX_ID - len(suffix)] + suffix
        number += 1
    return candidate


def split_marker(description: str) -> tuple[str, str | None, str | None]:
    """A description without its ``[qualcode id ...]`` line, and the id and key it named."""
    match = _MARKER.search(description)
    if match is None:
        return description.strip(), None, None
    return description[: match.start()].strip(), match.group(1), match.group(2)


def nest_flattened(codes: list[RefiCode]) -> list[RefiCode]:
    """Codes named ``Parent::Child`` moved under ``Parent`` (made as a grouping code when the
    level has none of that name), at every level."""
    result: list[RefiCode] = []
    by_name: dict[str, RefiCode] = {}
    for code in codes:
        parts = [part.strip() for part in code.name.split("::")]
        if len(parts) > 1 and all(parts):
            parent_name, rest = parts[0], "::".join(parts[1:])
            parent = by_name.get(parent_name)
            if parent is None:
                parent = RefiCode(stable_guid("folder", code.guid), parent_name, codable=False)
                by_name[parent_name] = parent
                result.append(parent)
            code.name = rest
            parent.children.append(code)
        else:
            existing = by_name.get(code.name)
            if existing is not None and not existing.codable and not existing.description:
                existing.guid, existing.codable = code.guid, code.codable  # the real parent
                existing.description, existing.color = code.description, code.color
                existing.children = code.children + existing.children
                continue
            by_name.setdefault(code.name, code)
            result.append(code)
    for code in result:
        code.children = nest_flattened(code.children)
    return result


@dataclass
class Conversion:
    """A REFI code tree as a qualcode codebook: the YAML text, each code's id by GUID, and
    notes for the import report."""

    yaml_text: str
    code_ids: dict[str, str]
    folders: set[str] = field(default_factory=set)  # GUIDs of codes that cannot be applied
    notes: list[str] = field(default_factory=list)


def refi_to_codebook(
    codes: list[RefiCode], name: str, *, source: str, parents_used: set[str] | None = None
) -> Conversion:
    """Convert a code tree. ``parents_used`` holds the GUIDs of codes with codings of their
    own: a top-level parent among them gets a code of its own, so its codings are kept."""
    codes = nest_flattened(codes)
    used = parents_used or set()
    ids: dict[str, str] = {}
    folders: set[str] = set()
    notes: list[str] = []
    families: list[dict[str, Any]] = []
    family_ids: set[str] = set()
    leaves = [code for code in codes if not code.children]
    groups = [code for code in codes if code.children]
    for group in groups:
        description, marked, _ = split_marker(group.description)
        family_id = _pick(marked, family_ids, group.name)
        family_ids.add(family_id)
        family: dict[str, Any] = {"id": family_id, "label": group.name or family_id}
        if len(families) < 9:
            family["key"] = str(len(families) + 1)
        if description:
            family["description"] = description
        entries: list[dict[str, Any]] = []
        taken: set[str] = set()
        if group.codable and group.guid in used:
            own = _pick(None, taken, group.name)
            taken.add(own)
            ids[group.guid] = f"{family_id}.{own}"
            definition = description or NO_DEFINITION
            entries.append({"id": own, "label": group.name, "definition": definition})
            notes.append(
                f"codings of the top-level code '{group.name}' itself are kept as the code "
                f"{family_id}.{own}"
            )
        else:
            folders.add(group.guid)
        entries += _codes(group.children, family_id, taken, ids)
        family["codes"] = entries
        families.append(family)
    if leaves:
        family_id = make_id(UNGROUPED[0], family_ids)
        family_ids.add(family_id)
        ungrouped: dict[str, Any] = {"id": family_id, "label": UNGROUPED[1]}
        if len(families) < 9:
            ungrouped["key"] = str(len(families) + 1)
        ungrouped["description"] = "Top-level codes of the imported codebook."
        ungrouped["codes"] = _codes(leaves, family_id, set(), ids)
        families.append(ungrouped)
    if not families:
        raise InputFileError(
            f"{source}: the codebook has no codes, so there is nothing to code with. Export it "
            "again with its codes, or start from a YAML codebook with --codebook."
        )
    for code in codes:
        for inner in code.walk():
            if not inner.codable and inner.guid in ids:
                folders.add(inner.guid)
    data: dict[str, Any] = {"name": name, "version": "1"}
    data["description"] = f"Converted by qualcode from {Path(source).name}."
    data["families"] = families
    text = f"# Converted by qualcode from {Path(source).name}; edit freely.\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100
    )
    return Conversion(text, ids, folders, notes)


def _pick(marked: str | None, taken: set[str], name: str = "") -> str:
    if marked and "." not in marked and marked not in taken:
        return marked
    return make_id(name or "family", taken)


def _codes(
    codes: list[RefiCode],
    prefix: str,
    taken: set[str],
    ids: dict[str, str],
    keys: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Code entries of one level; ``keys`` holds the hotkeys used in the family so far (they
    must be unique within a family, at every depth)."""
    entries: list[dict[str, Any]] = []
    keys = set() if keys is None else keys
    for code in codes:
        description, marked, key = split_marker(code.description)
        local = marked.rsplit(".", 1)[-1] if marked and marked.startswith(prefix + ".") else None
        local = local if local and local not in taken else make_id(code.name, taken)
        taken.add(local)
        full = f"{prefix}.{local}"
        ids[code.guid] = full
        definition = description or NO_DEFINITION
        if not code.codable:
            definition = description or "A grouping of codes in the imported codebook."
        entry: dict[str, Any] = {"id": local, "label": code.name or local}
        if key and key not in keys:
            entry["key"] = key
            keys.add(key)
        entry["definition"] = definition
        if code.children:
            entry["children"] = _codes(code.children, full, set(), ids, keys)
        entries.append(entry)
    return entries


# -- qualcode → REFI --------------------------------------------------------------------------


def codebook_to_refi(codebook: Codebook) -> list[RefiCode]:
    """A qualcode codebook as a REFI code tree with stable GUIDs (families as folders)."""
    return [
        RefiCode(
            guid=stable_guid("family", family.id),
            name=family.label,
            codable=False,
            description=_described(family.description, family.id, family.key),
            children=[_refi_code(code) for code in family.codes],
        )
        for family in codebook.families
    ]


@cache
def code_guid(code_id: str) -> str:
    return stable_guid("code", code_id)


def _refi_code(code: Code) -> RefiCode:
    definition = "" if code.definition == NO_DEFINITION else code.definition
    return RefiCode(
        guid=code_guid(code.id),
        name=code.label,
        codable=True,
        description=_described(definition, code.id, code.key),
        children=[_refi_code(child) for child in code.children],
    )


def _described(text: str, code_id: str, key: str | None) -> str:
    marker = f"[qualcode id {code_id}" + (f" key {key}" if key and not key.isspace() else "") + "]"
    return f"{text.strip()}\n\n{marker}" if text.strip() else marker


# -- .qdc files --------------------------------------------------------------------------------


def read_qdc(path: Path) -> list[RefiCode]:
    """The code tree of a ``.qdc`` codebook file."""
    from qualcode.exchange.reader import child, read_codes

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such codebook file. Check the path.") from None
    if size > _MAX_QDC_BYTES:
        raise InputFileError(f"{path}: the file is over {_MAX_QDC_BYTES // 1048576} MB.")
    root = parse_xml(path.read_bytes(), str(path))
    if local_name(root) != "CodeBook":
        raise InputFileError(
            f"{path}: the root element is <{local_name(root)}>, not <CodeBook>; this is not a "
            "REFI-QDA codebook (.qdc)."
        )
    codes = child(root, "Codes")
    return [] if codes is None else read_codes(codes)


def qdc_to_yaml(path: Path) -> Conversion:
    """A ``.qdc`` codebook file converted to qualcode's YAML."""
    return refi_to_codebook(read_qdc(path), path.stem, source=str(path))
