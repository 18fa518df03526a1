"""Benchmark the coding UI with Textual's Pilot on a large generated project.

1,000 documents and about 200,000 segments, plus one 2,000-segment document. Measures, in one
run: time until the app is ready (document list shown), time to open the 2,000-segment document,
the latency of a code toggle from key press to committed (and the commit alone, in the writer
thread), and peak memory of the app process (max RSS).

    python bench/bench_tui.py [--documents 1000] [--toggles 200]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

QUALCODE = Path(sys.executable).parent / "qualcode"
KEYWORDS = "--no-keywords" not in sys.argv


def build(work: Path, documents: int) -> Path:
    generate(work / "many", documents, 3070, codes=60, coders=1, codings=False, answer=(1, 2))
    generate(work / "big", 1, 31000, codes=60, coders=1, codings=False, answer=(1, 2), seed=3)
    big = work / "big" / "transcripts" / "doc00001.txt"
    big.rename(big.with_name("big_interview.txt"))
    project = work / "bench.qualcode"
    subprocess.run(
        [QUALCODE, "new", project, "--codebook", work / "many" / "codebook.yaml"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            QUALCODE,
            "add",
            project,
            work / "many" / "transcripts",
            work / "big" / "transcripts" / "big_interview.txt",
            "--no-deidentify",
        ],
        check=True,
        capture_output=True,
    )
    return project


async def measure(project: Path, toggles: int) -> None:
    from qualcode.tui.app import QualcodeApp
    from qualcode.tui.screens.documents import DocumentsScreen

    start = time.perf_counter()
    app = QualcodeApp(project, "bench", keywords=KEYWORDS)
    commits: list[float] = []
    toggled: list[float] = []  # key handled -> transaction committed
    pressed: dict[int, float] = {}
    write = app.session.write

    def timed_write(change):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        write(change)
        done = time.perf_counter()
        commits.append(done - began)
        toggled.append(done - pressed.pop(change.segment_pk, began))

    app.session.write = timed_write  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, DocumentsScreen) or not app.screen.rows:
            await pilot.pause(0.005)
        ready = time.perf_counter() - start
        documents = app.screen.rows
        segments = sum(row.segments for row in documents)
        big = next(row for row in documents if row.name == "big_interview")
        painted: list[float] = []
        began = time.perf_counter()
        app.open_document(big.id, big.name)
        # The document is open once the screen has been refreshed with it.
        app.call_after_refresh(lambda: painted.append(time.perf_counter()))
        while not painted:
            await pilot.pause(0.001)
        opened = painted[0] - began
        screen = app.screen
        toggle = screen.toggle

        def timed_toggle(code_id: str) -> None:
            pressed[screen.document.segments[screen.current].pk] = time.perf_counter()
            toggle(code_id)

        screen.toggle = timed_toggle  # type: ignore[method-assign]
        latencies = []
        for i in range(toggles):
            screen.move_to(2 * (i % 500) + 1)
            began = time.perf_counter()
            await pilot.press("1", "a")
            while app.writer.pending:
                await pilot.pause(0.001)
            latencies.append(time.perf_counter() - began)
        app.writer.flush()
        child_rss = 0.0
        if app.keyword_service is not None:
            for pid in list(app.keyword_service.pool._processes or {}):
                status = Path(f"/proc/{pid}/status").read_text()
                peak = next(line for line in status.splitlines() if line.startswith("VmHWM"))
                child_rss += int(peak.split()[1]) / 1024
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    commit_p95 = statistics.quantiles(commits, n=20)[18] * 1000
    toggle_p95 = statistics.quantiles(toggled, n=20)[18] * 1000
    print(
        f"project: {len(documents)} documents, {segments:,} segments; big document "
        f"{big.segments:,} segments"
    )
    print(f"app ready (document list): {ready:.2f} s   (target < 1.5 s)")
    if KEYWORDS:
        print("keyword suggestions: computed in a separate process (spaCy), shown when ready")
    print(f"open the {big.segments:,}-segment document: {opened * 1000:.0f} ms   (target < 300 ms)")
    print(
        f"toggle, code key handled to committed: median {statistics.median(toggled) * 1000:.1f} "
        f"ms, p95 {toggle_p95:.1f} ms   (target p95 < 25 ms)"
    )
    print(
        "toggle, Pilot round trip (two key presses, each waiting for idle and a repaint): median "
        f"{statistics.median(latencies) * 1000:.1f} ms, p95 {p95:.1f} ms"
    )
    print(
        f"commit alone (writer thread): median {statistics.median(commits) * 1000:.1f} ms, "
        f"p95 {commit_p95:.1f} ms"
    )
    print(f"peak memory of the app process (max RSS): {rss:.0f} MB   (target < 400 MB)")
    if child_rss:
        print(
            f"peak memory of the keyword process (spaCy model): {child_rss:.0f} MB; together "
            f"{rss + child_rss:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--toggles", type=int, default=200)
    parser.add_argument("--no-keywords", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = build(Path(tmp), args.documents)
        asyncio.run(measure(project, args.toggles))


if __name__ == "__main__":
    main()
