"""The only code that speaks SQL: a typed API over the project database.

Every public method runs in its own transaction; methods that change several tables (an import,
a codebook revision, a codings file) do all of it in one, so a failure leaves the project as it
was.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, select, tuple_, update

from qualcode.errors import ProjectError
from qualcode.model import Codebook, ParsedDocument
from qualcode.store import schema
from qualcode.store.allowlist import AllowlistQueries
from qualcode.store.coding import CoderState, CodingQueries, DocumentOverview, SegmentView
from qualcode.store.engine import check_schema, create_file, now, sqlite_engine, transaction
from qualcode.store.migrations import initialise
from qualcode.store.queries import (
    AgreementData,
    AssignmentQueries,
    CodingRows,
    DocumentInfo,
    ReportQueries,
    UnitRow,
    _ensure_coders,
)
from qualcode.store.queries import (
    audit_row as _audit,
)
from qualcode.store.reconcile import CodeNote, Decision, ReconcileQueries, ReconcileUnit

s = schema


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    source_name: str
    format: str
    unit: str
    word_count: int
    segment_count: int
    respondent_segments: int
    deidentified: bool
    attributes: dict[str, str]
    reviewed_by: dict[str, int]
    deid_report: dict[str, Any] | None = None


@dataclass(frozen=True)
class SegmentRow:
    id: int
    document: str
    n: int
    speaker: str
    speaker_kind: str
    text: str


@dataclass(frozen=True)
class CodebookVersion:
    id: int
    name: str
    version_label: str
    content_hash: str
    yaml_text: str
    imported_at: str


@dataclass(frozen=True)
class CodeRevision:
    """What a new codebook version does to the project's codes (see :mod:`qualcode.project`)."""

    codebook: Codebook
    yaml_text: str
    source_name: str
    content_hash: str
    renames: dict[str, str]  # old id -> new id
    removed: list[str]  # ids without codings that the new version drops


