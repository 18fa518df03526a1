"""Benchmark the learnt code suggestions: how good (against the keyword hints) and how quick.

1. The evaluation (`qualcode suggest --evaluate`: 5 folds by document, precision@3 and
   recall@3) on the sample project and on a generated one whose codings follow its text: each
   code has "marker" sentences (drawn at random from the sample's respondent sentences) and a
   segment gets the codes of the markers it contains, 10% of them dropped as a coder would miss
   them; the codebook names two words of one marker sentence per code as keywords.
2. Training time on ``--train`` coded segments x ``--codes`` codes (wall and CPU seconds).
3. From moving to a segment to its suggestions on screen, in the coding UI (Textual Pilot),
   and the helper process's time to score one document with the large model.

    python bench/bench_suggest.py [--documents 200] [--train 100000] [--codes 150]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from generate import codebook_yaml, generate, sample_sentences  # noqa: E402

QUALCODE = Path(sys.executable).parent / "qualcode"


def markers(codes: list[str], seed: int) -> dict[str, str]:
    """Half the sample's respondent sentences, each the marker of one code."""
    rng = random.Random(seed)
    said = sorted(set(sample_sentences()[1]))
    return {s: codes[rng.randrange(len(codes))] for s in said if rng.random() < 0.5}


def with_keywords(yaml_text: str, marked: dict[str, str]) -> str:
    """The generated codebook, each code given two long words of one marker as keywords."""
    cue: dict[str, list[str]] = {}
    for sentence, code in sorted(marked.items()):
        words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{7,}", sentence)})
        if code not in cue and len(words) >= 2:
            cue[code] = words[:2]
    lines = []
    family = ""
    for line in yaml_text.splitlines():
        lines.append(line)
        if line.startswith("  - id: "):
            family = line.split(": ")[1]
        if line.strip().startswith("definition:") and lines[-4].strip().startswith("- id:"):
            code = f"{family}.{lines[-4].split(': ')[1]}"
            if code in cue:
                lines.append(f"        keywords: [{', '.join(cue[code])}]")
    return "\n".join(lines) + "\n"


