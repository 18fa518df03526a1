"""`qualcode matrix`, `cooccur` and `memos` on the tiny project of conftest.py, by hand."""

from __future__ import annotations

import csv
import io
import json
import math
import stat
from pathlib import Path

import pytest

from qualcode.project import open_project
from qualcode.project.coding import CodingSession
from tests.conftest import dump, run

HEADER = (
    "segment_id,document,n,speaker,participant_id,role,site,referral.police,"
    "referral.police.sheriff,referral.hotline,challenges.resources,challenges.trust\r\n"
)
# Police rolls up its child sheriff (d1:2); the interviewer's d1:1 is not a row; d1 counts
# ana's codings (ben's trust on d1:2 is not there); the formula-looking text is not a column
# here, and the segment ids never start with a formula character.
EXPECTED_MATRIX = HEADER + (
    "d1:2,d1,2,Respondent,P1,prosecutor,north,1,1,1,1,0\r\n"
    "d1:4,d1,4,Respondent,P1,prosecutor,north,1,0,0,0,0\r\n"
    "d2:2,d2,2,Respondent,P2,prosecutor,south,0,0,1,1,0\r\n"
    "d2:4,d2,4,Respondent,P2,prosecutor,south,0,0,1,0,0\r\n"
    "d3:2,d3,2,Respondent,P3,law_enforcement,north,1,0,0,0,1\r\n"
    "d3:4,d3,4,Respondent,P3,law_enforcement,north,0,0,0,0,0\r\n"
)


