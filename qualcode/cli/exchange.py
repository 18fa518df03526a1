"""Exchange commands: `codebook convert` and the report of `new --from`. Writing `.qdpx` and
`.qdc` files is `export` and `codebook export` (:mod:`qualcode.cli.exports`)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.options import TerminalProgress

if TYPE_CHECKING:
    from qualcode.project.exchange import ImportReport


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
