"""Codings commands: import and export the codings CSV."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import OUTPUT, PROJECT, output


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
def codings_import(project: Path, csv_file: Path) -> None:
    """Load codings from CSV, all or nothing.

    The file is the complete coding of every (coder, document) pair it mentions: all segments of
    those documents count as reviewed by that coder, and the coder's earlier codings of those
    documents are replaced (the audit log keeps them). An empty code means "reviewed, nothing
    applies".

    \b
    Example:
      qualcode codings import study.qualcode sample_transcripts/codings.csv
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        result = opened.import_codings(csv_file, actor="cli")
    click.echo(
        f"Imported {result.written} codings for {result.pairs} coder/document pair(s)"
        + (f"; replaced {result.removed} earlier codings." if result.removed else ".")
    )


@codings.command("export")
@PROJECT
@OUTPUT
def codings_export(project: Path, out: Path | None) -> None:
    """Write all codings as CSV, in the form `codings import` reads.

    \b
    Example:
      qualcode codings export study.qualcode -o codings.csv
    """
    from qualcode.project import open_project

    with open_project(project, light=True) as opened, output(out) as handle:
        opened.export_codings(handle)
