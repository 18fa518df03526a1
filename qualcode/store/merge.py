"""Merging the work done in another copy of the same project (offline coding on a laptop).

Two copies share the audit log they had when they were copied: the longest common prefix of the
two logs. A row after it that only one copy has is a change made in that copy since (a row both
have was already merged). A coder's work on one segment (review mark, codes, memo) is one *unit*:

- equal in both copies: nothing to do;
- changed only in the other copy: the other copy's version is taken;
- changed only here: kept;
- changed in both: a conflict. Nothing is applied unless ``prefer`` says which side wins.

Reconciliation decisions are units of their own (one per segment); notes on codes are only ever
added, so they are copied when missing. The other copy's audit rows for what is merged are
appended here, so the history travels with the work, and a second merge finds nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select

from qualcode.store import Store
from qualcode.store import schema as s
from qualcode.store.base import audit_row, ensure_coders, write_audit
from qualcode.store.copy import Rows, table_contents
from qualcode.store.engine import now

#: Audit actions that describe the work a merge brings.
MERGED_ACTIONS = frozenset(
    {
        "coding_added",
        "coding_removed",
        "memo_saved",
        "code_note",
        "consensus_set",
        "reviews_removed",
    }
)

#: A coder's unit: (coder, document, segment number or None for the document's own memo).
Unit = tuple[str, str, int | None]


@dataclass(frozen=True)
class UnitState:
    reviewed: bool
    codes: frozenset[str]
    memo: str | None
    # The rows behind it, as the copy holds them (timestamps kept when taken).
    reviewed_at: str | None = field(default=None, compare=False)
    created: tuple[tuple[str, int, str], ...] = field(default=(), compare=False)
    memo_times: tuple[str, str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DecisionState:
    """A reconciliation decision and its consensus codes (segment unit (document, n))."""

    fields: tuple[Any, ...]  # coder_a, coder_b, decision, note, reconciled_by
    codes: frozenset[str]
    reconciled_at: str = field(compare=False)
    created: tuple[tuple[str, int, str], ...] = field(default=(), compare=False)


@dataclass
class MergePlan:
    """What a merge would do; ``conflicts`` non-empty means nothing is applied without prefer."""

    problems: list[str] = field(default_factory=list)
    take: dict[Unit, UnitState | None] = field(default_factory=dict)
    take_decisions: dict[tuple[str, int], DecisionState | None] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    conflicting: dict[Unit, UnitState | None] = field(default_factory=dict)
    conflicting_decisions: dict[tuple[str, int], DecisionState | None] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    audit: list[tuple[Any, ...]] = field(default_factory=list)
    kept: int = 0

    @property
    def empty(self) -> bool:
        return not (self.take or self.take_decisions or self.notes or self.audit)


class Copy:
    """One copy's content, indexed by names rather than ids."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.documents = {row[0]: row[1] for row in rows["documents"]}
        self.segments = {row[0]: (self.documents[row[1]], row[2]) for row in rows["segments"]}
        self.segment_pk = {place: pk for pk, place in self.segments.items()}
        self.document_pk = {name: pk for pk, name in self.documents.items()}
        self.coders = {row[0]: row[1] for row in rows["coders"]}
        self.versions = [row[3] for row in rows["codebook_versions"]]
        self.version_pos = {row[0]: i for i, row in enumerate(rows["codebook_versions"])}
        self.audit = rows["audit_log"]

    def segment_content(self) -> dict[tuple[str, int], tuple[Any, ...]]:
        return {
            (self.documents[row[1]], row[2]): (row[3], row[4], row[5])
            for row in self.rows["segments"]
        }

    def units(self, coders: set[str] | None) -> dict[Unit, UnitState]:
        reviewed: dict[Unit, str] = {}
        codes: dict[Unit, list[tuple[str, int, str]]] = defaultdict(list)
        memos: dict[Unit, tuple[str, str, str]] = {}
        for segment_pk, coder_pk, reviewed_at in self.rows["reviews"]:
            reviewed[(self.coders[coder_pk], *self.segments[segment_pk])] = reviewed_at
        for segment_pk, coder_pk, code_id, version_pk, created_at in self.rows["codings"]:
            unit = (self.coders[coder_pk], *self.segments[segment_pk])
            codes[unit].append((code_id, self.version_pos[version_pk], created_at))
        for row in self.rows["memos"]:
            _, coder_pk, document_pk, segment_pk, code_id, text, created_at, updated_at = row
            if code_id is not None:
                continue
            if segment_pk is not None:
                unit = (self.coders[coder_pk], *self.segments[segment_pk])
            else:
                unit = (self.coders[coder_pk], self.documents[document_pk], None)
            memos[unit] = (text, created_at, updated_at)
        states = {}
        for unit in set(reviewed) | set(codes) | set(memos):
            if coders is not None and unit[0] not in coders:
                continue
            memo = memos.get(unit)
            states[unit] = UnitState(
                reviewed=unit in reviewed,
                codes=frozenset(code for code, _, _ in codes.get(unit, [])),
                memo=memo[0] if memo else None,
                reviewed_at=reviewed.get(unit),
                created=tuple(sorted(codes.get(unit, []))),
                memo_times=(memo[1], memo[2]) if memo else None,
            )
        return states

    def decisions(self) -> dict[tuple[str, int], DecisionState]:
        consensus: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
        for segment_pk, code_id, version_pk, created_at in self.rows["consensus_codings"]:
            consensus[segment_pk].append((code_id, self.version_pos[version_pk], created_at))
        return {
            self.segments[row[0]]: DecisionState(
                fields=tuple(row[1:6]),
                codes=frozenset(code for code, _, _ in consensus.get(row[0], [])),
                reconciled_at=row[6],
                created=tuple(sorted(consensus.get(row[0], []))),
            )
            for row in self.rows["reconciliations"]
        }

    def notes(self) -> dict[tuple[Any, ...], dict[str, Any]]:
        found = {}
        for row in self.rows["memos"]:
            _, coder_pk, document_pk, segment_pk, code_id, text, created_at, updated_at = row
            if code_id is None:
                continue
            place = self.segments.get(segment_pk) if segment_pk is not None else None
            document = self.documents.get(document_pk) if document_pk is not None else None
            key = (self.coders[coder_pk], code_id, document, place, text, created_at)
            found[key] = {"updated_at": updated_at}
        return found


