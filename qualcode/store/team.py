"""Coder logins on a PostgreSQL server, and the rules the database enforces for them.

Each coder gets a login role bound to one coder name (the ``qualcode_logins`` table, which only
the project's owner reads). A coder's login can read the documents, segments, codebook and
assignments; it reads and writes only its own codings, review marks and memos (row-level
security: another coder's rows on the same document are invisible, so double coding stays
blind); it may add to the audit log but not read it (beyond row ids), change or delete it; it
cannot change documents, the codebook or assignments, nor see reconciliations. The owner (the
lead who created the project) is not subject to row-level security and runs everything else.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from qualcode.errors import ProjectError
from qualcode.store.engine import now, transaction

#: Tables a coder reads whole.
READ_ONLY = (
    "meta",
    "schema_migrations",
    "codebook_versions",
    "codes",
    "documents",
    "document_attributes",
    "segments",
    "coders",
    "assignments",
    "allowlist",
)
#: Tables a coder reads and writes, its own rows only.
OWN_ROWS = ("codings", "reviews", "memos")

SETUP = (
    "CREATE TABLE IF NOT EXISTS qualcode_logins ("
    " login TEXT PRIMARY KEY, coder TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
    "REVOKE ALL ON qualcode_logins FROM PUBLIC",
    "CREATE OR REPLACE FUNCTION qualcode_login_coder() RETURNS text LANGUAGE sql STABLE "
    "SECURITY DEFINER SET search_path = public AS "
    "$$ SELECT coder FROM qualcode_logins WHERE login = session_user $$",
    "CREATE OR REPLACE FUNCTION qualcode_login_coder_id() RETURNS integer LANGUAGE sql STABLE "
    "SECURITY DEFINER SET search_path = public AS "
    "$$ SELECT c.id FROM coders c JOIN qualcode_logins l ON l.coder = c.name "
    "WHERE l.login = session_user $$",
    *(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY" for table in OWN_ROWS),
    *(f"DROP POLICY IF EXISTS own_rows ON {table}" for table in OWN_ROWS),
    *(
        f"CREATE POLICY own_rows ON {table} USING (coder_id = qualcode_login_coder_id()) "
        "WITH CHECK (coder_id = qualcode_login_coder_id())"
        for table in OWN_ROWS
    ),
)


def grants(login: str, database: str) -> list[str]:
    """The statements that give a coder's login its rights (names quoted already)."""
    return [
        f"GRANT CONNECT ON DATABASE {database} TO {login}",
        f"GRANT USAGE ON SCHEMA public TO {login}",
        f"GRANT SELECT ON {', '.join(READ_ONLY)} TO {login}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(OWN_ROWS)} TO {login}",
        f"GRANT INSERT ON audit_log TO {login}",
        # A one-row INSERT ... RETURNING id needs the id column, and only it.
        f"GRANT SELECT (id) ON audit_log TO {login}",
        f"GRANT USAGE ON SEQUENCE audit_log_id_seq, memos_id_seq TO {login}",
    ]


def require_server(engine: Engine, where: str) -> None:
    if engine.dialect.name != "postgresql":
        raise ProjectError(
            f"{where} is a project file: logins and their rules are for a project on a "
            "PostgreSQL server. Put it on one with `qualcode copy FILE postgresql://...`."
        )


def _ident(connection: Connection, name: str) -> str:
    return str(connection.execute(text("SELECT quote_ident(:name)"), {"name": name}).scalar())