def test_matrix_csv_exact_bytes_and_private_file(export_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "matrix.csv"
    result = run("matrix", export_project, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().decode("utf-8") == EXPECTED_MATRIX
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "ana's codings are used" in result.stderr


def test_matrix_text_is_neutralised_in_csv(export_project: Path) -> None:
    result = run("matrix", export_project, "--text")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["text"] == "'=SUM(A1) the sheriff and the hotline, no money."
    assert rows[1]["text"] == "Police."


def test_matrix_of_one_coder_and_json(export_project: Path) -> None:
    result = run("matrix", export_project, "--coder", "ben", "--format", "json", "--text")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["source"] == "coder ben (1 documents)"
    assert [code["label"] for code in document["codes"]] == [
        "Police", "Sheriff", "Hotline", "Resources", "Trust",
    ]  # fmt: skip
    rows = document["rows"]
    assert [row["segment_id"] for row in rows] == ["d1:2", "d1:4"]
    assert [row["challenges.trust"] for row in rows] == [1, 0]
    assert rows[0]["referral.hotline"] == 0
    assert rows[0]["text"] == "=SUM(A1) the sheriff and the hotline, no money."  # JSON: as is


def test_matrix_bad_source_options(export_project: Path) -> None:
    before = dump(export_project)
    result = run("matrix", export_project, "--coder", "zoe")
    assert result.exit_code == 1
    assert "--coder zoe: no such coder (coders: ana, ben)" in result.stderr
    result = run("matrix", export_project, "--coder", "ana", "--consensus")
    assert result.exit_code == 1
    assert "give one of them, not both" in result.stderr
    result = run("matrix", export_project, "--consensus")
    assert result.exit_code == 1
    assert "No document is fully reconciled" in result.stderr
    assert dump(export_project) == before


# Segment level, 6 respondent segments. Units coded: police 3 (d1:2, d1:4, d3:2), sheriff 1,
# hotline 3 (d1:2, d2:2, d2:4), resources 2 (d1:2, d2:2), trust 1 (d3:2). Police and its own
# sub-code sheriff are not paired. (code_a, code_b): (both, units_a, units_b, jaccard)
SEGMENT_PAIRS = {
    ("referral.police", "referral.hotline"): (1, 3, 3, 1 / 5),
    ("referral.police", "challenges.resources"): (1, 3, 2, 1 / 4),
    ("referral.police", "challenges.trust"): (1, 3, 1, 1 / 3),
    ("referral.police.sheriff", "referral.hotline"): (1, 1, 3, 1 / 3),
    ("referral.police.sheriff", "challenges.resources"): (1, 1, 2, 1 / 2),
    ("referral.police.sheriff", "challenges.trust"): (0, 1, 1, 0.0),
    ("referral.hotline", "challenges.resources"): (2, 3, 2, 2 / 3),
    ("referral.hotline", "challenges.trust"): (0, 3, 1, 0.0),
    ("challenges.resources", "challenges.trust"): (0, 2, 1, 0.0),
}
# Document level: d1 police, sheriff, hotline, resources; d2 hotline, resources; d3 police,
# trust.
DOCUMENT_PAIRS = {
    ("referral.police", "referral.hotline"): (1, 2, 2, 1 / 3),
    ("referral.police", "challenges.resources"): (1, 2, 2, 1 / 3),
    ("referral.police", "challenges.trust"): (1, 2, 1, 1 / 2),
    ("referral.police.sheriff", "referral.hotline"): (1, 1, 2, 1 / 2),
    ("referral.police.sheriff", "challenges.resources"): (1, 1, 2, 1 / 2),
    ("referral.police.sheriff", "challenges.trust"): (0, 1, 1, 0.0),
    ("referral.hotline", "challenges.resources"): (2, 2, 2, 1.0),
    ("referral.hotline", "challenges.trust"): (0, 2, 1, 0.0),
    ("challenges.resources", "challenges.trust"): (0, 2, 1, 0.0),
}


def _pairs(rows: list[dict[str, object]], group: str) -> dict[tuple[str, str], tuple]:  # type: ignore[type-arg]
    return {
        (str(r["code_a"]), str(r["code_b"])): (r["both"], r["units_a"], r["units_b"], r["jaccard"])
        for r in rows
        if r["group"] == group
    }


@pytest.mark.parametrize(
    ("level", "expected", "units"), [("segment", SEGMENT_PAIRS, 6), ("document", DOCUMENT_PAIRS, 3)]
)
def test_cooccurrence_by_hand(
    export_project: Path,
    level: str,
    expected: dict[tuple[str, str], tuple],  # type: ignore[type-arg]
    units: int,
) -> None:
    result = run("cooccur", export_project, "--level", level, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["level"] == level
    rows = document["rows"]
    assert {r["units"] for r in rows} == {units}
    found = _pairs(rows, "total")
    assert found.keys() == expected.keys()
    for pair, (both, units_a, units_b, jaccard) in expected.items():
        assert found[pair][:3] == (both, units_a, units_b), pair
        assert math.isclose(found[pair][3], jaccard, abs_tol=1e-12), pair


def test_cooccurrence_by_role_csv(export_project: Path) -> None:
    result = run("cooccur", export_project, "--by", "role", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["group"] for r in rows] == ["law_enforcement"] * 9 + ["prosecutor"] * 9 + [
        "total"
    ] * 9
    prosecutor = {(r["code_a"], r["code_b"]): r for r in rows if r["group"] == "prosecutor"}
    # Prosecutors: 4 segments; hotline on d1:2, d2:2, d2:4 and resources on d1:2, d2:2.
    both = prosecutor[("referral.hotline", "challenges.resources")]
    assert (both["both"], both["units_a"], both["units_b"], both["units"]) == ("2", "3", "2", "4")
    assert both["jaccard"] == "0.667"
    police = {(r["code_a"], r["code_b"]): r for r in rows if r["group"] == "law_enforcement"}
    assert police[("referral.police", "challenges.trust")]["jaccard"] == "1.0"
    assert police[("referral.hotline", "challenges.resources")]["jaccard"] == ""  # undefined


def test_cooccurrence_table_lists_pairs_that_occur(export_project: Path) -> None:
    result = run("cooccur", export_project)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "6 pairs co-occur at least once." in lines
    first = lines[lines.index("6 pairs co-occur at least once.") + 4]
    assert first.split() == ["total", "referral.hotline", "Hotline", "challenges.resources",
                             "Resources", "2", "3", "2", "6", "0.667"]  # fmt: skip


def test_cooccurrence_bad_attribute(export_project: Path) -> None:
    result = run("cooccur", export_project, "--by", "county")
    assert result.exit_code == 1
    assert (
        "--by county: no document has that attribute (attributes: participant_id, role, site)"
        in result.stderr
    )


def _memos(project: Path) -> None:
    with open_project(project) as opened:
        session = CodingSession(opened, "ana")
        d1 = next(d for d in session.documents() if d.name == "d1")
        session.open(d1.id, d1.name)
        session.save_memo(None, "Whole interview: short answers.")()
        session.save_memo(1, "=cmd|' /C calc'!A0 looks like a formula")()
        segment = session.document.segments[1] if session.document else None
        assert segment is not None
        opened.save_code_note(
            "referral.hotline", "Tip lines count as hotlines?", actor="ben",
            document_id=d1.id, segment_pk=segment.pk,
        )  # fmt: skip


def test_memos_csv(export_project: Path, tmp_path: Path) -> None:
    _memos(export_project)
    out = tmp_path / "memos.csv"
    result = run("memos", export_project, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["kind"], r["coder"], r["document"], r["segment_id"], r["code"]) for r in rows] == [
        ("document memo", "ana", "d1", "", ""),
        ("segment memo", "ana", "d1", "d1:2", ""),
        ("code note", "ben", "d1", "d1:2", "referral.hotline"),
    ]
    assert rows[0]["text"] == "Whole interview: short answers."
    assert rows[1]["text"] == "'=cmd|' /C calc'!A0 looks like a formula"  # neutralised
    assert rows[2]["text"] == "Tip lines count as hotlines?"
    assert all(r["created_at"] and r["updated_at"] for r in rows)


def test_memos_markdown(export_project: Path) -> None:
    _memos(export_project)
    result = run("memos", export_project)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Memos and code notes\n\n## d1\n")
    assert "**segment memo, d1:2 — ana, " in text
    assert "**code note, d1:2, on referral.hotline — ben, " in text
    assert "Tip lines count as hotlines?" in text


def test_no_memos(export_project: Path, tmp_path: Path) -> None:
    assert run("memos", export_project, "--format", "csv", "-o", tmp_path / "m.csv").exit_code == 0
    assert (
        tmp_path / "m.csv"
    ).read_bytes().decode() == "kind,coder,created_at,updated_at,document,segment_id,code,text\r\n"


def test_matrix_before_any_coding_is_a_header(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = run("matrix", project, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (
        b"segment_id,document,n,speaker,role,referral.law_enforcement,referral.hotline,"
        b"challenges.resources\r\n"
    )


def test_an_attribute_named_like_a_segment_column(tmp_path: Path, mini_codebook: Path) -> None:
    project = tmp_path / "s.qualcode"
    assert run("new", project, "--codebook", mini_codebook).exit_code == 0
    (tmp_path / "a.txt").write_text(
        "Interviewer: Who?\nRespondent: The hotline.\n", encoding="utf-8"
    )
    result = run("add", project, tmp_path / "a.txt", "--attr", "speaker=pilot", "--no-deidentify")
    assert result.exit_code == 0, result.output
    (tmp_path / "c.csv").write_text(
        "segment_id,coder,code\na:1,ana,\na:2,ana,referral.hotline\n", encoding="utf-8"
    )
    assert run("codings", "import", project, tmp_path / "c.csv").exit_code == 0
    out = tmp_path / "m.csv"
    assert run("matrix", project, "-o", out).exit_code == 0
    assert out.read_bytes().splitlines()[:2] == [
        b"segment_id,document,n,speaker,attr_speaker,referral.law_enforcement,referral.hotline,"
        b"challenges.resources",
        b"a:2,a,2,Respondent,pilot,0,1,0",
    ]
    result = run("cooccur", project, "--by", "speaker", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert {row["group"] for row in csv.DictReader(io.StringIO(result.stdout))} == {
        "pilot",
        "total",
    }
