"""A scrolling list of wrapped items drawn with Textual's line API.

Textual's ``OptionList`` re-wraps every option whenever one changes, which costs hundreds of
milliseconds on a 2,000-segment interview. Here each item is wrapped once (a plain greedy word
wrap, so heights are cheap to know), only the lines on screen are drawn, and changing one item
re-wraps that item alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Span = tuple[str, Style]


@dataclass
class Paragraph:
    """Styled text wrapped to the width, continuation lines indented by ``indent`` cells."""

    spans: list[Span]
    indent: int = 0


@dataclass
class Item:
    paragraphs: list[Paragraph]
    selectable: bool = True
    lines: list[list[Span]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The item's text, paragraphs separated by newlines."""
        return "\n".join("".join(text for text, _ in p.spans) for p in self.paragraphs)


#: Characters one cell wide: Latin, Greek and Cyrillic, and the general punctuation and currency
#: signs of typed transcripts (curly quotes, dashes, ellipses), so such text is measured with
#: ``len`` (Rich agrees: each is one cell).
_ONE_CELL_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xAC),
    (0xAE, 0x2FF),
    (0x370, 0x482),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20A0, 0x20C0),
)
_ONE_CELL = frozenset(chr(c) for start, end in _ONE_CELL_RANGES for c in range(start, end + 1))
_one_cell_wide = _ONE_CELL.issuperset


def _narrow(text: str) -> bool:
    """Whether every character of ``text`` is one cell wide (``len`` measures it)."""
    return text.isascii() or _one_cell_wide(text)


def _wrap_separate(paragraph: Paragraph, width: int, *, fast: bool = True) -> list[list[Span]]:
    """:func:`wrap` for spans that meet at blanks (the usual case), word by word within each.

    Spans of one-cell characters (nearly all transcript text) are filled line by line with
    ``str.rfind`` instead of word by word (:func:`_fill_narrow`: the same lines, about 2.5×
    faster on a 2,000-segment interview); ``fast=False`` keeps the word loop for every span.
    """
    indent = paragraph.indent
    width = max(width, indent + 8)
    lines: list[list[Span]] = []
    line: list[Span] = []
    words: list[str] = []  # words of the current style not yet added to ``line``
    used = 0
    blank = " " * indent
    for text, style in paragraph.spans:
        narrow = _narrow(text)
        if fast and narrow:
            line, used = _fill_narrow(text, style, lines, line, used, width, indent)
            continue
        measure = len if narrow else cell_len
        for word in _WORDS.findall(text):
            size = measure(word)
            if used + size > width and used > indent:
                if words:
                    line.append(("".join(words).rstrip(), style))
                lines.append(line)
                line, words, used = [(blank, _PLAIN)] if indent else [], [], indent
                if word[0] == " ":
                    continue  # no leading blanks on a continuation line
            while size > width - used:  # a word longer than the line: hard break
                room = max(1, width - used)
                words.append(word[:room])
                line.append(("".join(words), style))
                lines.append(line)
                line, words, used = [(blank, _PLAIN)] if indent else [], [], indent
                word = word[room:]
                size = measure(word)
            words.append(word)
            used += size
        if words:
            line.append(("".join(words), style))
            words = []
    lines.append(line)
    return lines


def _fill_narrow(
    text: str,
    style: Style,
    lines: list[list[Span]],
    line: list[Span],
    used: int,
    width: int,
    indent: int,
) -> tuple[list[Span], int]:
    """Fill lines with one span of one-cell characters, as the word loop of
    :func:`_wrap_separate` would: greedy by words (runs of blanks and of other characters),
    trailing blanks dropped where a line ends, blanks that do not fit skipped, words longer than
    a line broken. Returns the line being filled and its width so far."""
    blank = [(" " * indent, _PLAIN)] if indent else []
    start, end = 0, len(text)
    while start < end:
        room = width - used
        if end - start <= room:  # the rest fits
            line.append((text[start:], style))
            return line, used + end - start
        stop = start + room  # text[start:stop] fits; is ``stop`` between two words?
        if stop > start and (text[stop - 1] == " ") != (text[stop] == " "):
            fits = stop
        elif text[stop] == " ":  # inside a run of blanks: the words before it fit
            fits = len(text[start:stop].rstrip(" ")) + start
        else:  # inside a word: up to its start
            fits = text.rfind(" ", start, stop) + 1
            if fits <= start:
                fits = start
        if used + fits - start <= indent:  # as the word loop: the line is not closed before
            line.append((text[start:stop], style))  # its indent is passed; the word is broken
            lines.append(line)
            line, used, start = list(blank), indent, stop
            continue
        if fits > start:
            line.append((text[start:fits].rstrip(), style))
        lines.append(line)
        line, used, start = list(blank), indent, fits
        while start < end and text[start] == " ":  # no leading blanks on a new line
            start += 1
    return line, used


def _tokens(spans: list[Span]) -> list[list[Span]]:
    """The paragraph as tokens: runs of blanks, and words — a word may cross spans (a
    highlighted match inside a word), and is never broken between them."""
    tokens: list[list[Span]] = []
    glued = False  # the last token is a word that may continue in the next span
    for text, style in spans:
        for piece in _WORDS.findall(text):
            if piece[0] != " " and glued:
                tokens[-1].append((piece, style))
            else:
                tokens.append([(piece, style)])
            glued = piece[0] != " "
    return tokens


def wrap(paragraph: Paragraph, width: int) -> list[list[Span]]:
    """Greedy word wrap of styled spans into lines of at most ``width`` cells.

    Words of one style on one line are joined into a single span, so a line is drawn with few
    segments. A word that crosses spans (a highlighted search match inside a word) is never
    broken between them. Text with no wide characters is measured with ``len`` (fast); other
    text with Rich's cell widths.
    """
    texts = [text for text, _ in paragraph.spans if text]
    if all(a[-1] == " " or b[0] == " " for a, b in pairwise(texts)):
        return _wrap_separate(paragraph, width)
    return _wrap_joined(paragraph, width)


