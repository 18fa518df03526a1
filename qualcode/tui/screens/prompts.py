"""Small modal screens: a one-line text prompt (memo, search) and the fuzzy code picker."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qualcode.model import Code


class TextPrompt(ModalScreen[str | None]):
    """Enter submits the text, Escape cancels (returns ``None``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_prompt")
    ]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            # The cursor goes to the end: typing adds to a memo instead of replacing it.
            yield Input(value=self.value, id="prompt", select_on_focus=False)
            yield Label("enter: save · esc: cancel · an empty memo deletes it", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def fuzzy_score(query: str, code: Code) -> int | None:
    """Lower is better; ``None`` when the query's letters do not appear in order."""
    haystack = f"{code.id} {code.label}".casefold()
    needle = query.casefold().replace(" ", "")
    if not needle:
        return 0
    position, gaps, start = 0, 0, -1
    for char in needle:
        found = haystack.find(char, position)
        if found < 0:
            return None
        if start < 0:
            start = found
        gaps += found - position
        position = found + 1
    return gaps + start // 4


class CodePicker(ModalScreen[str | None]):
    """Type to filter the codebook (letters in order: ``lefor`` finds law_enforcement)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_picker"),
        Binding("down", "move(1)", show=False, id="picker_down"),
        Binding("up", "move(-1)", show=False, id="picker_up"),
    ]

    def __init__(self, codes: list[Code]) -> None:
        super().__init__()
        self.codes = codes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Toggle a code on this segment", classes="dialog-title")
            yield Input(placeholder="type part of a code or label", id="query")
            yield OptionList(id="matches")

    def on_mount(self) -> None:
        self.filter("")
        self.query_one(Input).focus()

    def filter(self, query: str) -> None:
        scored = [(fuzzy_score(query, code), i, code) for i, code in enumerate(self.codes)]
        ranked = sorted((s, i, c) for s, i, c in scored if s is not None)
        matches = self.query_one(OptionList)
        matches.clear_options()
        matches.add_options(
            [Option(f"{c.label}  [dim]{c.id}[/dim]", id=c.id) for _, _, c in ranked]
        )
        if ranked:
            matches.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        matches = self.query_one(OptionList)
        if matches.option_count:
            current = matches.highlighted or 0
            matches.highlighted = max(0, min(matches.option_count - 1, current + step))

    def choose(self) -> None:
        matches = self.query_one(OptionList)
        if matches.highlighted is None:
            return
        self.dismiss(matches.get_option_at_index(matches.highlighted).id)

    def action_cancel(self) -> None:
        self.dismiss(None)
