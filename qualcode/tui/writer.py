"""One background thread that commits changes in order, off the UI thread.

Results come back as messages (``post_message`` is thread-safe), so the status bar shows a change
as saved only after its transaction has committed.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from textual.message import Message
from textual.message_pump import MessagePump


class Written(Message):
    def __init__(self, label: str, error: str | None) -> None:
        super().__init__()
        self.label = label
        self.error = error


class Writer:
    def __init__(self, target: MessagePump) -> None:
        self.target = target
        self.queue: queue.Queue[tuple[str, Callable[[], None]]] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="qualcode-writer", daemon=True)
        self.thread.start()

    def submit(self, label: str, write: Callable[[], None]) -> None:
        self.queue.put((label, write))

    def flush(self) -> None:
        """Wait until every submitted write has committed (or failed)."""
        self.queue.join()

    @property
    def pending(self) -> int:
        return self.queue.unfinished_tasks

    def _run(self) -> None:
        while True:
            label, write = self.queue.get()
            try:
                write()
                error = None
            except Exception as exc:  # reported on the status bar, never silently dropped
                error = f"{type(exc).__name__}: {exc}"
            # Done before telling the UI, so the status bar never counts this write as pending.
            self.queue.task_done()
            self.target.post_message(Written(label, error))
