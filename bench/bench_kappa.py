"""Benchmark `qualcode kappa` against the script a user would write.

Generates a project where 2 coders double-code every document: about 100,000 respondent segments
× 150 codes at 3% coding density. Then, side by side in one run:

1. end to end: the whole `qualcode kappa` command (a subprocess reading the project file and
   writing the CSV report) against the user's script (load the exported codings CSV and segments
   CSV with pandas, keep respondent segments both coders reviewed, loop
   ``sklearn.metrics.cohen_kappa_score`` over the codes);
2. computation only: qualcode's per-code tables and coefficients on data already in memory
   against the scikit-learn loop on data already in memory.

Both must give the same kappas to 1e-9.

    python bench/bench_kappa.py [--documents 1000] [--codes 150] [--density 0.03]
        [--repeat 1] [--before OTHER_PYTHON] [--keep DIR]

``--repeat`` runs the end-to-end comparison that many times, alternating (the script in a new
process each time, so its imports are timed every time), and reports medians of wall and CPU
time. ``--before`` also times another interpreter's ``-m qualcode kappa`` (say, an older
checkout's virtual environment) in the same rotation. ``--keep DIR`` generates the project in
DIR, or reuses the one already there.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, qualcode


def user_script(codings_csv: Path, segments_csv: Path) -> tuple[dict[str, float], float, float]:
    """The obvious pandas + scikit-learn script; returns kappas, total and loop seconds."""
    start = time.perf_counter()
    import pandas as pd
    from sklearn.metrics import cohen_kappa_score

    codings = pd.read_csv(codings_csv, keep_default_na=False)
    segments = pd.read_csv(segments_csv, usecols=["segment_id", "speaker_kind"])
    respondent = segments.loc[segments.speaker_kind == "respondent", "segment_id"]
    codings = codings[codings.segment_id.isin(respondent)]
    a = codings[codings.coder == "coder1"]
    b = codings[codings.coder == "coder2"]
    units = pd.Index(sorted(set(a.segment_id) & set(b.segment_id)))
    codes = sorted(c for c in codings.code.unique() if c)
    loop_start = time.perf_counter()
    kappas = {}
    for code in codes:
        rated_a = units.isin(a.loc[a.code == code, "segment_id"])
        rated_b = units.isin(b.loc[b.code == code, "segment_id"])
        kappas[code] = cohen_kappa_score(rated_a, rated_b)
    end = time.perf_counter()
    return kappas, end - start, end - loop_start


def qualcode_computation(project: Path) -> tuple[float, int]:
    """Seconds for qualcode's computation on data already loaded, and units compared."""
    from qualcode.agreement.report import pair_report
    from qualcode.project import open_project

    with open_project(project) as opened:
        data = opened.store.agreement.data(["coder1", "coder2"], include_interviewer=False)
        codebook = opened.codebook
        start = time.perf_counter()
        pair = pair_report(codebook, data, "coder1", "coder2")
        seconds = time.perf_counter() - start
    return seconds, pair.n_units


def run_timed(argv: list[object], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of a subprocess, and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(a) for a in argv], check=True, capture_output=True, text=True, cwd=cwd
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def setup(work: Path, args: argparse.Namespace) -> Path:
    project = work / "bench.qualcode"
    if project.exists():
        return project
    start = time.perf_counter()
    generate(
        work, args.documents, args.words, args.codes, 2, args.density, double=1.0, answer=(1, 2)
    )
    qualcode("new", project, "--codebook", work / "codebook.yaml")
    add = qualcode(
        "add", project, "--manifest", work / "transcripts" / "manifest.csv", "--no-deidentify"
    )
    load = qualcode("codings", "import", project, work / "codings.csv")
    qualcode("codings", "export", project, "-o", work / "export.csv")
    qualcode("segments", project, "-o", work / "segments.csv")
    print(
        f"setup: generate+import {time.perf_counter() - start:.1f} s "
        f"(add {add:.1f} s, codings import {load:.1f} s)"
    )
    return project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--words", type=int, default=3070)
    parser.add_argument("--codes", type=int, default=150)
    parser.add_argument("--density", type=float, default=0.03)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--before", help="another Python whose qualcode to compare with")
    parser.add_argument("--keep", type=Path, help="generate the project here, or reuse it")
    parser.add_argument("--script", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.script:  # the user's script, in a process of its own
        cpu = time.process_time()
        kappas, total, loop = user_script(*args.script)
        cpu = time.process_time() - cpu
        print(json.dumps({"kappas": kappas, "total": total, "loop": loop, "cpu": cpu}))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        project = setup(work, args)
        report_csv = work / "kappa.csv"
        kappa = ["-m", "qualcode", "kappa", project, "--coders", "coder1,coder2",
                 "--format", "csv", "-o", report_csv]  # fmt: skip
        script = [sys.executable, Path(__file__).resolve(), "--script",
                  work / "export.csv", work / "segments.csv"]  # fmt: skip
        times: dict[str, list[tuple[float, float]]] = {"qualcode kappa": [], "script": []}
        if args.before:
            times["before: qualcode kappa"] = []
        kappas: dict[str, float] = {}
        for _ in range(args.repeat):
            wall, cpu, _ = run_timed([sys.executable, *kappa], work)
            times["qualcode kappa"].append((wall, cpu))
            if args.before:
                wall, cpu, _ = run_timed([args.before, *kappa[:-1], work / "before.csv"], work)
                times["before: qualcode kappa"].append((wall, cpu))
            _, _, out = run_timed(script, work)
            result = json.loads(out)
            kappas = result["kappas"]
            times["script"].append((result["total"], result["cpu"]))
        computation, units = qualcode_computation(project)

        with report_csv.open(encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle) if r["scope"] == "code"]
        worst = 0.0
        for row in rows:
            theirs = kappas.get(row["name"], math.nan)
            if row["kappa"] == "" and math.isnan(theirs):
                continue
            worst = max(worst, abs(float(row["kappa"]) - theirs))
        assert worst < 1e-9, worst
        if args.before:
            assert (work / "before.csv").read_text(encoding="utf-8") == report_csv.read_text(
                encoding="utf-8"
            ), "the two versions' reports differ"
        print(
            f"units: {units:,} double-coded respondent segments x {len(rows)} codes; "
            f"codings: {sum(1 for _ in (work / 'codings.csv').open()) - 1:,} rows"
        )
        print(f"same kappas: max difference {worst:.1e} over {len(rows)} codes")
        median = {
            name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
            for name, runs in times.items()
        }
        script_wall, script_cpu = median["script"]
        print(f"end to end, median of {args.repeat} (wall / CPU):")
        for name, (wall, cpu) in median.items():
            ratio = (
                f"   script / this: {script_wall / wall:.1f}x wall, {script_cpu / cpu:.1f}x CPU"
                if name != "script"
                else ""
            )
            print(f"  {name:<24}{wall:6.2f} s / {cpu:.2f} s{ratio}")
        loop = result["loop"]
        print(
            f"computation: qualcode {computation * 1000:.0f} ms   sklearn loop "
            f"{loop * 1000:.0f} ms   ratio {loop / computation:.0f}x"
        )


if __name__ == "__main__":
    main()
