"""Schema migrations: each step takes a project from version N-1 to N inside one transaction.

Version 1 is the first schema. Version 2 adds the reconciliation tables (decisions and consensus
codings); version 3 adds the ``allowlist`` table (the project's own deidentification allowlist).
A later change adds a function here and bumps ``SCHEMA_VERSION``; projects are upgraded when
opened (:func:`check_schema`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, insert, select, update

from qualcode.errors import ProjectError
from qualcode.model import Location
from qualcode.store import schema
from qualcode.store.engine import BUSY_TIMEOUT_S, now, transaction


def _add_reconciliation(connection: Connection) -> None:
    """Version 2: the reconciliation decisions and consensus codings tables."""
    schema.reconciliations.create(connection)
    schema.consensus_codings.create(connection)


def _add_allowlist(connection: Connection) -> None:
    """Version 3: the project's deidentification allowlist."""
    schema.allowlist.create(connection)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _add_reconciliation, 3: _add_allowlist}


def initialise(connection: Connection) -> None:
    """Create every table of a new project and record it at the current schema version."""
    schema.metadata.create_all(connection)
    connection.execute(
        insert(schema.meta),
        [
            {"key": "application", "value": "qualcode"},
            {"key": "schema_version", "value": str(schema.SCHEMA_VERSION)},
            {"key": "created_at", "value": now()},
        ],
    )
    connection.execute(
        insert(schema.schema_migrations), [{"version": schema.SCHEMA_VERSION, "applied_at": now()}]
    )


def migrate(connection: Connection, from_version: int) -> None:
    """Apply every migration after ``from_version``."""
    for version in range(from_version + 1, schema.SCHEMA_VERSION + 1):
        MIGRATIONS[version](connection)
        connection.execute(
            insert(schema.schema_migrations), [{"version": version, "applied_at": now()}]
        )
    connection.execute(
        update(schema.meta)
        .where(schema.meta.c.key == "schema_version")
        .values(value=str(schema.SCHEMA_VERSION))
    )


def check_schema(engine: Engine, path: Location) -> None:
    """Refuse files that are not qualcode projects; apply pending migrations.

    Call :func:`check_file` first: this opens the file with the project's own settings (WAL),
    which must never happen to a file that is not a qualcode project.
    """
    with transaction(engine, write=False) as connection:
        values = dict(connection.execute(select(schema.meta.c.key, schema.meta.c.value)).all())
    version = schema_version(values, path)
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            f"{path} was written by a newer qualcode (schema {version}, this version reads up to "
            f"{schema.SCHEMA_VERSION}). Upgrade qualcode to open it."
        )
    if version < schema.SCHEMA_VERSION:
        with transaction(engine, write=True) as connection:
            migrate(connection, version)


def check_file(path: Path) -> None:
    """Make sure ``path`` is a qualcode project without writing to it (nor to a file beside it,
    unless it is in WAL mode already) and without changing its journal mode."""
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
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
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
