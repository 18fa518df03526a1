"""What can be learnt about a project file without SQLAlchemy and without writing to it.

:func:`check_file` tells a qualcode project from any other file by reading its header and its
``meta`` table through a read-only connection, so opening a file that is not (yet) a project
never changes it. The read-only commands (:mod:`qualcode.store.lite`) start from here too, which
keeps SQLAlchemy out of their start-up.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from qualcode.errors import ProjectError
from qualcode.model import Location

#: Bumped with every migration in :mod:`qualcode.store.migrations`.
SCHEMA_VERSION = 3

#: Seconds a read waits for another process's write to finish.
READ_TIMEOUT_S = 30.0


def check_file(path: Path) -> dict[str, str]:
    """Make sure ``path`` is a qualcode project without writing to it (nor to a file beside it,
    unless it is in WAL mode already) and without changing its journal mode; returns the values
    of its ``meta`` table as the file holds them (without the write-ahead log).

    Call it before this process opens the file in any other way: the first probe opens the file
    ``immutable``, and closing such a connection drops every lock the process holds on the file
    (POSIX locks are per process), which would let another process recover the write-ahead log
    under an open connection ("disk I/O error")."""
    try:
        is_file = path.is_file()
    except (OSError, ValueError) as exc:  # a name too long, a NUL character
        reason = getattr(exc, "strerror", None) or "the path cannot be looked up"
        raise ProjectError(f"{path}: cannot open the project ({reason.lower()}).") from None
    if not is_file:
        raise ProjectError(
            f"{path}: no such project. Create it with `qualcode new {path} --codebook FILE`."
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read the file ({exc.strerror}).") from None
    if not header.startswith(b"SQLite format 3\x00"):
        raise ProjectError(
            f"{path} is not a qualcode project (not an SQLite file). Create one with "
            "`qualcode new PROJECT --codebook FILE`."
        )
    values = _read_meta(path, "immutable=1")
    wal = len(header) > 19 and header[18] == 2 and header[19] == 2
    if values is None and wal:
        # A project closed abruptly may keep its first transactions in the -wal file.
        values = _read_meta(path, "mode=ro")
    if values is None:
        raise ProjectError(
            f"{path} is not a qualcode project (no project tables). Create one with "
            "`qualcode new PROJECT --codebook FILE`."
        )
    if values.get("application") != "qualcode":
        raise ProjectError(f"{path} is not a qualcode project.")
    schema_version(values, path)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ProjectError(
            f"{path}: the project cannot be written (the file, its folder or the disk is "
            "read-only). Copy it to a folder you can write to, or fix the permissions."
        )
    return values


def schema_version(values: dict[str, str], path: Location) -> int:
    raw = values.get("schema_version", "0")
    try:
        return int(raw)
    except ValueError:
        raise ProjectError(
            f"{path}: the project's schema version '{raw[:20]}' is not a number; the file was "
            "damaged or edited by another program. Restore it from a backup."
        ) from None


def _read_meta(path: Path, options: str) -> dict[str, str] | None:
    """The ``meta`` table read through a read-only connection, or ``None`` when there is none."""
    uri = f"file:{quote(str(path.resolve()))}?{options}"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=READ_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        return {str(k): str(v) for k, v in connection.execute("SELECT key, value FROM meta")}
    except sqlite3.Error as exc:
        reason = str(exc)
        if "no such table" in reason or "unable to open" in reason:
            return None
        if "malformed" in reason or "not a database" in reason or "corrupt" in reason:
            raise ProjectError(
                f"{path}: the project file is damaged ({reason}). Restore it from a backup; "
                "qualcode did not change it."
            ) from None
        return None
    finally:
        connection.close()
