"""`qualcode allowlist`: shipped defaults plus the project's own list, edited from the CLI."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from qualcode.deid.allowlist import DEFAULT_ALLOWLIST, AllowlistMatcher
from tests.conftest import dump, run

Write = Callable[[str, str | bytes], Path]


def entries(project: Path) -> list[tuple[str, str]]:
    result = run("allowlist", project)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n\n")[0].splitlines()[2:]
    return [(line[:7].strip(), line[9:].strip()) for line in lines]


def test_shipped_defaults_are_listed_and_marked(project: Path) -> None:
    listed = entries(project)
    assert listed[:3] == [
        ("shipped", "National Human Trafficking Hotline"),
        ("shipped", "National Human Trafficking Resource Center"),
        ("shipped", "National Domestic Violence Hotline"),
    ]
    assert len(listed) == len(DEFAULT_ALLOWLIST)
    assert {"H-2A", "FBI", "Department of Labor", "ICE"} <= {text for _, text in listed}
    summary = run("allowlist", project).stdout.splitlines()[-1]
    assert (
        summary
        == f"{len(DEFAULT_ALLOWLIST)} entries ({len(DEFAULT_ALLOWLIST)} shipped, 0 added here)."
    )


def test_add_and_remove_entries(project: Path) -> None:
    result = run(
        "allowlist", project, "--add", "Freedom  Network USA", "--add", "Farmworker Justice",
        "--remove", "TPS",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    listed = entries(project)
    assert listed[-2:] == [("project", "Freedom Network USA"), ("project", "Farmworker Justice")]
    assert ("shipped", "TPS") not in listed
    assert "Shipped entries switched off for this project: TPS." in result.stdout
    # Removing the project's own entry deletes it; adding a shipped one back switches it on.
    run("allowlist", project, "--remove", "freedom network usa", "--add", "tps")
    listed = entries(project)
    assert ("project", "Freedom Network USA") not in listed
    assert ("shipped", "TPS") in listed
    with sqlite3.connect(project) as connection:
        audit = connection.execute(
            "SELECT action, detail FROM audit_log WHERE action LIKE 'allowlist%' ORDER BY id"
        ).fetchall()
    assert audit == [
        ("allowlist_add", "Freedom Network USA"),
        ("allowlist_add", "Farmworker Justice"),
        ("allowlist_remove", "TPS"),
        ("allowlist_add", "TPS"),
        ("allowlist_remove", "freedom network usa"),
    ]


def test_bad_changes_change_nothing(project: Path) -> None:
    before = dump(project)
    result = run("allowlist", project, "--add", "Freedom Network USA", "--remove", "Nowhere Inc")
    assert result.exit_code == 1
    assert "--remove 'Nowhere Inc': not on the allowlist" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert dump(project) == before
    assert "at least two characters" in run("allowlist", project, "--add", " x ").stderr


def test_the_project_allowlist_applies_to_later_imports(project: Path, write: Write) -> None:
    text = "Respondent: We refer people to the Valley Farmworker Coalition every week.\n"
    run("allowlist", project, "--add", "Valley Farmworker Coalition")
    assert run("add", project, write("int31.txt", text)).exit_code == 0
    rows = json.loads(run("segments", project, "--document", "int31", "--format", "json").stdout)
    assert rows[0]["text"] == "We refer people to the Valley Farmworker Coalition every week."


def test_matcher_protects_phrases_and_capitals() -> None:
    matcher = AllowlistMatcher(
        ["ICE", "National Human Trafficking Hotline", "U.S. Attorney's Office"]
    )
    text = (
        "ICE came; the ice melted; the national  human trafficking hotline; U.S. Attorney’s Office."
    )
    assert [text[s:e] for s, e in matcher.ranges(text)] == [
        "ICE",
        "national  human trafficking hotline",
        "U.S. Attorney’s Office",
    ]
    assert matcher.contains("u.s. attorney’s office")
