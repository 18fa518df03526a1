"""`qualcode allowlist` and `qualcode scan`: the deidentification allowlist, and finding
identifiers in transcripts without importing them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from qualcode.cli.options import PROJECT, TerminalProgress, format_table, max_bytes
from qualcode.errors import QualcodeError


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@click.command()
@PROJECT
@click.option("--add", "add", multiple=True, metavar="TEXT", help="Keep this name (repeatable).")
@click.option(
    "--remove",
    "remove",
    multiple=True,
    metavar="TEXT",
    help="Take this entry off the list; a shipped entry is switched off for this project.",
)
def allowlist(project: Path, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Show or edit the names deidentification keeps: national hotlines, federal agencies,
    visa categories and laws (shipped), plus the project's own entries.

    An entry keeps every occurrence of the phrase (whole words; an entry in capitals such as
    ICE matches only in capitals). Changes apply to transcripts added afterwards.

    \b
    Example:
      qualcode allowlist study.qualcode
      qualcode allowlist study.qualcode --add "Polaris Project" --remove TPS
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        if add or remove:
            opened.change_allowlist(add, remove, actor="cli")
        entries = opened.allowlist()
        removed = opened.allowlist_removed()
    rows = [["shipped" if entry.shipped else "project", entry.text] for entry in entries]
    click.echo(format_table(["source", "entry"], rows))
    own = sum(1 for entry in entries if not entry.shipped)
    click.echo(f"\n{len(entries)} entries ({len(entries) - own} shipped, {own} added here).")
    if removed:
        click.echo(f"Shipped entries switched off for this project: {', '.join(removed)}.")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--show-values",
    is_flag=True,
    help="Also print the identifying text found, to the terminal only.",
)
@click.option(
    "--force-values",
    is_flag=True,
    help="With --show-values: print the values even when output is not a terminal.",
)
@click.option("--no-org", is_flag=True, help="Do not count names of organisations.")
@click.option(
    "--project",
    "project",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this project's allowlist instead of the shipped one.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--encoding", help="Text encoding of the files when not UTF-8/UTF-16 (e.g. cp1252).")
@click.option("--max-size", type=float, default=10.0, show_default=True, metavar="MB")
def scan(
    files: tuple[Path, ...],
    show_values: bool,
    force_values: bool,
    no_org: bool,
    project: Path | None,
    fmt: str,
    encoding: str | None,
    max_size: float,
) -> None:
    """Report likely identifiers in transcripts without importing them.

    For each file: how many identifiers of each type deidentification would replace, and
    whether the file would be flagged for review. The identifying text itself is shown only
    with --show-values, and only on a terminal: qualcode refuses to write it to a file or a
    pipe unless --force-values is also given.

    \b
    Example:
      qualcode scan transcripts/
      qualcode scan transcripts/int07.txt --show-values
    """
    if show_values and not force_values and not stdout_is_terminal():
        raise QualcodeError(
            "--show-values prints the original identifying text, and standard output is not a "
            "terminal (it would go to a file or another program, where it could be kept). Run "
            "the command in a terminal, or add --force-values if you mean to send the values "
            "there."
        )
    from qualcode.deid.placeholders import KINDS
    from qualcode.project.scan import scan as scan_files

    allowlist = None
    if project is not None:
        from qualcode.project import open_project

        with open_project(project) as opened:
            allowlist = opened.allowlist_entries()
    progress = TerminalProgress()
    try:
        results, notes = scan_files(
            list(files),
            allowlist=allowlist,
            replace_org=not no_org,
            encoding=encoding,
            max_bytes=max_bytes(max_size),
            progress=progress,
        )
    finally:
        progress.finish()
    for note in notes:
        click.echo(f"Note: {note}", err=True)
    if fmt == "json":
        records = [{"file": str(r.path), **r.document.report.to_json()} for r in results]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    header = ["file", "replaced", *KINDS, "review"]
    rows = [
        [
            str(r.path),
            str(r.document.report.replaced),
            *(str(r.document.report.mentions.get(kind, 0)) for kind in KINDS),
            "review" if r.document.report.review else "-",
        ]
        for r in results
    ]
    click.echo(format_table(header, rows))
    for r in results:
        if r.document.report.metadata:
            where = "; ".join(
                f"{field}: {', '.join(kinds)}"
                for field, kinds in r.document.report.metadata.items()
            )
            click.echo(f"{r.path}: identifiers outside the text ({where})")
        if r.document.report.review:
            click.echo(f"{r.path}: review: {'; '.join(r.document.report.reasons)}")
    if show_values:
        for r in results:
            click.echo(f"\n{r.path}")
            for placeholder, values in r.document.values.items():
                click.echo(f"  {placeholder:<12} {' | '.join(values)}")
            if r.document.name_like:
                click.echo(f"  possible names left: {', '.join(r.document.name_like)}")
