"""Codings as files: import a codings CSV (all or nothing), export every reviewed segment."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from qualcode.errors import InputFileError, QualcodeError
from qualcode.formats.codings import HEADER, CodingsFile, parse_codings
from qualcode.formats.csvfile import write_csv
from qualcode.model import segment_id

if TYPE_CHECKING:
    from qualcode.project.base import Project


#: ``--unlisted``: what the segments a (coder, document) pair does not list are.
UNLISTED = ("reviewed", "unreviewed")


@dataclass(frozen=True)
class CodingsImportResult:
    pairs: int
    removed: int
    written: int
    #: Lines for the user: codings of documents the coder is not assigned to.
    warnings: list[str] = field(default_factory=list)


def import_codings(
    project: Project, csv_path: Path, *, actor: str, unlisted: str | None = None
) -> CodingsImportResult:
    """Make a codings file the complete coding of each (coder, document) pair it names.

    A pair that lists every segment of its document (interviewer turns may be left out) marks
    them all reviewed. A pair that lists only some needs ``unlisted``: ``"reviewed"`` (a
    spreadsheet of only the coded segments of documents read in full) or ``"unreviewed"`` (only
    the listed segments were read: exactly what qualcode's export of unfinished work says).
    Without it the import is refused, naming the pairs, and nothing is written: an import never
    invents reviews (they are the units of agreement, SPEC §8).
    """
    if unlisted is not None and unlisted not in UNLISTED:
        raise QualcodeError(f"--unlisted: use one of {', '.join(UNLISTED)}.")
    store = project.store
    parsed = parse_codings(csv_path, store.documents.segment_index, store.codebooks.states())
    reviewed = reviewed_segments(project, csv_path, parsed, unlisted)
    removed, written = store.codings.replace(
        parsed.pairs,
        parsed.codings,
        actor=actor,
        codebook_version_id=store.codebooks.current().id,
        reviewed=reviewed,
    )
    return CodingsImportResult(
        len(parsed.pairs), removed, written, unassigned(project, parsed.pairs)
    )


def reviewed_segments(
    project: Project, csv_path: Path, parsed: CodingsFile, unlisted: str | None
) -> dict[tuple[str, str], set[int]]:
    """The segment numbers each pair marks reviewed; raises when a pair is partial and
    ``unlisted`` does not say what its other segments are."""
    documents = sorted({document for _, document in parsed.pairs})
    kinds: dict[str, dict[int, str]] = {document: {} for document in documents}
    for document in documents:
        for segment in project.store.documents.segments(document):
            kinds[document][segment.n] = segment.speaker_kind
    reviewed: dict[tuple[str, str], set[int]] = {}
    partial: list[str] = []
    for coder, document in sorted(parsed.pairs):
        listed = parsed.listed.get((coder, document), set())
        everything = set(kinds[document])
        needed = {n for n, kind in kinds[document].items() if kind != "interviewer"}
        if unlisted == "unreviewed":
            reviewed[(coder, document)] = listed
        elif unlisted == "reviewed" or needed <= listed:
            reviewed[(coder, document)] = everything
        else:
            partial.append(
                f"  {coder} on {document}: {len(listed & everything)} of {len(everything)} "
                f"segments listed ({len(needed - listed)} non-interviewer segments missing)"
            )
    if partial:
        raise InputFileError(
            f"{csv_path}: {len(partial)} coder/document pair(s) list only some of the "
            "document's segments:\n" + "\n".join(partial) + "\nSay what the unlisted segments "
            "are: `--unlisted reviewed` (the file lists only the coded segments of documents "
            "read in full) or `--unlisted unreviewed` (only the listed segments were read, as in "
            "an export of unfinished work). Nothing was imported."
        )
    return reviewed


def unassigned(project: Project, pairs: set[tuple[str, str]]) -> list[str]:
    """The imported (coder, document) pairs that contradict the assignments."""
    plan = project.store.assignments.all()
    lines = []
    for coder, document in sorted(pairs, key=lambda pair: (pair[1], pair[0])):
        assigned = [name for name, _ in plan.get(document, [])]
        if assigned and coder not in assigned:
            lines.append(f"  {document}: coded by {coder}, assigned to {', '.join(assigned)}")
    return lines


def export_codings(project: Project, out: IO[str]) -> int:
    rows = [
        (segment_id(document, n), coder, code or "")
        for document, n, coder, code in project.store.codings.export()
    ]
    write_csv(out, HEADER, rows)
    return len(rows)
