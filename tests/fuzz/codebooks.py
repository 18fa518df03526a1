"""Strategies for codebooks: valid codebooks as data, mutated as data, YAML text and bytes."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import yaml
from hypothesis import strategies as st

from qualcode.codebook.keys import RESERVED_KEYS
from tests.fuzz.strategies import interesting, mutated_bytes, mutated_lines, nasty

identifiers = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)

LABELS = [
    "Law enforcement",
    "Victim service providers",
    "Fear of deportation",
    "Visa dependence (H-2A, H-2B, J-1)",
    "Debt bondage — \u201cowing\u201d the recruiter",
    "Résumé d’entretien",
    "Housing: short-term & long-term",
    "Time to investigate",
]
SENTENCES = [
    "The referral came from police, sheriffs or other investigators.",
    "Cases or survivors referred by a hotline or tip line.",
    "Do not use when the respondent's own agency found the case — use referral.proactive",
    "\u201cWe get most of ours from the sheriff's office.\u201d",
    "Workers on H-2A visas whose employer holds their passports.",
    "Multi\nline\ndefinition with a blank line\n\nafter it.",
]


def _present(text: str) -> bool:
    """Text a codebook accepts: not blank, and no C0 control character but line breaks and
    tabs (an escape sequence would reach every terminal that lists the code)."""
    return bool(text.strip()) and not any(
        (c < " " and c not in "\n\t") or c == "\x7f" for c in text.strip()
    )


labels = st.one_of(st.sampled_from(LABELS), st.text(min_size=1, max_size=30)).filter(_present)
sentences = st.one_of(st.sampled_from(SENTENCES), st.text(min_size=1, max_size=80)).filter(_present)
#: Hotkeys the codebook may use: single printable characters the coding app does not reserve.
HOTKEYS = [k for k in "123456789abdefghilopqrstvwxyz0ABCDEFGH" if k not in RESERVED_KEYS]
FAMILY_KEYS = [k for k in "123456789" if k not in RESERVED_KEYS]


@st.composite
def codes(
    draw: st.DrawFn, keys: list[str], depth: int = 0, max_codes: int = 4
) -> list[dict[str, Any]]:
    """A list of codes with unique ids; ``keys`` holds the family's unused hotkeys."""
    ids = draw(st.lists(identifiers, min_size=1, max_size=max_codes, unique=True))
    result = []
    for code_id in ids:
        code: dict[str, Any] = {"id": code_id, "label": draw(labels)}
        if keys and draw(st.booleans()):
            code["key"] = keys.pop(draw(st.integers(min_value=0, max_value=len(keys) - 1)))
        code["definition"] = draw(sentences)
        for name in ("include", "exclude", "examples", "keywords"):
            if draw(st.booleans()):
                code[name] = draw(st.lists(sentences, max_size=3))
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            code["retired"] = draw(st.booleans())
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            code["renamed_from"] = draw(identifiers)
        if depth < 2 and draw(st.integers(min_value=0, max_value=3)) == 0:
            code["children"] = draw(codes(keys, depth + 1, max_codes=3))
        result.append(code)
    return result


@st.composite
def codebook_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid codebook as the data a YAML file holds."""
    data: dict[str, Any] = {"name": draw(labels)}
    if draw(st.booleans()):
        data["version"] = draw(st.one_of(st.integers(0, 99), identifiers))
    if draw(st.booleans()):
        data["description"] = draw(st.one_of(sentences, st.just("")))
    family_ids = draw(st.lists(identifiers, min_size=1, max_size=3, unique=True))
    family_keys = list(FAMILY_KEYS)
    families = []
    for family_id in family_ids:
        family: dict[str, Any] = {"id": family_id, "label": draw(labels)}
        if draw(st.booleans()):
            family["key"] = family_keys.pop(draw(st.integers(0, len(family_keys) - 1)))
        if draw(st.booleans()):
            family["description"] = draw(sentences)
        if draw(st.booleans()):
            family["exclusive"] = draw(st.booleans())
        family["codes"] = draw(codes(list(HOTKEYS)))
        families.append(family)
    data["families"] = families
    return data


#: Values of the wrong type for any field.
WRONG_VALUES: list[Any] = [
    None,
    0,
    -1,
    3.5,
    float("inf"),
    True,
    [],
    {},
    [None],
    ["a", ["b", ["c"]]],
    {"id": "x"},
    {"nested": {"deeper": [1, 2, {"k": None}]}},
    datetime.date(2024, 1, 31),
    b"\x00\xffbinary",
    "",
    "  ",
]


def _walk(node: Any) -> list[Any]:
    """Every dict and list of a data tree, once each (the tree may have cycles)."""
    seen: set[int] = set()
    found: list[Any] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict | list) or id(item) in seen:
            continue
        seen.add(id(item))
        found.append(item)
        stack.extend(reversed(list(item.values()) if isinstance(item, dict) else item))
    return found


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) of a data tree."""
    return [
        (item, key)
        for item in _walk(node)
        for key in (list(item) if isinstance(item, dict) else range(len(item)))
    ]


