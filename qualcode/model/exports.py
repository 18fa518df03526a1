"""Plain rows the exports read: segments in reading order, and memos and notes on codes."""

from __future__ import annotations

from dataclasses import dataclass

#: What a memo is attached to.
MEMO_KINDS = ("document memo", "segment memo", "code note")


@dataclass(frozen=True)
class SegmentListing:
    """Segments in reading order (documents by name) as parallel columns, for a data frame."""

    pk: list[int]
    document_id: list[int]
    n: list[int]
    speaker: list[str]
    text: list[str] | None  # None when the text was not asked for


@dataclass(frozen=True)
class MemoRow:
    """A memo on a document or a segment, or a note on a code (which may name a segment)."""

    kind: str  # one of MEMO_KINDS
    coder: str
    created_at: str
    updated_at: str
    document: str | None
    segment_id: str | None  # DOCUMENT:N
    code: str | None
    text: str
