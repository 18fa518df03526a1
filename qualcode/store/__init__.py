"""The only code that speaks SQL: named query objects over one engine.

A :class:`Store` is a project database. Its attributes group the queries by what they touch
(``documents``, ``codings``, ``codebooks``, ``assignments``, ``agreement``, ``reports``,
``reconciliation``, ``allowlist``, ``suggest``); every public method runs in its own transaction
(:func:`qualcode.store.engine.transaction`), and methods that change several tables (an import,
a codebook revision, a codings file) do all of it in one, so a failure leaves the project as it
was. Only the service layer (:mod:`qualcode.project`) calls the store; it exchanges the plain
types of :mod:`qualcode.model`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from qualcode.errors import ProjectError
from qualcode.model import CodeRevision
from qualcode.store.agreement import AgreementQueries
from qualcode.store.allowlist import AllowlistQueries
from qualcode.store.assignments import AssignmentQueries
from qualcode.store.codebooks import CodebookQueries
from qualcode.store.codings import CodingQueries
from qualcode.store.documents import DocumentQueries
from qualcode.store.engine import create_file, sqlite_engine, transaction
from qualcode.store.migrations import check_file, check_schema, initialise
from qualcode.store.reconciliation import ReconciliationQueries
from qualcode.store.reports import ReportQueries
from qualcode.store.suggest import SuggestQueries


class Store:
    """A project database: :meth:`create` makes a new file, :meth:`open` opens one."""

    def __init__(self, engine: Engine, path: Path) -> None:
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
        self.suggest = SuggestQueries(engine)

    @classmethod
    def create(cls, path: Path, revision: CodeRevision) -> Store:
        """A new project file holding the first codebook version (removed again on failure)."""
        create_file(path)
        engine = sqlite_engine(path)
        try:
            with transaction(engine, write=True) as connection:
                initialise(connection)
            store = cls(engine, path)
            store.codebooks.add_version(revision, actor="system")
        except BaseException:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return store

    @classmethod
    def open(cls, path: Path) -> Store:
        if not path.is_file():
            raise ProjectError(
                f"{path}: no such project. Create it with `qualcode new {path} --codebook FILE`."
            )
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
