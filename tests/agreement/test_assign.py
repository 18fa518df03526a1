"""`qualcode assign`: balanced primaries, a stratified reproducible double-coding sample."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from qualcode.agreement.assign import plan_assignments
from qualcode.errors import QualcodeError
from tests.conftest import dump, run

ROLES = (
    ["law_enforcement"] * 8 + ["prosecutor"] * 5 + ["service_provider"] * 6 + ["labor_regulator"]
)
DOCUMENTS = {f"int{i:02d}": {"role": role} for i, role in enumerate(ROLES, start=1)}


def test_primaries_are_balanced_and_the_sample_is_stratified() -> None:
    plan = plan_assignments(DOCUMENTS, ["ana", "ben", "cy"], 0.2, "role", seed=3)
    assert sorted(Counter(a.primary for a in plan).values()) == [6, 7, 7]
    doubled = Counter(a.stratum for a in plan if a.second)
    # round(0.2 × size), at least one per stratum: 8 -> 2, 5 -> 1, 6 -> 1, 1 -> 1.
    assert doubled == {
        "law_enforcement": 2,
        "prosecutor": 1,
        "service_provider": 1,
        "labor_regulator": 1,
    }
    assert all(a.second != a.primary for a in plan if a.second)
    seconds = Counter(a.second for a in plan if a.second)
    assert max(seconds.values()) - min(seconds.values()) <= 1


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    first = plan_assignments(DOCUMENTS, ["ana", "ben"], 0.25, "role", seed=11)
    assert plan_assignments(DOCUMENTS, ["ana", "ben"], 0.25, "role", seed=11) == first
    others = [plan_assignments(DOCUMENTS, ["ana", "ben"], 0.25, "role", seed=s) for s in range(5)]
    assert any(other != first for other in others)


def test_unstratified_fraction_and_zero() -> None:
    plan = plan_assignments(DOCUMENTS, ["ana", "ben"], 0.1, None, seed=1)
    assert sum(1 for a in plan if a.second) == 2
    none = plan_assignments(DOCUMENTS, ["ana"], 0.0, None, seed=1)
    assert all(a.primary == "ana" and a.second is None for a in none)


@pytest.mark.parametrize(
    ("coders", "double", "stratify", "message"),
    [
        (["ana"], 0.1, None, "at least two coders"),
        (["ana", "ana"], 0.1, None, "distinct coders"),
        (["ana", "ben"], 1.5, None, "between 0 and 1"),
        (["ana", "ben"], 0.1, "county", r"no document has that attribute \(known: role\)"),
    ],
)
def test_invalid_requests(
    coders: list[str], double: float, stratify: str | None, message: str
) -> None:
    with pytest.raises(QualcodeError, match=message):
        plan_assignments(DOCUMENTS, coders, double, stratify, seed=0)


def test_assign_command_stores_and_prints(project: Path) -> None:
    result = run("assign", project, "--coders", "ana,ben", "--double", "0.5", "--seed", "4")
    assert result.exit_code == 0, result.stderr
    assert "2 documents; 1 double-coded (50%); seed 4." in result.stdout
    with sqlite3.connect(project) as connection:
        rows = connection.execute(
            "SELECT d.name, c.name, a.role FROM assignments a JOIN documents d ON d.id = a.document_id "
            "JOIN coders c ON c.id = a.coder_id ORDER BY 1, 3"
        ).fetchall()
    assert len(rows) == 3
    assert sorted(role for _, _, role in rows) == ["primary", "primary", "second"]
    assert {name for name, _, role in rows if role == "primary"} == {"int01", "int02"}
    listed = run("documents", project).stdout
    assert "assigned" in listed.splitlines()[0]


def test_reassigning_coded_documents_needs_force(project: Path, tmp_path: Path) -> None:
    csv = tmp_path / "c.csv"
    csv.write_text("segment_id,coder,code\nint01:2,zoe,referral.hotline\n", encoding="utf-8")
    run("codings", "import", project, csv, "--unlisted", "reviewed")
    before = dump(project)
    refused = run("assign", project, "--coders", "ana,ben", "--double", "0", "--seed", "1")
    assert refused.exit_code == 1
    assert "int01: coded by/assigned to zoe; plan:" in refused.stderr
    assert "--force" in refused.stderr
    assert dump(project) == before
    forced = run(
        "assign", project, "--coders", "ana,ben", "--double", "0", "--seed", "1", "--force"
    )
    assert forced.exit_code == 0
    with sqlite3.connect(project) as connection:
        assert connection.execute("SELECT count(*) FROM codings").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM assignments").fetchone() == (2,)
