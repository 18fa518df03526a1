"""Benchmark `qualcode add` with deidentification against raw spaCy `nlp.pipe`.

Generates transcripts (bench/generate.py) and sprinkles fictional identifiers into them (names
with titles, phone numbers, e-mail and street addresses, case numbers, organisations), then
runs, side by side on the same machine:

- **qualcode**: `qualcode add PROJECT --manifest ...` as a subprocess, end to end (process start,
  model load, reading, segmenting, deidentifying, writing the project file);
- **raw spaCy**: a subprocess running the script a user would write: load the same model with the
  same components (NER only), read the same transcripts, take the same turn texts and run
  `nlp.pipe` over them (batch size 256), collecting the entities. It runs twice: with one
  process (the obvious script) and with as many processes as qualcode chooses for this corpus
  (`n_process`), so that the comparison is at equal parallelism.

Each is run ``--repeat`` times, alternating, and the best time of each is kept. Because whole
runs on a small shared machine vary by 10-20%, the script also times the stages in one process
on the first ``--breakdown`` documents: raw `nlp.pipe` (one process), qualcode's NER pass (the
same component, texts in length order), and qualcode's own work after NER (patterns, rules,
allowlist, propagation, placeholders, report), so the overhead can be read without the noise.

    python bench/bench_deid.py [--documents 200] [--words 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
QUALCODE = Path(sys.executable).parent / "qualcode"
CODEBOOK = ROOT / "codebooks" / "labor_trafficking.yaml"

FIRST = ["Marta", "Dale", "Rosa", "Kevin", "Lena", "Tomas", "Grace", "Omar", "Nadia", "Victor"]
LAST = ["Prentice", "Okonkwo", "Vasquez", "Lindgren", "Abernathy", "Moreau", "Castellano", "Pike"]
TOWNS = ["Millbrook", "East Vennick", "Port Ellery", "Harlow County", "Granger Heights"]
ORGS = ["Sunridge Farms LLC", "Prentice Harvest Services", "Tri-Valley Legal Aid"]
TEMPLATES = [
    "I called Detective {last} at {phone} and she came out that day.",
    "The crew boss was a man named {first} {last}, out of {town}.",
    "They were housed at {number} Canal Street, near {town}.",
    "The case number was 2021-CR-{case:06d}, if you need it.",
    "You can e-mail {first_lower}.{last_lower}@example.org for the file.",
    "The contractor was {org}, and {last} ran it day to day.",
]


def sprinkle(folder: Path, seed: int = 3) -> None:
    """Add one sentence with fictional identifiers to about one answer in four."""
    rng = random.Random(seed)
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            if line.startswith("Respondent: ") and rng.random() < 0.25:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                sentence = rng.choice(TEMPLATES).format(
                    first=first,
                    last=last,
                    first_lower=first.lower(),
                    last_lower=last.lower(),
                    town=rng.choice(TOWNS),
                    org=rng.choice(ORGS),
                    phone=f"(555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
                    number=rng.randint(10, 9999),
                    case=rng.randint(1, 999999),
                )
                lines[i] = f"{line} {sentence}"
        path.write_text("\n".join(lines), encoding="utf-8")


RAW_SCRIPT = """
import sys, time
from pathlib import Path
start = time.perf_counter()
import spacy
from qualcode.ingest.readers import read_transcript
nlp = spacy.load(sys.argv[2], exclude=["tagger", "parser", "attribute_ruler", "lemmatizer",
                                      "senter", "tok2vec"])
texts = [turn.text for path in sorted(Path(sys.argv[1]).glob("*.txt"))
         for turn in read_transcript(path).turns]
