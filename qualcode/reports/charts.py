"""The HTML report's charts as inline SVG: the frequency heat map, the co-occurrence heat map
and the forest plot of kappa per code.

Labels are code labels, never ids; each chart has a title and a description for screen readers
and a tooltip on each cell or dot. Sizes are CSS pixels at the chart's natural size.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qualcode.agreement.report import RARE_PREVALENCE, CodeAgreement, PairReport
from qualcode.reports.cooccurrence import Cooccurrence
from qualcode.reports.frequencies import TOTAL, FrequencyTable
from qualcode.reports.svg import BLUES, INK, MUTED, Svg, blues, num, text_width

COMMON_COLOUR = "#2f5f8f"
RARE_COLOUR = "#c0561f"
NOT_COMPARED = "#e4e8ec"
GRID = "#eeeeee"
FAMILY_LINE = "#1d2733"

#: Chart label width in characters (longer labels wrap to a second line).
LABEL_WIDTH = 26
LABEL_SIZE = 13.0
SMALL_SIZE = 11.5
CELL_SIZE = 11.0
LINE_HEIGHT = 15.0
ROW = 24.0  # a row of one-line labels
ROW_TALL = 36.0  # rows when some label takes two lines
PAD = 8.0


def human(value: str) -> str:
    """An attribute value or name as a person reads it: ``law_enforcement`` → law enforcement."""
    return "Total" if value == TOTAL else value.replace("_", " ")


def depth(code: str) -> int:
    """How deep a code sits under its family: 0 for a top-level code."""
    return code.count(".") - 1


def chart_label(code: str, label: str, width: int = LABEL_WIDTH) -> list[str]:
    """A code's label for a chart axis, as lines: sub-codes marked, a long label's trailing
    bracket left out (the tables give it in full), at most two lines."""
    if len(label) > width:
        label = re.sub(r"\s*\([^()]*\)$", "", label) or label
    prefix = "– " * depth(code)
    lines = textwrap.wrap(prefix + label, width) or [code]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1].rstrip(" ,;:-") + "…"]
    return lines


def _one_line(lines: Sequence[str], width: int = LABEL_WIDTH + 6) -> str:
    """A chart label's lines joined, shortened to ``width`` characters."""
    text = " ".join(lines)
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;:-") + "…"


def family_spans(families: Sequence[str]) -> list[tuple[str, int, int]]:
    """(family, first row, last row) of each run of rows of one family."""
    spans: list[tuple[str, int, int]] = []
    for i, family in enumerate(families):
        if spans and spans[-1][0] == family:
            spans[-1] = (family, spans[-1][1], i)
        else:
            spans.append((family, i, i))
    return spans


def _row_height(names: Sequence[Sequence[str]]) -> float:
    return ROW_TALL if any(len(lines) > 1 for lines in names) else ROW


def _label(svg: Svg, x: float, middle: float, lines: Sequence[str], anchor: str = "end") -> None:
    """A (one- or two-line) row label centred on ``middle``."""
    first = middle - (len(lines) - 1) * LINE_HEIGHT / 2
    for i, line in enumerate(lines):
        svg.text(x, first + i * LINE_HEIGHT, line, LABEL_SIZE, anchor=anchor)


def _widest(lines: Sequence[str], size: float) -> float:
    return max((text_width(line, size) for line in lines), default=0.0)


@dataclass(frozen=True)
class _Scale:
    """A horizontal colour bar under a heat map."""

    left: float
    top: float
    width: float
    end: float  # the value at the dark end
    ticks: list[int]
    caption: list[str]

    HEIGHT = 11.0

    def draw(self, svg: Svg) -> float:
        """Draws the bar, its ticks and caption; returns the y below it."""
        gradient = f"{svg.chart_id}-scale"
        stops = "".join(
            f'<stop offset="{num(100 * i / (len(BLUES) - 1))}%" stop-color="{colour}"/>'
            for i, colour in enumerate(BLUES)
        )
        svg.add(f'<defs><linearGradient id="{gradient}">{stops}</linearGradient></defs>')
        svg.rect(self.left, self.top, self.width, self.HEIGHT, fill=f"url(#{gradient})",
                 stroke=MUTED, stroke_width=0.6, class_="scale")  # fmt: skip
        below = self.top + self.HEIGHT
        for tick in self.ticks:
            x = self.left + self.width * tick / self.end
            svg.line(x, below, x, below + 4, stroke=MUTED, stroke_width=0.8)
            svg.text(x, below + 11, str(tick), CELL_SIZE, anchor="middle", class_="tick")
        y = below + 30
        for line in self.caption:
            svg.text(self.left, y, line, SMALL_SIZE)
            y += LINE_HEIGHT
        return y

    def right(self) -> float:
        return max(self.left + self.width + 16, self.left + _widest(self.caption, SMALL_SIZE) + 4)


