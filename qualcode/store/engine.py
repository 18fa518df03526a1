"""Opening the project database: SQLite file settings, the transaction helper, and the short
writes of the coding UI (one change in one message to a server; a few statements on a file)."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, StatementError

from qualcode.errors import ConnectionLost, ProjectError

#: Seconds a process waits for another one's write to finish before giving up.
BUSY_TIMEOUT_S = 30.0

#: PostgreSQL advisory lock key that write transactions hold (any constant of the project's).
WRITE_LOCK = 0x716C636F6465

T = TypeVar("T")


def now() -> str:
    """UTC timestamp, ISO 8601 to the microsecond (sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def sqlite_engine(path: Path) -> Engine:
    """An engine for a project file with WAL, foreign keys and explicit transactions.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's ``begin()`` emits
    ``BEGIN`` itself; a write transaction asks for ``BEGIN IMMEDIATE`` so that two processes
    queue for the write lock instead of failing half-way (SPEC §10).
    """
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a killed process never loses a committed transaction.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("qualcode_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def create_file(path: Path) -> None:
    """Create an empty project file readable only by its owner (mode 0600)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ProjectError(
            f"{path} already exists. Choose another name or remove the old project first."
        ) from None
    except OSError as exc:
        raise ProjectError(f"{path}: cannot create the project file ({exc.strerror}).") from None
    os.close(fd)
    os.chmod(path, 0o600)


@contextmanager
def transaction(engine: Engine, *, write: bool, narrow: bool = False) -> Iterator[Connection]:
    """One transaction; committed on success, rolled back on any exception.

    Writers queue for one another, as SQLite's ``BEGIN IMMEDIATE`` makes them do on a file. On
    PostgreSQL a write holds an advisory lock for its transaction: exclusive for project-wide
    writes (imports, revisions, merges, which read and then write), shared for ``narrow`` ones
    (one coder's change to one segment from the coding UI), so coders do not wait for each other.

    Database failures become a :class:`ProjectError` that says what happened and what to do,
    never a traceback, and never the statement's parameters (they hold transcript text).
    """
    try:
        with engine.connect() as connection:
            if write and engine.dialect.name == "sqlite":
                connection.execution_options(qualcode_begin="IMMEDIATE")
            with connection.begin():
                if write and engine.dialect.name == "postgresql":
                    lock = "pg_advisory_xact_lock_shared" if narrow else "pg_advisory_xact_lock"
                    connection.exec_driver_sql(f"SELECT {lock}({WRITE_LOCK})")
                yield connection
    except DBAPIError as exc:
        raise failure(engine, exc) from None


_SHARED_LOCK = f"SELECT pg_advisory_xact_lock_shared({WRITE_LOCK})".encode()
#: The name of :data:`_SHARED_LOCK` prepared on a writer's connection (planned once too).
_LOCK_NAME = "qualcode_shared_write_lock"


def prepared_write(engine: Engine, name: str, definition: str, arguments: Sequence[Any]) -> None:
    """A narrow write on PostgreSQL as one message to the server and one answer.

    ``BEGIN``, the shared write lock of :func:`transaction`, ``EXECUTE`` of the statement
    ``name`` with ``arguments`` (written as literals, text quoted by libpq) and ``COMMIT`` go to
    the server together, as one string of statements. ``definition`` is ``(types) AS
    statement`` with ``$1``, ``$2``... for the arguments (and no comments: the arguments may be
    written into it, see below); it is prepared on the connection the first time (``PREPARE``,
    in the same message), so the server plans it once. One message and one wake-up of the
    server's process per change, which is what a coder waits for on every key press when many
    coders share the server. The statements run in that order, each seeing what the lock waited
    for; the transaction commits only if all succeed, and it has committed when this returns.
    Failures are reported as :func:`transaction` reports them (the connection is then dropped,
    and with it what was prepared on it).

    A server whose sessions do not keep what was prepared (a pooler such as PgBouncer in
    transaction mode hands each transaction to any of its connections) answers that the
    statement does not exist, or exists already: the change is then sent again with the
    statement written out, and so is every later one on this engine.
    """
    from psycopg import errors

    not_kept = (errors.InvalidSqlStatementName, errors.DuplicatePreparedStatement)
    try:
        try:
            _send_write(engine, name, definition, arguments, prepare=engine not in _UNPREPARED)
        except DBAPIError as exc:
            if not isinstance(exc.orig, not_kept):
                raise
            _UNPREPARED.add(engine)
            _send_write(engine, name, definition, arguments, prepare=False)
    except DBAPIError as exc:
        raise failure(engine, exc) from None


#: Engines whose server does not keep prepared statements (see :func:`prepared_write`).
_UNPREPARED: weakref.WeakSet[Engine] = weakref.WeakSet()


def _send_write(
    engine: Engine, name: str, definition: str, arguments: Sequence[Any], *, prepare: bool
) -> None:
    import psycopg

    writer = _writer(engine)
    with writer.lock:
        driver = writer.driver(engine)
        if prepare:
            query = writer.execute_query(name, definition, arguments)
        else:
            query = _written_out(driver, definition, arguments)
        try:
            driver.execute(query)
            if prepare:
                writer.prepared.update((name, _LOCK_NAME))
        except psycopg.Error as exc:
            lost = driver.broken or driver.closed
            writer.drop()  # also forgets what was prepared on it
            raise _driver_failure(engine, exc, lost=lost) from None


def _driver_failure(engine: Engine, exc: Exception, *, lost: bool) -> StatementError:
    """psycopg's exception as SQLAlchemy's, as :func:`transaction` sees failures."""
    import psycopg

    return DBAPIError.instance(
        None,
        None,
        exc,
        psycopg.Error,
        hide_parameters=True,
        connection_invalidated=lost,
        dialect=engine.dialect,
    )


class _Writer:
    """The connection an engine keeps for :func:`prepared_write`, with what was prepared on it.

    Checked out of the engine's pool once and kept, in autocommit (so that psycopg sends no
    ``BEGIN`` of its own: the transaction is the explicit ``BEGIN ... COMMIT`` of the message),
    until a failure drops it or the engine is disposed; the next write connects again. A coder's
    key press then costs building one string and one round trip, not a checkout, two changes of
    the connection's settings and a check-in (half of the client's work per change, measured).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.fairy: Any = None
        self.prepared: set[str] = set()
        #: Per statement: the message up to its arguments, and after them.
        self.frames: dict[str, tuple[bytes, bytes]] = {}
        self.escape: Callable[[bytes], bytes] | None = None
        self.encoding = "utf-8"

    def driver(self, engine: Engine) -> Any:
        """The connection, connecting through ``engine`` (the writer's own: a writer holds no
        reference to it, so that it is freed with its engine) when there is none."""
        if self.fairy is None:
            import psycopg
            from psycopg import pq

            try:
                fairy = engine.raw_connection()
            except psycopg.Error as exc:  # the pool's own connect is not wrapped by SQLAlchemy
                raise _driver_failure(engine, exc, lost=True) from None
            driver = fairy.driver_connection
            assert isinstance(driver, psycopg.Connection)
            try:
                driver.autocommit = True
            except BaseException:
                fairy.invalidate()
                raise
            self.fairy = fairy
            self.prepared = set()
            self.escape = pq.Escaping(driver.pgconn).escape_literal
            self.encoding = driver.info.encoding
        return self.fairy.driver_connection

    def execute_query(self, name: str, definition: str, arguments: Sequence[Any]) -> bytes:
        """``BEGIN; EXECUTE <shared lock>; EXECUTE name (arguments); COMMIT``, after the
        ``PREPARE`` of either statement the first time on this connection."""
        frame = self.frames.get(name)
        if frame is None:
            frame = (f"BEGIN; EXECUTE {_LOCK_NAME}; EXECUTE {name} (".encode(), b"); COMMIT")
            self.frames[name] = frame
        values = b", ".join([self.literal(argument) for argument in arguments])
        query = frame[0] + values + frame[1]
        if name not in self.prepared:
            query = f"PREPARE {name} {definition.strip()}; ".encode() + query
        if _LOCK_NAME not in self.prepared:
            query = f"PREPARE {_LOCK_NAME} AS {_SHARED_LOCK.decode()}; ".encode() + query
        return query

    def literal(self, value: Any) -> bytes:
        """``value`` as an SQL literal (strings quoted by libpq's ``PQescapeLiteral``); the
        statement's declared types are applied by ``EXECUTE``."""
        if value is None:
            return b"NULL"
        if isinstance(value, bool):
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, str):
            if "\x00" in value:
                raise ProjectError(
                    "A text to save contains a NUL character, which PostgreSQL refuses."
                )
            assert self.escape is not None
            return self.escape(value.encode(self.encoding))
        if isinstance(value, list | tuple):
            if not value:
                return b"'{}'"
            return b"ARRAY[" + b", ".join([self.literal(item) for item in value]) + b"]"
        raise TypeError(f"no SQL literal for {type(value).__name__}")

    def drop(self) -> None:
        """Close the connection (the next write connects again)."""
        fairy, self.fairy = self.fairy, None
        self.prepared = set()
        if fairy is not None:
            fairy.invalidate()


