"""Team work: copies of a project on any backend, and merging a coder's work from another copy.

A team codes on one PostgreSQL server, or each coder on a copy (``qualcode copy``) that the lead
brings back (``qualcode merge``). See :mod:`qualcode.store.merge` for how a merge decides.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from qualcode.errors import QualcodeError
from qualcode.model import DatabaseURL, Location, check_coder, project_location
from qualcode.project.base import Project
from qualcode.store import Store, team
from qualcode.store.copy import copy_store, table_contents
from qualcode.store.merge import merge

#: ``--prefer``: which copy wins a conflict.
PREFER = ("ours", "theirs")


@dataclass(frozen=True)
class CopyResult:
    target: Location
    documents: int
    segments: int
    codings: int
    audit_entries: int


@dataclass(frozen=True)
class MergeResult:
    segments: int  # coder segments (codes, review mark, memo) taken from the other copy
    reconciliations: int
    notes: int
    audit_entries: int
    kept: int  # differences where this copy's version stays

    @property
    def changed(self) -> bool:
        return bool(self.segments or self.reconciliations or self.notes or self.audit_entries)


def copy_project(source: Location | str, target: Location | str) -> CopyResult:
    """Copy a project exactly (every table, ids, the audit log) to a new file or empty database."""
    origin = Store.open(project_location(source))
    try:
        copied = copy_store(origin, project_location(target))
    finally:
        origin.close()
    try:
        rows = table_contents(copied)
    finally:
        copied.close()
    return CopyResult(
        copied.path,
        len(rows["documents"]),
        len(rows["segments"]),
        len(rows["codings"]),
        len(rows["audit_log"]),
    )


def merge_copy(
    project: Project,
    other: Location | str,
    *,
    coder: str | None = None,
    prefer: str | None = None,
    actor: str,
) -> MergeResult:
    """Bring the work done in ``other`` (a copy of this project) into ``project``.

    Refuses, changing nothing, when the two are not copies of one project (documents, segments
    or codebook versions differ) or when the same coder changed the same segment in both since
    they were copied (unless ``prefer`` is ``"ours"`` or ``"theirs"``).
    """
    if coder is not None:
        check_coder(coder, "--coder")
    if prefer is not None and prefer not in PREFER:
        raise QualcodeError(f"--prefer: use one of {', '.join(PREFER)}.")
    location = project_location(other)
    if location == project.path:
        raise QualcodeError(f"{location}: a project cannot be merged into itself.")
    theirs = Store.open(location)
    try:
        plan = merge(project.store, theirs, coder=coder, prefer=prefer, actor=actor)
    finally:
        theirs.close()
    if plan.problems:
        raise QualcodeError(
            f"{location} is not a copy of {project.path}, so nothing was merged:\n"
            + "\n".join(plan.problems)
            + "\nMerge only copies made with `qualcode copy` of one project (add documents and "
            "revise the codebook in one copy, then copy it again)."
        )
    if plan.conflicts:
        raise QualcodeError(
            f"{len(plan.conflicts)} conflict(s): the same work was changed in {project.path} "
            f"and in {location} since they were copied, so nothing was merged:\n"
            + "\n".join(plan.conflicts)
            + "\nDecide which copy wins: run the merge again with --prefer ours (keep this "
            "copy's) or --prefer theirs (take the other copy's)."
        )
    return MergeResult(
        len(plan.take), len(plan.take_decisions), len(plan.notes), len(plan.audit), plan.kept
    )


# -- coder logins on a server ---------------------------------------------------------------


@dataclass(frozen=True)
class CoderLogin:
    coder: str
    login: str
    created_at: str


def add_coder(
    project: Project, coder: str, *, login: str | None = None, password: str | None = None
) -> tuple[CoderLogin, str]:
    """A login role for ``coder`` on the project's server; returns it and its password (the one
    given, or a generated one to hand to the coder once)."""
    check_coder(coder, "NAME")
    name = check_coder(login, "--login") if login is not None else coder
    if password is not None and len(password) < 8:
        raise QualcodeError("The password must have at least 8 characters.")
    secret = password if password is not None else secrets.token_urlsafe(18)
    team.add_login(
        project.store.engine, str(project.path), coder=coder, login=name, password=secret
    )
    created = next(entry for entry in list_coders(project) if entry.coder == coder)
    return created, secret


def list_coders(project: Project) -> list[CoderLogin]:
    return [
        CoderLogin(coder, login, created)
        for coder, login, created in team.logins(project.store.engine, str(project.path))
    ]


def remove_coder(project: Project, coder: str) -> str:
    """Remove the coder's login (the coder's codings stay); returns the login removed."""
    return team.remove_login(project.store.engine, str(project.path), coder)


def login_url(project: Project, login: str) -> str:
    """The project's URL for a coder's login (no password), to hand to the coder."""
    location = project.path
    if not isinstance(location, DatabaseURL):
        return str(location)
    return location.with_user(login)


def resolve_coder(project: Project, coder: str | None) -> str:
    """The coder working now: on a server, the coder bound to the login (naming another is
    refused); on a file, or as the project's owner, the one named with --coder."""
    bound = team.login_coder(project.store.engine)
    if bound is not None:
        if coder is not None and coder != bound:
            raise QualcodeError(
                f"--coder {coder}: this login belongs to coder {bound}, and a coder can work "
                f"only as themselves. Leave out --coder, or log in as {coder}."
            )
        return bound
    if coder is None:
        raise QualcodeError(
            "--coder: name the coder you are (e.g. --coder ana); codings are kept per coder."
        )
    return check_coder(coder, "--coder")
