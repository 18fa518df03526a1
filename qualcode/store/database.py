"""The project database: named query objects over one engine.

A :class:`Store` is a project database. Its attributes group the queries by what they touch
(``documents``, ``codings``, ``codebooks``, ``assignments``, ``agreement``, ``reports``,
``reconciliation``, ``allowlist``, ``exports``, ``suggest``); every public method runs in its own
transaction
(:func:`qualcode.store.engine.transaction`), and methods that change several tables (an import,
a codebook revision, a codings file) do all of it in one, so a failure leaves the project as it
was. Only the service layer (:mod:`qualcode.project`) calls the store; it exchanges the plain
types of :mod:`qualcode.model`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from qualcode.errors import ProjectError
from qualcode.model import CodeRevision, DatabaseURL, Location
from qualcode.store import schema
from qualcode.store.agreement import AgreementQueries
from qualcode.store.allowlist import AllowlistQueries
from qualcode.store.assignments import AssignmentQueries
from qualcode.store.backends import postgres_engine, table_names
from qualcode.store.codebooks import CodebookQueries
from qualcode.store.codings import CodingQueries
from qualcode.store.documents import DocumentQueries
from qualcode.store.engine import create_file, sqlite_engine, transaction
from qualcode.store.exports import ExportQueries
from qualcode.store.migrations import check_schema, initialise
from qualcode.store.probe import check_file
from qualcode.store.reconciliation import ReconciliationQueries
from qualcode.store.reports import ReportQueries
from qualcode.store.suggest import SuggestQueries


class Store:
    """A project database: :meth:`create` makes a new one, :meth:`open` opens one (a file, or a
    database on a PostgreSQL server named by a :class:`~qualcode.model.DatabaseURL`)."""

    def __init__(self, engine: Engine, path: Location) -> None:
        self.engine = engine
        self.path = path
        self.documents = DocumentQueries(engine)
        self.codebooks = CodebookQueries(engine)
        self.codings = CodingQueries(engine)
        self.assignments = AssignmentQueries(engine)
        self.agreement = AgreementQueries(engine)
        self.reports = ReportQueries(engine)
        self.reconciliation = ReconciliationQueries(engine)
        self.allowlist = AllowlistQueries(engine)
        self.exports = ExportQueries(engine)
        self.suggest = SuggestQueries(engine)

    @classmethod
    def create(cls, path: Location, revision: CodeRevision) -> Store:
        """A new project holding the first codebook version (removed again on failure)."""
        store = cls.create_empty(path, initialise)
        try:
            store.codebooks.add_version(revision, actor="system")
        except BaseException:
            store.discard()
            raise
        return store

    @classmethod
    def create_empty(cls, path: Location, fill: Callable[[Connection], None]) -> Store:
        """A new project whose tables ``fill`` writes, in the one transaction that creates them."""
        if isinstance(path, DatabaseURL):
            engine = postgres_engine(path)
            if "meta" in table_names(engine, path):
                engine.dispose()
                raise ProjectError(
                    f"{path} already holds a qualcode project. Name another database, or open "
                    "this one."
                )
        else:
            create_file(path)
            engine = sqlite_engine(path)
        store = cls(engine, path)
        try:
            with transaction(engine, write=True) as connection:
                fill(connection)
        except BaseException:
            store.discard()
            raise
        return store

    def discard(self) -> None:
        """Remove a project this process has just created (its file; a database's tables are
        never made: the failed transaction that created them rolled back)."""
        self.engine.dispose()
        if isinstance(self.path, Path):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            with transaction(self.engine, write=True) as connection:
                schema.metadata.drop_all(connection)
                for function in ("audit_log_append_only", "audit_log_login_role"):
                    connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}()")
            self.engine.dispose()

    @classmethod
    def open(cls, path: Location, *, checked: bool = False) -> Store:
        """Open a project. ``checked``: the file is known to be a project already (the light
        store checked it and holds it open); it is then not probed again, since the probe's
        read-only connection would, on closing, drop this process's locks on the file."""
        if isinstance(path, DatabaseURL):
            engine = postgres_engine(path)
            if "meta" not in table_names(engine, path):
                engine.dispose()
                raise ProjectError(
                    f"{path} holds no qualcode project. Create one with "
                    f"`qualcode new {path} --codebook FILE`."
                )
        else:
            if not checked:
                check_file(path)  # before any connection with the project's settings: it writes
            engine = sqlite_engine(path)
        try:
            check_schema(engine, path)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path)

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Store"]
