"""Speaker-turn parsing (SPEC §3): labels, continuation lines, paragraphs, speaker kinds."""

from __future__ import annotations

from qualcode.ingest.turns import parse_turns


def turns_of(text: str) -> list[tuple[str, str, list[str]]]:
    return [(t.speaker, t.speaker_kind, t.paragraphs) for t in parse_turns(text.split("\n"))]


def test_conventional_labels_and_continuation() -> None:
    text = (
        "I: How do cases come in?\n"
        "R: Mostly the sheriff’s office —\n"
        "they call us.\n"
        "\n"
        "Sometimes a “tip” from [county].\n"
        "Q: Anything else?\n"
        "A: No.\n"
    )
    assert turns_of(text) == [
        ("I", "interviewer", ["How do cases come in?"]),
        (
            "R",
            "respondent",
            ["Mostly the sheriff’s office — they call us.", "Sometimes a “tip” from [county]."],
        ),
        ("Q", "interviewer", ["Anything else?"]),
        ("A", "respondent", ["No."]),
    ]


def test_named_speakers_classified_by_questions() -> None:
    text = (
        "Dana Reyes: What does your unit do?\n"
        "Officer Kim: We work trafficking cases.\n"
        "Dana Reyes: How many a year?\n"
        "Officer Kim: Look: maybe ten.\n"
    )
    assert turns_of(text) == [
        ("Dana Reyes", "interviewer", ["What does your unit do?"]),
        ("Officer Kim", "respondent", ["We work trafficking cases."]),
        ("Dana Reyes", "interviewer", ["How many a year?"]),
        ("Officer Kim", "respondent", ["Look: maybe ten."]),
    ]


def test_front_matter_interviewer_wins_over_the_heuristic() -> None:
    turns = parse_turns(["Sam: Hello.", "Lee: Hi?", "Sam: Fine.", "Lee: Good?"], {"Sam"})
    assert [(t.speaker, t.speaker_kind) for t in turns] == [
        ("Sam", "interviewer"),
        ("Lee", "respondent"),
        ("Sam", "interviewer"),
        ("Lee", "respondent"),
    ]


def test_a_capitalised_word_once_in_speech_does_not_start_a_turn() -> None:
    text = "Interviewer: Tell me more.\nRespondent: Here is the thing.\nBottom line: they lied.\nHonestly: no.\n"
    assert turns_of(text) == [
        ("Interviewer", "interviewer", ["Tell me more."]),
        ("Respondent", "respondent", ["Here is the thing. Bottom line: they lied. Honestly: no."]),
    ]


def test_timestamps_bold_labels_and_preamble() -> None:
    text = (
        "Transcript of interview 4\n"
        "[00:01:02] **Interviewer:** First question?\n"
        "00:01:10 Respondent: Answer.\n"
    )
    assert turns_of(text) == [
        ("", "other", ["Transcript of interview 4"]),
        ("Interviewer", "interviewer", ["First question?"]),
        ("Respondent", "respondent", ["Answer."]),
    ]


def test_text_without_any_labels_becomes_respondent_paragraphs() -> None:
    assert turns_of("First paragraph\ncontinues.\n\nSecond one.") == [
        ("", "respondent", ["First paragraph continues."]),
        ("", "respondent", ["Second one."]),
    ]


def test_empty_turns_are_dropped() -> None:
    assert turns_of("Interviewer:\nRespondent: Yes.") == [("Respondent", "respondent", ["Yes."])]
