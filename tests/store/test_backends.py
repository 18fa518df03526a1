"""The project on both backends: a file and a database on a PostgreSQL server (SPEC §4: PROJECT
is a file or a URL). The server is the session's throwaway one; each test has its own database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.exc import DBAPIError

from qualcode.errors import ProjectError
from qualcode.model import DatabaseURL
from qualcode.project import open_project
from tests import pgserver
from tests.conftest import CODEBOOK, SAMPLES, content, run


def test_new_add_and_documents_on_either_backend(any_project: str) -> None:
    result = run("documents", any_project)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["document", "role"]
    assert [line.split()[0] for line in lines[2:]] == ["int01", "int02"]
    rows = content(any_project)
    assert [row[1] for row in rows["documents"]] == ["int01", "int02"]
    assert len(rows["segments"]) == 8
    assert [row[3] for row in rows["audit_log"]] == [
        "codebook_version",
        "document_added",
        "document_added",
    ]


def test_new_refuses_a_project_that_exists(any_project: str, mini_codebook: Path) -> None:
    before = content(any_project)
    result = run("new", any_project, "--codebook", mini_codebook)
    assert result.exit_code == 1
    assert "already" in result.stderr
    assert content(any_project) == before


def test_audit_log_is_append_only_on_postgresql(pg_url: str, mini_codebook: Path) -> None:
    assert run("new", pg_url, "--codebook", mini_codebook).exit_code == 0
    engine = sqlalchemy.create_engine(DatabaseURL(pg_url).driver_url())
    try:
        with engine.connect() as connection:
            login = connection.exec_driver_sql(
                "SELECT actor, action, login_role FROM audit_log"
            ).all()
            assert login == [("system", "codebook_version", pgserver.SUPERUSER)]
            for statement in (
                "UPDATE audit_log SET actor = 'mallory'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
            ):
                with pytest.raises(DBAPIError, match="append-only"):
                    connection.exec_driver_sql(statement)
                connection.rollback()
            # The login role is the server's to write, not the client's.
            connection.exec_driver_sql(
                "INSERT INTO audit_log (at, actor, action, login_role) "
                "VALUES ('2026-01-01', 'x', 'note', 'someone_else')"
            )
            assert (
                connection.exec_driver_sql(
                    "SELECT login_role FROM audit_log WHERE action = 'note'"
                ).scalar()
                == pgserver.SUPERUSER
            )
    finally:
        engine.dispose()


def test_sqlite_settings_stay_on_files_only(any_project: str, backend: str) -> None:
    with open_project(any_project) as opened:
        assert opened.store.engine.dialect.name == backend
        with opened.store.engine.connect() as connection:
            if backend == "sqlite":
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            else:
                triggers = connection.exec_driver_sql(
                    "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname"
                ).scalars()
                assert list(triggers) == [
                    "audit_log_login_role",
                    "audit_log_no_change",
                    "audit_log_no_truncate",
                ]


def test_a_wrong_password_is_a_clear_message_without_it(
    pg_server: pgserver.PostgresServer, pg_url: str, mini_codebook: Path
) -> None:
    assert run("new", pg_url, "--codebook", mini_codebook).exit_code == 0
    secret = "Wr0ng-Secret-4711"
    wrong = pg_server.url(pg_url.rsplit("/", 1)[1], password=secret)
    result = run("documents", wrong)
    assert result.exit_code == 1
    assert "cannot connect to the project's database" in result.stderr
    assert "password authentication failed" in result.stderr
    assert secret not in result.stderr + result.stdout
    with pytest.raises(ProjectError) as caught:
        open_project(wrong)
    assert secret not in str(caught.value)
    assert secret not in repr(DatabaseURL(wrong))
    assert str(DatabaseURL(wrong)) == wrong.replace(f":{secret}", "")


def test_an_unreachable_server_is_a_clear_message_without_the_password() -> None:
    url = f"postgresql://coder:Hidden-Pass-93@127.0.0.1:{pgserver.free_port()}/study"
    result = run("kappa", url)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: postgresql://coder@127.0.0.1:"), result.stderr
    assert "cannot connect" in result.stderr
    assert "Hidden-Pass-93" not in result.stderr
    query = run("documents", "postgresql://127.0.0.1:1/study?password=Hidden-Pass-94")
    assert "Hidden-Pass-94" not in query.stderr
    assert "cannot connect" in query.stderr


def test_without_psycopg_a_url_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    result = run("documents", "postgresql://lead:S3cret@db.example.org/study")
    assert result.exit_code == 1
    assert "pip install 'qualcode[postgres]'" in result.stderr
    assert "S3cret" not in result.stderr
    assert result.stderr.startswith("Error: postgresql://lead@db.example.org/study:")


def test_a_folder_is_not_a_project(tmp_path: Path) -> None:
    result = run("documents", tmp_path)
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_every_command_gives_the_same_output_on_a_server(tmp_path: Path, pg_url: str) -> None:
    """The representative commands of SPEC §4 print the same on a file and on a server."""
    file = str(tmp_path / "study.qualcode")
    outputs: dict[str, list[str]] = {}
    for where in (file, pg_url):
        shown = str(DatabaseURL(where)) if where == pg_url else where
        steps = [
            ("new", where, "--codebook", CODEBOOK),
            ("add", where, "--manifest", SAMPLES / "manifest.csv"),
            ("documents", where),
            ("segments", where, "--document", "int03", "--format", "csv"),
            ("codings", "import", where, SAMPLES / "codings.csv"),
            ("codings", "export", where),
            ("assign", where, "--coders", "ana,ben", "--double", "0.5", "--seed", "3", "--force"),
            ("kappa", where, "--format", "csv"),
            ("kappa", where, "--coders", "ana,ben"),
            ("freq", where, "--by", "role"),
            ("freq", where, "--coder", "ana", "--format", "csv"),
            ("quotes", where, "--code", "referral.law_enforcement", "--format", "csv"),
        ]
        outputs[where] = []
        for step in steps:
            result = run(*step)
            assert result.exit_code == 0, (step[0], result.stderr)
            outputs[where].append((result.stdout + result.stderr).replace(shown, "PROJECT"))
    for step, on_file, on_server in zip(steps, outputs[file], outputs[pg_url], strict=True):
        assert on_file == on_server, step[:2]


def test_database_urls_never_show_their_password() -> None:
    url = DatabaseURL("postgresql+psycopg://lead:p%40ss:w0rd@db.example.org:5433/study")
    assert url.password == "p@ss:w0rd"
    assert str(url) == "postgresql://lead@db.example.org:5433/study"
    assert repr(url) == "DatabaseURL('postgresql://lead@db.example.org:5433/study')"
    assert url.driver_url().startswith("postgresql+psycopg://lead:p%40ss:w0rd@")
    assert url.name == "study"
    assert url.with_user("ana") == "postgresql://ana@db.example.org:5433/study"
    assert url.scrub("failed for p@ss:w0rd") == "failed for ***"
    service = DatabaseURL("postgresql:///study?service=team&password=hunter22")
    assert str(service) == "postgresql:///study?service=team"
    assert service.password == "hunter22"
    assert f"{DatabaseURL('postgres://u:x@h/d')}" == "postgres://u@h/d"
