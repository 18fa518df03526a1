"""Learnt suggestions on the coding screen: shown, accepted only with the key (audited as
accepted), never on a double-coded document."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from textual.pilot import Pilot

from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.suggestions import SuggestionPanel
from tests.tui.test_app import SIZE, codings, settle


def audit(project: Path) -> list[tuple[str, str, str, int, str, str]]:
    with sqlite3.connect(project) as connection:
        return connection.execute(
            "SELECT actor, action, document, segment_n, code_id, detail FROM audit_log "
            "WHERE action LIKE 'coding_%' AND actor = 'ana' ORDER BY id"
        ).fetchall()


async def wait_for_suggestions(pilot: Pilot[None], screen: CodingScreen) -> None:
    """Until the helper process has learnt the model and answered (a minute at most)."""
    deadline = time.monotonic() + 60
    while screen.code_suggestions is None and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert screen.code_suggestions is not None, screen.suggestion_note


async def test_suggestions_show_and_the_key_accepts_one_audited(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", document="int02")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await wait_for_suggestions(pilot, screen)
        await pilot.press("j")  # int02:2, "Mostly the sheriff's detectives bring them."
        await pilot.pause()
        panel = screen.query_one(SuggestionPanel)
        assert panel.has_class("on")
        # ben coded this very text (in int01) with Resources; the codebook names the sheriff.
        assert [s.code_id for s in panel.shown][:2] == [
            "challenges.resources",
            "referral.law_enforcement",
        ]
        best = panel.best
        assert best is not None and "detectives" in best.words
        shown = str(panel.render())
        assert f"Resources {best.score:.2f}" in shown and "Law enforcement" in shown
        assert "sheriff" in panel.shown[1].words
        await settle(app, pilot)
        assert codings(ui_project) == []  # shown, never applied by itself
        await pilot.press("a")
        await settle(app, pilot)
        assert codings(ui_project) == [("int02", 2, "challenges.resources")]
        assert audit(ui_project) == [
            (
                "ana",
                "coding_added",
                "int02",
                2,
                "challenges.resources",
                f"accepted from a suggestion (score {best.score:.2f})",
            )
        ]
        # The accepted code is the coder's own now: no longer suggested; undo is the coder's.
        assert panel.best is not None and panel.best.code_id == "referral.law_enforcement"
        await pilot.press("u")
        await settle(app, pilot)
        assert codings(ui_project) == []
        assert audit(ui_project)[-1][1:] == (
            "coding_removed", "int02", 2, "challenges.resources", "coding UI"
        )  # fmt: skip


async def test_nothing_is_suggested_on_a_double_coded_document(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", document="int01")  # ana and ben code it blind
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        for _ in range(40):  # the helper process answers keyword hints meanwhile
            await pilot.pause(0.05)
            if screen.document.suggestions:
                break
        assert screen.document.blind
        await pilot.press("j")
        await pilot.pause()
        panel = screen.query_one(SuggestionPanel)
        assert screen.code_suggestions is None  # never asked for
        assert panel.best is None
        assert "double-coded" in str(panel.render())
        await pilot.press("a")
        await settle(app, pilot)
        assert codings(ui_project) == []
        assert "no suggestion to accept" in str(screen.query_one("#status").render())


async def test_suggestions_are_relearnt_as_codings_accumulate(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", document="int02")
    app.RELEARN_EVERY = 1  # relearn after every change (20 by default)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await wait_for_suggestions(pilot, screen)
        # ben's three reviewed respondent segments of int01 (ana, its primary, has none yet).
        assert screen.suggestion_note == "learnt from 3 reviewed segments"
        await pilot.press("j", "a")
        await settle(app, pilot)
        deadline = time.monotonic() + 60
        while "4" not in screen.suggestion_note and time.monotonic() < deadline:
            await pilot.pause(0.05)
        # ana's accepted coding of int02:2 is learnt from now: int02 is hers alone.
        assert screen.suggestion_note == "learnt from 4 reviewed segments"
