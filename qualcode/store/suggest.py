"""The reads behind code suggestions: respondent segments with who reviewed them, and the
codes anyone (or the consensus) applied to them."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select, union

from qualcode.store import schema as s
from qualcode.store.base import Queries

#: (segment pk, document id, document name, n, text, ids of the coders who reviewed it)
RespondentSegment = tuple[int, int, str, int, str, frozenset[int]]


class SuggestQueries(Queries):
    def respondent_segments(self, document: str | None = None) -> list[RespondentSegment]:
        """Respondent segments in reading order (one document's, or all)."""
        query = (
            select(
                s.segments.c.id,
                s.documents.c.id,
                s.documents.c.name,
                s.segments.c.n,
                s.segments.c.text,
            )
            .select_from(s.segments.join(s.documents))
            .where(s.segments.c.speaker_kind != "interviewer")
            .order_by(s.documents.c.name, s.segments.c.n)
        )
        reviews = select(s.reviews.c.segment_id, s.reviews.c.coder_id)
        if document is not None:
            query = query.where(s.documents.c.name == document)
            reviews = reviews.where(
                s.reviews.c.segment_id.in_(
                    select(s.segments.c.id).join(s.documents).where(s.documents.c.name == document)
                )
            )
        reviewers: dict[int, set[int]] = defaultdict(set)
        with self.read() as connection:
            for segment_pk, coder_id in connection.execute(reviews):
                reviewers[segment_pk].add(coder_id)
            return [
                (pk, document_id, name, n, text, frozenset(reviewers.get(pk, ())))
                for pk, document_id, name, n, text in connection.execute(query)
            ]

    def applied_codes(self) -> dict[int, set[str]]:
        """``{segment pk: codes any coder or the consensus applied}``."""
        applied: dict[int, set[str]] = defaultdict(set)
        query = union(
            select(s.codings.c.segment_id, s.codings.c.code_id),
            select(s.consensus_codings.c.segment_id, s.consensus_codings.c.code_id),
        )
        with self.read() as connection:
            for segment_pk, code_id in connection.execute(query):
                applied[segment_pk].add(code_id)
        return dict(applied)

    def double_coded(self, document_id: int) -> bool:
        """Whether the document is assigned to two coders or more (coded blind)."""
        with self.read() as connection:
            count = connection.execute(
                select(func.count()).where(s.assignments.c.document_id == document_id)
            ).scalar_one()
        return int(count) >= 2
