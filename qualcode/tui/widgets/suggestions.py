"""The coding screen's line of learnt suggestions for the current segment.

Shown like the keyword hints (never applied): each suggested code's label, its score and the
words that drove it. The accept key applies the first one, as the coder's own coding.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from qualcode.suggest import Suggestion

SUGGESTED = Style(color="yellow", italic=True)
WORDS = Style(color="grey62", italic=True)
BOLD_HINT = Style(color="cyan", bold=True)


class SuggestionPanel(Static):
    """Up to three suggestions for the current segment, best first, or why there are none."""

    DEFAULT_CSS = """
    SuggestionPanel {
        height: auto; max-height: 3; padding: 0 1; display: none;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    SuggestionPanel.on { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: list[Suggestion] = []

    @property
    def best(self) -> Suggestion | None:
        """The suggestion the accept key applies."""
        return self.shown[0] if self.shown else None

    def show(self, suggestions: list[Suggestion], labels: dict[str, str], key: str) -> None:
        """One line per suggestion (cut, never wrapped); the first shows the key that accepts it."""
        self.shown = list(suggestions)
        text = Text()
        if not suggestions:
            text.append("≈ no suggestion for this segment", style=WORDS)
        for i, suggestion in enumerate(suggestions):
            if i:
                text.append("\n")
            label = labels.get(suggestion.code_id, suggestion.code_id)
            # The key first, so a narrow screen cuts the words, never the key.
            text.append(f"[{key}] " if i == 0 else " " * (len(key) + 3), style=BOLD_HINT)
            text.append(f"≈ {label} {suggestion.score:.2f}", style=SUGGESTED)
            if suggestion.words:
                text.append(f"  ({', '.join(suggestion.words)})", style=WORDS)
        self.update(text)

    def explain(self, note: str) -> None:
        """No suggestions, and why (blind double coding, nothing learnt yet ...)."""
        self.shown = []
        self.update(Text(f"≈ {note}", style=WORDS))
