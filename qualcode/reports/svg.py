"""Inline SVG written directly, for the report's charts.

The report's charts are rectangles, lines, dots and text, so they are written as SVG elements
here rather than drawn with a plotting library (matplotlib's import and drawing cost about two
seconds per report). Coordinates are CSS pixels at the chart's natural size; the ``viewBox``
lets the page scale a chart down to a phone's width. Text is escaped; every chart carries a
``<title>`` and a ``<desc>`` for screen readers (``role="img"``), and marks may carry their own
``<title>`` as a tooltip.
"""

from __future__ import annotations

import html

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif'
INK = "#1d2733"
MUTED = "#3c4a58"
#: Charts wider than this (pixels) are marked ``class="wide"``.
WIDE = 720

#: Advance widths of Helvetica/Arial in thousandths of the font size (printable ASCII from the
#: space); other characters count as 600. Used only to leave room for labels.
_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # ␠ ... /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 ... ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ ... O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P ... _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` ... o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p ... ~
)  # fmt: skip
#: Screen fonts (DejaVu Sans, Segoe UI) run wider than Arial: leave this much more room.
_SLACK = 1.12

#: ColorBrewer's sequential "Blues" (9 classes), light to dark.
BLUES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5",
         "#08519c", "#08306b")  # fmt: skip


def text_width(text: str, size: float) -> float:
    """The width in pixels that ``text`` needs at font size ``size`` (an upper estimate)."""
    total = sum(_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else 600 for c in text)
    return total / 1000 * size * _SLACK


def blues(fraction: float) -> str:
    """The colour at ``fraction`` (0 to 1, clipped) of the Blues scale, interpolated."""
    fraction = min(1.0, max(0.0, fraction))
    position = fraction * (len(BLUES) - 1)
    index = min(int(position), len(BLUES) - 2)
    low, high = _rgb(BLUES[index]), _rgb(BLUES[index + 1])
    weight = position - index
    r, g, b = (round(a + (z - a) * weight) for a, z in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def num(value: float) -> str:
    """A coordinate, rounded to 0.1 px, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(attributes: dict[str, object]) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = num(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{html.escape(str(value))}"')
    return "".join(parts)


def _tip(tip: str | None) -> str:
    return f"<title>{html.escape(tip, quote=False)}</title>" if tip else ""


class Svg:
    """An SVG document built element by element (keyword arguments become attributes:
    ``stroke_width`` → ``stroke-width``, ``class_`` → ``class``)."""

    def __init__(self, chart_id: str, title: str, description: str) -> None:
        self.chart_id = chart_id
        self.title = title
        self.description = description
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def rect(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        tip: str | None = None,
        **attrs: object,
    ) -> None:
        self.parts.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}"'
            f"{_attrs(attrs)}>{_tip(tip)}</rect>"
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> None:
        self.parts.append(
            f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"{_attrs(attrs)}/>'
        )

    def circle(
        self, cx: float, cy: float, r: float, tip: str | None = None, **attrs: object
    ) -> None:
        self.parts.append(
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}"{_attrs(attrs)}>'
            f"{_tip(tip)}</circle>"
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        size: float,
        anchor: str = "start",
        rotate: float | None = None,
        **attrs: object,
    ) -> None:
        """One line of text whose middle is at ``y`` (or, rotated, at the rotated ``y``)."""
        where = (
            f' transform="translate({num(x)} {num(y)}) rotate({num(rotate)})"'
            if rotate is not None
            else f' x="{num(x)}" y="{num(y)}"'
        )
        anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
        self.parts.append(
            f'<text{where} font-size="{num(size)}" dominant-baseline="central"{anchor_attr}'
            f"{_attrs(attrs)}>{html.escape(content, quote=False)}</text>"
        )

    def render(self, width: float, height: float) -> str:
        """The ``<svg>`` element: shown at its natural width, scaled down on a narrow page (a
        chart wider than ``WIDE`` keeps its size on a phone, where its figure scrolls sideways)."""
        title_id, desc_id = f"{self.chart_id}-title", f"{self.chart_id}-desc"
        # A chart too wide to read scaled down to a phone's width scrolls there instead.
        wide = ' class="wide"' if width > WIDE else ""
        return (
            f'<svg style="width: {width:.0f}px"{wide} xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {num(width)} {num(height)}" role="img" '
            f'aria-labelledby="{title_id} {desc_id}" font-family="{html.escape(FONT)}" '
            f'fill="{INK}">'
            f'<title id="{title_id}">{html.escape(self.title, quote=False)}</title>'
            f'<desc id="{desc_id}">{html.escape(self.description, quote=False)}</desc>'
            + "".join(self.parts)
            + "</svg>"
        )
