"""`qualcode scan`: what deidentification would replace in transcripts, without importing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcode.deid.apply import no_model_note
from qualcode.deid.engine import DeidentifiedDocument, Deidentifier
from qualcode.ingest.files import DEFAULT_MAX_BYTES
from qualcode.ingest.segment import segment_turns
from qualcode.ingest.selection import read_all, resolve_files
from qualcode.progress import Progress


@dataclass(frozen=True)
class ScanResult:
    """What deidentification would replace in one file; ``document`` holds original values
    (memory only, for --show-values)."""

    path: Path
    document: DeidentifiedDocument


def scan(
    files: Sequence[Path],
    *,
    allowlist: Sequence[str] | None = None,
    replace_org: bool = True,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[list[ScanResult], list[str]]:
    """Find likely identifiers in transcripts without importing them (SPEC §4 `scan`)."""
    paths, _ = resolve_files(files, None)
    raws = read_all(paths, encoding, max_bytes, progress)
    deidentifier = Deidentifier(allowlist, replace_org=replace_org)
    note = no_model_note(deidentifier)
    documents = [segment_turns(raw.turns, "turn") for raw in raws]
    if progress:
        progress.start("Scanning", sum(len(document) for document in documents))
    results = deidentifier.run(documents, progress.advance if progress else None)
    return [ScanResult(raw.path, result) for raw, result in zip(raws, results, strict=True)], (
        [note] if note else []
    )
