"""The two apps, on one shell: coding (`qualcode code PROJECT --coder NAME`) and
reconciliation (`qualcode reconcile PROJECT --coders A,B`).

The shell (:class:`Shell`) holds what both share: the open project, the keymap, the writer
thread that commits changes off the UI thread, help, and a quit that waits for every write.
Each app builds its screens and gives them their session and writer.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import Protocol, runtime_checkable

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider

from qualcode.model import Location
from qualcode.project import Project, open_project
from qualcode.project.coding import CodingSession
from qualcode.project.journal import RecoveryJournal
from qualcode.project.journal import replay as replay_journal
from qualcode.project.reconciliation import ReconcileSession
from qualcode.project.suggestions import KeywordService
from qualcode.suggest import Suggestion
from qualcode.tui.bindings import APP_KEYS, CODING_KEYS, bindings, load_keymap
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.documents import DocumentsScreen
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.screens.reconcile import ReconcileScreen
from qualcode.tui.screens.recovery import ReplayPrompt
from qualcode.tui.writer import Reconnecting, Writer, Written


@runtime_checkable
class ShowsWrites(Protocol):
    """A screen that reports on the status bar when its changes are saved."""

    def on_written(self, message: Written) -> None: ...


class Shell(App[None]):
    """What the coding and reconciliation apps share."""

    CSS_PATH = "app.tcss"
    TITLE = "qualcode"
    BINDINGS = bindings(APP_KEYS)

    #: Seconds between the interpreter's thread switches while the app runs (Python's default is
    #: 0.005). The writer thread waits for the interpreter while the UI thread draws; at 5 ms a
    #: hand-over, a commit started several hand-overs after its key press (bench/bench_tui.py).
    SWITCH_INTERVAL = 0.001

    def __init__(self, project: Project) -> None:
        super().__init__()
        sys.setswitchinterval(self.SWITCH_INTERVAL)
        self.project = project
        self.keymap = load_keymap()
        self.writer = Writer(self)
        self.quit_unsaved = False

    async def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        await self.start()

    async def start(self) -> None:
        """Show the first screen: each app pushes its own (the bare shell shows none)."""

    def on_written(self, message: Written) -> None:
        if isinstance(self.screen, ShowsWrites):
            self.screen.on_written(message)

    def on_reconnecting(self, message: Reconnecting) -> None:
        update = getattr(self.screen, "update_status", None)
        if callable(update):
            update()
        self.notify(
            f"Not saved — reconnecting: {message.reason} Your changes wait, in order, and are "
            "saved when the server is back.",
            severity="warning",
            timeout=10,
        )

    def action_help(self) -> None:
        """The keys of the screen help was asked from, then those that work everywhere."""
        screen = self.screen
        sections = list(getattr(screen, "HELP_SECTIONS", ()))
        codebook = self.project.codebook if getattr(screen, "HELP_CODEBOOK", False) else None
        self.push_screen(HelpScreen(self.keymap, sections, codebook))

    async def action_quit(self) -> None:
        if not self.writer.settle(grace=3.0) and not self.quit_unsaved:
            self.quit_unsaved = True
            kept = (
                f" They are kept in the recovery journal {self.writer.journal.path}, and the "
                "next start offers to save them."
                if self.writer.journal is not None
                else ""
            )
            self.notify(
                f"{self.writer.pending} change(s) are not saved: the server cannot be reached."
                f"{kept} Wait for the server, or press quit again to leave.",
                severity="error",
                timeout=15,
            )
            return
        if self.writer.journal is not None and not self.writer.pending:
            self.writer.journal.clear()
        self.project.close()
        self.exit()


class QualcodeCommands(Provider):
    """The command palette: every registered action, every code, every document — listed as
    soon as the palette opens, filtered as the user types."""

    def candidates(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        assert isinstance(app, QualcodeApp)
        screen = self.screen  # the screen the palette was opened from
        found: list[tuple[str, Callable[[], object], str]] = []
        if isinstance(screen, CodingScreen):
            for action in CODING_KEYS:
                run = partial(screen.run_action, action.action)
                found.append((f"{action.description} — {action.help}", run, action.id))
            for code in app.session.active_codes:
                toggle = partial(screen.toggle, code.id)
                found.append((f"Toggle code: {code.label} ({code.id})", toggle, code.definition))
        found += [
            (f"Open document: {name}", partial(app.open_document, pk, name), "")
            for pk, name in app.documents_cache
        ]
        found.append(("Help: every key", app.action_help, "show the keys"))
        return found

    async def discover(self) -> Hits:
        for text, callback, help_text in self.candidates():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self.candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)


class QualcodeApp(Shell):
    """The coding app."""

    COMMANDS = App.COMMANDS | {QualcodeCommands}

    #: The suggestion model is relearnt after this many coding changes.
    RELEARN_EVERY = 20

    def __init__(
        self,
        project: Location,
        coder: str,
        *,
        keywords: bool = True,
        document: str | None = None,
        suggestions: bool = True,
    ) -> None:
        super().__init__(open_project(project, light=True))
        self.session = CodingSession(self.project, coder)
        self.journal = RecoveryJournal(str(self.project.path), self.session.coder)
        self.unsaved = self.journal.pending()  # an earlier session's, offered at start
        if not self.unsaved:
            self.journal.clear()
        self.writer.journal = self.journal
        self.start_document = document
        self.keywords = keywords
        # Learnt suggestions come from the keyword helper process: only with it.
        self.suggestions = suggestions and keywords
        self.keyword_service: KeywordService | None = None
        self.changes_since_learning = 0
        self.writes_prepared = False

    async def start(self) -> None:
        if self.unsaved:
            await self.push_screen(
                ReplayPrompt(len(self.unsaved), str(self.journal.path)), self.replayed
            )
            return
        await self.show_first_screen()

    async def replayed(self, replay: bool | None) -> None:
        """The coder's answer about an earlier session's unsaved changes."""
        entries, self.unsaved = self.unsaved, []
        self.journal.clear()
        if replay:
            count = replay_journal(self.session, entries)
            self.notify(f"Saved {count} change(s) from the earlier session.", timeout=8)
        await self.show_first_screen()

    async def show_first_screen(self) -> None:
        # Both screens are built once: the coding screen waits under the document list, so
        # opening a document only loads its segments.
        self.coding_screen = CodingScreen(self.session, self.writer, self.show_documents)
        self.coding_screen.changed = self.coding_changed
        self.documents_screen = DocumentsScreen(self.session, self.open_document)
        # Installed, the list stays mounted while a document is open: back on it, the cursor
        # is on the document left, and nothing is built again.
        self.install_screen(self.documents_screen, "documents")
        if self.start_document is not None:
            found = [d for d in self.session.documents() if d.name == self.start_document]
            if found:
                await self.push_screen(self.coding_screen)
                self.open_document(found[0].id, found[0].name)
                return
        # Not awaited: the coding screen is mounted under the list without being drawn first,
        # so the list shows sooner.
        self.push_screen(self.coding_screen)
        await self.push_screen(self.documents_screen)

    #: Seconds after which what writes need opens in the background: on the document list
    #: (if no document has been opened by then), and after opening a document (once it is
    #: drawn).
    PREPARE_WRITES_AFTER = 1.0
    PREPARE_WRITES_AFTER_OPEN = 0.25

    def on_ready(self) -> None:
        self.set_timer(self.PREPARE_WRITES_AFTER, self.prepare_writes)

    def prepare_writes(self) -> None:
        """Open what writes need (the full store, about 0.25 s of CPU) in the background, once:
        when the first document is on screen, or after a while on the list. Neither the list
        nor the first document then shares the interpreter with it, and it is ready long
        before a coder who reads the segment first toggles a code."""
        if not self.writes_prepared:
            self.writes_prepared = True
            threading.Thread(target=self.project.prepare_writes, daemon=True).start()

    @property
    def documents_cache(self) -> list[tuple[int, str]]:
        """(id, name) of every document, for the command palette: the document list's rows,
        read when the list was last shown (read now if it has not been)."""
        rows = self.documents_screen.rows or self.session.documents()
        return [(row.id, row.name) for row in rows]

    def show_documents(self) -> None:
        self.push_screen(self.documents_screen)

    def open_document(self, document_id: int, name: str) -> None:
        screen = self.coding_screen
        if not screen.is_mounted:  # a key typed ahead, before the screen under the list is up
            self.call_after_refresh(self.open_document, document_id, name)
            return
        document = self.session.open(document_id, name)
        if self.screen is self.documents_screen:
            self.pop_screen()
        screen.load(document)
        self.suggest(screen)
        self.set_timer(self.PREPARE_WRITES_AFTER_OPEN, self.prepare_writes)

    def start_keywords(self) -> None:
        """Start the keyword process (spaCy loads there, never in the UI process)."""
        if self.keyword_service is None:
            yaml_text = self.project.codebook_version().yaml_text
            learn_from = self.project.path if self.suggestions else None
            self.keyword_service = KeywordService(yaml_text, learn_from)
            if self.suggestions:
                self.coding_screen.enable_suggestions()
            self.suggest(self.coding_screen)

    def suggest(self, screen: CodingScreen) -> None:
        """Ask the keyword process for likely codes; they show when the answer comes."""
        if self.keyword_service is None:
            if self.keywords:
                # Once the first document is on screen, so its opening is not slowed down.
                self.set_timer(0.5, self.start_keywords)
            return
        if not screen.document.segments:
            return
        document = screen.document
        future = self.keyword_service.suggest([s.text for s in document.segments])

        def done(result: Future[list[set[str]]]) -> None:
            if result.cancelled() or result.exception() is not None:
                return
            with contextlib.suppress(RuntimeError):  # the app may have closed meanwhile
                self.call_later(screen.show_suggestions, document, result.result())

        future.add_done_callback(done)
        self.suggest_codes(screen)

    def suggest_codes(self, screen: CodingScreen) -> None:
        """Ask the helper process for learnt suggestions on the open document (never for a
        document coded blind); they show when the answer comes."""
        service, document = self.keyword_service, screen.document
        if service is None or not self.suggestions or document.blind or not document.segments:
            return
        future = service.suggest_codes([s.text for s in document.segments])

        def done(result: Future[tuple[list[list[Suggestion]] | None, str]]) -> None:
            if result.cancelled() or result.exception() is not None:
                return
            found, note = result.result()
            with contextlib.suppress(RuntimeError):  # the app may have closed meanwhile
                self.call_later(screen.show_code_suggestions, document, found, note)

        future.add_done_callback(done)

    def coding_changed(self) -> None:
        """Every :attr:`RELEARN_EVERY` coding changes, relearn the suggestions: queued behind
        the writes, so the helper process reads them from the project file."""
        self.changes_since_learning += 1
        service = self.keyword_service
        if service is None or not self.suggestions:
            return
        if self.changes_since_learning >= self.RELEARN_EVERY:
            self.changes_since_learning = 0
            screen = self.coding_screen

            def relearn() -> None:
                service.learn()
                with contextlib.suppress(RuntimeError):
                    self.call_later(self.suggest_codes, screen)

            self.writer.submit("relearning suggestions", relearn)

    def on_unmount(self) -> None:
        if self.keyword_service is not None:
            self.keyword_service.close()


class ReconcileApp(Shell):
    """The reconciliation app."""

    TITLE = "qualcode reconcile"

    def __init__(self, project: Location, coder_a: str, coder_b: str, reconciler: str) -> None:
        opened = open_project(project)
        try:
            session = ReconcileSession(opened, coder_a, coder_b, reconciler)
        except BaseException:
            opened.close()
            raise
        super().__init__(opened)
        self.session = session

    async def start(self) -> None:
        await self.push_screen(ReconcileScreen(self.session, self.writer))
