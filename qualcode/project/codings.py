"""Codings as files: import a codings CSV (all or nothing), export every reviewed segment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from qualcode.formats.codings import HEADER, parse_codings
from qualcode.formats.csvfile import write_csv
from qualcode.model import segment_id

if TYPE_CHECKING:
    from qualcode.project.base import Project


@dataclass(frozen=True)
class CodingsImportResult:
    pairs: int
    removed: int
    written: int


def import_codings(project: Project, csv_path: Path, *, actor: str) -> CodingsImportResult:
    """Make a codings file the complete coding of each (coder, document) pair it names."""
    store = project.store
    parsed = parse_codings(csv_path, store.documents.segment_index, store.codebooks.states())
    removed, written = store.codings.replace(
        parsed.pairs,
        parsed.codings,
        actor=actor,
        codebook_version_id=store.codebooks.current().id,
    )
    return CodingsImportResult(len(parsed.pairs), removed, written)


def export_codings(project: Project, out: IO[str]) -> int:
    rows = [
        (segment_id(document, n), coder, code or "")
        for document, n, coder, code in project.store.codings.export()
    ]
    write_csv(out, HEADER, rows)
    return len(rows)
