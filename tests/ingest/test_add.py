"""`qualcode add`: manifests, attributes, units, and all-or-nothing imports (SPEC §6)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TRANSCRIPT, dump, run

Write = Callable[[str, str | bytes], Path]


def segments_json(project: Path, document: str) -> list[dict[str, object]]:
    result = run("segments", project, "--document", document, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_turn_segments_keep_text_exactly(project: Path) -> None:
    rows = segments_json(project, "int01")
    assert [(r["segment_id"], r["speaker_kind"]) for r in rows] == [
        ("int01:1", "interviewer"),
        ("int01:2", "respondent"),
        ("int01:3", "interviewer"),
        ("int01:4", "respondent"),
    ]
    assert rows[1]["text"] == (
        "Mostly from the sheriff’s office — they call us when they find someone. "
        "We also get calls from the hotline."
    )
    assert rows[3]["text"] == "Money. We have [number of] staff for the whole county."


def test_segments_csv_columns(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "segments.csv"
    result = run("segments", project, "--document", "int02", "-o", out)
    assert result.exit_code == 0
    lines = out.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == "segment_id,document,n,speaker,speaker_kind,text"
    assert (
        lines[4]
        == "int02:4,int02,4,Respondent,respondent,Money. We have [number of] staff for the whole county."
    )


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (
            "paragraph",
            [
                "Thanks for talking with me. How do cases reach you?",
                "Mostly from the sheriff’s office — they call us when they find someone.",
                "We also get calls from the hotline.",
            ],
        ),
        (
            "sentence",
            [
                "Thanks for talking with me.",
                "How do cases reach you?",
                "Mostly from the sheriff’s office — they call us when they find someone.",
            ],
        ),
    ],
)
def test_paragraph_and_sentence_units(
    tmp_path: Path, mini_codebook: Path, write: Write, unit: str, expected: list[str]
) -> None:
    project = tmp_path / f"{unit}.qualcode"
    run("new", project, "--codebook", mini_codebook)
    path = write("int05.txt", TRANSCRIPT)
    result = run("add", project, path, "--unit", unit, "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    rows = segments_json(project, "int05")
    assert [r["text"] for r in rows][:3] == expected
    assert rows[-1]["speaker_kind"] == "respondent"


def test_manifest_attributes_and_precedence(
    tmp_path: Path, mini_codebook: Path, write: Write
) -> None:
    project = tmp_path / "m.qualcode"
    run("new", project, "--codebook", mini_codebook)
    write("t/a.txt", "---\nsite: from_front_matter\nmode: phone\n---\n" + TRANSCRIPT)
    write("t/b.txt", TRANSCRIPT)
    manifest = write(
        "t/manifest.csv",
        "file,participant_id,role,site\na.txt,P1,prosecutor,s1\nb.txt,P2,law_enforcement,\n",
    )
    result = run("add", project, "--manifest", manifest, "--attr", "wave=2", "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Added 2 document(s), 8 segments (turn), 90 words.\n"
    docs = json.loads(run("documents", project, "--format", "json").stdout)
    assert [d["attributes"] for d in docs] == [
        {"mode": "phone", "participant_id": "P1", "role": "prosecutor", "site": "s1", "wave": "2"},
        {"participant_id": "P2", "role": "law_enforcement", "wave": "2"},
    ]


@pytest.mark.parametrize(
    ("manifest", "files", "message"),
    [
        ("participant_id,role\nP1,x\n", ["a.txt"], "row 1: the manifest has no 'file' column"),
        ("file,role\na.txt,x\nc.txt,y\n", ["a.txt"], "row 3: 'c.txt' is not among the files"),
        ("file,role\na.txt,x\n", ["a.txt", "b.txt"], "b.txt: has no row in the manifest"),
        ("file,role\na.txt,x\na.txt,y\n", [], "row 3: 'a.txt' is listed again (first in row 2)"),
        ("file,role\na.txt,x,extra\n", [], "row 2: 3 cells but the header has 2 columns"),
        ("file,role\n,x\n", [], "row 2: the 'file' cell is empty"),
        ("file,role,role\na.txt,x,y\n", [], "row 1: column 'role' appears twice"),
        ("file,role\nmissing.txt,x\n", [], "row 2: missing.txt does not exist"),
        ('file,role\n"a.txt,x\n', [], "not valid CSV"),
        ("", [], "the file is empty"),
    ],
    ids=[
        "no-file-column",
        "row-without-file",
        "file-without-row",
        "duplicate-row",
        "ragged",
        "empty-file-cell",
        "duplicate-column",
        "missing-file",
        "bad-quoting",
        "empty-manifest",
    ],
)
def test_bad_manifests_change_nothing(
    project: Path, write: Write, manifest: str, files: list[str], message: str
) -> None:
    for name in ("a.txt", "b.txt"):
        write(f"in/{name}", TRANSCRIPT)
    manifest_path = write("in/manifest.csv", manifest)
    before = dump(project)
    paths = [manifest_path.parent / name for name in files]
    result = run("add", project, *paths, "--manifest", manifest_path, "--no-deidentify")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert dump(project) == before


def test_one_bad_file_imports_nothing_and_lists_every_problem(project: Path, write: Write) -> None:
    good = write("in/good.txt", TRANSCRIPT)
    empty = write("in/empty.txt", b"")
    binary = write("in/bin.txt", b"\x00\x01\x02\x03" * 10)
    before = dump(project)
    result = run("add", project, good, empty, binary, "--no-deidentify")
    assert result.exit_code == 1
    assert f"{empty}: the file is empty" in result.stderr
    assert f"{binary}: this is a binary file" in result.stderr
    assert "Nothing was imported" in result.stderr
    assert dump(project) == before


def test_duplicate_document_names_are_refused(project: Path, write: Write) -> None:
    again = write("other/int01.txt", TRANSCRIPT)
    twin_a = write("x/int09.txt", TRANSCRIPT)
    twin_b = write("y/int09.md", TRANSCRIPT)
    before = dump(project)
    result = run("add", project, again, twin_a, twin_b, "--no-deidentify")
    assert result.exit_code == 1
    assert "the project already has a document named 'int01'" in result.stderr
    assert f"same document name 'int09' as {twin_a}" in result.stderr
    assert dump(project) == before


def test_folder_import_and_bad_attr(tmp_path: Path, mini_codebook: Path, write: Write) -> None:
    project = tmp_path / "f.qualcode"
    run("new", project, "--codebook", mini_codebook)
    write("folder/one.txt", TRANSCRIPT)
    write("folder/two.md", TRANSCRIPT)
    write("folder/readme.pdf", "ignored")
    bad = run("add", project, tmp_path / "folder", "--attr", "noequals", "--no-deidentify")
    assert bad.exit_code == 1 and "write it as KEY=VALUE" in bad.stderr
    result = run("add", project, tmp_path / "folder", "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(project) as connection:
        names = connection.execute("SELECT name, format FROM documents ORDER BY name").fetchall()
    assert names == [("one", "txt"), ("two", "md")]
