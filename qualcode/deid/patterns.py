"""Identifiers with a recognisable shape: e-mail addresses, URLs, SSNs, phone numbers, street
addresses, and case and ID numbers.

Each finder returns ``(start, end, kind)`` spans of one text. The patterns are general (no list
of known values): a number is an ID because of its shape (letters and digit groups joined by
hyphens, as case and file numbers are written) or because a word such as "badge", "docket" or
"case number" comes right before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]

#: The order in which overlapping pattern findings win (first wins).
PATTERN_KINDS = ("EMAIL", "URL", "SSN", "PHONE", "ADDRESS", "ID")

_TRAILING = ".,;:!?)]}'\"”’"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
URL = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"“”]+", re.IGNORECASE)
BARE_DOMAIN = re.compile(
    r"(?<![\w@/.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|org|net|edu|gov|us|info|io|co|biz)(?:/[^\s<>\"“”]*)?(?![\w@-])",
    re.IGNORECASE,
)
SSN = re.compile(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])")
SSN_CONTEXT = re.compile(
    r"\b(?:social security(?: number)?|SSN|SS#)\D{0,25}?(?<![\w-])(\d{9})(?![\w-])", re.IGNORECASE
)
PHONE = re.compile(
    r"(?<![\w+-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}"
    r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?(?![\w-])"
    r"|(?<![\w+-])\d{3}[-.]\d{4}(?![\w-])",
    re.IGNORECASE,
)
PHONE_CONTEXT = re.compile(
    r"\b(?:phone|cell|number|call|text|line|fax|tel)\D{0,20}?(?<![\w-])(\d{10})(?![\w-])",
    re.IGNORECASE,
)

_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Court|Ct|Way|Place|Pl|Boulevard|Blvd|"
    r"Terrace|Ter|Square|Sq|Highway|Hwy|Loop|Circle|Cir|Parkway|Pkwy|Trail|Trl|Row|Alley|Plaza|"
    r"Pike|Route|Rte|Crossing|Xing|Point|Ridge|Run|Path|Walk|Bend|Heights|Pass|Landing|Lake)\.?"
)
_UNIT = (
    r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|Floor|Fl|Building|Bldg|Lot|Space|#)\.?\s*"
    r"#?[A-Za-z0-9-]{1,6}(?![\w-])|,?\s+\d{1,3}(?:st|nd|rd|th)\s+Floor)"
)
ADDRESS = re.compile(
    r"(?<![\w-])[NSEW]?\d{1,6}[A-Z]?(?:-\d{1,4})?\s+"
    r"(?:[A-ZÀ-Þ][\w'’.-]*\s+){0,4}" + _STREET_SUFFIX + r"(?:\s+(?:[NSEW]|[A-Z0-9]{1,3})(?![\w]))?"
    r"(?:" + _UNIT + r")?"
)
PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d{1,6}\b", re.IGNORECASE)

# A number right after a word that says it is one: "badge 4471", "docket 22-1187",
# "case number 2023-CR-004417", "employee ID, 88-2211", "receipt number, EAC9912345678".
_ID_WORDS = (
    r"(?:case|docket|badge|file|complaint|report|cause|indictment|inspection|receipt|account|"
    r"employee|claim|ticket|permit|licen[cs]e|registration|policy|member|student|patient|record|"
    r"booking|inmate|citation|warrant|serial|tracking|reference|confirmation|control|"
    r"A-number|alien|ID|I\.D\.)"
)
ID_CONTEXT = re.compile(
    r"\b" + _ID_WORDS + r"(?:\s+(?:number|no\.?|num\.?|#|ID))?(?:\s+(?:was|is))?\s*[:#,]?\s*"
    r"(?P<id>#?[A-Za-z]{0,5}-?\d[\w:-]*)",
    re.IGNORECASE,
)
ID_SHAPE = re.compile(
    r"(?<![\w./-])#?[A-Za-z0-9]+(?:[-:][A-Za-z0-9]+)+(?![\w/-])|(?<![\w./-])[A-Z0-9]*\d[A-Z0-9]*(?![\w-])"
)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d-(?:(?:19|20)?\d\d)")
# Immigration and labor form numbers (I-914, G-28, WH-347, ETA-9142) are analytic, not IDs.
_FORM = re.compile(r"(?:I|G|N|DS|ETA|WH|SS|W|H|AR|EOIR|CW|J|F|B|L|O|P|R|T|U)-\d{1,4}[A-Z]?")
_ORDINAL_OR_UNIT = re.compile(r"\d+(?:st|nd|rd|th|s|am|pm|mg|kg|lbs?|ft|km|mi|k|m)", re.IGNORECASE)


_DIGIT = re.compile(r"\d")


def find_patterns(text: str) -> list[Span]:
    """Every pattern finding in ``text`` (overlaps allowed; the caller resolves them)."""
    spans: list[Span] = []
    if "@" in text:
        spans += [(m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text)]
    if "." in text:
        spans += [_trim(m.start(), m.end(), text, "URL") for m in URL.finditer(text)]
        spans += [_trim(m.start(), m.end(), text, "URL") for m in BARE_DOMAIN.finditer(text)]
    if not _DIGIT.search(text):
        return spans  # every other kind has digits
    spans += [(m.start(), m.end(), "SSN") for m in SSN.finditer(text)]
    spans += [(m.start(1), m.end(1), "SSN") for m in SSN_CONTEXT.finditer(text)]
    spans += [(m.start(), m.end(), "PHONE") for m in PHONE.finditer(text)]
    spans += [(m.start(1), m.end(1), "PHONE") for m in PHONE_CONTEXT.finditer(text)]
    spans += [_trim(m.start(), m.end(), text, "ADDRESS") for m in ADDRESS.finditer(text)]
    spans += [(m.start(), m.end(), "ADDRESS") for m in PO_BOX.finditer(text)]
    spans += list(_ids(text))
    return spans


def _ids(text: str) -> Iterator[Span]:
    for match in ID_CONTEXT.finditer(text):
        value = match.group("id").rstrip(_TRAILING + "-:")
        start = match.start("id")
        digits = sum(c.isdigit() for c in value)
        after_badge = match.group(0).lower().startswith("badge")
        if digits >= 3 and (after_badge or not _plain_year(value)) and not _FORM.fullmatch(value):
            yield start, start + len(value), "ID"
    for match in ID_SHAPE.finditer(text):
        value = match.group(0).rstrip(_TRAILING + "-:")
        if looks_like_id(value.lstrip("#")):
            yield match.start(), match.start() + len(value), "ID"


def looks_like_id(token: str) -> bool:
    """Whether a token without spaces has the shape of a case, file or ID number."""
    digits = sum(c.isdigit() for c in token)
    if digits < 3 or _TIME.fullmatch(token) or _DATE.fullmatch(token):
        return False
    if _YEAR_RANGE.fullmatch(token) or _FORM.fullmatch(token):
        return False
    chunks = re.split(r"[-:]", token)
    if len(chunks) == 1:
        # One block: letters and digits mixed, upper case (A204518877, 23CR1876, EAC9912345678).
        has_letter = any(c.isalpha() for c in token)
        return has_letter and token.isupper() and not _ORDINAL_OR_UNIT.fullmatch(token)
    for chunk in chunks:
        if chunk.isdigit():
            continue
        if chunk.isalpha() and ((chunk.isupper() and len(chunk) <= 5) or chunk in _COURT_CODES):
            continue
        if chunk.isalnum() and chunk.isupper():
            continue
        return False
    if all(chunk.isdigit() for chunk in chunks):
        # Digits only (22-1187, 88-2211): a first group of two or more and a group of four or
        # more, so that ranges such as 10-15 or 100-150 are left alone.
        return len(chunks[0]) >= 2 and max(len(chunk) for chunk in chunks) >= 4
    return True


_COURT_CODES = {"cv", "cr", "mj", "mc", "md", "po", "cf", "sw"}


def _plain_year(value: str) -> bool:
    return value.isdigit() and len(value) == 4 and value[:2] in ("19", "20")


def _trim(start: int, end: int, text: str, kind: str) -> Span:
    """Drop sentence punctuation that a greedy pattern took at the end."""
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end, kind
