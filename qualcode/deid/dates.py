"""Dates that identify: a full date (day, month and year) or a month with its year, in figures
or in words, and any date after "born" or "date of birth". A month, a weekday, a year or a
duration alone is analytic content and stays ("in March", "on a Tuesday", "since 2019",
"three years").

Spoken dates ("june fourteenth nineteen ninety eight") are found in the figures written by
:mod:`qualcode.deid.spoken` ("june 14th 1998").
"""

from __future__ import annotations

import re

Span = tuple[int, int, str]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_SEP = r"(?:,?\s+(?:of\s+)?)"
DATE_PATTERNS = (
    # 03/03/1979, 3-3-79, 2023-02-14, 3.3.1979
    re.compile(
        r"(?<![\w/.-])(?:\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?![\w/-])"
    ),
    # March 3, 1979 / March 3rd 1979
    re.compile(rf"\b{_MONTH}\s+{_DAY}{_SEP}{_YEAR}\b", re.IGNORECASE),
    # 3 March 1978 / the seventh of August, 2004 (as "the 7th of August, 2004")
    re.compile(rf"(?:\bthe\s+)?\b{_DAY}\s+(?:of\s+)?{_MONTH}{_SEP}{_YEAR}\b", re.IGNORECASE),
    # March 1979 / March of 2022 (a month with its year)
    re.compile(rf"\b{_MONTH}{_SEP}?\s*{_YEAR}\b", re.IGNORECASE),
)
# "born March 3", "born on the 7th of August", "date of birth ... March 3": no year needed.
BIRTH = re.compile(
    rf"\b(?:born(?:\s+on)?|date of birth(?:\s+(?:is|was))?:?|DOB:?|birthday(?:\s+(?:is|was))?)"
    rf"\s+(?:the\s+)?(?P<date>{_MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH}|\d{{1,2}}/\d{{1,2}})",
    re.IGNORECASE,
)
# "May" alone is a verb as often as a month: a month name in lower case only counts before
# a day or a year, which all the patterns above ask for.


# A quick test before the patterns: figures joined by a separator, or a month's name.
_MAY_HOLD_DATE = re.compile(
    r"\d[/.-]\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE
)


def find_dates(text: str) -> list[Span]:
    """Every date in ``text`` that identifies (see the module doc)."""
    spans: list[Span] = []
    if not _MAY_HOLD_DATE.search(text):
        return spans
    for regex in DATE_PATTERNS:
        for match in regex.finditer(text):
            start, end = match.span()
            if text[start:end].lower().startswith("the "):
                start += 4
            if _may_modal(text, start, end):
                continue
            spans.append((start, end, "DATE"))
    for match in BIRTH.finditer(text):
        spans.append((match.start("date"), match.end("date"), "DATE"))
    return spans


def _may_modal(text: str, start: int, end: int) -> bool:
    """ "may 2020" is a date; "they may 3 times" is not: a lower-case "may" needs a year."""
    value = text[start:end]
    return value.startswith("may ") and re.search(_YEAR, value) is None
