"""The real `qualcode code` command in a real terminal (tmux), driven as a person would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.test_app import codings

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def wait_for(predicate: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_code_in_a_terminal(ui_project: Path) -> None:
    session = f"qualcode-{uuid.uuid4().hex[:8]}"
    qualcode = Path(sys.executable).parent / "qualcode"
    command = f"{qualcode} code {ui_project} --coder ana --no-keywords; echo EXITED $?; sleep 30"

    def screen() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-t", session, "-p"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def keys(*names: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", session, *names], check=True)

    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "30", command],
        check=True,
        env={"TERM": "xterm-256color", "PATH": "/usr/bin:/bin"},
    )
    try:
        wait_for(lambda: "int01" in screen() and "coder ana" in screen())
        keys("Enter")
        wait_for(lambda: "segment 1/6" in screen())
        keys("j")
        wait_for(lambda: "segment 2/6" in screen())
        keys("1")
        wait_for(lambda: "press a code key" in screen())
        keys("l")
        wait_for(lambda: "Law enforcement applied on int01:2" in screen())
        assert "✓ Law enforcement" in screen()
        keys("C-q")
        wait_for(lambda: "EXITED 0" in screen())
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    assert codings(ui_project) == [("int01", 2, "referral.law_enforcement")]
