"""`qualcode freq`, `quotes` and `report`: findings by stakeholder role."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import BOOTSTRAP, OUTPUT, PROJECT, bootstrap_option, output
from qualcode.errors import QualcodeError

FORMATS = click.Choice(["table", "csv", "md", "json"])


def attribute_list(value: str) -> list[str]:
    return [part.strip().lower() for part in value.split(",") if part.strip()]


def source_options(function: click.decorators.FC) -> click.decorators.FC:
    function = click.option(
        "--include-interviewer", is_flag=True, help="Count interviewer segments too."
    )(function)
    function = click.option(
        "--consensus", is_flag=True, help="Use the reconciled consensus codings."
    )(function)
    function = click.option(
        "--coder",
        metavar="NAME",
        help="Use this coder's codings (default: each document's primary coder).",
    )(function)
    return function


@click.command()
@PROJECT
@click.option(
    "--by",
    default="role",
    show_default=True,
    metavar="ATTR[,ATTR]",
    help="Group documents by one attribute or two (comma-separated).",
)
@source_options
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@OUTPUT
def freq(
    project: Path,
    by: str,
    coder: str | None,
    consensus: bool,
    include_interviewer: bool,
    fmt: str,
    out: Path | None,
) -> None:
    """Code frequencies by stakeholder role (or any attribute), with denominators.

    Columns: group, family, code, label, mentions (segments coded), documents (documents with
    at least one mention), documents_in_group, pct_documents, family_mentions, pct_of_family. A
    total group is included and parent codes roll up their children.

    \b
    Example:
      qualcode freq study.qualcode --by role -o frequencies.csv --format csv
      qualcode freq study.qualcode --by role,site --coder ana
    """
    from qualcode.project import open_project
    from qualcode.reports.frequencies import COLUMNS
    from qualcode.reports.writers import write_table

    groups = attribute_list(by)
    with open_project(project, light=True) as opened:
        table = opened.frequency_table(
            groups, coder=coder, consensus=consensus, include_interviewer=include_interviewer
        )
    scope = "respondent segments" if table.respondent_only else "all segments"
    notes = [f"Source: {table.source}", f"Grouped by {', '.join(groups)}; counting {scope}."]
    if fmt == "csv":
        for note in notes:
            click.echo(note, err=True)
    meta = {
        "by": groups,
        "source": table.source,
        "respondent_only": table.respondent_only,
        "groups": table.groups,
    }
    with output(out) as handle:
        write_table(
            fmt,
            handle,
            COLUMNS,
            [row.values() for row in table.rows],
            title="Code frequencies",
            notes=notes,
            meta=meta,
        )


QUOTE_COLUMNS = ("code", "label", "group", "document", "participant_id", "segment_id",
                 "speaker", "text")  # fmt: skip


@click.command()
@PROJECT
@click.option(
    "--code",
    "codes",
    multiple=True,
    metavar="ID",
    help="Only this code (repeatable); a parent includes segments coded with its children.",
)
@click.option(
    "--by",
    default="role",
    show_default=True,
    metavar="ATTR[,ATTR]",
    help="The attribute(s) that name each quote's group.",
)
@source_options
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@OUTPUT
def quotes(
    project: Path,
    codes: tuple[str, ...],
    by: str,
    coder: str | None,
    consensus: bool,
    include_interviewer: bool,
    fmt: str,
    out: Path | None,
) -> None:
    """Every coded segment with its document, participant, attributes, code and text.

    Ordered by code (codebook order), then group, document and reading order.

    \b
    Example:
      qualcode quotes study.qualcode --code referral.law_enforcement --by role
      qualcode quotes study.qualcode --format csv -o quotes.csv
    """
    from qualcode.project import open_project
    from qualcode.reports.writers import write_table

    groups = attribute_list(by)
    with open_project(project, light=True) as opened:
        found, source = opened.quotes(
            list(codes),
            groups,
            coder=coder,
            consensus=consensus,
            include_interviewer=include_interviewer,
        )
    keys = sorted({key for quote in found for key in quote.attributes} - {"participant_id"})
    columns = (*QUOTE_COLUMNS, *keys)
    rows = [
        (
            q.code,
            q.label,
            q.group,
            q.document,
            q.participant_id,
            q.segment_id,
            q.speaker,
            q.text,
            *(q.attributes.get(key, "") for key in keys),
        )
        for q in found
    ]
    if fmt == "csv":
        click.echo(f"Source: {source}", err=True)
    with output(out) as handle:
        if fmt == "table":
            lines = [f"Quotes ({len(found)}); source: {source}", ""]
            for q in found:
                lines.append(f"{q.code} | {q.group} | {q.segment_id} ({q.participant_id or '-'})")
                lines.append(f"  {q.text}")
                lines.append("")
            handle.write("\n".join(lines))
        else:
            write_table(
                fmt,
                handle,
                columns,
                rows,
                title="Quotes",
                notes=[f"Source: {source}"],
                meta={"by": groups, "source": source},
            )


@click.command()
@PROJECT
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The HTML file to write.",
)
@click.option(
    "--by",
    default="role",
    show_default=True,
    metavar="ATTR[,ATTR]",
    help="Group documents by this attribute.",
)
@source_options
@click.option(
    "--title",
    metavar="TEXT",
    help='The report\'s title (default: "Findings: <codebook name>").',
)
@BOOTSTRAP
def report(
    project: Path,
    out: Path,
    by: str,
    coder: str | None,
    consensus: bool,
    include_interviewer: bool,
    title: str | None,
    ci: str,
    resamples: int,
    seed: int,
) -> None:
    """Write one self-contained HTML report: methods, frequencies, agreement and quotes.

    Sections: a methods paragraph (unit, segments counted, coders, sample, whose codings count
    and how disagreements were resolved); code frequencies by group with a heat map; per coder
    pair a kappa forest plot and a per-code agreement table with a key to its flags; quotes.
    The file has its charts inline and loads nothing from the network, so it opens offline and
    can be sent as it is.

    \b
    Example:
      qualcode report study.qualcode -o report.html
      qualcode report study.qualcode -o report.html --title "Year 1 findings" --ci bootstrap
    """
    from qualcode.project import open_project

    bootstrap = bootstrap_option(ci, resamples, seed)
    if title is not None and not title.strip():
        raise QualcodeError("--title: give a title, or leave --title out for the default.")
    with open_project(project, light=True) as opened:
        page = opened.html_report(
            attribute_list(by),
            coder=coder,
            consensus=consensus,
            include_interviewer=include_interviewer,
            title=title.strip() if title else None,
            bootstrap=bootstrap,
        )
    with output(out) as handle:
        handle.write(page)
    click.echo(f"Wrote {out} ({len(page.encode('utf-8')) // 1024} KB).", err=True)
