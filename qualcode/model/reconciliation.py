"""Reconciliation as plain data: a double-reviewed unit, a decision, a note on a code.

The unit is a segment both coders reviewed. Where their codes are the same, that is the consensus
(decision ``agreed``, recorded automatically). Where they differ, a reconciler decides: ``a`` or
``b`` (one coder's codes), ``both`` (every code either applied), ``neither`` (only the codes both
applied) or ``edit`` (a set of codes written out), with a note on why.
"""

from __future__ import annotations

from dataclasses import dataclass

#: What a reconciler can decide on a disputed unit (``agreed`` is recorded automatically).
DECISIONS = ("a", "b", "both", "neither", "edit")


@dataclass
class ReconcileUnit:
    """A segment both coders reviewed, with each one's codes and any decision so far."""

    segment_pk: int
    document: str
    n: int
    speaker: str
    text: str
    codes_a: set[str]
    codes_b: set[str]
    decision: str | None
    note: str | None
    consensus: set[str]

    @property
    def disputed(self) -> bool:
        """The two coders' codes differ."""
        return self.codes_a != self.codes_b

    @property
    def decided(self) -> bool:
        """A reconciler has decided this unit (an automatic ``agreed`` is not a decision)."""
        return self.decision not in (None, "agreed")

    @property
    def open(self) -> bool:
        """The unit still needs a person: disputed and not decided."""
        return self.disputed and not self.decided

    @property
    def settled(self) -> bool:
        """The unit has a consensus that stands: recorded, and not an open dispute."""
        return self.decision is not None and not self.open


def consensus_codes(unit: ReconcileUnit, decision: str, edited: set[str] | None = None) -> set[str]:
    """The consensus codes a decision gives a unit."""
    if decision in ("a", "agreed"):
        return set(unit.codes_a)
    if decision == "b":
        return set(unit.codes_b)
    if decision == "both":
        return unit.codes_a | unit.codes_b
    if decision == "neither":
        return unit.codes_a & unit.codes_b
    if decision == "edit":
        return set(edited or set())
    raise ValueError(f"unknown decision {decision!r}")


@dataclass(frozen=True)
class Decision:
    segment_pk: int
    document: str
    n: int
    decision: str  # agreed, a, b, both, neither, edit
    codes: frozenset[str]
    note: str | None


@dataclass(frozen=True)
class CodeNote:
    code_id: str
    author: str
    at: str
    text: str
    where: str | None
