"""`qualcode scan`: what deidentification would replace in transcripts (their text, file names
and front matter), without importing.

The same reading, segmenting and deidentifier as an import (:mod:`qualcode.project.importing`);
only the storing is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcode.deid.apply import scan_metadata
from qualcode.deid.engine import DeidentifiedDocument
from qualcode.formats.text import DEFAULT_MAX_BYTES
from qualcode.progress import Progress
from qualcode.project.importing import ImportOptions, deidentifier_for, parse_files


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
    options = ImportOptions("turn", encoding, max_bytes)
    parsed, _ = parse_files(files, options=options, progress=progress, verb="scanned")
    notes: list[str] = []
    deidentifier = deidentifier_for(allowlist, replace_org, notes)
    documents = [document for _, document in parsed]
    if progress:
        progress.start("Scanning", sum(len(d.segments) + 1 + len(d.attributes) for d in documents))
    results = scan_metadata(documents, deidentifier, progress.advance if progress else None)
    return [
        ScanResult(path, result) for (path, _), result in zip(parsed, results, strict=True)
    ], notes
