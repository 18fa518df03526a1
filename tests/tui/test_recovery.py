"""Nothing shown on screen is lost when the project cannot be reached: the writer keeps changes
in order and retries, quitting keeps them in the recovery journal, the next start replays them.

The project is made unreachable by another connection holding its write lock (with a short
busy timeout), which the store reports exactly as it reports a server that went away.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from qualcode.model import Change
from qualcode.project.journal import RecoveryJournal, change_of, journal_path
from qualcode.store import engine
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.prompts import ReplayPrompt
from tests.conftest import ROOT
from tests.tui.test_app import SIZE, codings, open_int01, settle


@contextmanager
def write_lock(project: Path) -> Iterator[None]:
    """Another process's write transaction on the project, held until the block ends."""
    connection = sqlite3.connect(project, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def audit_codings(project: Path) -> list[tuple[str, str, int, str]]:
    with sqlite3.connect(project) as connection:
        return connection.execute(
            "SELECT action, document, segment_n, code_id FROM audit_log "
            "WHERE detail = 'coding UI' ORDER BY id"
        ).fetchall()


def change(n: int, add: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> Change:
    return Change("ana", 1, 1, "int01", 10 + n, n - 1, n, 1, add, remove)


# -- the journal ----------------------------------------------------------------------------


def test_journal_keeps_uncommitted_entries_in_order_and_no_text(tmp_path: Path) -> None:
    path = journal_path(str(tmp_path / "study.qualcode"), "ana")
    assert path == tmp_path / ".study.qualcode.ana.journal"
    journal = RecoveryJournal(path)
    first = journal.change(change(2, add=("referral.law_enforcement",)))
    second = journal.reviewed(1, [12, 13])
    third = journal.change(change(3, remove=("referral.hotline",)))
    journal.committed(first)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A new session (after a crash) sees what the old one never committed, in order.
    earlier = RecoveryJournal(path).pending()
    assert [record["entry"] for record in earlier] == [second, third]
    assert earlier[0] == {"entry": 1, "kind": "reviewed", "coder_id": 1, "segments": [12, 13]}
    assert change_of(earlier[1]) == change(3, remove=("referral.hotline",))
    # Ids and codes only: every value is a number, a code id, a coder or a document name.
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert set(record) <= {
            "entry",
            "committed",
            "kind",
            "segments",
            *Change.__dataclass_fields__,
        }
    journal.committed(second)
    journal.committed(third)
    assert not path.exists()  # nothing left to replay: the file is gone


def test_journal_survives_a_line_cut_short(tmp_path: Path) -> None:
    path = tmp_path / ".p.ana.journal"
    journal = RecoveryJournal(path)
    journal.change(change(2, add=("referral.hotline",)))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"entry":1,"kind":"chan')  # the process died mid-write
    again = RecoveryJournal(path)
    assert [record["entry"] for record in again.pending()] == [0]
    assert again.change(change(4, add=("referral.hotline",))) == 1  # numbering goes on


def test_a_server_projects_journal_path_never_holds_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    with_password = journal_path("postgresql://ana:s3cret@db.example/study", "ana")
    without = journal_path("postgresql://ana@db.example/study", "ana")
    assert with_password == without
    assert with_password.parent == tmp_path / "qualcode"
    assert "s3cret" not in str(with_password)


# -- the coding UI ----------------------------------------------------------------------------


async def test_changes_wait_in_order_while_the_project_is_locked_then_commit(
    ui_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 0.1)
    monkeypatch.setattr("qualcode.tui.writer.RETRY_PAUSES", (0.05,))
    app = QualcodeApp(ui_project, "ana", keywords=False)
    journal = app.writer.journal
    assert journal is not None
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        with write_lock(ui_project):
            await pilot.press("j", "1", "l", "1", "h", "1", "l")  # int01:2: add, add, remove
            for _ in range(100):
                await pilot.pause(0.02)
                if app.writer.retrying:
                    break
            await pilot.pause(0.05)
            status = str(screen.query_one("#status").render())
            assert "not saved — reconnecting" in status
            assert "waiting" in status
            assert codings(ui_project) == []  # nothing reached the project yet
            # int01:1 marked reviewed by moving on, then the three changes on int01:2.
            assert [r["kind"] for r in journal.pending()] == ["reviewed"] + ["change"] * 3
        await settle(app, pilot)
        status = str(screen.query_one("#status").render())
    assert "reconnecting" not in status and "✓ saved" in status
    # Applied in the order made: law_enforcement added, hotline added, law_enforcement removed.
    assert codings(ui_project) == [("int01", 2, "referral.hotline")]
    assert audit_codings(ui_project) == [
        ("coding_added", "int01", 2, "referral.law_enforcement"),
        ("coding_added", "int01", 2, "referral.hotline"),
        ("coding_removed", "int01", 2, "referral.law_enforcement"),
    ]
    assert not journal.path.exists()


async def test_quitting_while_unreachable_keeps_the_changes_and_says_where(
    ui_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 0.1)
    monkeypatch.setattr("qualcode.tui.writer.RETRY_PAUSES", (0.05,))
    monkeypatch.setattr(QualcodeApp, "QUIT_WAIT", 0.3)
    app = QualcodeApp(ui_project, "ana", keywords=False)
    journal = app.writer.journal
    assert journal is not None
    with write_lock(ui_project):
        async with app.run_test(size=SIZE) as pilot:
            await open_int01(app, pilot)
            await pilot.press("j", "1", "l")
            await pilot.pause(0.2)
            await pilot.press("ctrl+q")
            await pilot.pause(0.5)
    assert app.return_code == 1
    assert codings(ui_project) == []
    kept = [r for r in RecoveryJournal(journal.path).pending() if r["kind"] == "change"]
    assert [(r["document"], r["n"], r["add"]) for r in kept] == [
        ("int01", 2, ["referral.law_enforcement"])
    ]


def test_kill_9_with_changes_queued_then_the_next_start_replays_them(ui_project: Path) -> None:
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.tui.drive", str(ui_project), "ana", "j,1l,1h,j,2r",
         "--no-wait"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QUALCODE_KEYS": "/nonexistent"},
    )  # fmt: skip
    assert driver.stdin is not None and driver.stdout is not None
    try:
        assert driver.stdout.readline().strip() == "READY"
        with write_lock(ui_project):  # every change stays queued behind the lock
            driver.stdin.write("go\n")
            driver.stdin.flush()
            line = driver.stdout.readline()
            assert line.strip() == "PRESSED", driver.stderr.read() if driver.stderr else line
            os.kill(driver.pid, signal.SIGKILL)
            driver.wait(timeout=10)
    finally:
        if driver.poll() is None:
            driver.kill()
    assert driver.returncode == -signal.SIGKILL
    assert codings(ui_project) == []
    path = journal_path(str(ui_project), "ana")
    changes = [r for r in RecoveryJournal(path).pending() if r["kind"] == "change"]
    assert [(r["n"], r["add"]) for r in changes] == [
        (2, ["referral.law_enforcement"]),
        (2, ["referral.hotline"]),
        (3, ["challenges.resources"]),
    ]
    assert len(RecoveryJournal(path).pending()) == 4  # and int01:1 reviewed by moving on
    replay_on_start(ui_project, 4)
    assert codings(ui_project) == [
        ("int01", 2, "referral.hotline"),
        ("int01", 2, "referral.law_enforcement"),
        ("int01", 3, "challenges.resources"),
    ]
    assert len(audit_codings(ui_project)) == 3  # each change written once
    assert not path.exists()


def replay_on_start(project: Path, waiting: int) -> None:
    """Start the coding UI: it offers to save what the killed one left; r saves it."""

    async def run() -> None:
        app = QualcodeApp(project, "ana", keywords=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReplayPrompt)
            title = str(app.screen.query_one(".dialog-title").render())
            assert f"{waiting} change(s) were not saved" in title
            await pilot.press("r")
            await pilot.pause()
            await pilot.pause()
            assert not isinstance(app.screen, ReplayPrompt)
            notes = [n.message for n in app._notifications]
            assert f"{waiting} change(s) of the earlier session saved" in notes, notes
            await settle(app, pilot)

    asyncio.run(run())
