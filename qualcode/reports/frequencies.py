"""Code frequencies by stakeholder role or any attribute (SPEC §9).

For each group and code: ``mentions`` (segments coded), ``documents`` (documents with at least one
mention), ``documents_in_group`` (N: the group's documents that the source coded),
``pct_documents`` (documents / N), ``family_mentions`` (mentions of all the family's top-level
codes in the group) and ``pct_of_family`` (mentions / family_mentions). A parent code counts a
segment when it or one of its children was applied; a segment counts once per code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qualcode.codebook.positions import CodePositions, IntArray, int_rows, sorted_unique
from qualcode.model import Code, Codebook, CodingRows, DocumentInfo
from qualcode.reports.source import Source

COLUMNS = (
    "group", "family", "code", "label", "mentions", "documents", "documents_in_group",
    "pct_documents", "family_mentions", "pct_of_family",
)  # fmt: skip
MISSING = "(missing)"
TOTAL = "total"


@dataclass(frozen=True)
class FrequencyRow:
    group: str
    family: str
    code: str
    label: str
    mentions: int
    documents: int
    documents_in_group: int
    pct_documents: float
    family_mentions: int
    pct_of_family: float

    def values(self) -> tuple[object, ...]:
        return tuple(getattr(self, column) for column in COLUMNS)


@dataclass(frozen=True)
class FrequencyTable:
    by: list[str]
    source: str
    respondent_only: bool
    groups: list[str]
    rows: list[FrequencyRow]


def group_label(document: DocumentInfo, by: list[str]) -> str:
    return " / ".join(document.attributes.get(attribute) or MISSING for attribute in by)


def report_codes(codebook: Codebook, used: set[str]) -> list[Code]:
    """Active codes, and retired ones that still have codings."""
    return [code for code in codebook.codes() if not code.retired or code.id in used]


def source_rows(data: CodingRows, source: Source) -> IntArray:
    """The (document, coder, segment, code position) rows of the source's coder per document."""
    rows = int_rows(data.rows, 4)
    if not len(rows):
        return rows
    coder_for = np.full(int(rows[:, 0].max()) + 1, -2, dtype=np.int64)  # -1 is the consensus
    for document_id, coder_id in source.coder_of_document.items():
        if document_id < len(coder_for):
            coder_for[document_id] = coder_id
    selected: IntArray = rows[coder_for[rows[:, 0]] == rows[:, 1]]
    return selected


def frequencies(
    codebook: Codebook, data: CodingRows, source: Source, by: list[str], respondent_only: bool
) -> FrequencyTable:
    rows = source_rows(data, source)
    used = {data.code_ids[p] for p in np.unique(rows[:, 3]).tolist()} if len(rows) else set()
    codes = report_codes(codebook, used)
    positions = CodePositions(codes, data.code_ids)
    n_codes = len(codes)

    coded_documents = [d for d in data.documents if d.id in source.coder_of_document]
    groups = sorted({group_label(d, by) for d in coded_documents})
    group_index = {name: i for i, name in enumerate(groups)}
    size = max((d.id for d in data.documents), default=0) + 1
    group_of = np.full(size, -1, dtype=np.int64)
    for document in coded_documents:
        group_of[document.id] = group_index[group_label(document, by)]
    n_groups = len(groups) + 1  # the last is the total
    documents_in_group = np.bincount(group_of[group_of >= 0], minlength=n_groups)
    documents_in_group[-1] = len(coded_documents)

    codes_of_rows = positions.report_position[rows[:, 3]] if len(rows) else rows[:, 3]
    keep = codes_of_rows >= 0
    owners = rows[keep][:, 2] * size + rows[keep][:, 0]  # segment and its document in one int
    owners, code_positions = positions.roll_up(owners, codes_of_rows[keep])
    mentions = _counts(
        sorted_unique(owners * n_codes + code_positions), n_codes, size, group_of, n_groups
    )
    documents = _counts(
        sorted_unique((owners % size) * n_codes + code_positions),
        n_codes,
        size,
        group_of,
        n_groups,
        owners_are_documents=True,
    )

    family_of = [code.family for code in codes]
    top_level = [code.parent is None for code in codes]
    table_rows = []
    for g, name in enumerate([*groups, TOTAL]):
        family_totals: dict[str, int] = {}
        for c in range(n_codes):
            if top_level[c]:
                family_totals[family_of[c]] = family_totals.get(family_of[c], 0) + int(
                    mentions[g, c]
                )
        n = int(documents_in_group[g])
        for c, code in enumerate(codes):
            family_total = family_totals.get(code.family, 0)
            table_rows.append(
                FrequencyRow(
                    group=name,
                    family=code.family,
                    code=code.id,
                    label=code.label,
                    mentions=int(mentions[g, c]),
                    documents=int(documents[g, c]),
                    documents_in_group=n,
                    pct_documents=100 * int(documents[g, c]) / n if n else math.nan,
                    family_mentions=family_total,
                    pct_of_family=100 * int(mentions[g, c]) / family_total
                    if family_total
                    else math.nan,
                )
            )
    source_text = source.description
    return FrequencyTable(by, source_text, respondent_only, [*groups, TOTAL], table_rows)


def _counts(
    keys: IntArray,
    n_codes: int,
    size: int,
    group_of: IntArray,
    n_groups: int,
    owners_are_documents: bool = False,
) -> IntArray:
    """Counts of unique (owner, code) keys per group × code; the last row is the total."""
    owners, codes = keys // n_codes, keys % n_codes
    documents = owners if owners_are_documents else owners % size
    groups = group_of[documents]
    counts = np.zeros((n_groups, n_codes), dtype=np.int64)
    inside = groups >= 0
    counts[:-1] = np.bincount(
        groups[inside] * n_codes + codes[inside], minlength=(n_groups - 1) * n_codes
    ).reshape(n_groups - 1, n_codes)
    counts[-1] = np.bincount(codes[inside], minlength=n_codes)
    return counts
