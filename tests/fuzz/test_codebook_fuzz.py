"""Fuzzing codebooks: `codebook check`, `new --codebook` and `codebook update`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given

from tests.conftest import MINI_CODEBOOK, TRANSCRIPT
from tests.fuzz.codebooks import codebook_data, codebook_files, dump_yaml, yaml_styles
from tests.fuzz.conftest import (
    Workspace,
    assert_unchanged_on_failure,
    copy_project,
    fuzz,
    invoke,
    project_state,
)


@pytest.fixture(scope="module")
def base_project(workspace: Workspace) -> Path:
    """A project with the mini codebook, one document and codings that use two of its three
    codes, for `codebook update` (a revision that drops a code in use is refused)."""
    folder = workspace.root / "base"
    folder.mkdir()
    codebook = folder / "mini.yaml"
    codebook.write_text(MINI_CODEBOOK, encoding="utf-8")
    project = folder / "base.qualcode"
    assert invoke("new", project, "--codebook", codebook).ok
    transcript = folder / "int01.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    assert invoke("add", project, transcript, "--no-deidentify").ok
    codings = folder / "codings.csv"
    codings.write_text(
        "segment_id,coder,code\nint01:2,ana,referral.hotline\nint01:4,ana,challenges.resources\n",
        encoding="utf-8",
    )
    assert invoke("codings", "import", project, codings).ok
    return project


def leftovers(project: Path) -> list[Path]:
    return [p for p in project.parent.iterdir() if p.name.startswith(project.name)]


@fuzz(40)
@given(data=codebook_data(), style=yaml_styles)
def test_valid_codebooks_are_accepted(workspace: Workspace, data: dict, style: dict) -> None:
    """The generator's unmutated codebooks are valid: check and new accept them, with every
    code counted."""
    codes = 0
    stack = [code for family in data["families"] for code in family["codes"]]
    while stack:
        code = stack.pop()
        codes += 1
        stack.extend(code.get("children", []))
    with workspace.case() as folder:
        path = folder / "codebook.yaml"
        path.write_text(dump_yaml(data, style), encoding="utf-8")
        checked = invoke("codebook", "check", path)
        assert checked.ok, checked.describe()
        assert f"{len(data['families'])} families, {codes} codes." in checked.stdout
        created = invoke("new", folder / "p.qualcode", "--codebook", path)
        assert created.ok, created.describe()
        assert f"({codes} codes)" in created.stdout


@fuzz(200)
@given(raw=codebook_files())
@example(raw=b"")
@example(raw=b"\xef\xbb\xbf")
@example(raw=b"\x00")
@example(raw="name: x\nfamilies: []\n".encode("utf-16"))
@example(raw=b"name: &a x\nfamilies: *a\n")
@example(raw=b"name: x\nfamilies:\n  - id: f\n    label: F\n    codes: &c\n      - *c\n")
@example(raw=b"? [a, b]\n: c\nname: x\nfamilies: [1]\n")
@example(raw=b"name: x\nfamilies:\n- !!python/object/apply:os.system [true]\n")
@example(raw=b"--- a\n--- b\n")
@example(raw=b"name: x\nfamilies:\n\t- id: f\n")
def test_check_and_new_refuse_bad_codebooks_cleanly(workspace: Workspace, raw: bytes) -> None:
    """check and new agree; a refused codebook leaves no project file behind."""
    with workspace.case() as folder:
        path = folder / "codebook.yaml"
        path.write_bytes(raw)
        checked = invoke("codebook", "check", path)
        project = folder / "p.qualcode"
        created = invoke("new", project, "--codebook", path)
        assert checked.ok == created.ok, f"{checked.describe()}\n{created.describe()}"
        if created.ok:
            assert invoke("documents", project).ok
            assert re.search(r"OK: .*, \d+ families, \d+ codes\.", checked.stdout, re.DOTALL)
        else:
            assert leftovers(project) == [], created.describe()


@fuzz(100)
@given(raw=codebook_files())
@example(raw=MINI_CODEBOOK.encode())
@example(raw=MINI_CODEBOOK.replace("hotline", "tips").encode())
@example(
    raw=MINI_CODEBOOK.replace("hotline", "tips")
    .replace("id: tips", "id: tips\n        renamed_from: hotline")
    .encode()
)
@example(raw=MINI_CODEBOOK.replace("key: h", "key: h\n        retired: true").encode())
@example(raw=b'name: "\\U10010000"\nfamilies: []\n')  # ValueError from PyYAML's scanner
def test_update_refuses_bad_codebooks_without_change(
    workspace: Workspace, base_project: Path, raw: bytes
) -> None:
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / "revised.yaml"
        path.write_bytes(raw)
        before = project_state(project)
        outcome = invoke("codebook", "update", project, path)
        assert_unchanged_on_failure(outcome, project, before)
        if outcome.ok:
            assert invoke("documents", project).ok
