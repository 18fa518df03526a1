"""The document list: attributes, this coder's progress, assignment marks."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from qualcode.model import DocumentOverview
from qualcode.project.coding import CodingSession
from qualcode.tui.bindings import CODING_KEYS, DOCUMENT_KEYS, bindings
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.table import Column, Table

#: The list's columns. Too narrow a terminal leaves out the participant, site and role columns
#: first, then the counts; the name, the assignment and the progress always show.
COLUMNS = (
    Column("document", shrink=True),
    Column("role", drop=3),
    Column("site", drop=2),
    Column("participant", drop=1),
    Column("assigned"),
    Column("segments", "right", drop=5),
    Column("reviewed", "right", drop=4),
    Column("progress", "right"),
)


def cells(row: DocumentOverview) -> tuple[str, ...]:
    """One document's row: its attributes, this coder's assignment (⇄ when double-coded) and
    progress."""
    mark = {"primary": "primary", "second": "second"}.get(row.role or "", "—")
    if row.double_coded and row.role:
        mark += " ⇄"
    share = f"{100 * row.reviewed / row.segments:.0f}%" if row.segments else "—"
    attributes = row.attributes
    return (
        row.name,
        attributes.get("role", ""),
        attributes.get("site", ""),
        attributes.get("participant_id", ""),
        mark,
        str(row.segments),
        str(row.reviewed),
        share,
    )


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
        yield Table(COLUMNS, id="documents")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Table).focus()  # the rows come with on_screen_resume, after the mount

    def refresh_rows(self) -> None:
        session = self.session
        self.rows = session.documents()
        table = self.query_one(Table)
        table.set_rows([cells(row) for row in self.rows], cursor=table.cursor)
        done = sum(1 for row in self.rows if row.segments and row.reviewed == row.segments)
        # The key to ⇄ only when a row has it; on a narrow terminal it wraps to a second line.
        legend = any(row.double_coded and row.role for row in self.rows)
        self.query_one("#title", Static).update(
            f"[b]qualcode[/b] — {session.project.path.name} — coder [b]{session.coder}[/b] — "
            f"{len(self.rows)} documents, {done} fully reviewed by you."
            + ("  ⇄ = double-coded (blind: you see only your own codes)" if legend else "")
        )

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def action_open_document(self) -> None:
        if self.rows:
            self.open_row(self.query_one(Table).cursor)

    def on_table_selected(self, event: Table.Selected) -> None:
        self.open_row(event.index)

    def open_row(self, index: int) -> None:
        row = self.rows[index]
        self.open_document(row.id, row.name)
