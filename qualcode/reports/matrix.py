"""The segment × code matrix: one row per segment, one 0/1 column per code (SPEC §9 source).

Rows are the respondent segments of every document the source of codings covers (the same
documents ``freq`` counts), in reading order, with the segment id, document, number, speaker,
every document attribute and, if asked, the text. A code's column is 1 where the source applied
the code or one of its children (parents roll up their children, as in ``freq``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from qualcode.codebook.positions import CodePositions
from qualcode.formats.csvfile import FORMULA_START, safe_cell
from qualcode.model import Code, Codebook, CodingRows
from qualcode.model.exports import SegmentListing
from qualcode.reports.frequencies import report_codes, source_rows
from qualcode.reports.source import Source

if TYPE_CHECKING:
    import pandas as pd

#: The columns before the attributes; an attribute of the same name gets an ``attr_`` prefix.
SEGMENT_COLUMNS = ("segment_id", "document", "n", "speaker")
TEXT_COLUMN = "text"


@dataclass(frozen=True)
class SegmentMatrix:
    """``frame`` has the segment columns, the attribute columns, the text (when asked) and one
    uint8 column per code named by its id, in codebook order."""

    frame: pd.DataFrame
    codes: list[Code]
    attributes: list[str]  # attribute column names, in order
    source: str

    @property
    def code_columns(self) -> list[str]:
        return [code.id for code in self.codes]


@dataclass(frozen=True)
class SegmentCodes:
    """The 0/1 values of the segment matrix without its frame: ``values`` is segments × codes
    (uint8), for the segments of ``segments`` where ``keep`` is true."""

    codes: list[Code]
    values: npt.NDArray[np.uint8]
    keep: npt.NDArray[np.bool_]
    document_ids: npt.NDArray[np.int64]


def segment_codes(
    codebook: Codebook, data: CodingRows, source: Source, segments: SegmentListing
) -> SegmentCodes:
    """Which code applies to which segment (parents rolled up), per the source."""
    rows = source_rows(data, source)
    used = {data.code_ids[p] for p in np.unique(rows[:, 3]).tolist()} if len(rows) else set()
    codes = report_codes(codebook, used)
    positions = CodePositions(codes, data.code_ids)

    covered = np.zeros(max((d.id for d in data.documents), default=0) + 2, dtype=bool)
    covered[list(source.coder_of_document)] = True
    document_ids = np.asarray(segments.document_id, dtype=np.int64)
    keep = covered[document_ids] if len(document_ids) else np.zeros(0, dtype=bool)
    pks = np.asarray(segments.pk, dtype=np.int64)[keep]

    values = np.zeros((len(pks), len(codes)), dtype=np.uint8)
    if len(rows) and len(pks):
        report_position = positions.report_position[rows[:, 3]]
        coded = report_position >= 0
        owners, code_index = positions.roll_up(rows[coded][:, 2], report_position[coded])
        row_of = np.full(max(int(pks.max()), int(owners.max(initial=0))) + 1, -1, dtype=np.int64)
        row_of[pks] = np.arange(len(pks))
        at = row_of[owners]
        values[at[at >= 0], code_index[at >= 0]] = 1
    return SegmentCodes(codes, values, keep, document_ids)


def segment_matrix(
    codebook: Codebook, data: CodingRows, source: Source, segments: SegmentListing
) -> SegmentMatrix:
    """Build the matrix from the codings rows, the source and the segment listing."""
    import pandas as pd

    coded = segment_codes(codebook, data, source, segments)
    codes, values, keep, document_ids = coded.codes, coded.values, coded.keep, coded.document_ids
    documents = {d.id: d for d in data.documents}
    kept_documents = document_ids[keep]
    names = {pk: d.name for pk, d in documents.items()}
    document_column = pd.Series(kept_documents).map(names)
    frame = pd.DataFrame(
        {
            "segment_id": document_column
            + ":"
            + pd.Series(np.asarray(segments.n)[keep]).astype(str),
            "document": document_column,
            "n": np.asarray(segments.n, dtype=np.int64)[keep],
            "speaker": np.asarray(segments.speaker, dtype=object)[keep],
        }
    )
    keys = sorted({key for d in data.documents for key in d.attributes})
    attributes = []
    for key in keys:
        column = attribute_column(key)
        values_of = {pk: d.attributes.get(key, "") for pk, d in documents.items()}
        frame[column] = pd.Series(kept_documents).map(values_of)
        attributes.append(column)
    if segments.text is not None:
        frame[TEXT_COLUMN] = np.asarray(segments.text, dtype=object)[keep]
    codes_frame = pd.DataFrame(values, columns=[code.id for code in codes])
    frame = pd.concat([frame, codes_frame], axis=1)
    return SegmentMatrix(frame, codes, attributes, source.description)


def attribute_column(attribute: str) -> str:
    """The matrix column of a document attribute."""
    return f"attr_{attribute}" if attribute in (*SEGMENT_COLUMNS, TEXT_COLUMN) else attribute


def text_columns(matrix: SegmentMatrix) -> list[str]:
    """The columns holding text (everything but ``n`` and the codes)."""
    numeric = {"n", *matrix.code_columns}
    return [column for column in matrix.frame.columns if column not in numeric]


def safe_text(column: pd.Series) -> pd.Series:
    """:func:`qualcode.formats.csvfile.safe_cell` over a column of text, vectorised."""
    text = column.astype(str)
    return text.mask(text.str.startswith(FORMULA_START), "'" + text)


def write_matrix_csv(matrix: SegmentMatrix, out: IO[str]) -> None:
    """RFC 4180 CSV (CRLF line ends), one header row, every text cell made safe.

    The segment and attribute cells go through :mod:`csv`; the 0/1 code cells of each row are
    cut from one ASCII block built with NumPy, the bulk of the file at a fraction of the cost.
    """
    frame = matrix.frame
    codes = matrix.code_columns
    texts = set(text_columns(matrix))
    other = [column for column in frame.columns if column not in set(codes)]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(column) for column in [*other, *codes]])
    cells = [
        (safe_text(frame[column]) if column in texts else frame[column]).tolist()
        for column in other
    ]
    values = frame[codes].to_numpy(dtype=np.uint8)
    width = 2 * len(codes) + 2  # ",0,1,...,0" then CR LF
    block = np.full((len(frame), width), ord(","), dtype=np.uint8)
    block[:, 1 : width - 2 : 2] = values + ord("0")
    block[:, width - 2] = ord("\r")
    block[:, width - 1] = ord("\n")
    lines = block.tobytes().decode("ascii")
    line = io.StringIO()
    row_writer = csv.writer(line, lineterminator="")
    for index, row in enumerate(zip(*cells, strict=True)):
        line.seek(0)
        line.truncate()
        row_writer.writerow(row)
        out.write(line.getvalue())
        out.write(lines[index * width : (index + 1) * width])


def write_matrix_json(matrix: SegmentMatrix, out: IO[str]) -> None:
    """``{"source", "codes": [{"id", "label"}], "rows": [{column: value}]}``."""
    head = {
        "source": matrix.source,
        "codes": [{"id": code.id, "label": code.label} for code in matrix.codes],
    }
    text = json.dumps(head, indent=2, ensure_ascii=False)
    out.write(text[: text.rindex("}")].rstrip() + ',\n  "rows": ')
    out.write(matrix.frame.to_json(orient="records", force_ascii=False))
    out.write("\n}\n")
