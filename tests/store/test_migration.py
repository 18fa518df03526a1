"""Schema migrations: a version-1 project (before reconciliation and the allowlist) is upgraded
on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qualcode.project import open_project
from tests.conftest import dump, run


def downgrade_to_version_1(path: Path) -> None:
    """Make ``path`` look exactly as qualcode 0.1 (schema 1) wrote it."""
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE allowlist")
        connection.execute("DROP TABLE consensus_codings")
        connection.execute("DROP TABLE reconciliations")
        connection.execute("DELETE FROM schema_migrations")
        connection.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (1, '2026-01-01T00:00:00')"
        )
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")


def test_a_version_1_project_is_upgraded_on_open(project: Path) -> None:
    downgrade_to_version_1(project)
    rows_before = [line for line in dump(project) if line.startswith('INSERT INTO "segments"')]
    with open_project(project) as opened:
        assert [entry.text for entry in opened.allowlist()][:1] == [
            "National Human Trafficking Hotline"
        ]
    with sqlite3.connect(project) as connection:
        versions = connection.execute("SELECT version FROM schema_migrations ORDER BY version")
        assert [v for (v,) in versions] == [1, 2, 3]
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert meta["schema_version"] == "3"
    assert {"allowlist", "reconciliations", "consensus_codings"} <= tables
    rows_after = [line for line in dump(project) if line.startswith('INSERT INTO "segments"')]
    assert rows_after == rows_before  # the documents are untouched
    result = run("allowlist", project, "--add", "Freedom Network USA")
    assert result.exit_code == 0
    assert "project  Freedom Network USA" in result.stdout


def test_upgrading_twice_changes_nothing(project: Path) -> None:
    downgrade_to_version_1(project)
    open_project(project).close()
    once = dump(project)
    open_project(project).close()
    assert dump(project) == once
