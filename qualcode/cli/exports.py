"""`qualcode matrix`, `cooccur`, `memos`, `export` and `codebook export`: the data as
statisticians, co-authors and funders take it.

`export` and `codebook export` pick the writer by the output file's extension from a table
(:data:`qualcode.project.exports.EXPORTS`, :data:`~qualcode.project.exports.CODEBOOK_EXPORTS`);
a new format is one more entry there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.options import OUTPUT, PROJECT, binary_output, output
from qualcode.cli.reports import attribute_list
from qualcode.errors import QualcodeError

if TYPE_CHECKING:
    from qualcode.project.exports import Exporter

REQUIRED_OUTPUT = click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write; its extension picks the format.",
)


def coder_options(function: click.decorators.FC) -> click.decorators.FC:
    function = click.option(
        "--consensus", is_flag=True, help="Use the reconciled consensus codings."
    )(function)
    function = click.option(
        "--coder",
        metavar="NAME",
        help="Use this coder's codings (default: each document's primary coder).",
    )(function)
    return function


def _one_source(coder: str | None, consensus: bool) -> None:
    if coder is not None and consensus:
        raise QualcodeError("--coder and --consensus: give one of them, not both.")


@click.command()
@PROJECT
@coder_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
)
@click.option("--text", "with_text", is_flag=True, help="Add each segment's text.")
@OUTPUT
def matrix(
    project: Path,
    coder: str | None,
    consensus: bool,
    fmt: str,
    with_text: bool,
    out: Path | None,
) -> None:
    """The segment × code matrix: one row per respondent segment, one 0/1 column per code.

    Columns: segment_id, document, n, speaker, every document attribute, the text (with
    --text), then one column per code (codebook order), 1 where the code or one of its
    sub-codes was applied. Rows are the respondent segments of the documents the source of
    codings covers (as for `freq`: each document's primary coder or its consensus by default).

    \b
    Example:
      qualcode matrix study.qualcode -o matrix.csv
      qualcode matrix study.qualcode --consensus --text --format json -o matrix.json
    """
    from qualcode.project import open_project
    from qualcode.reports.matrix import write_matrix_csv, write_matrix_json

    _one_source(coder, consensus)
    with open_project(project) as opened:
        table = opened.matrix(coder=coder, consensus=consensus, with_text=with_text)
    if fmt == "csv":
        click.echo(f"Source: {table.source}", err=True)
    with output(out) as handle:
        (write_matrix_csv if fmt == "csv" else write_matrix_json)(table, handle)


@click.command()
@PROJECT
@click.option(
    "--by",
    metavar="ATTR[,ATTR]",
    help="Count within each group of documents of this attribute (and in total).",
)
@click.option(
    "--level",
    type=click.Choice(["segment", "document"]),
    default="segment",
    show_default=True,
    help="The unit where both codes must apply.",
)
@coder_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@OUTPUT
def cooccur(
    project: Path,
    by: str | None,
    level: str,
    coder: str | None,
    consensus: bool,
    fmt: str,
    out: Path | None,
) -> None:
    """Code co-occurrence: for each pair of codes, the units where both apply, with Jaccard.

    Columns: group, code_a, label_a, code_b, label_b, both (units where both apply), units_a,
    units_b (units where each applies), units (in the group) and jaccard = both / (units_a +
    units_b - both). A code and its own sub-codes are not paired. The table format lists the
    pairs that co-occur at least once, most frequent first; CSV and JSON list every pair.

    \b
    Example:
      qualcode cooccur study.qualcode
      qualcode cooccur study.qualcode --by role --level document --format csv -o cooccur.csv
    """
    from qualcode.project import open_project
    from qualcode.reports.cooccurrence import COLUMNS
    from qualcode.reports.writers import write_table

    _one_source(coder, consensus)
    groups = attribute_list(by) if by else []
    with open_project(project) as opened:
        table = opened.cooccurrence(groups, level=level, coder=coder, consensus=consensus)
    notes = [f"Source: {table.source}", f"Unit: {table.level}; respondent segments."]
    rows = table.rows
    if fmt == "table":
        rows = sorted((r for r in rows if r.both), key=lambda r: -r.both)
        notes.append(f"{len(rows)} pairs co-occur at least once.")
    elif fmt == "csv":
        for note in notes:
            click.echo(note, err=True)
    meta = {"by": groups, "level": table.level, "source": table.source}
    with output(out) as handle:
        write_table(
            fmt,
            handle,
            COLUMNS,
            [row.values() for row in rows],
            title="Code co-occurrence",
            notes=notes,
            meta=meta,
            digits=3,
        )


@click.command()
@PROJECT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "md"]),
    default="md",
    show_default=True,
)
@OUTPUT
def memos(project: Path, fmt: str, out: Path | None) -> None:
    """Every document memo, segment memo and code note: who, when, where, and the text.

    Columns (CSV): kind, coder, created_at, updated_at, document, segment_id, code, text.
    Markdown groups them by document.

    \b
    Example:
      qualcode memos study.qualcode -o memos.md
      qualcode memos study.qualcode --format csv -o memos.csv
    """
    from qualcode.project import open_project
    from qualcode.reports.memos import write_memos

    with open_project(project) as opened:
        found = opened.memos()
    with output(out) as handle:
        write_memos(fmt, found, handle)


@click.command()
@PROJECT
@REQUIRED_OUTPUT
def export(project: Path, out: Path) -> None:
    """Write the project as one file for another program; the extension picks the format.

    \b
    .qdpx  REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder: the codebook, coders,
           deidentified documents, each coder's codes per segment, cases, memos as notes
    .xlsx  sheets: frequencies by role, agreement per code, quotes, the segment × code
           matrix, memos and the codebook
    .sav   SPSS: the segment × code matrix with variable and value labels
    .dta   Stata: the same
    .docx  a Word quote book, by family and code, with participant, role and segment id

    \b
    Example:
      qualcode export study.qualcode -o tables.xlsx
      qualcode export study.qualcode -o matrix.sav
      qualcode export study.qualcode -o study.qdpx
    """
    from qualcode.project.exchange import REFI_EXPORTS
    from qualcode.project.exports import EXPORTS

    _export(project, out, EXPORTS | REFI_EXPORTS, "qualcode export")


@click.command("export")
@PROJECT
@REQUIRED_OUTPUT
def codebook_export(project: Path, out: Path) -> None:
    """Write the codebook in use as a methods appendix (.md or .docx) or for another program
    (.qdc: a REFI-QDA codebook).

    Families, codes, definitions, when to use and not to use each code, and examples.

    \b
    Example:
      qualcode codebook export study.qualcode -o appendix.docx
      qualcode codebook export study.qualcode -o appendix.md
      qualcode codebook export study.qualcode -o codebook.qdc
    """
    from qualcode.project.exchange import REFI_CODEBOOK_EXPORTS
    from qualcode.project.exports import CODEBOOK_EXPORTS

    _export(project, out, CODEBOOK_EXPORTS | REFI_CODEBOOK_EXPORTS, "qualcode codebook export")


def _export(project: Path, out: Path, writers: dict[str, Exporter], command: str) -> None:
    from qualcode.project import open_project

    suffix = out.suffix.lower()
    writer = writers.get(suffix)
    if writer is None:
        known = ", ".join(sorted(writers))
        raise QualcodeError(
            f"{out}: {command} does not write '{suffix or 'files without an extension'}' "
            f"files. Name the output with one of: {known}."
        )
    with open_project(project) as opened, binary_output(out) as handle:
        summary = writer(opened, handle)
    click.echo(f"Wrote {out}: {summary}." if summary else f"Wrote {out}.", err=True)
