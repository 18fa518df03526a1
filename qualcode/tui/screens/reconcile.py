"""The reconciliation screen: walk two coders' disagreements and decide each one."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from qualcode.model import ReconcileUnit, segment_id
from qualcode.project.reconciliation import ReconcileSession
from qualcode.tui.bindings import RECONCILE_KEYS, bindings
from qualcode.tui.screens.prompts import CodePicker, TextPrompt
from qualcode.tui.widgets.footer import Footer
from qualcode.tui.widgets.lineview import Item, LineView, Paragraph
from qualcode.tui.writer import Writer, Written

DECIDED = Style(color="green")
OPEN = Style(color="yellow", bold=True)
LABELS = {"a": "accept A", "b": "accept B", "both": "accept both", "neither": "reject both",
          "edit": "edited"}  # fmt: skip


class ReconcileScreen(Screen[None]):
    BINDINGS = bindings(RECONCILE_KEYS)
    HELP_SECTIONS = (("Reconciliation", RECONCILE_KEYS),)

    def __init__(self, session: ReconcileSession, writer: Writer) -> None:
        super().__init__()
        self.session = session
        self.writer = writer
        self.disputes = session.disputes
        self.current = 0
        self.saved_note = "agreements recorded as consensus"

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
        first_open = next((i for i, u in enumerate(self.disputes) if not u.decided), 0)
        self.move_to(first_open)

    def item(self, unit: ReconcileUnit) -> Item:
        done = unit.decided
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
        if unit.decided:
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
        done = sum(1 for unit in self.disputes if unit.decided)
        saving = self.writer.status(self.saved_note)
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
            i for i in range(self.current + 1, len(self.disputes)) if not self.disputes[i].decided
        ]
        self.move_to(following[0] if following else self.current)

    def action_decide(self, decision: str) -> None:
        self.record(decision)

    def action_edit(self) -> None:
        if not self.disputes:
            return
        unit = self.disputes[self.current]
        start = " ".join(sorted(unit.consensus if unit.decided else unit.codes_a | unit.codes_b))

        def done(value: str | None) -> None:
            if value is None:
                return
            codes = set(value.replace(",", " ").split())
            unknown = codes - set(self.session.project.codebook.code_ids())
            if unknown:
                self.notify(f"unknown code(s): {', '.join(sorted(unknown))}", severity="error")
                return
            self.record("edit", codes=codes)

        self.app.push_screen(
            TextPrompt(
                "Consensus codes (ids separated by spaces)",
                start,
                hint="enter: record these codes as the consensus · esc: cancel",
            ),
            done,
        )

    def action_note(self) -> None:
        if not self.disputes:
            return
        unit = self.disputes[self.current]

        def done(value: str | None) -> None:
            if value is None:
                return
            unit.note = value.strip() or None
            if unit.decided:
                self.record(unit.decision or "edit", codes=unit.consensus, note=unit.note)
            else:
                self.saved_note = "note kept: it is saved with the decision"
                self.show()

        self.app.push_screen(
            TextPrompt(
                "Why? (kept with the decision)",
                unit.note or "",
                hint="enter: keep the note · esc: cancel · empty: no note",
            ),
            done,
        )

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
                session = self.session
                self.writer.submit(
                    f"note on {code_id}",
                    lambda: session.save_code_note(code_id, text, unit.segment_pk),
                )

            self.app.push_screen(
                TextPrompt(
                    f"Note on {code_id} for the codebook",
                    "",
                    hint="enter: save the note for the next codebook revision · esc: cancel",
                ),
                saved,
            )

        self.app.push_screen(CodePicker(disputed or list(codes.codes())), write_note)
