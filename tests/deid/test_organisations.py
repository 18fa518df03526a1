"""Names of organisations and sites in the shapes real transcripts use (fictional texts):
names whose kind comes first ("Iglesia ...", "Casa ...", "the Consulate of ..."), union
locals, kinds of two words in lower-case speech ("urgent care"), a name written later without
its kind, and a county's office named in full; generic mentions stay."""

from __future__ import annotations

from qualcode.deid.engine import Deidentifier
from qualcode.deid.rules import name_before_kind
from qualcode.model import Segment


def run(deidentifier: Deidentifier, *texts: str) -> list[str]:
    segments = [Segment(n, "Respondent", "respondent", text) for n, text in enumerate(texts, 1)]
    return [segment.text for segment in deidentifier.run([segments])[0].segments]


def test_names_whose_kind_comes_first_and_union_locals(deidentifier: Deidentifier) -> None:
    assert run(
        deidentifier,
        "We got the referral from Iglesia Fuente de Vida, and the Consulate of Guatemala sent "
        "someone the next day.",
        "The men slept at Casa del Sol, and two of them later joined Farmworkers United Local 219.",
    ) == [
        "We got the referral from [ORG_1], and the [ORG_2] sent someone the next day.",
        "The men slept at [FAC_1], and two of them later joined [ORG_3].",
    ]


def test_generic_mentions_stay(deidentifier: Deidentifier) -> None:
    assert run(
        deidentifier,
        "The case went to the Marlow Parish Sheriff's Office first.",
        "Nobody at the Consulate knew, and the Department of Labor never called back.",
        "During Holy Week the crew still worked twelve hours.",
    ) == [
        "The case went to the [ORG_1] first.",
        "Nobody at the Consulate knew, and the Department of Labor never called back.",
        "During Holy Week the crew still worked twelve hours.",
    ]


def test_a_name_written_later_without_its_kind(deidentifier: Deidentifier) -> None:
    first, later = run(
        deidentifier,
        "The recruiter was Silver Maple Labor Services Inc., a firm out of Yakima.",
        "A year later Silver Maple was hiring under another name.",
    )
    assert first == "The recruiter was [ORG_1], a firm out of [PLACE_1]."
    assert "Silver" not in later and "Maple" not in later
    assert later.endswith(" was hiring under another name.")


def test_kinds_of_two_words_in_lower_case_speech(deidentifier: Deidentifier) -> None:
    assert run(
        deidentifier,
        "so she went to harbor point urgent care that night and um the next day they took him "
        "to the county detention center",
        "and he just stayed at his house after that you know",
    ) == [
        "so she went to [FAC_1] that night and um the next day they took him to the county "
        "detention center",
        "and he just stayed at his house after that you know",
    ]


def test_the_name_before_its_kind() -> None:
    assert name_before_kind("Silver Maple Labor Services Inc.") == "Silver Maple"
    assert name_before_kind("lotus point family services") == "lotus point"
    assert name_before_kind("Harbor Clinic") is None  # one word: not a name alone
    assert name_before_kind("Golden Harvest") is None  # no kind to drop
    assert name_before_kind("County Health Department") is None  # generic once dropped