def _header_height(names: Sequence[Sequence[str]], degrees: float) -> float:
    """Room above a matrix for column labels rotated ``degrees`` from the horizontal."""
    sine = math.sin(math.radians(degrees))
    return max(_widest(lines, SMALL_SIZE) * sine + len(lines) * LINE_HEIGHT for lines in names)


def _column_labels(
    svg: Svg,
    centres: Sequence[float],
    bottom: float,
    names: Sequence[Sequence[str]],
    degrees: float,
) -> float:
    """Column labels rising to the right from each column's top; returns their right edge."""
    right = 0.0
    cosine = math.cos(math.radians(degrees))
    for x, lines in zip(centres, names, strict=True):
        for i, line in enumerate(reversed(lines)):  # the last line nearest the column
            svg.text(x - 3 - i * LINE_HEIGHT * math.sin(math.radians(degrees)),
                     bottom - 6 - i * LINE_HEIGHT * cosine, line, SMALL_SIZE,
                     rotate=-degrees)  # fmt: skip
        right = max(right, x + _widest(lines, SMALL_SIZE) * cosine + 4)
    return right


# --- frequencies: % of interviews per code and group -----------------------------------------


def heat_map(
    freq: FrequencyTable, groups: list[str], labels: dict[str, str], family_labels: dict[str, str]
) -> str:
    """Codes (rows, under a heading per family) × groups and the total (columns): the % of the
    group's interviews mentioning the code, in the cell and as its colour."""
    codes: list[str] = []
    families: list[str] = []
    values: dict[tuple[str, str], float] = {}
    for row in freq.rows:
        if row.group == TOTAL:
            codes.append(row.code)
            families.append(row.family)
        values[(row.code, row.group)] = row.pct_documents
    if not codes or not groups:
        return '<p class="note">No codings to chart.</p>'
    columns = [*groups, TOTAL]
    names = [chart_label(code, labels.get(code, code)) for code in codes]
    headings = {family: family_labels.get(family, family) for family in families}
    row_height, cell, gap, heading = _row_height(names), 50.0, 6.0, 22.0
    left = PAD + max(
        max(_widest(lines, LABEL_SIZE) for lines in names) + 10,
        max(text_width(name, SMALL_SIZE) * 1.1 for name in headings.values()),
    )
    heads = [[human(group)] for group in columns]
    top = _header_height(heads, 40) + PAD
    xs = [left + i * cell + (gap if group == TOTAL else 0) for i, group in enumerate(columns)]
    matrix_right = xs[-1] + cell
    svg = Svg(
        "heat-map",
        "Heat map: % of interviews in each group mentioning each code",
        f"{len(codes)} codes (rows, grouped by family) by {len(groups)} groups and the total "
        "(columns). Each cell gives the % of the group's interviews with at least one mention "
        "of the code; darker cells are higher.",
    )
    right = _column_labels(svg, [x + cell / 2 for x in xs], top, heads, 40)
    y = top
    for family, first, last in family_spans(families):
        if first:
            svg.line(PAD, y, matrix_right, y, stroke=FAMILY_LINE, stroke_width=1.2)
        svg.text(PAD, y + heading / 2 + 1, headings[family], SMALL_SIZE, font_weight="bold",
                 fill=MUTED, class_="family")  # fmt: skip
        y += heading
        for index in range(first, last + 1):
            code = codes[index]
            _label(svg, left - 10, y + row_height / 2, names[index])
            for x, group in zip(xs, columns, strict=True):
                value = values[(code, group)]
                value = 0.0 if math.isnan(value) else value
                tip = f"{labels.get(code, code)}, {human(group)}: {value:.0f}% of interviews"
                svg.rect(x, y, cell, row_height, tip=tip, fill=blues(value / 100),
                         stroke="#ffffff", stroke_width=0.5, class_="cell")  # fmt: skip
                svg.text(x + cell / 2, y + row_height / 2, f"{value:.0f}", CELL_SIZE,
                         anchor="middle", fill="#ffffff" if value > 60 else INK)  # fmt: skip
            y += row_height
    scale = _Scale(left, y + 16, max(matrix_right - left, 180.0), 100, list(range(0, 101, 20)),
                   ["% of interviews in this group", "mentioning the code"])  # fmt: skip
    bottom = scale.draw(svg)
    return svg.render(max(right, matrix_right + PAD, scale.right()), bottom)


