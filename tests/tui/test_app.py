"""The coding UI driven key by key (Textual Pilot), asserting on what reached the project file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot

from qualcode.codebook.keys import RESERVED_KEYS
from qualcode.tui.app import QualcodeApp
from qualcode.tui.bindings import APP_KEYS, CODING_KEYS, DOCUMENT_KEYS, single_characters
from qualcode.tui.screens.coding import CodingScreen, SegmentList
from qualcode.tui.screens.documents import DocumentsScreen

SIZE = (120, 40)


def codings(project: Path, coder: str = "ana") -> list[tuple[str, int, str]]:
    with sqlite3.connect(project) as connection:
        return connection.execute(
            "SELECT d.name, s.n, g.code_id FROM codings g JOIN segments s ON s.id = g.segment_id "
            "JOIN documents d ON d.id = s.document_id JOIN coders c ON c.id = g.coder_id "
            "WHERE c.name = ? ORDER BY 1, 2, 3",
            (coder,),
        ).fetchall()


def reviewed(project: Path, coder: str = "ana") -> list[int]:
    with sqlite3.connect(project) as connection:
        return [
            row[0]
            for row in connection.execute(
                "SELECT s.n FROM reviews r JOIN segments s ON s.id = r.segment_id "
                "JOIN coders c ON c.id = r.coder_id WHERE c.name = ? ORDER BY 1",
                (coder,),
            )
        ]


async def settle(app: QualcodeApp, pilot: Pilot[None]) -> None:
    """Wait until every change the screen made has been committed and reported."""
    await pilot.pause()
    app.writer.flush()
    await pilot.pause()


async def open_int01(app: QualcodeApp, pilot: Pilot[None]) -> CodingScreen:
    await pilot.pause()
    assert isinstance(app.screen, DocumentsScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, CodingScreen)
    return app.screen


async def test_family_key_then_code_key_writes_a_coding(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        await pilot.press("j", "1", "l")
        await settle(app, pilot)
        assert codings(ui_project) == [("int01", 2, "referral.law_enforcement")]
        status = str(screen.query_one("#status").render())
        assert "saved" in status and "Law enforcement applied on int01:2" in status
        with sqlite3.connect(ui_project) as connection:
            (version,) = connection.execute("SELECT codebook_version_id FROM codings").fetchone()
            audit = connection.execute(
                "SELECT actor, action, document, segment_n, code_id FROM audit_log "
                "WHERE detail = 'coding UI'"
            ).fetchall()
        assert version == 1
        assert audit == [("ana", "coding_added", "int01", 2, "referral.law_enforcement")]
        # Pressing the same chord again removes the code.
        await pilot.press("1", "l")
        await settle(app, pilot)
        assert codings(ui_project) == []


async def test_undo_and_redo(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_int01(app, pilot)
        await pilot.press("j", "1", "h", "j", "j", "2", "r")
        await settle(app, pilot)
        assert codings(ui_project) == [
            ("int01", 2, "referral.hotline"),
            ("int01", 4, "challenges.resources"),
        ]
        await pilot.press("u")
        await settle(app, pilot)
        assert codings(ui_project) == [("int01", 2, "referral.hotline")]
        await pilot.press("u")
        await settle(app, pilot)
        assert codings(ui_project) == []
        assert app.screen.current == 1  # undo moves to the segment it changed
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert codings(ui_project) == [("int01", 2, "referral.hotline")]


async def test_blind_double_coding_hides_the_other_coder(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        shown = " ".join(item.text for item in screen.query_one(SegmentList).items)
        assert "challenges.resources" not in shown  # ben's coding of int01:2
        assert all(not codes for codes in screen.document.state.codings.values())
        await pilot.press("escape")
        await pilot.pause()
        documents = app.screen
        assert isinstance(documents, DocumentsScreen)
        int01 = next(row for row in documents.rows if row.name == "int01")
        assert (int01.role, int01.double_coded, int01.reviewed) == ("primary", True, 0)
    ben = QualcodeApp(ui_project, "ben", keywords=False)
    async with ben.run_test(size=SIZE) as pilot:
        screen = await open_int01(ben, pilot)
        assert screen.document.codes(1) == {"challenges.resources"}


async def test_moving_on_and_space_mark_segments_reviewed(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_int01(app, pilot)
        await pilot.press("j", "j", "k", "space")
        await settle(app, pilot)
        # Left 1 and 2 forward; space on 2 (already reviewed) moves on to 3.
        assert reviewed(ui_project) == [1, 2]
        await pilot.press("space")
        await settle(app, pilot)
        assert reviewed(ui_project) == [1, 2, 3]
        assert codings(ui_project) == []


async def test_exclusive_family_keeps_one_code(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_int01(app, pilot)
        await pilot.press("j", "3", "h")
        await settle(app, pilot)
        await pilot.press("3", "b")
        await settle(app, pilot)
        assert codings(ui_project) == [("int01", 2, "outlook.bleak")]


async def test_code_picker_memo_and_search(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        await pilot.press("slash", *"tip line", "enter")
        await pilot.pause()
        assert screen.current == 3  # int01:4 mentions the tip line
        await pilot.press("c", *"hotl", "enter")
        await settle(app, pilot)
        assert codings(ui_project) == [("int01", 4, "referral.hotline")]
        await pilot.press("m", *"ask about the line", "enter")
        await settle(app, pilot)
        with sqlite3.connect(ui_project) as connection:
            memos = connection.execute("SELECT segment_id IS NOT NULL, text FROM memos").fetchall()
        assert memos == [(1, "ask about the line")]
        assert "✎ ask about the line" in screen.query_one(SegmentList).items[3].text


async def test_command_palette_toggles_a_code(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_int01(app, pilot)
        await pilot.press("j", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Toggle code: Resources")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert codings(ui_project) == [("int01", 2, "challenges.resources")]


async def test_help_lists_keys_and_codebook(ui_project: Path) -> None:
    from qualcode.tui.screens.help import HelpScreen

    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen)


async def test_keys_can_be_remapped(
    ui_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keymap = tmp_path / "keys.yaml"
    keymap.write_text("next_segment: x\n", encoding="utf-8")
    monkeypatch.setenv("QUALCODE_KEYS", str(keymap))
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        await pilot.press("x", "x")
        await pilot.pause()
        assert screen.current == 2


async def test_keyword_suggestions_highlight_but_never_apply(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        for _ in range(200):
            if screen.document.suggestions:
                break
            await pilot.pause(0.05)
        assert screen.document.suggestions[1] == {"referral.law_enforcement"}  # "detectives"
        assert screen.document.suggestions[3] == {"referral.hotline"}  # "tip line"
        assert "? likely: Hotline" in screen.query_one(SegmentList).items[3].text
        await settle(app, pilot)
        assert codings(ui_project) == []


def test_every_default_key_is_reserved_from_family_hotkeys() -> None:
    assert single_characters((*CODING_KEYS, *APP_KEYS, *DOCUMENT_KEYS)) <= RESERVED_KEYS


def test_bad_keymap_is_a_clear_error(tmp_path: Path) -> None:
    from qualcode.errors import QualcodeError
    from qualcode.tui.bindings import load_keymap

    path = tmp_path / "keys.yaml"
    path.write_text("nxt_segment: x\n", encoding="utf-8")
    with pytest.raises(QualcodeError, match="unknown ids: nxt_segment"):
        load_keymap(path)


async def test_document_memo_and_next_match(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        await pilot.press("M", *"whole interview rushed", "enter")
        await settle(app, pilot)
        with sqlite3.connect(ui_project) as connection:
            memos = connection.execute("SELECT segment_id IS NULL, text FROM memos").fetchall()
        assert memos == [(1, "whole interview rushed")]
        await pilot.press("slash", *"respondent", "enter")  # speakers match too
        await pilot.pause()
        assert screen.current == 1
        await pilot.press("n")
        await pilot.pause()
        assert screen.current == 3
        await pilot.press("n", "n")
        await pilot.pause()
        assert screen.current == 1  # wraps around
