"""A change is written where it was made, whatever document is open when the writer commits."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.documents import DocumentsScreen
from tests.conftest import run
from tests.tui.test_app import SIZE, codings, open_int01, settle

SHORT = "Interviewer: One question?\nRespondent: One answer.\n"


async def test_change_commits_to_its_own_document_after_another_is_opened(
    ui_project: Path, tmp_path: Path
) -> None:
    short = tmp_path / "int00.txt"  # sorts first: the document list's top row
    short.write_text(SHORT, encoding="utf-8")
    assert run("add", ui_project, short, "--no-deidentify").exit_code == 0
    app = QualcodeApp(ui_project, "ana", keywords=False, document="int01")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen) and screen.document.name == "int01"
        # Hold the writer so the change below is still queued when the other document opens.
        gate = threading.Event()
        app.writer.submit("held", gate.wait)
        await pilot.press("j", "j", "j", "j", "j", "1", "l")  # int01:6, the last turn
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen)
        await pilot.press("home", "enter")  # int00: two segments, shorter than index 5
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document.name == "int00"
        gate.set()
        await settle(app, pilot)
        status = str(app.screen.query_one("#status").render())
    assert "NOT SAVED" not in status and "saved" in status
    assert codings(ui_project) == [("int01", 6, "referral.law_enforcement")]
    with sqlite3.connect(ui_project) as connection:
        audit = connection.execute(
            "SELECT actor, action, document, segment_n, code_id, codebook_version_id "
            "FROM audit_log WHERE detail = 'coding UI'"
        ).fetchall()
    assert audit == [("ana", "coding_added", "int01", 6, "referral.law_enforcement", 1)]


async def test_undo_after_switching_documents_touches_only_the_open_one(
    ui_project: Path,
) -> None:
    """Opening a document starts a fresh undo history: undo never reaches back into the last."""
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_int01(app, pilot)
        await pilot.press("j", "1", "l")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "enter")  # int02
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen) and app.screen.document.name == "int02"
        await pilot.press("u")
        await settle(app, pilot)
    assert codings(ui_project) == [("int01", 2, "referral.law_enforcement")]
