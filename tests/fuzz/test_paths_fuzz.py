"""Paths are input too: every command that reads a file is given paths that cannot be read
(missing, a name too long for the file system, a symlink loop, a file used as a folder, a
dangling symlink, a folder, a device).

Each (command, path) pair must be a user error, the project unchanged. The one allowance:
a folder where the command declares that it wants a file is refused by click itself, as a
usage error (exit 2, "Usage: ... Error: Invalid value ... is a directory").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINI_CODEBOOK, TRANSCRIPT
from tests.fuzz.conftest import (
    Outcome,
    Workspace,
    assert_unchanged_on_failure,
    copy_project,
    project_state,
    run_cli,
)

LONG = "y" * 300  # over the 255 bytes a file name may have


def make_path(kind: str, folder: Path, suffix: str) -> Path:
    if kind == "missing":
        return folder / f"missing{suffix}"
    if kind == "name_too_long":
        return folder / f"{LONG}{suffix}"
    if kind == "folder_name_too_long":
        return folder / LONG / f"a{suffix}"
    if kind == "file_as_folder":
        (folder / "plain.txt").write_text(TRANSCRIPT, encoding="utf-8")
        return folder / "plain.txt" / f"a{suffix}"
    if kind == "symlink_loop":
        path = folder / f"loop{suffix}"
        os.symlink(path, path)
        return path
    if kind == "dangling_symlink":
        path = folder / f"dangling{suffix}"
        os.symlink(folder / "nowhere", path)
        return path
    if kind == "folder":
        path = folder / f"folder{suffix}"
        path.mkdir()
        return path
    assert kind == "device"
    return Path("/dev/null")


KINDS = [
    "missing",
    "name_too_long",
    "folder_name_too_long",
    "file_as_folder",
    "symlink_loop",
    "dangling_symlink",
    "folder",
    "device",
]

#: How each command takes the path: (suffix, arguments given the project, the path and a
#: scratch folder).
Command = Callable[[Path, Path, Path], list[str | Path]]
COMMANDS: dict[str, tuple[str, Command]] = {
    "add FILE": (".txt", lambda p, x, f: ["add", p, x, "--no-deidentify"]),
    "add --manifest CSV": (".csv", lambda p, x, f: ["add", p, "--manifest", x, "--no-deidentify"]),
    "add --manifest (row)": (".txt", lambda p, x, f: ["add", p, "--manifest", manifest(f, x)]),
    "scan FILE": (".txt", lambda p, x, f: ["scan", x]),
    "codings import CSV": (".csv", lambda p, x, f: ["codings", "import", p, x]),
    "codebook check FILE": (".yaml", lambda p, x, f: ["codebook", "check", x]),
    "codebook update FILE": (".yaml", lambda p, x, f: ["codebook", "update", p, x]),
    "new --codebook FILE": (".yaml", lambda p, x, f: ["new", f / "new.qualcode", "--codebook", x]),
    "documents PROJECT": (".qualcode", lambda p, x, f: ["documents", x]),
    "new PROJECT": (".qualcode", lambda p, x, f: ["new", x, "--codebook", f / "mini.yaml"]),
}


def manifest(folder: Path, path: Path) -> Path:
    written = folder / "manifest.csv"
    written.write_text(f"file,role\n{path},prosecutor\n", encoding="utf-8")
    return written


#: What the message says of each kind of path that cannot be read, where qualcode reads it
#: (the commands that take a project path say "no such project" or "already exists").
REASONS = {
    "missing": "no such",
    "dangling_symlink": "no such",
    "name_too_long": "too long",
    "folder_name_too_long": "too long",
    "file_as_folder": "part of the path is a file, not a folder",
    "symlink_loop": "points back to itself",
}


def is_click_usage_error(outcome: Outcome) -> bool:
    return (
        outcome.exit_code == 2
        and outcome.stderr.startswith("Usage:")
        and "Error: Invalid value" in outcome.stderr
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_paths_are_user_errors(
    workspace: Workspace, base_project: Path, command: str, kind: str
) -> None:
    suffix, arguments = COMMANDS[command]
    with workspace.case() as folder:
        (folder / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
        project = copy_project(base_project, folder / "p.qualcode")
        path = make_path(kind, folder, suffix)
        before = project_state(project)
        outcome = run_cli(*arguments(project, path, folder))
        if (command, kind) == ("new PROJECT", "missing"):
            assert outcome.ok, outcome.describe()  # a new project where there was nothing
        elif kind == "folder" and is_click_usage_error(outcome):
            assert "is a directory" in outcome.stderr
        else:
            assert outcome.exit_code == 1, outcome.describe()
            assert outcome.stderr.startswith("Error:"), outcome.describe()
            assert str(path) in outcome.stderr, outcome.describe()
            reason = REASONS.get(kind)
            if reason and "PROJECT" not in command:
                if command == "add --manifest (row)" and reason == "no such":
                    reason = "does not exist"
                assert reason in outcome.stderr, outcome.describe()
        assert_unchanged_on_failure(outcome, project, before)
