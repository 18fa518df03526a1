"""Fast reads for the commands that only read a project file, without SQLAlchemy.

``documents``, ``segments``, ``kappa``, ``freq``, ``quotes``, ``report`` and ``codings export``
read a handful of tables and exit. Importing SQLAlchemy costs more than their whole work on a
typical project (about 0.25 s of a 0.5 s command), so on an up-to-date SQLite project file they
read through the standard library's ``sqlite3`` instead: :func:`open_read_only` gives a
:class:`ReadStore` whose query groups answer these reads with the statements SQLAlchemy emits
for the same methods of :class:`~qualcode.store.Store` (same SQL, same row order, same plain
types). Any other query on a :class:`ReadStore` opens the full store on first use, so a service
that needs more still works — only slower.

``tests/store/test_lite.py`` checks every method here against the full store's on the same
projects, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.errors import ProjectError
from qualcode.model import (
    CONSENSUS,
    CONSENSUS_NAME,
    AgreementData,
    CodebookVersion,
    CoderState,
    CodingRows,
    DocumentInfo,
    DocumentOverview,
    DocumentRow,
    ReconcileUnit,
    SegmentRow,
    SegmentView,
    UnitRow,
)
from qualcode.model.exports import SegmentListing
from qualcode.store.probe import READ_TIMEOUT_S, SCHEMA_VERSION, check_file, schema_version

if TYPE_CHECKING:
    from qualcode.store import Store

#: Rows per ``IN (...)`` list, as in the full store.
CHUNK = 500


def open_read_only(path: Path) -> ReadStore | None:
    """A :class:`ReadStore` on the project file, or ``None`` when the file needs the full store
    (an older schema to migrate first)."""
    check_file(path)
    try:
        connection = sqlite3.connect(
            path, timeout=READ_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA query_only = ON")
        # Read through this connection, which sees what is still in the write-ahead log.
        values = {str(k): str(v) for k, v in connection.execute("SELECT key, value FROM meta")}
    except sqlite3.Error as exc:
        raise ProjectError(failure(exc, path)) from None
    if schema_version(values, path) != SCHEMA_VERSION:
        connection.close()
        return None
    return ReadStore(path, connection)


def failure(exc: sqlite3.Error, path: Path) -> str:
    """The user's message for a failed read (SQLite's own text holds no row values)."""
    reason = str(exc).strip()
    lowered = reason.lower()
    if "locked" in lowered or "busy" in lowered:
        return (
            "The project is busy: another qualcode process has held it for more than "
            f"{READ_TIMEOUT_S:.0f} s. Try again when it has finished."
        )
    if "malformed" in lowered or "not a database" in lowered or "i/o error" in lowered:
        return (
            f"{path}: the project file is damaged ({reason}). Restore it from a backup; "
            "qualcode did not change it."
        )
    return f"{path}: the project could not be read ({reason})."


class ReadStore:
    """A project file opened for reading (see the module docstring)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection
        self._full: Store | None = None
        self._opening = threading.Lock()
        self._reading = threading.Lock()
        self.codebooks = _Group(self, "codebooks", _Codebooks(self))
        self.documents = _Group(self, "documents", _Documents(self))
        self.codings = _Group(self, "codings", _Codings(self))
        self.assignments = _Group(self, "assignments", _Assignments(self))
        self.agreement = _Group(self, "agreement", _Agreement(self))
        self.reports = _Group(self, "reports", _Reports(self))
        self.reconciliation = _Group(self, "reconciliation", _Reconciliation(self))
        self.exports = _Group(self, "exports", _Exports(self))
        self.suggest = _Group(self, "suggest", _Suggest(self))

    def full(self) -> Store:
        """The full store on the same file, opened on first use."""
        with self._opening:  # the coding UI's writer thread may ask at the same time
            if self._full is None:
                from qualcode.store import Store

                self._full = Store.open(self.path, checked=True)
            return self._full

    def __getattr__(self, name: str) -> Any:
        # Query groups and attributes of the full store not read here (allowlist, engine...).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    def close(self) -> None:
        self.connection.close()
        if self._full is not None:
            self._full.close()

    def read(self, work: Any) -> Any:
        """Run ``work(connection)`` in one read transaction (one consistent snapshot), one
        thread at a time."""
        with self._reading:
            return self._read(work)

    def _read(self, work: Any) -> Any:
        try:
            self.connection.execute("BEGIN DEFERRED")
            try:
                return work(self.connection)
            finally:
                self.connection.execute("COMMIT")
        except sqlite3.Error as exc:
            raise ProjectError(failure(exc, self.path)) from None


