"""Documents and their segments: import, listing, and the views the services read."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select

from qualcode.errors import ProjectError
from qualcode.model import DocumentOverview, DocumentRow, ParsedDocument, SegmentRow, SegmentView
from qualcode.store import schema as s
from qualcode.store.base import Queries, audit_row, chunks, write_audit
from qualcode.store.engine import now


class DocumentQueries(Queries):
    def names(self) -> set[str]:
        with self.read() as connection:
            return set(connection.execute(select(s.documents.c.name)).scalars())

    def insert(
        self,
        documents: Sequence[ParsedDocument],
        *,
        deidentified: bool,
        actor: str,
        deid_reports: Mapping[str, str] | None = None,
    ) -> None:
        """Store parsed documents and their segments in one transaction.

        ``deid_reports`` maps a document name to its deidentification report (JSON text).
        """
        stamp = now()
        reports = deid_reports or {}
        with self.write() as connection:
            _refuse_clashes(connection, [d.name for d in documents])
            for document in documents:
                _insert_document(
                    connection, document, deidentified, stamp, reports.get(document.name)
                )
            write_audit(
                connection,
                [
                    audit_row(
                        stamp,
                        actor,
                        "document_added",
                        document=d.name,
                        detail=json.dumps(
                            {"source": d.source_name, "unit": d.unit, "segments": len(d.segments)}
                        ),
                    )
                    for d in documents
                ],
            )

    def rows(self) -> list[DocumentRow]:
        """Every document with its attributes, counts and who reviewed how much, by name."""
        with self.read() as connection:
            docs = connection.execute(select(s.documents).order_by(s.documents.c.name)).all()
            attributes = document_attributes(connection)
            respondent: dict[int, int] = dict(
                connection.execute(
                    select(s.segments.c.document_id, func.count())
                    .where(s.segments.c.speaker_kind == "respondent")
                    .group_by(s.segments.c.document_id)
                ).all()
            )
            reviewed: dict[int, dict[str, int]] = defaultdict(dict)
            for document_id, coder, count in connection.execute(
                select(s.segments.c.document_id, s.coders.c.name, func.count())
                .select_from(s.reviews.join(s.segments).join(s.coders))
                .group_by(s.segments.c.document_id, s.coders.c.name)
            ):
                reviewed[document_id][coder] = int(count)
        return [
            DocumentRow(
                id=row.id,
                name=row.name,
                source_name=row.source_name,
                format=row.format,
                unit=row.unit,
                word_count=row.word_count,
                segment_count=row.segment_count,
                respondent_segments=int(respondent.get(row.id, 0)),
                deidentified=bool(row.deidentified),
                attributes=dict(sorted(attributes[row.id].items())),
                reviewed_by=dict(sorted(reviewed[row.id].items())),
                deid_report=json.loads(row.deid_report) if row.deid_report else None,
            )
            for row in docs
        ]

    def units(self) -> list[str]:
        """The segmentation units the project's documents use (``turn``, ...), sorted."""
        with self.read() as connection:
            return sorted(connection.execute(select(s.documents.c.unit).distinct()).scalars())

    def segments(self, document: str | None = None) -> Iterator[SegmentRow]:
        """Segments in reading order, one document or all (documents by name)."""
        query = (
            select(
                s.segments.c.id,
                s.documents.c.name,
                s.segments.c.n,
                s.segments.c.speaker,
                s.segments.c.speaker_kind,
                s.segments.c.text,
            )
            .select_from(s.segments.join(s.documents))
            .order_by(s.documents.c.name, s.segments.c.n)
        )
        if document is not None:
            query = query.where(s.documents.c.name == document)
        with self.read() as connection:
            for row in connection.execute(query):
                yield SegmentRow(*row)

    def segment_index(self, document_names: Iterable[str]) -> dict[str, dict[int, int]]:
        """``{document: {n: segment primary key}}`` for the named documents that exist."""
        with self.read() as connection:
            return segment_index(connection, sorted(set(document_names)))

    def texts(self, segment_pks: Sequence[int]) -> dict[int, str]:
        """``{segment pk: text}``."""
        texts: dict[int, str] = {}
        with self.read() as connection:
            for chunk in chunks(sorted(set(segment_pks))):
                for pk, text in connection.execute(
                    select(s.segments.c.id, s.segments.c.text).where(s.segments.c.id.in_(chunk))
                ):
                    texts[pk] = text
        return texts

    def details(self, segment_pks: Sequence[int]) -> dict[int, tuple[int, str, str]]:
        """``{segment pk: (n, speaker, text)}``."""
        details: dict[int, tuple[int, str, str]] = {}
        columns = (s.segments.c.id, s.segments.c.n, s.segments.c.speaker, s.segments.c.text)
        with self.read() as connection:
            for chunk in chunks(sorted(set(segment_pks))):
                for pk, n, speaker, text in connection.execute(
                    select(*columns).where(s.segments.c.id.in_(chunk))
                ):
                    details[pk] = (n, speaker, text)
        return details

    def overview(self, coder_id: int) -> list[DocumentOverview]:
        """Every document as one coder sees it: progress, role, double-coded or not."""
        with self.read() as connection:
            attributes = document_attributes(connection)
            reviewed: dict[int, int] = dict(
                connection.execute(
                    select(s.segments.c.document_id, func.count())
                    .select_from(s.reviews.join(s.segments))
                    .where(s.reviews.c.coder_id == coder_id)
                    .group_by(s.segments.c.document_id)
                ).all()
            )
            roles: dict[int, str] = {}
            assigned: dict[int, int] = defaultdict(int)
            for document_id, who, role in connection.execute(
                select(s.assignments.c.document_id, s.assignments.c.coder_id, s.assignments.c.role)
            ):
                assigned[document_id] += 1
                if who == coder_id:
                    roles[document_id] = role
            rows = connection.execute(
                select(s.documents.c.id, s.documents.c.name, s.documents.c.segment_count).order_by(
                    s.documents.c.name
                )
            ).all()
        return [
            DocumentOverview(
                pk,
                name,
                dict(sorted(attributes[pk].items())),
                count,
                int(reviewed.get(pk, 0)),
                roles.get(pk),
                assigned[pk] >= 2,
            )
            for pk, name, count in rows
        ]

    def segment_views(self, document_id: int) -> list[SegmentView]:
        """One document's segments in reading order."""
        with self.read() as connection:
            return [
                SegmentView(*row)
                for row in connection.execute(
                    select(
                        s.segments.c.id,
                        s.segments.c.n,
                        s.segments.c.speaker,
                        s.segments.c.speaker_kind,
                        s.segments.c.text,
                    )
                    .where(s.segments.c.document_id == document_id)
                    .order_by(s.segments.c.n)
                )
            ]


