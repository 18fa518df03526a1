"""The coding UI's recovery journal: changes shown on screen but not yet committed.

Every code toggle and review mark is appended here (segment ids and codes only, never text)
before it is handed to the writer, and marked committed once its transaction has. A change that
could not be committed — the server went away, the file stayed locked, the terminal was closed
or the process killed — is therefore still in the journal, and the next session offers to
replay it. Replaying is safe when a change did commit but its mark did not: applying codes that
are there and removing codes that are not changes nothing.

The file is one JSON object per line, created 0600 beside a project file (a hidden
``.NAME.CODER.journal``) or, for a server project, under the user's state folder. It is removed
when nothing in it is left to replay.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from qualcode.model import Change

#: What a journal line may hold: nothing of the transcript, nothing a coder typed.
_CHANGE_FIELDS = {f for f in Change.__dataclass_fields__}


def journal_path(project: str, coder: str) -> Path:
    """Where the journal of ``coder`` on ``project`` (a file path or a database URL) lives."""
    if "://" not in project:
        path = Path(project)
        return path.with_name(f".{path.name}.{coder}.journal")
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    digest = hashlib.sha256(_without_password(project).encode()).hexdigest()[:16]
    return state / "qualcode" / f"{digest}.{coder}.journal"


def _without_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    return f"{scheme}://{credentials.partition(':')[0]}@{host}"


class RecoveryJournal:
    """Append-only record of a coder's uncommitted changes (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        earlier = self.pending()
        # Entries left by an earlier session stay open until replayed or discarded.
        self._open: set[int] = {record["entry"] for record in earlier}
        self._next = max(self._open, default=-1) + 1

    # -- recording ------------------------------------------------------------------------

    def change(self, change: Change) -> int:
        return self._append({"kind": "change", **asdict(change)})

    def reviewed(self, coder_id: int, segment_pks: list[int]) -> int:
        return self._append({"kind": "reviewed", "coder_id": coder_id, "segments": segment_pks})

    def committed(self, entry: int) -> None:
        with self._lock:
            self._open.discard(entry)
            self._write({"committed": entry})
            if not self._open:
                self.path.unlink(missing_ok=True)

    def _append(self, record: dict[str, Any]) -> int:
        with self._lock:
            entry = self._next
            self._next += 1
            self._open.add(entry)
            self._write({"entry": entry, **record})
            return entry

    def _write(self, record: dict[str, Any]) -> None:
        """One line, flushed to the operating system: a killed process keeps it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(descriptor, (json.dumps(record, separators=(",", ":")) + "\n").encode())
        finally:
            os.close(descriptor)

    # -- reading back ---------------------------------------------------------------------

    def pending(self) -> list[dict[str, Any]]:
        """Entries of an earlier session that were never marked committed, in order."""
        if not self.path.exists():
            return []
        entries: dict[int, dict[str, Any]] = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short when the process was killed mid-write
            if "committed" in record:
                entries.pop(record["committed"], None)
            elif "entry" in record:
                entries[record["entry"]] = record
        return [entries[k] for k in sorted(entries)]

    def resolve(self, entries: list[int]) -> None:
        """Entries of an earlier session that were replayed (or that the coder discarded)."""
        for entry in entries:
            self.committed(entry)


def change_of(record: dict[str, Any]) -> Change:
    """The :class:`Change` a journal entry holds."""
    fields = {k: v for k, v in record.items() if k in _CHANGE_FIELDS}
    fields["add"] = tuple(fields["add"])
    fields["remove"] = tuple(fields["remove"])
    return Change(**fields)
