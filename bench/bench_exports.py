"""Benchmark `qualcode matrix` and `qualcode export FILE.xlsx` against the pandas script a user
would write over the exported CSVs.

Generates a project of about 100,000 respondent segments × 150 codes (one coder, 1,000
documents, 3% coding density), exports `segments --format csv` and `codings export`, then times
side by side in one run:

1. `qualcode matrix -o FILE.csv` (a subprocess, end to end) against the script: read the
   segments, codings and manifest CSVs, keep respondent segments of coded documents, one 0/1
   column per code (`pd.crosstab`), join the document attributes, write the CSV;
2. `qualcode export -o FILE.xlsx` against the script writing the same bulk with
   `DataFrame.to_excel` (openpyxl engine): frequencies by role, every quote with its text, and the
   matrix. (qualcode's workbook also has the agreement, memos and codebook sheets: small here.)

The matrix must be the same cell for cell; the workbooks' matrix sheets are compared too.

    python bench/bench_exports.py [--documents 1000] [--codes 150] [--density 0.03]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, qualcode


def script_matrix(work: Path) -> tuple[Any, Any, Any, float]:
    """The obvious pandas matrix; returns the matrix, the segments, the codings applied and the
    manifest (frames) and its seconds."""
    start = time.perf_counter()
    import pandas as pd

    segments = pd.read_csv(work / "segments.csv", keep_default_na=False)
    codings = pd.read_csv(work / "export.csv", keep_default_na=False)
    manifest = pd.read_csv(work / "transcripts" / "manifest.csv", keep_default_na=False)
    manifest["document"] = manifest.pop("file").str.removesuffix(".txt")
    coded = codings.segment_id.str.rsplit(":", n=1).str[0].unique()
    segments = segments[(segments.speaker_kind != "interviewer") & segments.document.isin(coded)]
    applied = codings[codings.code != ""]
    wide = pd.crosstab(applied.segment_id, applied.code).clip(upper=1)
    frame = segments[["segment_id", "document", "n", "speaker"]].merge(
        manifest, on="document", how="left"
    )
    frame = frame.join(wide, on="segment_id")
    codes = sorted(wide.columns)
    frame[codes] = frame[codes].fillna(0).astype("uint8")
    frame.to_csv(work / "script_matrix.csv", index=False)
    return frame, segments, (applied, manifest), time.perf_counter() - start


def script_workbook(work: Path) -> float:
    """The matrix script, then frequencies by role and quotes, written with ``to_excel``."""
    start = time.perf_counter()
    import pandas as pd

    frame, segments, (applied, manifest), _ = script_matrix(work)
    applied = applied.assign(
        document=applied.segment_id.str.rsplit(":", n=1).str[0],
        family=applied.code.str.split(".").str[0],
    ).merge(manifest, on="document")
    both = pd.concat([applied, applied.assign(role="total")])
    freq = (
        both.groupby(["role", "family", "code"])
        .agg(mentions=("segment_id", "nunique"), documents=("document", "nunique"))
        .reset_index()
    )
    quotes = applied.merge(
        segments[["segment_id", "speaker", "text"]], on="segment_id", how="left"
    )[["family", "code", "document", "participant_id", "role", "segment_id", "speaker", "text"]]
    with pd.ExcelWriter(work / "script.xlsx", engine="openpyxl") as writer:
        freq.to_excel(writer, sheet_name="Frequencies", index=False)
        quotes.to_excel(writer, sheet_name="Quotes", index=False)
        frame.to_excel(writer, sheet_name="Matrix", index=False)
    return time.perf_counter() - start


def check_same(work: Path, script: Any) -> int:
    import pandas as pd

    ours = pd.read_csv(work / "matrix.csv", keep_default_na=False)
    assert list(ours.segment_id) == list(script.segment_id)
    assert (ours[list(script.columns)].to_numpy() == script.to_numpy()).all() or all(
        (ours[c].astype(str) == script[c].astype(str)).all() for c in script.columns
    )
    return len(ours)


def check_workbook(work: Path, rows: int) -> None:
    """The Matrix sheet's header and first row are the CSV's, and its filter spans every row
    (read from the sheet's XML: loading 15 million cells back would take minutes)."""
    import re
    import zipfile

    from openpyxl import load_workbook

    workbook = load_workbook(work / "matrix.xlsx", read_only=True)
    sheet = workbook["Matrix"]
    with (work / "matrix.csv").open(encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
        first = handle.readline().strip().split(",")
    top = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    assert list(top[0]) == header
    assert [str(v) for v in top[1]] == first, (top[1][:8], first[:8])
    member = f"xl/worksheets/sheet{workbook.sheetnames.index('Matrix') + 1}.xml"
    tail = b""
    with zipfile.ZipFile(work / "matrix.xlsx") as archive, archive.open(member) as xml:
        while chunk := xml.read(1 << 20):
            tail = (tail + chunk)[-4096:]
    found = re.search(rb'<autoFilter ref="A1:[A-Z]+(\d+)"', tail)
    assert found and int(found.group(1)) == rows + 1, (found, rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--words", type=int, default=3070)
    parser.add_argument("--codes", type=int, default=150)
    parser.add_argument("--density", type=float, default=0.03)
    parser.add_argument("--skip-xlsx", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        generate(
            work, args.documents, args.words, args.codes, 1, args.density, double=0.0, answer=(1, 2)
        )
        project = work / "bench.qualcode"
        qualcode("new", project, "--codebook", work / "codebook.yaml")
        qualcode("add", project, "--manifest", work / "transcripts" / "manifest.csv",
                 "--no-deidentify")  # fmt: skip
        qualcode("codings", "import", project, work / "codings.csv")
        qualcode("codings", "export", project, "-o", work / "export.csv")
        qualcode("segments", project, "--format", "csv", "-o", work / "segments.csv")
        print(f"setup: {time.perf_counter() - start:.1f} s")

        ours = qualcode("matrix", project, "-o", work / "matrix.csv")
        script, _, (applied, _), theirs = script_matrix(work)
        rows = check_same(work, script)
        print(
            f"matrix: {rows:,} segments x {args.codes} codes, {len(applied):,} codings; "
            "same cells as the script"
        )
        print(
            f"  qualcode matrix {ours:.2f} s   pandas script {theirs:.2f} s   "
            f"ratio qualcode/script {ours / theirs:.2f}"
        )
        if args.skip_xlsx:
            return
        ours = qualcode("export", project, "-o", work / "matrix.xlsx")
        theirs = script_workbook(work)
        check_workbook(work, rows)
        size = (work / "matrix.xlsx").stat().st_size / 1e6
        print(f"xlsx: {size:.1f} MB; the matrix sheet matches the CSV")
        print(
            f"  qualcode export .xlsx {ours:.2f} s   pandas to_excel script {theirs:.2f} s   "
            f"ratio qualcode/script {ours / theirs:.2f}"
        )


if __name__ == "__main__":
    main()
