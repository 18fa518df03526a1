"""`qualcode suggest`: batch suggestions and the evaluation, through the command line."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from qualcode.project import open_project
from qualcode.project.suggest import training_set
from tests.conftest import dump, run


@pytest.fixture
def coded(project: Path, tmp_path: Path) -> Path:
    codings = tmp_path / "codings.csv"
    codings.write_text(
        "segment_id,coder,code\nint01:2,ana,referral.law_enforcement\nint01:4,ana,\n",
        encoding="utf-8",
    )
    assert run("codings", "import", project, codings).exit_code == 0
    return project


def test_the_training_set_is_the_reviewed_respondent_segments(coded: Path) -> None:
    with open_project(coded) as opened:
        found = training_set(opened)
    assert [sorted(e.codes) for e in found.examples] == [["referral.law_enforcement"], []]
    assert "primary coder per document (ana 1 documents)" in found.source


def test_suggestions_list_codes_nobody_applied(coded: Path) -> None:
    before = dump(coded)
    result = run("suggest", coded, "--min-score", "0", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = {(row["segment_id"], row["code"]): row for row in rows}
    # The hotline is named in int02:2: known from the code's own words (too few codings).
    hotline = found[("int02:2", "referral.hotline")]
    assert hotline["basis"] == "codebook"
    assert "hotline" in hotline["words"].split(", ")
    assert 0 < float(hotline["score"]) <= 0.6
    assert hotline["text"].startswith("Mostly from the sheriff")
    assert ("int01:2", "referral.law_enforcement") not in found  # ana applied it there
    assert {row["segment_id"] for row in rows} <= {"int01:2", "int01:4", "int02:2", "int02:4"}
    assert "Too few codings to learn from: challenges.resources (0)" in result.stderr
    assert dump(coded) == before  # nothing applied, nothing written


def test_one_document_and_a_file(coded: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.json"
    result = run("suggest", coded, "--document", "int02", "--min-score", "0.1", "--format",
                 "json", "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["rows"]
    assert {row["segment_id"].split(":")[0] for row in document["rows"]} == {"int02"}
    assert all(row["score"] >= 0.1 for row in document["rows"])


def test_unknown_document_and_nothing_coded(project: Path, coded: Path) -> None:
    result = run("suggest", coded, "--document", "int09")
    assert result.exit_code == 1
    assert "no document 'int09'" in result.output
    fresh = run("suggest", project.parent / "other.qualcode")
    assert fresh.exit_code == 1 and "no such project" in fresh.output


def test_nothing_reviewed_is_a_clear_error(project: Path) -> None:
    before = dump(project)
    result = run("suggest", project)
    assert result.exit_code == 1
    assert "no respondent segment has been reviewed yet" in result.output
    assert dump(project) == before


def test_evaluate_on_the_sample_beats_the_keyword_hints(tmp_path: Path) -> None:
    assert run("demo", "--dir", tmp_path, "--no-tui").exit_code == 0
    result = run("suggest", tmp_path / "demo.qualcode", "--evaluate", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    overall = document["rows"][0]
    assert overall["code"] == "(all codes)"
    assert overall["suggest_p3"] > overall["keyword_p3"]
    assert overall["suggest_r3"] > overall["keyword_r3"]
    too_few = {row["code"] for row in document["rows"] if row["model"] == "too few"}
    assert "referral.government" in too_few  # one coding in the sample
    assert any("5 folds by document" in note for note in document["notes"])


def test_the_helper_process_relearns_as_codings_accumulate(coded: Path, tmp_path: Path) -> None:
    from qualcode.project import suggestions as helper

    helper._project = coded  # what the helper process does when the coding screen starts it
    try:
        helper._learn()
        found, note = helper._suggest_codes(["We also get calls from the hotline."], True)
        assert note == "learnt from 2 reviewed segments"
        assert found is not None
        # ana coded this sentence's segment (int01:2) with law enforcement: that comes first.
        assert [s.code_id for s in found[0]][:2] == ["referral.law_enforcement", "referral.hotline"]
        more = tmp_path / "ben.csv"
        more.write_text("segment_id,coder,code\nint02:2,ben,referral.hotline\n", encoding="utf-8")
        assert run("codings", "import", coded, more, "--unlisted", "reviewed").exit_code == 0
        helper._learn()
        _, note = helper._suggest_codes([], True)
        assert note == "learnt from 4 reviewed segments"  # int02, coded by ben, counts now
    finally:
        helper._project = helper._model = helper._training = None


def test_evaluate_measures_every_document(coded: Path) -> None:
    result = run("suggest", coded, "--evaluate", "--document", "int01")
    assert result.exit_code == 1
    assert "--evaluate measures on every coded document" in result.output