def add_login(engine: Engine, where: str, *, coder: str, login: str, password: str) -> None:
    """Create the login role for ``coder`` (and the rules, the first time)."""
    require_server(engine, where)
    try:
        with transaction(engine, write=True) as connection:
            for statement in SETUP:
                connection.exec_driver_sql(statement)
            taken = connection.execute(
                text("SELECT login, coder FROM qualcode_logins WHERE login = :l OR coder = :c"),
                {"l": login, "c": coder},
            ).first()
            if taken is not None:
                raise ProjectError(
                    f"{where}: coder {taken[1]} already has the login {taken[0]}. "
                    f"`qualcode team remove {where} {taken[1]}` removes it first."
                )
            exists = connection.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :l"), {"l": login}
            ).first()
            if exists is not None:
                raise ProjectError(
                    f"{where}: the server already has a role named {login}. Choose another "
                    "login name with --login."
                )
            role = _ident(connection, login)
            _create_role(connection, login, password)
            name = connection.execute(text("SELECT current_database()")).scalar()
            for grant in grants(role, _ident(connection, str(name))):
                connection.exec_driver_sql(grant)
            connection.exec_driver_sql(
                "GRANT EXECUTE ON FUNCTION qualcode_login_coder(), qualcode_login_coder_id() "
                f"TO {role}"
            )
            stamp = now()
            connection.execute(
                text(
                    "INSERT INTO coders (name, created_at) VALUES (:c, :t) "
                    "ON CONFLICT (name) DO NOTHING"
                ),
                {"c": coder, "t": stamp},
            )
            connection.execute(
                text("INSERT INTO qualcode_logins VALUES (:l, :c, :t)"),
                {"l": login, "c": coder, "t": stamp},
            )
    except ProjectError:
        raise
    except DBAPIError as exc:  # never shows the statement: it holds the password
        raise ProjectError(
            f"{where}: the server refused to create the login ({_reason(exc)}). The project's "
            "owner needs the CREATEROLE right on the server."
        ) from None


def _create_role(connection: Connection, login: str, password: str) -> None:
    """``CREATE ROLE`` with the password as a literal that psycopg quotes (DDL takes no
    parameters), on the transaction's own connection."""
    from psycopg import sql

    driver = connection.connection.driver_connection
    assert driver is not None
    statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
        sql.Identifier(login), sql.Literal(password)
    )
    with driver.cursor() as cursor:
        cursor.execute(statement)


def logins(engine: Engine, where: str) -> list[tuple[str, str, str]]:
    """(coder, login, created at) for every coder login of the project."""
    require_server(engine, where)
    with transaction(engine, write=False) as connection:
        if connection.execute(text("SELECT to_regclass('qualcode_logins')")).scalar() is None:
            return []
        return [
            (str(coder), str(login), str(created))
            for coder, login, created in connection.execute(
                text("SELECT coder, login, created_at FROM qualcode_logins ORDER BY coder")
            )
        ]


def remove_login(engine: Engine, where: str, coder: str) -> str:
    """Drop the coder's login role (the coder's work stays); returns the login removed."""
    require_server(engine, where)
    known = {name: login for name, login, _ in logins(engine, where)}
    if coder not in known:
        raise ProjectError(
            f"{where}: coder {coder} has no login. `qualcode team list {where}` lists them."
        )
    try:
        with transaction(engine, write=True) as connection:
            role = _ident(connection, known[coder])
            connection.exec_driver_sql(f"DROP OWNED BY {role}")
            connection.exec_driver_sql(f"DROP ROLE {role}")
            connection.execute(text("DELETE FROM qualcode_logins WHERE coder = :c"), {"c": coder})
    except DBAPIError as exc:
        raise ProjectError(
            f"{where}: the server refused to remove the login {known[coder]} ({_reason(exc)})."
        ) from None
    return known[coder]


def login_coder(engine: Engine) -> str | None:
    """The coder bound to this connection's login, or ``None`` (a file, or the owner)."""
    if engine.dialect.name != "postgresql":
        return None
    with transaction(engine, write=False) as connection:
        if connection.execute(text("SELECT to_regproc('qualcode_login_coder')")).scalar() is None:
            return None
        coder = connection.execute(text("SELECT qualcode_login_coder()")).scalar()
    return None if coder is None else str(coder)


def _reason(exc: DBAPIError) -> str:
    return " ".join(str(exc.orig).split()).split(" LINE ")[0]