def segment_index(connection: Connection, names: Sequence[str]) -> dict[str, dict[int, int]]:
    """``{document: {n: segment primary key}}`` for the named documents, in one transaction."""
    index: dict[str, dict[int, int]] = defaultdict(dict)
    for chunk in chunks(names):
        for name, n, pk in connection.execute(
            select(s.documents.c.name, s.segments.c.n, s.segments.c.id)
            .select_from(s.segments.join(s.documents))
            .where(s.documents.c.name.in_(chunk))
        ):
            index[name][n] = pk
    return dict(index)


def document_attributes(connection: Connection) -> dict[int, dict[str, str]]:
    attributes: dict[int, dict[str, str]] = defaultdict(dict)
    for document_id, key, value in connection.execute(select(s.document_attributes)):
        attributes[document_id][key] = value
    return attributes


def _refuse_clashes(connection: Connection, names: list[str]) -> None:
    clash = (
        connection.execute(select(s.documents.c.name).where(s.documents.c.name.in_(names)))
        .scalars()
        .all()
    )
    if clash:
        raise ProjectError(
            f"The project already has documents named {', '.join(sorted(clash))}. "
            "Rename the files or remove the old documents first."
        )


def _insert_document(
    connection: Connection,
    document: ParsedDocument,
    deidentified: bool,
    stamp: str,
    deid_report: str | None,
) -> None:
    row: dict[str, Any] = {
        "name": document.name,
        "source_name": document.source_name,
        "format": document.format,
        "unit": document.unit,
        "word_count": document.word_count,
        "segment_count": len(document.segments),
        "deidentified": deidentified,
        "imported_at": stamp,
        "deid_report": deid_report,
    }
    document_id = connection.execute(insert(s.documents).values(row)).inserted_primary_key[0]  # type: ignore[index]
    if document.attributes:
        connection.execute(
            insert(s.document_attributes),
            [
                {"document_id": document_id, "key": key, "value": value}
                for key, value in document.attributes.items()
            ],
        )
    connection.execute(
        insert(s.segments),
        [
            {
                "document_id": document_id,
                "n": segment.n,
                "speaker": segment.speaker,
                "speaker_kind": segment.speaker_kind,
                "text": segment.text,
            }
            for segment in document.segments
        ],
    )
