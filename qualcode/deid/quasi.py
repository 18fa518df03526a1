"""Quasi-identifiers: facts that identify nobody alone but may together ("a 61-year-old
pipefitter from Moss Point"). A segment that gives an age, an occupation and a place is
counted; the document is then flagged for a person to judge (nothing is replaced for it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

_NUMBER_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
AGE = re.compile(
    rf"\b(?:\d{{1,2}}|{_NUMBER_WORDS})[- ]years?[- ]old\b"
    rf"|\b(?:aged?|I'm|I’m|I am|she's|she’s|he's|he’s|she is|he is)\s+(?:\d{{2}}|{_NUMBER_WORDS})\b"
    r"(?!\s*(?:years|minutes|hours|days|weeks|months|percent|%|dollars))",
    re.IGNORECASE,
)
OCCUPATIONS = frozenset(
    """
    welder pipefitter electrician plumber carpenter mechanic machinist roofer painter mason
    nurse doctor teacher schoolteacher professor cook chef baker waiter waitress dishwasher
    cashier nanny caregiver housekeeper maid janitor cleaner driver trucker farmer farmworker
    picker packer fisherman fisher deckhand logger miner rancher gardener landscaper
    apprentice pastor priest imam accountant engineer pharmacist dentist lawyer attorney
    hairdresser barber stylist manicurist masseuse seamstress tailor butcher meatpacker
    laborer labourer construction worker officer detective deputy soldier veteran student
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_OCCUPATION = re.compile(
    r"\b(?:" + "|".join(sorted(OCCUPATIONS, key=len, reverse=True)) + r")s?\b", re.IGNORECASE
)


class _Found(Protocol):
    @property
    def segment(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def kind(self) -> str: ...


# A replaced name after one of these words is a place, whatever type the model gave it.
_LOCATIVE = re.compile(r"\b(?:from|in|near|outside|of|at)\s+(?:the\s+)?$", re.IGNORECASE)


def quasi_identifiers(texts: Sequence[str], found: Sequence[_Found]) -> int:
    """How many segments give an age, an occupation and a place (a replaced place, site or
    organisation name, or any name replaced after "from", "in", "near" ...)."""
    with_place = {
        c.segment
        for c in found
        if c.kind in ("PLACE", "FAC", "ORG")
        or _LOCATIVE.search(texts[c.segment], max(0, c.start - 12), c.start)
    }
    return sum(
        1
        for i, text in enumerate(texts)
        if i in with_place and AGE.search(text) and _OCCUPATION.search(text)
    )
