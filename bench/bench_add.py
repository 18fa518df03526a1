"""Benchmark `qualcode add --no-deidentify` on a large generated corpus.

Generates 1,000 transcripts of 5,000 words (by default), then times the real command end to end
(process start, reading, segmenting and writing the project file) for the turn and paragraph
units, and prints words per second. For the sentence unit, qualcode's import is compared side by
side with the script a user would write: raw spaCy ``nlp.pipe`` with the same sentence component
over the same turn texts.

    python bench/bench_add.py [--documents 1000] [--words 5000] [--sentence-documents 100]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

ROOT = Path(__file__).resolve().parents[1]
QUALCODE = Path(sys.executable).parent / "qualcode"
CODEBOOK = ROOT / "codebooks" / "labor_trafficking.yaml"


def count_words(folder: Path) -> int:
    from qualcode.ingest.readers import read_transcript

    return sum(
        sum(len(turn.text.split()) for turn in read_transcript(path).turns)
        for path in sorted(folder.glob("*.txt"))
    )


def time_add(work: Path, transcripts: Path, unit: str) -> float:
    project = work / f"bench-{unit}.qualcode"
    subprocess.run(
        [QUALCODE, "new", project, "--codebook", CODEBOOK], check=True, capture_output=True
    )
    start = time.perf_counter()
    subprocess.run(
        [
            QUALCODE,
            "add",
            project,
            "--manifest",
            transcripts / "manifest.csv",
            "--unit",
            unit,
            "--no-deidentify",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def raw_spacy_sentences(transcripts: Path) -> float:
    """The obvious script: read turns, run nlp.pipe with the same sentence component."""
    from qualcode.ingest.readers import read_transcript
    from qualcode.nlp import sentence_pipeline

    start = time.perf_counter()
    nlp = sentence_pipeline().nlp
    texts = [t.text for p in sorted(transcripts.glob("*.txt")) for t in read_transcript(p).turns]
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=256))
    assert sentences > 0
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--sentence-documents", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(work / "big", args.documents, args.words, codings=False)
        transcripts = work / "big" / "transcripts"
        words = count_words(transcripts)
        print(f"corpus: {args.documents} transcripts, {words:,} words")
        for unit in ("turn", "paragraph"):
            seconds = time_add(work, transcripts, unit)
            print(f"qualcode add --unit {unit}: {seconds:.2f} s, {words / seconds:,.0f} words/s")
        generate(work / "small", args.sentence_documents, args.words, codings=False, seed=11)
        small = work / "small" / "transcripts"
        small_words = count_words(small)
        seconds = time_add(work, small, "sentence")
        raw = raw_spacy_sentences(small)
        print(f"sentence unit, {args.sentence_documents} transcripts, {small_words:,} words:")
        print(
            f"  qualcode add --unit sentence: {seconds:.2f} s, {small_words / seconds:,.0f} words/s"
        )
        print(f"  raw spaCy nlp.pipe (senter):  {raw:.2f} s, {small_words / raw:,.0f} words/s")
        print(f"  ratio qualcode/raw throughput: {raw / seconds:.2f}")


if __name__ == "__main__":
    main()
