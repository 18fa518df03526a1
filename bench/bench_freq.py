"""Benchmark `qualcode freq --by role` against the pandas script a user would write.

Generates a project with about 1,000,000 codings (one coder, 150 codes), then times side by
side in one run the whole `qualcode freq --by role --format csv -o FILE` command against a pandas
script over the exported codings CSV and the manifest: split segment ids into documents, join
the role, count unique segments and documents per role and code, the family totals, the
denominators and the percentages, plus the total group. Both must give the same numbers.

    python bench/bench_freq.py [--documents 1000] [--density 0.067]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import QUALCODE, generate, qualcode


def user_script(
    codings_csv: Path, manifest_csv: Path
) -> tuple[dict[tuple[str, str], tuple], float]:  # type: ignore[type-arg]
    """The obvious pandas script; returns {(group, code): (mentions, documents, N, family
    mentions, pct_documents, pct_of_family)} and its seconds."""
    start = time.perf_counter()
    import pandas as pd

    codings = pd.read_csv(codings_csv, keep_default_na=False)
    manifest = pd.read_csv(manifest_csv)
    coded_documents = codings.segment_id.str.rsplit(":", n=1).str[0].unique()
    codings = codings[codings.code != ""].copy()
    codings["document"] = codings.segment_id.str.rsplit(":", n=1).str[0]
    manifest["document"] = manifest.file.str.removesuffix(".txt")
    manifest = manifest[manifest.document.isin(coded_documents)]
    frame = codings.merge(manifest[["document", "role"]], on="document")
    frame["family"] = frame.code.str.split(".").str[0]
    total = frame.assign(role="total")
    both = pd.concat([frame, total])
    counts = (
        both.groupby(["role", "family", "code"])
        .agg(mentions=("segment_id", "nunique"), documents=("document", "nunique"))
        .reset_index()
    )
    families = counts.groupby(["role", "family"]).mentions.sum().rename("family_mentions")
    sizes = manifest.groupby("role").document.nunique()
    sizes["total"] = len(manifest)
    counts = counts.join(families, on=["role", "family"])
    counts["documents_in_group"] = counts.role.map(sizes)
    counts["pct_documents"] = 100 * counts.documents / counts.documents_in_group
    counts["pct_of_family"] = 100 * counts.mentions / counts.family_mentions
    result = {
        (row.role, row.code): (
            row.mentions,
            row.documents,
            row.documents_in_group,
            row.family_mentions,
            row.pct_documents,
            row.pct_of_family,
        )
        for row in counts.itertuples()
    }
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--words", type=int, default=3070)
    parser.add_argument("--codes", type=int, default=150)
    parser.add_argument("--density", type=float, default=0.067)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(
            work, args.documents, args.words, args.codes, 1, args.density, double=0.0, answer=(1, 2)
        )
        project = work / "bench.qualcode"
        qualcode("new", project, "--codebook", work / "codebook.yaml")
        manifest = work / "transcripts" / "manifest.csv"
        qualcode("add", project, "--manifest", manifest, "--no-deidentify")
        qualcode("codings", "import", project, work / "codings.csv")
        qualcode("codings", "export", project, "-o", work / "export.csv")

        out = work / "freq.csv"
        ours = qualcode("freq", project, "--by", "role", "--format", "csv", "-o", out)
        theirs, script = user_script(work / "export.csv", manifest)

        subprocess.run(
            [
                QUALCODE,
                "freq",
                project,
                "--by",
                "role",
                "--format",
                "json",
                "-o",
                work / "freq.json",
            ],
            check=True,
            capture_output=True,
        )
        rows = json.loads((work / "freq.json").read_text(encoding="utf-8"))["rows"]
        with out.open(encoding="utf-8") as handle:
            csv_rows = list(csv.DictReader(handle))
        assert len(csv_rows) == len(rows)
        compared = 0
        for row in rows:
            expected = theirs.get((row["group"], row["code"]))
            if expected is None:
                assert row["mentions"] == 0
                continue
            mentions, documents, size, family, pct_documents, pct_of_family = expected
            assert (
                row["mentions"],
                row["documents"],
                row["documents_in_group"],
                row["family_mentions"],
            ) == (mentions, documents, size, family), row
            assert math.isclose(row["pct_documents"], pct_documents, abs_tol=1e-9)
            assert math.isclose(row["pct_of_family"], pct_of_family, abs_tol=1e-9)
            compared += 1
        codings = sum(1 for _ in (work / "codings.csv").open()) - 1
        print(
            f"codings: {codings:,} rows; table: {len(rows)} group x code rows, {compared} "
            "compared with the script: same numbers"
        )
        print(
            f"end to end: qualcode freq --by role {ours:.2f} s   pandas script {script:.2f} s"
            f"   ratio {script / ours:.1f}x"
        )


if __name__ == "__main__":
    main()
