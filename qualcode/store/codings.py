"""Coders, codings, reviews and memos: single changes from the coding UI, whole files from a
codings import, and the reads behind them.

Every change runs in its own short write transaction, so a change is on disk once the call
returns (SPEC §7: no save button, nothing lost if the terminal closes).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from qualcode.model import Change, CoderState, MemoChange
from qualcode.store import schema as s
from qualcode.store.base import Queries, audit_row, chunks, ensure_coders, write_audit
from qualcode.store.documents import segment_index
from qualcode.store.engine import file_write, now, prepared_write

#: One change on a PostgreSQL server, as one statement: the codes removed and added (only those
#: actually there, or not yet there), the review mark (kept if there already), and an audit row for
#: each code actually removed or added, in the change's order. Applying it twice writes nothing
#: the second time, as :func:`_apply_change` (a change replayed from the recovery journal, or
#: retried after a lost connection that had committed it). Row-level security applies to a
#: coder's login as to every other statement (own codings and reviews only). Arguments: $1 segment,
#: $2 coder, $3 codes to add, $4 codes to remove, $5 codebook version, $6 time, $7 the coder's
#: name, $8 document, $9 segment number, $10 how the change was made (see ``prepared_write``).
APPLY_ON_SERVER = """
(integer, integer, varchar[], varchar[], integer, varchar, varchar, varchar, integer, text) AS
WITH removed AS (
    DELETE FROM codings
    WHERE segment_id = $1 AND coder_id = $2
        AND code_id = ANY($4)
    RETURNING code_id
), added AS (
    INSERT INTO codings (segment_id, coder_id, code_id, codebook_version_id, created_at)
    SELECT $1, $2, code, $5, $6
    FROM unnest($3) AS code
    ON CONFLICT DO NOTHING
    RETURNING code_id
), reviewed AS (
    INSERT INTO reviews (segment_id, coder_id, reviewed_at)
    VALUES ($1, $2, $6)
    ON CONFLICT DO NOTHING
)
INSERT INTO audit_log (at, actor, action, document, segment_n, code_id, codebook_version_id, detail)
SELECT $6, $7, done.action, $8,
    $9, done.code_id, $5, $10
