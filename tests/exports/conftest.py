"""A tiny project whose matrix and co-occurrence tables are computed by hand in the tests.

Three documents of four turns (turns 1 and 3 are the interviewer's), coded by ana; ben codes
one segment of d1 too, so d1 has two coders and no assignment: ana's codings count (first by
name), as in `freq`.

Respondent segments and ana's codes (police rolls up its child sheriff):

    d1:2  sheriff, hotline, resources      (text starts with "=": a formula-looking quote)
    d1:4  police
    d2:2  resources, hotline
    d2:4  hotline
    d3:2  police, trust
    d3:4  (reviewed, nothing applies)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run

CODEBOOK = """\
name: Export test codebook
version: 2
families:
  - id: referral
    label: Referral streams
    key: "1"
    description: How cases arrive.
    codes:
      - id: police
        label: Police
        definition: Police referral.
        include: [Detectives bringing a survivor]
        exclude: [The respondent is the police]
        examples: ["The detectives call us."]
        children:
          - id: sheriff
            label: Sheriff
            definition: The sheriff's office.
      - id: hotline
        label: Hotline
        definition: A hotline.
  - id: challenges
    label: Challenges
    key: "2"
    codes:
      - id: resources
        label: Resources
        definition: Not enough money.
      - id: trust
        label: Trust
        definition: Survivors do not trust.
"""

TEXTS = {
    "d1": ["Who refers?", "=SUM(A1) the sheriff and the hotline, no money.", "More?", "Police."],
    "d2": ["Problems?", "No money; the tip line.", "And referrals?", "The tip line."],
    "d3": ["Who refers?", "Detectives, but nobody trusts them.", "Anything else?", "No."],
}
PEOPLE = [("P1", "prosecutor", "north"), ("P2", "prosecutor", "south"),
          ("P3", "law_enforcement", "north")]  # fmt: skip

CODINGS = """\
segment_id,coder,code
d1:1,ana,referral.hotline
d1:2,ana,referral.police.sheriff
d1:2,ana,referral.hotline
d1:2,ana,challenges.resources
d1:3,ana,
d1:4,ana,referral.police
d2:1,ana,
d2:2,ana,challenges.resources
d2:2,ana,referral.hotline
d2:3,ana,
d2:4,ana,referral.hotline
d3:1,ana,
d3:2,ana,referral.police
d3:2,ana,challenges.trust
d3:3,ana,
d3:4,ana,
d1:1,ben,
d1:2,ben,challenges.trust
d1:3,ben,
d1:4,ben,
"""


@pytest.fixture
def export_project(tmp_path: Path) -> Path:
    codebook = tmp_path / "cb.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    project = tmp_path / "e.qualcode"
    assert run("new", project, "--codebook", codebook).exit_code == 0
    manifest = ["file,participant_id,role,site"]
    for (name, lines), (pid, role, site) in zip(TEXTS.items(), PEOPLE, strict=True):
        turns = [
            f"{'Interviewer' if i % 2 == 0 else 'Respondent'}: {line}"
            for i, line in enumerate(lines)
        ]
        (tmp_path / f"{name}.txt").write_text("\n".join(turns) + "\n", encoding="utf-8")
        manifest.append(f"{name}.txt,{pid},{role},{site}")
    (tmp_path / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    result = run("add", project, "--manifest", tmp_path / "manifest.csv", "--no-deidentify")
    assert result.exit_code == 0, result.output
    (tmp_path / "codings.csv").write_text(CODINGS, encoding="utf-8")
    result = run("codings", "import", project, tmp_path / "codings.csv")
    assert result.exit_code == 0, result.output
    return project
