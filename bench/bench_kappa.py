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
"""

from __future__ import annotations

import argparse
import csv
import math
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--words", type=int, default=3070)
    parser.add_argument("--codes", type=int, default=150)
    parser.add_argument("--density", type=float, default=0.03)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        generate(
            work, args.documents, args.words, args.codes, 2, args.density, double=1.0, answer=(1, 2)
        )
        project = work / "bench.qualcode"
        qualcode("new", project, "--codebook", work / "codebook.yaml")
        add = qualcode(
            "add", project, "--manifest", work / "transcripts" / "manifest.csv", "--no-deidentify"
        )
        load = qualcode("codings", "import", project, work / "codings.csv")
        print(
            f"setup: generate+import {time.perf_counter() - start:.1f} s "
            f"(add {add:.1f} s, codings import {load:.1f} s)"
        )

        report_csv = work / "kappa.csv"
        ours = qualcode(
            "kappa", project, "--coders", "coder1,coder2", "--format", "csv", "-o", report_csv
        )
        qualcode("codings", "export", project, "-o", work / "export.csv")
        qualcode("segments", project, "-o", work / "segments.csv")
        kappas, script_total, script_loop = user_script(work / "export.csv", work / "segments.csv")
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
        print(
            f"units: {units:,} double-coded respondent segments x {len(rows)} codes; "
            f"codings: {sum(1 for _ in (work / 'codings.csv').open()) - 1:,} rows"
        )
        print(f"same kappas: max difference {worst:.1e} over {len(rows)} codes")
        print(
            f"end to end:  qualcode kappa {ours:.2f} s   pandas+sklearn script {script_total:.2f} s"
            f"   ratio {script_total / ours:.1f}x"
        )
        print(
            f"computation: qualcode {computation * 1000:.0f} ms   sklearn loop "
            f"{script_loop * 1000:.0f} ms   ratio {script_loop / computation:.0f}x"
        )


if __name__ == "__main__":
    main()
