"""Integrity of the held-out deidentification set (tests/data/deid_heldout).

Only the set itself is checked here: the counts published in its README, well-formed markers,
spans that line up with the plain text and with the segments `qualcode add` makes, and that it
shares nothing with the development set. There are no quality thresholds: the set is for
measurement (bench/deid_heldout.py), not a target to tune the rules to.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from tests.deid.annotated import (
    DATA,
    HELDOUT,
    STRICT_GROUP,
    TYPES,
    AnnotatedTranscript,
    is_date_of_birth,
    load_all,
    segments_of,
    significant_tokens,
    speech_to_text_style,
    surviving_tokens,
)

# The counts published in tests/data/deid_heldout/README.md.
COUNTS = {
    "PERSON": 289,
    "PLACE": 86,
    "FAC": 8,
    "ORG": 44,
    "PHONE": 31,
    "EMAIL": 12,
    "ADDRESS": 13,
    "URL": 11,
    "ID": 26,
    "SSN": 4,
    "DATE": 19,
}
_WELL_FORMED = re.compile(r"\[\[[A-Z]+\|[^\[\]{}|]+\]\]|\{\{KEEP\|[^\[\]{}|]+\}\}")


@pytest.fixture(scope="module")
def heldout() -> list[AnnotatedTranscript]:
    return load_all(HELDOUT)


def test_the_set_has_eleven_transcripts(heldout: list[AnnotatedTranscript]) -> None:
    assert [t.name for t in heldout] == [f"heldout{i:02d}" for i in range(1, 12)]


def test_counts_per_type_are_the_published_ones(heldout: list[AnnotatedTranscript]) -> None:
    counts = Counter(a.kind for t in heldout for a in t.identifiers)
    assert counts == COUNTS
    assert set(counts) == set(TYPES)
    assert sum(counts.values()) == 543
    assert sum(len(t.keep) for t in heldout) == 161
    assert sum(counts[kind] for kind in STRICT_GROUP) == 375
    labels = [
        a
        for t in heldout
        for a in t.identifiers
        if a.kind == "PERSON" and (a.start == 0 or t.text[a.start - 1] == "\n")
    ]
    assert len(labels) == 40
    births = [a for t in heldout for a in t.identifiers if is_date_of_birth(t, a)]
    assert len(births) == 13


def test_the_readme_table_matches(heldout: list[AnnotatedTranscript]) -> None:
    readme = (HELDOUT / "README.md").read_text(encoding="utf-8")
    published = dict(re.findall(r"^\| ([A-Z]+) \| (\d+) \|$", readme, re.MULTILINE))
    assert {kind: int(n) for kind, n in published.items()} == COUNTS
    assert "| **all identifiers** | **543** |" in readme
    assert "| KEEP (must survive) | 161 |" in readme
    for transcript in heldout:  # the per-file table: identifiers and KEEP items
        row = f"| {transcript.name} | {len(transcript.text.split())} | "
        row += f"{len(transcript.identifiers)} | {len(transcript.keep)} |"
        assert row in readme, row


def test_markers_are_well_formed() -> None:
    for path in sorted(HELDOUT.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        rest = _WELL_FORMED.sub("", raw)
        for bracket in ("[[", "]]", "{{", "}}", "|"):
            assert bracket not in rest, (path.name, bracket)
        for match in _WELL_FORMED.finditer(raw):
            inner = match.group(0)[2:-2].split("|", 1)[1]
            assert inner == inner.strip() and inner, (path.name, match.group(0))


def test_spans_line_up_with_the_plain_text(heldout: list[AnnotatedTranscript]) -> None:
    for transcript in heldout:
        assert "[[" not in transcript.text and "{{" not in transcript.text
        for annotation in transcript.identifiers + transcript.keep:
            assert transcript.text[annotation.start : annotation.end] == annotation.text
        spans = sorted((a.start, a.end) for a in transcript.identifiers + transcript.keep)
        assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))


def test_each_turn_is_one_line_and_every_segment_is_found(
    heldout: list[AnnotatedTranscript],
) -> None:
    """The scorer maps segments back to the transcript line by line."""
    for transcript in heldout:
        segments = segments_of(transcript)
        lines = [line for line in transcript.text.split("\n") if line.strip()]
        assert len(segments) == len(lines), transcript.name
        cursor = 0
        for segment in segments:
            cursor = transcript.text.index(segment.text, cursor) + len(segment.text)


def test_two_documents_are_speech_to_text_style(heldout: list[AnnotatedTranscript]) -> None:
    styled = [t.name for t in heldout if speech_to_text_style(t)]
    assert styled == ["heldout07", "heldout08"]
    for transcript in heldout:
        if transcript.name in styled:
            assert transcript.text == transcript.text.lower()


def test_identifiers_are_fictional(heldout: list[AnnotatedTranscript]) -> None:
    for transcript in heldout:
        for a in transcript.identifiers:
            if a.kind in ("EMAIL", "URL"):
                assert re.search(r"example(\.| dot )(org|com|net|gov)", a.text), a.text
            if a.kind == "SSN":
                assert a.text.startswith(("9", "nine")), a.text
            if a.kind == "PHONE" and not a.text.startswith(("+", "plus")):
                assert re.search(r"555|five five five", a.text), a.text


def test_nothing_is_shared_with_the_development_set(heldout: list[AnnotatedTranscript]) -> None:
    """Written separately: no numbers, addresses or web values and no sentence in common."""
    development = load_all(DATA)
    values = {
        a.text.lower()
        for t in development
        for a in t.identifiers
        if a.kind in ("PHONE", "EMAIL", "ADDRESS", "URL", "ID", "SSN")
    }
    sentences = {
        s.strip()
        for t in development
        for s in re.split(r"(?<=[.?!])\s+", t.text)
        if len(s.split()) >= 6
    }
    for transcript in heldout:
        for a in transcript.identifiers:
            assert a.text.lower() not in values, a.text
        for sentence in re.split(r"(?<=[.?!])\s+", transcript.text):
            assert sentence.strip() not in sentences, sentence


def test_significant_tokens_skip_short_tokens_and_stopwords() -> None:
    text = "Casa de la Esperanza, Apt. 4B at 12 K St"
    assert [text[s:e] for s, e in significant_tokens(text)] == [
        "Casa",
        "Esperanza",
        "Apt",
        "4B",
        "12",
        "St",
    ]


def test_strict_scoring_counts_a_partial_replacement_as_missed() -> None:
    transcript = load_all(HELDOUT)[8]  # heldout09: a full postal address in one marker
    address = next(a for a in transcript.identifiers if a.kind == "ADDRESS")
    assert address.text == "2750 Industrial Boulevard, Gainesville, GA 30501"
    street = (address.start, address.start + len("2750 Industrial Boulevard"))
    town = (street[1] + 2, street[1] + 2 + len("Gainesville"))
    assert surviving_tokens(address, [street, town]) == ["GA", "30501"]
    assert surviving_tokens(address, [street, (town[0], address.end)]) == []
    assert surviving_tokens(address, [(address.start, address.end - 1)]) == ["30501"]
    everything = ["2750", "Industrial", "Boulevard", "Gainesville", "GA", "30501"]
    assert surviving_tokens(address, []) == everything
