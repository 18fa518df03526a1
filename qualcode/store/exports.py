"""The reads behind the exports: every segment in reading order, and every memo and code note."""

from __future__ import annotations

from sqlalchemy import func, select

from qualcode.model import segment_id
from qualcode.model.exports import MemoRow, SegmentListing
from qualcode.store import schema as s
from qualcode.store.base import Queries, raw_rows


class ExportQueries(Queries):
    def segment_listing(self, include_interviewer: bool, with_text: bool) -> SegmentListing:
        """Every segment (respondent segments only unless ``include_interviewer``), documents
        by name, segments in reading order."""
        columns = [
            s.segments.c.id,
            s.segments.c.document_id,
            s.segments.c.n,
            s.segments.c.speaker,
        ]
        if with_text:
            columns.append(s.segments.c.text)
        query = (
            select(*columns)
            .select_from(s.segments.join(s.documents))
            .order_by(s.documents.c.name, s.segments.c.n)
        )
        if not include_interviewer:
            query = query.where(s.segments.c.speaker_kind != "interviewer")
        with self.read() as connection:
            rows = raw_rows(connection, query)
        parts = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
        return SegmentListing(
            pk=list(parts[0]),
            document_id=list(parts[1]),
            n=list(parts[2]),
            speaker=list(parts[3]),
            text=list(parts[4]) if with_text else None,
        )

    def memos(self) -> list[MemoRow]:
        """Document memos, segment memos and code notes, by document, segment and time."""
        document = func.coalesce(s.memos.c.document_id, s.segments.c.document_id)
        query = (
            select(
                s.coders.c.name,
                s.memos.c.created_at,
                s.memos.c.updated_at,
                s.documents.c.name,
                s.segments.c.n,
                s.memos.c.code_id,
                s.memos.c.text,
            )
            .select_from(
                s.memos.join(s.coders)
                .outerjoin(s.segments, s.memos.c.segment_id == s.segments.c.id)
                .outerjoin(s.documents, document == s.documents.c.id)
            )
            .order_by(
                s.documents.c.name.is_(None),
                s.documents.c.name,
                s.segments.c.n.is_not(None),
                s.segments.c.n,
                s.memos.c.code_id.is_not(None),
                s.memos.c.created_at,
                s.memos.c.id,
            )
        )
        with self.read() as connection:
            rows = connection.execute(query).all()
        memos = []
        for coder, created, updated, name, n, code, text in rows:
            if code is not None:
                kind = "code note"
            elif n is not None:
                kind = "segment memo"
            else:
                kind = "document memo"
            memos.append(
                MemoRow(
                    kind=kind,
                    coder=coder,
                    created_at=created,
                    updated_at=updated,
                    document=name,
                    segment_id=segment_id(name, n) if name is not None and n is not None else None,
                    code=code,
                    text=text,
                )
            )
        return memos
