"""A small double-coded project for the coding UI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.agreement.assign import Assignment
from qualcode.project import open_project
from tests.conftest import run

CODEBOOK = """\
name: UI test codebook
version: 1
families:
  - id: referral
    label: Referral streams
    key: "1"
    codes:
      - id: law_enforcement
        label: Law enforcement
        key: l
        definition: The referral came from police.
        include: [Detectives bring a survivor]
        exclude: [The agency found it itself]
        examples: ["The sheriff called us."]
        keywords: [sheriff, detective]
      - id: hotline
        label: Hotline
        key: h
        definition: The referral came from a hotline.
        keywords: [hotline, tip line]
  - id: challenges
    label: Challenges
    key: "2"
    codes:
      - id: resources
        label: Resources
        key: r
        definition: Not enough money or staff.
        keywords: [money, staff]
  - id: outlook
    label: Outlook
    key: "3"
    exclusive: true
    codes:
      - id: hopeful
        label: Hopeful
        key: h
        definition: Things improve.
      - id: bleak
        label: Bleak
        key: b
        definition: Things get worse.
"""

TRANSCRIPT = """\
Interviewer: How do cases reach you?
Respondent: Mostly the sheriff’s detectives bring them.
Interviewer: Anything else?
Respondent: Calls from the tip line, sometimes.
Interviewer: What gets in the way?
Respondent: Money. We have no staff.
"""


@pytest.fixture
def ui_project(tmp_path: Path) -> Path:
    """int01 and int02 (six turns each); ana and ben double-code int01, ana codes int02; ben
    has already coded int01:2 with challenges.resources."""
    codebook = tmp_path / "ui.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    project = tmp_path / "study.qualcode"
    assert run("new", project, "--codebook", codebook).exit_code == 0
    for name in ("int01", "int02"):
        (tmp_path / f"{name}.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert (
        run(
            "add",
            project,
            tmp_path / "int01.txt",
            tmp_path / "int02.txt",
            "--attr",
            "role=prosecutor",
            "--no-deidentify",
        ).exit_code
        == 0
    )
    ben = tmp_path / "ben.csv"
    ben.write_text("segment_id,coder,code\nint01:2,ben,challenges.resources\n", encoding="utf-8")
    assert run("codings", "import", project, ben, "--unlisted", "reviewed").exit_code == 0
    with open_project(project) as opened:
        opened.set_assignments(
            [Assignment("int01", "ana", "ben"), Assignment("int02", "ana", None)],
            "test",
            actor="test",
        )
    return project
