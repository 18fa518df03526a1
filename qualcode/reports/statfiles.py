"""The segment × code matrix as an SPSS (.sav) or Stata (.dta) data file (pyreadstat).

Variable names must be valid in both programs: a letter first, then letters, digits and
underscores, at most 32 characters (Stata's limit; SPSS allows 64), not a reserved word of
either, unique without regard to case. A code ``referral.law_enforcement`` becomes
``referral_law_enforcement``; a clash or a long id is shortened and numbered. Each variable
carries a label (the code's label, or what the column holds) and each code variable the value
labels 0 = "not coded", 1 = "coded".
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from qualcode.reports.matrix import SegmentMatrix

if TYPE_CHECKING:
    import pandas as pd

NAME_LENGTH = 32
#: Stata's limit on a variable label (SPSS allows 256).
LABEL_LENGTH = 80
SPSS_RESERVED = {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"}
#: Stata's reserved words that a letter may start (the rest begin with an underscore).
STATA_RESERVED = {"byte", "double", "float", "if", "in", "int", "long", "strl", "using", "with"}
RESERVED = SPSS_RESERVED | STATA_RESERVED
CODE_VALUES: dict[int | float, str] = {0: "not coded", 1: "coded"}
SEGMENT_LABELS = {
    "segment_id": "Segment id (DOCUMENT:N)",
    "document": "Document",
    "n": "Segment number in the document",
    "speaker": "Speaker",
    "text": "Segment text",
}


def variable_names(columns: list[str]) -> dict[str, str]:
    """``{column: variable name}`` valid for SPSS and Stata, unique regardless of case."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        base = re.sub(r"[^A-Za-z0-9_]", "_", column)
        if not base or not base[0].isalpha():
            base = "v_" + base
        if base.lower() in RESERVED:
            base += "_"
        name = base[:NAME_LENGTH]
        number = 1
        while name.lower() in taken:
            number += 1
            suffix = f"_{number}"
            name = base[: NAME_LENGTH - len(suffix)] + suffix
        taken.add(name.lower())
        names[column] = name
    return names


def labelled_frame(
    matrix: SegmentMatrix,
) -> tuple[pd.DataFrame, dict[str, str | None], dict[str, dict[int | float, str]]]:
    """The frame with valid variable names, the variable labels and the value labels."""
    frame = matrix.frame.astype({"n": "int32"})  # Stata has no 64-bit integers
    names = variable_names([str(column) for column in frame.columns])
    code_labels = {code.id: code.label for code in matrix.codes}
    labels: dict[str, str | None] = {}
    for column, name in names.items():
        if column in code_labels:
            label = code_labels[column]
        else:
            label = SEGMENT_LABELS.get(column, f"Document attribute: {column}")
        labels[name] = label[:LABEL_LENGTH]
    values = {names[code.id]: dict(CODE_VALUES) for code in matrix.codes}
    return frame.rename(columns=names), labels, values


def write_sav(matrix: SegmentMatrix, out: IO[bytes]) -> None:
    import pyreadstat

    frame, labels, values = labelled_frame(matrix)
    _through_file(
        lambda path: pyreadstat.write_sav(
            frame,
            str(path),
            column_labels=labels,
            variable_value_labels=values,
            variable_measure={name: "nominal" for name in values},
        ),
        out,
    )


def write_dta(matrix: SegmentMatrix, out: IO[bytes]) -> None:
    import pyreadstat

    frame, labels, values = labelled_frame(matrix)
    _through_file(
        lambda path: pyreadstat.write_dta(
            frame, str(path), column_labels=labels, variable_value_labels=values, version=15
        ),
        out,
    )


def _through_file(write: Callable[[Path], object], out: IO[bytes]) -> None:
    """pyreadstat writes to a path: write in a private folder, then copy to ``out``."""
    with tempfile.TemporaryDirectory(prefix="qualcode-") as folder:
        path = Path(folder) / "matrix"
        write(path)
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                out.write(chunk)
