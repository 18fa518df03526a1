"""The document list: attributes, this coder's progress, assignment marks."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from qualcode.model import DocumentOverview
from qualcode.project.coding import CodingSession
from qualcode.tui.bindings import CODING_KEYS, DOCUMENT_KEYS, bindings


class DocumentsScreen(Screen[None]):
    BINDINGS = bindings(DOCUMENT_KEYS)
    HELP_SECTIONS = (("Document list", DOCUMENT_KEYS), ("Coding screen", CODING_KEYS))
    HELP_CODEBOOK = True

    def __init__(self, session: CodingSession, open_document: Callable[[int, str], None]) -> None:
        super().__init__()
        self.session = session
        self.open_document = open_document
        self.rows: list[DocumentOverview] = []

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "document",
            "role",
            "site",
            "participant",
            "assigned",
            "segments",
            "reviewed",
            "progress",
        )
        table.focus()  # the rows come with on_screen_resume, which follows the first mount

    def refresh_rows(self) -> None:
        session = self.session
        self.rows = session.documents()
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.rows:
            mark = {"primary": "primary", "second": "second"}.get(row.role or "", "—")
            if row.double_coded and row.role:
                mark += " ⇄"
            share = f"{100 * row.reviewed / row.segments:.0f}%" if row.segments else "—"
            table.add_row(
                row.name,
                row.attributes.get("role", ""),
                row.attributes.get("site", ""),
                row.attributes.get("participant_id", ""),
                mark,
                str(row.segments),
                str(row.reviewed),
                share,
                key=str(row.id),
            )
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        done = sum(1 for row in self.rows if row.segments and row.reviewed == row.segments)
        self.query_one("#title", Static).update(
            f"[b]qualcode[/b] — {session.project.path.name} — coder [b]{session.coder}[/b] — "
            f"{len(self.rows)} documents, {done} fully reviewed by you.  "
            "⇄ = double-coded (blind: you see only your own codes)"
        )

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def action_open_document(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows:
            return
        self.open_row(table.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.cursor_row)

    def open_row(self, index: int) -> None:
        row = self.rows[index]
        self.open_document(row.id, row.name)
