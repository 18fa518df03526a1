"""Fuzzing Word documents (.docx) through `qualcode add`: valid documents built with
python-docx, then corrupted as zip bytes, with parts replaced by malformed or hostile XML,
parts removed, or odd members added."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given

from tests.conftest import MINI_CODEBOOK, TRANSCRIPT
from tests.fuzz.conftest import (
    Workspace,
    assert_unchanged_on_failure,
    check_added,
    copy_project,
    fuzz,
    invoke,
    project_state,
)
from tests.fuzz.transcripts import DOCUMENT_XML, docx_bytes, rezip, word_documents

VALID = docx_bytes(TRANSCRIPT.splitlines())


@pytest.fixture(scope="module")
def base_project(workspace: Workspace) -> Path:
    folder = workspace.root / "base"
    folder.mkdir()
    codebook = folder / "mini.yaml"
    codebook.write_text(MINI_CODEBOOK, encoding="utf-8")
    project = folder / "base.qualcode"
    assert invoke("new", project, "--codebook", codebook).ok
    (folder / "int01.docx").write_bytes(VALID)
    assert invoke("add", project, folder / "int01.docx", "--no-deidentify").ok
    return project


@fuzz(120)
@given(raw=word_documents())
@example(raw=VALID)
@example(raw=VALID[: len(VALID) // 2])
@example(raw=b"PK\x05\x06" + b"\x00" * 18)
def test_add_word_documents(workspace: Workspace, base_project: Path, raw: bytes) -> None:
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / "word.docx"
        path.write_bytes(raw)
        before = project_state(project)
        outcome = invoke("add", project, path, "--no-deidentify")
        assert_unchanged_on_failure(outcome, project, before)
        if outcome.ok:
            check_added(outcome, project, "word")


@pytest.mark.parametrize("index", range(len(DOCUMENT_XML)))
def test_every_document_xml_replacement(
    workspace: Workspace, base_project: Path, index: int
) -> None:
    """Each hostile document.xml once, deterministically (the fuzz test samples them)."""
    raw = rezip(VALID, {"word/document.xml": DOCUMENT_XML[index]})
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / "word.docx"
        path.write_bytes(raw)
        before = project_state(project)
        outcome = invoke("add", project, path, "--no-deidentify")
        assert_unchanged_on_failure(outcome, project, before)
        assert "root:" not in outcome.stdout + outcome.stderr  # no external entity expanded
