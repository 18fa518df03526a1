"""A table of one-line rows drawn with Textual's line API, its columns fitted to the width.

Textual's ``DataTable`` measures every cell of every row before its first paint (about 0.3 s
for the 1,001-document list of ``bench/bench_tui.py``). Here a row is a tuple of strings, the
column widths are the longest cell of each column (found with ``len`` in one pass), and only
the rows on screen are drawn. When the columns do not fit, the least useful ones are left out
(each :class:`Column` says in which order) and the one column allowed to shrink is cut with an
ellipsis, so the columns that matter stay on screen at 80 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: Blank cells between two columns (one more before the first).
GAP = 2


@dataclass(frozen=True)
class Column:
    """A column's heading and how it behaves when the table is too narrow.

    ``drop``: the order in which columns are left out (1 first); ``None`` keeps the column.
    ``shrink``: the column cut with an ellipsis when the kept columns are still too wide.
    """

    title: str
    align: Literal["left", "right"] = "left"
    drop: int | None = None
    shrink: bool = False


def width_of(text: str) -> int:
    """Cells ``text`` takes on screen (``len`` for ASCII, the usual case)."""
    return len(text) if text.isascii() else cell_len(text)


def fit(text: str, width: int, align: Literal["left", "right"]) -> str:
    """``text`` padded to exactly ``width`` cells, or cut with an ellipsis."""
    size = width_of(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    padding = " " * (width - size)
    return padding + text if align == "right" else text + padding


def layout(columns: Sequence[Column], natural: Sequence[int], width: int) -> list[tuple[int, int]]:
    """The columns to show at ``width`` cells, as ``(column index, width)`` in column order.

    Columns are left out in their ``drop`` order until the rest fit, counting the shrinking
    column at a third of the width (or its natural width if smaller); that column then takes
    what is left, up to its natural width.
    """
    kept = list(range(len(columns)))
    shrinking = next((i for i, c in enumerate(columns) if c.shrink), None)

    def needed(indexes: list[int]) -> int:
        sizes = [
            min(natural[i], max(8, width // 3)) if i == shrinking else natural[i] for i in indexes
        ]
        return sum(sizes) + GAP * (len(indexes) - 1) + 1

    droppable = sorted(
        (c.drop, i) for i, c in enumerate(columns) if c.drop is not None and i != shrinking
    )
    for _, index in droppable:
        if needed(kept) <= width:
            break
        kept.remove(index)
    sizes = {i: natural[i] for i in kept}
    if shrinking is not None:
        others = sum(sizes[i] for i in kept if i != shrinking) + GAP * (len(kept) - 1) + 1
        sizes[shrinking] = max(1, min(natural[shrinking], width - others))
    return [(i, sizes[i]) for i in kept]


class Table(ScrollView, can_focus=True):
    """Rows of cells under a heading line that stays put; a cursor row moved with the arrow
    keys, page keys, home and end, or a click. Clicking the cursor row posts
    :class:`Table.Selected` (so a click picks a row, a second click opens it)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"table--header", "table--cursor", "table--stripe"}
    DEFAULT_CSS = """
    Table { background: $surface; color: $foreground; }
    Table > .table--header { text-style: bold; background: $panel; color: $foreground; }
    Table > .table--stripe { background: $surface-lighten-1 50%; }
    Table:dark > .table--stripe { background: $surface-darken-1 40%; }
    Table > .table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    Table:focus > .table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    class Selected(Message):
        """A row was clicked while it had the cursor."""

        def __init__(self, table: Table, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.rows: list[tuple[str, ...]] = []
        self.cursor = 0
        self.natural = [width_of(c.title) for c in self.columns]
        self._layout: tuple[int, list[tuple[int, int]]] = (-1, [])

    # -- content --------------------------------------------------------------------------

    def set_rows(self, rows: list[tuple[str, ...]], cursor: int = 0) -> None:
        """Show ``rows`` (one string per column), the cursor on row ``cursor``."""
        self.rows = rows
        natural = [width_of(c.title) for c in self.columns]
        for index in range(len(self.columns)):
            cells = [row[index] for row in rows]
            if all(cell.isascii() for cell in cells):
                longest = max(map(len, cells), default=0)
            else:
                longest = max(map(width_of, cells), default=0)
            natural[index] = max(natural[index], longest)
        self.natural = natural
        self._layout = (-1, [])
        self.virtual_size = Size(
            1, len(rows) + 1
        )  # never wider than the widget: no sideways scroll
        self.move_cursor(cursor)
        self.refresh()

    def shown(self, width: int) -> list[tuple[int, int]]:
        """The columns shown at ``width`` cells (see :func:`layout`), kept for that width."""
        if self._layout[0] != width:
            self._layout = (width, layout(self.columns, self.natural, width))
        return self._layout[1]

    # -- cursor ---------------------------------------------------------------------------

    @property
    def page(self) -> int:
        """Rows on screen (the heading takes the first line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, index: int) -> None:
        """Put the cursor on row ``index`` and scroll it into view."""
        self.cursor = max(0, min(len(self.rows) - 1, index))
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self.page:
            self.scroll_to(y=self.cursor - self.page + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self.page)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self.page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def on_resize(self, event: events.Resize) -> None:
        self.move_cursor(self.cursor)  # still in view at the new height

    def row_at(self, y: int) -> int | None:
        """The row drawn on line ``y`` of the widget (``None`` for the heading or below)."""
        index = y - 1 + int(self.scroll_offset.y)
        return index if y >= 1 and index < len(self.rows) else None

    def on_click(self, event: events.Click) -> None:
        index = self.row_at(event.y)
        if index is None:
            return
        if index == self.cursor:
            self.post_message(self.Selected(self, index))
        else:
            self.move_cursor(index)

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            cells = tuple(c.title for c in self.columns)
            style = base + self.get_component_rich_style("table--header", partial=True)
        else:
            index = self.row_at(y)
            if index is None:
                return Strip.blank(width, base)
            cells, style = self.rows[index], base
            if index % 2 == 0:
                style += self.get_component_rich_style("table--stripe", partial=True)
            if index == self.cursor:
                style += self.get_component_rich_style("table--cursor", partial=True)
        columns = self.columns
        shown = self.shown(width)
        text = " " + (" " * GAP).join(fit(cells[i], size, columns[i].align) for i, size in shown)
        strip = Strip([Segment(text, style)])
        return strip.extend_cell_length(width, style).crop(0, width)
