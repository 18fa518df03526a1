"""The import manifest: ``file,participant_id,role,site,...``, one row per transcript (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import InputFileError
from qualcode.formats.csvfile import read_csv
from qualcode.formats.paths import resolved
from qualcode.model import name_problem


@dataclass(frozen=True)
class ManifestRow:
    row: int
    file: str
    attributes: dict[str, str]

    def path(self, manifest: Path) -> Path:
        return resolved(manifest.parent / self.file)


def read_manifest(path: Path, encoding: str | None = None) -> list[ManifestRow]:
    """Parse and check a manifest (in ``encoding`` when the user names one, like the
    transcripts); every problem is listed in one error."""
    rows = read_csv(path, "manifest", encoding=encoding, encoding_option="--encoding")
    header_number, header = rows[0]
    columns = [cell.strip().lower() for cell in header]
    problems: list[str] = []
    if "file" not in columns:
        raise InputFileError(
            f"{path}: row {header_number}: the manifest has no 'file' column. The first row must "
            "name the columns, e.g. file,participant_id,role,site."
        )
    for index, name in enumerate(columns):
        if not name:
            problems.append(f"row {header_number}: column {index + 1} has no name")
        elif unprintable := name_problem(name):
            problems.append(f"row {header_number}: column {index + 1}, {name!a}, {unprintable}")
        elif columns.index(name) != index:
            problems.append(f"row {header_number}: column '{name}' appears twice")
    entries: list[ManifestRow] = []
    seen: dict[str, int] = {}
    for number, row in rows[1:]:
        if len(row) > len(columns):
            problems.append(
                f"row {number}: {len(row)} cells but the header has {len(columns)} columns"
            )
            continue
        cells = {name: value.strip() for name, value in zip(columns, row, strict=False)}
        file = cells.pop("file", "")
        if not file:
            problems.append(f"row {number}: the 'file' cell is empty")
            continue
        if file in seen:
            problems.append(f"row {number}: '{file}' is listed again (first in row {seen[file]})")
            continue
        seen[file] = number
        attributes = {name: value for name, value in cells.items() if name and value}
        entries.append(ManifestRow(number, file, attributes))
    if not entries and not problems:
        raise InputFileError(
            f"{path}: the manifest lists no files (only the header row). Add a row per "
            "transcript; nothing was imported."
        )
    if problems:
        listing = "\n".join(f"  {path}: {problem}" for problem in problems)
        raise InputFileError(
            f"{path}: the manifest has {len(problems)} problem(s):\n{listing}\n"
            "Fix the manifest and run the import again; nothing was imported."
        )
    return entries
