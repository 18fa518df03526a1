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


def test_speech_to_text_voice_labels_in_any_case() -> None:
    text = (
        "speaker 1: okay so can you tell me what your unit does\n"
        "speaker 2: we work the labor cases mostly farms\n"
        "speaker 1: and how do they come in\n"
        "speaker 2: tips from the clinic and walk ins\n"
    )
    assert [(s, k) for s, k, _ in turns_of(text)] == [
        ("speaker 1", "interviewer"),
        ("speaker 2", "respondent"),
        ("speaker 1", "interviewer"),
        ("speaker 2", "respondent"),
    ]


def test_questions_without_question_marks_need_an_unpunctuated_transcript() -> None:
    # Same voices, but the transcript has question marks: an opener alone is not a question.
    text = (
        "SPEAKER_01: What do you do?\n"
        "SPEAKER_02: What we do is outreach.\n"
        "SPEAKER_01: Really?\n"
        "SPEAKER_02: How we start is with the clinic.\n"
    )
    assert [(s, k) for s, k, _ in turns_of(text)] == [
        ("SPEAKER_01", "interviewer"),
        ("SPEAKER_02", "respondent"),
        ("SPEAKER_01", "interviewer"),
        ("SPEAKER_02", "respondent"),
    ]


def test_a_running_word_before_a_colon_is_not_a_voice_label() -> None:
    text = (
        "Interviewer: Go on.\nRespondent: One thing.\nspeakers: they never came.\nspeaker 9 said\n"
    )
    assert turns_of(text) == [
        ("Interviewer", "interviewer", ["Go on."]),
        ("Respondent", "respondent", ["One thing. speakers: they never came. speaker 9 said"]),
    ]
