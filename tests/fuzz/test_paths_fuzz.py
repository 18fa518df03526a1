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
    invoke,
    open_bug,
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


#: The pairs that fail today (open bug "unstatable-paths" in conftest.py), with where: an
#: OSError from a stat() that is not caught (File name too long: ENAMETOOLONG, Too many levels
#: of symbolic links: ELOOP, Not a directory: ENOTDIR), or the RuntimeError of Path.resolve()
#: on a symlink loop. A pair that XPASSes is fixed: delete it here; once none is left, move
#: "unstatable-paths" to FIXED_BUGS in conftest.py.
FAILING = {
    ("add FILE", "name_too_long"): "selection.py resolve_files: Path.is_dir() raises ENAMETOOLONG",
    ("add FILE", "folder_name_too_long"): "selection.py resolve_files: is_dir() ENAMETOOLONG",
    ("add FILE", "file_as_folder"): "formats/text.py read_bytes: stat() raises ENOTDIR",
    ("add FILE", "symlink_loop"): "formats/text.py read_bytes: stat() raises ELOOP",
    ("scan FILE", "name_too_long"): "selection.py resolve_files: is_dir() ENAMETOOLONG",
    ("scan FILE", "folder_name_too_long"): "selection.py resolve_files: is_dir() ENAMETOOLONG",
    ("scan FILE", "file_as_folder"): "formats/text.py read_bytes: stat() raises ENOTDIR",
    ("scan FILE", "symlink_loop"): "formats/text.py read_bytes: stat() raises ELOOP",
    ("add --manifest CSV", "name_too_long"): "formats/text.py read_bytes: ENAMETOOLONG",
    ("add --manifest CSV", "folder_name_too_long"): "formats/text.py read_bytes: ENAMETOOLONG",
    ("add --manifest CSV", "file_as_folder"): "formats/text.py read_bytes: ENOTDIR",
    ("add --manifest CSV", "symlink_loop"): "formats/text.py read_bytes: ELOOP",
    ("add --manifest (row)", "name_too_long"): "selection.py resolve_files: is_file() ENAMETOOLONG",
    ("add --manifest (row)", "folder_name_too_long"): "selection.py: is_file() ENAMETOOLONG",
    ("add --manifest (row)", "symlink_loop"): "manifest.py ManifestRow.path: Path.resolve() "
    "raises RuntimeError('Symlink loop from ...')",
    ("codings import CSV", "name_too_long"): "formats/text.py read_bytes: ENAMETOOLONG",
    ("codings import CSV", "folder_name_too_long"): "formats/text.py read_bytes: ENAMETOOLONG",
    ("codings import CSV", "file_as_folder"): "formats/text.py read_bytes: ENOTDIR",
    ("codings import CSV", "symlink_loop"): "formats/text.py read_bytes: ELOOP",
    ("documents PROJECT", "name_too_long"): "store/__init__.py Store.open: ENAMETOOLONG",
    ("documents PROJECT", "folder_name_too_long"): "store/__init__.py Store.open: ENAMETOOLONG",
}


def cases() -> list[object]:
    params = []
    for command in COMMANDS:
        for kind in KINDS:
            marks = []
            if (command, kind) in FAILING:
                marks.append(open_bug("unstatable-paths", FAILING[command, kind]))
            params.append(pytest.param(command, kind, marks=marks, id=f"{command}-{kind}"))
    return params


@pytest.fixture(scope="module")
def base_project(workspace: Workspace) -> Path:
    folder = workspace.root / "base"
    folder.mkdir()
    codebook = folder / "mini.yaml"
    codebook.write_text(MINI_CODEBOOK, encoding="utf-8")
    project = folder / "base.qualcode"
    assert invoke("new", project, "--codebook", codebook).ok
    (folder / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert invoke("add", project, folder / "int01.txt", "--no-deidentify").ok
    return project


def is_click_usage_error(outcome: Outcome) -> bool:
    return (
        outcome.exit_code == 2
        and outcome.stderr.startswith("Usage:")
        and "Error: Invalid value" in outcome.stderr
    )


@pytest.mark.parametrize(("command", "kind"), cases())
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
        assert_unchanged_on_failure(outcome, project, before)
