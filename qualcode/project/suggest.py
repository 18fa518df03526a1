"""Code suggestions for a project: its training examples, batch suggestions and the evaluation.

The model (:mod:`qualcode.suggest`) learns from the respondent segments a coder reviewed, the
codes counted by the reports' rule (consensus where a document is reconciled, else its primary
coder). Nothing is written to the project: suggestions are for people to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.errors import QualcodeError
from qualcode.project.reports import reconciled_documents
from qualcode.reports.source import resolve_source
from qualcode.suggest import Example, SegmentText, Suggestion, SuggestionModel, train
from qualcode.suggest.examples import training_examples

if TYPE_CHECKING:
    from qualcode.project.base import Project
    from qualcode.suggest.evaluate import Evaluation


@dataclass(frozen=True)
class SegmentSuggestion:
    """A code suggested for a segment none of the coders (nor the consensus) applied it to."""

    document: str
    n: int
    text: str
    suggestion: Suggestion


@dataclass(frozen=True)
class TrainingSet:
    examples: list[Example]
    source: str  # whose codings count, as the reports say it


def training_set(project: Project) -> TrainingSet:
    store = project.store
    data = store.reports.coding_rows(include_interviewer=False)
    source = resolve_source(data, store.assignments.all(), reconciled=reconciled_documents(project))
    segments = [
        SegmentText(pk, document_id, text, reviewers)
        for pk, document_id, _, _, text, reviewers in store.suggest.respondent_segments()
    ]
    return TrainingSet(training_examples(data, source, segments), source.description)


def trained_model(project: Project) -> tuple[SuggestionModel, TrainingSet]:
    found = training_set(project)
    if not found.examples:
        raise QualcodeError(
            f"{project.path}: no respondent segment has been reviewed yet, so there is nothing "
            "to learn suggestions from. Code some documents first (`qualcode code`, or "
            "`qualcode codings import`)."
        )
    return train(found.examples, project.codebook), found


def suggest_segments(
    project: Project, *, document: str | None = None, min_score: float = 0.5, top: int = 3
) -> tuple[list[SegmentSuggestion], SuggestionModel, TrainingSet]:
    """Codes likely on respondent segments where nobody applied them, best first per segment."""
    if document is not None:
        project.check_document(document)
    model, found = trained_model(project)
    segments = project.store.suggest.respondent_segments(document)
    applied = project.store.suggest.applied_codes()
    texts = [text for _, _, _, _, text, _ in segments]
    rows = []
    for (pk, _, name, n, text, _), suggestions in zip(
        segments, model.suggest(texts, top=top, min_score=min_score), strict=True
    ):
        rows += [
            SegmentSuggestion(name, n, text, suggestion)
            for suggestion in suggestions
            if suggestion.code_id not in applied.get(pk, set())
        ]
    return rows, model, found


def evaluate_suggestions(
    project: Project, *, folds: int = 5, min_score: float = 0.0
) -> tuple[Evaluation, str]:
    """The evaluation (:func:`qualcode.suggest.evaluate.evaluate`) on the project's codings,
    beside the keyword hints; and the source of the codings."""
    from qualcode.codebook.keywords import KeywordMatcher
    from qualcode.suggest.evaluate import evaluate

    found = training_set(project)
    hints = KeywordMatcher(project.codebook).suggest([e.text for e in found.examples])
    result = evaluate(found.examples, project.codebook, hints, folds=folds, min_score=min_score)
    return result, found.source