class _Group:
    """A query group: the reads implemented here, everything else from the full store's group."""

    def __init__(self, store: ReadStore, name: str, reads: object) -> None:
        self._store = store
        self._name = name
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_") and hasattr(self._reads, name):
            return getattr(self._reads, name)
        return getattr(getattr(self._store.full(), self._name), name)


class _Reads:
    def __init__(self, store: ReadStore) -> None:
        self.store = store


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _attributes(connection: sqlite3.Connection) -> dict[int, dict[str, str]]:
    attributes: dict[int, dict[str, str]] = defaultdict(dict)
    for document_id, key, value in connection.execute(
        'SELECT document_attributes.document_id, document_attributes."key", '
        "document_attributes.value FROM document_attributes"
    ):
        attributes[document_id][key] = value
    return attributes


class _Codebooks(_Reads):
    def current(self) -> CodebookVersion:
        def work(connection: sqlite3.Connection) -> CodebookVersion:
            row = connection.execute(
                "SELECT codebook_versions.id, codebook_versions.name, "
                "codebook_versions.version_label, codebook_versions.content_hash, "
                "codebook_versions.yaml_text, codebook_versions.imported_at "
                "FROM codebook_versions ORDER BY codebook_versions.id DESC LIMIT 1"
            ).fetchone()
            return CodebookVersion(*row)

        result: CodebookVersion = self.store.read(work)
        return result


class _Documents(_Reads):
    def names(self) -> set[str]:
        return set(
            self.store.read(
                lambda c: [name for (name,) in c.execute("SELECT documents.name FROM documents")]
            )
        )

    def units(self) -> list[str]:
        units = self.store.read(
            lambda c: [u for (u,) in c.execute("SELECT DISTINCT documents.unit FROM documents")]
        )
        return sorted(units)

    def rows(self) -> list[DocumentRow]:
        def work(connection: sqlite3.Connection) -> list[DocumentRow]:
            docs = connection.execute(
                "SELECT documents.id, documents.name, documents.source_name, documents.format, "
                "documents.unit, documents.word_count, documents.segment_count, "
                "documents.deidentified, documents.deid_report FROM documents "
                "ORDER BY documents.name"
            ).fetchall()
            attributes = _attributes(connection)
            respondent = dict(
                connection.execute(
                    "SELECT segments.document_id, count(*) AS count_1 FROM segments "
                    "WHERE segments.speaker_kind = ? GROUP BY segments.document_id",
                    ("respondent",),
                ).fetchall()
            )
            reviewed: dict[int, dict[str, int]] = defaultdict(dict)
            for document_id, coder, count in connection.execute(
                "SELECT segments.document_id, coders.name, count(*) AS count_1 FROM reviews "
                "JOIN segments ON segments.id = reviews.segment_id "
                "JOIN coders ON coders.id = reviews.coder_id "
                "GROUP BY segments.document_id, coders.name"
            ):
                reviewed[document_id][coder] = int(count)
            return [
                DocumentRow(
                    id=pk,
                    name=name,
                    source_name=source_name,
                    format=format_,
                    unit=unit,
                    word_count=word_count,
                    segment_count=segment_count,
                    respondent_segments=int(respondent.get(pk, 0)),
                    deidentified=bool(deidentified),
                    attributes=dict(sorted(attributes[pk].items())),
                    reviewed_by=dict(sorted(reviewed[pk].items())),
                    deid_report=json.loads(report) if report else None,
                )
                for (
                    pk,
                    name,
                    source_name,
                    format_,
                    unit,
                    word_count,
                    segment_count,
                    deidentified,
                    report,
                ) in docs
            ]

        result: list[DocumentRow] = self.store.read(work)
        return result

    def segments(self, document: str | None = None) -> Iterator[SegmentRow]:
        sql = (
            "SELECT segments.id, documents.name, segments.n, segments.speaker, "
            "segments.speaker_kind, segments.text FROM segments "
            "JOIN documents ON documents.id = segments.document_id"
        )
        parameters: tuple[str, ...] = ()
        if document is not None:
            sql += " WHERE documents.name = ?"
            parameters = (document,)
        sql += " ORDER BY documents.name, segments.n"
        rows = self.store.read(lambda c: c.execute(sql, parameters).fetchall())
        for row in rows:
            yield SegmentRow(*row)

    def overview(self, coder_id: int) -> list[DocumentOverview]:
        """As :meth:`qualcode.store.documents.DocumentQueries.overview`."""
        result: list[DocumentOverview] = self.store.read(
            lambda connection: _overview(connection, coder_id)
        )
        return result

    def segment_views(self, document_id: int) -> list[SegmentView]:
        rows = self.store.read(
            lambda c: c.execute(
                "SELECT segments.id, segments.n, segments.speaker, segments.speaker_kind, "
                "segments.text FROM segments WHERE segments.document_id = ? "
                "ORDER BY segments.n",
                (document_id,),
            ).fetchall()
        )
        return [SegmentView(*row) for row in rows]

    def details(self, segment_pks: Sequence[int]) -> dict[int, tuple[int, str, str]]:
        def work(connection: sqlite3.Connection) -> dict[int, tuple[int, str, str]]:
            details: dict[int, tuple[int, str, str]] = {}
            for chunk in _chunks(sorted(set(segment_pks))):
                for pk, n, speaker, text in connection.execute(
                    "SELECT segments.id, segments.n, segments.speaker, segments.text "
                    f"FROM segments WHERE segments.id IN ({_marks(chunk)})",
                    tuple(chunk),
                ):
                    details[pk] = (n, speaker, text)
            return details

        result: dict[int, tuple[int, str, str]] = self.store.read(work)
        return result

    def texts(self, segment_pks: Sequence[int]) -> dict[int, str]:
        def work(connection: sqlite3.Connection) -> dict[int, str]:
            texts: dict[int, str] = {}
            for chunk in _chunks(sorted(set(segment_pks))):
                for pk, text in connection.execute(
                    "SELECT segments.id, segments.text FROM segments "
                    f"WHERE segments.id IN ({_marks(chunk)})",
                    tuple(chunk),
                ):
                    texts[pk] = text
            return texts

        result: dict[int, str] = self.store.read(work)
        return result


