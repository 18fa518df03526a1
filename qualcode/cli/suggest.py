"""`qualcode suggest`: codes likely on segments nobody coded with them, and how good that is."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.options import OUTPUT, PROJECT, output
from qualcode.errors import QualcodeError

if TYPE_CHECKING:
    from qualcode.project import Project

FORMATS = click.Choice(["table", "csv", "json"])
SUGGESTION_COLUMNS = ("segment_id", "code", "label", "score", "basis", "words", "text")
EVALUATION_COLUMNS = ("code", "label", "codings", "model", "suggest_p3", "suggest_r3",
                      "keyword_p3", "keyword_r3")  # fmt: skip


@click.command()
@PROJECT
@click.option("--document", metavar="NAME", help="Only this document's segments.")
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="Leave out suggestions scoring less (0 to 1).",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@OUTPUT
@click.option(
    "--evaluate",
    is_flag=True,
    help="Measure instead: learn on some documents, test on the others (P@3, R@3).",
)
@click.option(
    "--folds",
    type=click.IntRange(2, 50),
    default=5,
    show_default=True,
    help="With --evaluate: the documents are split into this many groups.",
)
def suggest(
    project: Path,
    document: str | None,
    min_score: float,
    fmt: str,
    out: Path | None,
    evaluate: bool,
    folds: int,
) -> None:
    """Codes likely on respondent segments where no coder applied them, learnt on this
    project's own codings (on this machine; nothing is applied or written to the project).

    Columns: segment_id, code, label, score (0 to 1), basis ("codings": a classifier learnt from
    the team's codings; "codebook": the code's own words, for codes with few codings), words
    (those that drove the score), text. Up to three codes per segment.

    --evaluate learns on some documents and tests on the others, by document, and reports per
    code precision@3 and recall@3 against the coders' codings, beside the keyword hints.
    With --evaluate, --min-score applies to the suggestions only (default there: 0).

    \b
    Example:
      qualcode suggest study.qualcode --document int04 --min-score 0.6
      qualcode suggest study.qualcode --format csv -o review.csv
      qualcode suggest study.qualcode --evaluate --folds 4
    """
    from qualcode.project import open_project

    if evaluate:
        if document is not None:
            raise QualcodeError(
                "--evaluate measures on every coded document; leave --document out."
            )
        source = click.get_current_context().get_parameter_source("min_score")
        chosen = min_score if source == click.core.ParameterSource.COMMANDLINE else 0.0
        with open_project(project) as opened:
            _evaluation(opened, folds, chosen, fmt, out)
        return
    from qualcode.project.suggest import suggest_segments

    with open_project(project) as opened:
        rows, model, found = suggest_segments(opened, document=document, min_score=min_score)
        labels = {code.id: code.label for code in opened.codebook.codes()}
    notes = [
        f"Learnt from {model.examples} reviewed respondent segments; source: {found.source}.",
        _too_few_note(model.too_few),
    ]
    table = [
        (
            f"{row.document}:{row.n}",
            row.suggestion.code_id,
            labels.get(row.suggestion.code_id, ""),
            row.suggestion.score if fmt == "json" else f"{row.suggestion.score:.2f}",
            row.suggestion.basis,
            ", ".join(row.suggestion.words),
            _short(row.text) if fmt == "table" else row.text,
        )
        for row in rows
    ]
    _write(fmt, out, SUGGESTION_COLUMNS, table, "Suggested codes (none applied)", notes)


def _evaluation(opened: Project, folds: int, min_score: float, fmt: str, out: Path | None) -> None:
    from qualcode.project.suggest import evaluate_suggestions
    from qualcode.suggest import MIN_CODINGS

    result, source = evaluate_suggestions(opened, folds=folds, min_score=min_score)
    labels = {code.id: code.label for code in opened.codebook.codes()}
    rows = []
    for entry in [result.overall, *result.codes]:
        model = "" if entry is result.overall else "learnt" if entry.learnt else "too few"
        rows.append(
            (
                entry.code_id,
                labels.get(entry.code_id, ""),
                entry.codings,
                model,
                *(
                    _ratio(value, fmt)
                    for value in (
                        entry.suggestions.precision,
                        entry.suggestions.recall,
                        entry.keywords.precision,
                        entry.keywords.recall,
                    )
                ),
            )
        )
    too_few = {c.code_id: c.codings for c in result.codes if not c.learnt}
    notes = [
        f"{result.segments} reviewed respondent segments in {result.documents} documents, "
        f"{result.folds} folds by document (no document in training and test); source: {source}.",
        f"Suggestions: the 3 best scoring at least {min_score:g}; keyword hints: up to 3 hinted "
        "codes. P@3: share of those put forward that a coder applied; R@3: share of the "
        "coders' codings put forward.",
        f"A code with fewer than {MIN_CODINGS} codings gets no classifier ('too few'): it is "
        "suggested from its own words in the codebook. " + _too_few_note(too_few),
    ]
    _write(fmt, out, EVALUATION_COLUMNS, rows, "Suggestions against keyword hints", notes)


def _write(
    fmt: str, out: Path | None, columns: tuple[str, ...], rows: Sequence[Sequence[object]],
    title: str, notes: list[str],
) -> None:  # fmt: skip
    from qualcode.reports.writers import write_table

    notes = [note for note in notes if note]
    if fmt == "csv":
        for note in notes:
            click.echo(note, err=True)
    with output(out) as handle:
        write_table(fmt, handle, columns, rows, title=title, notes=notes, meta={"notes": notes})


def _ratio(value: float | None, fmt: str) -> object:
    if fmt == "json":
        return None if value is None else round(value, 3)
    return "—" if value is None and fmt == "table" else "" if value is None else f"{value:.3f}"


def _too_few_note(too_few: dict[str, int]) -> str:
    if not too_few:
        return ""
    shown = ", ".join(f"{code} ({count})" for code, count in sorted(too_few.items())[:12])
    more = f" and {len(too_few) - 12} more" if len(too_few) > 12 else ""
    return f"Too few codings to learn from: {shown}{more}."


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
