"""The coding UI's local recovery journal: changes shown on screen but not yet committed.

Each change the coding screen hands to its writer is appended here first (document name,
segment number and code ids, never any text), and marked done once its transaction has
committed. When the project's server could not be reached and the coder quit (or the UI was
killed), the entries not marked done are what was lost; the next start of the coding UI for the
same project and coder offers to replay them (:func:`replay`), which applies only what is still
missing, so replaying twice changes nothing more.

The journal lives in ``$XDG_STATE_HOME/qualcode/recovery/`` (``~/.local/state`` by default), one
file per project and coder, private to its owner.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from qualcode.model import Change
from qualcode.project.coding import CodingSession


def journal_folder() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "qualcode" / "recovery"


def change_entry(change: Change) -> dict[str, Any]:
    return {
        "kind": "change",
        "document": change.document,
        "n": change.n,
        "add": list(change.add),
        "remove": list(change.remove),
    }


def reviewed_entry(document: str, n: int) -> dict[str, Any]:
    return {"kind": "reviewed", "document": document, "n": n}


class RecoveryJournal:
    """Append-only lines of JSON: ``{"seq": N, ...entry}`` and ``{"done": N}``."""

    def __init__(self, project: str, coder: str) -> None:
        digest = hashlib.sha256(f"{project}\n{coder}".encode()).hexdigest()[:24]
        self.path = journal_folder() / f"{digest}.jsonl"
        self._lock = threading.Lock()
        self._next = 1 + max((int(e["seq"]) for e in self._entries() if "seq" in e), default=0)

    def record(self, entry: dict[str, Any]) -> int:
        """Keep an entry on disk before its write is queued; returns its number."""
        with self._lock:
            seq = self._next
            self._next += 1
            self._append({"seq": seq, **entry})
        return seq

    def done(self, seq: int) -> None:
        with self._lock:
            self._append({"done": seq})

    def pending(self) -> list[dict[str, Any]]:
        """The entries never marked done, in the order they were made."""
        entries = self._entries()
        finished = {int(e["done"]) for e in entries if "done" in e}
        return [e for e in entries if "seq" in e and int(e["seq"]) not in finished]

    def clear(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)
            self._next = 1

    def _append(self, line: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            # Written through to the operating system, which keeps it if this process is killed;
            # not forced to the disk on every key press (as the project file in WAL mode is not).
            os.write(descriptor, (json.dumps(line, sort_keys=True) + "\n").encode())
        finally:
            os.close(descriptor)

    def _entries(self) -> list[dict[str, Any]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return []
        entries = []
        for line in text.splitlines():
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill: its write never reached the queue
            if isinstance(value, dict):
                entries.append(value)
        return entries


def replay(session: CodingSession, entries: list[dict[str, Any]]) -> int:
    """Apply the journal's entries that are still missing from the project; returns how many
    changed something. Documents or segments no longer in the project are skipped."""
    documents = {overview.name: overview.id for overview in session.documents()}
    applied = 0
    for entry in entries:
        name, n = str(entry.get("document")), entry.get("n")
        if name not in documents or not isinstance(n, int):
            continue
        document = session.open(documents[name], name)
        index = next((i for i, s in enumerate(document.segments) if s.n == n), None)
        if index is None:
            continue
        current = document.codes(index)
        if entry.get("kind") == "reviewed":
            pk = session.reviewed(index)
            if pk is not None:
                session.write_reviewed([pk])
                applied += 1
            continue
        add = tuple(c for c in entry.get("add", []) if c not in current and c in session.codes)
        remove = tuple(c for c in entry.get("remove", []) if c in current)
        if add or remove:
            change = session.change(index, add, remove)
            session.apply(change, record=False)
            session.write(change)
            applied += 1
    return applied
