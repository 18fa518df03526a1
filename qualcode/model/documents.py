"""Documents and segments as plain data, and the public segment id ``DOCUMENT:N``."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

SPEAKER_KINDS = ("interviewer", "respondent", "other")
UNITS = ("turn", "sentence", "paragraph")


@dataclass
class Segment:
    """A unit of coding and of agreement: one turn, sentence or paragraph of a document."""

    n: int
    speaker: str
    speaker_kind: str
    text: str


@dataclass
class ParsedDocument:
    """A transcript read and segmented, ready to be stored."""

    name: str
    source_name: str
    format: str
    unit: str
    segments: list[Segment]
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        return sum(len(segment.text.split()) for segment in self.segments)


#: Invisible characters that reorder text (bidirectional overrides and isolates), used to
#: make a name look like another.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a document or an attribute (in words following the name), or
    ``None``. A line break or an escape sequence in a name would break every table, CSV and
    terminal that shows it."""
    if not name.strip():
        return "is empty"
    if any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in name):
        return "holds a control character (a line break, tab, escape or text-direction mark)"
    if name != name.strip():
        return "starts or ends with a space"
    return None


def segment_id(document: str, n: int) -> str:
    """The stable public id of a segment: ``DOCUMENT:N``."""
    return f"{document}:{n}"


def split_segment_id(value: str) -> tuple[str, int]:
    """Split ``DOCUMENT:N``; raises ``ValueError`` when it is not of that form."""
    document, sep, number = value.rpartition(":")
    if not sep or not document or not (number.isascii() and number.isdigit()) or int(number) < 1:
        raise ValueError(f"segment id {value!r} is not of the form DOCUMENT:N")
    return document, int(number)


@dataclass(frozen=True)
class DocumentRow:
    """A stored document with its counts, attributes and each coder's progress."""

    id: int
    name: str
    source_name: str
    format: str
    unit: str
    word_count: int
    segment_count: int
    respondent_segments: int
    deidentified: bool
    attributes: dict[str, str]
    reviewed_by: dict[str, int]
    deid_report: dict[str, Any] | None = None


@dataclass(frozen=True)
class SegmentRow:
    id: int
    document: str
    n: int
    speaker: str
    speaker_kind: str
    text: str


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    name: str
    attributes: dict[str, str]