#: The writer of each engine that has written through :func:`prepared_write`.
_WRITERS: weakref.WeakKeyDictionary[Engine, _Writer] = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


def _writer(engine: Engine) -> _Writer:
    writer = _WRITERS.get(engine)
    if writer is None:
        with _WRITERS_LOCK:
            writer = _WRITERS.get(engine)
            if writer is None:
                writer = _WRITERS[engine] = _Writer()
                event.listen(engine, "engine_disposed", _release_writer)
    return writer


def _release_writer(engine: Engine) -> None:
    writer = _WRITERS.get(engine)
    if writer is not None:
        with writer.lock:
            writer.drop()


def _written_out(driver: Any, definition: str, arguments: Sequence[Any]) -> Any:
    """``BEGIN; <shared lock>; <the statement with its arguments cast to their types>; COMMIT``
    for a server that does not keep prepared statements."""
    from psycopg import sql

    types, statement = definition.strip().split(" AS\n", 1)
    casts = [
        sql.SQL("{}::" + kind).format(sql.Literal(value))
        for value, kind in zip(arguments, types.strip("()").split(", "), strict=True)
    ]
    pieces = re.split(r"\$(\d+)", statement)
    write = sql.Composed(
        [casts[int(piece) - 1] if i % 2 else sql.SQL(piece) for i, piece in enumerate(pieces)]
    )
    parts = [sql.SQL("BEGIN"), sql.SQL(_SHARED_LOCK.decode()), write, sql.SQL("COMMIT")]
    return sql.SQL("; ").join(parts).as_bytes(driver)


