"""Codings commands: import and export the codings CSV."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import OUTPUT, PROJECT, output
from qualcode.model import Location


@click.group()
def codings() -> None:
    """Import and export codings as CSV (segment_id,coder,code).

    \b
    Example:
      qualcode codings import study.qualcode codings.csv
      qualcode codings export study.qualcode -o codings.csv
    """


@codings.command("import")
@PROJECT
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--unlisted",
    type=click.Choice(["reviewed", "unreviewed"]),
    help="What the segments of a coder's document that the file does not list are: read "
    "(the file lists only coded segments) or not read (unfinished work).",
)
def codings_import(project: Location, csv_file: Path, unlisted: str | None) -> None:
    """Load codings from CSV, all or nothing.

    The file is the complete coding of every (coder, document) pair it mentions: the coder's
    earlier codings of those documents are replaced (the audit log keeps them), and each row
    marks its segment reviewed. An empty code means "reviewed, nothing applies". When a pair
    lists only some of its document's segments (interviewer turns may be left out), say what
    the others are with --unlisted reviewed or --unlisted unreviewed; without it the file is
    refused. Codings of documents assigned to other coders are imported with a warning.

    \b
    Example:
      qualcode codings import study.qualcode sample_transcripts/codings.csv
      qualcode codings import study.qualcode half_done.csv --unlisted unreviewed
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        result = opened.import_codings(csv_file, actor="cli", unlisted=unlisted)
    if result.warnings:
        click.echo(
            "Warning: these codings contradict the assignments (imported all the same):\n"
            + "\n".join(result.warnings),
            err=True,
        )
    click.echo(
        f"Imported {result.written} codings for {result.pairs} coder/document pair(s)"
        + (f"; replaced {result.removed} earlier codings." if result.removed else ".")
    )


@codings.command("export")
@PROJECT
@OUTPUT
def codings_export(project: Location, out: Path | None) -> None:
    """Write all codings as CSV, in the form `codings import` reads.

    \b
    Example:
      qualcode codings export study.qualcode -o codings.csv
    """
    from qualcode.project import open_project

    with open_project(project, light=True) as opened, output(out) as handle:
        opened.export_codings(handle)
