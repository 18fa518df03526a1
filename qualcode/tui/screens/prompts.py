"""Small modal screens: a one-line text prompt (memo, search) and the fuzzy code picker."""

from __future__ import annotations

import re
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

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        hint: str = "enter: save · esc: cancel · an empty memo deletes it",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            # The cursor goes to the end: typing adds to a memo instead of replacing it.
            yield Input(value=self.value, id="prompt", select_on_focus=False)
            yield Label(self.hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _words(code: Code) -> list[str]:
    label = re.findall(r"[a-z0-9]+", code.label.casefold())
    return label + [w for w in re.split(r"[._]", code.id.casefold()) if w]


def _chain(needle: str, words: list[str]) -> bool:
    """Whether ``needle`` is the start of one word, then the start of a later word, and so on
    (``tvis``: T + visa; ``legim`` for legal immigration)."""
    seen: set[tuple[int, int]] = set()

    def from_(at: int, first: int) -> bool:
        if at == len(needle):
            return True
        if (at, first) in seen:
            return False
        seen.add((at, first))
        for i in range(first, len(words)):
            word = words[i]
            for size in range(min(len(word), len(needle) - at), 0, -1):
                if word.startswith(needle[at : at + size]) and from_(at + size, i + 1):
                    return True
        return False

    return from_(0, 0)


def fuzzy_score(query: str, code: Code) -> tuple[int, int] | None:
    """Lower is better; ``None`` when the query's letters do not appear in order.

    Ranked first: the label starts with the query; then the query starts a word of the label,
    then of the id; then it is made of word starts (initials: ``tvis`` for T visa), of the
    label's words before the id's; last, its letters appear in order, in the label before the id.
    """
    needle = query.casefold().replace(" ", "")
    if not needle:
        return (0, 0)
    label = code.label.casefold()
    label_words = re.findall(r"[a-z0-9]+", label)
    words = _words(code)
    if label.replace(" ", "").startswith(needle):
        return (0, len(label))
    if any(word.startswith(needle) for word in label_words):
        return (1, len(label))
    if any(word.startswith(needle) for word in words):
        return (2, len(label))
    if _chain(needle, label_words):
        return (3, len(label))
    if _chain(needle, words[len(label_words) :]):  # the id's words alone
        return (4, len(label))
    for tier, haystack in ((5, label), (6, code.id.casefold())):
        gaps = _in_order(needle, haystack)
        if gaps is not None:
            return (tier, gaps)
    return None


def _in_order(needle: str, haystack: str) -> int | None:
    """Letters of ``needle`` in order in ``haystack``: the gaps between them, and a late start
    counted against it; ``None`` when they are not all there."""
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
            yield Label("", id="picker-definition", classes="hint", markup=False)

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

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted code's definition under the list, to choose between near names."""
        code = next((c for c in self.codes if c.id == event.option.id), None)
        text = "" if code is None else f"{code.id}: {code.definition or '(no definition)'}"
        self.query_one("#picker-definition", Label).update(text)

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
