"""Codebook versions and the project's codes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, tuple_, update

from qualcode.model import CodebookVersion, CodeRevision
from qualcode.store import schema as s
from qualcode.store.base import Queries, audit_row, write_audit
from qualcode.store.engine import now


class CodebookQueries(Queries):
    def current(self) -> CodebookVersion:
        with self.read() as connection:
            row = connection.execute(
                select(s.codebook_versions).order_by(s.codebook_versions.c.id.desc()).limit(1)
            ).one()
        return CodebookVersion(
            row.id, row.name, row.version_label, row.content_hash, row.yaml_text, row.imported_at
        )

    def usage(self) -> dict[str, int]:
        """Number of codings per code id, for every code the project knows."""
        with self.read() as connection:
            known = connection.execute(select(s.codes.c.id)).scalars().all()
            counts: dict[str, int] = {
                code_id: int(count)
                for code_id, count in connection.execute(
                    select(s.codings.c.code_id, func.count()).group_by(s.codings.c.code_id)
                )
            }
        return {code_id: int(counts.get(code_id, 0)) for code_id in known}

    def states(self) -> dict[str, bool]:
        """``{code id: retired}`` for every code the project knows."""
        with self.read() as connection:
            return {row.id: bool(row.retired) for row in connection.execute(select(s.codes))}

    def add_version(self, revision: CodeRevision, actor: str) -> int:
        """Store a codebook version, move renamed codings, and make its codes the current set."""
        stamp = now()
        with self.write() as connection:
            version_id = int(
                connection.execute(
                    insert(s.codebook_versions).values(
                        name=revision.codebook.name,
                        version_label=revision.codebook.version,
                        content_hash=revision.content_hash,
                        source_name=revision.source_name,
                        yaml_text=revision.yaml_text,
                        imported_at=stamp,
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
            )
            _upsert_codes(connection, revision)
            detail = (
                f"{revision.codebook.name} v{revision.codebook.version} "
                f"({revision.content_hash[:12]})"
            )
            audit = [
                audit_row(
                    stamp, actor, "codebook_version", codebook_version_id=version_id, detail=detail
                )
            ]
            audit += _apply_renames(connection, revision.renames, stamp, actor, version_id)
            audit += _remove_codes(connection, revision.removed, stamp, actor, version_id)
            write_audit(connection, audit)
        return version_id


def _upsert_codes(connection: Connection, revision: CodeRevision) -> None:
    existing = set(connection.execute(select(s.codes.c.id)).scalars())
    for position, code in enumerate(revision.codebook.codes()):
        row = {
            "id": code.id,
            "family_id": code.family,
            "parent_id": code.parent,
            "label": code.label,
            "position": position,
            "retired": code.retired,
        }
        if code.id in existing:
            connection.execute(update(s.codes).where(s.codes.c.id == code.id).values(row))
        else:
            connection.execute(insert(s.codes).values(row))


def _apply_renames(
    connection: Connection, renames: dict[str, str], stamp: str, actor: str, version_id: int
) -> list[dict[str, Any]]:
    audit = []
    for old, new in renames.items():
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
            audit_row(
                stamp,
                actor,
                "code_renamed",
                code_id=new,
                codebook_version_id=version_id,
                detail=f"{old} -> {new}: {moved} codings follow",
            )
        )
    return audit


def _remove_codes(
    connection: Connection, removed: list[str], stamp: str, actor: str, version_id: int
) -> list[dict[str, Any]]:
    if not removed:
        return []
    connection.execute(delete(s.codes).where(s.codes.c.id.in_(removed)))
    return [
        audit_row(
            stamp,
            actor,
            "code_removed",
            code_id=code_id,
            codebook_version_id=version_id,
            detail="no codings",
        )
        for code_id in removed
    ]
