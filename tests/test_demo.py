"""The sample project: fictional data that exercises the whole codebook, and the demo."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from qualcode.codebook import load_codebook
from qualcode.ingest.readers import read_transcript
from tests.conftest import CODEBOOK, SAMPLES, run


def test_demo_builds_and_summarises(tmp_path: Path) -> None:
    result = run("demo", "--dir", tmp_path / "demo", "--no-tui")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "Codebook: Labor trafficking stakeholder interviews (46 codes)"
    assert lines[2] == "Documents: 12 (22878 words)"
    assert lines[3:7] == [
        "  labor_regulator    2",
        "  law_enforcement    4",
        "  prosecutor         3",
        "  service_provider   3",
    ]
    assert lines[7] == "Segments: 592 (296 respondent, unit: turn)"
    assert lines[8:11] == [
        "Codings per coder:",
        "  ana                303",
        "  ben                338",
    ]
    assert lines[11] == "Double-coded documents: int03, int06, int12"
    # Running again reopens it (nothing duplicated)...
    again = run("demo", "--dir", tmp_path / "demo", "--no-tui")
    assert again.stdout == result.stdout
    assert again.stderr.startswith("Reopened the sample project")


def test_demo_keeps_the_coders_work_until_fresh(tmp_path: Path) -> None:
    assert run("demo", "--dir", tmp_path / "demo", "--no-tui").exit_code == 0
    project = tmp_path / "demo" / "demo.qualcode"
    work = tmp_path / "mine.csv"
    work.write_text("segment_id,coder,code\nint01:2,demo,referral.hotline\n", encoding="utf-8")
    assert run("codings", "import", project, work, "--unlisted", "reviewed").exit_code == 0
    kept = run("demo", "--dir", tmp_path / "demo", "--no-tui")
    assert "  demo               1" in kept.stdout.splitlines()
    fresh = run("demo", "--dir", tmp_path / "demo", "--no-tui", "--fresh")
    assert fresh.exit_code == 0
    assert "  demo               1" not in fresh.stdout.splitlines()
    assert "Reopened" not in fresh.stderr
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == ["demo.qualcode"]


def test_sample_transcripts_are_realistic_interviews() -> None:
    with (SAMPLES / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 12
    assert Counter(row["site"] for row in rows) == {"site_a": 4, "site_b": 4, "site_c": 4}
    assert set(row["role"] for row in rows) == {
        "law_enforcement",
        "prosecutor",
        "service_provider",
        "labor_regulator",
    }
    for row in rows:
        raw = read_transcript(SAMPLES / row["file"])
        words = sum(len(turn.text.split()) for turn in raw.turns)
        assert 1500 <= words <= 3000, (row["file"], words)
        kinds = Counter(turn.speaker_kind for turn in raw.turns)
        assert kinds["interviewer"] >= 15 and kinds["respondent"] >= 15, row["file"]


def test_sample_codings_touch_every_family_for_each_document() -> None:
    codebook, _ = load_codebook(CODEBOOK)
    families = {family.id for family in codebook.families}
    with (SAMPLES / "codings.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_document: dict[str, set[str]] = {}
    coders_by_document: dict[str, set[str]] = {}
    for row in rows:
        document = row["segment_id"].split(":")[0]
        coders_by_document.setdefault(document, set()).add(row["coder"])
        if row["code"]:
            by_document.setdefault(document, set()).add(row["code"].split(".")[0])
    assert len(by_document) == 12
    assert all(found == families for found in by_document.values())
    double = sorted(d for d, coders in coders_by_document.items() if len(coders) == 2)
    assert double == ["int03", "int06", "int12"]
