"""Coded segments with their text, for choosing direct quotes (SPEC §9)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qualcode.codebook.positions import CodePositions
from qualcode.model import Codebook, CodingRows, segment_id
from qualcode.reports.frequencies import group_label, report_codes, source_rows
from qualcode.reports.source import Source


@dataclass(frozen=True)
class Quote:
    code: str
    label: str
    group: str
    document: str
    participant_id: str
    segment_id: str
    speaker: str
    text: str
    attributes: dict[str, str]
    segment_pk: int
    n: int


def find_quotes(
    codebook: Codebook, data: CodingRows, source: Source, wanted: list[str]
) -> tuple[list[tuple[int, int, int]], list[str]]:
    """(code index, document id, segment pk) of every coded segment, and the code ids indexed.

    ``wanted`` limits the codes (a parent brings its children's segments); empty means all.
    """
    rows = source_rows(data, source)
    used = {data.code_ids[p] for p in np.unique(rows[:, 3]).tolist()} if len(rows) else set()
    codes = report_codes(codebook, used)
    positions = CodePositions(codes, data.code_ids)
    report_position = positions.report_position[rows[:, 3]] if len(rows) else rows[:, 3]
    keep = report_position >= 0
    owners = np.arange(len(rows), dtype=np.int64)[keep]
    owners, code_index = positions.roll_up(owners, report_position[keep])
    selected = set(range(len(codes)))
    if wanted:
        selected = {i for i, code in enumerate(codes) if code.id in wanted}
    found = {
        (int(c), int(rows[o, 0]), int(rows[o, 2]))
        for o, c in zip(owners.tolist(), code_index.tolist(), strict=True)
        if c in selected
    }
    return sorted(found), [code.id for code in codes]


def build_quotes(
    codebook: Codebook,
    data: CodingRows,
    by: list[str],
    details: dict[int, tuple[int, str, str]],
    found: list[tuple[int, int, int]],
    code_ids: list[str],
) -> list[Quote]:
    """Quotes ordered by code (codebook order), then group, document and reading order."""
    documents = {document.id: document for document in data.documents}
    labels = {code.id: code.label for code in codebook.codes()}
    result = []
    for code_index, document_id, segment_pk in found:
        document = documents[document_id]
        n, speaker, text = details[segment_pk]
        result.append(
            Quote(
                code=code_ids[code_index],
                label=labels.get(code_ids[code_index], ""),
                group=group_label(document, by),
                document=document.name,
                participant_id=document.attributes.get("participant_id", ""),
                segment_id=segment_id(document.name, n),
                speaker=speaker,
                text=text,
                attributes=document.attributes,
                segment_pk=segment_pk,
                n=n,
            )
        )
    order = {code_id: i for i, code_id in enumerate(code_ids)}
    result.sort(key=lambda q: (order[q.code], q.group, q.document, q.n))
    return result
