"""Shared fixtures: small projects built in a temporary folder, and a CLI runner."""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qualcode.cli import cli
from tests import pgserver

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "codebooks" / "labor_trafficking.yaml"
SAMPLES = ROOT / "sample_transcripts"

MINI_CODEBOOK = """\
name: Mini codebook
version: 1
families:
  - id: referral
    label: Referral streams
    key: "1"
    codes:
      - id: law_enforcement
        label: Law enforcement
        key: l
        definition: The referral came from police.
      - id: hotline
        label: Hotline
        key: h
        definition: The referral came from a hotline.
  - id: challenges
    label: Challenges
    key: "2"
    codes:
      - id: resources
        label: Resources
        key: r
        definition: Not enough money or staff.
"""

TRANSCRIPT = """\
Interviewer: Thanks for talking with me. How do cases reach you?
Respondent: Mostly from the sheriff’s office — they call us
when they find someone.

We also get calls from the hotline.
Interviewer: What gets in the way?
Respondent: Money. We have [number of] staff for the whole county.
"""


def run(*args: str | Path) -> Result:
    """Run the CLI in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def dump(path: Path) -> list[str]:
    """Every row of the project file, for 'nothing changed' assertions."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The coding UI's recovery journals go to a folder of the test's own, not the home's."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture
def mini_codebook(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_CODEBOOK, encoding="utf-8")
    return path


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def write_file(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def project(tmp_path: Path, mini_codebook: Path) -> Path:
    """A project with the mini codebook and two documents (int01, int02) of four turns each."""
    path = tmp_path / "study.qualcode"
    assert run("new", path, "--codebook", mini_codebook).exit_code == 0
    for name in ("int01", "int02"):
        (tmp_path / f"{name}.txt").write_text(TRANSCRIPT, encoding="utf-8")
    result = run(
        "add",
        path,
        tmp_path / "int01.txt",
        tmp_path / "int02.txt",
        "--attr",
        "role=prosecutor",
        "--no-deidentify",
    )
    assert result.exit_code == 0, result.output
    return path


# -- both backends ------------------------------------------------------------------------------
# One throwaway PostgreSQL server per test session (started the first time a test asks for it),
# one fresh database per test. In CI (CI=true) a server that cannot start fails the tests.

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgserver.PostgresServer]:
    try:
        server = pgserver.start_server()
    except RuntimeError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"the test PostgreSQL server did not start: {exc}")
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    yield server
    pgserver.remove(server)


@pytest.fixture
def pg_url(pg_server: pgserver.PostgresServer) -> str:
    """A new empty database on the test server, as a URL with the superuser's password."""
    name = f"t{os.getpid()}_{next(_database_numbers)}"
    pg_server.create_database(name)
    return pg_server.url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a new project goes: a file, or an empty database (the URL) on the test server."""
    if backend == "sqlite":
        return str(tmp_path / "here.qualcode")
    return str(request.getfixturevalue("pg_url"))


def content(location: str | Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a project on either backend (for 'nothing changed')."""
    from qualcode.project import open_project
    from qualcode.store.copy import table_contents

    with open_project(str(location)) as opened:
        return table_contents(opened.store)


@pytest.fixture
def any_project(location: str, tmp_path: Path, mini_codebook: Path) -> str:
    """The ``project`` fixture's project (two documents of four turns) on either backend."""
    assert run("new", location, "--codebook", mini_codebook).exit_code == 0
    for name in ("int01", "int02"):
        (tmp_path / f"{name}.txt").write_text(TRANSCRIPT, encoding="utf-8")
    result = run(
        "add",
        location,
        tmp_path / "int01.txt",
        tmp_path / "int02.txt",
        "--attr",
        "role=prosecutor",
        "--no-deidentify",
    )
    assert result.exit_code == 0, result.output
    return location