class Store(AssignmentQueries, ReportQueries, CodingQueries, ReconcileQueries, AllowlistQueries):
    """A project database: :meth:`create` makes a new file, :meth:`open` opens one."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path

    # -- lifecycle ------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, codebook: Codebook, yaml_text: str, source_name: str, content_hash: str
    ) -> Store:
        create_file(path)
        engine = sqlite_engine(path)
        try:
            with transaction(engine, write=True) as connection:
                initialise(connection)
            store = cls(engine, path)
            store.add_codebook_version(
                CodeRevision(codebook, yaml_text, source_name, content_hash, {}, []), actor="system"
            )
        except BaseException:
            engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return store

    @classmethod
    def open(cls, path: Path) -> Store:
        if not path.is_file():
            raise ProjectError(
                f"{path}: no such project. Create it with `qualcode new {path} --codebook FILE`."
            )
        engine = sqlite_engine(path)
        check_schema(engine, path)
        return cls(engine, path)

    def close(self) -> None:
        self.engine.dispose()

    # -- codebook -------------------------------------------------------------------------

    def current_codebook_version(self) -> CodebookVersion:
        with transaction(self.engine, write=False) as connection:
            row = connection.execute(
                select(s.codebook_versions).order_by(s.codebook_versions.c.id.desc()).limit(1)
            ).one()
        return CodebookVersion(
            row.id, row.name, row.version_label, row.content_hash, row.yaml_text, row.imported_at
        )

    def code_usage(self) -> dict[str, int]:
        """Number of codings per code id, for every code the project knows."""
        with transaction(self.engine, write=False) as connection:
            known = connection.execute(select(s.codes.c.id)).scalars().all()
            counts: dict[str, int] = {
                code_id: int(count)
                for code_id, count in connection.execute(
                    select(s.codings.c.code_id, func.count()).group_by(s.codings.c.code_id)
                )
            }
        return {code_id: int(counts.get(code_id, 0)) for code_id in known}

    def add_codebook_version(self, revision: CodeRevision, actor: str) -> int:
        """Store a codebook version, move renamed codings, and make its codes the current set."""
        stamp = now()
        with transaction(self.engine, write=True) as connection:
            version_id = connection.execute(
                insert(s.codebook_versions).values(
                    name=revision.codebook.name,
                    version_label=revision.codebook.version,
                    content_hash=revision.content_hash,
                    source_name=revision.source_name,
                    yaml_text=revision.yaml_text,
                    imported_at=stamp,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            existing = set(connection.execute(select(s.codes.c.id)).scalars())
            rows = [
                {
                    "id": code.id,
                    "family_id": code.family,
                    "parent_id": code.parent,
                    "label": code.label,
                    "position": position,
                    "retired": code.retired,
                }
                for position, code in enumerate(revision.codebook.codes())
            ]
            for row in rows:
                if row["id"] in existing:
                    connection.execute(update(s.codes).where(s.codes.c.id == row["id"]).values(row))
                else:
                    connection.execute(insert(s.codes).values(row))
            audit: list[dict[str, Any]] = [
                _audit(
                    stamp,
                    actor,
                    "codebook_version",
                    codebook_version_id=version_id,
                    detail=f"{revision.codebook.name} v{revision.codebook.version} "
                    f"({revision.content_hash[:12]})",
                )
            ]
            for old, new in revision.renames.items():
                # A coder who applied both the old and the new code to a segment keeps one.
                already = select(s.codings.c.segment_id, s.codings.c.coder_id).where(
                    s.codings.c.code_id == new
                )
                connection.execute(
                    delete(s.codings).where(
                        s.codings.c.code_id == old,
                        tuple_(s.codings.c.segment_id, s.codings.c.coder_id).in_(already),
                    )
                )
                moved = connection.execute(
                    update(s.codings).where(s.codings.c.code_id == old).values(code_id=new)
                ).rowcount
                connection.execute(delete(s.codes).where(s.codes.c.id == old))
                audit.append(
                    _audit(
                        stamp,
                        actor,
                        "code_renamed",
                        code_id=new,
                        codebook_version_id=version_id,
                        detail=f"{old} -> {new}: {moved} codings follow",
                    )
                )
            if revision.removed:
                connection.execute(delete(s.codes).where(s.codes.c.id.in_(revision.removed)))
                for code_id in revision.removed:
                    audit.append(
                        _audit(
                            stamp,
                            actor,
                            "code_removed",
                            code_id=code_id,
                            codebook_version_id=version_id,
                            detail="no codings",
                        )
                    )
            connection.execute(insert(s.audit_log), audit)
        return int(version_id)

    # -- documents and segments -----------------------------------------------------------

    def document_names(self) -> set[str]:
        with transaction(self.engine, write=False) as connection:
            return set(connection.execute(select(s.documents.c.name)).scalars())

    def insert_documents(
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
        with transaction(self.engine, write=True) as connection:
            clash = (
                connection.execute(
                    select(s.documents.c.name).where(
                        s.documents.c.name.in_([d.name for d in documents])
                    )
                )
                .scalars()
                .all()
            )
            if clash:
                raise ProjectError(
                    f"The project already has documents named {', '.join(sorted(clash))}. "
                    "Rename the files or remove the old documents first."
                )
            for document in documents:
                document_id = connection.execute(
                    insert(s.documents).values(
                        name=document.name,
                        source_name=document.source_name,
                        format=document.format,
                        unit=document.unit,
                        word_count=document.word_count,
                        segment_count=len(document.segments),
                        deidentified=deidentified,
                        imported_at=stamp,
                        deid_report=(deid_reports or {}).get(document.name),
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
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
            connection.execute(
                insert(s.audit_log),
                [
                    _audit(
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

    def documents(self) -> list[DocumentRow]:
        with transaction(self.engine, write=False) as connection:
            docs = connection.execute(select(s.documents).order_by(s.documents.c.name)).all()
            attributes: dict[int, dict[str, str]] = defaultdict(dict)
            for row in connection.execute(select(s.document_attributes)):
                attributes[row.document_id][row.key] = row.value
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
        with transaction(self.engine, write=False) as connection:
            for row in connection.execute(query):
                yield SegmentRow(*row)

    # -- coders and codings ---------------------------------------------------------------

    def segment_index(self, document_names: Iterable[str]) -> dict[str, dict[int, int]]:
        """``{document: {n: segment primary key}}`` for the named documents that exist."""
        names = sorted(set(document_names))
        index: dict[str, dict[int, int]] = defaultdict(dict)
        with transaction(self.engine, write=False) as connection:
            for start in range(0, len(names), 500):
                chunk = names[start : start + 500]
                for name, n, pk in connection.execute(
                    select(s.documents.c.name, s.segments.c.n, s.segments.c.id)
                    .select_from(s.segments.join(s.documents))
                    .where(s.documents.c.name.in_(chunk))
                ):
                    index[name][n] = pk
        return dict(index)

    def code_states(self) -> dict[str, bool]:
        """``{code id: retired}`` for every code the project knows."""
        with transaction(self.engine, write=False) as connection:
            return {row.id: bool(row.retired) for row in connection.execute(select(s.codes))}

    def replace_codings(
        self,
        pairs: set[tuple[str, str]],
        codings: Sequence[tuple[str, str, int, str]],
        *,
        actor: str,
    ) -> tuple[int, int]:
        """Make ``codings`` the complete coding of each (coder, document) pair, in one transaction.

        Every segment of a pair's document becomes reviewed by that coder; the coder's earlier
        codings of the document are replaced (the audit log keeps them). ``codings`` rows are
        (coder, document, n, code id). Returns (codings removed, codings written).
        """
        stamp = now()
        version_id = self.current_codebook_version().id
        with transaction(self.engine, write=True) as connection:
            coder_ids = _ensure_coders(connection, {coder for coder, _ in pairs}, stamp)
            names = sorted({document for _, document in pairs})
            segment_pk: dict[tuple[str, int], int] = {}
            by_document: dict[str, list[int]] = defaultdict(list)
            for start in range(0, len(names), 500):
                for name, n, pk in connection.execute(
                    select(s.documents.c.name, s.segments.c.n, s.segments.c.id)
                    .select_from(s.segments.join(s.documents))
                    .where(s.documents.c.name.in_(names[start : start + 500]))
                ):
                    segment_pk[(name, n)] = pk
                    by_document[name].append(pk)
            removed_total = 0
            audit: list[dict[str, Any]] = []
            for coder, document in sorted(pairs):
                coder_id = coder_ids[coder]
                document_segments = (
                    select(s.segments.c.id)
                    .join(s.documents)
                    .where(s.documents.c.name == document)
                    .scalar_subquery()
                )
                mine = and_(
                    s.codings.c.coder_id == coder_id, s.codings.c.segment_id.in_(document_segments)
                )
                old = connection.execute(
                    select(s.segments.c.n, s.codings.c.code_id)
                    .select_from(s.codings.join(s.segments))
                    .where(mine)
                ).all()
                removed_total += len(old)
                audit.extend(
                    _audit(
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
                connection.execute(delete(s.codings).where(mine))
                reviewed = set(
                    connection.execute(
                        select(s.reviews.c.segment_id).where(
                            s.reviews.c.coder_id == coder_id,
                            s.reviews.c.segment_id.in_(document_segments),
                        )
                    ).scalars()
                )
                new_reviews = [
                    {"segment_id": pk, "coder_id": coder_id, "reviewed_at": stamp}
                    for pk in by_document[document]
                    if pk not in reviewed
                ]
                if new_reviews:
                    connection.execute(insert(s.reviews), new_reviews)
            rows = [
                {
                    "segment_id": segment_pk[(document, n)],
                    "coder_id": coder_ids[coder],
                    "code_id": code_id,
                    "codebook_version_id": version_id,
                    "created_at": stamp,
                }
                for coder, document, n, code_id in codings
            ]
            if rows:
                connection.execute(insert(s.codings), rows)
            audit.extend(
                _audit(
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
            )
            if audit:
                connection.execute(insert(s.audit_log), audit)
        return removed_total, len(rows)

    def export_codings(self) -> Iterator[tuple[str, int, str, str | None]]:
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
        with transaction(self.engine, write=False) as connection:
            for row in connection.execute(query):
                yield row[0], row[1], row[2], row[3]

    def audit_entries(self) -> list[dict[str, Any]]:
        with transaction(self.engine, write=False) as connection:
            return [
                dict(row._mapping)
                for row in connection.execute(select(s.audit_log).order_by(s.audit_log.c.id))
            ]

    def coding_counts(self) -> dict[str, int]:
        """Number of codings per coder."""
        with transaction(self.engine, write=False) as connection:
            return {
                name: int(count)
                for name, count in connection.execute(
                    select(s.coders.c.name, func.count())
                    .select_from(s.codings.join(s.coders))
                    .group_by(s.coders.c.name)
                    .order_by(s.coders.c.name)
                )
            }


__all__ = [
    "AgreementData",
    "CodeNote",
    "CodeRevision",
    "CodebookVersion",
    "CoderState",
    "CodingRows",
    "Decision",
    "DocumentInfo",
    "DocumentOverview",
    "DocumentRow",
    "ReconcileUnit",
    "SegmentRow",
    "SegmentView",
    "Store",
    "UnitRow",
]
