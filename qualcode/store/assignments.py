"""Who codes which document: the assignment table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, insert, select

from qualcode.store import schema as s
from qualcode.store.base import Queries, audit_row, ensure_coders, write_audit
from qualcode.store.engine import now


class AssignmentQueries(Queries):
    def all(self) -> dict[str, list[tuple[str, str]]]:
        """``{document: [(coder, role), ...]}`` with the primary coder first."""
        query = (
            select(s.documents.c.name, s.coders.c.name, s.assignments.c.role)
            .select_from(s.assignments.join(s.documents).join(s.coders))
            .order_by(s.documents.c.name, s.assignments.c.role, s.coders.c.name)
        )
        result: dict[str, list[tuple[str, str]]] = defaultdict(list)
        with self.read() as connection:
            for document, coder, role in connection.execute(query):
                result[document].append((coder, role))
        return dict(result)

    def replace(self, rows: Sequence[tuple[str, str, str]], actor: str, detail: str) -> None:
        """Replace every assignment with ``rows`` of (document, coder, role), in one transaction."""
        stamp = now()
        with self.write() as connection:
            documents = dict(connection.execute(select(s.documents.c.name, s.documents.c.id)).all())
            coder_ids = ensure_coders(connection, {coder for _, coder, _ in rows}, stamp)
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
            write_audit(connection, [audit_row(stamp, actor, "assignments_set", detail=detail)])
