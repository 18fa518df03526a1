"""The reconciliation screen: walk two coders' disagreements and decide each one."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from qualcode.model import segment_id
from qualcode.project import open_project
from qualcode.reconcile import ReconcileSession
from qualcode.store import ReconcileUnit
from qualcode.tui.bindings import APP_KEYS, RECONCILE_KEYS, bindings, load_keymap
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.screens.prompts import CodePicker, TextPrompt
from qualcode.tui.widgets.lineview import Item, LineView, Paragraph
from qualcode.tui.writer import Writer, Written

DECIDED = Style(color="green")
OPEN = Style(color="yellow", bold=True)
LABELS = {"a": "accept A", "b": "accept B", "both": "accept both", "neither": "reject both",
          "edit": "edited"}  # fmt: skip


class ReconcileScreen(Screen[None]):
    BINDINGS = bindings(RECONCILE_KEYS)

    def __init__(self, session: ReconcileSession) -> None:
        super().__init__()
        self.session = session
        self.disputes = session.disputes
        self.current = 0
        self.saved_note = "agreements recorded as consensus"

    @property
    def writer(self) -> Writer:
        assert isinstance(self.app, ReconcileApp)
        return self.app.writer

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal():
            yield LineView(id="segments")
            with Vertical(id="side"):
                yield Static(id="compare")
                yield Static(id="definition")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(LineView)
        view.set_items([self.item(unit) for unit in self.disputes])
        view.focus()
        first_open = next((i for i, u in enumerate(self.disputes) if not self.decided(u)), 0)
        self.move_to(first_open)

    @staticmethod
    def decided(unit: ReconcileUnit) -> bool:
        return unit.decision not in (None, "agreed")

    def item(self, unit: ReconcileUnit) -> Item:
        done = self.decided(unit)
        mark = f"✓ {LABELS.get(unit.decision or '', '')}" if done else "○ open"
        head = Paragraph(
            [
                (f"{mark:<14}", DECIDED if done else OPEN),
                (f"{segment_id(unit.document, unit.n)} ", Style(bold=True)),
                (unit.text, Style()),
            ],
            indent=14,
        )
        return Item([head])

    # -- showing --------------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if not self.disputes:
            self.update_status()
            return
        self.current = max(0, min(len(self.disputes) - 1, index))
        self.query_one(LineView).move_cursor(self.current)
        self.show()

    def show(self) -> None:
        s = self.session
        unit = self.disputes[self.current]
        codes = self.app_codes()
        text = Text()
        text.append(f"{segment_id(unit.document, unit.n)} — {unit.speaker}\n", style="bold")
        for who, mine in ((s.coder_a, unit.codes_a), (s.coder_b, unit.codes_b)):
            text.append(f"\n{who}:\n", style="bold cyan")
            for code in sorted(mine, key=s.project.codebook.code_ids().index):
                only = code not in (unit.codes_a & unit.codes_b)
                text.append(
                    f"  {'≠' if only else '='} {code}  {codes.get(code, '')}\n",
                    style="yellow" if only else "",
                )
            if not mine:
                text.append("  (no code)\n", style="italic")
        text.append("\nconsensus: ", style="bold green")
        if self.decided(unit):
            text.append(
                f"{LABELS[unit.decision or '']} → {', '.join(sorted(unit.consensus)) or 'no code'}"
            )
        else:
            text.append("not decided", style="italic")
        if unit.note:
            text.append(f"\nnote: {unit.note}", style="italic")
        self.query_one("#compare", Static).update(text)
        definition = Text()
        for code_id in sorted(unit.codes_a ^ unit.codes_b):
            disputed = s.project.codebook.code(code_id)
            definition.append(f"{disputed.label} ({disputed.id})\n", style="bold")
            definition.append(disputed.definition + "\n")
            for title, items in (
                ("Use when", disputed.include),
                ("Do not use when", disputed.exclude),
            ):
                if items:
                    definition.append(f"{title}: ", style="bold")
                    definition.append("; ".join(items) + "\n")
            definition.append("\n")
        self.query_one("#definition", Static).update(definition)
        self.update_status()

    def app_codes(self) -> dict[str, str]:
        return {code.id: code.label for code in self.session.project.codebook.codes()}

    def update_status(self) -> None:
        s = self.session
        done = sum(1 for unit in self.disputes if self.decided(unit))
        pending = self.writer.pending
        saving = f"saving {pending}…" if pending else f"✓ {self.saved_note}"
        self.query_one("#title", Static).update(
            f"[b]Reconcile[/b] {s.coder_a} (A) vs {s.coder_b} (B) — reconciler [b]{s.reconciler}"
            f"[/b] — {len(self.disputes)} disagreements, {done} decided"
        )
        self.query_one("#status", Static).update(
            f"{self.current + 1 if self.disputes else 0}/{len(self.disputes)} · {saving}",
            layout=False,
        )

    def on_written(self, message: Written) -> None:
        self.saved_note = (
            f"NOT SAVED: {message.error}" if message.error else f"saved ({message.label})"
        )
        self.update_status()

    # -- actions --------------------------------------------------------------------------

    def action_next_dispute(self) -> None:
        self.move_to(self.current + 1)

    def action_previous_dispute(self) -> None:
        self.move_to(self.current - 1)

    def on_line_view_clicked(self, event: LineView.Clicked) -> None:
        self.move_to(event.index)

    def record(self, decision: str, codes: set[str] | None = None, note: str | None = None) -> None:
        if not self.disputes:
            return
        unit = self.disputes[self.current]
        chosen = self.session.decide(unit, decision, codes=codes, note=note or unit.note)
        self.writer.submit(
            f"{LABELS[decision]} on {segment_id(unit.document, unit.n)}",
            lambda: self.session.write([chosen]),
        )
        self.query_one(LineView).update_item(self.current, self.item(unit))
        following = [
            i
            for i in range(self.current + 1, len(self.disputes))
            if not self.decided(self.disputes[i])
        ]
        self.move_to(following[0] if following else self.current)

    def action_decide(self, decision: str) -> None:
        self.record(decision)

    def action_edit(self) -> None:
        if not self.disputes:
            return
        unit = self.disputes[self.current]
        start = " ".join(
            sorted(unit.consensus if self.decided(unit) else unit.codes_a | unit.codes_b)
        )

        def done(value: str | None) -> None:
            if value is None:
                return
            codes = set(value.replace(",", " ").split())
            unknown = codes - set(self.session.project.codebook.code_ids())
            if unknown:
                self.notify(f"unknown code(s): {', '.join(sorted(unknown))}", severity="error")
                return
            self.record("edit", codes=codes)

        self.app.push_screen(TextPrompt("Consensus codes (ids separated by spaces)", start), done)

    def action_note(self) -> None:
        if not self.disputes:
            return
        unit = self.disputes[self.current]

        def done(value: str | None) -> None:
            if value is None:
                return
            unit.note = value.strip() or None
            if self.decided(unit):
                self.record(unit.decision or "edit", codes=unit.consensus, note=unit.note)
            else:
                self.show()

        self.app.push_screen(TextPrompt("Why? (kept with the decision)", unit.note or ""), done)

    def action_code_note(self) -> None:
        if not self.disputes:
            return
        unit = self.disputes[self.current]
        codes = self.session.project.codebook
        disputed = [codes.code(c) for c in sorted(unit.codes_a ^ unit.codes_b)]

        def write_note(code_id: str | None) -> None:
            if not code_id:
                return

            def saved(text: str | None) -> None:
                if not text:
                    return
                store, author = self.session.store, self.session.reconciler
                self.writer.submit(
                    f"note on {code_id}",
                    lambda: store.save_code_note(
                        author=author,
                        code_id=code_id,
                        text=text,
                        document_id=None,
                        segment_pk=unit.segment_pk,
                    ),
                )

            self.app.push_screen(TextPrompt(f"Note on {code_id} for the codebook", ""), saved)

        self.app.push_screen(CodePicker(disputed or list(codes.codes())), write_note)


class ReconcileApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "qualcode reconcile"
    BINDINGS = bindings(APP_KEYS)

    def __init__(self, project: Path, coder_a: str, coder_b: str, reconciler: str) -> None:
        super().__init__()
        self.session = ReconcileSession(open_project(project), coder_a, coder_b, reconciler)
        self.keymap = load_keymap()
        self.writer = Writer(self)

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        self.push_screen(ReconcileScreen(self.session))

    def on_written(self, message: Written) -> None:
        if isinstance(self.screen, ReconcileScreen):
            self.screen.on_written(message)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap, self.session.project.codebook))

    async def action_quit(self) -> None:
        self.writer.flush()
        self.session.project.close()
        self.exit()
