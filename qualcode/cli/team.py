"""Team commands: copy a project between a file and a server, merge another copy's work."""

from __future__ import annotations

import sys

import click

from qualcode.cli.options import PROJECT, ProjectType
from qualcode.model import Location


@click.command()
@click.argument("source", type=ProjectType())
@click.argument("target", type=ProjectType())
def copy(source: Location, target: Location) -> None:
    """Copy a project exactly, between any two backends.

    SOURCE and TARGET are each a project file or a postgresql:// URL; TARGET must be a new file
    or an empty database. Everything is copied: documents, codebook versions, codings, review
    marks, memos, reconciliations and the audit log, with their ids. Use it to put a project on
    the team's server, or to take a copy home for offline coding and `qualcode merge` it back.

    \b
    Example:
      qualcode copy study.qualcode postgresql://lead@db.example.org/study
      qualcode copy postgresql://lead@db.example.org/study ana-laptop.qualcode
    """
    from qualcode.project.team import copy_project

    result = copy_project(source, target)
    click.echo(
        f"Copied {source} to {result.target}: {result.documents} document(s), "
        f"{result.segments} segments, {result.codings} codings, {result.audit_entries} audit "
        "entries."
    )


@click.command()
@PROJECT
@click.argument("other", type=ProjectType())
@click.option("--coder", help="Bring only this coder's work (default: everyone's).")
@click.option(
    "--prefer",
    type=click.Choice(["ours", "theirs"]),
    help="Which copy wins where the same work changed in both (default: list them, merge nothing).",
)
def merge(project: Location, other: Location, coder: str | None, prefer: str | None) -> None:
    """Bring the work done in another copy of this project into it.

    Codings, review marks, memos, reconciliation decisions and notes on codes come with their
    audit history. The copies must hold the same documents, segments and codebook versions.
    Where the same coder changed the same segment in both copies since they were copied, the
    conflicts are listed and nothing is merged unless --prefer says which copy wins. Merging
    the same copy again changes nothing.

    \b
    Example:
      qualcode merge study.qualcode ana-laptop.qualcode --coder ana
    """
    from qualcode.project import open_project
    from qualcode.project.team import merge_copy

    with open_project(project) as opened:
        result = merge_copy(opened, other, coder=coder, prefer=prefer, actor="cli")
    if not result.changed:
        click.echo(f"Nothing new in {other}; {project} is unchanged.")
        return
    click.echo(
        f"Merged from {other}: {result.segments} coder segment(s), {result.reconciliations} "
        f"reconciliation(s), {result.notes} note(s), {result.audit_entries} audit entries"
        + (f"; kept this copy's version of {result.kept}." if result.kept else ".")
    )


@click.group()
def team() -> None:
    """Coder logins on a team server (a project on PostgreSQL).

    Each coder gets a login of their own; the database then lets that login read the documents
    and codebook and read and write only that coder's codings, review marks and memos (blind
    double coding is enforced by the server), and never change or read the audit log.

    \b
    Example:
      qualcode team add-coder postgresql://lead@db.example.org/study ana
      qualcode team list postgresql://lead@db.example.org/study
    """


@team.command("add-coder")
@PROJECT
@click.argument("name")
@click.option("--login", help="The login's name on the server (default: the coder's name).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the login's password from standard input instead of generating one.",
)
def add_coder(project: Location, name: str, login: str | None, password_stdin: bool) -> None:
    """Create a login for a coder; prints a generated password once.

    \b
    Example:
      qualcode team add-coder postgresql://lead@db.example.org/study ana
      printf '%s' "$ANA_PASSWORD" | qualcode team add-coder URL ana --password-stdin
    """
    from qualcode.project import open_project
    from qualcode.project.team import add_coder as add
    from qualcode.project.team import login_url

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    with open_project(project) as opened:
        created, secret = add(opened, name, login=login, password=password)
        url = login_url(opened, created.login)
    click.echo(f"Created the login {created.login} for coder {created.coder}.")
    click.echo(f"The coder connects with: {url}")
    if password is None:
        click.echo(f"Password (shown only now; give it to {name} privately): {secret}")


@team.command("list")
@PROJECT
def list_coders(project: Location) -> None:
    """List the coders' logins.

    \b
    Example:
      qualcode team list postgresql://lead@db.example.org/study
    """
    from qualcode.cli.options import format_table
    from qualcode.project import open_project
    from qualcode.project.team import list_coders as entries

    with open_project(project) as opened:
        rows = [[e.coder, e.login, e.created_at[:19]] for e in entries(opened)]
    if not rows:
        click.echo(f"No coder logins yet. `qualcode team add-coder {project} NAME` adds one.")
        return
    click.echo(format_table(["coder", "login", "created"], rows))


@team.command("remove")
@PROJECT
@click.argument("name")
def remove_coder(project: Location, name: str) -> None:
    """Remove a coder's login (the coder's work stays in the project).

    \b
    Example:
      qualcode team remove postgresql://lead@db.example.org/study ana
    """
    from qualcode.project import open_project
    from qualcode.project.team import remove_coder as remove

    with open_project(project) as opened:
        login = remove(opened, name)
    click.echo(f"Removed the login {login} of coder {name}; the coder's work is kept.")
