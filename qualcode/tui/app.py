"""The coding app: `qualcode code PROJECT --coder NAME`."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual import work
from textual.app import App
from textual.command import Hit, Hits, Provider

from qualcode.coding import CodingSession
from qualcode.project import open_project
from qualcode.tui.bindings import APP_KEYS, CODING_KEYS, bindings, load_keymap
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.documents import DocumentsScreen
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.writer import Writer, Written


class QualcodeCommands(Provider):
    """The command palette: every registered action, every code, every document."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, QualcodeApp)
        matcher = self.matcher(query)
        screen = self.screen  # the screen the palette was opened from
        candidates: list[tuple[str, object, str]] = []
        if isinstance(screen, CodingScreen):
            for action in CODING_KEYS:
                candidates.append(
                    (
                        action.description + " — " + action.help,
                        partial(screen.run_action, action.action),
                        action.id,
                    )
                )
            for code in app.session.active_codes:
                candidates.append(
                    (
                        f"Toggle code: {code.label} ({code.id})",
                        partial(screen.toggle, code.id),
                        code.definition,
                    )
                )
        for document in app.documents_cache:
            candidates.append(
                (
                    f"Open document: {document[1]}",
                    partial(app.open_document, document[0], document[1]),
                    "",
                )
            )
        candidates.append(("Help: every key", app.action_help, "show the keys"))
        for text, callback, help_text in candidates:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)  # type: ignore[arg-type]


class QualcodeApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "qualcode"
    BINDINGS = bindings(APP_KEYS)
    COMMANDS = App.COMMANDS | {QualcodeCommands}

    def __init__(
        self, project: Path, coder: str, *, keywords: bool = True, document: str | None = None
    ) -> None:
        super().__init__()
        self.session = CodingSession(open_project(project), coder)
        self.keymap = load_keymap()
        self.writer = Writer(self)
        self.keywords = keywords
        self.start_document = document
        self.matcher: object | None = None
        self.documents_cache: list[tuple[int, str]] = []

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        # Both screens are built once: the coding screen waits under the document list, so
        # opening a document only loads its segments.
        self.coding_screen = CodingScreen()
        self.documents_screen = DocumentsScreen()
        self.push_screen(self.coding_screen)
        self.push_screen(self.documents_screen)
        self.documents_cache = [(d.id, d.name) for d in self.session.documents()]
        if self.start_document:
            found = [d for d in self.documents_cache if d[1] == self.start_document]
            if found:
                self.open_document(*found[0])
        if self.keywords:
            self.load_matcher()

    def open_document(self, document_id: int, name: str) -> None:
        document = self.session.open(document_id, name)
        screen = self.coding_screen
        while self.screen is not screen:
            self.pop_screen()
        screen.load(document)
        if self.matcher is not None:
            # After the document is on screen, so the matcher does not slow the opening down.
            self.set_timer(0.3, partial(self.suggest, screen))

    @work(thread=True, exclusive=True, group="keywords")
    def load_matcher(self) -> None:
        from qualcode.keywords import KeywordMatcher

        matcher = KeywordMatcher(self.session.codebook)
        self.call_from_thread(self.matcher_ready, matcher)

    def matcher_ready(self, matcher: object) -> None:
        self.matcher = matcher
        if self.screen is self.coding_screen and self.coding_screen.document.segments:
            self.suggest(self.coding_screen)

    @work(thread=True, exclusive=True, group="suggest")
    def suggest(self, screen: CodingScreen) -> None:
        from qualcode.keywords import KeywordMatcher

        assert isinstance(self.matcher, KeywordMatcher)
        document = screen.document
        found = self.matcher.suggest([s.text for s in document.segments])
        self.call_from_thread(screen.show_suggestions, document, found)

    def on_written(self, message: Written) -> None:
        if isinstance(self.screen, CodingScreen):
            self.screen.on_written(message)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap, self.session.codebook))

    async def action_quit(self) -> None:
        self.writer.flush()
        self.session.project.close()
        self.exit()
