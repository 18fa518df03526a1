"""Integrity of the third development set (tests/data/deid_dev3, fictional transcripts dense in
organisation and facility names).

Checks the counts published in its README, that every marker is well formed and lines up with the
plain text and with the turns `qualcode add` makes, which files are speech-to-text style, that a
name marked once is marked everywhere in its file, and that the set reuses no identifier of the
other annotated sets. No quality thresholds: the set is for measurement.
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
DEV3_DATA = Path(__file__).resolve().parents[1] / "data" / "deid_dev3"

# The counts published in tests/data/deid_dev3/README.md.
COUNTS = {
    "PERSON": 36,
    "PLACE": 45,
    "FAC": 66,
    "ORG": 166,
    "PHONE": 8,
    "EMAIL": 2,
    "ADDRESS": 6,
    "URL": 0,
    "ID": 7,
    "SSN": 0,
    "DATE": 3,
}
KEEP = 80
# (identifiers, KEEP items) per file.
PER_FILE = {
    "dev3_01": (44, 11),
    "dev3_02": (36, 9),
    "dev3_03": (41, 9),
    "dev3_04": (45, 10),
    "dev3_05": (36, 8),
    "dev3_06": (44, 10),
    "dev3_07": (36, 10),
    "dev3_08": (57, 13),
}
# Every speaker label in the set is generic (none is a name).
GENERIC_LABELS = {"Interviewer", "Respondent", "interviewer", "respondent", "q", "a"}
_ANY_MARKER = re.compile(r"\[\[|\]\]|\{\{|\}\}|\|")
_WELL_FORMED = re.compile(r"\[\[([A-Z]+)\|([^\[\]{}|]+)\]\]|\{\{KEEP\|([^\[\]{}|]+)\}\}")
_NUMBERS = ("PHONE", "EMAIL", "ADDRESS", "URL", "ID", "SSN", "DATE")


@pytest.fixture(scope="module")
def dev3() -> list[AnnotatedTranscript]:
    return load_all(DEV3_DATA)


def test_the_files_and_counts_published_in_the_readme(dev3: list[AnnotatedTranscript]) -> None:
    assert [t.name for t in dev3] == list(PER_FILE)
    counts = Counter(a.kind for t in dev3 for a in t.identifiers)
    assert {kind: counts[kind] for kind in TYPES} == COUNTS
    assert sum(counts.values()) == 339
    assert sum(len(t.keep) for t in dev3) == KEEP
    assert {t.name: (len(t.identifiers), len(t.keep)) for t in dev3} == PER_FILE
    assert not any(is_date_of_birth(t, a) for t in dev3 for a in t.identifiers)


def test_every_file_is_dense_in_organisations_and_facilities(
    dev3: list[AnnotatedTranscript],
) -> None:
    named = {t.name: sum(a.kind in ("ORG", "FAC") for a in t.identifiers) for t in dev3}
    assert list(named.values()) == [33, 26, 30, 30, 23, 27, 18, 45]
    assert all(len(t.keep) >= 7 for t in dev3)


def test_no_malformed_marker_is_left_in_the_plain_text() -> None:
    for path in sorted(DEV3_DATA.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        rest = _WELL_FORMED.sub("", raw)
        assert not _ANY_MARKER.search(rest), (path.name, _ANY_MARKER.search(rest))


def test_spans_are_trimmed_and_line_up_with_the_plain_text(
    dev3: list[AnnotatedTranscript],
) -> None:
    for transcript in dev3:
        assert 600 <= len(transcript.text.split()) <= 1100, transcript.name
        for a in [*transcript.identifiers, *transcript.keep]:
            assert transcript.text[a.start : a.end] == a.text
            assert a.text == a.text.strip() and "\n" not in a.text, (transcript.name, a.text)
            # A leading "the" stays outside the marker (no formal name here starts with it).
            assert not a.text.lower().startswith("the ") or a.kind == "KEEP", a.text


def test_a_name_marked_once_is_marked_wherever_it_recurs(
    dev3: list[AnnotatedTranscript],
) -> None:
    for transcript in dev3:
        covered = [(a.start, a.end) for a in [*transcript.identifiers, *transcript.keep]]
        names = {
            a.text for a in transcript.identifiers if a.kind in ("ORG", "FAC", "PERSON", "PLACE")
        }
        for name in names:
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", transcript.text):
                assert any(s <= m.start() and m.end() <= e for s, e in covered), (
                    transcript.name,
                    name,
                    m.start(),
                )


def test_turns_are_one_line_each_and_labels_are_generic(
    dev3: list[AnnotatedTranscript],
) -> None:
    for transcript in dev3:
        segments = segments_of(transcript)
        lines = [line for line in transcript.text.split("\n") if line.strip()]
        assert len(segments) == len(lines), transcript.name
        for segment, line in zip(segments, lines, strict=True):
            assert line.endswith(segment.text), (transcript.name, segment.text[:40])
            assert segment.speaker in GENERIC_LABELS, (transcript.name, line[:40])
    speakers = {s.speaker for t in dev3 for s in segments_of(t)}
    assert speakers == GENERIC_LABELS


def test_which_files_are_speech_to_text_style(dev3: list[AnnotatedTranscript]) -> None:
    styled = {t.name for t in dev3 if speech_to_text_style(t)}
    assert styled == {"dev3_02", "dev3_05", "dev3_07"}
    lower_case = {t.name for t in dev3 if not any(c.isupper() for c in t.text)}
    assert lower_case == {"dev3_02", "dev3_03", "dev3_05", "dev3_07"}


def test_no_identifier_is_reused_from_the_other_sets(dev3: list[AnnotatedTranscript]) -> None:
    def values(transcripts: list[AnnotatedTranscript], kinds: tuple[str, ...]) -> set[str]:
        return {a.text.lower() for t in transcripts for a in t.identifiers if a.kind in kinds}

    def full_names(transcripts: list[AnnotatedTranscript]) -> set[str]:
        return {n for n in values(transcripts, ("PERSON",)) if " " in n}

    others = load_all(DATA) + load_all(DEV_DATA) + load_all(DEV2_DATA)
    for kinds in (_NUMBERS, ("ORG", "FAC")):
        assert values(dev3, kinds) & values(others, kinds) == set(), kinds
    assert full_names(dev3) & full_names(others) == set()
    # Nor is what must survive here an identifier there, or the other way round.
    keep = {a.text.lower() for t in dev3 for a in t.keep}
    assert keep & values(others, TYPES) == set()
    assert values(dev3, TYPES) & {a.text.lower() for t in others for a in t.keep} == set()
