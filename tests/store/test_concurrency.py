"""Two writers on one project file queue for the lock instead of failing (SPEC §10)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import run

HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(1.0)
connection.execute("COMMIT")
"""


def test_a_writer_waits_for_another_process(project: Path, tmp_path: Path) -> None:
    csv = tmp_path / "codings.csv"
    csv.write_text("segment_id,coder,code\nint01:2,ana,referral.hotline\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(project)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    start = time.perf_counter()
    result = run("codings", "import", project, csv, "--unlisted", "reviewed")
    waited = time.perf_counter() - start
    holder.wait(timeout=10)
    assert result.exit_code == 0, result.stderr
    assert waited > 0.5  # it queued behind the other process's transaction
    with sqlite3.connect(project) as connection:
        assert connection.execute("SELECT code_id FROM codings").fetchall() == [
            ("referral.hotline",)
        ]
