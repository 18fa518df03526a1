"""Deidentification quality on the annotated test set (tests/data/deid): recall per type,
precision, KEEP items, as the Markdown table recorded in bench/README.md.

    python bench/deid_quality.py [--details] [--pattern-only] [--set deid|deid_dev|deid_dev2|PATH]

``--pattern-only`` measures the mode used when no spaCy model is installed. ``--details`` lists
the identifiers missed and the replacements that overlap no annotation (the values come from the
fictional test set).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.deid.annotated import evaluate, load_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--pattern-only", action="store_true")
    parser.add_argument("--set", default="deid", help="tests/data/NAME or a folder")
    args = parser.parse_args()
    import qualcode.nlp
    from qualcode.deid.engine import Deidentifier

    if args.pattern_only:  # as if no model were installed
        qualcode.nlp.MODEL_NAMES = ("no_model_installed",)
        qualcode.nlp.os.environ["QUALCODE_SPACY_MODEL"] = "no_model_installed"

    start = time.perf_counter()
    deidentifier = Deidentifier()
    folder = Path(args.set) if "/" in args.set else ROOT / "tests" / "data" / args.set
    transcripts = load_all(folder)
    score, results = evaluate(transcripts, deidentifier)
    seconds = time.perf_counter() - start
    words = sum(len(t.text.split()) for t in transcripts)
    print(
        f"{len(transcripts)} transcripts, {words:,} words, model {deidentifier.model_name}, "
        f"{seconds:.1f} s (model load included)\n"
    )
    print(score.table())
    flagged = [t.name for t, r in zip(transcripts, results, strict=True) if r.report.review]
    print(f"Flagged for review: {len(flagged)} of {len(transcripts)} ({', '.join(flagged)}).")
    for transcript, result in zip(transcripts, results, strict=True):
        for reason in result.report.reasons:
            print(f"  {transcript.name}: {reason}")
    missed_in = Counter(document for document, *_ in score.strict_missed)
    print("\n| document | identifiers | caught (strict) | recall (strict) |\n|---|---:|---:|---:|")
    for transcript in transcripts:
        n = len(transcript.identifiers)
        caught = n - missed_in[transcript.name]
        print(f"| {transcript.name} | {n} | {caught} | {caught / max(1, n):.3f} |")
    print(
        f"Strict recall over all types: **{score.strict_recall():.3f}**; "
        f"KEEP lost: {len(score.keep_broken)}"
    )
    if args.details:
        print("\nMissed (strict), with the tokens that survived:")
        for document, kind, text, left in score.strict_missed:
            print(f"  {document}  {kind:<8} {text}  -> left: {left}")
        print("KEEP items broken:")
        for document, text in score.keep_broken:
            print(f"  {document}  {text}")
        print("Replacements overlapping no annotation:")
        for document, text, _ in score.false_positive_texts:
            print(f"  {document}  {text}")


if __name__ == "__main__":
    main()
