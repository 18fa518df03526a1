"""Store queries behind the coding UI: one coder's view of a document, and single changes.

Every change runs in its own short write transaction, so a change is on disk once the call
returns (SPEC §7: no save button, nothing lost if the terminal closes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, and_, delete, func, insert, select, update

from qualcode.store import schema as s
from qualcode.store.engine import now, transaction
from qualcode.store.queries import _ensure_coders, audit_row


@dataclass(frozen=True)
class DocumentOverview:
    id: int
    name: str
    attributes: dict[str, str]
    segments: int
    reviewed: int  # by this coder
    role: str | None  # this coder's assignment: "primary", "second" or None
    double_coded: bool  # assigned to two or more coders


@dataclass(frozen=True)
class SegmentView:
    pk: int
    n: int
    speaker: str
    speaker_kind: str
    text: str


@dataclass
class CoderState:
    codings: dict[int, set[str]]
    reviewed: set[int]
    memos: dict[int | None, str]  # segment pk (None: the document) -> memo text


class CodingQueries:
    engine: Engine

    def coder_id(self, name: str) -> int:
        with transaction(self.engine, write=True) as connection:
            return _ensure_coders(connection, {name}, now())[name]

    def document_overview(self, coder_id: int) -> list[DocumentOverview]:
        with transaction(self.engine, write=False) as connection:
            attributes: dict[int, dict[str, str]] = defaultdict(dict)
            for document_id, key, value in connection.execute(select(s.document_attributes)):
                attributes[document_id][key] = value
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

    def document_segments(self, document_id: int) -> list[SegmentView]:
        with transaction(self.engine, write=False) as connection:
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

    def coder_state(self, document_id: int, coder_id: int) -> CoderState:
        """This coder's codings, reviewed segments and memos on one document — nobody else's."""
        mine = select(s.segments.c.id).where(s.segments.c.document_id == document_id)
        state = CoderState(defaultdict(set), set(), {})
        with transaction(self.engine, write=False) as connection:
            for segment_pk, code_id in connection.execute(
                select(s.codings.c.segment_id, s.codings.c.code_id).where(
                    s.codings.c.coder_id == coder_id, s.codings.c.segment_id.in_(mine)
                )
            ):
                state.codings[segment_pk].add(code_id)
            state.reviewed.update(
                connection.execute(
                    select(s.reviews.c.segment_id).where(
                        s.reviews.c.coder_id == coder_id, s.reviews.c.segment_id.in_(mine)
                    )
                ).scalars()
            )
            for segment_pk, text in connection.execute(
                select(s.memos.c.segment_id, s.memos.c.text).where(
                    s.memos.c.coder_id == coder_id, s.memos.c.document_id == document_id
                )
            ):
                state.memos[segment_pk] = text
        return state

    def set_coding(
        self,
        *,
        coder_id: int,
        coder: str,
        segment_pk: int,
        document: str,
        n: int,
        add: list[str],
        remove: list[str],
        codebook_version_id: int,
    ) -> None:
        """Apply and remove codes on one segment and mark it reviewed, in one transaction."""
        stamp = now()
        with transaction(self.engine, write=True) as connection:
            if remove:
                connection.execute(
                    delete(s.codings).where(
                        s.codings.c.segment_id == segment_pk,
                        s.codings.c.coder_id == coder_id,
                        s.codings.c.code_id.in_(remove),
                    )
                )
            existing = set(
                connection.execute(
                    select(s.codings.c.code_id).where(
                        s.codings.c.segment_id == segment_pk, s.codings.c.coder_id == coder_id
                    )
                ).scalars()
            )
            new = [code for code in add if code not in existing]
            if new:
                connection.execute(
                    insert(s.codings),
                    [
                        {
                            "segment_id": segment_pk,
                            "coder_id": coder_id,
                            "code_id": code,
                            "codebook_version_id": codebook_version_id,
                            "created_at": stamp,
                        }
                        for code in new
                    ],
                )
            _mark_reviewed(connection, [segment_pk], coder_id, stamp)
            audit = [
                audit_row(
                    stamp,
                    coder,
                    "coding_removed",
                    document=document,
                    segment_n=n,
                    code_id=code,
                    codebook_version_id=codebook_version_id,
                    detail="coding UI",
                )
                for code in remove
            ] + [
                audit_row(
                    stamp,
                    coder,
                    "coding_added",
                    document=document,
                    segment_n=n,
                    code_id=code,
                    codebook_version_id=codebook_version_id,
                    detail="coding UI",
                )
                for code in new
            ]
            if audit:
                connection.execute(insert(s.audit_log), audit)

    def mark_reviewed(self, segment_pks: list[int], coder_id: int) -> None:
        with transaction(self.engine, write=True) as connection:
            _mark_reviewed(connection, segment_pks, coder_id, now())

    def save_memo(
        self,
        *,
        coder_id: int,
        coder: str,
        document_id: int,
        document: str,
        segment_pk: int | None,
        n: int | None,
        text: str,
    ) -> None:
        """One memo per coder per segment (or per document); empty text deletes it."""
        stamp = now()
        where = and_(
            s.memos.c.coder_id == coder_id,
            s.memos.c.document_id == document_id,
            s.memos.c.segment_id.is_(None)
            if segment_pk is None
            else s.memos.c.segment_id == segment_pk,
        )
        with transaction(self.engine, write=True) as connection:
            exists = connection.execute(select(s.memos.c.id).where(where)).first()
            if not text.strip():
                connection.execute(delete(s.memos).where(where))
            elif exists:
                connection.execute(update(s.memos).where(where).values(text=text, updated_at=stamp))
            else:
                connection.execute(
                    insert(s.memos).values(
                        coder_id=coder_id,
                        document_id=document_id,
                        segment_id=segment_pk,
                        text=text,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
            connection.execute(
                insert(s.audit_log).values(
                    at=stamp,
                    actor=coder,
                    action="memo_saved",
                    document=document,
                    segment_n=n,
                    detail=f"{len(text)} characters",
                )
            )


def _mark_reviewed(
    connection: Connection, segment_pks: list[int], coder_id: int, stamp: str
) -> None:
    done = set(
        connection.execute(
            select(s.reviews.c.segment_id).where(
                s.reviews.c.coder_id == coder_id, s.reviews.c.segment_id.in_(segment_pks)
            )
        ).scalars()
    )
    rows = [
        {"segment_id": pk, "coder_id": coder_id, "reviewed_at": stamp}
        for pk in segment_pks
        if pk not in done
    ]
    if rows:
        connection.execute(insert(s.reviews), rows)