# --- co-occurrence: segments with both codes -------------------------------------------------


def cooccurrence_map(table: Cooccurrence, shown: list[int], labels: dict[str, str]) -> str:
    """The shown codes × themselves: segments coded with both (the number) and Jaccard's index
    (the colour); a code and its own sub-codes are not compared (grey)."""
    counts = table.counts[TOTAL]
    codes = [table.codes[i] for i in shown]
    size = len(codes)
    jaccard: list[list[float]] = [[math.nan] * size for _ in range(size)]
    for row, i in enumerate(shown):
        for column, j in enumerate(shown):
            a, b = codes[row].id, codes[column].id
            if row != column and not (b.startswith(a + ".") or a.startswith(b + ".")):
                either = int(counts[i, i] + counts[j, j] - counts[i, j])
                jaccard[row][column] = 100 * int(counts[i, j]) / either if either else 0.0
    found = [value for cells in jaccard for value in cells if not math.isnan(value)]
    # The scale ends at the highest index rounded up to ten, so weak pairs stay visible.
    end = min(100, max(10, 10 * math.ceil(max(found, default=0.0) / 10)))
    full = [labels.get(code.id, code.label) for code in codes]
    names = [chart_label(code.id, name) for code, name in zip(codes, full, strict=True)]
    row_height = _row_height(names)
    widest_count = max(text_width(str(int(counts[i, i])), CELL_SIZE) for i in shown)
    cell = max(32.0, widest_count + 10)
    left = PAD + max(_widest(lines, LABEL_SIZE) for lines in names) + 10
    # Column labels take one line each, so that neighbouring columns' labels do not overlap.
    heads = [[_one_line(lines)] for lines in names]
    top = _header_height(heads, 50) + PAD
    svg = Svg(
        "cooccurrence-map",
        "Co-occurrence heat map: segments coded with both codes",
        f"{size} codes by the same {size} codes. Each cell gives the number of segments coded "
        "with both codes; its colour is Jaccard's index (darker: the codes go together more "
        "often). The diagonal gives each code's own number of segments.",
    )
    right = _column_labels(svg, [left + (c + 0.5) * cell for c in range(size)], top, heads, 50)
    for row, i in enumerate(shown):
        y = top + row * row_height
        _label(svg, left - 10, y + row_height / 2, names[row])
        for column, j in enumerate(shown):
            x = left + column * cell
            value, index = int(counts[i, j]), jaccard[row][column]
            segments = f"{value} segment{'' if value == 1 else 's'}"
            if row == column:
                tip = f"{full[row]}: {segments}"
            elif math.isnan(index):
                tip = f"{full[row]} and {full[column]}: a code and its sub-code, not compared"
            else:
                tip = f"{full[row]} and {full[column]}: {segments} with both ({index:.0f}%)"
            fill = NOT_COMPARED if math.isnan(index) else blues(index / end)
            svg.rect(x, y, cell, row_height, tip=tip, fill=fill, stroke="#ffffff",
                     stroke_width=0.5, class_="cell")  # fmt: skip
            if row == column or (value and not math.isnan(index)):
                dark = not math.isnan(index) and index > 0.6 * end
                svg.text(x + cell / 2, y + row_height / 2, str(value), CELL_SIZE,
                         anchor="middle", fill="#ffffff" if dark else INK,
                         font_weight="bold" if row == column else None)  # fmt: skip
    matrix_bottom = top + size * row_height
    for _, first, _ in family_spans([code.family for code in codes]):  # lines between families
        if first:
            y, x = top + first * row_height, left + first * cell
            svg.line(left, y, left + size * cell, y, stroke=FAMILY_LINE, stroke_width=1.2)
            svg.line(x, top, x, matrix_bottom, stroke=FAMILY_LINE, stroke_width=1.2)
    caption = ["Jaccard's index (%): segments with both codes", "of segments with either"]
    scale = _Scale(left, matrix_bottom + 16, max(size * cell, 180.0), end,
                   list(range(0, end + 1, 10)), caption)  # fmt: skip
    bottom = scale.draw(svg)
    return svg.render(max(right, left + size * cell + PAD, scale.right()), bottom)


