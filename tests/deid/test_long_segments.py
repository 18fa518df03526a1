"""A segment longer than spaCy takes in one text (a transcript with no speaker labels or blank
lines) is read in pieces: deidentified as if whole, never a ValueError (spaCy's E088)."""

from __future__ import annotations

import pytest

import qualcode.nlp
from qualcode.deid.engine import Deidentifier
from qualcode.model import Segment
from qualcode.nlp import pieces

STORY = (
    "A nurse named Harriet Vossberg called the hotline in March. "
    "Vossberg had seen the burns on his hands. "
    "Detective Calloway took the case the next morning.\n"
    "Calloway drove out to the farm near Millbrook with Harriet. "
)


def test_pieces_cut_at_line_breaks_then_sentence_ends_then_spaces() -> None:
    assert pieces("short text", 100) == [(0, "short text")]
    assert pieces("", 100) == [(0, "")]
    text = "aaaa bbbb.\ncccc dddd. eeee ffff gggg"
    assert pieces(text, 16) == [
        (0, "aaaa bbbb.\n"),
        (11, "cccc dddd. "),
        (22, "eeee ffff gggg"),
    ]
    assert pieces("eeee ffff gggg hh", 12) == [(0, "eeee ffff "), (10, "gggg hh")]
    assert pieces("x" * 25, 10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]
    cut = pieces(STORY * 40, 300)
    assert "".join(piece for _, piece in cut) == STORY * 40
    assert all(len(piece) <= 300 for _, piece in cut)
    assert [offset for offset, _ in cut] == [
        sum(len(piece) for _, piece in cut[:index]) for index in range(len(cut))
    ]


def deidentify(deidentifier: Deidentifier, text: str) -> tuple[str, dict[str, list[str]]]:
    result = deidentifier.run([[Segment(1, "Respondent", "respondent", text)]])[0]
    return result.segments[0].text, result.values


def test_a_segment_in_pieces_is_deidentified_as_if_whole(
    deidentifier: Deidentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = STORY * 6
    whole = deidentify(deidentifier, text)
    assert "Vossberg" not in whole[0] and "Calloway" not in whole[0]
    monkeypatch.setattr(qualcode.nlp, "PIECE_CHARS", 200)  # about a sentence or two per piece
    assert len(pieces(text)) > 6
    assert deidentify(deidentifier, text) == whole


def test_a_segment_longer_than_spacy_accepts(
    deidentifier: Deidentifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by hand: a 2 MB transcript of one turn raised ValueError [E088] from nlp.pipe."""
    nlp = deidentifier.pipeline.nlp
    monkeypatch.setattr(nlp, "max_length", 1_000)  # as a 1,000,000-character segment would
    monkeypatch.setattr(qualcode.nlp, "PIECE_CHARS", 900)
    text, values = deidentify(deidentifier, STORY * 12)
    assert len(STORY * 12) > 1_000
    assert "Vossberg" not in text and "Calloway" not in text
    assert "Harriet Vossberg" in values["[PERSON_1]"]
