"""The coding UI's writer on a server that goes away: changes wait in order, "saved" only after
the commit, and everything is committed once the server is back."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from qualcode.project import open_project
from qualcode.project.coding import CodingSession
from qualcode.tui.writer import Reconnecting, Writer, Written
from tests import pgserver
from tests.conftest import TRANSCRIPT, content, run


class Inbox:
    """Stands in for the app: collects the writer's messages."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    def post_message(self, message: Any) -> bool:
        self.messages.append(message)
        return True


def wait_for(condition: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_changes_wait_for_the_server_and_commit_in_order(
    pg_server: pgserver.PostgresServer, pg_url: str, tmp_path: Path, mini_codebook: Path
) -> None:
    assert run("new", pg_url, "--codebook", mini_codebook).exit_code == 0
    (tmp_path / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert run("add", pg_url, tmp_path / "int01.txt", "--no-deidentify").exit_code == 0
    inbox = Inbox()
    with open_project(pg_url) as project:
        session = CodingSession(project, "ana")
        session.open(session.documents()[0].id, "int01")
        writer = Writer(inbox)  # type: ignore[arg-type]

        def toggle(index: int, code: str) -> None:
            change = session.toggle(index, code)
            session.apply(change)
            writer.submit(f"{code} on {index}", lambda: session.write(change))

        toggle(1, "referral.hotline")
        writer.flush()
        assert [(m.label, m.error) for m in inbox.messages] == [("referral.hotline on 1", None)]
        pg_server.stop()
        try:
            toggle(3, "challenges.resources")
            toggle(1, "referral.law_enforcement")
            wait_for(lambda: writer.reconnecting)
            time.sleep(0.5)
            assert writer.pending == 2
            assert writer.status("saved") == "not saved — reconnecting (2 waiting)"
            assert [type(m) for m in inbox.messages] == [Written, Reconnecting]
            assert "the connection to the server was lost" in inbox.messages[1].reason
        finally:
            pg_server.start()
        writer.flush()
        assert not writer.reconnecting
        assert writer.status("saved 12:00") == "✓ saved 12:00"
    written = [(m.label, m.error) for m in inbox.messages if isinstance(m, Written)]
    assert written == [
        ("referral.hotline on 1", None),
        ("challenges.resources on 3", None),
        ("referral.law_enforcement on 1", None),
    ]
    rows = content(pg_url)
    assert sorted(row[2] for row in rows["codings"]) == [
        "challenges.resources",
        "referral.hotline",
        "referral.law_enforcement",
    ]
    assert [(row[3], row[6]) for row in rows["audit_log"] if row[3] == "coding_added"] == [
        ("coding_added", "referral.hotline"),
        ("coding_added", "challenges.resources"),
        ("coding_added", "referral.law_enforcement"),
    ]


def test_a_real_database_error_is_not_retried(project: Path) -> None:
    inbox = Inbox()
    writer = Writer(inbox)  # type: ignore[arg-type]

    def broken() -> None:
        raise ValueError("bad change")

    writer.submit("broken", broken)
    writer.flush()
    assert [(m.label, m.error) for m in inbox.messages] == [("broken", "ValueError: bad change")]
    assert writer.settle(grace=0.1)


def test_a_project_file_locked_by_another_process_is_retried_not_dropped(
    project: Path, monkeypatch: Any
) -> None:
    """The same on a project file that another process keeps locked past the busy timeout:
    the change waits (it used to be reported NOT SAVED and dropped) and commits once free."""
    import sqlite3

    from qualcode.store import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 0.1)
    inbox = Inbox()
    with open_project(project) as opened:
        session = CodingSession(opened, "ana")
        session.open(session.documents()[0].id, "int01")
        writer = Writer(inbox)  # type: ignore[arg-type]
        change = session.toggle(1, "referral.hotline")
        session.apply(change)
        other = sqlite3.connect(project, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            writer.submit("hotline on 1", lambda: session.write(change))
            wait_for(lambda: writer.reconnecting)
            assert writer.status("saved") == "not saved — reconnecting (1 waiting)"
            assert "another qualcode process" in inbox.messages[0].reason
            other.execute("ROLLBACK")
        finally:
            other.close()
        writer.flush()
    assert [(m.label, m.error) for m in inbox.messages if isinstance(m, Written)] == [
        ("hotline on 1", None)
    ]
    with sqlite3.connect(project) as connection:
        assert connection.execute("SELECT code_id FROM codings").fetchall() == [
            ("referral.hotline",)
        ]
