"""Files holding transcript text are private (0600) and appear only whole."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import run


@pytest.mark.parametrize(
    "command",
    [
        ("segments", "{project}", "-o", "{out}"),
        ("codings", "export", "{project}", "-o", "{out}"),
        ("quotes", "{project}", "-o", "{out}"),
        ("report", "{project}", "-o", "{out}"),
        ("freq", "{project}", "-o", "{out}"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_outputs_are_private(project: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    out = tmp_path / "out" / "file.txt"
    out.parent.mkdir()
    result = run(*(part.format(project=project, out=out) for part in command))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["file.txt"]


def test_a_failed_command_keeps_the_earlier_file_and_leaves_nothing_half_written(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "freq.csv"
    out.parent.mkdir()
    out.write_text("earlier\n", encoding="utf-8")
    result = run("freq", project, "--by", "no_such_attribute", "-o", out)
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "earlier\n"
    assert [p.name for p in out.parent.iterdir()] == ["freq.csv"]


def test_an_existing_shared_file_becomes_private(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "segments.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o644)
    assert run("segments", project, "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("segment_id,")
