"""The import pipeline: read → segment → deidentify (in memory) → store.

``qualcode add`` runs all of it; ``qualcode scan`` runs the same reading and segmenting
(:func:`parse_files`) and the same deidentifier, then shows the result instead of storing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.errors import QualcodeError
from qualcode.formats.paths import resolved
from qualcode.formats.text import DEFAULT_MAX_BYTES, check_encoding
from qualcode.ingest.segment import segment_turns
from qualcode.ingest.selection import check_names, read_all, resolve_files
from qualcode.model import UNITS, ParsedDocument
from qualcode.progress import Progress

if TYPE_CHECKING:
    from qualcode.deid.engine import Deidentifier
    from qualcode.deid.report import DeidReport
    from qualcode.project.base import Project


@dataclass(frozen=True)
class AddResult:
    documents: list[ParsedDocument]
    notes: list[str] = field(default_factory=list)
    reports: dict[str, DeidReport] = field(default_factory=dict)
    #: Files whose name held an identifier -> the neutral document name they were given.
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def segments(self) -> int:
        return sum(len(document.segments) for document in self.documents)

    @property
    def words(self) -> int:
        return sum(document.word_count for document in self.documents)


@dataclass(frozen=True)
class ImportOptions:
    """How files are read and segmented (the options `add` and `scan` share)."""

    unit: str = "turn"
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def check_unit(unit: str) -> str:
    """The one check of a segmentation unit name (SPEC §6)."""
    if unit not in UNITS:
        raise QualcodeError(f"unknown unit '{unit}': use one of {', '.join(UNITS)}.")
    return unit


def parse_files(
    files: Sequence[Path],
    *,
    manifest: Path | None = None,
    attributes: dict[str, str] | None = None,
    options: ImportOptions = ImportOptions(),
    existing: set[str] | None = None,
    progress: Progress | None = None,
    verb: str = "imported",
) -> tuple[list[tuple[Path, ParsedDocument]], list[str]]:
    """Read and segment transcripts, all or none; returns (path, document) pairs and notes.

    ``existing`` is the set of document names already in the project: given, clashes with it
    and between the files are refused (a scan, which stores nothing, passes none).
    """
    unit = check_unit(options.unit)
    if options.encoding:
        check_encoding(options.encoding)
    paths, rows = resolve_files(files, manifest, options.encoding, verb=verb)
    if existing is not None:
        check_names(paths, existing)
    raws = read_all(paths, options.encoding, options.max_bytes, progress, verb=verb)
    notes: list[str] = []
    splitter = None
    if unit == "sentence":
        splitter, note = sentence_splitter()
        if note:
            notes.append(note)
    parsed = []
    for raw in raws:
        merged = dict(raw.attributes)
        if rows is not None:
            merged.update(rows[resolved(raw.path)].attributes)
        merged.update(attributes or {})
        segments = segment_turns(raw.turns, unit, splitter)
        document = ParsedDocument(raw.path.stem, raw.path.name, raw.format, unit, segments, merged)
        parsed.append((raw.path, document))
    return parsed, notes


def deidentifier_for(
    allowlist: Sequence[str] | None, replace_org: bool, notes: list[str]
) -> Deidentifier:
    """The deidentifier both pipelines use (``None``: the shipped allowlist); a pattern-only
    mode is noted in ``notes``."""
    from qualcode.deid.apply import no_model_note
    from qualcode.deid.engine import Deidentifier

    deidentifier = Deidentifier(allowlist, replace_org=replace_org)
    note = no_model_note(deidentifier)
    if note:
        notes.append(note)
    return deidentifier


def add_documents(
    project: Project,
    files: Sequence[Path],
    *,
    actor: str,
    manifest: Path | None = None,
    attributes: dict[str, str] | None = None,
    options: ImportOptions = ImportOptions(),
    deidentify: bool = True,
    replace_org: bool = True,
    keep_file_names: bool = False,
    progress: Progress | None = None,
) -> AddResult:
    """Read, segment, deidentify (in memory) and store transcripts; all of them or, on any
    problem, none. The original text of a deidentified transcript is never stored.

    Deidentification covers the metadata too: attribute values are deidentified like text, and
    a document whose file name holds an identifier is named ``docNNN`` instead (its file name
    is kept only with ``keep_file_names``).
    """
    parsed, notes = parse_files(
        files,
        manifest=manifest,
        attributes=attributes,
        options=options,
        existing=project.store.documents.names(),
        progress=progress,
    )
    documents = [document for _, document in parsed]
    del parsed  # nothing else holds the original text once it is deidentified below
    reports, renamed = deidentify_parsed(
        project,
        documents,
        notes,
        deidentify=deidentify,
        replace_org=replace_org,
        keep_file_names=keep_file_names,
        progress=progress,
    )
    insert_parsed(project, documents, reports, deidentified=deidentify, actor=actor)
    return AddResult(documents, notes, reports, renamed)


def deidentify_parsed(
    project: Project,
    documents: Sequence[ParsedDocument],
    notes: list[str],
    *,
    deidentify: bool = True,
    replace_org: bool = True,
    keep_file_names: bool = False,
    progress: Progress | None = None,
) -> tuple[dict[str, DeidReport], dict[str, str]]:
    """Deidentify parsed documents in place (text, speakers, attributes and identifying names);
    returns each document's report by its stored name and the renames. Nothing when
    ``deidentify`` is false."""
    reports: dict[str, DeidReport] = {}
    renamed: dict[str, str] = {}
    if not deidentify:
        return reports, renamed
    from qualcode.deid.apply import deidentify_documents

    deidentifier = deidentifier_for(project.allowlist_entries(), replace_org, notes)
    if progress:
        total = sum(len(d.segments) + 1 + len(d.attributes) for d in documents)
        progress.start("Deidentifying", total)
    reports, metadata = deidentify_documents(
        documents, deidentifier, progress.advance if progress else None
    )
    if not keep_file_names:
        identifying = [d for d in documents if metadata[d.name].name_identifies]
        renamed = neutral_names(identifying, project.store.documents.names(), documents)
        # The reports follow the documents in order; key them by the names now stored.
        reports = dict(zip((d.name for d in documents), reports.values(), strict=True))
    return reports, renamed


def insert_parsed(
    project: Project,
    documents: Sequence[ParsedDocument],
    reports: dict[str, DeidReport],
    *,
    deidentified: bool,
    actor: str,
) -> None:
    """Store parsed (and, unless told otherwise, deidentified) documents in one transaction."""
    project.store.documents.insert(
        documents,
        deidentified=deidentified,
        actor=actor,
        deid_reports={name: report.dumps() for name, report in reports.items()},
    )


def neutral_names(
    identifying: Sequence[ParsedDocument],
    existing: set[str],
    documents: Sequence[ParsedDocument],
) -> dict[str, str]:
    """Give each document whose file name holds an identifier the next free ``docNNN`` name
    (in place: its name and source name), returning original file name -> new name. The name
    is stored once and never changes, so segment ids stay stable."""
    taken = existing | {d.name for d in documents}
    renamed: dict[str, str] = {}
    number = 1
    for document in identifying:
        while f"doc{number:03d}" in taken:
            number += 1
        name = f"doc{number:03d}"
        taken.add(name)
        renamed[document.source_name] = name
        suffix = Path(document.source_name).suffix
        document.name, document.source_name = name, name + suffix
    return renamed


def sentence_splitter() -> tuple[Callable[[list[str]], list[list[str]]], str | None]:
    from qualcode.nlp import MODEL_NAMES, NO_MODEL_MESSAGE, sentence_pipeline

    pipeline = sentence_pipeline()

    def split(texts: list[str]) -> list[list[str]]:
        return [
            [sent.text.strip() for _, doc in parts for sent in doc.sents if sent.text.strip()]
            for parts in pipeline.pipe_in_pieces(texts, batch_size=256)
        ]

    note = None if pipeline.has_model else NO_MODEL_MESSAGE.format(names=", ".join(MODEL_NAMES))
    return split, note
