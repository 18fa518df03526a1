"""`qualcode scan`: findings per file without importing; values only on request, on a terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run

Write = Callable[[str, str | bytes], Path]

TEXT = """\
Interviewer: Who called it in?
Respondent: Officer Brandvold, from (555) 014-3380. The workers lived at 12 Orchard Row.
Interviewer: And the company?
Respondent: Redhill Produce LLC. Brandvold knew them.
"""


def test_scan_reports_types_and_counts_only(tmp_path: Path, write: Write) -> None:
    path = write("int41.txt", TEXT)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("scan", path)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "file", "replaced", "PERSON", "PLACE", "ORG", "FAC", "PHONE", "EMAIL", "ADDRESS", "URL",
        "ID", "SSN", "DATE", "review",
    ]  # fmt: skip
    assert lines[2].split() == [
        str(path),
        "5",
        "2",
        "0",
        "1",
        "0",
        "1",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
        "-",
    ]
    for value in ("Brandvold", "014-3380", "Orchard Row", "Redhill"):
        assert value not in result.stdout and value not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_show_values_is_refused_unless_on_a_terminal(write: Write) -> None:
    path = write("int42.txt", TEXT)
    refused = run("scan", path, "--show-values")
    assert refused.exit_code == 1
    assert "standard output is not a terminal" in refused.stderr
    assert "--force-values" in refused.stderr
    assert "Brandvold" not in refused.stdout + refused.stderr


def test_show_values_on_a_terminal_or_when_forced(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("int43.txt", TEXT)
    forced = run("scan", path, "--show-values", "--force-values")
    assert forced.exit_code == 0
    listing = forced.stdout.split(f"\n{path}\n")[1].splitlines()
    assert listing == [
        "  [PERSON_1]   Brandvold",
        "  [PHONE_1]    (555) 014-3380",
        "  [ADDRESS_1]  12 Orchard Row",
        "  [ORG_1]      Redhill Produce LLC",
    ]
    monkeypatch.setattr("qualcode.cli.deid.stdout_is_terminal", lambda: True)
    on_terminal = run("scan", path, "--show-values")
    assert on_terminal.exit_code == 0
    assert on_terminal.stdout == forced.stdout


def test_scan_json_and_a_project_allowlist(tmp_path: Path, project: Path, write: Write) -> None:
    path = write("int44.txt", TEXT)
    records = json.loads(run("scan", path, "--format", "json").stdout)
    assert records[0]["file"] == str(path)
    assert records[0]["counts"]["ORG"] == {"mentions": 1, "distinct": 1}
    run("allowlist", project, "--add", "Redhill Produce LLC")
    kept = json.loads(run("scan", path, "--format", "json", "--project", project).stdout)
    assert "ORG" not in kept[0]["counts"]
    assert "Brandvold" not in json.dumps(records)


def test_scan_of_an_unreadable_file_is_a_clear_error(write: Write) -> None:
    result = run("scan", write("int45.txt", b""))
    assert result.exit_code == 1
    assert "the file is empty" in result.stderr