def audit_key(row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(row[1:])


def plan_merge(
    ours: Rows, theirs: Rows, *, here: str, other: str, coder: str | None, prefer: str | None
) -> MergePlan:
    """Compare two copies and decide what to bring from ``theirs`` into ``ours``."""
    mine, yours = Copy(ours), Copy(theirs)
    plan = MergePlan(problems=differences(mine, yours, here, other))
    if plan.problems:
        return plan
    only_ours, only_theirs = exclusive_history(mine.audit, yours.audit)
    coders = None if coder is None else {coder}
    _plan_units(plan, mine.units(coders), yours.units(coders), only_ours, only_theirs, other)
    if coder is None:
        _plan_decisions(plan, mine.decisions(), yours.decisions(), only_ours, only_theirs, other)
    ours_notes = mine.notes()
    for key, extra in sorted(yours.notes().items(), key=lambda item: repr(item[0])):
        if key in ours_notes or (coders is not None and key[0] not in coders):
            continue
        plan.notes.append({"key": key, **extra})
    plan.audit = [
        row
        for row in only_theirs
        if row[3] in MERGED_ACTIONS
        and (coders is None or row[2] in coders)
        and (coder is None or row[3] != "consensus_set")
    ]
    if prefer == "theirs":
        plan.take.update(plan.conflicting)
        plan.take_decisions.update(plan.conflicting_decisions)
    elif prefer == "ours":
        plan.kept += len(plan.conflicting) + len(plan.conflicting_decisions)
    if prefer is not None:
        plan.conflicts = []
    return plan


def exclusive_history(
    ours: list[tuple[Any, ...]], theirs: list[tuple[Any, ...]]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The audit rows each copy has written since the two were one (after their common
    beginning) that the other copy does not have."""
    common = 0
    for left, right in zip(ours, theirs, strict=False):
        if audit_key(left) != audit_key(right):
            break
        common += 1
    in_ours = {audit_key(row) for row in ours}
    in_theirs = {audit_key(row) for row in theirs}
    return (
        [row for row in ours[common:] if audit_key(row) not in in_theirs],
        [row for row in theirs[common:] if audit_key(row) not in in_ours],
    )


def _plan_units(
    plan: MergePlan,
    ours: dict[Unit, UnitState],
    theirs: dict[Unit, UnitState],
    only_ours: list[tuple[Any, ...]],
    only_theirs: list[tuple[Any, ...]],
    other: str,
) -> None:
    touched_ours, touched_theirs = touches(only_ours), touches(only_theirs)
    for unit in sorted(set(ours) | set(theirs), key=sort_key):
        a, b = ours.get(unit), theirs.get(unit)
        if a == b:
            continue
        changed_here = touched(touched_ours, unit)
        changed_there = touched(touched_theirs, unit)
        if changed_there and not changed_here:
            plan.take[unit] = b
        elif changed_here and not changed_there:
            plan.kept += 1
        elif not changed_here and not changed_there and only_review_differs(a, b):
            # Review marks made without a code leave no audit row; a review is never undone
            # without one (an import's reviews_removed), so the copy that has it wins.
            if b is not None and b.reviewed:
                plan.take[unit] = b
            else:
                plan.kept += 1
        else:
            plan.conflicting[unit] = b
            plan.conflicts.append(
                f"  {unit[0]} on {unit[1]}"
                + (f":{unit[2]}" if unit[2] is not None else " (document memo)")
                + f": here {describe(a)}; in {other} {describe(b)}"
            )


def _plan_decisions(
    plan: MergePlan,
    ours: dict[tuple[str, int], DecisionState],
    theirs: dict[tuple[str, int], DecisionState],
    only_ours: list[tuple[Any, ...]],
    only_theirs: list[tuple[Any, ...]],
    other: str,
) -> None:
    decided_ours, decided_theirs = decision_touches(only_ours), decision_touches(only_theirs)
    for place in sorted(set(ours) | set(theirs)):
        x, y = ours.get(place), theirs.get(place)
        if x == y:
            continue
        if place in decided_theirs and place not in decided_ours:
            plan.take_decisions[place] = y
        elif place in decided_ours and place not in decided_theirs:
            plan.kept += 1
        else:
            plan.conflicting_decisions[place] = y
            plan.conflicts.append(
                f"  reconciliation of {place[0]}:{place[1]}: here "
                f"{x.fields[2] if x else 'none'}; in {other} {y.fields[2] if y else 'none'}"
            )


def sort_key(unit: Unit) -> tuple[str, str, int]:
    return (unit[0], unit[1], -1 if unit[2] is None else unit[2])


def only_review_differs(a: UnitState | None, b: UnitState | None) -> bool:
    a_codes, a_memo = (a.codes, a.memo) if a else (frozenset(), None)
    b_codes, b_memo = (b.codes, b.memo) if b else (frozenset(), None)
    return a_codes == b_codes and a_memo == b_memo


def describe(state: UnitState | None) -> str:
    if state is None or (not state.reviewed and not state.codes and state.memo is None):
        return "not reviewed"
    parts = [", ".join(sorted(state.codes)) or "no code"]
    if state.memo is not None:
        parts.append("a memo")
    return " and ".join(parts)


def touches(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, str], set[int | None]]:
    """``{(coder, document): segment numbers its rows touch}`` (None: the whole document)."""
    found: dict[tuple[str, str], set[int | None]] = defaultdict(set)
    for row in rows:
        actor, document, segment_n = row[2], row[4], row[5]
        if document is not None:
            found[(actor, document)].add(segment_n)
    return found


def touched(found: dict[tuple[str, str], set[int | None]], unit: Unit) -> bool:
    numbers = found.get((unit[0], unit[1]))
    return bool(numbers) and (unit[2] in numbers or None in numbers)  # type: ignore[operator]


def decision_touches(rows: Iterable[Sequence[Any]]) -> set[tuple[str, int]]:
    return {(row[4], row[5]) for row in rows if row[3] == "consensus_set" and row[4] is not None}


def differences(mine: Copy, yours: Copy, here: str, other: str) -> list[str]:
    """Why two projects are not copies of one project (empty when they are)."""
    problems = []
    ours_docs, theirs_docs = set(mine.documents.values()), set(yours.documents.values())
    if ours_docs - theirs_docs:
        problems.append(f"  documents only in {here}: {', '.join(sorted(ours_docs - theirs_docs))}")
    if theirs_docs - ours_docs:
        problems.append(
            f"  documents only in {other}: {', '.join(sorted(theirs_docs - ours_docs))}"
        )
    a, b = mine.segment_content(), yours.segment_content()
    changed = sorted(
        {document for document, _ in set(a) ^ set(b) if document in ours_docs & theirs_docs}
    )
    changed += sorted(
        {place[0] for place in set(a) & set(b) if a[place] != b[place]} - set(changed)
    )
    if changed:
        problems.append(f"  segments differ in: {', '.join(sorted(set(changed)))}")
    if mine.versions != yours.versions:
        problems.append(
            f"  codebook versions differ ({len(mine.versions)} here, {len(yours.versions)} in "
            f"{other}; or the same number with different content)"
        )
    return problems


def apply_merge(store: Store, theirs: Rows, plan: MergePlan, *, actor: str, other: str) -> None:
    """Write the plan into ``store`` in one transaction."""
    yours = Copy(theirs)
    stamp = now()
    with store.codings.write() as connection:
        here = Copy({name: [] for name in s.metadata.tables} | _index_rows(connection))
        names = {unit[0] for unit in plan.take} | {note["key"][0] for note in plan.notes}
        coder_ids = ensure_coders(connection, names, stamp) if names else {}
        version_ids = [row[0] for row in _versions(connection)]
        for unit, state in plan.take.items():
            _replace_unit(connection, here, coder_ids[unit[0]], unit, state, version_ids)
        for place, decision in plan.take_decisions.items():
            _replace_decision(connection, here.segment_pk[place], decision, version_ids)
        for note in plan.notes:
            coder, code_id, document, segment, text, created_at = note["key"]
            connection.execute(
                insert(s.memos).values(
                    coder_id=coder_ids[coder],
                    document_id=here.document_pk.get(document) if document else None,
                    segment_id=here.segment_pk[segment] if segment else None,
                    code_id=code_id,
                    text=text,
                    created_at=created_at,
                    updated_at=note["updated_at"],
                )
            )
        rows = [
            dict(
                zip(
                    [c.name for c in s.audit_log.columns][1:],
                    [*row[1:7], _version(row[7], yours, version_ids), row[8]],
                    strict=True,
                )
            )
            for row in plan.audit
        ]
        rows.append(
            audit_row(
                stamp,
                actor,
                "merged",
                detail=f"from {other}: {len(plan.take)} coder segment(s), "
                f"{len(plan.take_decisions)} reconciliation(s), {len(plan.notes)} note(s)",
            )
        )
        write_audit(connection, rows)


def _index_rows(connection: Connection) -> Rows:
    return {
        name: [tuple(row) for row in connection.execute(select(s.metadata.tables[name]))]
        for name in ("documents", "segments", "coders", "codebook_versions")
    }


def _versions(connection: Connection) -> list[Any]:
    return list(
        connection.execute(select(s.codebook_versions.c.id).order_by(s.codebook_versions.c.id))
    )


def _version(version_pk: int | None, yours: Copy, version_ids: list[int]) -> int | None:
    if version_pk is None or version_pk not in yours.version_pos:
        return version_pk
    return version_ids[yours.version_pos[version_pk]]


def _replace_unit(
    connection: Connection,
    here: Copy,
    coder_pk: int,
    unit: Unit,
    state: UnitState | None,
    version_ids: list[int],
) -> None:
    """Make the coder's work on one segment (or the document memo) what ``state`` says."""
    _, document, n = unit
    document_pk = here.document_pk[document]
    segment_pk = None if n is None else here.segment_pk[(document, n)]
    memo_here = (
        s.memos.c.segment_id.is_(None)
        if segment_pk is None
        else (s.memos.c.segment_id == segment_pk)
    )
    connection.execute(
        delete(s.memos).where(
            s.memos.c.coder_id == coder_pk,
            s.memos.c.document_id == document_pk,
            memo_here,
            s.memos.c.code_id.is_(None),
        )
    )
    if segment_pk is not None:
        _replace_codings(connection, coder_pk, segment_pk, state, version_ids)
    if state is not None and state.memo is not None and state.memo_times is not None:
        _insert_memo(connection, coder_pk, document_pk, segment_pk, state)


def _replace_codings(
    connection: Connection,
    coder_pk: int,
    segment_pk: int,
    state: UnitState | None,
    version_ids: list[int],
) -> None:
    mine = and_(s.codings.c.coder_id == coder_pk, s.codings.c.segment_id == segment_pk)
    connection.execute(delete(s.codings).where(mine))
    connection.execute(
        delete(s.reviews).where(
            s.reviews.c.coder_id == coder_pk, s.reviews.c.segment_id == segment_pk
        )
    )
    if state is None:
        return
    if state.reviewed:
        connection.execute(
            insert(s.reviews).values(
                segment_id=segment_pk, coder_id=coder_pk, reviewed_at=state.reviewed_at
            )
        )
    if state.created:
        connection.execute(
            insert(s.codings),
            [
                {
                    "segment_id": segment_pk,
                    "coder_id": coder_pk,
                    "code_id": code_id,
                    "codebook_version_id": version_ids[position],
                    "created_at": created_at,
                }
                for code_id, position, created_at in state.created
            ],
        )


def _insert_memo(
    connection: Connection,
    coder_pk: int,
    document_pk: int,
    segment_pk: int | None,
    state: UnitState,
) -> None:
    assert state.memo is not None and state.memo_times is not None
    connection.execute(
        insert(s.memos).values(
            coder_id=coder_pk,
            document_id=document_pk,
            segment_id=segment_pk,
            code_id=None,
            text=state.memo,
            created_at=state.memo_times[0],
            updated_at=state.memo_times[1],
        )
    )


def _replace_decision(
    connection: Connection, segment_pk: int, decision: DecisionState | None, version_ids: list[int]
) -> None:
    connection.execute(
        delete(s.reconciliations).where(s.reconciliations.c.segment_id == segment_pk)
    )
    connection.execute(
        delete(s.consensus_codings).where(s.consensus_codings.c.segment_id == segment_pk)
    )
    if decision is None:
        return
    coder_a, coder_b, kind, note, by = decision.fields
    connection.execute(
        insert(s.reconciliations).values(
            segment_id=segment_pk,
            coder_a=coder_a,
            coder_b=coder_b,
            decision=kind,
            note=note,
            reconciled_by=by,
            reconciled_at=decision.reconciled_at,
        )
    )
    if decision.created:
        connection.execute(
            insert(s.consensus_codings),
            [
                {
                    "segment_id": segment_pk,
                    "code_id": code_id,
                    "codebook_version_id": version_ids[position],
                    "created_at": created_at,
                }
                for code_id, position, created_at in decision.created
            ],
        )


def merge(
    store: Store,
    other: Store,
    *,
    coder: str | None,
    prefer: str | None,
    actor: str,
) -> MergePlan:
    """Plan the merge of ``other`` into ``store`` and apply it unless it is refused or has
    conflicts (without ``prefer``) or finds nothing new."""
    theirs = table_contents(other)
    plan = plan_merge(
        table_contents(store),
        theirs,
        here=str(store.path),
        other=str(other.path),
        coder=coder,
        prefer=prefer,
    )
    if not plan.problems and not plan.conflicts and not plan.empty:
        apply_merge(store, theirs, plan, actor=actor, other=str(other.path))
    return plan
