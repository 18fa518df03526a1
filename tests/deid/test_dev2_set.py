"""Integrity of the second development set (tests/data/deid_dev2, fictional speech-to-text
transcripts and two punctuated ones with hard identifier formats).

Checks the counts published in its README, that every marker is well formed and lines up with the
plain text and with the turns `qualcode add` makes, which files are speech-to-text style, and that
the set reuses no identifier of the other annotated sets. No quality thresholds: the set is for
measurement.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.deid.annotated import (
    DATA,
    DEV_DATA,
    TYPES,
    AnnotatedTranscript,
    is_date_of_birth,
    load_all,
    segments_of,
    speech_to_text_style,
)

DEV2_DATA = Path(__file__).resolve().parents[1] / "data" / "deid_dev2"

# The counts published in tests/data/deid_dev2/README.md.
COUNTS = {
    "PERSON": 183,
    "PLACE": 82,
    "FAC": 7,
    "ORG": 30,
    "PHONE": 24,
    "EMAIL": 10,
    "ADDRESS": 11,
    "URL": 4,
    "ID": 26,
    "SSN": 1,
    "DATE": 21,
}
KEEP = 92
# (identifiers, KEEP items) per file.
PER_FILE = {
    "dev2_01": (38, 11),
    "dev2_02": (37, 8),
    "dev2_03": (36, 10),
    "dev2_04": (40, 10),
    "dev2_05": (39, 9),
    "dev2_06": (42, 14),
    "dev2_07": (56, 11),
    "dev2_08": (68, 9),
    "dev2_09": (43, 10),
}
# Speaker labels that are not names (every other label is a name, annotated PERSON).
GENERIC_LABELS = {"interviewer", "respondent", "participant", "interviewee", "q", "a"} | {
    "Interviewer",
    "Respondent",
    "Speaker 1",
    "Speaker 2",
}
_ANY_MARKER = re.compile(r"\[\[|\]\]|\{\{|\}\}|\|")
_WELL_FORMED = re.compile(r"\[\[([A-Z]+)\|([^\[\]{}|]+)\]\]|\{\{KEEP\|([^\[\]{}|]+)\}\}")


@pytest.fixture(scope="module")
def dev2() -> list[AnnotatedTranscript]:
    return load_all(DEV2_DATA)


def test_the_files_and_counts_published_in_the_readme(dev2: list[AnnotatedTranscript]) -> None:
    assert [t.name for t in dev2] == list(PER_FILE)
    counts = Counter(a.kind for t in dev2 for a in t.identifiers)
    assert {kind: counts[kind] for kind in TYPES} == COUNTS
    assert sum(counts.values()) == 399
    assert sum(len(t.keep) for t in dev2) == KEEP
    assert {t.name: (len(t.identifiers), len(t.keep)) for t in dev2} == PER_FILE
    dates_of_birth = sum(is_date_of_birth(t, a) for t in dev2 for a in t.identifiers)
    assert dates_of_birth == 12


def test_no_malformed_marker_is_left_in_the_plain_text() -> None:
    for path in sorted(DEV2_DATA.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        rest = _WELL_FORMED.sub("", raw)
        assert not _ANY_MARKER.search(rest), (path.name, _ANY_MARKER.search(rest))


def test_spans_are_trimmed_and_line_up_with_the_plain_text(
    dev2: list[AnnotatedTranscript],
) -> None:
    for transcript in dev2:
        assert 350 <= len(transcript.text.split()) <= 600, transcript.name
        for a in [*transcript.identifiers, *transcript.keep]:
            assert transcript.text[a.start : a.end] == a.text
            assert a.text == a.text.strip() and "\n" not in a.text, (transcript.name, a.text)


def test_turns_are_one_line_each_and_name_labels_are_annotated(
    dev2: list[AnnotatedTranscript],
) -> None:
    for transcript in dev2:
        segments = segments_of(transcript)
        lines = [line for line in transcript.text.split("\n") if line.strip()]
        assert len(segments) == len(lines), transcript.name
        labels = {
            a.text
            for a in transcript.identifiers
            if a.kind == "PERSON" and (a.start == 0 or transcript.text[a.start - 1] == "\n")
        }
        for segment, line in zip(segments, lines, strict=True):
            assert line.endswith(segment.text), (transcript.name, segment.text[:40])
            assert segment.speaker, (transcript.name, line[:40])
            assert (segment.speaker in labels) == (segment.speaker not in GENERIC_LABELS)
    speakers = {s.speaker for t in dev2 for s in segments_of(t)}
    assert speakers == GENERIC_LABELS | {"Yolanda"}


def test_which_files_are_speech_to_text_style(dev2: list[AnnotatedTranscript]) -> None:
    styled = {t.name for t in dev2 if speech_to_text_style(t)}
    assert styled == {"dev2_01", "dev2_03", "dev2_05", "dev2_09"}
    lower_case = {t.name for t in dev2 if not any(c.isupper() for c in t.text)}
    assert lower_case == {f"dev2_0{i}" for i in range(1, 7)}


def test_no_identifier_is_reused_from_the_other_sets(dev2: list[AnnotatedTranscript]) -> None:
    def values(transcripts: list[AnnotatedTranscript]) -> set[str]:
        numbers = ("PHONE", "EMAIL", "ADDRESS", "URL", "ID", "SSN", "DATE")
        return {a.text.lower() for t in transcripts for a in t.identifiers if a.kind in numbers}

    assert values(dev2) & (values(load_all(DATA)) | values(load_all(DEV_DATA))) == set()
