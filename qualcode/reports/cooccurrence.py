"""Code co-occurrence (NVivo's matrix coding query): for each pair of codes, the units where
both apply, with Jaccard's index (both / either).

A unit is a segment, or with ``level="document"`` a document (a code applies to a document
when it applies to one of its segments). Pairs of a code and one of its own sub-codes are left
out: a parent rolls up its children, so they co-occur by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from qualcode.model import Code
from qualcode.reports.frequencies import MISSING, TOTAL
from qualcode.reports.matrix import SegmentCodes, SegmentMatrix, attribute_column

if TYPE_CHECKING:
    import pandas as pd

LEVELS = ("segment", "document")
COLUMNS = ("group", "code_a", "label_a", "code_b", "label_b", "both", "units_a", "units_b",
           "units", "jaccard")  # fmt: skip


@dataclass(frozen=True)
class CooccurrenceRow:
    group: str
    code_a: str
    label_a: str
    code_b: str
    label_b: str
    both: int  # units where both codes apply
    units_a: int  # units where code_a applies
    units_b: int
    units: int  # units in the group
    jaccard: float  # both / (units_a + units_b - both); NaN when neither applies

    def values(self) -> tuple[object, ...]:
        return tuple(getattr(self, column) for column in COLUMNS)


@dataclass(frozen=True)
class Cooccurrence:
    level: str
    by: list[str]
    source: str
    codes: list[Code]
    groups: list[str]  # the last is the total
    counts: dict[str, npt.NDArray[np.int64]]  # group -> codes × codes (diagonal: units coded)
    units: dict[str, int]  # group -> units in it
    rows: list[CooccurrenceRow]


def cooccurrence(matrix: SegmentMatrix, by: list[str], level: str = "segment") -> Cooccurrence:
    """Counts per group of the attributes ``by`` (none: only the total)."""
    frame = matrix.frame
    columns = matrix.code_columns
    grouping = [attribute_column(attribute) for attribute in by]
    if level == "document":
        keys = ["document", *grouping]
        frame = frame.groupby(keys, sort=True, dropna=False)[columns].max().reset_index()
    if grouping:
        labels = frame[grouping].astype(str).replace("", MISSING).agg(" / ".join, axis=1)
        groups = sorted(set(labels.tolist()))
    else:
        labels = None
        groups = []
    values = frame[columns].to_numpy(dtype=np.int64)
    return _count(level, by, matrix.source, matrix.codes, values, groups, labels)


def segment_cooccurrence(coded: SegmentCodes, source: str) -> Cooccurrence:
    """Segment-level counts over all segments (no groups), straight from the 0/1 values
    (without pandas, for the HTML report)."""
    return _count("segment", [], source, coded.codes, coded.values.astype(np.int64), [], None)


def _count(
    level: str,
    by: list[str],
    source: str,
    codes: list[Code],
    values: npt.NDArray[np.int64],
    groups: list[str],
    labels: pd.Series | None,
) -> Cooccurrence:
    counts: dict[str, npt.NDArray[np.int64]] = {}
    units: dict[str, int] = {}
    for group in groups:
        subset = values[(labels == group).to_numpy()] if labels is not None else values
        counts[group] = subset.T @ subset
        units[group] = len(subset)
    counts[TOTAL] = values.T @ values
    units[TOTAL] = len(values)
    all_groups = [*groups, TOTAL]
    pairs = _pairs(codes)
    rows = [
        _row(group, codes[a], codes[b], counts[group], a, b, units[group])
        for group in all_groups
        for a, b in pairs
    ]
    return Cooccurrence(level, by, source, codes, all_groups, counts, units, rows)


def jaccard(both: int, units_a: int, units_b: int) -> float:
    either = units_a + units_b - both
    return both / either if either else math.nan


def _pairs(codes: list[Code]) -> list[tuple[int, int]]:
    """(a, b) with a before b in codebook order, neither an ancestor of the other."""
    ancestors: dict[str, set[str]] = {}
    parent = {code.id: code.parent for code in codes}
    for code in codes:
        chain: set[str] = set()
        up = code.parent
        while up is not None:
            chain.add(up)
            up = parent.get(up)
        ancestors[code.id] = chain
    return [
        (a, b)
        for a in range(len(codes))
        for b in range(a + 1, len(codes))
        if codes[a].id not in ancestors[codes[b].id] and codes[b].id not in ancestors[codes[a].id]
    ]


def _row(
    group: str, a: Code, b: Code, counts: npt.NDArray[np.int64], i: int, j: int, units: int
) -> CooccurrenceRow:
    both, units_a, units_b = int(counts[i, j]), int(counts[i, i]), int(counts[j, j])
    return CooccurrenceRow(
        group, a.id, a.label, b.id, b.label, both, units_a, units_b, units,
        jaccard(both, units_a, units_b),
    )  # fmt: skip
