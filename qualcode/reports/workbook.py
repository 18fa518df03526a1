"""Excel workbooks (openpyxl, write-only mode): one table per sheet with a styled, frozen
header row and filters, every text cell stored as text.

openpyxl stores a string that begins with ``=`` as a formula; a cell whose text begins with
``=``, ``+``, ``-``, ``@``, tab or carriage return is therefore written with its data type set to
text, so Excel shows the characters and never evaluates them (the CSV writers neutralise the
same cells, :func:`qualcode.formats.csvfile.safe_cell`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from qualcode.formats.csvfile import FORMULA_START

HEADER_FILL = "1F4E79"
HEADER_FONT = "FFFFFF"
#: Column widths in characters: at least this, at most that (long text wraps in Excel).
MIN_WIDTH, MAX_WIDTH = 6, 60
#: Rows looked at to size a column.
SIZING_ROWS = 200
#: Excel's last row is 1,048,576: a longer table continues on further sheets.
MAX_DATA_ROWS = 1_048_575


@dataclass(frozen=True)
class Sheet:
    title: str  # at most 31 characters, no []:*?/\
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


def write_workbook(sheets: Sequence[Sheet], out: IO[bytes]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    workbook.save(out)


def _write_sheet(workbook: Any, sheet: Sheet) -> None:
    """The sheet, continued on "Title (2)", "Title (3)" ... past Excel's last row."""
    rows = iter(sheet.rows)
    head_rows = list(itertools.islice(rows, SIZING_ROWS))
    widths = [
        min(max(max([len(name), *(_width(row[i]) for row in head_rows)]) + 2, MIN_WIDTH), MAX_WIDTH)
        for i, name in enumerate(sheet.header)
    ]
    remaining: Iterator[Sequence[object]] = itertools.chain(head_rows, rows)
    part = 1
    while True:
        title = sheet.title if part == 1 else f"{sheet.title} ({part})"
        written = _write_part(workbook, title, sheet.header, widths, remaining)
        following = next(remaining, None) if written == MAX_DATA_ROWS else None
        if following is None:
            return
        remaining = itertools.chain([following], remaining)
        part += 1


def _write_part(
    workbook: Any,
    title: str,
    header: Sequence[str],
    widths: list[int],
    rows: Iterator[Sequence[object]],
) -> int:
    """One worksheet of at most :data:`MAX_DATA_ROWS` rows from ``rows``; returns the count."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    worksheet = workbook.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "A2"
    font = Font(bold=True, color=HEADER_FONT)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    align = Alignment(vertical="top", wrap_text=True)
    cells = []
    for name in header:
        cell = text_cell(worksheet, name)
        cell.font, cell.fill, cell.alignment = font, fill, align
        cells.append(cell)
    worksheet.append(cells)
    count = 0
    for row in itertools.islice(rows, MAX_DATA_ROWS):
        worksheet.append([_value(worksheet, value) for value in row])
        count += 1
    last = get_column_letter(max(len(header), 1))
    worksheet.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def text_cell(worksheet: Any, text: str) -> Any:
    """A cell holding ``text`` as text, whatever its first character."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=clean_text(text))
    cell.data_type = "s"
    return cell


def clean_text(text: str) -> str:
    """``text`` without the control characters an xlsx file cannot hold (tab, line feed and
    carriage return are kept)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _value(worksheet: Any, value: object) -> object:
    if isinstance(value, str):
        if value.startswith(FORMULA_START):
            return text_cell(worksheet, value)
        return clean_text(value) if _has_control(value) else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _has_control(text: str) -> bool:
    return any(ord(character) < 32 for character in text)


def _width(value: object) -> int:
    if value is None:
        return 0
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)
