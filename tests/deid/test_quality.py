"""Deidentification quality on the annotated test set (tests/data/deid, fictional).

Thresholds from the issue: recall at least 0.95 for person names, phone numbers, e-mail and
street addresses, at least 0.90 over all types; every KEEP item (visa types, industries, generic
agency types, allowlisted national bodies) survives verbatim. Precision is reported by
bench/deid_quality.py; a floor here guards against a regression that replaces too much.
"""

from __future__ import annotations

from collections import Counter

import pytest

from qualcode.deid.engine import DeidentifiedDocument
from tests.deid.annotated import TYPES, AnnotatedTranscript, Evaluation

Result = tuple[Evaluation, list[DeidentifiedDocument]]


def test_loader_strips_markers_and_keeps_spans(test_set: list[AnnotatedTranscript]) -> None:
    assert [t.name for t in test_set] == [f"deid{i:02d}" for i in range(1, 13)]
    counts = Counter(a.kind for t in test_set for a in t.identifiers)
    # The counts published in tests/data/deid/README.md.
    assert counts == {
        "PERSON": 256,
        "PLACE": 72,
        "FAC": 17,
        "ORG": 55,
        "PHONE": 27,
        "EMAIL": 18,
        "ADDRESS": 20,
        "URL": 12,
        "ID": 24,
        "SSN": 3,
    }
    assert sum(len(t.keep) for t in test_set) == 97
    for transcript in test_set:
        assert "[[" not in transcript.text and "{{" not in transcript.text
        for annotation in transcript.identifiers + transcript.keep:
            assert transcript.text[annotation.start : annotation.end] == annotation.text
    first = test_set[0]
    assert first.identifiers[0].text == "Harlow County Sheriff's Office"
    assert first.text.startswith("Interviewer: Thanks for making time for this.")


@pytest.mark.parametrize("kind", ["PERSON", "PHONE", "EMAIL", "ADDRESS"])
def test_recall_of_names_phones_emails_and_addresses(evaluation: Result, kind: str) -> None:
    score, _ = evaluation
    missed = [m for m in score.missed if m[1] == kind]
    assert score.recall(kind) >= 0.95, missed


def test_recall_over_all_types(evaluation: Result) -> None:
    score, _ = evaluation
    assert sum(score.total.values()) == 504
    assert score.recall() >= 0.90, score.missed
    assert {kind: score.recall(kind) for kind in TYPES}  # every type is measured


def test_analytic_content_survives(evaluation: Result) -> None:
    score, _ = evaluation
    assert score.keep_total == 97
    assert score.keep_broken == []


def test_precision_floor(evaluation: Result) -> None:
    score, _ = evaluation
    assert score.precision >= 0.90, score.false_positive_texts


def test_keep_items_read_verbatim_in_the_output(
    evaluation: Result, test_set: list[AnnotatedTranscript]
) -> None:
    """Beyond "not overlapped": the deidentified text still contains each KEEP phrase."""
    _, results = evaluation
    for transcript, result in zip(test_set, results, strict=True):
        output = "\n".join(segment.text for segment in result.segments)
        for item in transcript.keep:
            assert item.text in output, (transcript.name, item.text)


def test_no_annotated_value_is_left_in_the_output(
    evaluation: Result, test_set: list[AnnotatedTranscript]
) -> None:
    _, results = evaluation
    for transcript, result in zip(test_set, results, strict=True):
        output = "\n".join(f"{s.speaker}: {s.text}" for s in result.segments)
        unannotated = _unannotated_text(transcript)
        for annotation in transcript.identifiers:
            if annotation.text in unannotated:  # also occurs as ordinary text
                continue
            assert annotation.text not in output, (transcript.name, annotation.text)


def _unannotated_text(transcript: AnnotatedTranscript) -> str:
    """The transcript with every annotated identifier blanked out."""
    chars = list(transcript.text)
    for annotation in transcript.identifiers:
        for i in range(annotation.start, annotation.end):
            chars[i] = " "
    return "".join(chars)
