"""The project database on a PostgreSQL server: the engine, connecting, and what differs from a
file (writers queue on an advisory lock instead of SQLite's ``BEGIN IMMEDIATE``; the audit log's
append-only trigger is written in PL/pgSQL and records the login role).

psycopg 3 reads credentials the way every PostgreSQL tool does: from the URL, ``PGPASSWORD``,
``~/.pgpass`` or a libpq service (``?service=NAME``). The password is used for the connection
only: every message names the server by :meth:`DatabaseURL.shown`, and the driver's own text is
scrubbed of it before it is shown.
"""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.exc import DBAPIError

from qualcode.errors import ProjectError
from qualcode.model import DatabaseURL

#: What to install for PostgreSQL support.
INSTALL_HINT = "pip install 'qualcode[postgres]'"


def postgres_engine(location: DatabaseURL) -> Engine:
    """An engine for a project on a server (psycopg 3); a clear error when psycopg is missing."""
    try:
        import psycopg  # noqa: F401  (SQLAlchemy's driver; imported here to name what is missing)
    except ImportError:
        raise ProjectError(
            f"{location}: opening a project on a PostgreSQL server needs the PostgreSQL driver, "
            f"which is not installed. Install it with `{INSTALL_HINT}`."
        ) from None
    try:
        return create_engine(
            location.driver_url(),
            hide_parameters=True,
            connect_args={"application_name": "qualcode", "connect_timeout": 10},
        )
    except Exception as exc:  # a malformed URL: SQLAlchemy's message may quote it whole
        raise ProjectError(
            f"{location}: this is not a database URL qualcode can use "
            f"({type(exc).__name__}). Write it as postgresql://USER@HOST:PORT/DATABASE."
        ) from None


def connection_problem(location: DatabaseURL, exc: DBAPIError) -> ProjectError:
    """The user's message when the server cannot be reached or refuses the login."""
    reason = location.scrub(" ".join(str(exc.orig).split()))
    return ProjectError(
        f"{location}: cannot connect to the project's database ({reason}). Check the host, port "
        "and database name, and the credentials (the URL, PGPASSWORD, ~/.pgpass or a libpq "
        "service)."
    )


def table_names(engine: Engine, location: DatabaseURL) -> set[str]:
    """The tables of the database's current schema (this is also the connection check)."""
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    except DBAPIError as exc:
        raise connection_problem(location, exc) from None