class _Codings(_Reads):
    def coder_id(self, name: str) -> int:
        """The coder's id; a coder new to the project is added by the full store."""
        found = self.store.read(
            lambda c: c.execute(
                "SELECT coders.name, coders.id FROM coders WHERE coders.name IN (?)", (name,)
            ).fetchall()
        )
        if found:
            return int(found[0][1])
        return int(self.store.full().codings.coder_id(name))

    def coder_state(self, document_id: int, coder_id: int) -> CoderState:
        """As :meth:`qualcode.store.codings.CodingQueries.coder_state`."""
        result: CoderState = self.store.read(
            lambda connection: _coder_state(connection, document_id, coder_id)
        )
        return result

    def coders_with_reviews(self) -> list[str]:
        return list(
            self.store.read(
                lambda c: [
                    name
                    for (name,) in c.execute(
                        "SELECT coders.name FROM coders WHERE coders.id IN "
                        "(SELECT DISTINCT reviews.coder_id FROM reviews) ORDER BY coders.name"
                    )
                ]
            )
        )

    def export(self) -> Iterator[tuple[str, int, str, str | None]]:
        rows = self.store.read(
            lambda c: c.execute(
                "SELECT documents.name, segments.n, coders.name AS name_1, codings.code_id "
                "FROM reviews JOIN segments ON reviews.segment_id = segments.id "
                "JOIN documents ON segments.document_id = documents.id "
                "JOIN coders ON reviews.coder_id = coders.id "
                "LEFT OUTER JOIN codings ON codings.segment_id = reviews.segment_id "
                "AND codings.coder_id = reviews.coder_id "
                "ORDER BY documents.name, segments.n, coders.name, codings.code_id"
            ).fetchall()
        )
        yield from rows


