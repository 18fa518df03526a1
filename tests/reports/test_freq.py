"""`qualcode freq` and `quotes` on a small project whose table is computed by hand below."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import dump, run

CODEBOOK = """\
name: Freq test codebook
version: 1
families:
  - id: referral
    label: Referral
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

CODINGS = """\
segment_id,coder,code
d1:2,ana,referral.police.sheriff
d1:2,ana,referral.hotline
d1:4,ana,referral.police
d1:4,ana,referral.police.sheriff
d1:1,ana,referral.hotline
d2:2,ana,challenges.resources
d2:4,ana,referral.hotline
d3:2,ana,referral.police
d3:4,ana,
d1:2,ben,challenges.trust
"""


@pytest.fixture
def freq_project(tmp_path: Path) -> Path:
    codebook = tmp_path / "cb.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    project = tmp_path / "f.qualcode"
    assert run("new", project, "--codebook", codebook).exit_code == 0
    texts = {
        "d1": ["Who refers?", "=SUM(A1) the sheriff and the hotline.", "More?", "Police again."],
        "d2": ["Problems?", "No money at all.", "And referrals?", "The tip line."],
        "d3": ["Who refers?", "Detectives.", "Anything else?", "No."],
    }
    manifest = ["file,participant_id,role,site"]
    for (name, lines), (pid, role, site) in zip(
        texts.items(),
        [
            ("P1", "prosecutor", "north"),
            ("P2", "prosecutor", "south"),
            ("P3", "law_enforcement", "north"),
        ],
        strict=True,
    ):
        turns = [
            f"{'Interviewer' if i % 2 == 0 else 'Respondent'}: {line}"
            for i, line in enumerate(lines)
        ]
        (tmp_path / f"{name}.txt").write_text("\n".join(turns) + "\n", encoding="utf-8")
        manifest.append(f"{name}.txt,{pid},{role},{site}")
    (tmp_path / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    assert (
        run("add", project, "--manifest", tmp_path / "manifest.csv", "--no-deidentify").exit_code
        == 0
    )
    (tmp_path / "codings.csv").write_text(CODINGS, encoding="utf-8")
    assert (
        run(
            "codings", "import", project, tmp_path / "codings.csv", "--unlisted", "reviewed"
        ).exit_code
        == 0
    )
    return project


EXPECTED_CSV = (
    "group,family,code,label,mentions,documents,documents_in_group,pct_documents,family_mentions,pct_of_family\r\n"
    # law_enforcement: d3 only. Police once; the challenges family has no mentions.
    "law_enforcement,referral,referral.police,Police,1,1,1,100.0,1,100.0\r\n"
    "law_enforcement,referral,referral.police.sheriff,Sheriff,0,0,1,0.0,1,0.0\r\n"
    "law_enforcement,referral,referral.hotline,Hotline,0,0,1,0.0,1,0.0\r\n"
    "law_enforcement,challenges,challenges.resources,Resources,0,0,1,0.0,0,\r\n"
    "law_enforcement,challenges,challenges.trust,Trust,0,0,1,0.0,0,\r\n"
    # prosecutor: d1 and d2. Police counts d1:2 (via the sheriff child) and d1:4 once each;
    # the interviewer segment d1:1 is not counted; referral family = police 2 + hotline 2.
    "prosecutor,referral,referral.police,Police,2,1,2,50.0,4,50.0\r\n"
    "prosecutor,referral,referral.police.sheriff,Sheriff,2,1,2,50.0,4,50.0\r\n"
    "prosecutor,referral,referral.hotline,Hotline,2,2,2,100.0,4,50.0\r\n"
    "prosecutor,challenges,challenges.resources,Resources,1,1,2,50.0,1,100.0\r\n"
    "prosecutor,challenges,challenges.trust,Trust,0,0,2,0.0,1,0.0\r\n"
    # total: three documents; referral family = police 3 + hotline 2.
    "total,referral,referral.police,Police,3,2,3,66.7,5,60.0\r\n"
    "total,referral,referral.police.sheriff,Sheriff,2,1,3,33.3,5,40.0\r\n"
    "total,referral,referral.hotline,Hotline,2,2,3,66.7,5,40.0\r\n"
    "total,challenges,challenges.resources,Resources,1,1,3,33.3,1,100.0\r\n"
    "total,challenges,challenges.trust,Trust,0,0,3,0.0,1,0.0\r\n"
)


def test_hand_computed_table_exact_bytes(freq_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "freq.csv"
    result = run("freq", freq_project, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == EXPECTED_CSV.encode("utf-8")
    # CSV has no room for the source: it goes to stderr.
    assert result.stderr == (
        "Source: primary coder per document (ana 3 documents); d1 has no assignment and was "
        "coded by ana and ben: ana's codings are used (first by name); assign it with "
        "`qualcode assign` or reconcile it\nGrouped by role; counting respondent segments.\n"
    )


def test_json_and_table_state_the_source(freq_project: Path) -> None:
    data = json.loads(run("freq", freq_project, "--format", "json").stdout)
    assert data["source"].startswith("primary coder per document (ana 3 documents")
    assert data["groups"] == ["law_enforcement", "prosecutor", "total"]
    police = data["rows"][0]
    assert police == {
        "group": "law_enforcement",
        "family": "referral",
        "code": "referral.police",
        "label": "Police",
        "mentions": 1,
        "documents": 1,
        "documents_in_group": 1,
        "pct_documents": 100.0,
        "family_mentions": 1,
        "pct_of_family": 100.0,
    }
    assert data["rows"][3]["pct_of_family"] is None
    table = run("freq", freq_project).stdout.splitlines()
    assert table[0] == "Code frequencies"
    assert table[1].startswith("Source: primary coder per document")
    md = run("freq", freq_project, "--format", "md").stdout
    assert (
        "| prosecutor | referral | referral.police | Police | 2 | 1 | 2 | 50.0 | 4 | 50.0 |" in md
    )


def test_by_two_attributes_coder_and_interviewer(freq_project: Path) -> None:
    data = json.loads(run("freq", freq_project, "--by", "role,site", "--format", "json").stdout)
    assert data["groups"] == [
        "law_enforcement / north",
        "prosecutor / north",
        "prosecutor / south",
        "total",
    ]
    by_site = json.loads(run("freq", freq_project, "--by", "site", "--format", "json").stdout)
    north_police = next(
        r for r in by_site["rows"] if r["group"] == "north" and r["code"] == "referral.police"
    )
    assert (
        north_police["mentions"],
        north_police["documents"],
        north_police["documents_in_group"],
    ) == (3, 2, 2)
    ben = json.loads(run("freq", freq_project, "--coder", "ben", "--format", "json").stdout)
    assert ben["source"] == "coder ben (1 documents)"
    trust = next(
        r for r in ben["rows"] if r["group"] == "total" and r["code"] == "challenges.trust"
    )
    assert (trust["mentions"], trust["documents_in_group"]) == (1, 1)
    everyone = json.loads(
        run("freq", freq_project, "--include-interviewer", "--format", "json").stdout
    )
    hotline = next(
        r
        for r in everyone["rows"]
        if r["group"] == "prosecutor" and r["code"] == "referral.hotline"
    )
    assert hotline["mentions"] == 3


def test_freq_user_errors(freq_project: Path) -> None:
    before = dump(freq_project)
    unknown = run("freq", freq_project, "--by", "county")
    assert unknown.exit_code == 1
    assert (
        "--by county: no document has that attribute (attributes: participant_id, role, site)"
        in unknown.stderr
    )
    consensus = run("freq", freq_project, "--consensus")
    assert consensus.exit_code == 1 and "No document is fully reconciled yet" in consensus.stderr
    nobody = run("freq", freq_project, "--coder", "zed")
    assert (
        nobody.exit_code == 1 and "--coder zed: no such coder (coders: ana, ben)" in nobody.stderr
    )
    assert dump(freq_project) == before


def test_quotes_order_children_and_safety(freq_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "quotes.csv"
    result = run("quotes", freq_project, "--code", "referral.police", "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().decode("utf-8") == (
        "code,label,group,document,participant_id,segment_id,speaker,text,role,site\r\n"
        "referral.police,Police,law_enforcement,d3,P3,d3:2,Respondent,Detectives.,law_enforcement,north\r\n"
        "referral.police,Police,prosecutor,d1,P1,d1:2,Respondent,'=SUM(A1) the sheriff and the hotline.,prosecutor,north\r\n"
        "referral.police,Police,prosecutor,d1,P1,d1:4,Respondent,Police again.,prosecutor,north\r\n"
    )  # d1:2 was coded with the child referral.police.sheriff only: the parent includes it
    everything = list(
        csv.DictReader(run("quotes", freq_project, "--format", "csv").stdout.splitlines())
    )
    assert [(q["code"], q["segment_id"]) for q in everything] == [
        ("referral.police", "d3:2"),
        ("referral.police", "d1:2"),
        ("referral.police", "d1:4"),
        ("referral.police.sheriff", "d1:2"),
        ("referral.police.sheriff", "d1:4"),
        ("referral.hotline", "d1:2"),
        ("referral.hotline", "d2:4"),
        ("challenges.resources", "d2:2"),
    ]
    wrong = run("quotes", freq_project, "--code", "referral.polise")
    assert wrong.exit_code == 1 and "did you mean 'referral.police'?" in wrong.stderr


def test_html_report_is_self_contained(freq_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", freq_project, "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert 'src="http' not in page and "url(http" not in page
    assert page.count("<svg") == 3  # the heat maps and the kappa chart (ana and ben share d1)
    # The frequency table: prosecutor police = 2 mentions, 50% of the referral family.
    assert (
        '<td title="referral.police">Police</td><td>1 (100.0%)</td><td>2 (50.0%)</td><td>3 (60.0%)</td>'
        in page
    )
    # Quotes are escaped text.
    assert "=SUM(A1) the sheriff and the hotline." in page
    assert "<footer>P1, prosecutor — d1:2</footer>" in page


def test_html_report_without_double_coding(tmp_path: Path, project: Path) -> None:
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("segment_id,coder,code\nint01:2,ana,referral.hotline\n", encoding="utf-8")
    run("codings", "import", project, csv_path, "--unlisted", "reviewed")
    out = tmp_path / "r.html"
    assert run("report", project, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "Agreement is not available" in page
    assert page.count("<svg") == 2  # the heat maps of frequencies and co-occurrence
