"""Code frequencies, quotes and the HTML report (SPEC §9)."""

from __future__ import annotations

import difflib
from collections import Counter
from typing import TYPE_CHECKING

from qualcode.errors import QualcodeError
from qualcode.model import CodingRows
from qualcode.project.agreement import agreement
from qualcode.reports.frequencies import FrequencyTable, frequencies
from qualcode.reports.quotes import Quote, build_quotes, find_quotes
from qualcode.reports.source import Source, resolve_source

if TYPE_CHECKING:
    from qualcode.agreement.report import AgreementReport, Bootstrap
    from qualcode.project.base import Project


def frequency_table(
    project: Project,
    by: list[str],
    *,
    coder: str | None = None,
    consensus: bool = False,
    include_interviewer: bool = False,
) -> FrequencyTable:
    """Code frequencies by the attributes ``by``."""
    data, source = coding_source(project, by, coder, consensus, include_interviewer)
    return frequencies(project.codebook, data, source, by, not include_interviewer)


def quotes(
    project: Project,
    codes: list[str],
    by: list[str],
    *,
    coder: str | None = None,
    consensus: bool = False,
    include_interviewer: bool = False,
) -> tuple[list[Quote], str]:
    """Every coded segment (of ``codes``, parents including children) and the source."""
    known = project.codebook.code_ids()
    for code in codes:
        if code not in known:
            hint = difflib.get_close_matches(code, known, n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
            raise QualcodeError(f"--code {code}: no such code in the codebook{suggestion}")
    data, source = coding_source(project, by, coder, consensus, include_interviewer)
    found, code_ids = find_quotes(project.codebook, data, source, codes)
    details = project.store.documents.details([pk for _, _, pk in found])
    return build_quotes(project.codebook, data, by, details, found, code_ids), source.description


def html_report(
    project: Project,
    by: list[str],
    *,
    coder: str | None = None,
    consensus: bool = False,
    include_interviewer: bool = False,
    title: str | None = None,
    bootstrap: Bootstrap | None = None,
) -> str:
    """The self-contained HTML report: methods, frequencies, agreement and quotes.

    ``title`` defaults to "Findings: <codebook name>"; ``bootstrap`` adds a bootstrap interval
    to the agreement tables and charts.
    """
    from qualcode.reports.cooccurrence import segment_cooccurrence
    from qualcode.reports.html import Methods, ReportInputs, default_title, render
    from qualcode.reports.matrix import segment_codes

    data, source = coding_source(project, by, coder, consensus, include_interviewer)
    table = frequencies(project.codebook, data, source, by, not include_interviewer)
    segments = project.store.exports.segment_listing(include_interviewer, False)
    pairs = segment_cooccurrence(
        segment_codes(project.codebook, data, source, segments), source.description
    )
    found, _ = quotes(
        project, [], by, coder=coder, consensus=consensus, include_interviewer=include_interviewer
    )
    report: AgreementReport | None
    try:
        report = agreement(project, include_interviewer=include_interviewer, bootstrap=bootstrap)
        unavailable = None
    except QualcodeError as exc:
        report, unavailable = None, str(exc)
    codebook = project.codebook
    reviewed = Counter(data.coders[c] for who in data.reviewed.values() for c in who)
    methods = Methods(
        units=project.store.documents.units(),
        respondent_only=not include_interviewer,
        coders=dict(sorted(reviewed.items())),
        documents=len(data.documents),
        reconciled=sorted(reconciled_documents(project)),
        coder=coder,
        consensus=consensus,
    )
    return render(
        ReportInputs(
            title=title or default_title(codebook.name),
            project=project.path.name,
            codebook_name=codebook.name,
            codebook_version=str(codebook.version or ""),
            frequencies=table,
            agreement=report,
            agreement_unavailable=unavailable,
            quotes=found,
            code_labels={code.id: code.label for code in codebook.codes()},
            family_labels={family.id: family.label for family in codebook.families},
            methods=methods,
            cooccurrence=pairs,
        )
    )


def reconciled_documents(project: Project) -> set[str]:
    """Documents whose every double-coded segment has a consensus that stands."""
    complete: set[str] = set()
    incomplete: set[str] = set()
    for coder_a, coder_b in project.store.reconciliation.pairs():
        for unit in project.store.reconciliation.units(coder_a, coder_b):
            (complete if unit.settled else incomplete).add(unit.document)
    return complete - incomplete


def coding_source(
    project: Project, by: list[str], coder: str | None, consensus: bool, include_interviewer: bool
) -> tuple[CodingRows, Source]:
    """Every coding with the source that says whose count per document (checking ``by``)."""
    data = project.store.reports.coding_rows(include_interviewer)
    _check_attributes(data, by)
    source = resolve_source(
        data, project.store.assignments.all(), coder, consensus, reconciled_documents(project)
    )
    return data, source


def _check_attributes(data: CodingRows, by: list[str]) -> None:
    known = sorted({key for document in data.documents for key in document.attributes})
    missing = [attribute for attribute in by if attribute not in known]
    if missing:
        raise QualcodeError(
            f"--by {','.join(missing)}: no document has that attribute (attributes: "
            f"{', '.join(known) or 'none'})."
        )
