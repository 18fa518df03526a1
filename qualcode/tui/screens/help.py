"""The help screen: every key from the registry, and the codebook's hotkeys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from qualcode.model import Codebook
from qualcode.tui.bindings import APP_KEYS, KeyAction, key_label

Section = tuple[str, tuple[KeyAction, ...]]


def help_table(
    keymap: dict[str, str], sections: Sequence[Section], codebook: Codebook | None
) -> Table:
    """The keys of ``sections`` (from the binding registry, as remapped), then the keys that
    work everywhere, then the codebook's hotkeys when coding."""
    table = Table(title="qualcode keys", expand=True)
    table.add_column("keys", style="bold cyan", no_wrap=True)
    table.add_column("what it does")
    for title, actions in (*sections, ("Everywhere", APP_KEYS)):
        table.add_row(f"[b]{title}[/b]", "")
        for action in actions:
            table.add_row(key_label(keymap.get(action.id, action.keys)), action.help)
    table.add_row("ctrl+p", "command palette: every action, every code, every document")
    table.add_row("tab / shift+tab", "move between the fields of a dialog")
    if codebook is not None:
        table.add_row("[b]Codebook[/b]", "a family key, then a code key, toggles the code")
        for family in codebook.families:
            codes = ", ".join(
                f"{c.key} {c.label}" for c in family.walk() if c.key and not c.retired
            )
            table.add_row(family.key or "—", f"[b]{family.label}[/b]: {codes}")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="close_help"),
    ]

    def __init__(
        self,
        keymap: dict[str, str],
        sections: Sequence[Section],
        codebook: Codebook | None = None,
    ) -> None:
        super().__init__()
        self.keymap = keymap
        self.sections = sections
        self.codebook = codebook

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(help_table(self.keymap, self.sections, self.codebook))

    def action_close(self) -> None:
        self.dismiss(None)
