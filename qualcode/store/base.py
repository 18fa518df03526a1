"""What every query object shares: the engine, its transactions, and the helpers that write
audit rows and coders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, insert, select

from qualcode.store import schema as s
from qualcode.store.engine import transaction

#: Rows per ``IN (...)`` list: well under SQLite's limit on bound parameters.
CHUNK = 500

T = TypeVar("T")


class Queries:
    """One named group of queries over the project's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def read(self) -> AbstractContextManager[Connection]:
        return transaction(self.engine, write=False)

    def write(self, *, narrow: bool = False) -> AbstractContextManager[Connection]:
        """A write transaction. ``narrow``: one coder's change to one segment, which on a server
        runs beside other coders' narrow changes (they touch other rows) and waits only for
        project-wide writes (see :func:`~qualcode.store.engine.transaction`)."""
        return transaction(self.engine, write=True, narrow=narrow)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def raw_rows(connection: Connection, statement: Any) -> list[tuple[Any, ...]]:
    """All rows of a Core statement as DBAPI tuples (no per-row SQLAlchemy processing)."""
    result = connection.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def ensure_coders(connection: Connection, names: set[str], stamp: str) -> dict[str, int]:
    """Coder ids by name, creating coders not yet in the project."""
    known = dict(
        connection.execute(
            select(s.coders.c.name, s.coders.c.id).where(s.coders.c.name.in_(sorted(names)))
        ).all()
    )
    for name in sorted(names - set(known)):
        known[name] = connection.execute(
            insert(s.coders).values(name=name, created_at=stamp)
        ).inserted_primary_key[0]  # type: ignore[index]
    return {name: int(pk) for name, pk in known.items()}


def audit_row(stamp: str, actor: str, action: str, **fields: Any) -> dict[str, Any]:
    """One row of the append-only audit log; fields not given are NULL."""
    row: dict[str, Any] = {
        "at": stamp,
        "actor": actor,
        "action": action,
        "document": None,
        "segment_n": None,
        "code_id": None,
        "codebook_version_id": None,
        "detail": None,
    }
    row.update(fields)
    return row


def write_audit(connection: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(s.audit_log), rows)
