"""The suggestion model: its examples, what it learns and says, and the evaluation's split."""

from __future__ import annotations

import pytest

from qualcode.codebook import parse_codebook
from qualcode.model import CONSENSUS, CodingRows, DocumentInfo
from qualcode.reports.source import Source
from qualcode.suggest import Example, SegmentText, train, training_examples
from qualcode.suggest.evaluate import Tally, evaluate, folds_by_document

CODEBOOK = parse_codebook(
    """\
name: Suggest test
version: 1
families:
  - id: f
    label: Family
    codes:
      - id: debt
        label: Debt bondage
        definition: Workers owe a debt they cannot pay off.
        keywords: [debt, owe]
      - id: housing
        label: Housing
        definition: A place to stay.
      - id: visa
        label: Visa dependence
        definition: The worker's visa is tied to one employer.
        keywords: [visa, sponsor]
      - id: old
        label: Retired code
        definition: Not used any more.
        retired: true
"""
)


def rows(codings: list[tuple[int, int, int, str]]) -> CodingRows:
    """Coding rows for documents 1-3 and coders 1 (ana), 2 (ben)."""
    positions = {"f.debt": 0, "f.housing": 1, "f.visa": 2}
    return CodingRows(
        documents=[DocumentInfo(d, f"doc{d}", {}) for d in (1, 2, 3)],
        coders={1: "ana", 2: "ben"},
        reviewed={1: {1, 2}, 2: {2}, 3: {1, 2}},
        rows=[(d, c, s, positions[code]) for d, c, s, code in codings],
        code_ids={v: k for k, v in positions.items()},
    )


def test_examples_count_the_source_coder_and_reviewed_segments_only() -> None:
    data = rows(
        [
            (1, 1, 10, "f.debt"),  # ana on doc1: counts (ana is its coder)
            (1, 2, 10, "f.housing"),  # ben on doc1: does not count
            (2, 2, 20, "f.visa"),  # ben on doc2: counts
            (3, CONSENSUS, 30, "f.housing"),  # doc3 reconciled: the consensus counts
            (3, 1, 30, "f.debt"),
        ]
    )
    source = Source("test", {1: 1, 2: 2, 3: CONSENSUS})
    segments = [
        SegmentText(10, 1, "ten", frozenset({1, 2})),
        SegmentText(11, 1, "eleven", frozenset({2})),  # only ben reviewed it: not an example
        SegmentText(12, 1, "twelve", frozenset({1})),  # ana reviewed, nothing applies
        SegmentText(20, 2, "twenty", frozenset({2})),
        SegmentText(30, 3, "thirty", frozenset({1, 2})),
        SegmentText(31, 3, "thirty-one", frozenset()),  # nobody reviewed it
    ]
    examples = training_examples(data, source, segments)
    assert [(e.segment_pk, set(e.codes)) for e in examples] == [
        (10, {"f.debt"}),
        (12, set()),
        (20, {"f.visa"}),
        (30, {"f.housing"}),
    ]


def corpus(documents: int = 6) -> list[Example]:
    """Segments about debt, about housing, and about neither, spread over documents."""
    debt = ["he owes the crew leader a debt for the trip", "they owe money for rent and tools"]
    housing = ["the shelter found her an apartment", "housing is the first thing we look for"]
    other = ["we met at the courthouse on monday", "the weather was bad that week"]
    examples = []
    for d in range(documents):
        for i, text in enumerate(debt + housing + other):
            codes = {0: "f.debt", 1: "f.debt", 2: "f.housing", 3: "f.housing"}.get(i)
            pk = d * 10 + i
            examples.append(Example(pk, d, f"{text} ({d})", frozenset({codes} if codes else ())))
    return examples


