"""Exchange commands: `export`, `codebook export`, `codebook convert`, and the report of
`new --from`.

`export` and `codebook export` choose the writer by the output file's extension from
:data:`EXPORTERS` and :data:`CODEBOOK_EXPORTERS`; a new format is one more entry.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from qualcode.cli.options import PROJECT, TerminalProgress, output
from qualcode.errors import QualcodeError

if TYPE_CHECKING:
    from typing import TextIO

    from qualcode.project import Project
    from qualcode.project.exchange import ImportReport


def _write_binary(path: Path, write: Callable[[TextIO], str]) -> str:
    with output(path) as handle:
        return write(cast("TextIO", handle))


def _qdpx(project: Project, path: Path) -> str:
    from qualcode.project.exchange import export_qdpx

    def write(handle: TextIO) -> str:
        summary = export_qdpx(project, handle.buffer)
        return (
            f"Wrote {path}: {summary.documents} document(s), {summary.selections} "
            f"selection(s) with {summary.codings} coding(s) by {summary.coders} coder(s), "
            f"{summary.notes} note(s) (REFI-QDA project, validated)."
        )

    return _write_binary(path, write)


def _qdc(project: Project, path: Path) -> str:
    from qualcode.project.exchange import export_qdc

    def write(handle: TextIO) -> str:
        count = export_qdc(project, handle.buffer)
        return f"Wrote {path}: {count} codes (REFI-QDA codebook, validated)."

    return _write_binary(path, write)


#: ``qualcode export``: output extension -> writer (project, path) -> the line to print.
EXPORTERS: dict[str, Callable[[Project, Path], str]] = {".qdpx": _qdpx}
#: ``qualcode codebook export``: output extension -> writer.
CODEBOOK_EXPORTERS: dict[str, Callable[[Project, Path], str]] = {".qdc": _qdc}


def _dispatch(
    exporters: dict[str, Callable[[Project, Path], str]], project: Path, out: Path, what: str
) -> None:
    writer = exporters.get(out.suffix.lower())
    if writer is None:
        supported = ", ".join(sorted(exporters))
        raise QualcodeError(
            f"-o {out}: {what} cannot write '{out.suffix or '(no extension)'}' files; name the "
            f"output with one of: {supported}."
        )
    from qualcode.project import open_project

    with open_project(project) as opened:
        message = writer(opened, out)
    click.echo(message)


OUT = click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write; its extension chooses the format.",
)


@click.command("export")
@PROJECT
@OUT
def export(project: Path, out: Path) -> None:
    """Export the project for another program (.qdpx: NVivo, ATLAS.ti, MAXQDA, QualCoder).

    A .qdpx (REFI-QDA) holds the codebook, the coders, every document's deidentified text,
    one selection per coded segment with each coder's codes, attributes as cases and memos as
    notes. Review marks on uncoded segments are not part of the standard and are left out.

    \b
    Example:
      qualcode export study.qualcode -o study.qdpx
    """
    _dispatch(EXPORTERS, project, out, "export")


@click.command("export")
@PROJECT
@OUT
def codebook_export(project: Path, out: Path) -> None:
    """Export the project's current codebook for another program (.qdc: REFI-QDA codebook).

    \b
    Example:
      qualcode codebook export study.qualcode -o codebook.qdc
    """
    _dispatch(CODEBOOK_EXPORTERS, project, out, "codebook export")


@click.command("convert")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
def codebook_convert(source: Path, target: Path) -> None:
    """Convert a codebook between REFI-QDA (.qdc) and qualcode YAML (.yaml), either way.

    Nested codes become families, codes and children; ids are made from the names;
    descriptions become definitions.

    \b
    Example:
      qualcode codebook convert nvivo_codes.qdc codebook.yaml
      qualcode codebook convert codebooks/labor_trafficking.yaml codebook.qdc
    """
    from qualcode.project.exchange import convert_codebook

    click.echo(convert_codebook(source, target))


def new_from_qdpx(
    project: Path,
    qdpx: Path,
    *,
    unit: str,
    deidentify: bool,
    sources: Path | None,
    fmt: str,
) -> None:
    """`new --from`: create the project and print what came in and what was lost."""
    from qualcode.project.exchange import create_from_qdpx

    progress = TerminalProgress()
    try:
        report = create_from_qdpx(
            project,
            qdpx,
            unit=unit,
            deidentify=deidentify,
            sources_dir=sources,
            progress=progress,
        )
    finally:
        progress.finish()
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(report_text(report))


def report_text(report: ImportReport) -> str:
    lines = [
        f"Created {report.project} from {report.file}"
        + (f" (made by {report.origin})" if report.origin else "")
        + ".",
        f"Codebook: {report.codes} codes, written to {report.codebook}.",
        f"Documents: {len(report.documents)} ({report.unit} segments"
        + (", deidentified" if report.deidentified else ", not deidentified")
        + f"), {sum(d.segments for d in report.documents)} segments.",
        f"Codings: {report.codings} segment codings by "
        f"{', '.join(c['coder'] for c in report.coders) or 'nobody'}; memos: {report.memos}; "
        f"notes on codes: {report.code_notes}.",
        f"Positions read as: {report.reading}.",
    ]
    if report.attributes:
        lines.append(f"Attributes: {', '.join(report.attributes)}.")
    if report.spanning:
        lines.append(
            f"{report.spanning} selection(s) spanned several segments; each segment they touch "
            "got the code."
        )
    for document in report.documents:
        where = f" (from '{document.source}')" if document.source != document.name else ""
        if document.kind == "PDF":
            where = f" (the text of the PDF '{document.source}')"
        elif document.kind != "text":
            where = f" (the transcript of the {document.kind} recording '{document.source}')"
        lines.append(
            f"  {document.name}: {document.segments} segments, {document.codings} codings{where}"
        )
    if report.lost:
        kinds = Counter(loss.kind for loss in report.lost)
        summary = ", ".join(f"{count} {kind}(s)" for kind, count in sorted(kinds.items()))
        lines.append(f"Lost: {summary}:")
        lines += [f"  {loss.kind} '{loss.name}': {loss.reason}" for loss in report.lost]
    else:
        lines.append("Lost: nothing.")
    lines += [f"Note: {note}" for note in report.notes]
    return "\n".join(lines)