def _mappings(node: Any) -> list[dict[Any, Any]]:
    return [item for item in _walk(node) if isinstance(item, dict)]


def _code_lists(node: Any) -> list[list[Any]]:
    """The lists of families, codes and children."""
    return [
        value
        for item in _mappings(node)
        for key, value in item.items()
        if key in ("codes", "children", "families") and isinstance(value, list)
    ]


def nest(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated_data(draw: st.DrawFn, data: dict[str, Any], max_depth: int = 40) -> Any:
    """Structural mutations: wrong types, missing and unknown keys, shared nodes (YAML
    aliases), a code among its own children (a recursive alias), nesting up to ``max_depth``."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        op = draw(st.sampled_from(["wrong_type", "delete", "unknown", "share", "cycle", "nest"]))
        slots = _slots(data)
        mappings = _mappings(data)
        lists = _code_lists(data)
        if op == "wrong_type" and slots:
            container, key = draw(st.sampled_from(slots))
            container[key] = copy.deepcopy(
                draw(st.one_of(st.sampled_from(WRONG_VALUES), interesting))
            )
        elif op == "delete" and slots:
            container, key = draw(st.sampled_from(slots))
            del container[key]
        elif op == "unknown" and mappings:
            mapping = draw(st.sampled_from(mappings))
            key = draw(st.one_of(st.sampled_from(["defintion", "Label", "id ", "ID"]), nasty))
            mapping[draw(st.one_of(st.just(key), st.integers(), st.none()))] = draw(interesting)
        elif op == "share" and lists:
            source, target = draw(st.sampled_from(lists)), draw(st.sampled_from(lists))
            if source:
                target.append(draw(st.sampled_from(source)))
        elif op == "cycle" and lists:
            target = draw(st.sampled_from(lists))
            if target and isinstance(target[0], dict):
                target[0]["children"] = target
        elif op == "nest" and slots:
            container, key = draw(st.sampled_from(slots))
            container[key] = nest(container[key], draw(st.integers(1, max_depth)))
    return data


def dump_yaml(data: Any, style: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, **style)


yaml_styles = st.fixed_dictionaries(
    {
        "allow_unicode": st.booleans(),
        "default_flow_style": st.sampled_from([False, True, None]),
        "width": st.sampled_from([80, 20, 10_000]),
        "indent": st.sampled_from([2, 4, 9]),
        "explicit_start": st.booleans(),
    }
)


@st.composite
def codebook_files(draw: st.DrawFn, max_depth: int = 40) -> bytes:
    """The bytes of a codebook file: valid, or mutated as data, as text and as bytes."""
    data: Any = draw(codebook_data())
    if draw(st.booleans()):
        data = draw(mutated_data(data, max_depth=max_depth))
    text = dump_yaml(data, draw(yaml_styles))
    if draw(st.booleans()):
        text = draw(mutated_lines(text))
    encoding = draw(st.sampled_from(["utf-8"] * 5 + ["utf-8-sig", "utf-16", "cp1252"]))
    raw = text.encode(encoding, errors="replace")
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        raw = draw(mutated_bytes(raw))
    return raw
