"""The coding screen: one document's segments, the codebook panel and the code definition.

Keys: a family hotkey then a code hotkey toggles that code on the current segment; the rest come
from the registry in :mod:`qualcode.tui.bindings`. Changes show at once and are committed by the
app's writer thread; the status bar says when they are saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from qualcode.model import Change, Code, CoderState, Family
from qualcode.project.coding import CodingSession, OpenDocument, next_match
from qualcode.project.journal import change_entry, reviewed_entry
from qualcode.suggest import Suggestion
from qualcode.tui.bindings import CODING_KEYS, DOCUMENT_KEYS, bindings, key_label
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.lineview import Item, LineView, Paragraph
from qualcode.tui.widgets.suggestions import SuggestionPanel
from qualcode.tui.writer import Writer, Written

SEARCH_HIT = Style(bgcolor="yellow", color="black")


def highlighted(text: str, query: str, style: Style) -> list[tuple[str, Style]]:
    """``text`` as spans, each occurrence of ``query`` (ignoring case) highlighted."""
    needle = query.casefold()
    if not needle:
        return [(text, style)]
    spans, start, lowered = [], 0, text.casefold()
    while (found := lowered.find(needle, start)) >= 0:
        spans += [(text[start:found], style), (text[found : found + len(needle)], SEARCH_HIT)]
        start = found + len(needle)
    spans.append((text[start:], style))
    return [span for span in spans if span[0]]


class SegmentList(LineView):
    """The open document's segments (only these are mounted; only visible lines drawn)."""


class CodebookPanel(LineView, can_focus=False):
    """Families and codes with their hotkeys; ✓ marks codes on the current segment."""


BOLD = Style(bold=True)
DIM = Style(color="grey62")
PLAIN = Style()
REVIEWED = (Style(color="green"), Style(color="grey50"))
SPEAKER = {True: Style(color="cyan"), False: Style(color="magenta", bold=True)}
CODED = Style(color="green", bold=True)
LIKELY = Style(color="yellow", italic=True)
MEMO = Style(italic=True)


