"""The README walk-through runs top to bottom as written."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run

#: Full-screen commands: in a test (no terminal) they must refuse at once, naming why.
INTERACTIVE = {"code", "reconcile"}


def walkthrough_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Walk-through") : text.index("## Command reference")]
    commands, inside = [], False
    for line in section.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh"
            continue
        if inside and line.strip():
            words = shlex.split(line, comments=True)
            assert words[0] == "qualcode", line
            commands.append(words[1:])
    return commands


def test_the_walkthrough_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("codebooks", "sample_transcripts"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    assert run("demo", "--dir", "qualcode-demo", "--no-tui").exit_code == 0  # `make demo`
    commands = walkthrough_commands()
    assert len(commands) >= 15
    for args in commands:
        result = run(*args)
        interactive = args[0] in INTERACTIVE and not {"--export", "--import"} & set(args)
        if interactive:
            assert result.exit_code == 1, args
            assert "needs a terminal" in result.stderr, args
        else:
            assert result.exit_code == 0, (args, result.stderr)
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert (
        (tmp_path / "frequencies.csv")
        .read_text(encoding="utf-8")
        .startswith("group,family,code,label,")
    )
