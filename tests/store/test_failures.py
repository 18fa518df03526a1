"""When the database or the disk fails: a clear message, no traceback, no transcript text, and
the project (or somebody else's file) exactly as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

import qualcode.store.database
from tests.conftest import TRANSCRIPT, dump, run

SECRET = "Respondent: Detective Okonkwo-Vance drove the van from Fairhaven."


def with_pragma(monkeypatch: pytest.MonkeyPatch, pragma: Callable[[Any], None]) -> None:
    """Open every project with an extra setting applied to each new connection."""
    original = qualcode.store.database.sqlite_engine

    def engine(path: Path) -> Engine:
        created = original(path)
        event.listen(created, "connect", lambda connection, _record: pragma(connection))
        return created

    monkeypatch.setattr(qualcode.store.database, "sqlite_engine", engine)


def test_disk_full_during_an_import(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = tmp_path / "int09.txt"
    transcript.write_text("Interviewer: Go on.\n" + (SECRET + "\n") * 400, encoding="utf-8")
    before = dump(project)

    def full(connection: Any) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    with_pragma(monkeypatch, full)
    result = run("add", project, transcript, "--no-deidentify")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {project}: the disk is full, so this change was not saved; the project is as "
        "it was before the command. Free some space and run the command again.\n"
    )
    assert "Okonkwo" not in result.output and "Traceback" not in result.output
    monkeypatch.undo()
    assert dump(project) == before


def test_read_only_database(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dump(project)
    with_pragma(monkeypatch, lambda connection: connection.execute("PRAGMA query_only = ON"))
    result = run("allowlist", project, "--add", "Fairhaven Center")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {project}: the project cannot be written (the file, its folder or the disk is "
        "read-only). Copy it to a folder you can write to, or fix the permissions.\n"
    )
    monkeypatch.undo()
    assert dump(project) == before


def test_read_only_location_is_not_called_a_foreign_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a read-only disk the file is still recognised as a project; the message says why it
    cannot be opened (tests run as root, so the location is made read-only for qualcode)."""
    import os

    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: False if mode == os.W_OK else real_access(path, mode)
    )
    result = run("documents", project)
    assert result.exit_code == 1
    assert "the project cannot be written" in result.stderr
    assert "not a qualcode project" not in result.stderr


def test_a_foreign_sqlite_file_is_not_touched(tmp_path: Path) -> None:
    other = tmp_path / "other-app.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.execute("INSERT INTO notes (text) VALUES ('theirs')")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    for command in (("documents",), ("kappa",), ("codings", "export")):
        result = run(*command, other)
        assert result.exit_code == 1
        assert "is not a qualcode project" in result.stderr
    assert other.read_bytes() == before  # still journal mode DELETE: header byte 18 is 1
    assert before[18] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-app.sqlite"]


def test_a_foreign_file_with_a_meta_table(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    connection.execute("INSERT INTO meta VALUES ('application', 'something-else')")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    result = run("documents", other)
    assert result.stderr == f"Error: {other} is not a qualcode project.\n"
    assert other.read_bytes() == before


def test_a_damaged_project(project: Path) -> None:
    data = bytearray(project.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the second page: garbage
    project.write_bytes(bytes(data))
    result = run("documents", project)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {project}: the project file is damaged (")
    assert "Restore it from a backup; qualcode did not change it." in result.stderr
    assert project.read_bytes() == bytes(data)


def test_a_schema_version_that_is_not_a_number(project: Path) -> None:
    with sqlite3.connect(project) as connection:
        connection.execute("UPDATE meta SET value = 'three' WHERE key = 'schema_version'")
    before = dump(project)
    result = run("documents", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {project}: the project's schema version 'three' is not a number; the file was "
        "damaged or edited by another program. Restore it from a backup.\n"
    )
    assert dump(project) == before


def test_an_unexpected_error_shows_no_text_and_no_traceback(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = tmp_path / "int09.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise TypeError(f"cannot store {SECRET!r}")

    monkeypatch.setattr(qualcode.store.documents.DocumentQueries, "insert", broken)
    before = dump(project)
    result = run("add", project, transcript, "--no-deidentify")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: qualcode failed unexpectedly (TypeError); this is a bug."
    )
    assert "Okonkwo" not in result.output and "Traceback" not in result.output
    assert dump(project) == before
