"""Nothing saved is lost: a killed coding process, and two coders at once (SPEC §7, §10)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.tui.test_app import codings


def start(project: Path, coder: str, chords: str, hold: bool = False) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "tests.tui.drive", str(project), coder, chords]
    return subprocess.Popen(
        [*args, *(["--hold"] if hold else [])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QUALCODE_KEYS": "/nonexistent"},
    )


def test_kill_9_loses_no_change_the_screen_showed_as_saved(ui_project: Path) -> None:
    driver = start(ui_project, "ana", "j,1l,j,1h,j,2r,j,3b", hold=True)
    assert driver.stdout is not None
    saved = []
    while len(saved) < 4:
        line = driver.stdout.readline()
        assert line, driver.stderr.read() if driver.stderr else "driver ended"
        if line.startswith("SAVED"):
            saved.append(line.split()[1:])
    os.kill(driver.pid, signal.SIGKILL)
    driver.wait(timeout=10)
    assert driver.returncode == -signal.SIGKILL
    # Every change reported saved is in the file a fresh connection reads.
    assert [label[-1].rstrip(")") for label in saved] == [
        "int01:2",
        "int01:3",
        "int01:4",
        "int01:5",
    ]
    assert codings(ui_project) == [
        ("int01", 2, "referral.law_enforcement"),
        ("int01", 3, "referral.hotline"),
        ("int01", 4, "challenges.resources"),
        ("int01", 5, "outlook.bleak"),
    ]
    with sqlite3.connect(ui_project) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_two_coders_in_two_processes_lose_nothing(ui_project: Path) -> None:
    ana_chords = ",".join(["1l,1h,2r,j"] * 6)
    ben_chords = ",".join(["1l,1h,j"] * 6)
    ana = start(ui_project, "ana", ana_chords)
    ben = start(ui_project, "ben", ben_chords)
    for driver in (ana, ben):
        out, err = driver.communicate(timeout=240)
        assert driver.returncode == 0, (out[-1000:], err[-2000:])
        assert "ERROR" not in out and out.strip().endswith("DONE")
    expected_ana = sorted(
        ("int01", n, code)
        for n in range(1, 7)
        for code in ("referral.law_enforcement", "referral.hotline", "challenges.resources")
    )
    assert codings(ui_project, "ana") == expected_ana
    expected_ben = sorted(
        [
            ("int01", n, code)
            for n in range(1, 7)
            for code in ("referral.law_enforcement", "referral.hotline")
        ]
        + [("int01", 2, "challenges.resources")]  # imported before
    )
    assert codings(ui_project, "ben") == expected_ben
