"""Time the quick commands end to end on the sample project, start-up included.

Builds the sample project (`qualcode demo --no-tui`), then runs each command as a user would
(a new process each time) several times, interleaved, and prints the median and best wall time
and the median CPU time of each. For scale it also times a bare `python -c pass` and
`python -c "import sqlalchemy"` in the same run: the read-only commands no longer import
SQLAlchemy (qualcode.store.lite), which used to be about half of their time.

    python bench/bench_commands.py [--runs 7] [--before OTHER_PYTHON]

``--before`` also runs every qualcode command with another interpreter (say, an older checkout's
virtual environment, ``/path/to/old/.venv/bin/python``), interleaved with this one, to compare
two versions side by side on the same loaded machine. Commands run from the project's folder,
so ``-m qualcode`` finds the interpreter's installed qualcode, not a checkout in the current
directory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``argv`` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", help="another Python whose qualcode to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            [PYTHON, "-m", "qualcode", "demo", "--no-tui", "--dir", folder],
            check=True,
            capture_output=True,
        )
        project = str(folder / "demo.qualcode")
        out = str(folder / "out")
        commands = {
            "python -c pass": [PYTHON, "-c", "pass"],
            'python -c "import sqlalchemy"': [PYTHON, "-c", "import sqlalchemy"],
            "documents": [PYTHON, "-m", "qualcode", "documents", project],
            "segments --document int01": [
                PYTHON, "-m", "qualcode", "segments", project, "--document", "int01"
            ],
            "codings export": [PYTHON, "-m", "qualcode", "codings", "export", project, "-o", out],
            "kappa": [PYTHON, "-m", "qualcode", "kappa", project],
            "freq": [PYTHON, "-m", "qualcode", "freq", project],
            "quotes": [PYTHON, "-m", "qualcode", "quotes", project],
            "codebook check": [
                PYTHON, "-m", "qualcode", "codebook", "check",
                str(Path(__file__).resolve().parents[1] / "codebooks" / "labor_trafficking.yaml"),
            ],
            "kappa --disagreements FILE": [
                PYTHON, "-m", "qualcode", "kappa", project, "--disagreements", out + ".csv"
            ],
            "report -o FILE.html": [PYTHON, "-m", "qualcode", "report", project, "-o",
                                    out + ".html"],
        }  # fmt: skip
        if args.before:
            for name, argv in list(commands.items()):
                if argv[1:3] == ["-m", "qualcode"]:
                    commands[f"before: {name}"] = [args.before, *argv[1:]]
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so load changes hit every command alike
            for name, argv in commands.items():
                wall, cpu = timed(argv, folder)
                walls[name].append(wall)
                cpus[name].append(cpu)
        load = os.getloadavg()[0]
        print(f"{args.runs} runs each, interleaved; load average at the end {load:.1f}")
        print(f"{'command':<40}{'median':>9}{'best':>9}{'cpu':>9}")
        for name in sorted(commands, key=lambda name: name.removeprefix("before: ")):
            print(
                f"{name:<40}{statistics.median(walls[name]) * 1000:>7.0f}ms"
                f"{min(walls[name]) * 1000:>7.0f}ms{statistics.median(cpus[name]) * 1000:>7.0f}ms"
            )


if __name__ == "__main__":
    main()
