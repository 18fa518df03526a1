"""The coding session both the TUI and tests drive: one coder, one open document at a time.

Only this coder's codings, reviews and memos are ever loaded (blind double coding, SPEC §7). A
change is computed here, shown at once, and written by :meth:`CodingSession.write` in its own
transaction; undo and redo replay the coder's own changes in reverse. A change carries its own
identity (coder, document, segment, codebook version), so it is written where it was made even
when another document is open by the time the writer gets to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from qualcode.model import (
    Change,
    Code,
    CoderState,
    DocumentOverview,
    MemoChange,
    SegmentView,
    check_coder,
)
from qualcode.project.base import Project


@dataclass
class OpenDocument:
    id: int
    name: str
    segments: list[SegmentView]
    state: CoderState
    suggestions: list[set[str]] = field(default_factory=list)
    blind: bool = False  # double-coded: no suggestions learnt from anyone's codings

    def codes(self, index: int) -> set[str]:
        return self.state.codings.get(self.segments[index].pk, set())

    @property
    def reviewed_count(self) -> int:
        return len(self.state.reviewed)


class CodingSession:
    def __init__(self, project: Project, coder: str) -> None:
        self.project = project
        self._store = project.store
        self.coder = check_coder(coder, "--coder")
        self.coder_id = self._store.codings.coder_id(coder)
        self.codebook = project.codebook
        self.codebook_version_id = self._store.codebooks.current().id
        self.codes: dict[str, Code] = {code.id: code for code in self.codebook.codes()}
        self.code_order = {code_id: i for i, code_id in enumerate(self.codes)}
        self.active_codes = [code for code in self.codebook.codes() if not code.retired]
        self.exclusive = {f.id for f in self.codebook.families if f.exclusive}
        self.document: OpenDocument | None = None
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []

    # -- documents ------------------------------------------------------------------------

    def documents(self) -> list[DocumentOverview]:
        return self._store.documents.overview(self.coder_id)

    def open(self, document_id: int, name: str) -> OpenDocument:
        segments = self._store.documents.segment_views(document_id)
        state = self._store.codings.coder_state(document_id, self.coder_id)
        blind = self._store.suggest.double_coded(document_id)
        self.document = OpenDocument(document_id, name, segments, state, blind=blind)
        self.undo_stack.clear()
        self.redo_stack.clear()
        return self.document

    # -- changes --------------------------------------------------------------------------

    def toggle(self, index: int, code_id: str) -> Change:
        """The change that toggles a code on a segment (not yet applied). In an exclusive
        family, applying a code removes the family's other codes from the segment."""
        document = self._open()
        current = document.codes(index)
        if code_id in current:
            return self._change(index, (), (code_id,))
        family = self.codes[code_id].family
        remove: tuple[str, ...] = ()
        if family in self.exclusive:
            remove = tuple(sorted(c for c in current if self.codes[c].family == family))
        return self._change(index, (code_id,), remove)

    def change(self, index: int, add: tuple[str, ...], remove: tuple[str, ...]) -> Change:
        """The change that adds and removes these codes on a segment of the open document."""
        return self._change(index, add, remove)

    def _change(self, index: int, add: tuple[str, ...], remove: tuple[str, ...]) -> Change:
        document = self._open()
        segment = document.segments[index]
        return Change(
            coder=self.coder,
            coder_id=self.coder_id,
            document_id=document.id,
            document=document.name,
            segment_pk=segment.pk,
            index=index,
            n=segment.n,
            codebook_version_id=self.codebook_version_id,
            add=add,
            remove=remove,
        )

    def apply(self, change: Change, *, record: bool = True) -> None:
        """Show a change in memory (the caller writes it with :meth:`write`). A change to a
        document that is no longer open only reaches the disk."""
        document = self._open()
        if change.document_id != document.id:
            return
        codes = document.state.codings.setdefault(change.segment_pk, set())
        codes.difference_update(change.remove)
        codes.update(change.add)
        document.state.reviewed.add(change.segment_pk)
        if record:
            self.undo_stack.append(change)
            self.redo_stack.clear()

    def write(self, change: Change) -> None:
        """Commit a change in its own transaction: everything it writes comes from the change,
        not from the document open now."""
        self._store.codings.apply(change)

    def undo(self) -> Change | None:
        if not self.undo_stack:
            return None
        change = self.undo_stack.pop().inverse()
        self.apply(change, record=False)
        self.redo_stack.append(change.inverse())
        return change

    def redo(self) -> Change | None:
        if not self.redo_stack:
            return None
        change = self.redo_stack.pop()
        self.apply(change, record=False)
        self.undo_stack.append(change)
        return change

    def reviewed(self, index: int) -> int | None:
        """Mark a segment reviewed in memory; returns its key when it was not already."""
        document = self._open()
        pk = document.segments[index].pk
        if pk in document.state.reviewed:
            return None
        document.state.reviewed.add(pk)
        return pk

    def write_reviewed(self, segment_pks: list[int]) -> None:
        self._store.codings.mark_reviewed(segment_pks, self.coder_id)

    # -- memos and search -----------------------------------------------------------------

    def memo(self, index: int | None) -> str:
        document = self._open()
        key = None if index is None else document.segments[index].pk
        return document.state.memos.get(key, "")

    def save_memo(self, index: int | None, text: str) -> Callable[[], None]:
        """Keep a memo in memory and return the write to run (in the writer)."""
        document = self._open()
        segment = None if index is None else document.segments[index]
        key = None if segment is None else segment.pk
        if text.strip():
            document.state.memos[key] = text
        else:
            document.state.memos.pop(key, None)

        memo = MemoChange(
            coder=self.coder,
            coder_id=self.coder_id,
            document_id=document.id,
            document=document.name,
            segment_pk=key,
            n=None if segment is None else segment.n,
            text=text,
        )

        def write() -> None:
            self._store.codings.save_memo(memo)

        return write

    def matches(self, query: str) -> list[int]:
        """The segments (by index) whose text or speaker contains ``query``, ignoring case."""
        document = self._open()
        needle = query.casefold().strip()
        if not needle:
            return []
        return [
            i
            for i, segment in enumerate(document.segments)
            if needle in segment.text.casefold() or needle in segment.speaker.casefold()
        ]

    def find(self, query: str, start: int, *, backward: bool = False) -> int | None:
        """The next (or previous) matching segment after ``start``, wrapping round."""
        return next_match(self.matches(query), start, backward=backward)

    def _open(self) -> OpenDocument:
        if self.document is None:
            raise RuntimeError("no document is open")
        return self.document


def next_match(found: list[int], start: int, *, backward: bool = False) -> int | None:
    """The match after (or before) ``start`` in the sorted ``found``, wrapping round."""
    if not found:
        return None
    if backward:
        before = [i for i in found if i < start]
        return before[-1] if before else found[-1]
    after = [i for i in found if i > start]
    return after[0] if after else found[0]