def generated_project(work: Path, documents: int, codes: int) -> tuple[Path, float]:
    """A generated project with text-driven codings; returns it and its respondent segments."""
    generate(work, documents, 3000, codes=codes, coders=1, codings=False)
    text, ids = codebook_yaml(codes)
    marked = markers(ids, seed=11)
    (work / "codebook.yaml").write_text(with_keywords(text, marked), encoding="utf-8")
    rng = random.Random(5)
    rows = [("segment_id", "coder", "code")]
    segments = 0
    for path in sorted((work / "transcripts").glob("doc*.txt")):
        turn = 0
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith(("Interviewer:", "Respondent:")):
                turn += 1
            if turn % 2 == 0 and line.strip():  # a respondent turn (and its second paragraph)
                found = {code for sentence, code in marked.items() if sentence in line}
                kept = sorted(code for code in found if rng.random() >= 0.1)
                if line.startswith("Respondent:"):
                    segments += 1
                rows += [(f"{path.stem}:{turn}", "coder1", code) for code in kept or [""]]
    with (work / "codings.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(dict.fromkeys(rows))  # a two-paragraph turn listed once
    project = work / "generated.qualcode"
    run("new", project, "--codebook", work / "codebook.yaml")
    run("add", project, "--manifest", work / "transcripts" / "manifest.csv", "--no-deidentify")
    run("codings", "import", project, work / "codings.csv")
    return project, segments


def run(*args: object) -> None:
    subprocess.run([QUALCODE, *map(str, args)], check=True, capture_output=True)


def evaluation(project: Path, name: str) -> None:
    from qualcode.project import open_project
    from qualcode.project.suggest import evaluate_suggestions

    start = time.perf_counter()
    with open_project(project) as opened:
        result, _ = evaluate_suggestions(opened, folds=5)
    seconds = time.perf_counter() - start
    learnt = sum(code.learnt for code in result.codes)
    s, k = result.overall.suggestions, result.overall.keywords
    print(
        f"| {name} | {result.documents} | {result.segments} | {learnt}/{len(result.codes)} | "
        f"{s.precision:.3f} | {s.recall:.3f} | {k.precision or 0:.3f} | {k.recall or 0:.3f} | "
        f"{seconds:.0f} s |"
    )


def training(segments: int, codes: int) -> object:
    from qualcode.codebook import parse_codebook
    from qualcode.suggest import Example, train

    text, ids = codebook_yaml(codes)
    codebook = parse_codebook(text)
    marked = markers(ids, seed=11)
    said = sorted(set(sample_sentences()[1]))
    rng = random.Random(1)
    examples = []
    for i in range(segments):
        chosen = [rng.choice(said) for _ in range(rng.randint(2, 8))]
        found = frozenset(marked[s] for s in chosen if s in marked)
        examples.append(Example(i, i // 100, " ".join(chosen), found))
    wall, cpu = time.perf_counter(), time.process_time()
    model = train(examples, codebook)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"training: {segments:,} segments x {codes} codes ({len(model.learnt)} learnt, "
        f"{model.weights.shape[1]:,} features): {wall:.1f} s wall, {cpu:.1f} s CPU"
    )
    document = [e.text for e in examples[:200]]
    model.suggest(document)  # the vocabulary by column is built once
    times = []
    for _ in range(10):
        start = time.perf_counter()
        model.suggest(document)
        times.append(time.perf_counter() - start)
    print(f"scoring one 200-segment document with it: {statistics.median(times) * 1000:.0f} ms")
    return model


async def screen_latency(project: Path, moves: int, *, suggestions: bool) -> list[float]:
    """Seconds from pressing j (or k) to the status bar (drawn after the suggestion line) showing
    the new segment; with ``suggestions`` off, the same screen without them, for comparison."""
    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.coding import CodingScreen

    app = QualcodeApp(project, "bench", document="doc00001", keywords=suggestions)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        start = time.perf_counter()
        while suggestions and screen.code_suggestions is None and time.perf_counter() - start < 600:
            await pilot.pause(0.05)
        if suggestions:
            print(
                f"coding UI: first document's suggestions after {time.perf_counter() - start:.1f} s"
            )
        status = screen.query_one("#status")
        times = []
        for i in range(moves):
            before = status.render()
            start = time.perf_counter()
            await pilot.press("j" if i < moves // 2 else "k")
            while status.render() is before:
                await pilot.pause(0)
            times.append(time.perf_counter() - start)
        handler = []
        for i in range(moves):
            start = time.perf_counter()
            screen.move_to(1 + i % 10)
            handler.append(time.perf_counter() - start)
    times.sort()
    label = "with suggestions" if suggestions else "without suggestions (baseline)"
    print(
        f"coding UI {label}: key press to segment shown: median "
        f"{statistics.median(times) * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms; the move "
        f"itself (suggestion line included): median {statistics.median(handler) * 1000:.2f} ms"
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--codes", type=int, default=150)
    parser.add_argument("--train", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument(
        "--parts",
        default="evaluation,training,screen",
        help="Which measurements, comma-separated (evaluation, training, screen).",
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if "evaluation" in parts:
            print("| project | documents | segments | codes learnt | suggest P@3 | suggest R@3 | "
                  "keyword P@3 | keyword R@3 | time |")  # fmt: skip
            print("|---|---|---|---|---|---|---|---|---|")
            run("demo", "--dir", work / "demo", "--no-tui")
            evaluation(work / "demo" / "demo.qualcode", "sample (12 interviews)")
        if parts & {"evaluation", "screen"}:
            project, _ = generated_project(work / "generated", args.documents, args.codes)
        if "evaluation" in parts:
            evaluation(project, f"generated ({args.codes} codes)")
        if "training" in parts:
            training(args.train, args.codes)
        if "screen" in parts:
            asyncio.run(screen_latency(project, args.moves, suggestions=True))
            asyncio.run(screen_latency(project, args.moves, suggestions=False))


if __name__ == "__main__":
    main()
