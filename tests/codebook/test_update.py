"""Revising a project's codebook (SPEC §5.3): nothing is dropped silently."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import MINI_CODEBOOK, dump, run


def codings_of(project: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(project) as connection:
        return connection.execute(
            "SELECT c.name, g.code_id FROM codings g JOIN coders c ON c.id = g.coder_id "
            "ORDER BY 1, 2"
        ).fetchall()


def coded_project(project: Path, tmp_path: Path) -> Path:
    csv = tmp_path / "codings.csv"
    csv.write_text(
        "segment_id,coder,code\nint01:2,ana,referral.hotline\nint01:4,ana,challenges.resources\n",
        encoding="utf-8",
    )
    assert run("codings", "import", project, csv).exit_code == 0
    return project


def revised(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "revised.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HOTLINE = """\
      - id: hotline
        label: Hotline
        key: h
        definition: The referral came from a hotline.
"""


def test_removing_a_coded_code_is_refused_and_nothing_changes(
    project: Path, tmp_path: Path
) -> None:
    coded_project(project, tmp_path)
    before = dump(project)
    result = run(
        "codebook", "update", project, revised(tmp_path, MINI_CODEBOOK.replace(HOTLINE, ""))
    )
    assert result.exit_code == 1
    assert "'referral.hotline' has 1 coding and is missing from the new codebook" in result.stderr
    assert "retired: true" in result.stderr and "renamed_from: referral.hotline" in result.stderr
    assert dump(project) == before


def test_retired_code_keeps_its_codings(project: Path, tmp_path: Path) -> None:
    coded_project(project, tmp_path)
    text = MINI_CODEBOOK.replace(
        "definition: The referral came from a hotline.\n",
        "definition: The referral came from a hotline.\n        retired: true\n",
    ).replace("version: 1", "version: 2")
    result = run("codebook", "update", project, revised(tmp_path, text))
    assert result.exit_code == 0, result.stderr
    assert "retired: referral.hotline" in result.stdout
    assert ("ana", "referral.hotline") in codings_of(project)
    with sqlite3.connect(project) as connection:
        assert connection.execute(
            "SELECT retired FROM codes WHERE id='referral.hotline'"
        ).fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM codebook_versions").fetchone() == (2,)


def test_rename_moves_codings_and_is_audited(project: Path, tmp_path: Path) -> None:
    coded_project(project, tmp_path)
    text = MINI_CODEBOOK.replace(
        HOTLINE,
        "      - id: tip_line\n        label: Hotlines and tip lines\n        key: h\n"
        "        definition: Hotline or tip line.\n        renamed_from: hotline\n",
    )
    result = run("codebook", "update", project, revised(tmp_path, text))
    assert result.exit_code == 0, result.stderr
    assert "renamed: referral.hotline -> referral.tip_line" in result.stdout
    assert codings_of(project) == [("ana", "challenges.resources"), ("ana", "referral.tip_line")]
    with sqlite3.connect(project) as connection:
        detail = connection.execute(
            "SELECT detail FROM audit_log WHERE action='code_renamed'"
        ).fetchone()
        assert detail == ("referral.hotline -> referral.tip_line: 1 codings follow",)
        assert connection.execute(
            "SELECT count(*) FROM codes WHERE id='referral.hotline'"
        ).fetchone() == (0,)


def test_uncoded_code_may_be_removed_and_new_codes_added(project: Path, tmp_path: Path) -> None:
    coded_project(project, tmp_path)
    text = MINI_CODEBOOK.replace(
        "      - id: law_enforcement\n        label: Law enforcement\n        key: l\n"
        "        definition: The referral came from police.\n",
        "",
    ) + (
        "      - id: turnover\n        label: Staff turnover\n        key: t\n"
        "        definition: People leave.\n"
    )
    result = run("codebook", "update", project, revised(tmp_path, text))
    assert result.exit_code == 0, result.stderr
    assert "added: challenges.turnover" in result.stdout
    assert "removed (no codings): referral.law_enforcement" in result.stdout


def test_identical_codebook_is_a_no_op(project: Path, tmp_path: Path) -> None:
    before = dump(project)
    result = run("codebook", "update", project, revised(tmp_path, MINI_CODEBOOK))
    assert result.exit_code == 0
    assert "identical" in result.stdout
    assert dump(project) == before


def test_bad_rename_target_is_refused(project: Path, tmp_path: Path) -> None:
    text = MINI_CODEBOOK.replace(
        "definition: Not enough money or staff.\n",
        "definition: Not enough money or staff.\n        renamed_from: funding\n",
    )
    result = run("codebook", "update", project, revised(tmp_path, text))
    assert result.exit_code == 1
    assert "renamed_from 'challenges.funding', but the project has no code" in result.stderr
