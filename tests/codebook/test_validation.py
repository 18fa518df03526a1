"""Codebook validation (SPEC §5.2): every problem at once, with file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.codebook import CodebookError, load_codebook, parse_codebook
from tests.conftest import CODEBOOK, MINI_CODEBOOK, run


def problems(text: str) -> list[str]:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, "cb.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_mini_codebook_builds_dotted_ids_in_order() -> None:
    codebook = parse_codebook(MINI_CODEBOOK, "mini.yaml")
    assert codebook.code_ids() == [
        "referral.law_enforcement",
        "referral.hotline",
        "challenges.resources",
    ]
    assert codebook.code("referral.hotline").key == "h"
    assert codebook.family("challenges").key == "2"


def test_yaml_syntax_error_has_line_and_column() -> None:
    text = "name: x\nfamilies:\n  - id: a\n    label: [unclosed\n"
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith("cb.yaml:5:1: YAML syntax error")


def test_every_problem_is_listed_with_its_position() -> None:
    text = """\
name: Broken
families:
  - id: referral
    label: Referral
    key: "j"
    codes:
      - id: Law-Enforcement
        label: Police
        definition: From police.
      - id: hotline
        label: Hotline
        defintion: From a hotline.
        key: h
      - id: tips
        label: Tips
        definition: Tips.
        key: h
      - id: tips
        label: Tips again
        definition: Tips again.
  - id: referral
    label: Again
    codes:
      - id: other
        definition: no label
"""
    assert problems(text) == [
        "cb.yaml:5:10: family 'referral' hotkey 'j' shadows one of the coding app's own keys; "
        "choose another key (digits are free)",
        "cb.yaml:7:13: code id 'Law-Enforcement' is not a valid id: use lowercase letters, "
        "digits and underscores, starting with a letter",
        "cb.yaml:10:9: a code of family 'referral' is missing the required field 'definition'",
        "cb.yaml:12:9: unknown key 'defintion' in a code of family 'referral'; did you mean "
        "'definition'? (known: id, label, definition, key, include, exclude, examples, keywords, "
        "children, retired, renamed_from)",
        "cb.yaml:17:14: hotkey 'h' of code 'referral.tips' is already used by "
        "'referral.hotline' in family 'referral'; hotkeys must be unique within a family",
        "cb.yaml:18:13: duplicate code id 'referral.tips' (first at line 14)",
        "cb.yaml:21:9: duplicate family id 'referral' (first at line 3)",
        "cb.yaml:24:9: a code of family 'referral' is missing the required field 'label'",
    ]


def test_family_key_collision_between_families() -> None:
    text = MINI_CODEBOOK.replace('key: "2"', 'key: "1"')
    assert problems(text) == [
        "cb.yaml:18:10: family 'challenges' hotkey '1' is already used by family 'referral'"
    ]


def test_children_get_nested_ids_and_share_the_family_key_space() -> None:
    text = MINI_CODEBOOK.replace(
        "        definition: The referral came from police.\n",
        "        definition: The referral came from police.\n"
        "        children:\n"
        "          - id: sheriff\n"
        "            label: Sheriff\n"
        "            key: s\n"
        "            definition: The sheriff's office.\n",
    )
    codebook = parse_codebook(text)
    child = codebook.code("referral.law_enforcement.sheriff")
    assert child.parent == "referral.law_enforcement"
    clash = text.replace("key: s\n", "key: h\n")
    assert problems(clash) == [
        "cb.yaml:19:14: hotkey 'h' of code 'referral.hotline' is already used by "
        "'referral.law_enforcement.sheriff' in family 'referral'; hotkeys must be unique within a "
        "family"
    ]


def test_empty_and_non_mapping_codebooks() -> None:
    assert problems("") == ["cb.yaml:1:1: the codebook file is empty"]
    assert problems("- a\n- b\n") == [
        "cb.yaml:1:1: the codebook is a list; it must be a mapping with the keys name: and "
        "families: (see the codebooks/ folder for an example)"
    ]
    assert problems("just words\n") == [
        "cb.yaml:1:1: the codebook is a single value; it must be a mapping with the keys name: "
        "and families: (see the codebooks/ folder for an example)"
    ]


def test_shipped_codebook_is_valid_and_covers_spec_5_4() -> None:
    codebook, _ = load_codebook(CODEBOOK)
    ids = set(codebook.code_ids())
    assert [family.id for family in codebook.families] == [
        "referral",
        "challenges",
        "lt_barriers",
        "services",
        "practices",
    ]
    for required in (
        "referral.law_enforcement",
        "referral.other_law_enforcement",
        "referral.service_provider",
        "referral.medical",
        "referral.community",
        "referral.hotline",
        "referral.government",
        "referral.labor_regulator",
        "referral.self_referral",
        "referral.proactive",
        "challenges.time_to_investigate",
        "challenges.case_length",
        "challenges.survivor_engagement",
        "challenges.survivor_trust",
        "challenges.judge_jury_education",
        "challenges.resources",
        "challenges.staff_turnover",
        "challenges.communication",
        "challenges.differing_goals",
        "challenges.burnout",
        "challenges.geography",
        "lt_barriers.lack_of_knowledge",
        "lt_barriers.case_complexity",
        "lt_barriers.fear_of_deportation",
        "lt_barriers.not_self_identifying",
        "lt_barriers.visa_dependence",
        "lt_barriers.isolation",
        "lt_barriers.document_withholding",
        "lt_barriers.debt_bondage",
        "lt_barriers.wage_hour_blur",
        "lt_barriers.language",
        "services.housing",
        "services.behavioral_health",
        "services.transportation",
        "services.employment",
        "services.legal_immigration",
        "practices.dedicated_investigators",
        "practices.specialized_prosecution",
        "practices.multidisciplinary_team",
        "practices.victim_centered",
        "practices.labor_agency_partnership",
        "practices.training",
    ):
        assert required in ids, required
    for code in codebook.codes():
        assert code.key and code.definition and code.include and code.exclude, code.id
        assert code.examples, code.id


def test_check_command_ok_and_failure(tmp_path: Path) -> None:
    ok = run("codebook", "check", CODEBOOK)
    assert ok.exit_code == 0
    assert ok.stdout.strip().endswith("5 families, 46 codes.")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI_CODEBOOK.replace("label: Hotline", "lable: Hotline"), encoding="utf-8")
    result = run("codebook", "check", bad)
    assert result.exit_code == 1
    assert f"{bad}:13:9: unknown key 'lable'" in result.stderr
    assert f"{bad}:12:9: a code of family 'referral' is missing the required field 'label'" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_check_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run("codebook", "check", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "no such codebook file" in result.stderr
