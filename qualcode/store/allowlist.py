"""The project's own deidentification allowlist: entries added and shipped entries removed."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select

from qualcode.store import schema as s
from qualcode.store.base import Queries, audit_row, write_audit
from qualcode.store.engine import now


class AllowlistQueries(Queries):
    def changes(self) -> tuple[list[str], list[str]]:
        """(entries the project added, shipped entries it removed), in the order changed."""
        added: list[str] = []
        removed: list[str] = []
        with self.read() as connection:
            for entry, action in connection.execute(
                select(s.allowlist.c.entry, s.allowlist.c.action).order_by(s.allowlist.c.id)
            ):
                (added if action == "add" else removed).append(entry)
        return added, removed

    def change(self, changes: Sequence[tuple[str, str, str | None, str]], actor: str) -> None:
        """Apply (key, entry, stored action, audit action) changes in one transaction.

        The stored action is ``"add"``, ``"remove"`` or ``None`` (delete the row for ``key``:
        back to the shipped state); the audit action (``allowlist_add`` or ``allowlist_remove``)
        is what the user asked for, written to the audit log with the entry.
        """
        stamp = now()
        with self.write() as connection:
            for key, entry, action, audit_action in changes:
                connection.execute(delete(s.allowlist).where(s.allowlist.c.key == key))
                if action is not None:
                    connection.execute(
                        insert(s.allowlist).values(
                            key=key, entry=entry, action=action, changed_at=stamp
                        )
                    )
                write_audit(connection, [audit_row(stamp, actor, audit_action, detail=entry)])
