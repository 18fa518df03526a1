"""Reconciliation: the double-coded units of a coder pair, decisions and the consensus codings
they produce, and notes on codes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, delete, func, insert, select

from qualcode.model import CodeNote, Decision, ReconcileUnit
from qualcode.store import schema as s
from qualcode.store.base import Queries, audit_row, ensure_coders, write_audit
from qualcode.store.engine import now


class ReconciliationQueries(Queries):
    def units(self, coder_a: str, coder_b: str) -> list[ReconcileUnit]:
        """Every segment both coders reviewed, in reading order."""
        with self.read() as connection:
            ids = dict(
                connection.execute(
                    select(s.coders.c.name, s.coders.c.id).where(
                        s.coders.c.name.in_([coder_a, coder_b])
                    )
                ).all()
            )
            if len(ids) < 2:
                return []
            both = (
                select(s.reviews.c.segment_id)
                .where(s.reviews.c.coder_id.in_([ids[coder_a], ids[coder_b]]))
                .group_by(s.reviews.c.segment_id)
                .having(func.count() == 2)
            )
            rows = connection.execute(
                select(
                    s.segments.c.id,
                    s.documents.c.name,
                    s.segments.c.n,
                    s.segments.c.speaker,
                    s.segments.c.text,
                )
                .select_from(s.segments.join(s.documents))
                .where(s.segments.c.id.in_(both))
                .order_by(s.documents.c.name, s.segments.c.n)
            ).all()
            codes = _codes_by_coder(connection, list(ids.values()), both)
            decisions = {
                row.segment_id: row
                for row in connection.execute(
                    select(s.reconciliations).where(s.reconciliations.c.segment_id.in_(both))
                )
            }
            consensus = _consensus(connection, both)
        return [
            ReconcileUnit(
                pk,
                document,
                n,
                speaker,
                text,
                set(codes[ids[coder_a]].get(pk, set())),
                set(codes[ids[coder_b]].get(pk, set())),
                decisions[pk].decision if pk in decisions else None,
                decisions[pk].note if pk in decisions else None,
                consensus.get(pk, set()),
            )
            for pk, document, n, speaker, text in rows
        ]

    def record(
        self,
        decisions: Sequence[Decision],
        *,
        coder_a: str,
        coder_b: str,
        reconciler: str,
        codebook_version_id: int,
    ) -> None:
        """Store decisions and make their codes the consensus of those segments, at once."""
        if not decisions:
            return
        stamp = now()
        pks = [d.segment_pk for d in decisions]
        with self.write() as connection:
            connection.execute(
                delete(s.reconciliations).where(s.reconciliations.c.segment_id.in_(pks))
            )
            connection.execute(
                delete(s.consensus_codings).where(s.consensus_codings.c.segment_id.in_(pks))
            )
            connection.execute(
                insert(s.reconciliations),
                [
                    {
                        "segment_id": d.segment_pk,
                        "coder_a": coder_a,
                        "coder_b": coder_b,
                        "decision": d.decision,
                        "note": d.note,
                        "reconciled_by": reconciler,
                        "reconciled_at": stamp,
                    }
                    for d in decisions
                ],
            )
            rows = [
                {
                    "segment_id": d.segment_pk,
                    "code_id": code,
                    "codebook_version_id": codebook_version_id,
                    "created_at": stamp,
                }
                for d in decisions
                for code in sorted(d.codes)
            ]
            if rows:
                connection.execute(insert(s.consensus_codings), rows)
            write_audit(
                connection,
                [
                    _decision_audit(d, stamp, reconciler, coder_a, coder_b, codebook_version_id)
                    for d in decisions
                ],
            )

    def save_code_note(
        self,
        *,
        author: str,
        code_id: str,
        text: str,
        document_id: int | None,
        segment_pk: int | None,
    ) -> None:
        stamp = now()
        with self.write() as connection:
            author_id = ensure_coders(connection, {author}, stamp)[author]
            connection.execute(
                insert(s.memos).values(
                    coder_id=author_id,
                    document_id=document_id,
                    segment_id=segment_pk,
                    code_id=code_id,
                    text=text,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
            write_audit(
                connection,
                [audit_row(stamp, author, "code_note", code_id=code_id, detail=text[:200])],
            )

    def code_notes(self) -> list[CodeNote]:
        with self.read() as connection:
            rows = connection.execute(
                select(
                    s.memos.c.code_id,
                    s.coders.c.name,
                    s.memos.c.created_at,
                    s.memos.c.text,
                    s.documents.c.name,
                    s.segments.c.n,
                )
                .select_from(
                    s.memos.join(s.coders)
                    .outerjoin(s.segments, s.memos.c.segment_id == s.segments.c.id)
                    .outerjoin(
                        s.documents,
                        func.coalesce(s.memos.c.document_id, s.segments.c.document_id)
                        == s.documents.c.id,
                    )
                )
                .where(s.memos.c.code_id.is_not(None))
                .order_by(s.memos.c.code_id, s.memos.c.created_at)
            ).all()
        return [
            CodeNote(code, author, at, text, f"{document}:{n}" if document and n else document)
            for code, author, at, text, document, n in rows
        ]

    def pairs(self) -> list[tuple[str, str]]:
        with self.read() as connection:
            return [
                (a, b)
                for a, b in connection.execute(
                    select(s.reconciliations.c.coder_a, s.reconciliations.c.coder_b).distinct()
                )
            ]


def _decision_audit(
    d: Decision, stamp: str, reconciler: str, coder_a: str, coder_b: str, version_id: int
) -> dict[str, Any]:
    detail = f"{d.decision} ({coder_a}/{coder_b}): " + (", ".join(sorted(d.codes)) or "no code")
    return audit_row(
        stamp,
        reconciler,
        "consensus_set",
        document=d.document,
        segment_n=d.n,
        codebook_version_id=version_id,
        detail=detail + (f" — {d.note}" if d.note else ""),
    )


def _codes_by_coder(
    connection: Connection, coder_ids: list[int], segments: Select[Any]
) -> dict[int, dict[int, set[str]]]:
    """``{coder id: {segment pk: codes}}`` on the given segments."""
    codes: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for coder_id, segment_pk, code_id in connection.execute(
        select(s.codings.c.coder_id, s.codings.c.segment_id, s.codings.c.code_id).where(
            s.codings.c.coder_id.in_(coder_ids), s.codings.c.segment_id.in_(segments)
        )
    ):
        codes[coder_id][segment_pk].add(code_id)
    return codes


def _consensus(connection: Connection, segments: Select[Any]) -> dict[int, set[str]]:
    consensus: dict[int, set[str]] = defaultdict(set)
    for segment_pk, code_id in connection.execute(
        select(s.consensus_codings.c.segment_id, s.consensus_codings.c.code_id).where(
            s.consensus_codings.c.segment_id.in_(segments)
        )
    ):
        consensus[segment_pk].add(code_id)
    return consensus
