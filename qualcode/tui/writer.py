"""One background thread that commits changes in order, off the UI thread.

Results come back as messages (``post_message`` is thread-safe), so the status bar shows a change
as saved only after its transaction has committed. When the project's server cannot be reached
(:class:`~qualcode.errors.ConnectionLost`), the writer keeps that change and every later one in
order, says so (:class:`Reconnecting`), and tries the same change again until the server is back.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from qualcode.errors import ConnectionLost
from qualcode.project.journal import RecoveryJournal

#: Seconds between attempts while the server cannot be reached (doubling up to the last).
RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0)


class Written(Message):
    def __init__(self, label: str, error: str | None) -> None:
        super().__init__()
        self.label = label
        self.error = error


class Reconnecting(Message):
    """A change could not reach the server; it and the changes after it wait, in order."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__()
        self.label = label
        self.reason = reason


class Writer:
    def __init__(self, target: MessagePump) -> None:
        self.target = target
        #: Where changes are kept until committed (the coding UI sets it; see
        #: :mod:`qualcode.project.journal`).
        self.journal: RecoveryJournal | None = None
        self.queue: queue.Queue[tuple[str, Callable[[], None], int | None]] = queue.Queue()
        #: True while a change waits for the server to come back.
        self.reconnecting = False
        self.thread = threading.Thread(target=self._run, name="qualcode-writer", daemon=True)
        self.thread.start()

    def submit(
        self, label: str, write: Callable[[], None], entry: dict[str, Any] | None = None
    ) -> None:
        """Queue a write; ``entry`` (segment and codes, no text) goes to the recovery journal
        first, and is marked done once the write has committed."""
        seq = None
        if entry is not None and self.journal is not None:
            seq = self.journal.record(entry)
        self.queue.put((label, write, seq))
        # Let the writer thread start the commit now: without this it waited, typically, until
        # the key's handler had redrawn what changed (3 to 4 ms), although the thread switch
        # interval is 1 ms (bench/bench_tui.py). The UI thread gets the interpreter back as soon
        # as the commit waits for the database.
        time.sleep(0)

    def flush(self) -> None:
        """Wait until every submitted write has committed (or failed)."""
        self.queue.join()

    def settle(self, grace: float) -> bool:
        """Wait for every submitted write; ``False`` when the server has been unreachable for
        ``grace`` seconds with writes still waiting."""
        unreachable_since: float | None = None
        while self.queue.unfinished_tasks:
            if self.reconnecting:
                unreachable_since = unreachable_since or time.monotonic()
                if time.monotonic() - unreachable_since >= grace:
                    return False
            else:
                unreachable_since = None
            time.sleep(0.02)
        return True

    @property
    def pending(self) -> int:
        return self.queue.unfinished_tasks

    def status(self, saved_note: str) -> str:
        """The status bar's saving part: "saved" only once everything shown has committed."""
        pending = self.pending
        if pending and self.reconnecting:
            return f"not saved — reconnecting ({pending} waiting)"
        return f"saving {pending}…" if pending else f"✓ {saved_note}"

    def _run(self) -> None:
        while True:
            label, write, seq = self.queue.get()
            error = self._commit(label, write)
            if seq is not None and self.journal is not None:
                self.journal.done(seq)  # committed, or failed for good (shown as NOT SAVED)
            # Done before telling the UI, so the status bar never counts this write as pending.
            self.queue.task_done()
            self.target.post_message(Written(label, error))

    def _commit(self, label: str, write: Callable[[], None]) -> str | None:
        attempt = 0
        while True:
            try:
                write()
                self.reconnecting = False
                return None
            except ConnectionLost as exc:
                if not self.reconnecting:
                    self.reconnecting = True
                    self.target.post_message(Reconnecting(label, str(exc)))
                time.sleep(RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)])
                attempt += 1
            except Exception as exc:  # reported on the status bar, never silently dropped
                self.reconnecting = False
                return f"{type(exc).__name__}: {exc}"
