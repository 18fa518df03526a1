"""The co-occurrence heat map in the HTML report, on the tiny project of conftest.py."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from tests.conftest import run


def test_report_has_the_cooccurrence_heat_map(export_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", export_project, "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<a href="#cooccurrence">Co-occurrence</a>' in page
    figure = re.search(r'<figure id="cooccurrence-map">(.*?)</figure>', page, re.S)
    assert figure is not None
    assert "6 segments counted" in page
    svg = re.search(r"<svg.*?</svg>", figure.group(1), re.S)
    assert svg is not None
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg.group(0))
    for label in ("Police", "– Sheriff", "Hotline", "Resources", "Trust"):
        assert texts.count(label) == 2  # a row and a column
    # Cell numbers, by hand: the diagonal 3, 1, 3, 2, 1 (segments per code); off the diagonal
    # police with hotline, resources and trust, sheriff with hotline and resources (1 each,
    # twice: the matrix is symmetric), hotline with resources 2 (twice); police and its
    # sub-code sheriff are not compared. The colour scale's ticks are 0, 10, ... 70.
    digits = Counter(text for text in texts if text in {"1", "2", "3", "4"})
    assert digits == Counter({"1": 12, "2": 3, "3": 2})
    assert "70" in texts and "80" not in texts  # the highest index, 66.7%, rounded up


def test_report_without_codings_says_so(tmp_path: Path, project: Path) -> None:
    out = tmp_path / "report.html"
    assert run("report", project, "-o", out).exit_code == 0
    section = re.search(
        r'<section id="cooccurrence">(.*?)</section>', out.read_text(encoding="utf-8"), re.S
    )
    assert section is not None
    assert "No codings to chart." in section.group(1)
