"""The coding UI commands: demo, code."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import PROJECT, has_terminal
from qualcode.errors import QualcodeError
from qualcode.model import Location


@click.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("qualcode-demo"),
    show_default=True,
    help="Where to build the sample project.",
)
@click.option("--no-tui", is_flag=True, help="Print the sample project's summary only.")
@click.option(
    "--fresh",
    is_flag=True,
    help="Rebuild the sample project from the shipped data, discarding what was coded in it.",
)
def demo(directory: Path, no_tui: bool, fresh: bool) -> None:
    """Build the sample project (12 fictional interviews, two coders) and open the coding UI.

    The first run builds it from the shipped sample transcripts, manifest and codings; later runs
    reopen it with everything you coded (as coder `demo`). --fresh rebuilds it. With --no-tui
    the project's summary is printed instead.

    \b
    Example:
      qualcode demo --dir /tmp/qualcode-demo --no-tui
    """
    from qualcode.project.demo import build_demo, summary

    project, built = build_demo(directory, fresh=fresh)
    path = project.path
    if not built:
        click.echo(
            f"Reopened the sample project {path} with the work done in it "
            "(qualcode demo --fresh rebuilds it).",
            err=True,
        )
    terminal = has_terminal()
    if no_tui or not terminal:
        click.echo(summary(project))
        project.close()
        if not no_tui:
            click.echo(
                f"\nNo terminal here, so the coding UI was not opened. In a terminal: "
                f"qualcode code {path} --coder demo",
                err=True,
            )
        return
    project.close()
    from qualcode.tui.app import QualcodeApp

    QualcodeApp(path, "demo").run()
    click.echo(f"The sample project is {path}; every change you made is saved there.")


@click.command()
@PROJECT
@click.option(
    "--coder",
    help="Your coder name (codings are kept per coder); on a team server, the coder of your login.",
)
@click.option("--document", help="Open this document straight away.")
@click.option(
    "--no-keywords",
    is_flag=True,
    help="Do not highlight likely codes from keywords, nor show learnt suggestions.",
)
def code(project: Location, coder: str | None, document: str | None, no_keywords: bool) -> None:
    """Open the coding UI.

    Keys: j/k or arrows move, a family key then a code key toggles a code (1 then l), c picks a
    code by name, space marks a segment reviewed, u/ctrl+r undo/redo, m memo, / search, ? help,
    ctrl+q quit. Every change is saved at once. On double-coded documents you see only your own
    codes. Elsewhere, codes learnt from the team's codings are suggested under the segments; a
    applies the first (never applied otherwise).

    \b
    Example:
      qualcode code study.qualcode --coder ana
    """
    from qualcode.model import check_coder
    from qualcode.project import open_project
    from qualcode.project.team import resolve_coder

    if coder is not None:
        check_coder(coder, "--coder")
    with open_project(project) as opened:  # clear errors before the screen takes over
        coder = resolve_coder(opened, coder)
        if not has_terminal():
            raise QualcodeError(
                "The coding UI needs a terminal (standard input and output are not one here). "
                "Run `qualcode code` in a terminal window; to load codings from a file use "
                "`qualcode codings import`."
            )
        if document is not None and document not in opened.document_names():
            raise QualcodeError(
                f"--document {document}: no such document in {project}. "
                f"`qualcode documents {project}` lists them."
            )
    from qualcode.tui.app import QualcodeApp

    QualcodeApp(project, coder, keywords=not no_keywords, document=document).run()
