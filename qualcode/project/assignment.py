"""Assigning documents to coders, with a double-coded subset (SPEC §4 `assign`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.agreement.assign import Assignment, plan_assignments
from qualcode.errors import QualcodeError
from qualcode.model import check_coder

if TYPE_CHECKING:
    from qualcode.project.base import Project


def assign(
    project: Project,
    coders: list[str],
    double: float,
    *,
    actor: str,
    stratify: str | None = None,
    seed: int = 0,
    force: bool = False,
) -> list[Assignment]:
    """Plan and store assignments; refuses to move documents that already have codings."""
    for coder in coders:
        check_coder(coder, "--coders")
    documents = {row.name: row.attributes for row in project.store.documents.rows()}
    plan = plan_assignments(documents, coders, double, stratify, seed)
    if not force:
        _refuse_moves(project, plan)
    detail = f"coders={','.join(coders)} double={double} stratify={stratify or '-'} seed={seed}"
    set_assignments(project, plan, detail, actor=actor)
    return plan


def _refuse_moves(project: Project, plan: Sequence[Assignment]) -> None:
    current = project.store.assignments.all()
    worked = project.store.codings.documents_with_work()
    conflicts = []
    for assignment in plan:
        if assignment.document not in worked:
            continue
        before = {coder for coder, _ in current.get(assignment.document, [])}
        before = before or worked[assignment.document]
        if before != set(assignment.coders):
            was = ", ".join(sorted(before))
            planned = ", ".join(assignment.coders)
            conflicts.append(
                f"  {assignment.document}: coded by/assigned to {was}; plan: {planned}"
            )
    if conflicts:
        raise QualcodeError(
            "These documents already have codings and the new assignment would move them:\n"
            + "\n".join(conflicts)
            + "\nNothing was changed. Use --force to reassign them anyway (their codings "
            "are kept)."
        )


def set_assignments(
    project: Project, plan: Sequence[Assignment], detail: str, *, actor: str
) -> None:
    rows = [(a.document, a.primary, "primary") for a in plan]
    rows += [(a.document, a.second, "second") for a in plan if a.second]
    project.store.assignments.replace(rows, actor=actor, detail=detail)


def assignments(project: Project) -> dict[str, list[tuple[str, str]]]:
    """``{document: [(coder, role), ...]}`` with the primary coder first."""
    return project.store.assignments.all()
