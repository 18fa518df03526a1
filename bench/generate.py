"""Generate large synthetic qualcode projects for benchmarks.

Transcripts are stitched from sentences of the fictional sample interviews, so turn lengths,
punctuation and vocabulary look like real transcripts. Writes a folder with ``transcripts/``,
``manifest.csv``, ``codebook.yaml`` (``--codes`` codes in families of ten) and ``codings.csv``
(``--coders`` coders; every document coded by a primary coder, ``--double`` of them by all coders,
each respondent segment getting each code with probability ``--density``).

    python bench/generate.py OUT --documents 1000 --words 5000 --codes 150 --coders 2 \
        --density 0.03 --double 0.1
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUALCODE = Path(sys.executable).parent / "qualcode"
ROLES = ("law_enforcement", "prosecutor", "service_provider", "labor_regulator", "other")


def qualcode(*args: object) -> float:
    """Run the real ``qualcode`` command; returns its wall-clock seconds."""
    start = time.perf_counter()
    subprocess.run([QUALCODE, *map(str, args)], check=True, capture_output=True)
    return time.perf_counter() - start


def sample_sentences() -> tuple[list[str], list[str]]:
    """Interviewer and respondent sentences from the shipped sample transcripts."""
    from qualcode.ingest.readers import read_transcript

    asked: list[str] = []
    said: list[str] = []
    for path in sorted((ROOT / "sample_transcripts").glob("int*.txt")):
        for turn in read_transcript(path).turns:
            sentences = [s for s in re.split(r"(?<=[.?!])\s+", turn.text) if s]
            (asked if turn.speaker_kind == "interviewer" else said).extend(sentences)
    return asked, said


def transcript(
    rng: random.Random, words: int, asked: list[str], said: list[str], answer: tuple[int, int]
) -> str:
    lines: list[str] = []
    count = 0
    while count < words:
        question = " ".join(rng.choice(asked) for _ in range(rng.randint(1, 2)))
        answer_sentences = [rng.choice(said) for _ in range(rng.randint(*answer))]
        lines.append(f"Interviewer: {question}")
        half = len(answer_sentences) // 2
        if len(answer_sentences) > 8:  # a long answer runs over two paragraphs
            lines.append("Respondent: " + " ".join(answer_sentences[:half]))
            lines.append("")
            lines.append(" ".join(answer_sentences[half:]))
        else:
            lines.append("Respondent: " + " ".join(answer_sentences))
        count += len(question.split()) + sum(len(s.split()) for s in answer_sentences)
    return "\n".join(lines) + "\n"


def codebook_yaml(codes: int) -> tuple[str, list[str]]:
    families = [(f"family_{f:02d}", min(10, codes - f * 10)) for f in range((codes + 9) // 10)]
    letters = "abefghilnorstvwxyz0123456789"
    out = ["name: Synthetic benchmark codebook", "version: 1", "families:"]
    ids: list[str] = []
    for index, (family, size) in enumerate(families):
        out += [f"  - id: {family}", f"    label: Family {index}"]
        if index < 9:
            out.append(f'    key: "{index + 1}"')
        out.append("    codes:")
        for c in range(size):
            out += [
                f"      - id: code_{c:02d}",
                f"        label: Code {index}.{c}",
                f'        key: "{letters[c]}"',
                "        definition: A synthetic code for benchmarks.",
            ]
            ids.append(f"{family}.code_{c:02d}")
    return "\n".join(out) + "\n", ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--codes", type=int, default=50)
    parser.add_argument("--coders", type=int, default=2)
    parser.add_argument("--density", type=float, default=0.03)
    parser.add_argument("--double", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-codings", action="store_true")
    parser.add_argument(
        "--short-answers",
        action="store_true",
        help="Answers of 1-2 sentences (many small segments).",
    )
    args = parser.parse_args()
    generate(
        args.out,
        args.documents,
        args.words,
        args.codes,
        args.coders,
        args.density,
        args.double,
        args.seed,
        codings=not args.no_codings,
    )


def generate(
    out: Path,
    documents: int,
    words: int,
    codes: int = 50,
    coders: int = 2,
    density: float = 0.03,
    double: float = 0.1,
    seed: int = 7,
    codings: bool = True,
    answer: tuple[int, int] = (2, 12),
) -> None:
    rng = random.Random(seed)
    asked, said = sample_sentences()
    folder = out / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"doc{i:05d}" for i in range(1, documents + 1)]
    turns_per_document: dict[str, int] = {}
    for name in names:
        text = transcript(rng, words, asked, said, answer)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        turns_per_document[name] = sum(
            1 for line in text.split("\n") if line.startswith(("Interviewer:", "Respondent:"))
        )
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "participant_id", "role", "site"])
        for i, name in enumerate(names):
            writer.writerow(
                [f"{name}.txt", f"P{i + 1:05d}", ROLES[i % len(ROLES)], f"site_{i % 10}"]
            )
    text, ids = codebook_yaml(codes)
    (out / "codebook.yaml").write_text(text, encoding="utf-8")
    if not codings:
        return
    coder_names = [f"coder{c + 1}" for c in range(coders)]
    with (out / "codings.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["segment_id", "coder", "code"])
        for i, name in enumerate(names):
            who = coder_names if rng.random() < double else [coder_names[i % coders]]
            for coder in who:
                for n in range(2, turns_per_document[name] + 1, 2):  # respondent turns
                    applied = [code for code in ids if rng.random() < density]
                    for code in applied or [""]:
                        writer.writerow([f"{name}:{n}", coder, code])


if __name__ == "__main__":
    main()
