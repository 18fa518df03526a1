"""Coder logins on a server: what the database lets each login read and write (row-level
security), whatever program the coder connects with."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.exc import DBAPIError

from qualcode.model import DatabaseURL
from qualcode.project import open_project
from qualcode.project.team import resolve_coder
from tests import pgserver
from tests.conftest import TRANSCRIPT, content, run

PASSWORD = {"ana": "ana-Secret-1234", "ben": "ben-Secret-5678"}


@pytest.fixture
def team_project(
    pg_server: pgserver.PostgresServer, pg_url: str, tmp_path: Path, mini_codebook: Path
) -> Iterator[dict[str, str]]:
    """A project on the server, int01 assigned to ana and ben, each coding it; logins for both."""
    assert run("new", pg_url, "--codebook", mini_codebook).exit_code == 0
    (tmp_path / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert run("add", pg_url, tmp_path / "int01.txt", "--no-deidentify").exit_code == 0
    database = pg_url.rsplit("/", 1)[1]
    urls = {"lead": pg_url}
    for coder in ("ana", "ben"):
        login = f"{coder}_{database}"
        result = run_stdin(
            PASSWORD[coder] + "\n",
            "team",
            "add-coder",
            pg_url,
            coder,
            "--login",
            login,
            "--password-stdin",
        )
        assert result.exit_code == 0, result.stderr
        assert PASSWORD[coder] not in result.stdout
        urls[coder] = pg_server.url(database, user=login, password=PASSWORD[coder])
    assert run("assign", pg_url, "--coders", "ana,ben", "--double", "1").exit_code == 0
    codings = tmp_path / "c.csv"
    codings.write_text(
        "segment_id,coder,code\nint01:2,ana,referral.hotline\nint01:4,ana,\n"
        "int01:2,ben,referral.law_enforcement\nint01:4,ben,challenges.resources\n",
        encoding="utf-8",
    )
    assert run("codings", "import", pg_url, codings).exit_code == 0
    yield urls
    for coder in ("ana", "ben"):
        run("team", "remove", pg_url, coder)


def run_stdin(text: str, *args: str | Path):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from qualcode.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], input=text, catch_exceptions=False)


@pytest.fixture
def as_ana(team_project: dict[str, str]) -> Iterator[sqlalchemy.Connection]:
    engine = sqlalchemy.create_engine(DatabaseURL(team_project["ana"]).driver_url())
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def refused(connection: sqlalchemy.Connection, statement: str, reason: str) -> None:
    with pytest.raises(DBAPIError, match=reason):
        connection.exec_driver_sql(statement)
    connection.rollback()


def test_a_coder_reads_the_material_and_only_their_own_work(
    as_ana: sqlalchemy.Connection, team_project: dict[str, str]
) -> None:
    sql = as_ana.exec_driver_sql
    assert sql("SELECT count(*) FROM segments").scalar() == 4
    assert sql("SELECT name FROM documents").scalars().all() == ["int01"]
    assert sql("SELECT count(*) FROM codes").scalar() == 3
    # ben's codings, review marks and memos on the document both code are invisible.
    assert sql(
        "SELECT c.name, g.code_id FROM codings g JOIN coders c ON c.id = g.coder_id"
    ).all() == [("ana", "referral.hotline")]
    assert sql(
        "SELECT DISTINCT c.name FROM reviews r JOIN coders c ON c.id = r.coder_id"
    ).scalars().all() == ["ana"]
    lead = content(team_project["lead"])
    assert len(lead["codings"]) == 3 and len(lead["reviews"]) == 8


def test_a_coder_cannot_write_as_another_coder(as_ana: sqlalchemy.Connection) -> None:
    sql = as_ana.exec_driver_sql
    ben = sql("SELECT id FROM coders WHERE name = 'ben'").scalar()
    segment = sql("SELECT min(id) FROM segments").scalar()
    refused(
        as_ana,
        f"INSERT INTO codings VALUES ({segment}, {ben}, 'referral.hotline', 1, '2026-01-01')",
        "row-level security",
    )
    refused(
        as_ana,
        f"INSERT INTO reviews VALUES ({segment}, {ben}, '2026-01-01')",
        "row-level security",
    )
    # ben's rows cannot be changed or deleted: they are not there for ana.
    assert sql(f"DELETE FROM codings WHERE coder_id = {ben}").rowcount == 0
    assert sql(f"UPDATE reviews SET reviewed_at = 'x' WHERE coder_id = {ben}").rowcount == 0
    ana = sql("SELECT id FROM coders WHERE name = 'ana'").scalar()
    refused(as_ana, f"UPDATE codings SET coder_id = {ben} WHERE coder_id = {ana}", "row-level")
    as_ana.commit()


FORBIDDEN = [
    "UPDATE documents SET name = 'x'",
    "DELETE FROM segments",
    "INSERT INTO codes VALUES ('x.y', 'x', NULL, 'X', 9, false)",
    "UPDATE codebook_versions SET yaml_text = ''",
    "DELETE FROM assignments",
    "INSERT INTO assignments VALUES (1, 1, 'primary', 'now')",
    "UPDATE audit_log SET actor = 'mallory'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "SELECT * FROM audit_log",
    "SELECT * FROM reconciliations",
    "SELECT * FROM qualcode_logins",
    "UPDATE meta SET value = '1'",
    "CREATE TABLE mine (x int)",
]


def test_a_coder_cannot_change_the_project_or_read_the_log(
    as_ana: sqlalchemy.Connection, team_project: dict[str, str]
) -> None:
    before = content(team_project["lead"])
    for statement in FORBIDDEN:
        refused(as_ana, statement, "permission denied")
    assert content(team_project["lead"]) == before


def test_a_coder_codes_through_qualcode_and_the_log_names_the_login(
    team_project: dict[str, str],
) -> None:
    from qualcode.project.coding import CodingSession

    with open_project(team_project["ana"]) as opened:
        coder = resolve_coder(opened, None)
        assert coder == "ana"
        session = CodingSession(opened, coder)
        overview = session.documents()
        session.open(overview[0].id, "int01")
        assert session.document is not None
        assert session.document.state.codings[session.document.segments[1].pk] == {
            "referral.hotline"
        }
        change = session.toggle(3, "challenges.resources")
        session.apply(change)
        session.write(change)
        memo = session.save_memo(1, "Hotline mentioned first.")
        memo()
    rows = content(team_project["lead"])
    database = team_project["lead"].rsplit("/", 1)[1]
    engine = sqlalchemy.create_engine(DatabaseURL(team_project["lead"]).driver_url())
    with engine.connect() as connection:
        last = connection.exec_driver_sql(
            "SELECT actor, action, login_role FROM audit_log ORDER BY id DESC LIMIT 2"
        ).all()
    engine.dispose()
    assert last == [
        ("ana", "memo_saved", f"ana_{database}"),
        ("ana", "coding_added", f"ana_{database}"),
    ]
    assert [row[5] for row in rows["memos"]] == ["Hotline mentioned first."]


def test_coder_defaults_to_the_login_and_another_is_refused(
    team_project: dict[str, str],
) -> None:
    result = run("code", team_project["ana"], "--coder", "ben")
    assert result.exit_code == 1
    assert "this login belongs to coder ana" in result.stderr
    assert PASSWORD["ana"] not in result.stderr
    with open_project(team_project["lead"]) as opened:
        assert resolve_coder(opened, "ben") == "ben"  # the owner names any coder


def test_team_list_remove_and_generated_passwords(
    pg_server: pgserver.PostgresServer, team_project: dict[str, str]
) -> None:
    lead = team_project["lead"]
    listing = run("team", "list", lead)
    assert listing.exit_code == 0
    database = lead.rsplit("/", 1)[1]
    assert [line.split()[:2] for line in listing.stdout.splitlines()[2:]] == [
        ["ana", f"ana_{database}"],
        ["ben", f"ben_{database}"],
    ]
    added = run("team", "add-coder", lead, "cy", "--login", f"cy_{database}")
    assert added.exit_code == 0, added.stderr
    secret = re.search(r"privately\): (\S+)$", added.stdout.strip())
    assert secret is not None
    assert f"postgresql://cy_{database}@127.0.0.1:{pg_server.port}/{database}" in added.stdout
    cy = pg_server.url(database, user=f"cy_{database}", password=secret.group(1))
    assert run("documents", cy).exit_code == 0
    again = run("team", "add-coder", lead, "cy")
    assert again.exit_code == 1 and "already has the login" in again.stderr
    removed = run("team", "remove", lead, "cy")
    assert removed.exit_code == 0
    gone = run("documents", cy)
    assert gone.exit_code == 1 and "password authentication failed" in gone.stderr
    assert secret.group(1) not in gone.stderr


def test_logins_are_for_servers_only(project: Path) -> None:
    result = run("team", "add-coder", project, "ana")
    assert result.exit_code == 1
    assert "is a project file: logins and their rules are for a project on a" in result.stderr
