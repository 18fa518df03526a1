"""Every key of the coding UI, declared once with a stable id.

The footer, the help screen and the command palette all read this registry, and users remap
keys by id in ``~/.config/qualcode/keys.yaml`` (or the file named by ``QUALCODE_KEYS``)::

    next_segment: j,down
    pick_code: ctrl+k
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from textual.binding import Binding, BindingType

from qualcode.errors import QualcodeError


@dataclass(frozen=True)
class KeyAction:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str
    help: str
    show: bool = True


CODING_KEYS = (
    KeyAction(
        "next_segment",
        "j,down",
        "next_segment",
        "Next",
        "Move to the next segment (the one you leave counts as reviewed).",
    ),
    KeyAction(
        "previous_segment",
        "k,up",
        "previous_segment",
        "Previous",
        "Move to the previous segment.",
        show=False,
    ),
    KeyAction(
        "review_next",
        "space",
        "review_next",
        "Reviewed",
        "Mark the segment reviewed (nothing applies) and move on.",
    ),
    KeyAction(
        "pick_code", "c", "pick_code", "Pick", "Fuzzy-search the codebook and toggle a code."
    ),
    KeyAction(
        "accept_suggestion",
        "a",
        "accept_suggestion",
        "Accept",
        "Apply the first learnt suggestion to the segment (as your own coding).",
        show=False,
    ),
    KeyAction("undo", "u", "undo", "Undo", "Undo your last change."),
    KeyAction("redo", "ctrl+r", "redo", "Redo", "Redo what you undid.", show=False),
    KeyAction("memo", "m", "memo", "Memo", "Write a memo on the segment.", show=False),
    KeyAction(
        "document_memo",
        "M",
        "document_memo",
        "Doc memo",
        "Write a memo on the whole document.",
        show=False,
    ),
    KeyAction("search", "slash", "search", "Search", "Find text in this document."),
    KeyAction(
        "search_next", "n", "search_next", "Next match", "Jump to the next match.", show=False
    ),
    KeyAction(
        "search_previous",
        "N",
        "search_previous",
        "Previous match",
        "Jump to the previous match.",
        show=False,
    ),
    KeyAction("documents", "escape", "documents", "Docs", "Back to the document list."),
    KeyAction(
        "toggle_definition",
        "i",
        "toggle_definition",
        "Definition",
        "Show or hide the code definition panel (hidden on small screens).",
        show=False,
    ),
)
RECONCILE_KEYS = (
    KeyAction("next_dispute", "j,down", "next_dispute", "Next", "Next disagreement."),
    KeyAction(
        "previous_dispute",
        "k,up",
        "previous_dispute",
        "Previous",
        "Previous disagreement.",
        show=False,
    ),
    KeyAction("accept_a", "a", "decide('a')", "Accept A", "Consensus = coder A's codes."),
    KeyAction("accept_b", "b", "decide('b')", "Accept B", "Consensus = coder B's codes."),
    KeyAction(
        "accept_both", "o", "decide('both')", "Both", "Consensus = every code either applied."
    ),
    KeyAction(
        "reject_both",
        "r",
        "decide('neither')",
        "Reject",
        "Consensus = only the codes both applied.",
    ),
    KeyAction("edit_consensus", "e", "edit", "Edit", "Type the consensus codes yourself."),
    KeyAction("note", "n", "note", "Note", "Say why (kept with the decision)."),
    KeyAction(
        "code_note",
        "f",
        "code_note",
        "Code note",
        "Note on a code for the next codebook revision (definition unclear ...).",
    ),
)
APP_KEYS = (
    KeyAction(
        "help", "question_mark", "help", "Help", "Show every key and the codebook's hotkeys."
    ),
    KeyAction("quit", "ctrl+q", "quit", "Quit", "Quit (every change is already saved)."),
)
DOCUMENT_KEYS = (
    KeyAction("open_document", "enter", "open_document", "Open", "Open the highlighted document."),
)

_NAMES = {"space": " ", "slash": "/", "question_mark": "?"}


def key_label(keys: str) -> str:
    """``j,down`` -> ``j / ↓`` for people."""
    pretty = {
        "down": "↓",
        "up": "↑",
        "space": "space",
        "slash": "/",
        "question_mark": "?",
        "escape": "esc",
        "enter": "enter",
    }
    return " / ".join(pretty.get(k, k) for k in keys.split(","))


def single_characters(actions: tuple[KeyAction, ...]) -> set[str]:
    """The single-character keys the actions use (what a family hotkey must not shadow)."""
    found = set()
    for action in actions:
        for key in action.keys.split(","):
            char = _NAMES.get(key, key)
            if len(char) == 1:
                found.add(char)
    return found


def bindings(actions: tuple[KeyAction, ...]) -> list[BindingType]:
    return [Binding(a.keys, a.action, a.description, show=a.show, id=a.id) for a in actions]


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """User remappings ``{binding id: keys}``; unknown ids are refused with the file named."""
    if path is None:
        configured = os.environ.get("QUALCODE_KEYS")
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        path = Path(configured) if configured else base / "qualcode" / "keys.yaml"
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise QualcodeError(f"{path}: cannot read the key map ({exc}).") from None
    known = {a.id for a in (*CODING_KEYS, *APP_KEYS, *DOCUMENT_KEYS, *RECONCILE_KEYS)}
    if not isinstance(data, dict) or any(str(k) not in known for k in data):
        unknown = [str(k) for k in data if str(k) not in known] if isinstance(data, dict) else []
        raise QualcodeError(
            f"{path}: the key map must map action ids to keys; unknown ids: "
            f"{', '.join(unknown) or '(not a mapping)'}. Known ids: {', '.join(sorted(known))}."
        )
    return {str(k): ",".join(v) if isinstance(v, list) else str(v) for k, v in data.items()}
