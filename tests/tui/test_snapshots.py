"""What a coder sees, as SVG snapshots at a fixed size (update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcode.tui.app import QualcodeApp

SIZE = (120, 40)


def test_document_list(ui_project: Path, snap_compare: Any) -> None:
    assert snap_compare(QualcodeApp(ui_project, "ana", keywords=False), terminal_size=SIZE)


def test_document_list_at_80x24(ui_project: Path, snap_compare: Any) -> None:
    # Too narrow for every column: participant is left out, progress stays.
    app = QualcodeApp(ui_project, "ana", keywords=False)
    assert snap_compare(app, terminal_size=(80, 24))


def test_document_list_at_160x48(ui_project: Path, snap_compare: Any) -> None:
    # The cursor on the second document.
    app = QualcodeApp(ui_project, "ana", keywords=False)
    assert snap_compare(app, press=["down"], terminal_size=(160, 48))


def test_coding_screen_after_a_family_key(ui_project: Path, snap_compare: Any) -> None:
    # Open int01 and press the referral family key: the codebook panel jumps to the family,
    # shows the first code's definition, and the status bar asks for a code key. (No change is
    # written, so the status bar has no clock time in it.)
    app = QualcodeApp(ui_project, "ana", keywords=False)
    assert snap_compare(app, press=["enter", "1"], terminal_size=SIZE)


def test_help_screen(ui_project: Path, snap_compare: Any) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_coding_screen_at_80x24(ui_project: Path, snap_compare: Any) -> None:
    # A small terminal: the definition panel hides, the segments get the width, and the family
    # prompt leads the status bar so it is never cut off.
    app = QualcodeApp(ui_project, "ana", keywords=False)
    assert snap_compare(app, press=["enter", "1"], terminal_size=(80, 24))


def test_coding_screen_at_160x48(ui_project: Path, snap_compare: Any) -> None:
    app = QualcodeApp(ui_project, "ana", keywords=False)
    assert snap_compare(app, press=["enter", "1"], terminal_size=(160, 48))