# --- agreement: forest plot of kappa per code ------------------------------------------------

PLOT_WIDTH = 280.0
DOT = 4.5


@dataclass(frozen=True)
class _Entry:
    """One legend entry: its mark drawn at (x, y) and one or two lines of text."""

    lines: list[str]
    mark: Callable[[Svg, float, float], None]


def _legend(bootstrap: bool) -> list[_Entry]:
    def interval(colour: str) -> Callable[[Svg, float, float], None]:
        def draw(svg: Svg, x: float, y: float) -> None:
            svg.line(x, y, x + 22, y, stroke=colour, stroke_width=2)
            svg.circle(x + 11, y, DOT, fill=colour, stroke=colour, stroke_width=1.5)

        return draw

    def hollow(svg: Svg, x: float, y: float) -> None:
        svg.circle(x + 11, y, DOT, fill="#ffffff", stroke="#4a4a4a", stroke_width=1.5)

    def band(svg: Svg, x: float, y: float) -> None:
        svg.line(x, y, x + 22, y, stroke=COMMON_COLOUR, stroke_width=8, stroke_opacity=0.25)

    def rule(dash: str | None, colour: str, width: float) -> Callable[[Svg, float, float], None]:
        def draw(svg: Svg, x: float, y: float) -> None:
            svg.line(x + 11, y - 8, x + 11, y + 8, stroke=colour, stroke_width=width,
                     stroke_dasharray=dash)  # fmt: skip

        return draw

    entries = [
        _Entry(["Kappa, 95% interval"], interval(COMMON_COLOUR)),
        _Entry([f"Rare code (under {RARE_PREVALENCE:.0%}", "of segments)"], interval(RARE_COLOUR)),
        _Entry(["Hollow: interval not", "informative (zero width)"], hollow),
        _Entry(["0 = chance agreement"], rule(None, "#4a4a4a", 1.2)),
        _Entry(["0.6: substantial"], rule("5 3", "#8a8a8a", 1.0)),
        _Entry(["0.8: almost perfect"], rule("1.5 2.5", "#8a8a8a", 1.0)),
    ]
    if bootstrap:
        entries.insert(1, _Entry(["Bootstrap interval"], band))
    return entries


def _ticks(low: float) -> list[float]:
    step = 0.2 if 1 - low <= 1.5 else 0.5
    first = math.ceil(round(low / step, 6)) * step
    count = round((1 - first) / step) + 1
    return [round(first + i * step, 6) for i in range(count)]


