"""The report's SVG charts: well-formed and accessible, labels escaped, and marks where the
numbers put them (on the project of test_html_report.py, whose 2×2 tables are worked out there).
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from qualcode.agreement.stats import cohen_kappa_ci
from qualcode.reports.svg import BLUES, blues, text_width
from tests.reports.test_html_report import CODEBOOK, _report, _svgs, build_report_project

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def report_project(tmp_path: Path) -> Path:
    return build_report_project(tmp_path, CODEBOOK)


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # fails on anything not well-formed (an unescaped label)


def _marks(tree: ET.Element, tag: str, kind: str) -> list[ET.Element]:
    return [e for e in tree.iter(f"{SVG}{tag}") if e.get("class") == kind]


def _tips(element: ET.Element) -> str:
    tip = element.find(f"{SVG}title")
    return "" if tip is None or tip.text is None else tip.text


def test_labels_are_escaped_in_every_chart(tmp_path: Path) -> None:
    label = 'Hot "line" <&> tips'
    codebook = CODEBOOK.replace("label: Hotline", "label: 'Hot \"line\" <&> tips'")
    page = _report(build_report_project(tmp_path, codebook), tmp_path)
    charts = _svgs(page)
    assert set(charts) == {"heat-map", "cooccurrence-map", "kappa-chart-1"}
    for name, svg in charts.items():
        assert "Hot &quot;line&quot; &lt;&amp;&gt; tips" in svg or (
            'Hot "line" &lt;&amp;&gt; tips' in svg
        ), name
        assert "<&>" not in svg, name
        tree = _tree(svg)
        texts = [e.text for e in tree.iter(f"{SVG}text")]
        assert label in texts, name  # the row label, read back as the reader sees it
        assert any(label in _tips(e) for e in tree.iter()), name  # and in a tooltip


def test_charts_have_a_title_and_description_for_screen_readers(
    report_project: Path, tmp_path: Path
) -> None:
    page = _report(report_project, tmp_path)
    for name, svg in _svgs(page).items():
        tree = _tree(svg)
        assert tree.get("role") == "img"
        title, desc = tree[0], tree[1]
        assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
        assert tree.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text and desc.text and len(desc.text) > 40, name
        # Shown at its natural size, scaled down by the page's CSS on a narrow screen.
        box = [float(v) for v in str(tree.get("viewBox")).split()]
        assert f"width: {box[2]:.0f}px" in str(tree.get("style"))
    forest = _tree(_svgs(page)["kappa-chart-1"])
    desc = forest[1].text or ""
    assert "Hotline: kappa 0.50, 95% interval" in desc
    assert "Police: kappa 1.00, interval not informative" in desc


def _axis(tree: ET.Element) -> tuple[float, float]:
    """The x of kappa 0 and the pixels per unit of kappa, read from the axis ticks."""
    ticks = {e.text: float(e.get("x", "nan")) for e in _marks(tree, "text", "tick")}
    zero, one = ticks["0.0"], ticks["1.0"]
    return zero, one - zero


def test_forest_plot_puts_dots_and_intervals_at_their_values(
    report_project: Path, tmp_path: Path
) -> None:
    tree = _tree(_svgs(_report(report_project, tmp_path))["kappa-chart-1"])
    zero, scale = _axis(tree)
    assert scale > 100
    dots = {_tips(c).split(":")[0]: c for c in _marks(tree, "circle", "kappa")}
    assert sorted(dots) == ["Hotline", "Police", "Resources", "Sheriff"]  # Trust: undefined
    for name, kappa in (("Police", 1.0), ("Sheriff", 1.0), ("Hotline", 0.5), ("Resources", 0)):
        assert abs(float(dots[name].get("cx", "nan")) - (zero + kappa * scale)) < 0.11, name
    # Zero-width intervals: hollow dots and no line; hotline's interval drawn to its ends.
    assert dots["Police"].get("fill") == "#ffffff" and dots["Resources"].get("fill") == "#ffffff"
    assert dots["Hotline"].get("fill") != "#ffffff"
    (interval,) = _marks(tree, "line", "interval")
    # Hotline: both 1, only ana 0, only ben 1, neither 2 (ana, ben per segment).
    low, high = cohen_kappa_ci([(1, 1), (0, 1), (0, 0), (0, 0)])
    assert low < 0 < 0.5 < 1 < high
    high = 1.0  # the report clips the interval to kappa's range
    assert abs(float(interval.get("x1", "nan")) - (zero + low * scale)) < 0.11
    assert abs(float(interval.get("x2", "nan")) - (zero + high * scale)) < 0.11
    assert interval.get("y1") == dots["Hotline"].get("cy") == interval.get("y2")
    # The plot starts below the lowest interval end, and the reference lines are named.
    plot = _marks(tree, "rect", "plot")[0]
    assert float(plot.get("x", "nan")) < zero + low * scale
    references = [e.text for e in _marks(tree, "text", "reference")]
    assert references == ["chance", "0.6", "0.8"]
    x_of = {e.text: float(e.get("x", "nan")) for e in _marks(tree, "text", "reference")}
    assert abs(x_of["chance"] - zero) < 0.11 and abs(x_of["0.8"] - (zero + 0.8 * scale)) < 0.11


def test_heat_map_cells_have_the_colour_of_their_value(
    report_project: Path, tmp_path: Path
) -> None:
    tree = _tree(_svgs(_report(report_project, tmp_path))["heat-map"])
    cells = _marks(tree, "rect", "cell")
    assert len(cells) == 5 * 4  # codes × (three groups and the total)
    by_tip = {_tips(cell): cell for cell in cells}
    police = by_tip["Police, law enforcement: 100% of interviews"]
    assert police.get("fill") == BLUES[-1]
    assert by_tip["Police, prosecutor: 0% of interviews"].get("fill") == BLUES[0]
    assert by_tip["Police, Total: 67% of interviews"].get("fill") == blues(2 / 3)
    # One row per code, columns in group order with the total set apart.
    row = [c for c in cells if c.get("y") == police.get("y")]
    xs = [float(c.get("x", "nan")) for c in row]
    width = float(police.get("width", "nan"))
    assert xs[1] - xs[0] == pytest.approx(width) and xs[2] - xs[1] == pytest.approx(width)
    assert xs[3] - xs[2] > width + 1
    # The colour scale under it runs from 0 to 100.
    ticks = [e.text for e in _marks(tree, "text", "tick")]
    assert ticks == ["0", "20", "40", "60", "80", "100"]


def test_cooccurrence_cells_and_the_code_with_its_sub_code(
    report_project: Path, tmp_path: Path
) -> None:
    tree = _tree(_svgs(_report(report_project, tmp_path))["cooccurrence-map"])
    marks = _marks(tree, "rect", "cell")
    assert len(marks) == 4 * 4  # trust was never applied: not charted
    cells = {_tips(cell): cell for cell in marks}
    diagonal = [_tips(cell) for cell in marks[:: 4 + 1]]
    assert diagonal == ["Police: 3 segments", "Sheriff: 1 segment", "Hotline: 2 segments",
                        "Resources: 2 segments"]  # fmt: skip
    grey = cells["Police and Sheriff: a code and its sub-code, not compared"]
    assert grey.get("fill") == "#e4e8ec"
    # ana's codings: police and hotline share d1:2 (sheriff rolls up into police); the
    # segments with either are d1:2, d1:4, d3:2 and d2:4: Jaccard 1/4 = 25%. The highest
    # index is sheriff with hotline, 1/2, so the scale ends at 50.
    ticks = [e.text for e in _marks(tree, "text", "tick")]
    assert ticks == ["0", "10", "20", "30", "40", "50"]
    pair = cells["Police and Hotline: 1 segment with both (25%)"]
    assert pair.get("fill") == blues(25 / 50)
    assert cells["Sheriff and Hotline: 1 segment with both (50%)"].get("fill") == BLUES[-1]
    # Cells in a row are one cell's width apart.
    row = [c for c in marks if c.get("y") == pair.get("y")]
    xs = [float(c.get("x", "nan")) for c in row]
    width = float(pair.get("width", "nan"))
    assert [b - a for a, b in itertools.pairwise(xs)] == pytest.approx([width] * 3)


def test_text_width_and_colour_scale() -> None:
    assert text_width("", 12) == 0
    assert text_width("MM", 10) > text_width("ii", 10) * 3
    assert blues(0) == BLUES[0] and blues(1) == BLUES[-1] and blues(2) == BLUES[-1]
    assert blues(0.5) == BLUES[4]  # the middle class of nine
    middle = re.findall(r"..", blues(1 / 16)[1:])  # halfway between the first two classes
    assert [int(x, 16) for x in middle] == [
        round((int(BLUES[0][i : i + 2], 16) + int(BLUES[1][i : i + 2], 16)) / 2) for i in (1, 3, 5)
    ]


def test_a_chart_too_wide_for_a_phone_scrolls_instead_of_shrinking() -> None:
    from qualcode.reports.html import STYLE
    from qualcode.reports.svg import WIDE, Svg

    narrow = Svg("narrow", "A title", "A description").render(WIDE, 100)
    wide = Svg("wide", "A title", "A description").render(WIDE + 1, 100)
    assert 'class="wide"' not in narrow and 'class="wide"' in wide
    assert f'style="width: {WIDE + 1}px"' in wide and " width=" not in wide  # CSS may scale it
    phone = STYLE[STYLE.index("@media (max-width: 640px)") :]
    assert "figure svg.wide { max-width: none; }" in phone
    assert "figure svg { max-width: 100%; height: auto;" in STYLE  # the others scale down


def test_the_reports_cooccurrence_counts_as_the_cooccur_command(report_project: Path) -> None:
    from qualcode.project import open_project
    from qualcode.project.reports import coding_source
    from qualcode.reports.cooccurrence import cooccurrence, segment_cooccurrence
    from qualcode.reports.frequencies import TOTAL
    from qualcode.reports.matrix import segment_codes, segment_matrix

    with open_project(report_project) as project:
        data, source = coding_source(project, [], None, False, False)
        segments = project.store.exports.segment_listing(False, False)
        codebook = project.codebook
    direct = segment_cooccurrence(segment_codes(codebook, data, source, segments), "ana")
    framed = cooccurrence(segment_matrix(codebook, data, source, segments), [])
    assert [code.id for code in direct.codes] == [code.id for code in framed.codes]
    assert direct.counts[TOTAL].tolist() == framed.counts[TOTAL].tolist()
    assert direct.units == framed.units == {TOTAL: 8}  # respondent turns: d1 4, d2 2, d3 2
    assert [row.values()[1:] for row in direct.rows] == [row.values()[1:] for row in framed.rows]
    assert direct.counts[TOTAL][0][0] == 3  # police: d1:2, d1:4, d3:2 (ana's codings)
