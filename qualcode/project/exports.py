"""Exports for statisticians, co-authors and funders: the segment × code matrix, code
co-occurrence, memos, and whole files (.xlsx, .sav, .dta, .docx; the codebook as .md or .docx).

Every file writer has the shape ``(project, out) -> None`` with ``out`` a binary stream, so a
front end can pick one by the file's extension (:data:`EXPORTS`, :data:`CODEBOOK_EXPORTS`) and
own where and how the file is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING

from qualcode.errors import QualcodeError
from qualcode.model.exports import MemoRow
from qualcode.project.reports import coding_source
from qualcode.reports.appendix import codebook_appendix, quote_book
from qualcode.reports.cooccurrence import LEVELS, Cooccurrence, cooccurrence
from qualcode.reports.matrix import SegmentMatrix, segment_matrix

if TYPE_CHECKING:
    from qualcode.model import CodingRows
    from qualcode.project.base import Project
    from qualcode.reports.frequencies import FrequencyTable
    from qualcode.reports.quotes import Quote
    from qualcode.reports.source import Source
    from qualcode.reports.workbook import Sheet

#: A file writer: the project's data written to ``out`` in one format.
#: A writer: the project to a binary stream; returns what to tell the user, or None for the
#: plain "Wrote FILE." line.
Exporter = Callable[["Project", IO[bytes]], str | None]


def matrix(
    project: Project,
    *,
    coder: str | None = None,
    consensus: bool = False,
    with_text: bool = False,
) -> SegmentMatrix:
    """The segment × code matrix of the respondent segments (see
    :mod:`qualcode.reports.matrix`)."""
    data, source = coding_source(project, [], coder, consensus, False)
    segments = project.store.exports.segment_listing(False, with_text)
    return segment_matrix(project.codebook, data, source, segments)


def code_cooccurrence(
    project: Project,
    by: list[str],
    *,
    level: str = "segment",
    coder: str | None = None,
    consensus: bool = False,
) -> Cooccurrence:
    """Code × code counts of the units (segments or documents) where both codes apply."""
    if level not in LEVELS:
        raise QualcodeError(f"--level {level}: use one of {', '.join(LEVELS)}.")
    data, source = coding_source(project, by, coder, consensus, False)
    segments = project.store.exports.segment_listing(False, False)
    table = segment_matrix(project.codebook, data, source, segments)
    return cooccurrence(table, by, level)


def memos(project: Project) -> list[MemoRow]:
    """Every document memo, segment memo and code note."""
    return project.store.exports.memos()


# -- whole files ------------------------------------------------------------------------


def export_xlsx(project: Project, out: IO[bytes]) -> None:
    """A workbook: frequencies by role, agreement per code, quotes, the segment × code matrix,
    memos and the codebook, one sheet each (the codings are read once for all of them)."""
    from qualcode.reports.frequencies import frequencies
    from qualcode.reports.workbook import write_workbook

    data, source = coding_source(project, [], None, False, False)
    by = _roles(data)
    codebook = project.codebook
    segments = project.store.exports.segment_listing(False, False)
    write_workbook(
        [
            _frequency_sheet(frequencies(codebook, data, source, by, True)),
            _agreement_sheet(project),
            _quote_sheet(_quotes(project, data, source, by)),
            _matrix_sheet(segment_matrix(codebook, data, source, segments)),
            _memo_sheet(project),
            _codebook_sheet(project),
        ],
        out,
    )


def export_sav(project: Project, out: IO[bytes]) -> None:
    """The segment × code matrix as an SPSS data file with variable and value labels."""
    from qualcode.reports.statfiles import write_sav

    write_sav(matrix(project), out)


def export_dta(project: Project, out: IO[bytes]) -> None:
    """The segment × code matrix as a Stata data file with variable and value labels."""
    from qualcode.reports.statfiles import write_dta

    write_dta(matrix(project), out)


def export_quote_book(project: Project, out: IO[bytes]) -> None:
    """A Word quote book: every coded segment under its family and code."""
    from qualcode.reports.prose import write_docx

    data, source = coding_source(project, [], None, False, False)
    found = _quotes(project, data, source, _roles(data))
    write_docx(quote_book(project.codebook, found, source.description), out)


def export_codebook_markdown(project: Project, out: IO[bytes]) -> None:
    """The codebook in use as a methods appendix in Markdown."""
    from qualcode.reports.prose import write_markdown

    text = io.StringIO()
    write_markdown(codebook_appendix(project.codebook), text)
    out.write(text.getvalue().encode("utf-8"))


def export_codebook_docx(project: Project, out: IO[bytes]) -> None:
    """The codebook in use as a methods appendix in Word."""
    from qualcode.reports.prose import write_docx

    write_docx(codebook_appendix(project.codebook), out)


#: ``qualcode export``: file extension -> writer.
EXPORTS: dict[str, Exporter] = {
    ".xlsx": export_xlsx,
    ".sav": export_sav,
    ".dta": export_dta,
    ".docx": export_quote_book,
}

#: ``qualcode codebook export``: file extension -> writer.
CODEBOOK_EXPORTS: dict[str, Exporter] = {
    ".md": export_codebook_markdown,
    ".docx": export_codebook_docx,
}


def _roles(data: CodingRows) -> list[str]:
    """``["role"]`` when documents have a role, else no grouping."""
    return ["role"] if any("role" in d.attributes for d in data.documents) else []


def _quotes(project: Project, data: CodingRows, source: Source, by: list[str]) -> list[Quote]:
    """Every coded segment (see :func:`qualcode.project.reports.quotes`)."""
    from qualcode.reports.quotes import build_quotes, find_quotes

    found, code_ids = find_quotes(project.codebook, data, source, [])
    details = project.store.documents.details([pk for _, _, pk in found])
    return build_quotes(project.codebook, data, by, details, found, code_ids)


def _frequency_sheet(table: FrequencyTable) -> Sheet:
    from qualcode.reports.frequencies import COLUMNS
    from qualcode.reports.workbook import Sheet

    return Sheet("Frequencies", COLUMNS, [row.values() for row in table.rows])


AGREEMENT_COLUMNS = ("coder_a", "coder_b", "family", "code", "label", "n", "both", "only_a",
                     "only_b", "neither", "prevalence", "observed_agreement", "kappa",
                     "kappa_ci_low", "kappa_ci_high", "pabak", "ac1", "alpha", "flags",
                     "undefined_reason")  # fmt: skip


def _agreement_sheet(project: Project) -> Sheet:
    from qualcode.agreement.render import stats_dict
    from qualcode.reports.workbook import Sheet

    try:
        report = project.agreement()
    except QualcodeError as exc:
        return Sheet("Agreement", ("note",), [(str(exc),)])
    rows = []
    for pair in report.pairs:
        for code in pair.codes:
            record = stats_dict(code.stats)
            record.update(
                coder_a=pair.coder_a,
                coder_b=pair.coder_b,
                family=code.family,
                code=code.code,
                label=code.label,
                flags=";".join(code.flags),
            )
            rows.append(tuple(record.get(column) for column in AGREEMENT_COLUMNS))
    return Sheet("Agreement", AGREEMENT_COLUMNS, rows)


QUOTE_COLUMNS = ("family", "code", "label", "document", "participant_id", "role", "segment_id",
                 "speaker", "text")  # fmt: skip


def _quote_sheet(found: list[Quote]) -> Sheet:
    from qualcode.reports.workbook import Sheet

    rows = [
        (
            q.code.split(".", 1)[0],
            q.code,
            q.label,
            q.document,
            q.participant_id,
            q.attributes.get("role", ""),
            q.segment_id,
            q.speaker,
            q.text,
        )
        for q in found
    ]
    return Sheet("Quotes", QUOTE_COLUMNS, rows)


def _matrix_sheet(table: SegmentMatrix) -> Sheet:
    from qualcode.reports.workbook import Sheet

    frame = table.frame
    codes = table.code_columns
    other = [column for column in frame.columns if column not in set(codes)]
    described = other + codes

    def rows() -> Iterator[tuple[object, ...]]:
        left = frame[other].itertuples(index=False, name=None)
        right = frame[codes].to_numpy().tolist()
        for first, second in zip(left, right, strict=True):
            yield (*first, *second)

    return Sheet("Matrix", described, rows())


def _memo_sheet(project: Project) -> Sheet:
    from qualcode.reports.memos import COLUMNS, memo_values
    from qualcode.reports.workbook import Sheet

    return Sheet("Memos", COLUMNS, [memo_values(memo) for memo in memos(project)])


CODEBOOK_COLUMNS = ("family", "family_label", "code", "label", "parent", "definition",
                    "use_when", "do_not_use_when", "examples", "retired")  # fmt: skip


def _codebook_sheet(project: Project) -> Sheet:
    from qualcode.reports.workbook import Sheet

    codebook = project.codebook
    rows = [
        (
            family.id,
            family.label,
            code.id,
            code.label,
            code.parent or "",
            code.definition,
            "\n".join(code.include),
            "\n".join(code.exclude),
            "\n".join(code.examples),
            "yes" if code.retired else "",
        )
        for family in codebook.families
        for code in family.walk()
    ]
    return Sheet("Codebook", CODEBOOK_COLUMNS, rows)
