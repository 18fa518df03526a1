"""The reads behind a REFI-QDA export that no other query object makes."""

from __future__ import annotations

from sqlalchemy import func, select

from qualcode.store import schema as s
from qualcode.store.base import Queries


class ExchangeQueries(Queries):
    def memos(self) -> list[tuple[str, str, int | None, str]]:
        """``(coder, document, segment n or None, text)`` of every memo on a document or a
        segment (notes on codes are read by :meth:`ReconciliationQueries.code_notes`)."""
        query = (
            select(s.coders.c.name, s.documents.c.name, s.segments.c.n, s.memos.c.text)
            .select_from(
                s.memos.join(s.coders)
                .outerjoin(s.segments, s.memos.c.segment_id == s.segments.c.id)
                .join(
                    s.documents,
                    func.coalesce(s.memos.c.document_id, s.segments.c.document_id)
                    == s.documents.c.id,
                )
            )
            .where(s.memos.c.code_id.is_(None))
            .order_by(s.documents.c.name, s.segments.c.n, s.coders.c.name)
        )
        with self.read() as connection:
            return [
                (coder, document, n, text) for coder, document, n, text in connection.execute(query)
            ]
