"""`qualcode reconcile`: from two coders' disagreements to a consensus."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import PROJECT, coder_list, default_reconciler, has_terminal, output
from qualcode.errors import QualcodeError


@click.command()
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
    from qualcode.project.reconciliation import ReconcileSession

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
    if not has_terminal():
        raise QualcodeError(
            "The reconciliation screen needs a terminal (standard input and output are not one "
            "here). Run it in a terminal window, or use --export and --import."
        )
    from qualcode.tui.app import ReconcileApp

    ReconcileApp(project, pair[0], pair[1], name).run()
