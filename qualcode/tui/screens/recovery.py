"""The question the coding UI asks at start when the recovery journal holds unsaved changes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class ReplayPrompt(ModalScreen[bool]):
    """y replays the changes an earlier session could not save, n discards them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Replay", id="replay_yes"),
        Binding("n,escape", "answer(False)", "Discard", id="replay_no"),
    ]

    def __init__(self, count: int, where: str) -> None:
        super().__init__()
        self.count = count
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"{self.count} change(s) from an earlier session were never saved "
                "(the server could not be reached, or qualcode was stopped).",
                classes="dialog-title",
                markup=False,
            )
            yield Label(
                f"Kept in {self.where}. y: save them now (only what is still missing) · "
                "n: discard them",
                classes="hint",
                markup=False,
            )

    def action_answer(self, replay: bool) -> None:
        self.dismiss(replay)
