"""Codebook commands: check, update, notes."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import PROJECT, default_reconciler, format_table
from qualcode.errors import QualcodeError


@click.group()
def codebook() -> None:
    """Check and revise codebooks, and list the notes on codes.

    \b
    Example:
      qualcode codebook check codebooks/labor_trafficking.yaml
      qualcode codebook update study.qualcode codebooks/labor_trafficking.yaml
      qualcode codebook notes study.qualcode
    """


@codebook.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def codebook_check(file: Path) -> None:
    """Validate a codebook; list every problem with file:line:column and exit 1.

    \b
    Example:
      qualcode codebook check codebooks/labor_trafficking.yaml
    """
    from qualcode.project import check_codebook

    checked = check_codebook(file)
    families = len(checked.families)
    click.echo(
        f"{file}: OK: '{checked.name}', {families} families, {len(checked.code_ids())} codes."
    )


@codebook.command("update")
@PROJECT
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def codebook_update(project: Path, file: Path) -> None:
    """Import a revised codebook as a new version of the project's codebook.

    Codes may be added and text edited freely. A code with codings that is missing from the new
    version is refused unless it is kept with `retired: true` or its new id says
    `renamed_from: OLD_ID` (its codings follow the rename).

    \b
    Example:
      qualcode codebook update study.qualcode codebooks/labor_trafficking.yaml
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        result = opened.update_codebook(file, actor="cli")
    if not result.changed:
        click.echo(f"{file}: identical to the project's current codebook; nothing to do.")
        return
    click.echo(f"Imported codebook version {result.version or '(unlabelled)'}.")
    for label, items in (
        ("added", result.added),
        ("retired", result.retired),
        ("removed (no codings)", result.removed),
    ):
        if items:
            click.echo(f"  {label}: {', '.join(items)}")
    for old, new_id in result.renamed.items():
        click.echo(f"  renamed: {old} -> {new_id}")


@codebook.command("notes")
@PROJECT
@click.option("--code", "code_id", metavar="ID", help="Add a note to this code (with --note).")
@click.option("--note", "text", help="The note's text.")
@click.option("--as", "author", metavar="NAME", help="Who writes the note (default: your login).")
def codebook_notes(
    project: Path, code_id: str | None, text: str | None, author: str | None
) -> None:
    """List notes on codes (\"definition unclear: ...\"), or add one.

    Reconcilers attach notes to codes from the reconciliation screen (key f); they are the
    agenda for the next codebook revision.

    \b
    Example:
      qualcode codebook notes study.qualcode
      qualcode codebook notes study.qualcode --code challenges.survivor_trust --note "vague"
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        if code_id or text:
            if not (code_id and text):
                raise QualcodeError("Give both --code and --note to add a note.")
            if code_id not in opened.codebook.code_ids():
                raise QualcodeError(f"--code {code_id}: no such code in the codebook.")
            opened.save_code_note(code_id, text, actor=author or default_reconciler())
        notes = opened.code_notes()
    if not notes:
        click.echo("No notes on codes yet.")
        return
    rows = [
        [n.code_id, n.author, n.at[:16].replace("T", " "), n.where or "", n.text] for n in notes
    ]
    click.echo(format_table(["code", "by", "when (UTC)", "where", "note"], rows))