def _wrap_joined(paragraph: Paragraph, width: int) -> list[list[Span]]:
    """:func:`wrap` token by token, a token being a word across spans or a run of blanks."""
    indent = paragraph.indent
    width = max(width, indent + 8)
    blank = [(" " * indent, _PLAIN)] if indent else []
    lines: list[list[Span]] = []
    line: list[Span] = []
    used = 0

    def add(text: str, style: Style) -> None:
        if line and line[-1][1] is style:
            line[-1] = (line[-1][0] + text, style)
        else:
            line.append((text, style))

    def measure(text: str) -> int:
        return len(text) if _narrow(text) else cell_len(text)

    for token in _tokens(paragraph.spans):
        size = sum(measure(text) for text, _ in token)
        if used + size > width and used > indent:
            if line:
                line[-1] = (line[-1][0].rstrip(), line[-1][1])
            lines.append(line)
            line, used = list(blank), indent
            if token[0][0][0] == " ":
                continue  # no leading blanks on a continuation line
        for text, style in token:
            while measure(text) > width - used:  # longer than the line: hard break
                room = max(1, width - used)
                add(text[:room], style)
                lines.append(line)
                line, used = list(blank), indent
                text = text[room:]
            if text:
                add(text, style)
                used += measure(text)
    lines.append(line)
    return lines


_PLAIN = Style()
_WORDS = re.compile(r" +|[^ ]+")


class LineView(ScrollView, can_focus=True):
    """Items with a cursor; posts :class:`LineView.Clicked` when an item is clicked."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"lineview--cursor"}
    DEFAULT_CSS = """
    LineView { background: $surface; scrollbar-gutter: stable; }
    LineView > .lineview--cursor { background: $primary 40%; }
    """

    class Clicked(Message):
        def __init__(self, view: LineView, index: int) -> None:
            super().__init__()
            self.view = view
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Item] = []
        self.starts: list[int] = [0]  # first line of each item; last entry = total lines
        self.cursor = 0
        self._wrapped_width = -1

    # -- content --------------------------------------------------------------------------

    @property
    def wrap_width(self) -> int:
        return max(20, self.scrollable_content_region.width or self.size.width or 80)

    def set_items(self, items: list[Item], cursor: int = 0) -> None:
        self.items = items
        self.cursor = cursor
        if self.scrollable_content_region.width:
            self._relayout()
        else:
            self._wrapped_width = -1  # wrapped on the first resize, once the width is known

    def update_item(self, index: int, item: Item) -> None:
        old = self.items[index]
        if self._wrapped_width < 0:
            self.items[index] = item
            return
        item.lines = self._lines(item)
        self.items[index] = item
        if len(item.lines) != len(old.lines):
            self._offsets()
        self.refresh()

    def update_items(self, items: dict[int, Item]) -> None:
        """Replace several items at once (one re-layout of the offsets)."""
        for index, item in items.items():
            if self._wrapped_width >= 0:
                item.lines = self._lines(item)
            self.items[index] = item
        if self._wrapped_width >= 0:
            self._offsets()
        self.refresh()

    def _lines(self, item: Item, width: int | None = None) -> list[list[Span]]:
        width = width or self.wrap_width
        return [line for paragraph in item.paragraphs for line in wrap(paragraph, width)]

    def _relayout(self) -> None:
        width = self._wrapped_width = self.wrap_width
        for item in self.items:
            item.lines = self._lines(item, width)
        self._offsets()
        if self.cursor:
            self.move_cursor(self.cursor)
        self.refresh()

    def _offsets(self) -> None:
        self.starts = [0, *accumulate(len(item.lines) for item in self.items)]
        self.virtual_size = Size(self.wrap_width, self.starts[-1])

    def on_resize(self, event: events.Resize) -> None:
        if self.wrap_width != self._wrapped_width:
            self._relayout()

    # -- cursor ---------------------------------------------------------------------------

    def move_cursor(self, index: int, *, top: bool = False, from_item: int | None = None) -> None:
        """Put the cursor on ``index`` and scroll it into view (to the top with ``top``);
        ``from_item`` keeps an earlier item in view too (a family's header above its codes)."""
        if not self.items:
            return
        index = max(0, min(len(self.items) - 1, index))
        self.cursor = index
        if index + 1 >= len(self.starts):  # not wrapped yet: scrolled into view on layout
            return
        first = index if from_item is None else max(0, min(from_item, index))
        start, end = self.starts[first], self.starts[index + 1]
        region = Region(0, start, 1, max(1, end - start))
        self.scroll_to_region(region, animate=False, top=top, immediate=True)
        self.refresh()

    def item_at_line(self, line: int) -> int | None:
        if not self.items or line < 0 or line >= self.starts[-1]:
            return None
        return bisect_right(self.starts, line) - 1

    def on_click(self, event: events.Click) -> None:
        index = self.item_at_line(event.y + int(self.scroll_offset.y))
        if index is not None and self.items[index].selectable:
            self.post_message(self.Clicked(self, index))

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = y + int(scroll_y)
        index = self.item_at_line(line)
        if index is None:
            return Strip.blank(width, base)
        spans = self.items[index].lines[line - self.starts[index]]
        style = base
        if index == self.cursor and self.items[index].selectable:
            style = base + self.get_component_rich_style("lineview--cursor", partial=True)
        segments = [Segment(text, style + span_style) for text, span_style in spans]
        strip = Strip(segments).extend_cell_length(width, style)
        return strip.crop(int(scroll_x), int(scroll_x) + width)
