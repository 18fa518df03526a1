"""One background thread that commits changes in order, off the UI thread.

Results come back as messages (``post_message`` is thread-safe), so the status bar shows a change
as saved only after its transaction has committed. When the project cannot be reached (a server
that went away, a file another process keeps locked) the writer keeps the change at the head of
its queue, says so, and tries again with a growing pause until it commits: later changes wait
behind it, so they are committed in the order they were made. Changes handed over with a journal
entry (:mod:`qualcode.project.journal`) are marked committed there once they are.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump

from qualcode.errors import ProjectUnavailable
from qualcode.project.journal import RecoveryJournal

#: Pauses between attempts while the project is out of reach (seconds; the last repeats).
RETRY_PAUSES = (0.5, 1.0, 2.0, 5.0)


class Written(Message):
    """A write committed (``error`` None), failed for good, or is waiting to be retried."""

    def __init__(self, label: str, error: str | None, *, retrying: bool = False) -> None:
        super().__init__()
        self.label = label
        self.error = error
        self.retrying = retrying


@dataclass
class _Write:
    label: str
    write: Callable[[], None]
    entry: int | None


class Writer:
    def __init__(self, target: MessagePump, journal: RecoveryJournal | None = None) -> None:
        self.target = target
        self.journal = journal
        self.queue: queue.Queue[_Write] = queue.Queue()
        self.retrying = False
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="qualcode-writer", daemon=True)
        self.thread.start()

    def submit(self, label: str, write: Callable[[], None], entry: int | None = None) -> None:
        """Queue a write; ``entry`` is its journal entry, marked committed when it is."""
        self.queue.put(_Write(label, write, entry))

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every submitted write has committed (or failed); False when ``timeout``
        seconds passed first."""
        if timeout is None:
            self.queue.join()
            return True
        deadline = time.monotonic() + timeout
        while self.queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def stop(self) -> None:
        """Stop retrying (the app is closing; what is left stays in the journal)."""
        self._stop.set()

    @property
    def pending(self) -> int:
        return self.queue.unfinished_tasks

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            error = self._commit(item)
            # Done before telling the UI, so the status bar never counts this write as pending.
            self.queue.task_done()
            self.target.post_message(Written(item.label, error))

    def _commit(self, item: _Write) -> str | None:
        """Commit one write, retrying while the project is out of reach; the error if it
        failed for good."""
        attempt = 0
        while True:
            try:
                item.write()
            except ProjectUnavailable as exc:
                if self._stop.is_set():
                    return f"not saved: {exc} (kept in the recovery journal)"
                self.retrying = True
                self.target.post_message(Written(item.label, str(exc), retrying=True))
                self._stop.wait(RETRY_PAUSES[min(attempt, len(RETRY_PAUSES) - 1)])
                attempt += 1
                continue
            except Exception as exc:  # reported on the status bar, never silently dropped
                return f"{type(exc).__name__}: {exc}"
            self.retrying = False
            if item.entry is not None and self.journal is not None:
                self.journal.committed(item.entry)
            return None
