"""The project file (SPEC §3, §10): permissions, SQLite settings, schema version, audit log."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from qualcode.errors import ProjectError
from qualcode.project import open_project
from tests.conftest import run


def test_project_file_is_private_and_uses_wal(project: Path) -> None:
    assert stat.S_IMODE(project.stat().st_mode) == 0o600
    with sqlite3.connect(project) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("SELECT version FROM schema_migrations").fetchall() == [(3,)]
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    assert meta["application"] == "qualcode"
    assert meta["schema_version"] == "3"


def test_foreign_keys_are_enforced(project: Path) -> None:
    with open_project(project) as opened, opened.store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_audit_log_is_append_only(project: Path) -> None:
    with sqlite3.connect(project) as connection:
        actions = [row[0] for row in connection.execute("SELECT action FROM audit_log ORDER BY id")]
        assert actions == ["codebook_version", "document_added", "document_added"]
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE audit_log SET actor = 'mallory'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM audit_log")


def test_new_refuses_an_existing_file(project: Path, mini_codebook: Path) -> None:
    before = project.read_bytes()
    result = run("new", project, "--codebook", mini_codebook)
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert project.read_bytes() == before


def test_new_with_a_bad_codebook_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    result = run("new", tmp_path / "p.qualcode", "--codebook", bad)
    assert result.exit_code == 1
    assert "missing the required field 'families'" in result.stderr
    assert not (tmp_path / "p.qualcode").exists()


def test_opening_something_else_is_a_clear_error(tmp_path: Path) -> None:
    missing = run("documents", tmp_path / "none.qualcode")
    assert missing.exit_code == 1
    assert "no such project" in missing.stderr
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = run("documents", other)
    assert result.exit_code == 1
    assert "is not a qualcode project" in result.stderr
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert "is not a qualcode project" in run("documents", text).stderr


def test_newer_schema_is_refused(project: Path) -> None:
    with sqlite3.connect(project) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ProjectError, match="newer qualcode"):
        open_project(project)
