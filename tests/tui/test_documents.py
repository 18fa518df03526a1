"""The document list: its columns at each width, moving the cursor, opening by key and click."""

from __future__ import annotations

from pathlib import Path

import qualcode.tui.app as app_module
from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen, SegmentList
from qualcode.tui.screens.documents import COLUMNS, DocumentsScreen
from qualcode.tui.widgets.table import Column, Table, fit, layout
from tests.conftest import run

TITLES = [column.title for column in COLUMNS]


def shown_titles(width: int, natural: list[int]) -> list[tuple[str, int]]:
    return [(TITLES[index], size) for index, size in layout(COLUMNS, natural, width)]


def test_every_column_shows_when_there_is_room() -> None:
    natural = [8, 10, 4, 11, 9, 8, 8, 8]  # the test project's: 66 cells, 7 gaps of 2, 1 margin
    assert shown_titles(81, natural) == list(zip(TITLES, natural, strict=True))


def test_at_80_columns_participant_goes_first_and_progress_stays() -> None:
    natural = [8, 10, 4, 11, 9, 8, 8, 8]
    assert shown_titles(80, natural) == [
        ("document", 8),
        ("role", 10),
        ("site", 4),
        ("assigned", 9),
        ("segments", 8),
        ("reviewed", 8),
        ("progress", 8),
    ]


def test_long_names_cost_the_attributes_then_are_cut() -> None:
    natural = [40, 16, 10, 11, 9, 8, 8, 8]
    # The name counts at a third of the width (26 of 78): participant, site and role go; the
    # name then takes what is left, 78 - (9 + 8 + 8 + 8 + 4 gaps of 2 + 1) = 36.
    assert shown_titles(78, natural) == [
        ("document", 36),
        ("assigned", 9),
        ("segments", 8),
        ("reviewed", 8),
        ("progress", 8),
    ]
    # At 50 (the name counts 16): reviewed goes too; 50 - (9 + 8 + 8 + 6 + 1) = 18.
    assert shown_titles(50, natural) == [
        ("document", 18),
        ("assigned", 9),
        ("segments", 8),
        ("progress", 8),
    ]
    # 118 cells, 7 gaps and the margin: everything at 133.
    assert shown_titles(133, natural) == list(zip(TITLES, natural, strict=True))


def test_cells_are_padded_aligned_and_cut_with_an_ellipsis() -> None:
    assert fit("int01", 8, "left") == "int01   "
    assert fit("6", 4, "right") == "   6"
    assert fit("interview_with_a_long_name", 10, "left") == "interview…"
    assert fit("面談記録", 5, "left") == "面談…"  # wide characters: two cells each


async def test_columns_follow_the_terminal_width(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(Table)
        line = table.render_line(1).text
        assert line.split() == ["int01", "prosecutor", "primary", "⇄", "6", "0", "0%"]
        assert "participant" not in table.render_line(0).text
        assert table.render_line(0).text.rstrip().endswith("progress")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "participant" in table.render_line(0).text


async def test_keys_move_the_cursor_and_enter_opens_that_document(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(Table)
        await pilot.press("down")
        assert table.cursor == 1
        await pilot.press("down")  # the last row: stays
        assert table.cursor == 1
        await pilot.press("home")
        assert table.cursor == 0
        await pilot.press("end")
        assert table.cursor == 1
        await pilot.press("pageup")
        assert table.cursor == 0
        await pilot.press("pagedown", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document.name == "int02"
        await pilot.press("escape")
        await pilot.pause()
        # Back on the list, the cursor is where it was.
        assert isinstance(app.screen, DocumentsScreen)
        assert app.screen.query_one(Table).cursor == 1


async def test_a_click_picks_a_row_and_a_second_click_opens_it(ui_project: Path) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(Table)
        await pilot.click(Table, offset=(3, 0))  # the heading: nothing happens
        assert table.cursor == 0 and isinstance(app.screen, DocumentsScreen)
        await pilot.click(Table, offset=(3, 2))  # line 2 is the second document
        assert table.cursor == 1 and isinstance(app.screen, DocumentsScreen)
        await pilot.click(Table, offset=(3, 2))
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document.name == "int02"


async def test_a_long_list_scrolls_with_the_cursor(tmp_path: Path) -> None:
    codebook = Path(__file__).parents[2] / "codebooks"
    yaml_file = next(codebook.glob("*.yaml"))
    project = tmp_path / "many.qualcode"
    assert run("new", project, "--codebook", yaml_file).exit_code == 0
    for n in range(40):
        (tmp_path / f"doc{n:02d}.txt").write_text(
            "Interviewer: How are you?\nRespondent: Fine.\n", encoding="utf-8"
        )
    added = run("add", project, *sorted(tmp_path.glob("doc*.txt")), "--no-deidentify")
    assert added.exit_code == 0
    app = QualcodeApp(project, "ana", keywords=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(Table)
        assert table.page == 21  # 24 lines: title, heading, footer
        await pilot.press("pagedown")
        assert table.cursor == 21
        # The cursor row is the last line on screen.
        assert table.render_line(table.page).text.split()[0] == "doc21"
        await pilot.press("end")
        assert table.cursor == 39
        assert table.render_line(table.page).text.split()[0] == "doc39"
        await pilot.press("home")
        assert table.render_line(1).text.split()[0] == "doc00"


def test_a_column_that_may_not_shrink_is_never_cut() -> None:
    columns = (Column("a"), Column("b", drop=1))
    assert layout(columns, [30, 10], 20) == [(0, 30)]


class TypedAhead(QualcodeApp):
    """Opens the second document the moment the list is up, as a key typed ahead would."""

    CSS_PATH = Path(app_module.__file__).with_name("app.tcss")

    async def show_first_screen(self) -> None:
        await super().show_first_screen()
        self.coding_was_mounted = self.coding_screen.is_mounted
        row = self.session.documents()[1]
        self.open_document(row.id, row.name)


async def test_a_document_opened_before_the_coding_screen_is_up_still_opens(
    ui_project: Path,
) -> None:
    app = TypedAhead(ui_project, "ana", keywords=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.coding_was_mounted is False
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document.name == "int02"
        assert len(app.screen.query_one(SegmentList).items) == 6


async def test_the_list_and_the_first_document_need_no_full_store(ui_project: Path) -> None:
    # What writes need (SQLAlchemy, the full store) opens in the background only once the
    # first document is on screen, so neither the list nor the opening waits for it.
    app = QualcodeApp(ui_project, "ana", keywords=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        store = app.project.store
        assert store._full is None and not app.writes_prepared
        row = app.screen.rows[0]
        app.open_document(row.id, row.name)
        assert store._full is None
        assert app.coding_screen.document.blind  # int01 is double-coded
        for _ in range(500):
            await pilot.pause(0.01)
            if store._full is not None:
                break
        assert app.writes_prepared and store._full is not None
