"""Cutting turns into the segments that are coded and compared (SPEC §6)."""

from __future__ import annotations

from collections.abc import Callable

from qualcode.errors import QualcodeError
from qualcode.ingest.turns import Turn
from qualcode.model import UNITS, Segment

SentenceSplitter = Callable[[list[str]], list[list[str]]]


def segment_turns(
    turns: list[Turn], unit: str, split_sentences: SentenceSplitter | None = None
) -> list[Segment]:
    """Segments numbered from 1 in reading order, interviewer turns included.

    ``turn``: one segment per speaker turn, its lines and paragraphs joined by single spaces.
    ``paragraph``: one segment per paragraph of a turn. ``sentence``: one per sentence of a turn,
    found by ``split_sentences`` (a batch function over turn texts).
    """
    if unit not in UNITS:
        raise QualcodeError(f"unknown unit '{unit}': use one of {', '.join(UNITS)}.")
    pieces: list[tuple[Turn, str]] = []
    if unit == "turn":
        pieces = [(turn, turn.text) for turn in turns]
    elif unit == "paragraph":
        pieces = [(turn, paragraph) for turn in turns for paragraph in turn.paragraphs]
    else:
        if split_sentences is None:
            raise QualcodeError("the sentence unit needs a sentence splitter")
        sentences = split_sentences([turn.text for turn in turns])
        pieces = [
            (turn, text) for turn, texts in zip(turns, sentences, strict=True) for text in texts
        ]
    return [
        Segment(n=n, speaker=turn.speaker, speaker_kind=turn.speaker_kind, text=text)
        for n, (turn, text) in enumerate(pieces, start=1)
    ]
