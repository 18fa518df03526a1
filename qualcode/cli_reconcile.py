"""`qualcode reconcile` and `qualcode codebook notes`: from disagreements to a consensus."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from qualcode.cli import PROJECT, cli, codebook, format_table, output
from qualcode.cli_agreement import coder_list
from qualcode.errors import QualcodeError


def default_reconciler() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = ""
    return name if name and name.isascii() and name[0].isalnum() else "reconciler"


@cli.command()
@PROJECT
@click.option("--coders", required=True, metavar="A,B", help="The two coders to reconcile.")
@click.option(
    "--export",
    "export_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the open disagreements to this CSV instead of opening the screen.",
)
@click.option(
    "--import",
    "import_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Apply the decisions filled into an exported CSV (all or nothing).",
)
@click.option("--as", "reconciler", metavar="NAME", help="Who reconciles (default: your login).")
def reconcile(
    project: Path,
    coders: str,
    export_path: Path | None,
    import_path: Path | None,
    reconciler: str | None,
) -> None:
    """Resolve two coders' disagreements into a consensus coding.

    Segments where the coders agree become consensus automatically. Without --export/--import
    this opens the reconciliation screen: it walks the disagreements, shows both coders' codes
    with the codes' definitions, and records a decision per segment: accept A (a), accept B (b),
    accept both (o), reject both (r: keep only what both applied) or edit (e), with a note.

    \b
    Example:
      qualcode reconcile study.qualcode --coders ana,ben
      qualcode reconcile study.qualcode --coders ana,ben --export open.csv
      qualcode reconcile study.qualcode --coders ana,ben --import open.csv
    """
    from qualcode.project import open_project
    from qualcode.reconcile import ReconcileSession

    pair = coder_list(coders) or []
    if len(pair) != 2:
        raise QualcodeError("--coders: name exactly two coders, e.g. --coders ana,ben.")
    if export_path and import_path:
        raise QualcodeError("Use --export or --import, not both at once.")
    name = reconciler or default_reconciler()
    with open_project(project) as opened:
        session = ReconcileSession(opened, pair[0], pair[1], name)
        if export_path:
            with output(export_path) as handle:
                count = session.export(handle)
            click.echo(
                f"Wrote {count} open disagreements to {export_path}; "
                f"{len(session.units) - len(session.disputes)} segments agree."
            )
            return
        if import_path:
            applied = session.import_decisions(import_path)
            click.echo(
                f"Applied {applied} decisions; {len(session.open_disputes)} "
                "disagreements remain open."
            )
            return
    from qualcode.tui.reconcile import ReconcileApp

    ReconcileApp(project, pair[0], pair[1], name).run()


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
            opened.store.save_code_note(
                author=author or default_reconciler(),
                code_id=code_id,
                text=text,
                document_id=None,
                segment_pk=None,
            )
        notes = opened.store.code_notes()
    if not notes:
        click.echo("No notes on codes yet.")
        return
    rows = [
        [n.code_id, n.author, n.at[:16].replace("T", " "), n.where or "", n.text] for n in notes
    ]
    click.echo(format_table(["code", "by", "when (UTC)", "where", "note"], rows))
