"""The codings CSV never invents reviews (SPEC §4.1): a coder who reviewed 5 of a document's 50
segments still has 5 reviewed after export and import, and kappa counts exactly those."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import content, run


def transcript(turns: int) -> str:
    speakers = ("Interviewer", "Respondent")
    return "".join(f"{speakers[i % 2]}: turn {i + 1} about the hotline.\n" for i in range(turns))


def setup(location: str, tmp_path: Path, mini_codebook: Path) -> None:
    assert run("new", location, "--codebook", mini_codebook).exit_code == 0
    (tmp_path / "long.txt").write_text(transcript(50), encoding="utf-8")
    assert run("add", location, tmp_path / "long.txt", "--no-deidentify").exit_code == 0


def write(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("segment_id,coder,code\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def reviewed(location: str, coder: str) -> list[int]:
    tables = content(location)
    coder_id = next(row[0] for row in tables["coders"] if row[1] == coder)
    numbers = {row[0]: row[2] for row in tables["segments"]}
    return sorted(numbers[row[0]] for row in tables["reviews"] if row[1] == coder_id)


def units(location: str) -> int:
    result = run("kappa", location, "--coders", "ana,ben", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return int(json.loads(result.stdout)["pairs"][0]["n_units"])


def test_half_reviewed_work_round_trips_exactly(
    location: str, tmp_path: Path, mini_codebook: Path
) -> None:
    setup(location, tmp_path, mini_codebook)
    # ben read the whole document; ana reviewed 5 of its 50 segments (one coded).
    ben = write(tmp_path, "ben.csv", [f"long:{n},ben," for n in range(1, 51)])
    assert run("codings", "import", location, ben).exit_code == 0
    ana_rows = ["long:2,ana,referral.hotline", *[f"long:{n},ana," for n in (4, 6, 8, 10)]]
    ana = write(tmp_path, "ana.csv", ana_rows)
    refused = run("codings", "import", location, ana)
    assert refused.exit_code == 1
    assert "ana on long: 5 of 50 segments listed (20 non-interviewer segments missing)" in (
        refused.stderr
    )
    assert "--unlisted reviewed" in refused.stderr and "--unlisted unreviewed" in refused.stderr
    assert run("codings", "import", location, ana, "--unlisted", "unreviewed").exit_code == 0
    assert reviewed(location, "ana") == [2, 4, 6, 8, 10]
    assert units(location) == 5

    # Export, then import the export: refused without the option, nothing changed ...
    exported = tmp_path / "export.csv"
    assert run("codings", "export", location, "-o", exported).exit_code == 0
    assert exported.read_text(encoding="utf-8").count(",ana,") == 5
    before = content(location)
    again = run("codings", "import", location, exported)
    assert again.exit_code == 1 and "ana on long" in again.stderr
    assert content(location) == before
    # ... and with --unlisted unreviewed exactly the same reviews: kappa counts 5 units, not 50.
    assert run("codings", "import", location, exported, "--unlisted", "unreviewed").exit_code == 0
    assert reviewed(location, "ana") == [2, 4, 6, 8, 10]
    assert reviewed(location, "ben") == list(range(1, 51))
    assert units(location) == 5
    assert run("codings", "export", location).stdout.replace("\n", "\r\n").encode() == (
        exported.read_bytes()
    )


def test_unlisted_reviewed_marks_the_whole_document(
    location: str, tmp_path: Path, mini_codebook: Path
) -> None:
    setup(location, tmp_path, mini_codebook)
    ana = write(tmp_path, "ana.csv", ["long:2,ana,referral.hotline"])
    assert run("codings", "import", location, ana, "--unlisted", "reviewed").exit_code == 0
    assert reviewed(location, "ana") == list(range(1, 51))


def test_unlisted_unreviewed_removes_earlier_marks_and_audits_it(
    location: str, tmp_path: Path, mini_codebook: Path
) -> None:
    setup(location, tmp_path, mini_codebook)
    whole = write(tmp_path, "whole.csv", [f"long:{n},ana," for n in range(2, 51, 2)])
    assert run("codings", "import", location, whole).exit_code == 0  # interviewer turns may go
    assert reviewed(location, "ana") == list(range(1, 51))
    part = write(tmp_path, "part.csv", ["long:2,ana,", "long:3,ana,"])
    assert run("codings", "import", location, part, "--unlisted", "unreviewed").exit_code == 0
    assert reviewed(location, "ana") == [2, 3]
    audit = [row for row in content(location)["audit_log"] if row[3] == "reviews_removed"]
    assert [(row[2], row[4], row[8]) for row in audit] == [
        ("ana", "long", "48 segment(s) not listed by a codings import (cli)")
    ]


def test_codings_that_contradict_the_assignments_warn(
    location: str, tmp_path: Path, mini_codebook: Path
) -> None:
    setup(location, tmp_path, mini_codebook)
    assert run("assign", location, "--coders", "ana", "--double", "0").exit_code == 0
    rows = [f"long:{n},{coder}," for coder in ("ana", "cy") for n in range(1, 51)]
    result = run("codings", "import", location, write(tmp_path, "c.csv", rows))
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: these codings contradict the assignments (imported all the same):\n"
        "  long: coded by cy, assigned to ana\n"
    )
    assert reviewed(location, "cy") == list(range(1, 51))
