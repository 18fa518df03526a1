"""Precision and recall of the coding screen's keyword hints on the sample project.

A hint is a code whose keywords occur in a segment; it is right when a coder applied that code
(or one of its children) to the segment. Measured over the respondent segments of the shipped
sample transcripts against the shipped sample codings (both coders), for the codes that have
keywords. Hints are never applied; this says how often the highlight points the right way.

    python bench/keyword_hints.py
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from qualcode.codebook import load_codebook
    from qualcode.codebook.keywords import KeywordMatcher
    from qualcode.ingest.readers import read_transcript
    from qualcode.ingest.segment import segment_turns

    codebook, _ = load_codebook(ROOT / "codebooks" / "labor_trafficking.yaml")
    with_keywords = {code.id for code in codebook.codes() if code.keywords and not code.retired}
    applied: dict[str, set[str]] = defaultdict(set)
    with (ROOT / "sample_transcripts" / "codings.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"]:
                parts = row["code"].split(".")
                for depth in range(2, len(parts) + 1):  # a child counts for its parents
                    applied[row["segment_id"]].add(".".join(parts[:depth]))
    segments: list[tuple[str, str]] = []
    for path in sorted((ROOT / "sample_transcripts").glob("int*.txt")):
        for segment in segment_turns(read_transcript(path).turns, "turn"):
            if segment.speaker_kind == "respondent":
                segments.append((f"{path.stem}:{segment.n}", segment.text))
    start = time.perf_counter()
    matcher = KeywordMatcher(codebook)
    hints = matcher.suggest([text for _, text in segments])
    seconds = time.perf_counter() - start
    hinted = right = relevant = 0
    for (sid, _), found in zip(segments, hints, strict=True):
        truth = applied[sid] & with_keywords
        hinted += len(found)
        right += len(found & truth)
        relevant += len(truth)
    print(f"{len(segments)} respondent segments, {len(with_keywords)} codes with keywords")
    print(f"hints: {hinted}; right: {right}; codings of those codes: {relevant}")
    print(f"precision {right / hinted:.3f}   recall {right / relevant:.3f}   ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
