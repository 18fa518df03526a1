"""`qualcode report`: what a reader sees in the HTML (labels, headers, agreement table, methods,
title, the stated source), on a small project whose 2×2 tables are worked out below."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from qualcode.model import CodingRows, DocumentInfo
from qualcode.reports.source import resolve_source
from tests.conftest import run

CODEBOOK = """\
name: Report test codebook
version: 4
families:
  - id: referral
    label: Referral streams
    key: "1"
    codes:
      - id: police
        label: Police
        definition: Police referral.
        children:
          - id: sheriff
            label: Sheriff
            definition: The sheriff's office.
      - id: hotline
        label: Hotline
        definition: A hotline.
  - id: challenges
    label: Challenges
    key: "2"
    codes:
      - id: resources
        label: Resources
        definition: Not enough money.
      - id: trust
        label: Trust
        definition: Survivors do not trust.
"""

# d1 is coded by ana and ben and assigned to nobody; its four respondent turns (d1:2, 4, 6, 8)
# are the agreement units. Per code (both, only ana, only ben, neither):
#   referral.police (with its child)  2 0 0 2  kappa 1, zero-width interval
#   referral.police.sheriff           1 0 0 3  kappa 1, zero-width interval
#   referral.hotline                  1 0 1 2  kappa 0.5 (po 0.75, pe 0.5), informative interval
#   challenges.resources              0 1 0 3  kappa 0, zero-width interval
#   challenges.trust                  0 0 0 4  undefined: neither coder applied it
CODINGS = """\
segment_id,coder,code
d1:2,ana,referral.police.sheriff
d1:2,ana,referral.hotline
d1:4,ana,referral.police
d1:6,ana,challenges.resources
d1:8,ana,
d1:2,ben,referral.police.sheriff
d1:2,ben,referral.hotline
d1:4,ben,referral.police
d1:6,ben,referral.hotline
d1:8,ben,
d2:2,ana,challenges.resources
d2:4,ana,referral.hotline
d3:2,ana,referral.police
d3:4,ana,
"""

CODE_IDS = (
    "referral.police",
    "referral.police.sheriff",
    "referral.hotline",
    "challenges.resources",
    "challenges.trust",
)


@pytest.fixture
def report_project(tmp_path: Path) -> Path:
    return build_report_project(tmp_path, CODEBOOK)


def build_report_project(tmp_path: Path, codebook_text: str) -> Path:
    """The three-interview project above, with the codebook ``codebook_text``."""
    codebook = tmp_path / "cb.yaml"
    codebook.write_text(codebook_text, encoding="utf-8")
    project = tmp_path / "findings.qualcode"
    assert run("new", project, "--codebook", codebook).exit_code == 0
    texts = {
        "d1": ["Who refers?", "The sheriff and the hotline.", "More?", "Police again.",
               "Money?", "None.", "Anything else?", "No."],
        "d2": ["Problems?", "No money at all.", "And referrals?", "The tip line."],
        "d3": ["Who refers?", "Detectives.", "Anything else?", "No."],
    }  # fmt: skip
    manifest = ["file,participant_id,role"]
    roles = {"d1": "law_enforcement", "d2": "prosecutor", "d3": "service_provider"}
    for i, (name, lines) in enumerate(texts.items()):
        turns = [
            f"{'Interviewer' if n % 2 == 0 else 'Respondent'}: {line}"
            for n, line in enumerate(lines)
        ]
        (tmp_path / f"{name}.txt").write_text("\n".join(turns) + "\n", encoding="utf-8")
        manifest.append(f"{name}.txt,P{i + 1},{roles[name]}")
    (tmp_path / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    added = run("add", project, "--manifest", tmp_path / "manifest.csv", "--no-deidentify")
    assert added.exit_code == 0, added.stderr
    (tmp_path / "codings.csv").write_text(CODINGS, encoding="utf-8")
    assert (
        run(
            "codings", "import", project, tmp_path / "codings.csv", "--unlisted", "reviewed"
        ).exit_code
        == 0
    )
    return project


def _report(project: Path, tmp_path: Path, *options: str) -> str:
    out = tmp_path / "report.html"
    result = run("report", project, "-o", out, *options)
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def _svgs(page: str) -> dict[str, str]:
    """Each chart's SVG by its figure's id."""
    return {
        figure: re.search(r"<svg.*?</svg>", body, re.S).group(0)  # type: ignore[union-attr]
        for figure, body in re.findall(r'<figure id="([^"]+)">(.*?)</figure>', page, re.S)
    }


def _svg_text(svg: str) -> list[str]:
    return [html_text for html_text in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def _row(page: str, table: str, label: str) -> list[str]:
    """The cells of the row whose first cell is ``label``, in the table with class ``table``."""
    body = page[page.index(f'<table class="{table}"') :]
    body = body[: body.index("</table>")]
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if cells and cells[0].replace("&nbsp;", "").strip() == label:
            return cells[1:]
    raise AssertionError(f"no row {label!r} in the {table} table")


def test_people_read_labels_code_ids_only_in_tooltips(report_project: Path, tmp_path: Path) -> None:
    page = _report(report_project, tmp_path)
    charts = _svgs(page)
    assert set(charts) == {"heat-map", "cooccurrence-map", "kappa-chart-1"}
    heat = _svg_text(charts["heat-map"])
    forest = _svg_text(charts["kappa-chart-1"])
    for label in ("Police", "– Sheriff", "Hotline", "Resources", "Trust"):
        assert label in heat
    for label in ("Police", "– Sheriff", "Hotline", "Resources"):
        assert label in forest
    assert "Trust" not in forest  # undefined: listed under the plot instead
    # Group names are written for people too.
    assert "law enforcement" in heat and "law_enforcement" not in heat
    # Tables carry the label, with the id only as a tooltip.
    assert '<td title="referral.police.sheriff">&nbsp;&nbsp;Sheriff</td>' in page
    visible = re.sub(r'title="[^"]*"', "", page)
    for code in CODE_IDS:
        assert code not in visible, code


def test_percentage_headers_say_what_they_are_of(report_project: Path, tmp_path: Path) -> None:
    page = _report(report_project, tmp_path)
    head = page[page.index('<table class="frequencies"') : page.index("</thead>")]
    assert "% of the family's mentions in this group" in html.unescape(head)
    assert "% of interviews in this group mentioning the code" in head
    assert "N = 1" in head and "N = 3" in head
    # ana's codings. d1 (law enforcement): police 2 of the 3 referral mentions (police 2 +
    # hotline 1), in the one law-enforcement interview; d2 (prosecutor): no police, hotline 1;
    # d3 (service provider): police 1 of 1; total: police 3 of 5 (police 3 + hotline 2).
    police = _row(page, "frequencies", "Police")
    assert police[:4] == ["2 (66.7%)", "0 (0.0%)", "1 (100.0%)", "3 (60.0%)"]
    assert police[4:] == ["100%", "0%", "100%", "67%"]
    caption = re.search(r'<figure id="heat-map">.*?<figcaption>(.*?)</figcaption>', page, re.S)
    assert caption and "% of interviews in this group mentioning the code" in caption.group(1)
    legend = _svg_text(_svgs(page)["heat-map"])
    assert "% of interviews in this group" in legend and "mentioning the code" in legend


def test_agreement_table_rows_and_flag_key(report_project: Path, tmp_path: Path) -> None:
    page = _report(report_project, tmp_path)
    section = page[page.index('<section id="agreement">') :]
    table_at = section.index('<table class="agreement"')
    summary = section[:table_at]
    assert "Pooled kappa over all codes: <b>" in summary
    assert "Mean of the per-code kappas: <b>" in summary
    head = section[table_at : section.index("</thead>")]
    for column in ("n units", "Both", "Only ana", "Only ben", "Neither", "Kappa", "95% CI",
                   "PABAK", "AC1", "Alpha", "Flags"):  # fmt: skip
        assert f">{column}</th>" in head, column
    assert "Bootstrap" not in head  # only with --ci bootstrap
    # n, both, only ana, only ben, neither, kappa, CI, PABAK, AC1, alpha, flags
    police = _row(section, "agreement", "Police")
    assert police == ["4", "2", "0", "0", "2", "1.00", "not informative", "1.00", "1.00",
                      "1.00", "small, no-interval"]  # fmt: skip
    hotline = _row(section, "agreement", "Hotline")
    assert hotline[:6] == ["4", "1", "0", "1", "2", "0.50"]
    low, high = (float(x) for x in hotline[6].split(" to "))
    assert -1 <= low < 0.5 < high <= 1
    assert hotline[-1] == "small"
    resources = _row(section, "agreement", "Resources")
    assert resources[:7] == ["4", "0", "1", "0", "3", "0.00", "not informative"]
    trust = _row(section, "agreement", "Trust")
    assert trust[5] == (
        "undefined: neither coder applied the code (both used only &#x27;absent&#x27;)"
    )
    key = section[section.index('<dl class="key">') :]
    for flag in ("rare", "small", "no-interval", "undefined"):
        assert f"<dt>{flag}</dt>" in key
    assert "under 5% of the segments" in key and "read PABAK and AC1" in key
    assert "fewer than 30 segments" in key
    assert "zero width" in key and "not informative" in key
    # The forest plot lists the undefined code under it and explains the hollow dots.
    figure = re.search(r'<figure id="kappa-chart-1">(.*?)</figure>', page, re.S)
    assert figure is not None
    caption = figure.group(1)[figure.group(1).index("<figcaption>") :]
    assert "Not drawn, because their kappa is undefined" in caption and ">Trust</span>" in caption
    legend = _svg_text(figure.group(1))
    assert "0 = chance agreement" in legend
    assert "Rare code (under 5%" in legend
    assert "Hollow: interval not" in legend


def test_zero_width_intervals_and_the_bootstrap(report_project: Path, tmp_path: Path) -> None:
    page = _report(report_project, tmp_path, "--ci", "bootstrap", "--resamples", "200")
    assert "[1.00, 1.00]" not in page and "1.00 to 1.00" not in page
    section = page[page.index('<section id="agreement">') :]
    assert ">Bootstrap 95% CI</th>" in section
    police = _row(section, "agreement", "Police")
    assert police[6:8] == ["not informative", "1.00 in every resample"]
    trust = _row(section, "agreement", "Trust")
    assert trust[5].startswith("undefined: ")
    assert "Bootstrap interval" in _svg_text(_svgs(page)["kappa-chart-1"])
    assert "resamples the segments 200 times (seed 0)" in section
    bad = run("report", report_project, "-o", tmp_path / "x.html", "--ci", "bootstrap",
              "--resamples", "10")  # fmt: skip
    assert bad.exit_code == 1 and "--resamples" in bad.stderr


def test_title_option_and_codebook_in_the_header(report_project: Path, tmp_path: Path) -> None:
    page = _report(report_project, tmp_path)
    assert "<title>Findings: Report test codebook</title>" in page
    assert "<h1>Findings: Report test codebook</h1>" in page
    assert "Codebook: <b>Report test codebook</b>, version 4." in page
    assert "findings.qualcode" in page and "<h1>Findings: findings" not in page
    titled = _report(report_project, tmp_path, "--title", "Year 1 <findings> & more")
    assert "<title>Year 1 &lt;findings&gt; &amp; more</title>" in titled
    assert "<h1>Year 1 &lt;findings&gt; &amp; more</h1>" in titled
    empty = run("report", report_project, "-o", tmp_path / "x.html", "--title", " ")
    assert empty.exit_code == 1 and "--title" in empty.stderr


def test_methods_paragraph(report_project: Path, tmp_path: Path) -> None:
    page = _report(report_project, tmp_path)
    methods = page[page.index('<section id="methods">') : page.index("</section>")]
    text = html.unescape(re.sub(r"<[^>]+>", "", methods))
    assert "The unit is the segment (one speaker turn of a transcript; segmentation: turn)" in text
    assert "Only the respondents' segments are counted" in text
    assert "The project holds 3 interviews." in text
    assert "Coders: ana (3 interviews) and ben (1 interview)" in text
    assert "version 4" in text
    assert "ana and ben both coded 1 interview independently (d1); the 4 segments" in text
    assert "Source: primary coder per document (ana 3 documents); d1 has no assignment" in text
    assert "The double-coded interview (d1) is not reconciled yet" in text
    assert "there the primary coder's codings are counted" in text
    everyone = _report(report_project, tmp_path, "--include-interviewer")
    methods = everyone[everyone.index('<section id="methods">') :]
    assert "The interviewer's segments are counted as well" in html.unescape(methods)
    ben = _report(report_project, tmp_path, "--coder", "ben")
    assert "These figures use ben's codings only (<code>--coder ben</code>)" in html.unescape(ben)


def test_no_literal_markdown(report_project: Path, tmp_path: Path, project: Path) -> None:
    page = _report(report_project, tmp_path)
    assert "`" not in page
    assert "<code>qualcode quotes</code> lists all of them" in page
    # A message with a command in it (two coders, no document in common) becomes <code> too.
    (tmp_path / "one.csv").write_text(
        "segment_id,coder,code\nint01:2,ana,referral.hotline\nint02:2,ben,challenges.resources\n",
        encoding="utf-8",
    )
    assert (
        run("codings", "import", project, tmp_path / "one.csv", "--unlisted", "reviewed").exit_code
        == 0
    )
    alone = _report(project, tmp_path)
    assert "`" not in alone
    assert (
        "Agreement is not available" in alone and "<code>qualcode assign --double</code>" in alone
    )


def test_multi_coder_document_source_is_stated(report_project: Path, tmp_path: Path) -> None:
    statement = (
        "d1 has no assignment and was coded by ana and ben: ana&#x27;s codings are used (first "
        "by name); assign it with <code>qualcode assign</code> or reconcile it"
    )
    assert statement in _report(report_project, tmp_path)
    freq = run("freq", report_project)
    assert (
        "Source: primary coder per document (ana 3 documents); d1 has no assignment and was "
        "coded by ana and ben: ana's codings are used (first by name); assign it with "
        "`qualcode assign` or reconcile it" in freq.stdout
    )
    # Once assigned, the choice is the assignment's and nothing needs saying.
    assigned = run("assign", report_project, "--coders", "ben,ana", "--double", "0", "--force")
    assert assigned.exit_code == 0, assigned.stderr
    assigned = run("freq", report_project, "--format", "json").stdout
    assert "no assignment" not in assigned and "first by name" not in assigned


def _rows(reviewed: dict[str, set[str]]) -> CodingRows:
    names = sorted(reviewed)
    coders = sorted({c for who in reviewed.values() for c in who})
    ids = {name: i + 1 for i, name in enumerate(coders)}
    return CodingRows(
        documents=[DocumentInfo(i + 1, name, {}) for i, name in enumerate(names)],
        coders={i: name for name, i in ids.items()},
        reviewed={names.index(d) + 1: {ids[c] for c in who} for d, who in reviewed.items()},
        rows=[],
        code_ids={},
    )


def test_resolve_source_names_every_unassigned_multi_coder_document() -> None:
    data = _rows(
        {
            "int01": {"ana"},
            "int05": {"ana", "ben"},
            "int09": {"ben", "ana"},
            "int11": {"ben", "cy"},
            "int12": {"ana", "ben"},
        }
    )
    source = resolve_source(data, {"int01": [("ana", "primary")], "int12": [("cy", "primary")]})
    assert source.description == (
        "primary coder per document (ana 4, ben 1 documents); int05 and int09 have no "
        "assignment and were coded by ana and ben: ana's codings are used (first by name); "
        "int11 has no assignment and was coded by ben and cy: ben's codings are used (first by "
        "name); int12 was not coded by its primary coder cy but by ana and ben: ana's codings "
        "are used (first by name); assign them with `qualcode assign` or reconcile them"
    )
    # The choice itself is unchanged: the first coder by name.
    names = {d.id: d.name for d in data.documents}
    chosen = {names[d]: data.coders[c] for d, c in source.coder_of_document.items()}
    assert chosen == {"int01": "ana", "int05": "ana", "int09": "ana", "int11": "ben",
                      "int12": "ana"}  # fmt: skip
    many = resolve_source(_rows({f"d{i:02}": {"ana", "ben"} for i in range(12)}), {})
    assert "d00, d01, d02, d03, d04, d05, d06, d07, d08, d09 and 2 more have" in many.description
