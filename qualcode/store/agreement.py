"""The reads behind agreement: segments two or more coders reviewed, and their codings.

Codings come back as (segment pk, code position) integer pairs; the big reads skip SQLAlchemy's
row objects because plain DBAPI tuples are several times faster for hundreds of thousands of
rows (``bench/bench_kappa.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, literal, select, union_all

from qualcode.model import CONSENSUS, CONSENSUS_NAME, AgreementData, UnitRow
from qualcode.store import schema as s
from qualcode.store.base import Queries, raw_rows


class AgreementQueries(Queries):
    def data(self, coders: Sequence[str], include_interviewer: bool) -> AgreementData:
        """Segments reviewed by at least two of ``coders`` and those coders' codings on them.

        ``consensus`` among ``coders`` stands for the reconciled codings: it "reviewed" every
        segment a reconciliation decided.
        """
        with self.read() as connection:
            names = {
                pk: name
                for name, pk in connection.execute(
                    select(s.coders.c.name, s.coders.c.id).where(s.coders.c.name.in_(list(coders)))
                )
            }
            reviewers_of = _reviewers(list(names), CONSENSUS_NAME in coders).subquery()
            if CONSENSUS_NAME in coders:
                names[CONSENSUS] = CONSENSUS_NAME
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
            unit_rows = raw_rows(
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
                reviewers = _reviewer_sets(connection, reviewers_of, reviewed, names)
            code_ids = dict(connection.execute(select(s.codes.c.position, s.codes.c.id)).all())
            codings = _codings_of(connection, names, reviewed)
        units = [
            UnitRow(pk, documents[document_id], n, reviewers.get(pk, everyone))
            for pk, document_id, n in unit_rows
        ]
        units.sort(key=lambda unit: (unit.document, unit.n))
        return AgreementData(units, codings, code_ids)


def _reviewers(coder_ids: list[int], consensus: bool) -> Any:
    """(segment, who) rows: the coders' reviews, plus the decided segments for the consensus."""
    who = select(
        s.reviews.c.segment_id.label("segment_id"), s.reviews.c.coder_id.label("who")
    ).where(s.reviews.c.coder_id.in_(coder_ids))
    if not consensus:
        return who
    return union_all(who, select(s.reconciliations.c.segment_id, literal(CONSENSUS).label("who")))


def _reviewer_sets(
    connection: Connection, reviewers_of: Any, reviewed: Select[Any], names: dict[int, str]
) -> dict[int, frozenset[str]]:
    sets: dict[int, set[str]] = defaultdict(set)
    for segment_pk, coder_id in raw_rows(
        connection,
        select(reviewers_of.c.segment_id, reviewers_of.c.who).where(
            reviewers_of.c.segment_id.in_(reviewed)
        ),
    ):
        sets[segment_pk].add(names[coder_id])
    return {pk: frozenset(who) for pk, who in sets.items()}


def _codings_of(
    connection: Connection, names: dict[int, str], reviewed: Select[Any]
) -> dict[str, list[tuple[Any, ...]]]:
    """(segment pk, code position) of each coder (and the consensus) on the reviewed segments,
    the coders' in one query (the reviewed subquery is evaluated once for all of them).
    ``coder_id + 0`` keeps SQLite on the primary key (segment, coder, code), which covers the
    query: rows come segment by segment, codes in id order, as from the light store."""
    codings: dict[str, list[tuple[Any, ...]]] = {name: [] for name in names.values()}
    coder_ids = [pk for pk in names if pk != CONSENSUS]
    if coder_ids:
        query = (
            select(s.codings.c.coder_id, s.codings.c.segment_id, s.codes.c.position)
            .select_from(s.codings.join(s.codes))
            .where((s.codings.c.coder_id + 0).in_(coder_ids), s.codings.c.segment_id.in_(reviewed))
        )
        for coder_id, segment_pk, position in raw_rows(connection, query):
            codings[names[coder_id]].append((segment_pk, position))
    if CONSENSUS in names:
        codings[CONSENSUS_NAME] = raw_rows(
            connection,
            select(s.consensus_codings.c.segment_id, s.codes.c.position)
            .select_from(s.consensus_codings.join(s.codes))
            .where(s.consensus_codings.c.segment_id.in_(reviewed)),
        )
    return codings
