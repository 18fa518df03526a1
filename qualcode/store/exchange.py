"""The reads behind a REFI-QDA export that no other query object makes."""

from __future__ import annotations

from sqlalchemy import func, select

from qualcode.store import schema as s
from qualcode.store.base import Queries


class ExchangeQueries(Queries):
    def memos(self) -> list[tuple[str, str, int | None, str, str]]:
        """``(coder, document, segment n or None, text, updated at)`` of every memo on a
        document or a segment (notes on codes are read by
        :meth:`ReconciliationQueries.code_notes`)."""
        query = (
            select(
                s.coders.c.name,
                s.documents.c.name,
                s.segments.c.n,
                s.memos.c.text,
                s.memos.c.updated_at,
            )
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
                (coder, document, n, text, at)
                for coder, document, n, text, at in connection.execute(query)
            ]

    def coding_times(self) -> dict[tuple[str, int, str, str], str]:
        """``{(document, n, coder, code id): when the coding was made}``."""
        query = select(
            s.documents.c.name,
            s.segments.c.n,
            s.coders.c.name,
            s.codings.c.code_id,
            s.codings.c.created_at,
        ).select_from(s.codings.join(s.segments).join(s.documents).join(s.coders))
        with self.read() as connection:
            return {
                (document, n, coder, code): at
                for document, n, coder, code, at in connection.execute(query)
            }

    def import_times(self) -> dict[str, str]:
        """``{document: when it was imported}``."""
        with self.read() as connection:
            return dict(
                connection.execute(select(s.documents.c.name, s.documents.c.imported_at)).all()
            )
