"""What the command modules share: the PROJECT argument, -o/--output, the error-handling
group, progress bars, plain tables and option parsing."""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from qualcode.errors import QualcodeError
from qualcode.model import UNITS, DatabaseURL, check_coder, project_location

if TYPE_CHECKING:
    from qualcode.agreement.report import Bootstrap


class ProjectType(click.ParamType):  # type: ignore[type-arg]
    """PROJECT: a project file, or a database on a PostgreSQL server (``postgresql://...``).

    A file is checked as ``click.Path`` checks it; a URL's password is never repeated (the URL
    is kept as a :class:`~qualcode.model.DatabaseURL`, which never shows it).
    """

    name = "project"
    _file = click.Path(path_type=Path, dir_okay=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        location = project_location(value)
        if isinstance(location, DatabaseURL):
            return location
        return self._file.convert(value, param, ctx)


PROJECT = click.argument("project", type=ProjectType())
OUTPUT = click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output.",
)


class QualcodeGroup(click.Group):
    """Turns user errors into a one-paragraph message and exit status 1, never a traceback.

    Anything else is a bug: it is reported by its type only (its text may quote a transcript)
    with exit status 2; ``QUALCODE_DEBUG=1`` shows the traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QualcodeError as exc:
            click.echo(f"Error: {terminal_safe(str(exc))}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; every change already saved is kept.", err=True)
            ctx.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`qualcode kappa ... | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except Exception as exc:
            if os.environ.get("QUALCODE_DEBUG"):
                raise
            click.echo(
                f"Error: qualcode failed unexpectedly ({type(exc).__name__}); this is a bug. "
                "The project keeps every change already saved (each is saved whole or not at "
                "all). Run it again with QUALCODE_DEBUG=1 to see the details (they may "
                "quote transcript text: do not post them publicly).",
                err=True,
            )
            ctx.exit(2)


def terminal_safe(message: str, *, keep_line_breaks: bool = True) -> str:
    """``message`` with control characters (but line breaks, if kept) shown as escapes: a file
    name or a cell quoted in a message or a table cannot send the terminal an escape
    sequence."""
    return "".join(
        char
        if (char == "\n" and keep_line_breaks) or unicodedata.category(char) != "Cc"
        else ascii(char)[1:-1]
        for char in message
    )


_SQLITE_MAGIC = b"SQLite format 3\x00"


def refuse_overwriting_a_database(path: Path) -> None:
    """``-o`` must never replace a project (``qualcode codings export P -o P`` would turn it
    into a CSV file), nor any other SQLite database or a project's -wal/-shm file."""
    database = path
    for suffix in ("-wal", "-shm", "-journal"):
        if path.name.endswith(suffix):
            database = path.with_name(path.name.removesuffix(suffix))
    for candidate in {path, database}:
        try:
            with candidate.open("rb") as handle:
                is_database = handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
        except (OSError, ValueError):  # not there, a folder, unreadable: mkstemp will tell
            continue
        if is_database:
            what = "an SQLite database" if candidate == path else f"a file of {candidate}"
            raise QualcodeError(
                f"{path}: this is {what} (a qualcode project?), which the output would replace. "
                "Name another file with -o; nothing was written."
            )


@contextmanager
def output(path: Path | None) -> Iterator[IO[str]]:
    """``-o FILE`` or standard output, UTF-8, with newlines left to the writer.

    A file is private to its owner (mode 0600, like the project: outputs quote transcripts)
    and appears only whole: it is written beside its place and moved there when complete, so a
    failed command leaves no half-written file and an earlier file is kept.
    """
    if path is None:
        yield sys.stdout
        return
    with (
        _private_file(path) as descriptor,
        os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle,
    ):
        yield handle


