"""Deidentification quality on the development set of harder transcripts (tests/data/deid_dev,
fictional): speech-to-text output, spoken and international numbers, dates, whole values,
common-word names and analytic terms. Scored strictly: an identifier counts only when every
character of it was replaced."""

from __future__ import annotations

from collections import Counter

import pytest

from qualcode.deid.engine import DeidentifiedDocument, Deidentifier
from tests.deid.annotated import (
    DEV_DATA,
    STRICT_GROUP,
    AnnotatedTranscript,
    Evaluation,
    evaluate,
    load_all,
)

Result = tuple[Evaluation, list[DeidentifiedDocument]]


@pytest.fixture(scope="module")
def dev_set() -> list[AnnotatedTranscript]:
    return load_all(DEV_DATA)


@pytest.fixture(scope="module")
def dev_evaluation(deidentifier: Deidentifier, dev_set: list[AnnotatedTranscript]) -> Result:
    return evaluate(dev_set, deidentifier)


def test_the_dev_set_as_published(dev_set: list[AnnotatedTranscript]) -> None:
    assert [t.name for t in dev_set] == [f"dev{i:02d}" for i in range(1, 8)]
    counts = Counter(a.kind for t in dev_set for a in t.identifiers)
    assert sum(counts.values()) == 230
    assert counts["DATE"] == 15
    assert sum(len(t.keep) for t in dev_set) == 79


def test_strict_recall_and_overall_recall(dev_evaluation: Result) -> None:
    score, _ = dev_evaluation
    assert score.strict_recall(STRICT_GROUP) >= 0.95, score.missed
    assert score.recall() >= 0.95, score.missed
    assert score.recall("DATE") >= 0.9, score.missed


def test_analytic_terms_survive(dev_evaluation: Result) -> None:
    score, _ = dev_evaluation
    assert score.keep_broken == []
    assert score.precision >= 0.95, score.false_positive_texts


def test_every_speech_to_text_document_is_flagged(dev_evaluation: Result) -> None:
    _, results = dev_evaluation
    flagged = {
        f"dev{i:02d}" for i, r in enumerate(results, 1) if "speech-to-text" in r.report.flags
    }
    assert flagged == {"dev01", "dev07"}