class _Assignments(_Reads):
    def all(self) -> dict[str, list[tuple[str, str]]]:
        def work(connection: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
            result: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for document, coder, role in connection.execute(
                "SELECT documents.name, coders.name AS name_1, assignments.role "
                "FROM assignments JOIN documents ON documents.id = assignments.document_id "
                "JOIN coders ON coders.id = assignments.coder_id "
                "ORDER BY documents.name, assignments.role, coders.name"
            ):
                result[document].append((coder, role))
            return dict(result)

        result: dict[str, list[tuple[str, str]]] = self.store.read(work)
        return result


class _Suggest(_Reads):
    def double_coded(self, document_id: int) -> bool:
        """As :meth:`qualcode.store.suggest.SuggestQueries.double_coded` (the coding UI asks on
        every document it opens)."""
        (count,) = self.store.read(
            lambda c: c.execute(
                "SELECT count(*) AS count_1 FROM assignments WHERE assignments.document_id = ?",
                (document_id,),
            ).fetchone()
        )
        return int(count) >= 2


class _Reconciliation(_Reads):
    def units(self, coder_a: str, coder_b: str) -> list[ReconcileUnit]:
        """As :meth:`qualcode.store.reconciliation.ReconciliationQueries.units`."""
        result: list[ReconcileUnit] = self.store.read(
            lambda connection: _reconcile_units(connection, coder_a, coder_b)
        )
        return result

    def pairs(self) -> list[tuple[str, str]]:
        return list(
            self.store.read(
                lambda c: [
                    (a, b)
                    for a, b in c.execute(
                        "SELECT DISTINCT reconciliations.coder_a, reconciliations.coder_b "
                        "FROM reconciliations"
                    )
                ]
            )
        )


class _Agreement(_Reads):
    def data(self, coders: Sequence[str], include_interviewer: bool) -> AgreementData:
        """As :meth:`qualcode.store.agreement.AgreementQueries.data`."""
        result: AgreementData = self.store.read(
            lambda connection: _agreement_data(connection, coders, include_interviewer)
        )
        return result


def _agreement_data(
    connection: sqlite3.Connection, coders: Sequence[str], include_interviewer: bool
) -> AgreementData:
    wanted = list(coders)
    names = {
        pk: name
        for name, pk in connection.execute(
            f"SELECT coders.name, coders.id FROM coders WHERE coders.name IN ({_marks(wanted)})",
            tuple(wanted),
        )
    }
    # (segment, who): the coders' reviews, plus the decided segments for the consensus.
    who = [*names]
    reviewers_of = (
        "SELECT reviews.segment_id AS segment_id, reviews.coder_id AS who FROM reviews "
        f"WHERE reviews.coder_id IN ({_marks(who)})"
    )
    if CONSENSUS_NAME in coders:
        reviewers_of += (
            " UNION ALL SELECT reconciliations.segment_id, ? AS who FROM reconciliations"
        )
        who.append(CONSENSUS)
        names[CONSENSUS] = CONSENSUS_NAME
    reviewed = f"SELECT anon_1.segment_id FROM ({reviewers_of}) AS anon_1"
    parameters = list(who)
    if not include_interviewer:
        reviewed += (
            " JOIN segments ON segments.id = anon_1.segment_id WHERE segments.speaker_kind != ?"
        )
        parameters.append("interviewer")
    reviewed += " GROUP BY anon_1.segment_id HAVING count(*) >= ?"
    parameters.append(2)
    documents = dict(connection.execute("SELECT documents.id, documents.name FROM documents"))
    unit_rows = connection.execute(
        "SELECT segments.id, segments.document_id, segments.n FROM segments "
        f"WHERE segments.id IN ({reviewed})",
        parameters,
    ).fetchall()
    everyone = frozenset(names.values()) if len(names) == 2 else frozenset()
    reviewers: dict[int, frozenset[str]] = {}
    if len(names) != 2:
        sets: dict[int, set[str]] = defaultdict(set)
        for segment_pk, coder_id in connection.execute(
            f"SELECT anon_2.segment_id, anon_2.who FROM ({reviewers_of}) AS anon_2 "
            f"WHERE anon_2.segment_id IN ({reviewed})",
            who + parameters,
        ):
            sets[segment_pk].add(names[coder_id])
        reviewers = {pk: frozenset(coders_of) for pk, coders_of in sets.items()}
    code_ids = dict(connection.execute("SELECT codes.position, codes.id FROM codes"))
    codings = _codings_of(connection, names, sorted(pk for pk, _, _ in unit_rows))
    units = [
        UnitRow(pk, documents[document_id], n, reviewers.get(pk, everyone))
        for pk, document_id, n in unit_rows
    ]
    units.sort(key=lambda unit: (unit.document, unit.n))
    return AgreementData(units, codings, code_ids)


def _codings_of(
    connection: sqlite3.Connection, names: dict[int, str], unit_pks: list[int]
) -> dict[str, list[tuple[Any, ...]]]:
    """(segment pk, code position) of each coder (and the consensus) on the units, asked for
    by their primary keys in chunks: quicker than evaluating the "reviewed by two" subquery
    again for every coder. ``+codings.coder_id`` keeps SQLite on the primary key (segment,
    coder, code), which covers the query; rows come segment by segment, codes in id order, as
    from the full store."""
    codings: dict[str, list[tuple[Any, ...]]] = {}
    for coder_id, name in names.items():
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(unit_pks):
            if coder_id == CONSENSUS:
                rows += connection.execute(
                    "SELECT consensus_codings.segment_id, codes.position FROM consensus_codings "
                    "JOIN codes ON codes.id = consensus_codings.code_id "
                    f"WHERE consensus_codings.segment_id IN ({_marks(chunk)})",
                    tuple(chunk),
                ).fetchall()
            else:
                rows += connection.execute(
                    "SELECT codings.segment_id, codes.position FROM codings "
                    "JOIN codes ON codes.id = codings.code_id "
                    f"WHERE +codings.coder_id = ? AND codings.segment_id IN ({_marks(chunk)})",
                    (coder_id, *chunk),
                ).fetchall()
        codings[name] = rows
    return codings


class _Reports(_Reads):
    def coding_rows(self, include_interviewer: bool) -> CodingRows:
        """As :meth:`qualcode.store.reports.ReportQueries.coding_rows`."""
        respondent = " WHERE segments.speaker_kind != ?" if not include_interviewer else ""
        kind: tuple[str, ...] = ("interviewer",) if not include_interviewer else ()

        def work(connection: sqlite3.Connection) -> CodingRows:
            attributes = _attributes(connection)
            documents = [
                DocumentInfo(pk, name, dict(sorted(attributes[pk].items())))
                for pk, name in connection.execute(
                    "SELECT documents.id, documents.name FROM documents ORDER BY documents.name"
                )
            ]
            coders = dict(connection.execute("SELECT coders.id, coders.name FROM coders"))
            reviewed: dict[int, set[int]] = defaultdict(set)
            for document_id, coder_id in connection.execute(
                "SELECT DISTINCT segments.document_id, reviews.coder_id FROM reviews "
                "JOIN segments ON segments.id = reviews.segment_id"
            ):
                reviewed[document_id].add(coder_id)
            rows = (
                connection.execute(
                    "SELECT segments.document_id, codings.coder_id, codings.segment_id, "
                    "codes.position FROM codings JOIN segments ON segments.id = codings.segment_id "
                    "JOIN codes ON codes.id = codings.code_id" + respondent,
                    kind,
                ).fetchall()
                + connection.execute(
                    "SELECT segments.document_id, ? AS anon_1, consensus_codings.segment_id, "
                    "codes.position FROM consensus_codings "
                    "JOIN segments ON segments.id = consensus_codings.segment_id "
                    "JOIN codes ON codes.id = consensus_codings.code_id" + respondent,
                    (CONSENSUS, *kind),
                ).fetchall()
            )
            code_ids = dict(connection.execute("SELECT codes.position, codes.id FROM codes"))
            return CodingRows(documents, coders, dict(reviewed), rows, code_ids)

        result: CodingRows = self.store.read(work)
        return result


class _Exports(_Reads):
    def segment_listing(self, include_interviewer: bool, with_text: bool) -> SegmentListing:
        """As :meth:`qualcode.store.exports.ExportQueries.segment_listing`."""
        text = ", segments.text" if with_text else ""
        respondent = (
            " WHERE segments.speaker_kind != 'interviewer'" if not include_interviewer else ""
        )

        def work(connection: sqlite3.Connection) -> list[tuple[Any, ...]]:
            return connection.execute(
                "SELECT segments.id, segments.document_id, segments.n, segments.speaker"
                + text
                + " FROM segments JOIN documents ON documents.id = segments.document_id"
                + respondent
                + " ORDER BY documents.name, segments.n"
            ).fetchall()

        rows: list[tuple[Any, ...]] = self.store.read(work)
        parts = list(zip(*rows, strict=True)) if rows else [()] * (5 if with_text else 4)
        return SegmentListing(
            pk=list(parts[0]),
            document_id=list(parts[1]),
            n=list(parts[2]),
            speaker=list(parts[3]),
            text=list(parts[4]) if with_text else None,
        )


#: Segments both coders of a pair reviewed (parameters: the two coder ids, then 2).
_BOTH = (
    "SELECT reviews.segment_id FROM reviews WHERE reviews.coder_id IN (?, ?) "
    "GROUP BY reviews.segment_id HAVING count(*) = ?"
)


def _reconcile_units(
    connection: sqlite3.Connection, coder_a: str, coder_b: str
) -> list[ReconcileUnit]:
    ids = dict(
        connection.execute(
            "SELECT coders.name, coders.id FROM coders WHERE coders.name IN (?, ?)",
            (coder_a, coder_b),
        ).fetchall()
    )
    if len(ids) < 2:
        return []
    pair = (ids[coder_a], ids[coder_b])
    both = (*pair, 2)
    rows = connection.execute(
        "SELECT segments.id, documents.name, segments.n, segments.speaker, segments.text "
        "FROM segments JOIN documents ON documents.id = segments.document_id "
        f"WHERE segments.id IN ({_BOTH}) ORDER BY documents.name, segments.n",
        both,
    ).fetchall()
    codes: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for coder_id, segment_pk, code_id in connection.execute(
        "SELECT codings.coder_id, codings.segment_id, codings.code_id FROM codings "
        f"WHERE codings.coder_id IN (?, ?) AND codings.segment_id IN ({_BOTH})",
        (*pair, *both),
    ):
        codes[coder_id][segment_pk].add(code_id)
    decisions = {
        segment_pk: (decision, note)
        for segment_pk, decision, note in connection.execute(
            "SELECT reconciliations.segment_id, reconciliations.decision, reconciliations.note "
            f"FROM reconciliations WHERE reconciliations.segment_id IN ({_BOTH})",
            both,
        )
    }
    consensus: dict[int, set[str]] = defaultdict(set)
    for segment_pk, code_id in connection.execute(
        "SELECT consensus_codings.segment_id, consensus_codings.code_id FROM consensus_codings "
        f"WHERE consensus_codings.segment_id IN ({_BOTH})",
        both,
    ):
        consensus[segment_pk].add(code_id)
    return [
        ReconcileUnit(
            pk,
            document,
            n,
            speaker,
            text,
            set(codes[pair[0]].get(pk, set())),
            set(codes[pair[1]].get(pk, set())),
            decisions[pk][0] if pk in decisions else None,
            decisions[pk][1] if pk in decisions else None,
            consensus.get(pk, set()),
        )
        for pk, document, n, speaker, text in rows
    ]


def _overview(connection: sqlite3.Connection, coder_id: int) -> list[DocumentOverview]:
    attributes = _attributes(connection)
    reviewed = dict(
        connection.execute(
            "SELECT segments.document_id, count(*) AS count_1 FROM reviews "
            "JOIN segments ON segments.id = reviews.segment_id WHERE reviews.coder_id = ? "
            "GROUP BY segments.document_id",
            (coder_id,),
        ).fetchall()
    )
    roles: dict[int, str] = {}
    assigned: dict[int, int] = defaultdict(int)
    for document_id, who, role in connection.execute(
        "SELECT assignments.document_id, assignments.coder_id, assignments.role FROM assignments"
    ):
        assigned[document_id] += 1
        if who == coder_id:
            roles[document_id] = role
    rows = connection.execute(
        "SELECT documents.id, documents.name, documents.segment_count FROM documents "
        "ORDER BY documents.name"
    ).fetchall()
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


def _coder_state(connection: sqlite3.Connection, document_id: int, coder_id: int) -> CoderState:
    """This coder's codings, reviewed segments and memos on one document — nobody else's."""
    mine = "SELECT segments.id FROM segments WHERE segments.document_id = ?"
    state = CoderState(defaultdict(set), set(), {})
    for segment_pk, code_id in connection.execute(
        "SELECT codings.segment_id, codings.code_id FROM codings "
        f"WHERE codings.coder_id = ? AND codings.segment_id IN ({mine})",
        (coder_id, document_id),
    ):
        state.codings[segment_pk].add(code_id)
    state.reviewed.update(
        pk
        for (pk,) in connection.execute(
            "SELECT reviews.segment_id FROM reviews "
            f"WHERE reviews.coder_id = ? AND reviews.segment_id IN ({mine})",
            (coder_id, document_id),
        )
    )
    for segment_pk, text in connection.execute(
        "SELECT memos.segment_id, memos.text FROM memos "
        "WHERE memos.coder_id = ? AND memos.document_id = ?",
        (coder_id, document_id),
    ):
        state.memos[segment_pk] = text
    return state