docs = nlp.pipe(texts, batch_size=256, n_process=int(sys.argv[3]))
entities = sum(len(doc.ents) for doc in docs)
print(entities, nlp.pipe_names, time.perf_counter() - start)
"""


def time_qualcode(work: Path, transcripts: Path, run: int, processes: int | None = None) -> float:
    project = work / f"bench-{run}-{processes}.qualcode"
    subprocess.run(
        [QUALCODE, "new", project, "--codebook", CODEBOOK], check=True, capture_output=True
    )
    env = dict(os.environ)
    if processes is not None:
        env["QUALCODE_NER_PROCESSES"] = str(processes)
    start = time.perf_counter()
    done = subprocess.run(
        [QUALCODE, "add", project, "--manifest", transcripts / "manifest.csv"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    if run == 0:
        print("  " + done.stdout.strip().replace("\n", "\n  "))
    return seconds


def time_raw(transcripts: Path, model: str, n_process: int, run: int) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-c", RAW_SCRIPT, str(transcripts), model, str(n_process)],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if run == 0:
        entities, *_ = done.stdout.split()
        components = done.stdout.split(" ", 1)[1].rsplit(" ", 1)[0]
        print(f"  raw spaCy, {n_process} process(es): {entities} entities, {components}")
    return seconds


def breakdown(transcripts: Path, documents: int) -> None:
    """Stage times in one process, on the first ``documents`` transcripts."""
    from qualcode.deid.engine import Deidentifier
    from qualcode.ingest.readers import read_transcript
    from qualcode.ingest.segment import segment_turns

    paths = sorted(transcripts.glob("*.txt"))[:documents]
    docs = [segment_turns(read_transcript(path).turns, "turn") for path in paths]
    texts = [segment.text for doc in docs for segment in doc]
    words = sum(len(text.split()) for text in texts)
    deidentifier = Deidentifier(n_process=1)
    nlp = deidentifier.pipeline.nlp
    start = time.perf_counter()
    raw_entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=256))
    raw = time.perf_counter() - start
    start = time.perf_counter()
    entities = deidentifier._entities(texts, None)
    ner = time.perf_counter() - start
    assert sum(len(found) for found in entities) == raw_entities
    start = time.perf_counter()
    done = 0
    for doc in docs:
        deidentifier.document(doc, entities[done : done + len(doc)])
        done += len(doc)
    post = time.perf_counter() - start
    print(f"stages, {len(docs)} transcripts, {words:,} words, one process:")
    print(f"  raw nlp.pipe (batch 256, file order):   {raw:6.2f} s")
    print(f"  qualcode NER pass (length-sorted):      {ner:6.2f} s")
    print(
        f"  qualcode after NER (rules, placeholders): {post:4.2f} s = {post / raw:.1%} of raw NER"
    )
    print(f"  in-process throughput ratio qualcode/raw: {raw / (ner + post):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", type=int, default=50, metavar="DOCUMENTS")
    args = parser.parse_args()
    from qualcode.deid.engine import auto_processes
    from qualcode.ingest.readers import read_transcript
    from qualcode.nlp import ner_pipeline

    pipeline = ner_pipeline()
    if not pipeline.has_model:
        sys.exit("No spaCy model installed: nothing to compare.")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(work / "corpus", args.documents, args.words, codings=False, seed=5)
        transcripts = work / "corpus" / "transcripts"
        sprinkle(transcripts)
        texts = [
            turn.text
            for path in sorted(transcripts.glob("*.txt"))
            for turn in read_transcript(path).turns
        ]
        words = sum(len(text.split()) for text in texts)
        n_process = auto_processes(sum(len(text) for text in texts))
        print(
            f"corpus: {args.documents} transcripts, {words:,} words; model "
            f"{pipeline.model_name}; qualcode uses {n_process} NER process(es)"
        )
        times: dict[str, list[float]] = {"raw1": [], "rawN": [], "qualcode": [], "qualcode1": []}
        for run in range(args.repeat):
            times["raw1"].append(time_raw(transcripts, pipeline.model_name or "", 1, run))
            if n_process > 1:
                times["rawN"].append(
                    time_raw(transcripts, pipeline.model_name or "", n_process, run)
                )
            times["qualcode"].append(time_qualcode(work, transcripts, run))
            if n_process > 1:
                times["qualcode1"].append(time_qualcode(work, transcripts, run, processes=1))
            print(
                "  run "
                + str(run + 1)
                + ": "
                + ", ".join(
                    f"{name} {values[-1]:.2f} s" for name, values in times.items() if values
                )
            )
        breakdown(transcripts, args.breakdown)
        best = {name: min(values) for name, values in times.items() if values}
        for name, label in (
            ("raw1", "raw spaCy nlp.pipe, 1 process"),
            ("rawN", f"raw spaCy nlp.pipe, {n_process} processes"),
            ("qualcode", f"qualcode add, {n_process} NER process(es)"),
            ("qualcode1", "qualcode add, 1 NER process"),
        ):
            if name in best:
                print(f"{label:<36} {best[name]:6.2f} s  {words / best[name]:8,.0f} words/s")
        ratio = best["raw1"] / best["qualcode"]
        print(f"ratio qualcode/raw throughput, default settings: {ratio:.2f}")
        if n_process > 1:
            print(
                f"ratio at equal parallelism: {n_process} processes "
                f"{best['rawN'] / best['qualcode']:.2f}, 1 process "
                f"{best['raw1'] / best['qualcode1']:.2f}"
            )


if __name__ == "__main__":
    main()