FROM (
    SELECT 'coding_removed' AS action, removed.code_id, 0 AS step, listed.i
    FROM removed JOIN unnest($4) WITH ORDINALITY AS listed (code, i)
        ON listed.code = removed.code_id
    UNION ALL
    SELECT 'coding_added', added.code_id, 1, listed.i
    FROM added JOIN unnest($3) WITH ORDINALITY AS listed (code, i)
        ON listed.code = added.code_id
) AS done
ORDER BY done.step, done.i
"""

#: The coding UI's usual change, one code applied or removed, as :data:`APPLY_ON_SERVER` does it
#: with the same rows and the same answer to a replay, in a statement without arrays, joins or
#: sorting (a fifth less of the server's work per key press, measured). Arguments: $1 segment,
#: $2 coder, $3 code, $4 codebook version, $5 time, $6 the coder's name, $7 document, $8 segment
#: number, $9 how the change was made.
_ONE_CODE_ON_SERVER = """
(integer, integer, varchar, integer, varchar, varchar, varchar, integer, text) AS
WITH {done} AS (
    {change}
    RETURNING code_id
), reviewed AS (
    INSERT INTO reviews (segment_id, coder_id, reviewed_at)
    VALUES ($1, $2, $5)
    ON CONFLICT DO NOTHING
)
INSERT INTO audit_log (at, actor, action, document, segment_n, code_id, codebook_version_id, detail)
SELECT $5, $6, 'coding_{done}', $7, $8, {done}.code_id, $4, $9
FROM {done}
"""
ADD_CODE_ON_SERVER = _ONE_CODE_ON_SERVER.format(
    done="added",
    change="""INSERT INTO codings (segment_id, coder_id, code_id, codebook_version_id, created_at)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT DO NOTHING""",
)
REMOVE_CODE_ON_SERVER = _ONE_CODE_ON_SERVER.format(
    done="removed",
    change="""DELETE FROM codings
    WHERE segment_id = $1 AND coder_id = $2 AND code_id = $3""",
)

MARK_REVIEWED_ON_SERVER = """
(integer[], integer, varchar) AS
INSERT INTO reviews (segment_id, coder_id, reviewed_at)
SELECT segment, $2, $3 FROM unnest($1) AS segment
ON CONFLICT DO NOTHING
"""
MARK_REVIEWED = (
    "INSERT INTO reviews (segment_id, coder_id, reviewed_at) VALUES (?, ?, ?) "
    "ON CONFLICT DO NOTHING"
)

#: The SQLite version that has ``RETURNING`` (older ones write a change with more statements).
RETURNING_SINCE = (3, 35, 0)


class CodingQueries(Queries):
    # -- coders ---------------------------------------------------------------------------

    def coder_id(self, name: str) -> int:
        """The coder's id, adding the coder to the project if new.

        A coder already in the project is only read; a new one is added by a narrow write (one
        row, which another process adding the same coder at once leaves alone), so a coder
        starting the coding UI does not wait for the whole project, nor make others wait.
        """
        known = select(s.coders.c.id).where(s.coders.c.name == name)
        with self.read() as connection:
            found = connection.execute(known).scalar()
        if found is not None:
            return int(found)
        with self.write(narrow=True) as connection:
            connection.execute(
                text(
                    "INSERT INTO coders (name, created_at) VALUES (:name, :at) "
                    "ON CONFLICT (name) DO NOTHING"
                ),
                {"name": name, "at": now()},
            )
            return int(connection.execute(known).scalar_one())

    def coders_with_reviews(self) -> list[str]:
        with self.read() as connection:
            return list(
                connection.execute(
                    select(s.coders.c.name)
                    .where(s.coders.c.id.in_(select(s.reviews.c.coder_id).distinct()))
                    .order_by(s.coders.c.name)
                ).scalars()
            )

    def counts(self) -> dict[str, int]:
        """Number of codings per coder."""
        with self.read() as connection:
            return {
                name: int(count)
                for name, count in connection.execute(
                    select(s.coders.c.name, func.count())
                    .select_from(s.codings.join(s.coders))
                    .group_by(s.coders.c.name)
                    .order_by(s.coders.c.name)
                )
            }

    def documents_with_work(self) -> dict[str, set[str]]:
        """``{document: coders who reviewed or coded some of it}``."""
        query = (
            select(s.documents.c.name, s.coders.c.name)
            .select_from(s.reviews.join(s.segments).join(s.documents).join(s.coders))
            .distinct()
        )
        result: dict[str, set[str]] = defaultdict(set)
        with self.read() as connection:
            for document, coder in connection.execute(query):
                result[document].add(coder)
        return dict(result)

    # -- one coder on one document --------------------------------------------------------

    def coder_state(self, document_id: int, coder_id: int) -> CoderState:
        """This coder's codings, reviewed segments and memos on one document — nobody else's."""
        mine = select(s.segments.c.id).where(s.segments.c.document_id == document_id)
        state = CoderState(defaultdict(set), set(), {})
        with self.read() as connection:
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

    def apply(self, change: Change) -> None:
        """Apply and remove codes on one segment and mark it reviewed, in one transaction.

        Everything written (segment, coder, document and segment number in the audit row,
        codebook version) comes from the change itself. On a server the change is one message
        (:data:`ADD_CODE_ON_SERVER` or :data:`REMOVE_CODE_ON_SERVER` for one code, otherwise
        :data:`APPLY_ON_SERVER`), on a file four statements (:func:`_apply_on_file`); a change
        that removes and adds the same code (the coding UI makes none), or a SQLite older than
        3.35, takes the general way below: the same rows, with more statements.
        """
        stamp = now()
        if not set(change.add) & set(change.remove):
            if self.engine.dialect.name == "postgresql":
                adding, removing = set(change.add), set(change.remove)
                if len(adding) + len(removing) == 1:
                    code = next(iter(adding or removing))
                    name, statement = (
                        ("qualcode_add_code", ADD_CODE_ON_SERVER)
                        if adding
                        else ("qualcode_remove_code", REMOVE_CODE_ON_SERVER)
                    )
                    arguments = _one_code_arguments(change, code, stamp)
                else:
                    name, statement = "qualcode_apply_change", APPLY_ON_SERVER
                    arguments = _server_arguments(change, stamp)
                prepared_write(self.engine, name, statement, arguments)
                return
            if sqlite3.sqlite_version_info >= RETURNING_SINCE:
                file_write(self.engine, lambda driver: _apply_on_file(driver, change, stamp))
                return
        with self.write(narrow=True) as connection:
            added, removed = _apply_change(connection, change, stamp)
            mark_reviewed(connection, [change.segment_pk], change.coder_id, stamp)
            where = {
                "document": change.document,
                "segment_n": change.n,
                "codebook_version_id": change.codebook_version_id,
                "detail": change.detail,
            }
            write_audit(
                connection,
                [
                    audit_row(stamp, change.coder, "coding_removed", code_id=code, **where)
                    for code in removed
                ]
                + [
                    audit_row(stamp, change.coder, "coding_added", code_id=code, **where)
                    for code in added
                ],
            )

    def mark_reviewed(self, segment_pks: list[int], coder_id: int) -> None:
        """Mark segments reviewed by the coder (those already reviewed keep their time): the
        coding UI's write when the coder moves on, one statement without a read before it."""
        if not segment_pks:
            return
        stamp = now()
        if self.engine.dialect.name == "postgresql":
            arguments = [list(segment_pks), coder_id, stamp]
            prepared_write(
                self.engine, "qualcode_mark_reviewed", MARK_REVIEWED_ON_SERVER, arguments
            )
        elif sqlite3.sqlite_version_info >= RETURNING_SINCE:
            rows = [(pk, coder_id, stamp) for pk in segment_pks]
            file_write(self.engine, lambda driver: driver.executemany(MARK_REVIEWED, rows))
        else:
            with self.write(narrow=True) as connection:
                mark_reviewed(connection, segment_pks, coder_id, stamp)

    def save_memo(self, memo: MemoChange) -> None:
        """One memo per coder per segment (or per document); empty text deletes it."""
        stamp = now()
        where = and_(
            s.memos.c.coder_id == memo.coder_id,
            s.memos.c.document_id == memo.document_id,
            s.memos.c.segment_id.is_(None)
            if memo.segment_pk is None
            else s.memos.c.segment_id == memo.segment_pk,
        )
        with self.write(narrow=True) as connection:
            exists = connection.execute(select(s.memos.c.id).where(where)).first()
            if not memo.text.strip():
                connection.execute(delete(s.memos).where(where))
            elif exists:
                connection.execute(
                    update(s.memos).where(where).values(text=memo.text, updated_at=stamp)
                )
            else:
                connection.execute(
                    insert(s.memos).values(
                        coder_id=memo.coder_id,
                        document_id=memo.document_id,
                        segment_id=memo.segment_pk,
                        text=memo.text,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
            write_audit(
                connection,
                [
                    audit_row(
                        stamp,
                        memo.coder,
                        "memo_saved",
                        document=memo.document,
                        segment_n=memo.n,
                        detail=f"{len(memo.text)} characters",
                    )
                ],
            )

    # -- whole files ----------------------------------------------------------------------

    def replace(
        self,
        pairs: set[tuple[str, str]],
        codings: Sequence[tuple[str, str, int, str]],
        *,
        actor: str,
        codebook_version_id: int,
        reviewed: dict[tuple[str, str], set[int]] | None = None,
    ) -> tuple[int, int]:
        """Make ``codings`` the complete coding of each (coder, document) pair, in one transaction.

        The segments ``reviewed`` names for a pair become reviewed by that coder and its other
        review marks on the document are removed (every segment, when ``reviewed`` is ``None``);
        the coder's earlier codings of the document are replaced (the audit log keeps them).
        ``codings`` rows are (coder, document, n, code id). Returns (codings removed, codings
        written).
        """
        stamp = now()
        with self.write() as connection:
            coder_ids = ensure_coders(connection, {coder for coder, _ in pairs}, stamp)
            index = segment_index(connection, sorted({document for _, document in pairs}))
            removed_total = 0
            audit: list[dict[str, Any]] = []
            for coder, document in sorted(pairs):
                old = _clear_document(connection, coder_ids[coder], document)
                removed_total += len(old)
                audit.extend(
                    audit_row(
                        stamp,
                        coder,
                        "coding_removed",
                        document=document,
                        segment_n=n,
                        code_id=code_id,
                        detail=f"replaced by codings import ({actor})",
                    )
                    for n, code_id in old
                )
                listed = None if reviewed is None else reviewed[(coder, document)]
                audit.extend(
                    _mark_pair(
                        connection, (coder, coder_ids[coder]), document, index, listed, stamp, actor
                    )
                )
            rows = [
                {
                    "segment_id": index[document][n],
                    "coder_id": coder_ids[coder],
                    "code_id": code_id,
                    "codebook_version_id": codebook_version_id,
                    "created_at": stamp,
                }
                for coder, document, n, code_id in codings
            ]
            if rows:
                connection.execute(insert(s.codings), rows)
            write_audit(
                connection, audit + _added_audit(codings, stamp, actor, codebook_version_id)
            )
        return removed_total, len(rows)

    def export(self) -> Iterator[tuple[str, int, str, str | None]]:
        """(document, n, coder, code id or None) for every reviewed segment, in reading order.

        A reviewed segment without codes yields one row with ``None``: "reviewed, nothing
        applies" (SPEC §4.1).
        """
        query = (
            select(s.documents.c.name, s.segments.c.n, s.coders.c.name, s.codings.c.code_id)
            .select_from(
                s.reviews.join(s.segments, s.reviews.c.segment_id == s.segments.c.id)
                .join(s.documents, s.segments.c.document_id == s.documents.c.id)
                .join(s.coders, s.reviews.c.coder_id == s.coders.c.id)
                .outerjoin(
                    s.codings,
                    and_(
                        s.codings.c.segment_id == s.reviews.c.segment_id,
                        s.codings.c.coder_id == s.reviews.c.coder_id,
                    ),
                )
            )
            .order_by(s.documents.c.name, s.segments.c.n, s.coders.c.name, s.codings.c.code_id)
        )
        with self.read() as connection:
            for row in connection.execute(query):
                yield row[0], row[1], row[2], row[3]

    def audit_entries(self) -> list[dict[str, Any]]:
        with self.read() as connection:
            return [
                dict(row._mapping)
                for row in connection.execute(select(s.audit_log).order_by(s.audit_log.c.id))
            ]


def mark_reviewed(
    connection: Connection, segment_pks: Sequence[int], coder_id: int, stamp: str
) -> None:
    """Mark segments reviewed by the coder (those already reviewed keep their time)."""
    if not segment_pks:
        return
    done = set(
        connection.execute(
            select(s.reviews.c.segment_id).where(
                s.reviews.c.coder_id == coder_id, s.reviews.c.segment_id.in_(list(segment_pks))
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


def _mark_pair(
    connection: Connection,
    coder: tuple[str, int],
    document: str,
    index: dict[str, dict[int, int]],
    listed: set[int] | None,
    stamp: str,
    actor: str,
) -> list[dict[str, Any]]:
    """Mark the listed segments (all, for ``None``) reviewed by the coder and unmark the
    document's others; returns the audit row for marks removed."""
    numbers = index.get(document, {})
    if listed is None:
        mark_reviewed(connection, list(numbers.values()), coder[1], stamp)
        return []
    pks = [numbers[n] for n in sorted(listed)]
    unmarked = _unmark_others(connection, coder[1], numbers, pks)
    mark_reviewed(connection, pks, coder[1], stamp)
    if not unmarked:
        return []
    detail = f"{unmarked} segment(s) not listed by a codings import ({actor})"
    return [audit_row(stamp, coder[0], "reviews_removed", document=document, detail=detail)]


def _unmark_others(
    connection: Connection, coder_id: int, numbers: dict[int, int], keep: Sequence[int]
) -> int:
    """Remove the coder's review marks on the document's segments not in ``keep``."""
    others = sorted(set(numbers.values()) - set(keep))
    removed = 0
    for part in chunks(others):
        removed += connection.execute(
            delete(s.reviews).where(
                s.reviews.c.coder_id == coder_id, s.reviews.c.segment_id.in_(part)
            )
        ).rowcount
    return removed


def _added_audit(
    codings: Sequence[tuple[str, str, int, str]], stamp: str, actor: str, version_id: int
) -> list[dict[str, Any]]:
    return [
        audit_row(
            stamp,
            coder,
            "coding_added",
            document=document,
            segment_n=n,
            code_id=code_id,
            codebook_version_id=version_id,
            detail=f"codings import ({actor})",
        )
        for coder, document, n, code_id in codings
    ]


def _apply_change(
    connection: Connection, change: Change, stamp: str
) -> tuple[list[str], list[str]]:
    """Write the change's codings; returns the codes actually added (new on the segment) and
    actually removed (there before), so applying a change twice writes nothing the second
    time — not even an audit row (a change replayed from the recovery journal)."""
    mine = and_(
        s.codings.c.segment_id == change.segment_pk, s.codings.c.coder_id == change.coder_id
    )
    existing = set(connection.execute(select(s.codings.c.code_id).where(mine)).scalars())
    removed = [code for code in change.remove if code in existing]
    if removed:
        connection.execute(delete(s.codings).where(mine, s.codings.c.code_id.in_(removed)))
    existing.difference_update(removed)
    new = [code for code in change.add if code not in existing]
    if new:
        connection.execute(
            insert(s.codings),
            [
                {
                    "segment_id": change.segment_pk,
                    "coder_id": change.coder_id,
                    "code_id": code,
                    "codebook_version_id": change.codebook_version_id,
                    "created_at": stamp,
                }
                for code in new
            ],
        )
    return new, removed


def _apply_on_file(driver: sqlite3.Connection, change: Change, stamp: str) -> None:
    """One change on a project file, with the fewest statements: what :data:`APPLY_ON_SERVER`
    does in one, in four (the codes removed, the codes added, the review mark, the audit rows)."""
    segment, coder = change.segment_pk, change.coder_id
    removed: list[str] = []
    if change.remove:
        gone = {
            code
            for (code,) in driver.execute(
                "DELETE FROM codings WHERE segment_id = ? AND coder_id = ? "
                f"AND code_id IN ({', '.join('?' * len(change.remove))}) RETURNING code_id",
                (segment, coder, *change.remove),
            )
        }
        removed = [code for code in dict.fromkeys(change.remove) if code in gone]
    added: list[str] = []
    if change.add:
        rows = [
            (segment, coder, code, change.codebook_version_id, stamp)
            for code in dict.fromkeys(change.add)
        ]
        new = {
            code
            for (code,) in driver.execute(
                "INSERT INTO codings "
                "(segment_id, coder_id, code_id, codebook_version_id, created_at) VALUES "
                f"{', '.join(['(?, ?, ?, ?, ?)'] * len(rows))} "
                "ON CONFLICT DO NOTHING RETURNING code_id",
                [value for row in rows for value in row],
            )
        }
        added = [code for code in dict.fromkeys(change.add) if code in new]
    driver.execute(
        "INSERT INTO reviews (segment_id, coder_id, reviewed_at) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        (segment, coder, stamp),
    )
    audit = [("coding_removed", code) for code in removed] + [
        ("coding_added", code) for code in added
    ]
    if audit:
        driver.executemany(
            "INSERT INTO audit_log (at, actor, action, document, segment_n, code_id, "
            "codebook_version_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    stamp,
                    change.coder,
                    action,
                    change.document,
                    change.n,
                    code,
                    change.codebook_version_id,
                    change.detail,
                )
                for action, code in audit
            ],
        )


def _server_arguments(change: Change, stamp: str) -> list[Any]:
    """The arguments of :data:`APPLY_ON_SERVER`, in order."""
    return [
        change.segment_pk,
        change.coder_id,
        list(dict.fromkeys(change.add)),
        list(dict.fromkeys(change.remove)),
        change.codebook_version_id,
        stamp,
        change.coder,
        change.document,
        change.n,
        change.detail,
    ]


def _one_code_arguments(change: Change, code: str, stamp: str) -> list[Any]:
    """The arguments of :data:`ADD_CODE_ON_SERVER` and :data:`REMOVE_CODE_ON_SERVER`."""
    return [
        change.segment_pk,
        change.coder_id,
        code,
        change.codebook_version_id,
        stamp,
        change.coder,
        change.document,
        change.n,
        change.detail,
    ]


def _clear_document(connection: Connection, coder_id: int, document: str) -> list[Any]:
    """Delete one coder's codings of one document; returns the (n, code id) pairs removed."""
    document_segments = (
        select(s.segments.c.id)
        .join(s.documents)
        .where(s.documents.c.name == document)
        .scalar_subquery()
    )
    mine: ColumnElement[bool] = and_(
        s.codings.c.coder_id == coder_id, s.codings.c.segment_id.in_(document_segments)
    )
    old = connection.execute(
        select(s.segments.c.n, s.codings.c.code_id)
        .select_from(s.codings.join(s.segments))
        .where(mine)
    ).all()
    connection.execute(delete(s.codings).where(mine))
    return list(old)
