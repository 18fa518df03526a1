"""Agreement on the double-coded subset: the report, its consensus variant and the
reconciliation agenda (SPEC §8)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from qualcode.agreement.report import (
    AgreementReport,
    Bootstrap,
    agreement_report,
    pair_report,
)
from qualcode.errors import QualcodeError
from qualcode.formats.csvfile import write_csv
from qualcode.model import CONSENSUS_NAME, segment_id

if TYPE_CHECKING:
    from qualcode.project.base import Project

DISAGREEMENT_COLUMNS = ("segment_id", "code", "label", "applied_by", "not_applied_by", "text",
                        "definition")  # fmt: skip


def agreement(
    project: Project,
    coders: list[str] | None = None,
    *,
    include_interviewer: bool = False,
    with_consensus: bool = False,
    bootstrap: Bootstrap | None = None,
) -> AgreementReport:
    """The agreement report for the named coders, or for the double-coding assignment.

    ``with_consensus`` compares each coder with the reconciled consensus instead; ``bootstrap``
    adds a bootstrap interval beside the large-sample one.
    """
    if with_consensus:
        return _consensus_agreement(project, coders, include_interviewer, bootstrap)
    known = set(project.store.codings.coders_with_reviews())
    explicit = coders is not None
    if coders is None:
        coders = double_coders(project) or sorted(known)
    unknown = [coder for coder in coders if coder not in known]
    if unknown:
        raise QualcodeError(
            f"{project.path}: no codings by {', '.join(unknown)} (coders with codings: "
            f"{', '.join(sorted(known)) or 'none'})."
        )
    if len(set(coders)) < 2:
        raise QualcodeError(
            "Agreement needs two or more coders with codings on the same documents; name "
            "them with --coders A,B."
        )
    data = project.store.agreement.data(coders, include_interviewer)
    report = agreement_report(
        project.codebook, data, coders, _unit(project), include_interviewer, bootstrap
    )
    if not explicit:
        report.pairs = [pair for pair in report.pairs if pair.n_units]
    if not any(pair.n_units for pair in report.pairs):
        raise QualcodeError(
            f"No segment was reviewed by two of {', '.join(coders)}: nothing to compare. "
            "Double-code some documents first (see `qualcode assign --double`)."
        )
    return report


def _consensus_agreement(
    project: Project,
    coders: list[str] | None,
    include_interviewer: bool,
    bootstrap: Bootstrap | None,
) -> AgreementReport:
    pairs = project.store.reconciliation.pairs()
    if not pairs:
        raise QualcodeError(
            "There is no consensus yet: reconcile a coder pair first (`qualcode reconcile`)."
        )
    names = coders or sorted({coder for pair in pairs for coder in pair})
    data = project.store.agreement.data([*names, CONSENSUS_NAME], include_interviewer)
    report = AgreementReport(
        [*names, CONSENSUS_NAME],
        _unit(project),
        include_interviewer,
        [pair_report(project.codebook, data, c, CONSENSUS_NAME, bootstrap) for c in names],
        bootstrap=bootstrap,
    )
    report.pairs = [pair for pair in report.pairs if pair.n_units]
    if not report.pairs:
        raise QualcodeError(f"No reconciled segment was coded by {', '.join(names)}.")
    return report


def _unit(project: Project) -> str:
    units = project.store.documents.units()
    return f"segment ({'/'.join(units) if units else 'turn'})"


def double_coders(project: Project) -> list[str]:
    """Every coder assigned to a document that has two or more coders."""
    coders: set[str] = set()
    for assigned in project.store.assignments.all().values():
        if len(assigned) >= 2:
            coders.update(coder for coder, _ in assigned)
    return sorted(coders)


def write_disagreements(project: Project, report: AgreementReport, out: IO[str]) -> int:
    """The reconciliation agenda: every segment × code where two coders differ."""
    disagreements = [d for pair in report.pairs for d in pair.disagreements()]
    texts = project.store.documents.texts([d.segment_pk for d in disagreements])
    codes = {code.id: code for code in project.codebook.codes()}
    rows = [
        (
            segment_id(d.document, d.n),
            d.code,
            codes[d.code].label,
            d.applied_by,
            d.not_applied_by,
            texts[d.segment_pk],
            codes[d.code].definition,
        )
        for d in disagreements
    ]
    write_csv(out, DISAGREEMENT_COLUMNS, rows)
    return len(rows)