def test_codes_with_enough_codings_are_learnt_the_others_reported() -> None:
    model = train(corpus(), CODEBOOK, min_codings=8)
    assert model.learnt == ["f.debt", "f.housing"]  # 12 codings each
    assert model.too_few == {"f.visa": 0}  # the retired code is never suggested
    assert model.prior_codes == ["f.visa"]
    [debt_first], [housing_first] = model.suggest(
        ["the crew leader says they owe a debt", "an apartment from the shelter"], top=1
    )
    assert debt_first.code_id == "f.debt" and debt_first.basis == "codings"
    assert debt_first.score > 0.5
    assert set(debt_first.words) <= {"crew", "leader", "crew leader", "owe", "debt"}
    assert "debt" in debt_first.words or "owe" in debt_first.words
    assert housing_first.code_id == "f.housing"


def test_a_code_without_codings_is_suggested_from_its_codebook_words() -> None:
    model = train(corpus(), CODEBOOK, min_codings=8)
    [found] = model.suggest(["the employer holds the visa and is the only sponsor"], top=3)
    visa = next(s for s in found if s.code_id == "f.visa")
    assert visa.basis == "codebook"
    assert 0 < visa.score <= 0.6  # a codebook-only score is capped
    assert visa.words[:2] == ("visa", "sponsor")


def test_min_score_and_top_limit_what_is_put_forward() -> None:
    model = train(corpus(), CODEBOOK, min_codings=8)
    [everything] = model.suggest(["the crew leader says they owe a debt"], top=3)
    assert len(everything) <= 3
    assert [s.score for s in everything] == sorted((s.score for s in everything), reverse=True)
    [strong] = model.suggest(["the crew leader says they owe a debt"], min_score=0.5)
    assert [s.code_id for s in strong] == ["f.debt"]
    assert model.suggest([]) == []


def test_the_evaluation_splits_by_document() -> None:
    examples = corpus(documents=7)
    splits = folds_by_document(examples, folds=3)
    assert len(splits) == 3
    tested = []
    for train_rows, test_rows in splits:
        train_documents = {examples[i].document_id for i in train_rows}
        test_documents = {examples[i].document_id for i in test_rows}
        assert not train_documents & test_documents
        tested += test_documents
    assert sorted(tested) == list(range(7))  # every document is tested exactly once
    result = evaluate(examples, CODEBOOK, [set()] * len(examples), folds=3, min_codings=8)
    for train_documents, test_documents in result.fold_documents:
        assert not train_documents & test_documents
    assert result.segments == 42 and result.documents == 7 and result.folds == 3


def test_the_evaluation_counts_precision_and_recall_at_3() -> None:
    examples = corpus(documents=6)
    # Keyword hints: "f.debt" on every segment, i.e. right on 2 segments of 6 per document.
    hints = [{"f.debt"} for _ in examples]
    result = evaluate(examples, CODEBOOK, hints, folds=3, min_codings=8)
    keywords = result.overall.keywords
    assert (keywords.put_forward, keywords.right, keywords.codings) == (36, 12, 24)
    debt = next(c for c in result.codes if c.code_id == "f.debt")
    assert debt.keywords.precision == pytest.approx(12 / 36)
    assert debt.keywords.recall == 1.0
    assert debt.learnt and not next(c for c in result.codes if c.code_id == "f.visa").learnt
    # The learnt suggestions find every debt and housing segment in unseen documents.
    assert result.overall.suggestions.recall == 1.0


def test_tally_is_undefined_without_anything_put_forward() -> None:
    tally = Tally()
    tally.add([], frozenset({"f.debt"}))
    assert tally.precision is None and tally.recall == 0.0


def test_the_evaluation_needs_two_documents() -> None:
    from qualcode.errors import QualcodeError

    with pytest.raises(QualcodeError, match="1 reviewed document"):
        folds_by_document(corpus(documents=1), folds=5)


def test_scoring_in_chunks_gives_the_same_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcode.suggest import model as module

    trained = train(corpus(), CODEBOOK, min_codings=8)
    texts = [e.text for e in corpus(documents=2)]
    whole = trained.suggest(texts)
    monkeypatch.setattr(module, "CHUNK", 5)
    assert trained.suggest(texts) == whole
    assert len(whole) == 12
