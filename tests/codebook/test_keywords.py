"""Keyword hints match other forms of the keywords' words (never applied: see tests/tui)."""

from __future__ import annotations

import pytest

from qualcode.codebook import load_codebook
from qualcode.codebook.keywords import KeywordMatcher, word_forms
from tests.conftest import CODEBOOK


@pytest.mark.parametrize(
    ("phrase", "forms"),
    [
        ("tip line", {"tip line", "tip lines"}),
        ("shelters", {"shelters", "shelter"}),
        ("agency", {"agency", "agencies"}),
        ("agencies", {"agencies", "agency"}),
        ("bus", {"bus", "buses"}),
        ("witness", {"witness", "witnesses"}),
        ("h-2a", {"h-2a", "h-2as"}),
        ("t visa", {"t visa", "t visas"}),
    ],
)
def test_word_forms(phrase: str, forms: set[str]) -> None:
    assert word_forms(phrase) == forms


@pytest.fixture(scope="module")
def matcher() -> KeywordMatcher:
    codebook, _ = load_codebook(CODEBOOK)
    return KeywordMatcher(codebook)


def test_a_keyword_at_the_start_of_a_sentence_is_found(matcher: KeywordMatcher) -> None:
    text = "There is always a need for housing. Housing or the proper housing is hard to find."
    assert "services.housing" in matcher.suggest([text])[0]


def test_plural_and_singular_and_case(matcher: KeywordMatcher) -> None:
    found = matcher.suggest(
        ["The Detectives called.", "A detective called.", "Nothing here at all."]
    )
    assert "referral.law_enforcement" in found[0]
    assert "referral.law_enforcement" in found[1]
    assert found[2] == set()
