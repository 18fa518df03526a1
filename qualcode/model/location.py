"""Where a project lives: a file, or a database on a PostgreSQL server named by a URL.

A URL may carry a password; :class:`DatabaseURL` keeps it for the connection only and shows the
URL without it everywhere else (``str``, ``repr``, messages), so it never reaches a terminal,
a log or a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

#: The URL schemes a project on a server may be given with.
URL_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_database_url(text: str) -> bool:
    return text.strip().lower().startswith(URL_SCHEMES)


@dataclass(frozen=True)
class DatabaseURL:
    """A project database on a server; ``str()`` never shows the password."""

    url: str = field(repr=False)

    def __post_init__(self) -> None:
        if not is_database_url(self.url):
            raise ValueError("not a postgresql:// URL")

    @property
    def password(self) -> str | None:
        parts = urlsplit(self.url)
        if parts.password is not None:
            return unquote(parts.password)
        query = dict(parse_qsl(parts.query))
        return query.get("password")

    @property
    def name(self) -> str:
        """The database's name (the URL's path), or the user name libpq would use."""
        database = unquote(urlsplit(self.url).path.lstrip("/"))
        return database or "postgres"

    def driver_url(self) -> str:
        """The URL with SQLAlchemy's psycopg 3 driver (``postgresql+psycopg://``)."""
        scheme, rest = self.url.strip().split("://", 1)
        del scheme
        return f"postgresql+psycopg://{rest}"

    def shown(self) -> str:
        """The URL as shown to people: no password in the user part nor in the query."""
        parts = urlsplit(self.url.strip())
        netloc = parts.hostname or ""
        if ":" in netloc:
            netloc = f"[{netloc}]"
        if parts.port is not None:
            netloc = f"{netloc}:{parts.port}"
        if parts.username is not None:
            netloc = f"{parts.username}@{netloc}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
        scheme = parts.scheme.split("+", 1)[0]
        return f"{scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")

    def with_user(self, user: str) -> str:
        """The URL shown for another user (no password)."""
        scheme, rest = self.shown().split("://", 1)
        netloc, slash, tail = rest.partition("/")
        return f"{scheme}://{user}@{netloc.rsplit('@', 1)[-1]}{slash}{tail}"

    def scrub(self, text: str) -> str:
        """``text`` with the password (if any) replaced by ``***``."""
        secret = self.password
        if secret:
            text = text.replace(secret, "***")
        return text

    def __str__(self) -> str:
        return self.shown()

    def __repr__(self) -> str:
        return f"DatabaseURL({self.shown()!r})"


#: A project: a file or a database URL.
Location = Path | DatabaseURL


def project_location(text: str | Location) -> Location:
    """A command line's PROJECT: a URL when it looks like one, a file otherwise."""
    if not isinstance(text, str):
        return text
    return DatabaseURL(text.strip()) if is_database_url(text) else Path(text)