class CodingScreen(Screen[None]):
    BINDINGS = bindings(CODING_KEYS)
    HELP_SECTIONS = (("Coding screen", CODING_KEYS), ("Document list", DOCUMENT_KEYS))
    HELP_CODEBOOK = True

    def __init__(
        self, session: CodingSession, writer: Writer, show_documents: Callable[[], None]
    ) -> None:
        super().__init__()
        self.session = session
        self.writer = writer
        self.show_documents = show_documents
        self.document = OpenDocument(0, "", [], CoderState({}, set(), {}))
        self.current = 0
        self.pending_family: Family | None = None
        self.last_query = ""
        self.saved_note = "nothing to save yet"
        self.code_rows: dict[str, int] = {}  # code id -> row in the codebook panel
        self.marked: set[str] = set()  # codes ticked in the codebook panel
        self.defined: Code | None = None  # code shown in the definition panel
        # Learnt suggestions per segment of the open document (None: not here yet).
        self.code_suggestions: list[list[Suggestion]] | None = None
        self.suggestion_note = "learning from the project's codings…"
        self.changed: Callable[[], None] = lambda: None  # told of every coding change

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal():
            yield SegmentList(id="segments")
            with Vertical(id="side"):
                yield CodebookPanel(id="codebook")
                yield Static(id="definition")
        yield SuggestionPanel(id="code-suggestions")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CodebookPanel).set_items(self.codebook_items())
        self.load(self.document)

    #: Below these sizes the layout gives the segments the room (see app.tcss).
    NARROW_BELOW = 100
    SHORT_BELOW = 32

    def on_resize(self, event: events.Resize) -> None:
        self.adapt(event.size.width, event.size.height)

    def adapt(self, width: int, height: int) -> None:
        narrow, short = width < self.NARROW_BELOW, height < self.SHORT_BELOW
        self.set_class(narrow, "narrow")
        self.set_class(short, "short")
        self.query_one(Footer).compact = narrow

    def action_toggle_definition(self) -> None:
        """The definition panel: hidden on short screens unless asked for, shown otherwise."""
        if self.has_class("short"):
            self.toggle_class("show-definition")
        else:
            self.toggle_class("hide-definition")

    def load(self, document: OpenDocument) -> None:
        """Show a document. The screen is built once and reused, so opening is quick."""
        session = self.session
        self.document = document
        self.current = 0
        self.pending_family = None
        self.saved_note = "nothing to save yet"
        self.code_suggestions = None
        self.query_one("#title", Static).update(
            f"[b]{document.name}[/b] — coder [b]{session.coder}[/b] — "
            f"{len(document.segments)} segments"
        )
        segments = self.query_one(SegmentList)
        segments.set_items([self.segment_item(i) for i in range(len(document.segments))])
        segments.scroll_home(animate=False, immediate=True)
        segments.focus()
        self.refresh_side()
        self.update_status()

    def segment_item(self, index: int) -> Item:
        segment = self.document.segments[index]
        codes = self.document.codes(index)
        reviewed = segment.pk in self.document.state.reviewed
        interviewer = segment.speaker_kind == "interviewer"
        head = Paragraph(
            [
                ("● " if reviewed else "○ ", REVIEWED[0] if reviewed else REVIEWED[1]),
                (f"{segment.n:>4} ", BOLD),
                (f"{segment.speaker or '—'}: ", SPEAKER[interviewer]),
                *highlighted(segment.text, self.last_query, DIM if interviewer else PLAIN),
            ],
            indent=7,
        )
        paragraphs = [head]
        if codes:
            paragraphs.append(Paragraph([("      ✓ " + self.labels(codes), CODED)], 8))
        suggested = self.suggestions(index) - codes
        if suggested:
            paragraphs.append(Paragraph([("      ? likely: " + self.labels(suggested), LIKELY)], 8))
        memo = self.document.state.memos.get(segment.pk)
        if memo:
            paragraphs.append(Paragraph([("      ✎ " + memo, MEMO)], 8))
        return Item(paragraphs)

    def labels(self, codes: set[str]) -> str:
        """Codes by label in codebook order (ids are on the definition panel)."""
        order, known = self.session.code_order, self.session.codes
        return " · ".join(
            known[code].label if code in known else code
            for code in sorted(codes, key=lambda c: order.get(c, len(order)))
        )

    def suggestions(self, index: int) -> set[str]:
        found = self.document.suggestions
        return found[index] if index < len(found) else set()

    def codebook_items(self) -> list[Item]:
        items: list[Item] = []
        for family in self.session.codebook.families:
            header = [(f"[{family.key or ' '}] {family.label}", BOLD)]
            if family.exclusive:
                header.append(("  (one per segment)", Style(italic=True)))
            items.append(Item([Paragraph(header)], selectable=False))
            for code in family.walk():
                if code.retired:
                    continue
                self.code_rows[code.id] = len(items)
                items.append(self.code_item(code, checked=False))
        return items

    def code_item(self, code: Code, *, checked: bool) -> Item:
        depth = code.id.count(".") - 1
        spans = [
            ("  " * depth + (" ✓ " if checked else "   "), Style(color="green", bold=True)),
            (f"{code.key or ' '} ", Style(color="cyan", bold=True)),
            (code.label, PLAIN),
        ]
        return Item([Paragraph(spans, indent=5 + 2 * depth)])

    # -- refreshing -----------------------------------------------------------------------

    def refresh_segment(self, index: int) -> None:
        self.query_one(SegmentList).update_item(index, self.segment_item(index))

    def refresh_side(self) -> None:
        """Tick the current segment's codes in the codebook panel (only the rows that change)."""
        codes = self.document.codes(self.current) if self.document.segments else set()
        panel = self.query_one(CodebookPanel)
        session = self.session
        for code_id in (self.marked ^ codes) & self.code_rows.keys():
            panel.update_item(
                self.code_rows[code_id],
                self.code_item(session.codes[code_id], checked=code_id in codes),
            )
        self.marked = set(codes)
        self.show_definition()
        self.show_segment_suggestions()

    def show_definition(self, code: Code | None = None) -> None:
        if code is None:
            panel = self.query_one(CodebookPanel)
            rows = {row: code_id for code_id, row in self.code_rows.items()}
            code = self.session.codes.get(rows.get(panel.cursor, ""))
        if code is self.defined and code is not None:
            return
        self.defined = code
        widget = self.query_one("#definition", Static)
        if code is None:
            widget.update(
                "[i]Highlight a code (tab to the codebook, or press a family key) to "
                "see its definition.[/i]"
            )
            return
        text = Text()
        text.append(f"{code.label}\n", style="bold")
        text.append(f"{code.id}  (key {code.key or '—'})\n\n", style="grey62")
        text.append(code.definition + "\n")
        for title, items in (
            ("Use when", code.include),
            ("Do not use when", code.exclude),
            ("Examples", code.examples),
        ):
            if items:
                text.append(f"\n{title}:\n", style="bold")
                for item in items:
                    text.append(f"  • {item}\n")
        widget.update(text)

    def update_status(self, note: str | None = None) -> None:
        session = self.session
        total = len(self.document.segments)
        saving = self.writer.status(self.saved_note)
        family = (
            f"  [b]{self.pending_family.label}[/b]: press a code key (esc cancels)"
            if self.pending_family
            else ""
        )
        position = f"segment {self.current + 1}/{total}" if total else "no segments"
        # What needs the coder's eye first, so a narrow terminal cuts only the least of it.
        lead = family.strip() or note or ""
        self.query_one("#status", Static).update(
            (f"{lead}  " if lead else "")
            + f"{saving} · {position} · reviewed {self.document.reviewed_count}/{total} · "
            f"{self.document.name} · {session.coder}",
            layout=False,  # one line, fixed height
        )

    def on_written(self, message: Written) -> None:
        if message.error:
            self.saved_note = f"NOT SAVED ({message.label}): {message.error}"
            self.notify(self.saved_note, severity="error", timeout=10)
        else:
            self.saved_note = f"saved {datetime.now():%H:%M:%S} ({message.label})"
        self.update_status()

    # -- moving ---------------------------------------------------------------------------

    def on_line_view_clicked(self, event: LineView.Clicked) -> None:
        if isinstance(event.view, CodebookPanel):
            event.view.move_cursor(event.index)
            self.show_definition()
        else:
            self.move_to(event.index)

    def moved(self, index: int, *, review: bool = True) -> None:
        """The current segment changed; leaving a segment forward counts it as reviewed (not
        when jumping to a search match: passing over segments is not reading them)."""
        previous, self.current = self.current, index
        if review and self.current > previous:
            self.mark_reviewed(previous)
        self.refresh_side()
        self.update_status()

    def mark_reviewed(self, index: int) -> None:
        session = self.session
        pk = session.reviewed(index)
        if pk is not None:
            self.refresh_segment(index)
            n = self.document.segments[index].n
            self.writer.submit(
                f"reviewed {self.document.name}:{n}",
                lambda: session.write_reviewed([pk]),
                reviewed_entry(self.document.name, n),
            )

    def move_to(self, index: int, *, review: bool = True) -> None:
        if 0 <= index < len(self.document.segments) and index != self.current:
            self.moved(index, review=review)
            self.query_one(SegmentList).move_cursor(index)

    def action_next_segment(self) -> None:
        self.move_to(self.current + 1)

    def action_previous_segment(self) -> None:
        self.move_to(self.current - 1)

    def action_review_next(self) -> None:
        if not self.document.segments:
            return
        self.mark_reviewed(self.current)
        self.move_to(self.current + 1)
        self.update_status()

    def action_documents(self) -> None:
        if self.pending_family is not None:
            self.pending_family = None
            self.update_status()
            return
        self.show_documents()

    # -- coding ---------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Family hotkey, then code hotkey: handled before any other binding sees the key."""
        session = self.session
        if self.pending_family is not None:
            if event.key == "escape":
                return  # action_documents cancels the pending family
            chosen, self.pending_family = self.pending_family, None
            event.stop()
            event.prevent_default()
            code = next(
                (c for c in chosen.walk() if c.key == event.character and not c.retired), None
            )
            if code is None:
                self.update_status(f"no code with key '{event.character}' in {chosen.label}")
                return
            self.toggle(code.id)
            return
        family = next(
            (f for f in session.codebook.families if f.key and f.key == event.character), None
        )
        if family is not None and self.document.segments:
            event.stop()
            event.prevent_default()
            self.pending_family = family
            first = next((c for c in family.walk() if not c.retired), None)
            if first is not None:
                row = self.code_rows[first.id]  # the family's header is the row above
                self.query_one(CodebookPanel).move_cursor(row, top=True, from_item=row - 1)
                self.show_definition()
            self.update_status()

    def toggle(self, code_id: str) -> None:
        if not self.document.segments:
            return
        session = self.session
        change = session.toggle(self.current, code_id)
        session.apply(change)
        self.submit(change, "applied" if change.add else "removed")
        if code_id in self.code_rows:
            self.query_one(CodebookPanel).move_cursor(self.code_rows[code_id])
            self.show_definition()

    def submit(self, change: Change, verb: str) -> None:
        session = self.session
        code = (change.add or change.remove)[0]
        known = session.codes
        # The label up to its explanation in brackets: the status line is short (the whole
        # label is on the codebook panel, the id on the definition panel).
        name = known[code].label.split(" (")[0] if code in known else code
        label = f"{name} {verb} on {change.document}:{change.n}"
        self.writer.submit(label, lambda: session.write(change), change_entry(change))
        self.changed()
        self.refresh_segment(change.index)
        self.refresh_side()
        self.update_status()

    def action_undo(self) -> None:
        change = self.session.undo()
        if change is None:
            self.update_status("nothing to undo")
            return
        self.move_to(change.index)
        self.submit(change, "undone")

    def action_redo(self) -> None:
        change = self.session.redo()
        if change is None:
            self.update_status("nothing to redo")
            return
        self.move_to(change.index)
        self.submit(change, "redone")

    def action_pick_code(self) -> None:
        from qualcode.tui.screens.prompts import CodePicker

        def chosen(code_id: str | None) -> None:
            if code_id:
                self.toggle(code_id)

        self.app.push_screen(CodePicker(self.session.active_codes), chosen)

    # -- memos and search -----------------------------------------------------------------

    def action_memo(self) -> None:
        self.edit_memo(self.current)

    def action_document_memo(self) -> None:
        self.edit_memo(None)

    def edit_memo(self, index: int | None) -> None:
        from qualcode.tui.screens.prompts import TextPrompt

        if index is not None and not self.document.segments:
            return
        session = self.session
        where = "this document" if index is None else f"segment {self.document.segments[index].n}"

        def save(text: str | None) -> None:
            if text is None:
                return
            write = session.save_memo(index, text)
            self.writer.submit(f"memo on {where}", write)
            if index is not None:
                self.refresh_segment(index)
            self.update_status()

        self.app.push_screen(TextPrompt(f"Memo on {where}", session.memo(index)), save)

    def action_search(self) -> None:
        from qualcode.tui.screens.prompts import TextPrompt

        def search(query: str | None) -> None:
            if query is None:
                return
            previous, self.last_query = self.last_query, query.strip()
            self.refresh_matches(previous)
            if self.last_query:
                self.action_search_next()
            else:
                self.update_status("search cleared")

        self.app.push_screen(
            TextPrompt("Search this document", self.last_query, hint="enter: find · empty: clear"),
            search,
        )

    def action_search_next(self) -> None:
        self.jump_to_match(backward=False)

    def action_search_previous(self) -> None:
        self.jump_to_match(backward=True)

    def jump_to_match(self, *, backward: bool) -> None:
        if not self.last_query:
            self.action_search()
            return
        found = self.session.matches(self.last_query)
        target = next_match(found, self.current, backward=backward)
        if target is None:
            self.update_status(f"no segment contains '{self.last_query}'")
            return
        self.move_to(target, review=False)
        self.update_status(
            f"match {found.index(target) + 1}/{len(found)} for '{self.last_query}' "
            "(n next, N previous)"
        )

    def refresh_matches(self, previous: str) -> None:
        """Redraw the segments whose highlighting changes with the query."""
        touched = set(self.session.matches(previous)) if previous else set()
        touched |= set(self.session.matches(self.last_query)) if self.last_query else set()
        if touched:
            self.query_one(SegmentList).update_items({i: self.segment_item(i) for i in touched})

    # -- keyword suggestions --------------------------------------------------------------

    def show_suggestions(self, document: OpenDocument, suggestions: list[set[str]]) -> None:
        if document is not self.document:
            return  # another document was opened meanwhile
        self.document.suggestions = suggestions
        changed = {i: self.segment_item(i) for i, found in enumerate(suggestions) if found}
        self.query_one(SegmentList).update_items(changed)

    # -- learnt suggestions ---------------------------------------------------------------

    def enable_suggestions(self) -> None:
        """Show the suggestion line (the app does once its helper process runs)."""
        self.query_one(SuggestionPanel).add_class("on")
        self.show_segment_suggestions()

    def show_code_suggestions(
        self, document: OpenDocument, found: list[list[Suggestion]] | None, note: str
    ) -> None:
        if document is not self.document:
            return  # another document was opened meanwhile
        self.code_suggestions, self.suggestion_note = found, note
        self.show_segment_suggestions()

    def show_segment_suggestions(self) -> None:
        """The current segment's suggestions, leaving out codes already on it. Never on a
        document coded blind (double-coded): agreement must stay independent."""
        panel = self.query_one(SuggestionPanel)
        document = self.document
        if document.blind:
            panel.explain("no suggestions on a double-coded document (you code it blind)")
            return
        if self.code_suggestions is None or self.current >= len(self.code_suggestions):
            panel.explain(f"suggestions: {self.suggestion_note}")
            return
        if document.segments[self.current].speaker_kind == "interviewer":
            panel.explain("suggestions are for respondent turns")
            return
        codes = document.codes(self.current)
        found = [s for s in self.code_suggestions[self.current] if s.code_id not in codes]
        labels = {code_id: code.label for code_id, code in self.session.codes.items()}
        keys = next(a.keys for a in CODING_KEYS if a.id == "accept_suggestion")
        panel.show(found, labels, key_label(keys))

    def action_accept_suggestion(self) -> None:
        """The first suggestion becomes the coder's own coding (audited as accepted)."""
        best = self.query_one(SuggestionPanel).best
        if best is None or self.document.blind or not self.document.segments:
            self.update_status("no suggestion to accept")
            return
        if best.code_id in self.document.codes(self.current):
            return
        change = replace(
            self.session.toggle(self.current, best.code_id),
            detail=f"accepted from a suggestion (score {best.score:.2f})",
        )
        self.session.apply(change)
        self.submit(change, "accepted")