@contextmanager
def binary_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary file (a workbook, a data file, a Word document) written like :func:`output`:
    mode 0600, and only whole."""
    with _private_file(path) as descriptor, os.fdopen(descriptor, "wb") as handle:
        yield handle


@contextmanager
def _private_file(path: Path) -> Iterator[int]:
    """A descriptor of a 0600 temporary file beside ``path``, moved to ``path`` when the block
    ends without an error and removed otherwise."""
    refuse_overwriting_a_database(path)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent or Path(".")
        )
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot write the file ({exc.strerror}).") from None
    try:
        os.fchmod(descriptor, 0o600)
        yield descriptor
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise QualcodeError(f"{path}: cannot write the file ({exc.strerror}).") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class TerminalProgress:
    """A progress bar per stage of long work, on a terminal's stderr; nothing when piped."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._bar: Any = None

    def start(self, label: str, total: int) -> None:
        self.finish()
        if self.enabled and total > 0:
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr)

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None


def BOOTSTRAP(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--ci``, ``--resamples`` and ``--seed``: the kappa interval of `kappa` and `report`."""
    for option in (
        click.option(
            "--seed",
            type=int,
            default=0,
            show_default=True,
            help="Bootstrap seed (same seed, same CI).",
        ),
        click.option(
            "--resamples",
            type=int,
            default=1000,
            show_default=True,
            help="Bootstrap resamples (with --ci bootstrap).",
        ),
        click.option(
            "--ci",
            type=click.Choice(["asymptotic", "bootstrap"]),
            default="asymptotic",
            show_default=True,
            help="Interval for kappa: the large-sample one only, or also a bootstrap over "
            "segments.",
        ),
    ):
        command = option(command)
    return command


def bootstrap_option(ci: str, resamples: int, seed: int) -> Bootstrap | None:
    """The report's :class:`~qualcode.agreement.report.Bootstrap`, or ``None`` (``--ci
    asymptotic``)."""
    if ci != "bootstrap":
        return None
    if resamples < 100:
        raise QualcodeError("--resamples: use at least 100 (1000 or more for a report).")
    from qualcode.agreement.report import Bootstrap

    return Bootstrap(resamples=resamples, seed=seed)


#: The largest --max-size: a transcript of 10 GB is no transcript.
MAX_SIZE_LIMIT_MB = 10_000.0


def max_bytes(max_size: float) -> int:
    """``--max-size MB`` in bytes, refusing sizes that are not a positive number of MB."""
    if not 0 < max_size <= MAX_SIZE_LIMIT_MB:  # also refuses nan
        raise QualcodeError(
            f"--max-size {max_size:g}: give the largest file size to accept in MB, above 0 and "
            f"at most {MAX_SIZE_LIMIT_MB:,.0f}, e.g. --max-size 20."
        )
    return int(max_size * 1024 * 1024)


#: ``--unit``: what one segment is (the list of units is :data:`qualcode.model.UNITS`).
UNIT = click.option(
    "--unit",
    type=click.Choice(UNITS),
    default="turn",
    show_default=True,
    help="What one segment is.",
)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain table for the terminal; control characters in cells (an attribute value from
    a hostile front matter) are shown as escapes, and each row stays on one line."""
    header = [terminal_safe(str(cell), keep_line_breaks=False) for cell in header]
    rows = [[terminal_safe(str(cell), keep_line_breaks=False) for cell in row] for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


def coder_list(value: str | None) -> list[str] | None:
    """``A,B[,C]`` as a list; ``None`` when the option was not given."""
    if value is None:
        return None
    coders = [coder.strip() for coder in value.split(",") if coder.strip()]
    if not coders:
        raise QualcodeError("--coders: name the coders separated by commas, e.g. --coders ana,ben.")
    return [check_coder(coder, "--coders") for coder in coders]


def default_reconciler() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = ""
    return name if name and name.isascii() and name[0].isalnum() else "reconciler"


def has_terminal() -> bool:
    """Standard input and output are a terminal (a full-screen UI can run)."""
    return sys.stdin.isatty() and sys.stdout.isatty()
