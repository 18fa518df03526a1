"""Which files an import (or a scan) reads: folders expanded, matched to manifest rows, and
document names checked for clashes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qualcode.errors import InputFileError, QualcodeError
from qualcode.formats.paths import file_problem, is_dir, resolved
from qualcode.ingest.files import FORMATS
from qualcode.ingest.manifest import ManifestRow, read_manifest
from qualcode.ingest.readers import RawTranscript, read_transcript
from qualcode.model import name_problem
from qualcode.progress import Progress


def resolve_files(
    files: Sequence[Path],
    manifest: Path | None,
    encoding: str | None = None,
    *,
    verb: str = "imported",
) -> tuple[list[Path], dict[Path, ManifestRow] | None]:
    """The transcript paths to import (directories expanded), matched to manifest rows.

    ``verb`` says in messages what did not happen ("imported", "scanned").
    """
    paths: list[Path] = []
    for given in files:
        if is_dir(given):
            found = sorted(p for p in given.iterdir() if p.suffix.lower() in FORMATS)
            if not found:
                raise InputFileError(
                    f"{given}: the folder has no transcripts ({', '.join(FORMATS)})."
                )
            paths.extend(found)
        else:
            paths.append(given)
    if manifest is None:
        if not paths:
            raise QualcodeError("Name the transcripts, or a --manifest that lists them.")
        return paths, None
    entries = read_manifest(manifest, encoding)
    _refuse_rows_of_one_file(manifest, entries, verb)
    if not paths:
        paths = [entry.path(manifest) for entry in entries]
        missing = [
            f"  {manifest}: row {e.row}: {e.file} {_missing(problem)} "
            f"(looked for {e.path(manifest)})"
            for e in entries
            if (problem := file_problem(e.path(manifest))) is not None
        ]
        if missing:
            raise InputFileError(
                f"{manifest}: the manifest lists files that cannot be read:\n"
                + "\n".join(missing)
                + "\nFix the paths (they are relative to the manifest's folder); nothing was "
                f"{verb}."
            )
        return paths, {entry.path(manifest): entry for entry in entries}
    by_path = {entry.path(manifest): entry for entry in entries}
    by_name: dict[str, list[ManifestRow]] = {}
    for entry in entries:
        by_name.setdefault(Path(entry.file).name, []).append(entry)
    matched: dict[Path, ManifestRow] = {}
    problems: list[str] = []
    for path in paths:
        absolute = resolved(path)
        row = by_path.get(absolute)
        if row is None and len(by_name.get(path.name, [])) == 1:
            row = by_name[path.name][0]
        if row is None:
            problems.append(f"  {path}: has no row in the manifest {manifest}")
        else:
            matched[absolute] = row
    used = {id(entry) for entry in matched.values()}
    for entry in entries:
        if id(entry) not in used:
            problems.append(f"  {manifest}: row {entry.row}: '{entry.file}' is not among the files")
    if problems:
        raise InputFileError(
            "The manifest and the files do not match:\n" + "\n".join(problems) + "\n"
            "Give every file a manifest row and every row a file (or name no files to import "
            f"everything the manifest lists); nothing was {verb}."
        )
    return [resolved(path) for path in paths], matched


def _refuse_rows_of_one_file(manifest: Path, entries: list[ManifestRow], verb: str) -> None:
    """Two rows naming one file in different words (``a.txt`` and ``./a.txt``) are refused,
    as two rows of the same words already are."""
    first: dict[Path, ManifestRow] = {}
    twice = []
    for entry in entries:
        earlier = first.setdefault(entry.path(manifest), entry)
        if earlier is not entry:
            twice.append(
                f"  {manifest}: row {entry.row}: '{entry.file}' is the same file as row "
                f"{earlier.row} ('{earlier.file}')"
            )
    if twice:
        raise InputFileError(
            f"{manifest}: the manifest lists a file twice:\n" + "\n".join(twice) + "\n"
            f"Keep one row per file; nothing was {verb}."
        )


def _missing(problem: str) -> str:
    """A manifest row's file problem, as the rest of a sentence naming the file."""
    return "does not exist" if problem == "no such file" else f"cannot be read: {problem}"


def check_names(paths: list[Path], existing: set[str]) -> None:
    """Document names (file names without extension) must be unique, and printable: a line
    break or an escape sequence in a name would break every table, CSV and terminal that
    shows it."""
    seen: dict[str, Path] = {}
    problems: list[str] = []
    for path in paths:
        name = path.stem
        unprintable = name_problem(name)
        if unprintable:
            shown = ascii(str(path))[1:-1]  # escaped, as the name itself cannot be shown
            problems.append(f"  {shown}: the document name {name!a} {unprintable}")
        elif name in existing:
            problems.append(f"  {path}: the project already has a document named '{name}'")
        elif name in seen:
            problems.append(f"  {path}: same document name '{name}' as {seen[name]}")
        seen.setdefault(name, path)
    if problems:
        raise InputFileError(
            "Document names (file names without extension) must be unique and printable:\n"
            + "\n".join(problems)
            + "\nRename the files; nothing was imported."
        )


def read_all(
    paths: list[Path],
    encoding: str | None,
    max_bytes: int,
    progress: Progress | None,
    *,
    verb: str = "imported",
) -> list[RawTranscript]:
    """Every transcript, or an error listing every file that cannot be read."""
    if progress:
        progress.start("Reading transcripts", len(paths))
    raws: list[RawTranscript] = []
    problems: list[str] = []
    for path in paths:
        try:
            raws.append(read_transcript(path, encoding=encoding, max_bytes=max_bytes))
        except InputFileError as exc:
            problems.append(str(exc))
        if progress:
            progress.advance(1)
    if problems:
        raise InputFileError(
            "\n".join(problems) + f"\nNothing was {verb}; fix these files and try again."
        )
    return raws
