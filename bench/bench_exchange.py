"""Benchmark REFI-QDA exchange: `qualcode export -o FILE.qdpx` and `qualcode new --from FILE.qdpx`.

Generates a project (transcripts, manifest, codebook, codings by two coders), builds it with
`new`, `add --no-deidentify` and `codings import`, then times side by side in one run:

- **export**: `qualcode export PROJECT -o FILE.qdpx` (reads everything, writes and validates the
  project XML against Project.xsd, zips the sources), against `qualcode codings export` plus
  `qualcode segments --format csv`, what a user would otherwise hand to another tool;
- **import**: `qualcode new --from FILE.qdpx --no-deidentify` (unzip, parse, detect position
  counting, segment, map selections to segments, store documents, codings and memos), against
  the same project built the usual way (`new` + `add --no-deidentify` + `codings import`).

It checks that the round trip gives back the same codings.

    python bench/bench_exchange.py [--documents 200] [--words 5000]
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

QUALCODE = Path(sys.executable).parent / "qualcode"


def qualcode(*args: object) -> float:
    start = time.perf_counter()
    subprocess.run([QUALCODE, *map(str, args)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--words", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        generate(work, args.documents, args.words, codes=50, coders=2, double=0.2)
        transcripts = work / "transcripts"
        project = work / "study.qualcode"
        usual = qualcode("new", project, "--codebook", work / "codebook.yaml")
        usual += qualcode(
            "add", project, "--manifest", transcripts / "manifest.csv", "--no-deidentify"
        )
        usual += qualcode("codings", "import", project, work / "codings.csv")
        qdpx = work / "study.qdpx"
        export = qualcode("export", project, "-o", qdpx)
        csvs = qualcode("codings", "export", project, "-o", work / "codings_out.csv")
        csvs += qualcode("segments", project, "-o", work / "segments.csv")
        back = work / "back" / "study.qualcode"
        back.parent.mkdir()
        imported = qualcode("new", back, "--from", qdpx, "--no-deidentify")
        qualcode("codings", "export", back, "-o", work / "codings_back.csv")
        same = (work / "codings_out.csv").read_bytes() == (work / "codings_back.csv").read_bytes()
        rows = (work / "codings_out.csv").read_text(encoding="utf-8").count("\n") - 1
        print(f"{args.documents} documents x {args.words} words, {rows} codings CSV rows")
        print(
            f"qdpx size: {qdpx.stat().st_size / 1_048_576:.1f} MB; round trip same codings: {same}"
        )
        print(f"export .qdpx                  {export:7.2f} s")
        print(f"codings export + segments CSV {csvs:7.2f} s  (ratio {export / csvs:.2f})")
        print(f"new --from .qdpx              {imported:7.2f} s")
        print(f"new + add + codings import    {usual:7.2f} s  (ratio {imported / usual:.2f})")
        if not same:
            raise SystemExit("the round trip changed the codings")


if __name__ == "__main__":
    main()
