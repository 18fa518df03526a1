"""The examples a model learns from: respondent segments a coder reviewed, with the codes that
count for them.

Which coder's codes count is the reports' rule (:func:`qualcode.reports.source.resolve_source`):
the consensus where a document is reconciled, else its primary coder. A segment the counted
coder reviewed without applying anything is an example too (of no code).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from qualcode.model import CONSENSUS, CodingRows
from qualcode.reports.source import Source


@dataclass(frozen=True)
class SegmentText:
    """A respondent segment, with the ids of the coders who reviewed it."""

    pk: int
    document_id: int
    text: str
    reviewers: frozenset[int]


@dataclass(frozen=True)
class Example:
    segment_pk: int
    document_id: int
    text: str
    codes: frozenset[str]


def training_examples(
    data: CodingRows, source: Source, segments: Iterable[SegmentText]
) -> list[Example]:
    """One example per segment reviewed by the coder whose codings count for its document
    (any reviewed segment of a reconciled document, with the consensus codes)."""
    counted = source.coder_of_document
    applied: dict[int, set[str]] = defaultdict(set)
    for document_id, coder_id, segment_pk, position in data.rows:
        if counted.get(document_id) == coder_id:
            applied[segment_pk].add(data.code_ids[position])
    examples = []
    for segment in segments:
        coder = counted.get(segment.document_id)
        if coder is None:
            continue
        codes = applied.get(segment.pk, set())
        reviewed = (
            bool(segment.reviewers or codes) if coder == CONSENSUS else coder in segment.reviewers
        )
        if reviewed:
            examples.append(
                Example(segment.pk, segment.document_id, segment.text, frozenset(codes))
            )
    return examples
