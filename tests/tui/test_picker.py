"""The code picker ranks as a coder expects and shows the definition; applied codes show by
label."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.codebook import load_codebook
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import SegmentList
from qualcode.tui.screens.prompts import CodePicker, fuzzy_score
from tests.conftest import CODEBOOK
from tests.tui.test_app import SIZE, open_int01, settle


def ranked(query: str) -> list[str]:
    codebook, _ = load_codebook(CODEBOOK)
    codes = [code for code in codebook.codes() if not code.retired]
    scored = [(fuzzy_score(query, c), i, c) for i, c in enumerate(codes)]
    return [c.id for s, _, c in sorted((s, i, c) for s, i, c in scored if s is not None)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("tvis", "services.legal_immigration.t_visa"),  # T + visa, before "Visa dependence"
        ("resou", "challenges.resources"),  # a label's start, before "Housing and shelter"
        ("lefor", "referral.law_enforcement"),  # letters in order: the closer match first
        ("visa", "lt_barriers.visa_dependence"),
        ("legim", "services.legal_immigration"),  # initials of the label's words
        ("hous", "services.housing"),
    ],
)
def test_picker_ranking(query: str, first: str) -> None:
    assert ranked(query)[0] == first


def test_every_code_is_found_by_its_label_and_unrelated_text_by_none() -> None:
    codebook, _ = load_codebook(CODEBOOK)
    for code in codebook.codes():
        if not code.retired:
            assert fuzzy_score(code.label[:6], code) is not None
    assert ranked("zzzq") == []


async def test_picker_shows_the_definition_and_segments_show_labels(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        await pilot.press("j", "c", *"hotl")
        await pilot.pause()
        assert isinstance(app.screen, CodePicker)
        shown = str(app.screen.query_one("#picker-definition").render())
        assert shown == "referral.hotline: The referral came from a hotline."
        await pilot.press("enter")
        await settle(app, pilot)
        text = screen.query_one(SegmentList).items[1].text
        assert "✓ Hotline" in text and "referral.hotline" not in text


async def test_search_counts_highlights_and_does_not_mark_reviewed(ui_project: Path) -> None:
    from tests.tui.test_app import reviewed

    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        await settle(app, pilot)
        before = reviewed(ui_project)
        await pilot.press("slash", *"the", "enter")
        await settle(app, pilot)
        assert screen.current == 1
        status = str(screen.query_one("#status").render())
        assert "match 1/3 for 'the'" in status  # :2, :4 and the question :5
        await pilot.press("n")
        await settle(app, pilot)
        assert screen.current == 3
        assert "match 2/3 for 'the'" in str(screen.query_one("#status").render())
        await pilot.press("N")
        await settle(app, pilot)
        assert screen.current == 1
        assert reviewed(ui_project) == before  # jumping over segments is not reading them
        spans = screen.segment_item(3).paragraphs[0].spans
        assert any(text.casefold() == "the" and style.bgcolor for text, style in spans)


async def test_the_palette_lists_qualcode_actions_before_typing(ui_project: Path) -> None:
    from textual.command import CommandPalette

    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_int01(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(s.startswith("Undo — ") for s in shown)
        assert any(s.startswith("Toggle code: Hotline") for s in shown)
        assert any(s.startswith("Open document: int02") for s in shown)


async def test_small_screens_hide_the_definition_until_asked(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_int01(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        definition = screen.query_one("#definition")
        assert not definition.display
        status = str(screen.query_one("#status").render())
        assert status.startswith("Referral streams: press a code key (esc cancels)")
        await pilot.press("escape", "i")
        await pilot.pause()
        assert definition.display
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_int01(app, pilot)
        assert screen.query_one("#definition").display
        await pilot.press("i")
        await pilot.pause()
        assert not screen.query_one("#definition").display
