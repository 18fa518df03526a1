"""Shared machinery of the fuzz and property suite (hypothesis).

Every input qualcode reads is generated from a valid seed, mutated, and fed through the real
command line in-process. The properties checked for every command run:

(a) the command exits 0, or exits 1 with a message on standard error that starts with
    ``Error:``; no exception escapes the command and no ``Traceback`` is printed;
(b) the command finishes within :data:`CASE_SECONDS` (an explicit elapsed-time assertion, the
    hypothesis ``deadline`` and, as a last resort, an alarm that interrupts a hung case);
(c) a command that fails leaves the project exactly as it was (a dump of every table).

Each test module builds one small project (a module-scoped fixture) and runs every example
on a copy of it. ``pytest --hypothesis-show-statistics`` counts the outcomes per test (ok, and
each kind of refusal), to see that the strategies reach both the happy path and the errors.

Open bugs the suite found are listed in :data:`OPEN_BUGS` (none at present): their
reproducers are strict xfails until they are fixed.

Profiles: ``qualcode-fuzz`` (the default, for ``make test``) is derandomized and stores no
examples database, so every run tests the same inputs.
``QUALCODE_FUZZ_PROFILE=qualcode-fuzz-explore`` draws new inputs on every run, and
``QUALCODE_FUZZ_SCALE=10`` runs ten times as many examples per test, e.g.::

    QUALCODE_FUZZ_PROFILE=qualcode-fuzz-explore QUALCODE_FUZZ_SCALE=20 \\
        .venv/bin/python -m pytest -q tests/fuzz
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, event, settings
from hypothesis.control import currently_in_test_context

from qualcode.cli import cli
from tests.conftest import MINI_CODEBOOK, TRANSCRIPT, dump

#: The time limit of one command run (property b).
CASE_SECONDS = 10.0
#: A case still running after this long is interrupted, so that a hang fails the test rather
#: than the whole run.
HARD_LIMIT_SECONDS = 3 * CASE_SECONDS

settings.register_profile(
    "qualcode-fuzz",
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=CASE_SECONDS * 2),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    print_blob=False,
    # No "explain" phase: it traces every line and makes deep-recursion cases crawl.
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
)
settings.register_profile(
    "qualcode-fuzz-explore",
    parent=settings.get_profile("qualcode-fuzz"),
    derandomize=False,
    print_blob=True,  # a failure prints the @reproduce_failure line that replays it
)
#: The profile the fuzz tests use. It is not loaded as hypothesis' default, which would change
#: the settings of the other property tests of the session.
PROFILE = os.environ.get("QUALCODE_FUZZ_PROFILE", "qualcode-fuzz")

_SCALE = float(os.environ.get("QUALCODE_FUZZ_SCALE", "1"))

#: Failures the suite found that are not fixed yet (key: what goes wrong). While one is listed,
#: its reproducers are strict xfails (see :func:`open_bug`), and a fuzz strategy may
#: ``assume()`` away the inputs that trigger it, so that the fuzz tests stay green and keep
#: looking for other failures. Once it is fixed its reproducers XPASS, which fails the suite:
#: then remove the entry and the markers, so that the reproducers run as plain tests.
OPEN_BUGS: dict[str, str] = {}


def open_bug(key: str, detail: str = "") -> pytest.MarkDecorator:
    """A strict xfail for a reproducer of the open bug ``key`` (a key of :data:`OPEN_BUGS`)."""
    assert key in OPEN_BUGS, key
    reason = f"open bug {key}: {OPEN_BUGS[key]}" + (f" ({detail})" if detail else "")
    return pytest.mark.xfail(reason=reason, strict=True)


def fuzz(count: int) -> settings:
    """The settings of a fuzz test: :data:`PROFILE`, with ``count`` examples times
    ``QUALCODE_FUZZ_SCALE``."""
    return settings(settings.get_profile(PROFILE), max_examples=max(1, round(count * _SCALE)))


class CaseTimeout(BaseException):
    """Raised by the alarm inside a command that runs past :data:`HARD_LIMIT_SECONDS`.

    A BaseException, so that neither the product nor click's runner can swallow it."""


