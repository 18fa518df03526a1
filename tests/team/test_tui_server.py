"""The coding UI on a team server, logged in as a coder: it codes as the login's coder, and a
server that goes away and comes back loses nothing the screen showed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from qualcode.model import DatabaseURL
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.documents import DocumentsScreen
from tests import pgserver
from tests.conftest import content, run
from tests.tui.conftest import CODEBOOK, TRANSCRIPT


def ana_codings(lead: str) -> list[tuple[int, str]]:
    tables = content(lead)
    numbers = {row[0]: row[2] for row in tables["segments"]}
    ana = next(row[0] for row in tables["coders"] if row[1] == "ana")
    return sorted((numbers[row[0]], row[2]) for row in tables["codings"] if row[1] == ana)


async def test_coding_on_a_server_through_an_outage(
    pg_server: pgserver.PostgresServer, pg_url: str, tmp_path: Path
) -> None:
    codebook = tmp_path / "ui.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert run("new", pg_url, "--codebook", codebook).exit_code == 0
    assert run("add", pg_url, tmp_path / "int01.txt", "--no-deidentify").exit_code == 0
    database = pg_url.rsplit("/", 1)[1]
    login = f"ana_{database}"
    added = run("team", "add-coder", pg_url, "ana", "--login", login)
    assert added.exit_code == 0, added.stderr
    password = added.stdout.strip().rsplit(" ", 1)[1]
    ana = DatabaseURL(pg_server.url(database, user=login, password=password))

    app = QualcodeApp(ana, "ana", keywords=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.press("j", "1", "l")
        await pilot.pause()
        app.writer.flush()
        await pilot.pause()
        assert ana_codings(pg_url) == [(2, "referral.law_enforcement")]
        assert "✓ saved" in str(screen.query_one("#status").render())

        pg_server.stop()
        try:
            await pilot.press("j", "j", "2", "r")
            deadline = time.monotonic() + 20
            while not app.writer.reconnecting:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)
            await pilot.pause()
            status = str(screen.query_one("#status").render())
            assert "not saved — reconnecting" in status
            assert "✓ saved" not in status
        finally:
            pg_server.start()
        app.writer.flush()
        await pilot.pause()
        assert "✓ saved" in str(screen.query_one("#status").render())
        assert ana_codings(pg_url) == [(2, "referral.law_enforcement"), (4, "challenges.resources")]
        await pilot.press("ctrl+q")
    run("team", "remove", pg_url, "ana")
