"""Store queries for assignments and agreement: mixed into :class:`qualcode.store.Store`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, insert, literal, select, union_all

from qualcode.store import schema as s
from qualcode.store.engine import now, transaction

#: The id and name that stand for the consensus in queries (it is not a coder).
CONSENSUS = -1
CONSENSUS_NAME = "consensus"


@dataclass(frozen=True)
class UnitRow:
    """A segment reviewed by at least two of the coders compared."""

    segment_pk: int
    document: str
    n: int
    reviewed_by: frozenset[str]


@dataclass(frozen=True)
class AgreementData:
    units: list[UnitRow]
    codings: dict[str, list[tuple[int, int]]]  # coder -> (segment pk, code position)
    code_ids: dict[int, str]  # code position -> code id

    def coded(self, coder: str) -> list[tuple[int, int]]:
        return self.codings.get(coder, [])


class AssignmentQueries:
    engine: Engine

    def assignments(self) -> dict[str, list[tuple[str, str]]]:
        """``{document: [(coder, role), ...]}`` with the primary coder first."""
        query = (
            select(s.documents.c.name, s.coders.c.name, s.assignments.c.role)
            .select_from(s.assignments.join(s.documents).join(s.coders))
            .order_by(s.documents.c.name, s.assignments.c.role, s.coders.c.name)
        )
        result: dict[str, list[tuple[str, str]]] = defaultdict(list)
        with transaction(self.engine, write=False) as connection:
            for document, coder, role in connection.execute(query):
                result[document].append((coder, role))
        return dict(result)

    def documents_with_work(self) -> dict[str, set[str]]:
        """``{document: coders who reviewed or coded some of it}``."""
        query = (
            select(s.documents.c.name, s.coders.c.name)
            .select_from(s.reviews.join(s.segments).join(s.documents).join(s.coders))
            .distinct()
        )
        result: dict[str, set[str]] = defaultdict(set)
        with transaction(self.engine, write=False) as connection:
            for document, coder in connection.execute(query):
                result[document].add(coder)
        return dict(result)

    def set_assignments(
        self, rows: Sequence[tuple[str, str, str]], actor: str, detail: str
    ) -> None:
        """Replace every assignment with ``rows`` of (document, coder, role), in one transaction."""
        stamp = now()
        with transaction(self.engine, write=True) as connection:
            documents = dict(connection.execute(select(s.documents.c.name, s.documents.c.id)).all())
            coder_ids = _ensure_coders(connection, {coder for _, coder, _ in rows}, stamp)
            connection.execute(delete(s.assignments))
            if rows:
                connection.execute(
                    insert(s.assignments),
                    [
                        {
                            "document_id": documents[document],
                            "coder_id": coder_ids[coder],
                            "role": role,
                            "assigned_at": stamp,
                        }
                        for document, coder, role in rows
                    ],
                )
            connection.execute(
                insert(s.audit_log).values(
                    at=stamp, actor=actor, action="assignments_set", detail=detail
                )
            )

    def agreement_data(self, coders: Sequence[str], include_interviewer: bool) -> AgreementData:
        """Segments reviewed by at least two of ``coders`` and those coders' codings on them.

        Codings come back as (segment pk, code position) integer pairs; ``code_ids`` maps a
        position to its code id. The big reads skip SQLAlchemy's row objects: plain DBAPI tuples
        are several times faster for hundreds of thousands of rows.
        """
        with transaction(self.engine, write=False) as connection:
            coder_ids = dict(
                connection.execute(
                    select(s.coders.c.name, s.coders.c.id).where(s.coders.c.name.in_(list(coders)))
                ).all()
            )
            names = {pk: name for name, pk in coder_ids.items()}
            real = list(names)
            # Who reviewed what: the coders' reviews, and for the consensus (when asked for)
            # the segments a reconciliation decided.
            who = select(
                s.reviews.c.segment_id.label("segment_id"), s.reviews.c.coder_id.label("who")
            ).where(s.reviews.c.coder_id.in_(real))
            if CONSENSUS_NAME in coders:
                names[CONSENSUS] = CONSENSUS_NAME
                who = union_all(  # type: ignore[assignment]
                    who,
                    select(s.reconciliations.c.segment_id, literal(CONSENSUS).label("who")),
                )
            reviewers_of = who.subquery()
            reviewed = (
                select(reviewers_of.c.segment_id)
                .group_by(reviewers_of.c.segment_id)
                .having(func.count() >= 2)
            )
            if not include_interviewer:
                reviewed = reviewed.join(s.segments).where(
                    s.segments.c.speaker_kind != "interviewer"
                )
            documents = dict(connection.execute(select(s.documents.c.id, s.documents.c.name)).all())
            unit_rows = _raw_rows(
                connection,
                select(s.segments.c.id, s.segments.c.document_id, s.segments.c.n).where(
                    s.segments.c.id.in_(reviewed)
                ),
            )
            if len(names) == 2:
                everyone = frozenset(names.values())
                reviewers: dict[int, frozenset[str]] = {}
            else:
                everyone = frozenset()
                sets: dict[int, set[str]] = defaultdict(set)
                for segment_pk, coder_id in _raw_rows(
                    connection,
                    select(reviewers_of.c.segment_id, reviewers_of.c.who).where(
                        reviewers_of.c.segment_id.in_(reviewed)
                    ),
                ):
                    sets[segment_pk].add(names[coder_id])
                reviewers = {pk: frozenset(who) for pk, who in sets.items()}
            code_ids = dict(connection.execute(select(s.codes.c.position, s.codes.c.id)).all())
            codings: dict[str, list[tuple[int, int]]] = {}
            for coder_id, name in names.items():
                if coder_id == CONSENSUS:
                    query = (
                        select(s.consensus_codings.c.segment_id, s.codes.c.position)
                        .select_from(s.consensus_codings.join(s.codes))
                        .where(s.consensus_codings.c.segment_id.in_(reviewed))
                    )
                else:
                    query = (
                        select(s.codings.c.segment_id, s.codes.c.position)
                        .select_from(s.codings.join(s.codes))
                        .where(
                            s.codings.c.coder_id == coder_id, s.codings.c.segment_id.in_(reviewed)
                        )
                    )
                codings[name] = _raw_rows(connection, query)
        units = [
            UnitRow(pk, documents[document_id], n, reviewers.get(pk, everyone))
            for pk, document_id, n in unit_rows
        ]
        units.sort(key=lambda unit: (unit.document, unit.n))
        return AgreementData(units, codings, code_ids)

    def segment_texts(self, segment_pks: Sequence[int]) -> dict[int, str]:
        texts: dict[int, str] = {}
        pks = sorted(set(segment_pks))
        with transaction(self.engine, write=False) as connection:
            for start in range(0, len(pks), 500):
                for pk, text in connection.execute(
                    select(s.segments.c.id, s.segments.c.text).where(
                        s.segments.c.id.in_(pks[start : start + 500])
                    )
                ):
                    texts[pk] = text
        return texts

    def coders_with_reviews(self) -> list[str]:
        with transaction(self.engine, write=False) as connection:
            return list(
                connection.execute(
                    select(s.coders.c.name)
                    .where(s.coders.c.id.in_(select(s.reviews.c.coder_id).distinct()))
                    .order_by(s.coders.c.name)
                ).scalars()
            )


def _raw_rows(connection: Any, statement: Any) -> list[tuple[Any, ...]]:
    """All rows of a Core statement as DBAPI tuples (no per-row SQLAlchemy processing)."""
    result = connection.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _ensure_coders(connection: Any, names: set[str], stamp: str) -> dict[str, int]:
    """Coder ids by name, creating coders not yet in the project."""
    known = dict(
        connection.execute(
            select(s.coders.c.name, s.coders.c.id).where(s.coders.c.name.in_(sorted(names)))
        ).all()
    )
    for name in sorted(names - set(known)):
        known[name] = connection.execute(
            insert(s.coders).values(name=name, created_at=stamp)
        ).inserted_primary_key[0]
    return {name: int(pk) for name, pk in known.items()}


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    name: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class CodingRows:
    """Everything frequencies and quotes need, as plain rows."""

    documents: list[DocumentInfo]
    coders: dict[int, str]  # coder id -> name
    reviewed: dict[int, set[int]]  # document id -> ids of coders who reviewed part of it
    rows: list[tuple[int, int, int, int]]  # (document id, coder id, segment pk, code position)
    code_ids: dict[int, str]  # code position -> code id


class ReportQueries:
    engine: Engine

    def coding_rows(self, include_interviewer: bool) -> CodingRows:
        """Every coding with its document and coder, plus documents and who reviewed them."""
        with transaction(self.engine, write=False) as connection:
            attributes: dict[int, dict[str, str]] = defaultdict(dict)
            for document_id, key, value in connection.execute(select(s.document_attributes)):
                attributes[document_id][key] = value
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
            query = select(
                s.segments.c.document_id,
                s.codings.c.coder_id,
                s.codings.c.segment_id,
                s.codes.c.position,
            ).select_from(s.codings.join(s.segments).join(s.codes))
            if not include_interviewer:
                query = query.where(s.segments.c.speaker_kind != "interviewer")
            rows = _raw_rows(connection, query)
            consensus = select(
                s.segments.c.document_id,
                literal(CONSENSUS),
                s.consensus_codings.c.segment_id,
                s.codes.c.position,
            ).select_from(s.consensus_codings.join(s.segments).join(s.codes))
            if not include_interviewer:
                consensus = consensus.where(s.segments.c.speaker_kind != "interviewer")
            rows += _raw_rows(connection, consensus)
            code_ids = dict(connection.execute(select(s.codes.c.position, s.codes.c.id)).all())
        return CodingRows(documents, coders, dict(reviewed), rows, code_ids)

    def segment_details(self, segment_pks: Sequence[int]) -> dict[int, tuple[int, str, str]]:
        """``{segment pk: (n, speaker, text)}``."""
        details: dict[int, tuple[int, str, str]] = {}
        pks = sorted(set(segment_pks))
        with transaction(self.engine, write=False) as connection:
            for start in range(0, len(pks), 500):
                for pk, n, speaker, text in connection.execute(
                    select(
                        s.segments.c.id, s.segments.c.n, s.segments.c.speaker, s.segments.c.text
                    ).where(s.segments.c.id.in_(pks[start : start + 500]))
                ):
                    details[pk] = (n, speaker, text)
        return details


def audit_row(stamp: str, actor: str, action: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "at": stamp,
        "actor": actor,
        "action": action,
        "document": None,
        "segment_n": None,
        "code_id": None,
        "codebook_version_id": None,
        "detail": None,
    }
    row.update(fields)
    return row
