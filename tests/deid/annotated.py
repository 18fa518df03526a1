"""The annotated deidentification test set (tests/data/deid): loading and scoring.

A transcript marks identifiers as ``[[TYPE|text]]`` and analytic content that must survive as
``{{KEEP|text}}``. :func:`load` strips the markers to the plain transcript and keeps the spans;
:func:`evaluate` runs a deidentifier over the plain transcripts, read and segmented as
``qualcode add`` does, and scores it:

- recall per type: an identifier is found when every non-space character of it was replaced (a
  speaker label when the segment's speaker was replaced);
- precision: replacements that overlap no annotated identifier are false positives;
- KEEP items must come through untouched (no replacement overlaps them).
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.deid.engine import DeidentifiedDocument, Deidentifier
from qualcode.ingest.readers import read_transcript
from qualcode.ingest.segment import segment_turns
from qualcode.model import Segment

DATA = Path(__file__).resolve().parents[1] / "data" / "deid"
#: The development set for the harder cases (speech-to-text, international numbers, dates).
DEV_DATA = Path(__file__).resolve().parents[1] / "data" / "deid_dev"
TYPES = ("PERSON", "PLACE", "FAC", "ORG", "PHONE", "EMAIL", "ADDRESS", "URL", "ID", "SSN", "DATE")
#: The types scored strictly together: people and the direct contact and record identifiers.
STRICT_TYPES = ("PERSON", "PHONE", "EMAIL", "ADDRESS", "ID", "SSN")
_MARKER = re.compile(r"\[\[([A-Z]+)\|([^\[\]{}|]+)\]\]|\{\{KEEP\|([^\[\]{}|]+)\}\}")


@dataclass(frozen=True)
class Annotation:
    start: int
    end: int
    kind: str  # one of TYPES, or KEEP
    text: str


@dataclass
class AnnotatedTranscript:
    name: str
    text: str
    identifiers: list[Annotation]
    keep: list[Annotation]


def load(path: Path) -> AnnotatedTranscript:
    """The plain transcript of an annotated file, with the annotated spans in it."""
    raw = path.read_text(encoding="utf-8")
    pieces: list[str] = []
    identifiers: list[Annotation] = []
    keep: list[Annotation] = []
    cursor = length = 0
    for match in _MARKER.finditer(raw):
        before = raw[cursor : match.start()]
        pieces.append(before)
        length += len(before)
        kind, text = (
            (match.group(1), match.group(2)) if match.group(1) else ("KEEP", match.group(3))
        )
        assert kind in TYPES or kind == "KEEP", f"{path.name}: unknown type {kind}"
        (keep if kind == "KEEP" else identifiers).append(
            Annotation(length, length + len(text), kind, text)
        )
        pieces.append(text)
        length += len(text)
        cursor = match.end()
    pieces.append(raw[cursor:])
    return AnnotatedTranscript(path.stem, "".join(pieces), identifiers, keep)


def load_all(folder: Path = DATA) -> list[AnnotatedTranscript]:
    """Every annotated transcript of a set (``deid*.txt`` or ``dev*.txt``), in name order."""
    return [load(path) for path in sorted(folder.glob("*.txt")) if path.stem != "README"]


def segments_of(transcript: AnnotatedTranscript) -> list[Segment]:
    """The plain transcript read and cut into turns exactly as `qualcode add` does."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{transcript.name}.txt"
        path.write_text(transcript.text, encoding="utf-8")
        return segment_turns(read_transcript(path).turns, "turn")


@dataclass
class Evaluation:
    total: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    replacements: int = 0
    false_positives: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (document, type, text)
    false_positive_texts: list[tuple[str, str, str]] = field(default_factory=list)
    keep_total: int = 0
    keep_broken: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        if kind is None:
            return sum(self.found.values()) / max(1, sum(self.total.values()))
        return self.found[kind] / self.total[kind] if self.total[kind] else 1.0

    def strict_recall(self) -> float:
        """Recall over people, phones, e-mails, addresses, IDs and SSNs together."""
        total = sum(self.total[kind] for kind in STRICT_TYPES)
        return sum(self.found[kind] for kind in STRICT_TYPES) / max(1, total)

    @property
    def precision(self) -> float:
        return (self.replacements - self.false_positives) / self.replacements

    def table(self) -> str:
        """The per-type table for bench/README.md (Markdown)."""
        lines = ["| type | annotated | found | recall |", "|---|---:|---:|---:|"]
        for kind in TYPES:
            lines.append(
                f"| {kind} | {self.total[kind]} | {self.found[kind]} | {self.recall(kind):.3f} |"
            )
        lines.append(
            f"| **all** | {sum(self.total.values())} | {sum(self.found.values())} | "
            f"**{self.recall():.3f}** |"
        )
        lines.append(f"| strict ({', '.join(STRICT_TYPES)}) | | | {self.strict_recall():.3f} |")
        true_positives = self.replacements - self.false_positives
        lines += [
            "",
            f"Precision: {true_positives} of {self.replacements} replacements overlap an "
            f"annotated identifier = **{self.precision:.3f}**.",
            f"KEEP items intact: {self.keep_total - len(self.keep_broken)} of {self.keep_total}.",
        ]
        return "\n".join(lines)


def evaluate(
    transcripts: list[AnnotatedTranscript], deidentifier: Deidentifier
) -> tuple[Evaluation, list[DeidentifiedDocument]]:
    """Deidentify the transcripts in one batch, as `qualcode add` would, and score the result."""
    documents = [segments_of(transcript) for transcript in transcripts]
    results = deidentifier.run(documents)
    score = Evaluation()
    for transcript, segments, result in zip(transcripts, documents, results, strict=True):
        _score_document(score, transcript, segments, result)
    return score, results


def _score_document(
    score: Evaluation,
    transcript: AnnotatedTranscript,
    segments: list[Segment],
    result: DeidentifiedDocument,
) -> None:
    text = transcript.text
    replaced: list[tuple[int, int]] = []  # in transcript coordinates
    cursor = 0
    for segment, done in zip(segments, result.segments, strict=True):
        offset = text.index(segment.text, cursor)  # each test-set turn is one line
        line_start = text.rfind("\n", 0, offset) + 1
        cursor = offset + len(segment.text)
        if done.speaker_placeholder is not None:
            replaced.append((line_start, line_start + len(segment.speaker)))
        replaced += [(offset + r.start, offset + r.end) for r in done.replacements]
    for annotation in transcript.identifiers:
        score.total[annotation.kind] += 1
        if all(
            any(s <= i < e for s, e in replaced)
            for i in range(annotation.start, annotation.end)
            if not text[i].isspace()
        ):
            score.found[annotation.kind] += 1
        else:
            score.missed.append((transcript.name, annotation.kind, annotation.text))
    for s, e in replaced:
        score.replacements += 1
        if not any(a.start < e and s < a.end for a in transcript.identifiers):
            score.false_positives += 1
            score.false_positive_texts.append((transcript.name, text[s:e], ""))
    for item in transcript.keep:
        score.keep_total += 1
        if any(item.start < e and s < item.end for s, e in replaced):
            score.keep_broken.append((transcript.name, item.text))