def kappa_chart(pair: PairReport, index: int, labels: dict[str, str], bootstrap: bool) -> str:
    """Each code with a defined kappa (codebook order): the kappa as a dot, its 95% interval as
    a line (a hollow dot when the interval is not informative), the bootstrap interval as a
    pale band, reference lines at 0, 0.6 and 0.8."""
    rows = [row for row in pair.codes if not math.isnan(row.stats.kappa)]
    if not rows:
        return '<p class="note">No code has a defined kappa.</p>'
    full = [labels.get(row.code, row.label) for row in rows]
    names = [chart_label(row.code, name) for row, name in zip(rows, full, strict=True)]
    row_height = _row_height(names)
    lowest = -0.2
    for row in rows:
        s = row.stats
        candidates = [s.kappa]
        if s.interval_informative:
            candidates.append(s.kappa_low)
        if bootstrap and not math.isnan(s.boot_low):
            candidates.append(s.boot_low)
        lowest = min(lowest, *candidates)
    low = max(-1.05, math.floor((lowest - 0.05) * 10) / 10)
    high = 1.05
    left = PAD + max(_widest(lines, LABEL_SIZE) for lines in names) + 12

    def x_of(kappa: float) -> float:
        return left + PLOT_WIDTH * (kappa - low) / (high - low)

    entries = _legend(bootstrap)
    column = 34 + max(_widest(entry.lines, SMALL_SIZE) for entry in entries) + 14
    legend_rows = math.ceil(len(entries) / 2)
    entry_height = 2 * LINE_HEIGHT + 6
    chart_id = f"kappa-chart-{index + 1}"
    svg = Svg(
        chart_id,
        f"Forest plot: Cohen's kappa per code for {pair.coder_a} and {pair.coder_b}",
        f"{len(rows)} codes in codebook order, each with its kappa and 95% interval on a scale "
        f"from {low:.1f} to 1; reference lines at 0 (chance agreement), 0.6 (substantial) and "
        "0.8 (almost perfect). "
        + "; ".join(_describe(row, name) for row, name in zip(rows, full, strict=True))
        + ".",
    )
    for i, entry in enumerate(entries):
        x = PAD + (i % 2) * column
        y = PAD + (i // 2) * entry_height + entry_height / 2
        entry.mark(svg, x, y)
        first = y - (len(entry.lines) - 1) * LINE_HEIGHT / 2
        for n, line in enumerate(entry.lines):
            svg.text(x + 30, first + n * LINE_HEIGHT, line, SMALL_SIZE, class_="legend")
    references = [(0.0, "chance", "#4a4a4a", None, 1.2), (0.6, "0.6", "#8a8a8a", "5 3", 1.0),
                  (0.8, "0.8", "#8a8a8a", "1.5 2.5", 1.0)]  # fmt: skip
    top = PAD + legend_rows * entry_height + 26
    bottom = top + len(rows) * row_height
    for kappa, name, colour, _, _ in references:  # the reference lines' names, above the plot
        svg.text(x_of(kappa), top - 9, name, SMALL_SIZE, anchor="middle", fill=colour,
                 class_="reference")  # fmt: skip
    svg.rect(left, top, PLOT_WIDTH, bottom - top, fill="#ffffff", stroke="#6b7785",
             stroke_width=0.8, class_="plot")  # fmt: skip
    middles = [top + (i + 0.5) * row_height for i in range(len(rows))]
    for middle in middles:
        svg.line(left, middle, left + PLOT_WIDTH, middle, stroke=GRID, stroke_width=0.8)
    for _, first, _ in family_spans([row.family for row in rows])[1:]:  # between families
        y = top + first * row_height
        svg.line(left, y, left + PLOT_WIDTH, y, stroke="#c9d3de", stroke_width=1)
    for kappa, _, colour, dash, width in references:
        svg.line(x_of(kappa), top, x_of(kappa), bottom, stroke=colour, stroke_width=width,
                 stroke_dasharray=dash, class_="reference")  # fmt: skip
    for row, name, lines, middle in zip(rows, full, names, middles, strict=True):
        _label(svg, left - 10, middle, lines)
        _forest_row(svg, row, name, middle, x_of, bootstrap)
    for tick in _ticks(low):
        x = x_of(tick)
        svg.line(x, bottom, x, bottom + 4, stroke="#6b7785", stroke_width=0.8)
        svg.text(x, bottom + 13, f"{tick:.1f}".replace("-", "−"), CELL_SIZE, anchor="middle",
                 class_="tick")  # fmt: skip
    svg.text(left + PLOT_WIDTH / 2, bottom + 34, "Cohen's kappa (1 = perfect agreement)",
             SMALL_SIZE, anchor="middle")  # fmt: skip
    width = max(left + PLOT_WIDTH + 16, PAD + 2 * column)
    return svg.render(width, bottom + 48)


def _forest_row(
    svg: Svg,
    row: CodeAgreement,
    name: str,
    middle: float,
    x_of: Callable[[float], float],
    bootstrap: bool,
) -> None:
    s = row.stats
    colour = RARE_COLOUR if "rare" in row.flags else COMMON_COLOUR
    if bootstrap and not math.isnan(s.boot_low):
        svg.line(x_of(s.boot_low), middle, x_of(s.boot_high), middle, stroke=colour,
                 stroke_width=8, stroke_opacity=0.25, class_="bootstrap")  # fmt: skip
    if s.interval_informative:
        svg.line(x_of(s.kappa_low), middle, x_of(s.kappa_high), middle, stroke=colour,
                 stroke_width=2, class_="interval")  # fmt: skip
    svg.circle(x_of(s.kappa), middle, DOT, tip=_describe(row, name), class_="kappa",
               fill=colour if s.interval_informative else "#ffffff", stroke=colour,
               stroke_width=1.5)  # fmt: skip


def _describe(row: CodeAgreement, name: str) -> str:
    s = row.stats
    interval = (
        f"95% interval {s.kappa_low:.2f} to {s.kappa_high:.2f}"
        if s.interval_informative
        else "interval not informative"
    )
    rare = ", rare code" if "rare" in row.flags else ""
    return f"{name}: kappa {s.kappa:.2f}, {interval}{rare}"
