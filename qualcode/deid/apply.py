"""Deidentifying parsed documents in place, between segmentation and storage: the segments and
the metadata that travels with them (the document name taken from the file name, front-matter
and manifest attribute values)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qualcode.deid.engine import (
    DeidentifiedDocument,
    DeidentifiedSegment,
    Deidentifier,
    Replacement,
)
from qualcode.deid.report import DeidReport
from qualcode.model import ParsedDocument, Segment

#: The metadata field that stands for the document's name (from its file name).
NAME_FIELD = "file name"


def no_model_note(deidentifier: Deidentifier) -> str | None:
    """The message to show when no spaCy model was found (pattern-only mode)."""
    if deidentifier.pipeline.has_model:
        return None
    from qualcode.nlp import MODEL_NAMES, NO_MODEL_DEID_MESSAGE, candidate_names

    tried = dict.fromkeys([*candidate_names(), *MODEL_NAMES])
    return NO_MODEL_DEID_MESSAGE.format(names=", ".join(tried))


def humanise(name: str) -> str:
    """A file name as words (``Maria_Lopez-interview`` → ``Maria Lopez interview``), so that the
    deidentifier reads it like text."""
    spaced = re.sub(r"[_\-.+]+", " ", name)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", spaced).strip()


@dataclass
class MetadataResult:
    """What deidentification found outside the text of one document.

    ``found`` maps a field (:data:`NAME_FIELD` or an attribute key) to the kinds replaced there;
    ``name_identifies`` says whether the document name holds an identifier; ``attributes`` are
    the attribute values with identifiers replaced. The original values are not kept.
    """

    found: dict[str, list[str]] = field(default_factory=dict)
    name_identifies: bool = False
    attributes: dict[str, str] = field(default_factory=dict)
    kept_codes: list[str] = field(default_factory=list)  # kinds of study codes left as they are


def metadata_segments(document: ParsedDocument) -> list[Segment]:
    """The document's metadata as extra segments: the humanised name, then each attribute."""
    values = [humanise(document.name), *document.attributes.values()]
    return [Segment(-1 - i, "", "other", value) for i, value in enumerate(values)]


def read_metadata(document: ParsedDocument, done: Sequence[DeidentifiedSegment]) -> MetadataResult:
    """Settle the metadata from its deidentified segments (as made by
    :func:`metadata_segments`)."""
    result = MetadataResult()
    name, *values = done
    if name.replacements:
        result.name_identifies = True
        result.found[NAME_FIELD] = sorted({r.kind for r in name.replacements})
    for (key, original), segment in zip(document.attributes.items(), values, strict=True):
        kept = [r for r in segment.replacements if not _study_code(r, original)]
        result.kept_codes += [r.kind for r in segment.replacements if r not in kept]
        result.attributes[key] = _apply(original, kept)
        if kept:
            result.found[key] = sorted({r.kind for r in kept})
    return result


def deidentify_documents(
    documents: Sequence[ParsedDocument],
    deidentifier: Deidentifier,
    progress: Callable[[int], None] | None = None,
) -> tuple[dict[str, DeidReport], dict[str, MetadataResult]]:
    """Replace identifiers in every segment's text and speaker label and in the attribute values,
    in place (the original text is not kept), and return each document's report and metadata
    findings by document name. Renaming a document whose name identifies is the caller's
    choice (it knows the other names in the project)."""
    extra = [metadata_segments(document) for document in documents]
    segments = [list(d.segments) + meta for d, meta in zip(documents, extra, strict=True)]
    reports: dict[str, DeidReport] = {}
    metadata: dict[str, MetadataResult] = {}
    results = deidentifier.iterate(segments, progress)
    for document, result in zip(documents, results, strict=True):
        body = result.segments[: len(document.segments)]
        for segment, done in zip(document.segments, body, strict=True):
            segment.text = done.text
            segment.speaker = done.speaker
        found = read_metadata(document, result.segments[len(document.segments) :])
        document.attributes = found.attributes
        _uncount(result.report, found.kept_codes)
        result.report.metadata = found.found
        reports[document.name] = result.report
        metadata[document.name] = found
    return reports, metadata


def scan_metadata(
    documents: Sequence[ParsedDocument],
    deidentifier: Deidentifier,
    progress: Callable[[int], None] | None = None,
) -> list[DeidentifiedDocument]:
    """What :func:`deidentify_documents` would do, without changing anything: each document's
    result covers its segments; its report says what the metadata holds."""
    extra = [metadata_segments(document) for document in documents]
    segments = [list(d.segments) + meta for d, meta in zip(documents, extra, strict=True)]
    results = []
    for document, result in zip(documents, deidentifier.iterate(segments, progress), strict=True):
        found = read_metadata(document, result.segments[len(document.segments) :])
        _uncount(result.report, found.kept_codes)
        result.segments = result.segments[: len(document.segments)]
        result.report.metadata = found.found
        results.append(result)
    return results


#: A study's own code for a participant, site or interview (``P01``, ``LE-03``, ``S2``): one
#: short token of letters and digits with both in it. Names have no digits; phone numbers, SSNs
#: and case numbers have no letters or are longer.
_STUDY_CODE = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9][A-Za-z0-9_-]{0,9}")


def _study_code(replacement: Replacement, value: str) -> bool:
    """An attribute value that is, as a whole, a study code is kept: the study chose it so as
    not to identify anyone."""
    return _STUDY_CODE.fullmatch(value.strip()) is not None


def _uncount(report: DeidReport, kinds: Sequence[str]) -> None:
    """Take study codes left as they are out of the report's counts of replacements."""
    for kind in kinds:
        report.mentions[kind] -= 1
        if not report.mentions[kind]:
            del report.mentions[kind]
            report.distinct.pop(kind, None)


def _apply(value: str, replacements: Sequence[Replacement]) -> str:
    pieces: list[str] = []
    cursor = 0
    for r in sorted(replacements, key=lambda r: r.start):
        pieces += [value[cursor : r.start], r.placeholder]
        cursor = r.end
    pieces.append(value[cursor:])
    return "".join(pieces)
