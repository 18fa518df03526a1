"""The coding UI's recovery journal: changes not yet committed survive a kill -9 while the server
is away, and the next start offers to save them (segment ids and codes only, never text)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from qualcode.model import DatabaseURL
from qualcode.project import open_project
from qualcode.project.coding import CodingSession
from qualcode.project.journal import RecoveryJournal, change_entry, replay, reviewed_entry
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.documents import DocumentsScreen
from qualcode.tui.screens.recovery import ReplayPrompt
from tests import pgserver
from tests.conftest import ROOT, TRANSCRIPT, content, run

DRIVER = """
import asyncio, sys, time
from pathlib import Path
from qualcode.model import DatabaseURL
from qualcode.tui.app import QualcodeApp

async def main():
    app = QualcodeApp(DatabaseURL(sys.argv[1]), "ana", keywords=False)
    flag = Path(sys.argv[2])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j", "1", "h")
        await pilot.pause()
        app.writer.flush()
        print("SAVED", flush=True)
        while not flag.exists():
            await asyncio.sleep(0.05)
        await pilot.press("j", "j", "2", "r")
        while not app.writer.reconnecting:
            await asyncio.sleep(0.05)
        print("QUEUED", app.writer.pending, flush=True)
        await asyncio.sleep(3600)

asyncio.run(main())
"""


def codings_of(location: str, coder: str = "ana") -> list[tuple[int, str]]:
    tables = content(location)
    numbers = {row[0]: row[2] for row in tables["segments"]}
    coder_id = next(row[0] for row in tables["coders"] if row[1] == coder)
    return sorted((numbers[row[0]], row[2]) for row in tables["codings"] if row[1] == coder_id)


def test_journal_entries_replay_once_on_either_backend(any_project: str) -> None:
    journal = RecoveryJournal(any_project, "ana")
    with open_project(any_project) as project:
        session = CodingSession(project, "ana")
        session.open(session.documents()[0].id, "int01")
        first = session.toggle(1, "referral.hotline")
        done = journal.record(change_entry(first))
        session.write(first)
        journal.done(done)
        journal.record(change_entry(session.toggle(3, "challenges.resources")))
        journal.record(reviewed_entry("int01", 3))
        journal.record(change_entry(session.toggle(1, "referral.law_enforcement")))
    text = journal.path.read_text(encoding="utf-8")
    assert "sheriff" not in text and "Money" not in text  # never transcript text
    assert oct(journal.path.stat().st_mode & 0o777) == "0o600"
    pending = RecoveryJournal(any_project, "ana").pending()
    assert [(e["kind"], e["n"]) for e in pending] == [("change", 4), ("reviewed", 3), ("change", 2)]
    with open_project(any_project) as project:
        assert replay(CodingSession(project, "ana"), pending) == 3
        assert replay(CodingSession(project, "ana"), pending) == 0  # nothing missing any more
    assert codings_of(any_project) == [
        (2, "referral.hotline"),
        (2, "referral.law_enforcement"),
        (4, "challenges.resources"),
    ]


async def test_kill_9_with_changes_queued_then_replay(
    pg_server: pgserver.PostgresServer, pg_url: str, tmp_path: Path, mini_codebook: Path
) -> None:
    assert run("new", pg_url, "--codebook", mini_codebook).exit_code == 0
    (tmp_path / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert run("add", pg_url, tmp_path / "int01.txt", "--no-deidentify").exit_code == 0
    flag = tmp_path / "server-stopped"
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, pg_url, str(flag)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QUALCODE_KEYS": "/nonexistent"},
    )
    assert driver.stdout is not None
    try:
        line = driver.stdout.readline()
        assert line.strip() == "SAVED", driver.stderr.read() if driver.stderr else line
        pg_server.stop()
        try:
            flag.touch()
            # Moving on marked int01:3 reviewed, then int01:4 got a code: both wait.
            assert driver.stdout.readline().split() == ["QUEUED", "2"]
            os.kill(driver.pid, signal.SIGKILL)
            driver.wait(timeout=10)
        finally:
            pg_server.start()
    finally:
        if driver.poll() is None:
            driver.kill()
    assert codings_of(pg_url) == [(2, "referral.hotline")]
    journal = RecoveryJournal(str(DatabaseURL(pg_url)), "ana")
    assert [(e["kind"], e["document"], e["n"], e.get("add")) for e in journal.pending()] == [
        ("reviewed", "int01", 3, None),
        ("change", "int01", 4, ["challenges.resources"]),
    ]

    app = QualcodeApp(DatabaseURL(pg_url), "ana", keywords=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplayPrompt)
        await pilot.press("y")
        deadline = time.monotonic() + 10
        while not isinstance(app.screen, DocumentsScreen):
            assert time.monotonic() < deadline
            await pilot.pause(0.05)
        await pilot.press("ctrl+q")
    assert codings_of(pg_url) == [(2, "referral.hotline"), (4, "challenges.resources")]
    tables = content(pg_url)
    numbers = {row[0]: row[2] for row in tables["segments"]}
    assert sorted(numbers[row[0]] for row in tables["reviews"]) == [1, 2, 3, 4]
    assert journal.pending() == []
