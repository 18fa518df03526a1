"""Copying a project between backends, exactly: every table, row for row, ids included.

The source is read in one snapshot (a read transaction; ``REPEATABLE READ`` on PostgreSQL), the
copy is written in the one transaction that creates its tables, so a copy is whole or absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Table, func, insert, select, text

from qualcode.model import Location
from qualcode.store import Store, schema
from qualcode.store.base import chunks
from qualcode.store.engine import transaction

Rows = dict[str, list[tuple[Any, ...]]]


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read transaction that sees one state of the whole project."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection
    else:
        with transaction(engine, write=False) as connection:
            yield connection


def order(table: Table) -> list[Any]:
    keys = list(table.primary_key.columns)
    return keys or list(table.columns)


def read_tables(connection: Connection) -> Rows:
    """Every row of every project table, in primary-key order."""
    return {
        table.name: [
            tuple(row) for row in connection.execute(select(table).order_by(*order(table)))
        ]
        for table in schema.metadata.sorted_tables
    }


def table_contents(store: Store) -> Rows:
    """The project's content, table by table (for copies, merges and their tests)."""
    with snapshot(store.engine) as connection:
        return read_tables(connection)


def write_tables(connection: Connection, rows: Rows) -> None:
    """Create the tables and write ``rows`` into them, ids as given."""
    schema.metadata.create_all(connection)
    for table in schema.metadata.sorted_tables:
        names = [column.name for column in table.columns]
        for part in chunks(rows[table.name]):
            connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in part])
    if connection.dialect.name == "postgresql":
        reset_sequences(connection)


def reset_sequences(connection: Connection) -> None:
    """Point each id sequence past the highest id copied (PostgreSQL does not do it itself)."""
    for table in schema.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not isinstance(column.type, Integer):
            continue
        highest = connection.execute(select(func.max(column))).scalar()
        if highest is not None:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
                {"table": table.name, "value": int(highest)},
            )


def copy_store(source: Store, target: Location) -> Store:
    """A new project at ``target`` holding exactly what ``source`` holds."""
    rows = table_contents(source)
    return Store.create_empty(target, lambda connection: write_tables(connection, rows))
