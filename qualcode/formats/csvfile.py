"""CSV in and out: decoding like transcripts, row numbers as a spreadsheet shows them, and
cells neutralised against formula injection (OWASP) on the way out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from qualcode.errors import InputFileError
from qualcode.formats.text import decode_text, read_bytes

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run: text with a leading ``=``, ``+``, ``-``, ``@``, tab or
    carriage return is prefixed with an apostrophe. Numbers (a negative kappa) stay numbers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unsafe_cell(text: str) -> str:
    """Undo :func:`safe_cell` for a value read back from a file qualcode wrote."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """RFC 4180 CSV (CRLF line ends, quotes where needed), every cell made safe."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def read_csv(
    path: Path,
    what: str,
    max_bytes: int = 512 * 1024 * 1024,
    *,
    encoding: str | None = None,
    encoding_option: str | None = None,
) -> list[tuple[int, list[str]]]:
    """Rows of a CSV file with their row numbers (header = row 1), header included.

    ``encoding`` is the one the user named (``encoding_option`` is how, for messages; ``None``
    where the command has no such option). Raises :class:`InputFileError` for unreadable, empty
    or unparseable files.
    """
    raw = read_bytes(path, max_bytes, what=what, limit_option=None)
    text = decode_text(
        raw, path, encoding, what=what, wanted="csv", encoding_option=encoding_option
    )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            rows.append((number, row))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise InputFileError(
                f"{path}: row {len(rows) + 1}: a cell is over {csv.field_size_limit():,} "
                f"characters, far more than a {what} holds. Check that this is the {what}, and "
                'that no cell opens a quote (") it never closes.'
            ) from None
        raise InputFileError(
            f"{path}: row {len(rows) + 1}: the {what} is not valid CSV ({exc}). Check the quoting "
            "of that row."
        ) from None
    rows = [(number, row) for number, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise InputFileError(f"{path}: the {what} has no rows.")
    return rows
