"""The sample project's report, screenshotted in headless Chromium: every chart is drawn.

Each chart's SVG is also put alone on a page of its own and screenshotted, and the picture must
have ink (non-white pixels) on a meaningful share of it: a chart that is missing, empty or drawn
blank fails. Without ``chromium`` the test is skipped, unless the environment variable CI is set
(then it fails: ``make browser`` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run

#: The charts the sample project's report must have (it has one double-coded coder pair).
CHARTS = ("heat-map", "cooccurrence-map", "kappa-chart-1")
#: The share of a chart's picture that must be ink, and coloured ink (the data: heat-map cells,
#: kappa dots and intervals; axes and labels alone are grey).
MIN_INK = 0.02
MIN_COLOUR = 0.003
CHART_WIDTH = 700  # pixels


def _chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed and CI is set: run `make browser` to install it")
    pytest.skip("chromium is not installed (`make browser` installs it): no report screenshots")


def _screenshot(chromium: str, page: Path, png: Path, width: int, height: int) -> None:
    profile = page.parent / f".chromium-{png.stem}"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert png.exists(), f"chromium wrote no screenshot of {page.name}"


def _ink(png: Path) -> tuple[float, float]:
    """The share of pixels that are not (nearly) white, and of those that are coloured."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.float64) / 255
    ink = float((pixels.min(axis=2) < 0.85).mean())
    colour = float((pixels.max(axis=2) - pixels.min(axis=2) > 0.2).mean())
    return ink, colour


def _charts(page: str) -> dict[str, str]:
    """Each chart's SVG by its <figure> id (an empty string when the figure has no SVG)."""
    charts = {}
    for figure, body in re.findall(r'<figure id="([^"]+)">(.*?)</figure>', page, re.S):
        svg = re.search(r"<svg\b.*?</svg>", body, re.S)
        charts[figure] = svg.group(0) if svg else ""
    return charts


def test_every_chart_of_the_report_is_drawn(tmp_path: Path) -> None:
    chromium = _chromium()
    assert run("demo", "--dir", tmp_path / "demo", "--no-tui").exit_code == 0
    report = tmp_path / "report.html"
    result = run("report", tmp_path / "demo" / "demo.qualcode", "-o", report)
    assert result.exit_code == 0, result.stderr
    page = report.read_text(encoding="utf-8")

    charts = _charts(page)
    missing = [name for name in CHARTS if not charts.get(name)]
    assert not missing, f"charts missing from the report: {missing}"

    inks = {}
    for name in CHARTS:
        svg = charts[name]
        box = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
        assert box, f"{name}: the SVG has no viewBox"
        height = round(CHART_WIDTH * float(box.group(2)) / float(box.group(1)))
        assert height > 50, f"{name}: the chart is {box.group(1)} x {box.group(2)} points"
        svg = re.sub(r'^<svg style="[^"]*"', "<svg", svg)
        alone = tmp_path / f"{name}.html"
        alone.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><style>body { margin: 0; "
            f"background: #fff; }} svg {{ width: {CHART_WIDTH}px; height: auto; display: block; }}"
            f"</style></head><body>{svg}</body></html>",
            encoding="utf-8",
        )
        png = tmp_path / f"{name}.png"
        _screenshot(chromium, alone, png, CHART_WIDTH, height)
        inks[name] = _ink(png)
    blank = {
        name: f"ink {ink:.2%}, coloured {colour:.2%}"
        for name, (ink, colour) in inks.items()
        if ink <= MIN_INK or colour <= MIN_COLOUR
    }
    assert not blank, f"charts drawn (nearly) blank: {blank}"

    # The whole report at a desktop width and at a phone's: something is on the page.
    for width in (1400, 390):
        png = tmp_path / f"report-{width}.png"
        _screenshot(chromium, report, png, width, 2400)
        assert _ink(png)[0] > MIN_INK, f"the report at {width} px looks blank"
