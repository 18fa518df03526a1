"""Writing report tables as CSV, Markdown, JSON or an aligned terminal table."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import IO, Any

from qualcode.formats.csvfile import write_csv


def _cell(value: object, digits: int = 1) -> str:
    """A value for a text table: percentages to one decimal, undefined as a dash."""
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.{digits}f}"
    return str(value)


def _csv_value(value: object, digits: int = 1) -> object:
    if isinstance(value, float):
        return "" if math.isnan(value) else round(value, digits)
    return value


def _json_value(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def write_table(
    fmt: str,
    out: IO[str],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title: str,
    notes: Sequence[str] = (),
    meta: dict[str, Any] | None = None,
    digits: int = 1,
) -> None:
    """``fmt`` is csv, md, json or table. CSV has no room for the title and notes: callers
    print those on stderr. JSON puts ``meta`` beside the ``rows``. Floats are written with
    ``digits`` decimals (JSON: in full)."""
    if fmt == "csv":
        write_csv(out, columns, ([_csv_value(v, digits) for v in row] for row in rows))
    elif fmt == "json":
        document = dict(meta or {})
        document["rows"] = [
            {column: _json_value(value) for column, value in zip(columns, row, strict=True)}
            for row in rows
        ]
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "md":
        lines = [f"## {title}", ""]
        lines += [f"- {note}" for note in notes]
        if notes:
            lines.append("")
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "---|" * len(columns))
        for row in rows:
            cells = (_cell(v, digits).replace("|", "\\|").replace("\n", " ") for v in row)
            lines.append("| " + " | ".join(cells) + " |")
        out.write("\n".join(lines) + "\n")
    else:
        text_rows = [[_cell(v, digits) for v in row] for row in rows]
        widths = [
            max(len(cell) for cell in column) for column in zip(columns, *text_rows, strict=True)
        ]
        lines = [title, *notes, ""]
        lines.append("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        lines += [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in text_rows
        ]
        out.write("\n".join(lines) + "\n")
