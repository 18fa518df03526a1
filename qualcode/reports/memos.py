"""Every memo and code note in one file, as CSV or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from qualcode.formats.csvfile import write_csv
from qualcode.model.exports import MemoRow
from qualcode.reports.prose import Block, write_markdown

COLUMNS = ("kind", "coder", "created_at", "updated_at", "document", "segment_id", "code", "text")


def memo_values(memo: MemoRow) -> tuple[object, ...]:
    return tuple("" if value is None else value for value in (getattr(memo, c) for c in COLUMNS))


def write_memos(fmt: str, memos: Sequence[MemoRow], out: IO[str]) -> None:
    """``fmt`` is csv (one row per memo) or md (grouped by document)."""
    if fmt == "csv":
        write_csv(out, COLUMNS, (memo_values(memo) for memo in memos))
        return
    blocks = [Block("title", "Memos and code notes")]
    if not memos:
        blocks.append(Block("paragraph", "No memos or code notes yet."))
    current: str | None = ""
    for memo in memos:
        if memo.document != current:
            current = memo.document
            blocks.append(Block("heading", current or "Notes on codes", 1))
        where = memo.segment_id or memo.document or ""
        about = f"{memo.kind}, {where}" if where else memo.kind
        if memo.code:
            about += f", on {memo.code}"
        blocks.append(Block("label", f"{about} — {memo.coder}, {memo.updated_at}"))
        blocks.append(Block("paragraph", memo.text))
    write_markdown(blocks, out)