def file_write(engine: Engine, work: Callable[[sqlite3.Connection], T]) -> T:
    """A write on a project file through the driver's own connection: ``BEGIN IMMEDIATE`` (as in
    :func:`transaction`), ``work`` and ``COMMIT``, without SQLAlchemy's work around each
    statement. The coding UI's writer thread shares the interpreter with the screen being drawn,
    so each statement and each step of Python less is a hand-over less between the two. Failures
    are reported as :func:`transaction` reports them; nothing of a failed ``work`` is kept.
    """
    try:
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            try:
                driver.execute("BEGIN IMMEDIATE")
                try:
                    result = work(driver)
                    driver.execute("COMMIT")
                except BaseException:
                    if driver.in_transaction:
                        driver.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise DBAPIError.instance(
                    None, None, exc, sqlite3.Error, hide_parameters=True, dialect=engine.dialect
                ) from None
            return result
    except DBAPIError as exc:
        raise failure(engine, exc) from None


def failure(engine: Engine, exc: DBAPIError) -> ProjectError:
    """What a failed transaction raises: :class:`ConnectionLost` when the server cannot be
    reached (or, on a file, another process held it past the busy timeout), otherwise a
    :class:`ProjectError` that says what happened and what to do."""
    where = engine.url.database or "the project"
    if engine.dialect.name == "postgresql" and (
        exc.connection_invalidated or (isinstance(exc, OperationalError) and _unreachable(exc))
    ):
        reason = " ".join(str(exc.orig).split())
        return ConnectionLost(
            f"{where}: the connection to the server was lost ({reason}); this change was not saved."
        )
    message = database_problem(exc, where)
    if engine.dialect.name == "sqlite" and _busy(exc):
        # Another process kept the file locked past the busy timeout: nothing was saved, and
        # the same change can be tried again (the coding UI's writer does).
        return ConnectionLost(message)
    return ProjectError(message)


def _busy(exc: DBAPIError) -> bool:
    reason = str(exc.orig).lower()
    return "locked" in reason or "busy" in reason


def _unreachable(exc: DBAPIError) -> bool:
    """A PostgreSQL error that means the server cannot be reached or is shutting down (no SQL
    state: the connection failed; class 08: connection exceptions; 57P01-57P03: shutdown)."""
    state = getattr(exc.orig, "sqlstate", None)
    return state is None or str(state).startswith("08") or state in ("57P01", "57P02", "57P03")


def database_problem(exc: DBAPIError, where: str) -> str:
    """The user's message for a database failure (SQLite's own text holds no row values)."""
    reason = str(exc.orig).strip()
    lowered = reason.lower()
    if "locked" in lowered or "busy" in lowered:
        return (
            "The project is busy: another qualcode process has held it for more than "
            f"{BUSY_TIMEOUT_S:.0f} s. Try again when it has finished."
        )
    if "full" in lowered:
        return (
            f"{where}: the disk is full, so this change was not saved; the project is as it was "
            "before the command. Free some space and run the command again."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"{where}: the project cannot be written (the file, its folder or the disk is "
            "read-only). Copy it to a folder you can write to, or fix the permissions."
        )
    if "malformed" in lowered or "not a database" in lowered or "i/o error" in lowered:
        return (
            f"{where}: the project file is damaged ({reason}). Restore it from a backup; "
            "qualcode did not change it."
        )
    if isinstance(exc, IntegrityError):
        return (
            f"{where}: the project refused the change ({reason}); nothing was saved. This is a "
            "bug in qualcode: please report it with the command you ran."
        )
    return f"{where}: the project database failed ({reason}); nothing was saved."
