"""How long work reports progress without knowing who shows it (a bar on a terminal, or
nothing when output is piped)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Where long work reports how far it has got."""

    def start(self, label: str, total: int) -> None:
        """A new stage of ``total`` steps begins."""

    def advance(self, count: int) -> None:
        """``count`` more steps of the current stage are done."""