@contextmanager
def hard_limit(seconds: float = HARD_LIMIT_SECONDS) -> Iterator[None]:
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise CaseTimeout(f"still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Outcome:
    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str
    elapsed: float

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def describe(self) -> str:
        return (
            f"qualcode {' '.join(self.args)}\nexit {self.exit_code} after {self.elapsed:.2f} s\n"
            f"stdout: {self.stdout[:2000]!r}\nstderr: {self.stderr[:2000]!r}"
        )


def run_cli(*args: str | Path) -> Outcome:
    """Run the command line in-process; check that no exception escapes, that nothing prints a
    traceback and that it finishes in time (properties a and b, but for the exit status).

    An exception that escapes the command is re-raised as it is (with a note naming the
    command), so that hypothesis tells distinct bugs apart by where they were raised.
    """
    argv = tuple(str(arg) for arg in args)
    start = time.monotonic()
    try:
        with hard_limit():
            # QUALCODE_DEBUG: an unexpected exception escapes with its traceback instead of
            # becoming "failed unexpectedly" (exit 2), so that it can be told apart.
            runner = CliRunner(env={"QUALCODE_DEBUG": "1"})
            result = runner.invoke(cli, list(argv), catch_exceptions=True)
    except CaseTimeout as exc:
        raise AssertionError(f"qualcode {' '.join(argv)}: hung ({exc})") from None
    elapsed = time.monotonic() - start
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        error.add_note(f"raised by: qualcode {' '.join(argv)} (after {elapsed:.2f} s)")
        raise error
    outcome = Outcome(argv, result.exit_code, result.stdout, result.stderr, elapsed)
    assert elapsed < CASE_SECONDS, f"too slow (limit {CASE_SECONDS} s):\n{outcome.describe()}"
    assert "Traceback" not in outcome.stdout + outcome.stderr, outcome.describe()
    return outcome


def invoke(*args: str | Path) -> Outcome:
    """:func:`run_cli`, and the command exits 0, or 1 with a message starting ``Error:``."""
    outcome = run_cli(*args)
    if not outcome.ok:
        assert outcome.exit_code == 1, f"not a user error:\n{outcome.describe()}"
        assert outcome.stderr.startswith("Error:"), f"not a user error:\n{outcome.describe()}"
    note_outcome(outcome)
    return outcome


def note_outcome(outcome: Outcome) -> None:
    """Count outcomes by kind (``pytest --hypothesis-show-statistics``), to see that the
    strategies reach both the happy path and many different refusals."""
    if not currently_in_test_context():
        return
    if outcome.ok:
        event(f"{outcome.args[0]}: ok")
        return
    message = re.sub(r"\S*/\S*", "PATH", outcome.stderr.splitlines()[0])
    message = re.sub(r"\d+", "N", message)
    event(f"{outcome.args[0]}: {message[:90]}")


def check_added(outcome: Outcome, project: Path, stem: str) -> None:
    """After a successful add: the document is listed and its segments are numbered 1..N,
    none of them empty."""
    listed = invoke("documents", project, "--format", "json")
    assert listed.ok
    names = [document["document"] for document in json.loads(listed.stdout)]
    assert stem in names, outcome.describe()
    shown = invoke("segments", project, "--document", stem, "--format", "json")
    assert shown.ok
    segments = json.loads(shown.stdout)
    assert [s["segment_id"] for s in segments] == [
        f"{stem}:{n}" for n in range(1, len(segments) + 1)
    ]
    assert segments, outcome.describe()
    assert all(s["text"].strip() for s in segments), outcome.describe()


def project_state(path: Path) -> list[str]:
    """Every row of every table of a project (through SQLite, so the WAL is included)."""
    return dump(path)


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a closed project file (with its -wal and -shm files, should they exist)."""
    for suffix in ("", "-wal", "-shm"):
        origin = Path(f"{source}{suffix}")
        if origin.exists():
            shutil.copy2(origin, Path(f"{target}{suffix}"))
    return target


def assert_unchanged_on_failure(outcome: Outcome, project: Path, before: list[str]) -> None:
    """Property (c)."""
    if not outcome.ok:
        after = project_state(project)
        assert after == before, f"a failed command changed the project:\n{outcome.describe()}"


def refused(
    workspace: Workspace, base_project: Path, name: str, content: bytes, *args: str
) -> Outcome:
    """Run ``qualcode ARGS...`` with FILE replaced by a file holding ``content`` and PROJECT by
    a copy of the project; the command must refuse, the project unchanged."""
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / name
        path.write_bytes(content)
        before = project_state(project)
        argv = [
            {"FILE": str(path), "PROJECT": str(project)}.get(a, a).replace("DIR", str(folder))
            for a in args
        ]
        outcome = invoke(*argv)
        assert not outcome.ok, outcome.describe()
        assert_unchanged_on_failure(outcome, project, before)
        if args[0] == "new":
            assert not (folder / "new.qualcode").exists()
        return outcome


def message(outcome: Outcome) -> str:
    """Standard error with the case's folder written DIR."""
    path = next(arg for arg in reversed(outcome.args) if "/" in arg)
    return outcome.stderr.replace(str(Path(path).parent), "DIR")


class Workspace:
    """A module's scratch folder: :meth:`case` gives each hypothesis example its own folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @contextmanager
    def case(self) -> Iterator[Path]:
        folder = Path(tempfile.mkdtemp(dir=self.root))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def base_project(workspace: Workspace) -> Path:
    """A project with the small codebook and one plain-text interview (int01); modules that
    need another start override it."""
    folder = workspace.root / "base"
    folder.mkdir()
    codebook = folder / "mini.yaml"
    codebook.write_text(MINI_CODEBOOK, encoding="utf-8")
    project = folder / "base.qualcode"
    assert invoke("new", project, "--codebook", codebook).ok
    (folder / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert invoke("add", project, folder / "int01.txt", "--no-deidentify").ok
    return project
