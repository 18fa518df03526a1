"""Consistent placeholders within a document: ``[PERSON_1]`` is the same person throughout.

Values are compared in a normalised form (case, spacing, a possessive 's, punctuation in phone
numbers and IDs). People are grouped by name: a first-name-only or surname-only mention goes to
the one full name that contains it; when several people share the word, to the only one of them
already mentioned, and otherwise it keeps a placeholder of its own (the link is not clear, and
the document is flagged for review).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualcode.deid.spoken import digits_view, has_number_words

KINDS = ("PERSON", "PLACE", "ORG", "FAC", "PHONE", "EMAIL", "ADDRESS", "URL", "ID", "SSN", "DATE")
EXISTING_PLACEHOLDER = re.compile(r"\[(" + "|".join(KINDS) + r")_(\d+)\]")

_POSSESSIVE = re.compile(r"['’]s?$")


def normalise(kind: str, value: str) -> str:
    """The form in which two mentions of one value compare equal."""
    text = " ".join(value.split()).casefold()
    if kind in ("PHONE", "SSN", "ID") and has_number_words(text):
        text = digits_view(text).text.casefold()  # "five five five oh one" -> "55501"
    if kind in ("PHONE", "SSN"):
        digits = re.sub(r"\D", "", text.split("x")[0] if kind == "PHONE" else text)
        return digits[-10:] if kind == "PHONE" else digits
    if kind == "URL":
        text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text)
        return text.rstrip("/")
    if kind == "ID":
        return re.sub(r"[^0-9a-z]", "", text)
    if kind == "EMAIL":
        return text
    text = re.sub(r"^the\s+", "", text)
    text = _POSSESSIVE.sub("", text).strip(" .,;:")
    if kind == "ADDRESS":
        text = re.sub(r"[.,#]", "", text)
        text = " ".join(text.split())
    return text


def name_tokens(value: str) -> tuple[str, ...]:
    """The words of a person's name, normalised: ``"Dr. Ana Lucía Herrera's"`` ->
    ``("ana", "lucía", "herrera")`` (titles are removed by the caller)."""
    words = [_POSSESSIVE.sub("", word).strip(".,;:").casefold() for word in value.split()]
    return tuple(word for word in words if word)


@dataclass(frozen=True)
class PersonMention:
    order: tuple[int, int]  # (segment index, start offset; -1 for a speaker label)
    tokens: tuple[str, ...]


@dataclass
class PersonGroups:
    """People of one document, numbered in order of first mention."""

    number_of: dict[tuple[str, ...], int] = field(default_factory=dict)
    ambiguous: int = 0


def group_people(mentions: list[PersonMention], first_number: int = 1) -> PersonGroups:
    """Give every distinct name a person number; partial names join the full name they are part
    of when the link is clear."""
    mentions = sorted(mentions, key=lambda mention: mention.order)
    first_seen: dict[tuple[str, ...], tuple[int, int]] = {}
    for mention in mentions:
        first_seen.setdefault(mention.tokens, mention.order)
    names = list(first_seen)
    full = [n for n in names if not any(n != o and _contained(n, o) for o in names)]
    owner: dict[tuple[str, ...], tuple[str, ...]] = {name: name for name in full}
    groups = PersonGroups()
    for name in names:
        if name in owner:
            continue
        containing = [f for f in full if _contained(name, f)]
        earlier = [f for f in containing if first_seen[f] < first_seen[name]]
        if len(containing) == 1:
            owner[name] = containing[0]
        elif len(earlier) == 1:
            owner[name] = earlier[0]
            groups.ambiguous += 1
        else:
            owner[name] = name
            groups.ambiguous += 1 if containing else 0
    numbers: dict[tuple[str, ...], int] = {}
    for mention in mentions:  # number people by their first mention under any form
        person = owner[mention.tokens]
        if person not in numbers:
            numbers[person] = first_number + len(numbers)
    groups.number_of = {name: numbers[owner[name]] for name in names}
    return groups


def _contained(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Whether ``part`` is a contiguous run of the words of ``whole`` (and shorter)."""
    if len(part) >= len(whole):
        return False
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def first_numbers(texts: list[str]) -> dict[str, int]:
    """Per type, the first free number: placeholders already in the text keep theirs."""
    highest = dict.fromkeys(KINDS, 0)
    for text in texts:
        for match in EXISTING_PLACEHOLDER.finditer(text):
            highest[match.group(1)] = max(highest[match.group(1)], int(match.group(2)))
    return {kind: number + 1 for kind, number in highest.items()}
