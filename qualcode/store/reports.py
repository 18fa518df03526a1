"""The read behind frequencies and quotes: every coding with its document and coder."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import literal, select

from qualcode.model import CONSENSUS, CodingRows, DocumentInfo
from qualcode.store import schema as s
from qualcode.store.base import Queries, raw_rows
from qualcode.store.documents import document_attributes


class ReportQueries(Queries):
    def coding_rows(self, include_interviewer: bool) -> CodingRows:
        """Every coding (and the consensus's) with its document, plus who reviewed what."""
        codings = select(
            s.segments.c.document_id,
            s.codings.c.coder_id,
            s.codings.c.segment_id,
            s.codes.c.position,
        ).select_from(s.codings.join(s.segments).join(s.codes))
        consensus = select(
            s.segments.c.document_id,
            literal(CONSENSUS),
            s.consensus_codings.c.segment_id,
            s.codes.c.position,
        ).select_from(s.consensus_codings.join(s.segments).join(s.codes))
        if not include_interviewer:
            codings = codings.where(s.segments.c.speaker_kind != "interviewer")
            consensus = consensus.where(s.segments.c.speaker_kind != "interviewer")
        with self.read() as connection:
            attributes = document_attributes(connection)
            documents = [
                DocumentInfo(pk, name, dict(sorted(attributes[pk].items())))
                for pk, name in connection.execute(
                    select(s.documents.c.id, s.documents.c.name).order_by(s.documents.c.name)
                )
            ]
            coders = dict(connection.execute(select(s.coders.c.id, s.coders.c.name)).all())
            reviewed: dict[int, set[int]] = defaultdict(set)
            for document_id, coder_id in connection.execute(
                select(s.segments.c.document_id, s.reviews.c.coder_id)
                .select_from(s.reviews.join(s.segments))
                .distinct()
            ):
                reviewed[document_id].add(coder_id)
            rows = raw_rows(connection, codings) + raw_rows(connection, consensus)
            code_ids = dict(connection.execute(select(s.codes.c.position, s.codes.c.id)).all())
        return CodingRows(documents, coders, dict(reviewed), rows, code_ids)
