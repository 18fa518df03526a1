"""Documents and segments as plain data, and the public segment id ``DOCUMENT:N``."""

from __future__ import annotations

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


def segment_id(document: str, n: int) -> str:
    """The stable public id of a segment: ``DOCUMENT:N``."""
    return f"{document}:{n}"


def split_segment_id(value: str) -> tuple[str, int]:
    """Split ``DOCUMENT:N``; raises ``ValueError`` when it is not of that form."""
    document, sep, number = value.rpartition(":")
    if not sep or not document or not number.isdigit() or int(number) < 1:
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
