"""Deidentifying parsed documents in place, between segmentation and storage."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from qualcode.deid.engine import Deidentifier
from qualcode.deid.report import DeidReport
from qualcode.model import ParsedDocument


def no_model_note(deidentifier: Deidentifier) -> str | None:
    """The message to show when no spaCy model was found (pattern-only mode)."""
    if deidentifier.pipeline.has_model:
        return None
    from qualcode.nlp import MODEL_NAMES, NO_MODEL_DEID_MESSAGE, candidate_names

    tried = dict.fromkeys([*candidate_names(), *MODEL_NAMES])
    return NO_MODEL_DEID_MESSAGE.format(names=", ".join(tried))


def deidentify_documents(
    documents: Sequence[ParsedDocument],
    deidentifier: Deidentifier,
    progress: Callable[[int], None] | None = None,
) -> dict[str, DeidReport]:
    """Replace identifiers in every segment's text and speaker label, in place (the original
    text is not kept), and return each document's report by document name."""
    segments = [document.segments for document in documents]
    reports: dict[str, DeidReport] = {}
    for document, result in zip(documents, deidentifier.iterate(segments, progress), strict=True):
        for segment, done in zip(document.segments, result.segments, strict=True):
            segment.text = done.text
            segment.speaker = done.speaker
        reports[document.name] = result.report
    return reports
