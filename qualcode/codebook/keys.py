"""Keys the coding UI keeps for itself.

Codebook validation refuses a family hotkey that would shadow one of these, so this list lives in
the UI-free core and the UI's key registry is checked against it in the tests.
"""

from __future__ import annotations

#: Keys bound to app actions (SPEC §7): navigation, picker, review, undo, memo, search, help, quit,
#: accepting a suggestion.
RESERVED_KEYS: frozenset[str] = frozenset(
    {
        "j",
        "k",
        "c",
        "a",
        "i",
        "u",
        "m",
        "M",
        "n",
        "N",
        "q",
        "/",
        "?",
        " ",
        "space",
        "escape",
        "enter",
        "tab",
    }
)
