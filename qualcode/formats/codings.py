"""The codings CSV of SPEC §4.1: ``segment_id,coder,code``, validated all-or-nothing."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import InputFileError
from qualcode.formats.csvfile import read_csv, unsafe_cell
from qualcode.model import CODER_RULE, split_segment_id, valid_coder

HEADER = ("segment_id", "coder", "code")


@dataclass(frozen=True)
class CodingsFile:
    """A validated codings file: the (coder, document) pairs it covers and its codings."""

    pairs: set[tuple[str, str]]
    codings: list[tuple[str, str, int, str]]  # coder, document, n, code id
    #: The segment numbers each (coder, document) pair lists, with a code or empty.
    listed: dict[tuple[str, str], set[int]] = field(default_factory=dict)


def parse_codings(
    path: Path,
    segment_index: Callable[[set[str]], dict[str, dict[int, int]]],
    known_codes: dict[str, bool],
) -> CodingsFile:
    """Read and check a codings CSV against the project; raises listing every bad row."""
    rows = read_csv(path, "codings file")
    header_number, header = rows[0]
    columns = [cell.strip().lower() for cell in header]
    missing = [name for name in HEADER if name not in columns]
    if missing:
        raise InputFileError(
            f"{path}: row {header_number}: the header must name the columns segment_id,coder,code "
            f"(missing: {', '.join(missing)})."
        )
    where = {name: columns.index(name) for name in HEADER}
    parsed: list[tuple[int, str, str, int, str]] = []
    problems: list[tuple[int, str]] = []  # (row, problem): listed in file order
    for number, row in rows[1:]:
        if len(row) != len(columns):
            problems.append((number, f"row {number}: {len(row)} cells, expected {len(columns)}"))
            continue
        raw_segment = unsafe_cell(row[where["segment_id"]].strip())
        coder = row[where["coder"]].strip()
        code = unsafe_cell(row[where["code"]].strip())
        try:
            document, n = split_segment_id(raw_segment)
        except ValueError:
            problems.append(
                (number, f"row {number}: segment id '{raw_segment}' is not of the form DOCUMENT:N")
            )
            continue
        if not valid_coder(coder):
            problems.append((number, f"row {number}: coder '{coder}' {CODER_RULE}"))
            continue
        parsed.append((number, coder, document, n, code))
    index = segment_index({document for _, _, document, _, _ in parsed})
    pairs: set[tuple[str, str]] = set()
    codings: set[tuple[str, str, int, str]] = set()
    listed: dict[tuple[str, str], set[int]] = {}
    for number, coder, document, n, code in parsed:
        segments = index.get(document)
        if segments is None:
            problems.append((number, f"row {number}: the project has no document '{document}'"))
            continue
        if n not in segments:
            known = f"{document} has segments 1 to {max(segments)}"
            problems.append((number, f"row {number}: '{document}:{n}' does not exist ({known})"))
            continue
        if code and code not in known_codes:
            hint = difflib.get_close_matches(code, list(known_codes), n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
            problems.append((number, f"row {number}: unknown code '{code}'{suggestion}"))
            continue
        pairs.add((coder, document))
        listed.setdefault((coder, document), set()).add(n)
        if code:
            codings.add((coder, document, n, code))
    if problems:
        listing = "\n".join(f"  {path}: {problem}" for _, problem in sorted(problems))
        raise InputFileError(
            f"{path}: {len(problems)} bad row(s); nothing was imported:\n{listing}\n"
            "Fix these rows (codes are family.code ids from the codebook; see "
            "`qualcode segments PROJECT` for segment ids) and import the whole file again."
        )
    return CodingsFile(pairs, sorted(codings), listed)
