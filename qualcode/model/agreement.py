"""What the agreement report reads: double-reviewed units and the codings on them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UnitRow:
    """A segment reviewed by at least two of the coders compared."""

    segment_pk: int
    document: str
    n: int
    reviewed_by: frozenset[str]


@dataclass(frozen=True)
class AgreementData:
    units: list[UnitRow]
    codings: dict[str, list[tuple[int, int]]]  # coder -> (segment pk, code position)
    code_ids: dict[int, str]  # code position -> code id

    def coded(self, coder: str) -> list[tuple[int, int]]:
        return self.codings.get(coder, [])
