"""Deidentification covers what travels with the text: file names (document names), front
matter and manifest attribute values; `scan` reports them too."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import dump, run

Write = Callable[[str, str | bytes], Path]

TEXT = (
    "Interviewer: How did the case start?\n"
    "Respondent: A worker called the hotline about the farm.\n"
)
FRONT = "---\nparticipant: Maria Lopez\nrole: service_provider\n---\n" + TEXT
MANIFEST = (
    "file,participant_id,role,notes\n"
    "Maria_Lopez_interview.txt,P01,prosecutor,referred by Detective Samuel Okafor\n"
    "int07.txt,P02,service_provider,\n"
)


def test_file_names_and_attribute_values_are_deidentified(project: Path, write: Write) -> None:
    write("in/Maria_Lopez_interview.txt", TEXT)
    write("in/int07.txt", FRONT)
    manifest = write("in/manifest.csv", MANIFEST)
    result = run("add", project, "--manifest", manifest)
    assert result.exit_code == 0, result.stderr
    assert (
        "Renamed: Maria_Lopez_interview.txt -> doc001 (the file name holds an identifier; keep "
        "file names with --keep-file-names)." in result.stdout
    )
    assert "Attribute values deidentified: doc001 (notes), int07 (participant)." in result.stdout
    records = {
        r["document"]: r for r in json.loads(run("documents", project, "--format", "json").stdout)
    }
    assert records["doc001"]["source"] == "doc001.txt"
    assert records["doc001"]["attributes"] == {
        "notes": "referred by Detective [PERSON_2]",  # PERSON_1 is the file name's person
        "participant_id": "P01",  # the study's own code stays
        "role": "prosecutor",
    }
    assert records["doc001"]["deid_report"]["metadata"] == {
        "file name": ["PERSON"],
        "notes": ["PERSON"],
    }
    assert records["int07"]["attributes"]["participant"] == "[PERSON_1]"
    assert records["int07"]["attributes"]["participant_id"] == "P02"
    stored = "\n".join(dump(project))
    for value in ("Maria", "Lopez", "Okafor", "Samuel"):
        assert value not in stored
    assert "doc001:1" in run("segments", project, "--document", "doc001").stdout


def test_the_next_neutral_name_skips_names_taken(project: Path, write: Write) -> None:
    first = run("add", project, write("a/Maria_Lopez.txt", TEXT))
    second = run("add", project, write("b/John_Okafor_2024.txt", TEXT))
    assert first.exit_code == 0 and second.exit_code == 0
    names = [
        r["document"] for r in json.loads(run("documents", project, "--format", "json").stdout)
    ]
    assert names == ["doc001", "doc002", "int01", "int02"]


def test_keep_file_names_says_what_it_does(project: Path, write: Write) -> None:
    help_text = run("add", "--help").stdout
    assert "--keep-file-names" in help_text and "appears in every segment id" in help_text
    result = run("add", project, write("in/Maria_Lopez_interview.txt", TEXT), "--keep-file-names")
    assert result.exit_code == 0
    assert "Renamed" not in result.stdout
    names = [
        r["document"] for r in json.loads(run("documents", project, "--format", "json").stdout)
    ]
    assert "Maria_Lopez_interview" in names


def test_names_without_identifiers_are_kept(project: Path, write: Write) -> None:
    result = run("add", project, write("in/int31.txt", TEXT), write("in/prosecutor_03.txt", TEXT))
    assert result.exit_code == 0
    assert "Renamed" not in result.stdout
    names = [
        r["document"] for r in json.loads(run("documents", project, "--format", "json").stdout)
    ]
    assert names == ["int01", "int02", "int31", "prosecutor_03"]


def test_scan_reports_identifiers_outside_the_text(write: Write) -> None:
    named = write("in/Maria_Lopez_interview.txt", TEXT)
    front = write("in/int07.txt", FRONT)
    result = run("scan", named, front)
    assert result.exit_code == 0
    assert f"{named}: identifiers outside the text (file name: PERSON)" in result.stdout
    assert f"{front}: identifiers outside the text (participant: PERSON)" in result.stdout
    assert "Lopez" not in result.stdout.replace(str(named), "")
