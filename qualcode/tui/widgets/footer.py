"""Textual's footer, rebuilt only when the keys it shows change, and only while it is shown.

Textual's ``Footer`` rebuilds its keys every time its screen's bindings may have changed (each
focus change, each screen pushed or popped), often several times in a row for the same keys and
even while the screen is hidden under another. At start-up the coding screen, which waits under
the document list, rebuilt its footer three more times after the list was pushed, and the list
rebuilt its own twice (about 90 ms before the list was ready, of about 250 ms). Here a request
that comes while a rebuild is pending joins it, a rebuild that would show the same keys is
skipped, and a hidden screen's footer is rebuilt when its screen is shown again (showing a
screen refreshes its bindings, which asks for the rebuild).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    def __init__(self) -> None:
        super().__init__()
        self.rebuild_pending = False
        self.built: tuple[object, ...] | None = None  # the keys on show (see :meth:`keys`)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not self.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self.rebuild_pending or not self.shown:
            return
        self.rebuild_pending = True
        self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        self.rebuild_pending = False
        if not self.is_attached or not self.shown or not self._bindings_ready:
            return
        keys = self.keys()
        if keys == self.built:
            return
        self.built = keys
        await super().recompose()

    @property
    def shown(self) -> bool:
        """Whether this footer's screen is the one on top."""
        return self.screen is self.app.screen

    def keys(self) -> tuple[object, ...]:
        """What the footer is built from: every active binding, whether it is enabled, and
        its tooltip."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
