"""Reconciliation: from two coders' disagreements to one consensus coding (SPEC §9 consensus).

The rules (what a unit is, what each decision gives, when a unit is open) are in
:mod:`qualcode.model.reconciliation`; this session loads a coder pair's units, records the
agreements, and writes a reconciler's decisions (the reconciler is the actor in the audit log).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qualcode.errors import InputFileError, QualcodeError
from qualcode.formats.csvfile import read_csv, unsafe_cell, write_csv
from qualcode.model import (
    DECISIONS,
    Decision,
    ReconcileUnit,
    check_coder,
    consensus_codes,
    segment_id,
)
from qualcode.project.base import Project

EXPORT_COLUMNS = ("segment_id", "coder_a", "codes_a", "coder_b", "codes_b", "text", "decision",
                  "codes", "note")  # fmt: skip


@dataclass
class ReconcileSession:
    project: Project
    coder_a: str
    coder_b: str
    reconciler: str

    def __post_init__(self) -> None:
        if self.coder_a == self.coder_b:
            raise QualcodeError("--coders: name two different coders, e.g. --coders ana,ben.")
        check_coder(self.coder_a, "--coders")
        check_coder(self.coder_b, "--coders")
        check_coder(self.reconciler, "--as")
        self._store = self.project.store
        self.version_id = self._store.codebooks.current().id
        self.units = self._store.reconciliation.units(self.coder_a, self.coder_b)
        if not self.units:
            raise QualcodeError(
                f"{self.project.path}: no segment was reviewed by both {self.coder_a} and "
                f"{self.coder_b}; nothing to reconcile."
            )
        self.record_agreements()

    @property
    def disputes(self) -> list[ReconcileUnit]:
        return [unit for unit in self.units if unit.disputed]

    @property
    def open_disputes(self) -> list[ReconcileUnit]:
        return [unit for unit in self.units if unit.open]

    def record_agreements(self) -> int:
        """Segments where the coders agree become consensus automatically (and stay in step if a
        coder changed an agreed segment since)."""
        pending = [
            unit
            for unit in self.units
            if not unit.disputed and (unit.decision != "agreed" or unit.consensus != unit.codes_a)
        ]
        decisions = [self.decision(unit, "agreed", set(unit.codes_a), None) for unit in pending]
        self.write(decisions)
        return len(decisions)

    def decision(
        self, unit: ReconcileUnit, decision: str, codes: set[str], note: str | None
    ) -> Decision:
        unit.decision, unit.consensus, unit.note = decision, set(codes), note
        return Decision(unit.segment_pk, unit.document, unit.n, decision, frozenset(codes), note)

    def decide(
        self,
        unit: ReconcileUnit,
        decision: str,
        *,
        codes: set[str] | None = None,
        note: str | None = None,
    ) -> Decision:
        """A reconciler's decision on a disputed segment (shown at once; write with write())."""
        if decision not in DECISIONS:
            raise QualcodeError(
                f"unknown decision '{decision}': use one of {', '.join(DECISIONS)}."
            )
        return self.decision(unit, decision, consensus_codes(unit, decision, codes), note)

    def write(self, decisions: list[Decision]) -> None:
        self._store.reconciliation.record(
            decisions,
            coder_a=self.coder_a,
            coder_b=self.coder_b,
            reconciler=self.reconciler,
            codebook_version_id=self.version_id,
        )

    def save_code_note(self, code_id: str, text: str, segment_pk: int | None = None) -> None:
        """A note on a code for the codebook's next revision, by the reconciler."""
        self.project.save_code_note(code_id, text, actor=self.reconciler, segment_pk=segment_pk)

    # -- the batch path -------------------------------------------------------------------

    def export(self, out: IO[str]) -> int:
        """The open disagreements as CSV; fill in ``decision`` (and ``codes`` for edit)."""
        rows = [
            (
                segment_id(u.document, u.n),
                self.coder_a,
                " ".join(sorted(u.codes_a)),
                self.coder_b,
                " ".join(sorted(u.codes_b)),
                u.text,
                "",
                "",
                "",
            )
            for u in self.open_disputes
        ]
        write_csv(out, EXPORT_COLUMNS, rows)
        return len(rows)

    def import_decisions(self, path: Path) -> int:
        """Apply every decided row of an exported file, all or nothing; blank decisions stay
        open."""
        rows = read_csv(path, "decisions file")
        header = [cell.strip().lower() for cell in rows[0][1]]
        missing = [c for c in ("segment_id", "decision", "codes", "note") if c not in header]
        if missing:
            raise InputFileError(
                f"{path}: row 1: the header lacks {', '.join(missing)}. Start from the file "
                "`qualcode reconcile --export` writes."
            )
        where = {name: header.index(name) for name in header}
        units = {segment_id(u.document, u.n): u for u in self.disputes}
        known = set(self.project.codebook.code_ids())
        problems: list[str] = []
        decided: list[tuple[ReconcileUnit, str, set[str] | None, str | None]] = []
        seen: set[str] = set()
        for number, row in rows[1:]:
            if len(row) != len(header):
                problems.append(f"row {number}: {len(row)} cells, expected {len(header)}")
                continue
            sid = unsafe_cell(row[where["segment_id"]].strip())
            decision = row[where["decision"]].strip().lower()
            if not decision:
                continue
            unit = units.get(sid)
            if unit is None:
                problems.append(
                    f"row {number}: '{sid}' is not a disagreement between {self.coder_a} and "
                    f"{self.coder_b}"
                )
                continue
            if sid in seen:
                problems.append(f"row {number}: '{sid}' is decided twice")
                continue
            seen.add(sid)
            if decision not in DECISIONS:
                problems.append(
                    f"row {number}: decision '{decision}' is not one of {', '.join(DECISIONS)}"
                )
                continue
            codes = set(unsafe_cell(row[where["codes"]]).replace(",", " ").split())
            unknown = sorted(codes - known)
            for code in unknown:
                hint = difflib.get_close_matches(code, sorted(known), n=1)
                suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
                problems.append(f"row {number}: unknown code '{code}'{suggestion}")
            if decision == "edit" and not codes and not unknown:
                problems.append(
                    f"row {number}: 'edit' needs the consensus codes in the codes column "
                    "(write 'neither' for no code)"
                )
                continue
            if decision != "edit" and codes:
                problems.append(f"row {number}: codes are only read with the decision 'edit'")
                continue
            note = row[where["note"]].strip() or None
            decided.append((unit, decision, codes, note))
        if problems:
            listing = "\n".join(f"  {path}: {problem}" for problem in problems)
            raise InputFileError(
                f"{path}: {len(problems)} bad row(s); no decision was applied:\n{listing}"
            )
        decisions = [self.decide(unit, d, codes=c, note=n) for unit, d, c, n in decided]
        self.write(decisions)
        return len(decisions)
