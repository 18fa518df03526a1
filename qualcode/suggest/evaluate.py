"""How good the suggestions are: learnt on some documents, tested on the others.

The split is by document (scikit-learn's ``GroupKFold``): a test segment never shares its
document (its speaker, its story) with a training segment, as in real use, where suggestions
are for documents nobody coded yet. For each test segment a method puts forward at most three
codes (the suggestions: the three best scoring at least ``min_score``; the keyword hints: the
hinted codes, in codebook order); precision@3 is the share of those a coder applied, recall@3
the share of the coders' codings put forward.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.errors import QualcodeError
from qualcode.model import Codebook
from qualcode.suggest.examples import Example
from qualcode.suggest.model import MIN_CODINGS, train

TOP = 3


@dataclass
class Tally:
    """Codes put forward, how many were right, and the coders' codings."""

    put_forward: int = 0
    right: int = 0
    codings: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.put_forward if self.put_forward else None

    @property
    def recall(self) -> float | None:
        return self.right / self.codings if self.codings else None

    def add(self, shown: Sequence[str], truth: frozenset[str]) -> None:
        self.put_forward += len(shown)
        self.right += sum(code in truth for code in shown)
        self.codings += len(truth)


@dataclass
class CodeResult:
    code_id: str
    codings: int  # examples with the code (all folds)
    learnt: bool  # enough codings for a classifier (in the whole project)
    suggestions: Tally = field(default_factory=Tally)
    keywords: Tally = field(default_factory=Tally)


@dataclass
class Evaluation:
    folds: int
    documents: int
    segments: int
    min_score: float
    overall: CodeResult
    codes: list[CodeResult]
    fold_documents: list[tuple[set[int], set[int]]]  # (train, test) document ids per fold


def folds_by_document(examples: Sequence[Example], folds: int) -> list[tuple[list[int], list[int]]]:
    """Train and test example indices, grouped by document (GroupKFold)."""
    from sklearn.model_selection import GroupKFold

    groups = [example.document_id for example in examples]
    documents = len(set(groups))
    if documents < 2:
        raise QualcodeError(
            f"The evaluation needs coded documents to learn from and others to test on; the "
            f"project has {documents} reviewed document{'s' if documents != 1 else ''}. Code "
            "more documents first."
        )
    splitter = GroupKFold(n_splits=min(folds, documents))
    return [
        (list(map(int, train_rows)), list(map(int, test_rows)))
        for train_rows, test_rows in splitter.split(examples, groups=groups)
    ]


def evaluate(
    examples: Sequence[Example],
    codebook: Codebook,
    keyword_hints: Sequence[set[str]],
    *,
    folds: int = 5,
    min_score: float = 0.0,
    min_codings: int = MIN_CODINGS,
) -> Evaluation:
    """Precision@3 and recall@3 per code and overall, suggestions beside keyword hints
    (``keyword_hints[i]`` are the codes hinted for ``examples[i]``)."""
    order = {code.id: i for i, code in enumerate(codebook.codes())}
    active = [code.id for code in codebook.codes() if not code.retired]
    counts = {code: sum(code in e.codes for e in examples) for code in active}
    results = {code: CodeResult(code, counts[code], counts[code] >= min_codings) for code in active}
    overall = CodeResult("(all codes)", sum(counts.values()), True)
    splits = folds_by_document(examples, folds)
    fold_documents = []
    for train_rows, test_rows in splits:
        fold_documents.append(
            (
                {examples[i].document_id for i in train_rows},
                {examples[i].document_id for i in test_rows},
            )
        )
        model = train([examples[i] for i in train_rows], codebook, min_codings=min_codings)
        suggested = model.suggest(
            [examples[i].text for i in test_rows], top=TOP, min_score=min_score, words=0
        )
        for i, found in zip(test_rows, suggested, strict=True):
            truth = examples[i].codes
            shown = [s.code_id for s in found]
            hinted = sorted(keyword_hints[i], key=lambda c: order.get(c, len(order)))[:TOP]
            overall.suggestions.add(shown, truth)
            overall.keywords.add(hinted, truth)
            for code, result in results.items():
                result.suggestions.add([c for c in shown if c == code], truth & {code})
                result.keywords.add([c for c in hinted if c == code], truth & {code})
    return Evaluation(
        folds=len(splits),
        documents=len({e.document_id for e in examples}),
        segments=len(examples),
        min_score=min_score,
        overall=overall,
        codes=list(results.values()),
        fold_documents=fold_documents,
    )
