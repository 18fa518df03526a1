"""Schema migrations: each step takes a project from version N-1 to N inside one transaction.

Version 1 is the first schema. Version 2 adds the reconciliation tables (decisions and consensus
codings); version 3 adds the ``allowlist`` table (the project's own deidentification allowlist).
A later change adds a function here and bumps ``SCHEMA_VERSION``; projects are upgraded when
opened (:func:`check_schema`).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, select, update

from qualcode.errors import ProjectError
from qualcode.model import Location
from qualcode.store import schema
from qualcode.store.engine import now, transaction
from qualcode.store.probe import schema_version


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
