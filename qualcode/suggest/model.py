"""One classifier per code, learnt from the team's codings, and the codebook as prior evidence.

A code with at least :data:`MIN_CODINGS` examples gets a logistic regression over TF-IDF word
unigrams and bigrams of the segment (its score: the probability it gives). A code with fewer is
scored by how close the segment is to the code's own words (label, definition, keywords,
examples, and the few segments coded with it so far): cosine similarity in the same TF-IDF
space, times :data:`PRIOR_SCALE` and never above :data:`PRIOR_CAP`. Retired codes are never
suggested; :attr:`SuggestionModel.too_few` names the codes that are not learnt, with their
number of codings.

The words shown with a suggestion are the segment's words that added most to its score. The
model is numbers only (a vocabulary, weights, intercepts) and lives in memory: it is relearnt
when a coding session starts and as codings accumulate (measured in bench/bench_suggest.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualcode.model import Codebook
from qualcode.suggest.examples import Example

if TYPE_CHECKING:
    import numpy as np

#: A code needs this many examples to get its own classifier.
MIN_CODINGS = 8
#: Up to this many examples each code's logistic regression is solved exactly (liblinear); on
#: more, by stochastic gradient descent (20 passes), about 25 times quicker on 20,000 segments.
SMALL = 5_000
#: Each code's classifier sees at most this many segments without the code (all with it).
NEGATIVES = 20_000
#: The vocabulary keeps at most this many words and word pairs (the most frequent).
MAX_FEATURES = 100_000
#: The codebook's words weigh like this many repetitions in a code's prototype.
CODEBOOK_WEIGHT = 3
#: Texts are scored this many at a time.
CHUNK = 2_000
#: A prior score is the cosine similarity times this (cosines of short texts are small).
PRIOR_SCALE = 1.5
#: Scores at most this for a code that is only known from the codebook.
PRIOR_CAP = 0.6


@dataclass(frozen=True)
class Suggestion:
    code_id: str
    score: float
    words: tuple[str, ...]  # the segment's words that drove the score, strongest first
    basis: str  # "codings" (a learnt classifier) or "codebook" (its words and a few codings)


@dataclass
class SuggestionModel:
    """Learnt weights for the codes with enough codings, prototypes for the others."""

    vectorizer: Any  # a fitted sklearn TfidfVectorizer (a vocabulary and idf weights)
    learnt: list[str]
    weights: Any  # sparse-free ndarray, (learnt codes, features)
    intercepts: Any  # ndarray, (learnt codes,)
    prior_codes: list[str]
    prototypes: Any  # ndarray, (prior codes, features), rows of unit length
    too_few: dict[str, int] = field(default_factory=dict)  # code -> codings (not learnt)
    examples: int = 0
    names: Any = None  # the vocabulary by column, built at the first explanation

    def _names(self) -> Any:
        if self.names is None:
            self.names = self.vectorizer.get_feature_names_out()
        return self.names

    def suggest(
        self, texts: Sequence[str], *, top: int = 3, min_score: float = 0.0, words: int = 3
    ) -> list[list[Suggestion]]:
        """For each text, up to ``top`` codes scoring at least ``min_score``, best first."""
        found: list[list[Suggestion]] = []
        for start in range(0, len(texts), CHUNK):  # bounded memory on a whole project
            found += self._suggest(texts[start : start + CHUNK], top, min_score, words)
        return found

    def _suggest(
        self, texts: Sequence[str], top: int, min_score: float, words: int
    ) -> list[list[Suggestion]]:
        import numpy as np

        features = self.vectorizer.transform(texts)
        names = self._names()
        scores = np.zeros((len(texts), len(self.learnt) + len(self.prior_codes)))
        if self.learnt:
            logits = features @ self.weights.T + self.intercepts
            scores[:, : len(self.learnt)] = 1.0 / (1.0 + np.exp(-logits))
        if self.prior_codes:
            cosine = np.asarray(features @ self.prototypes.T)
            scores[:, len(self.learnt) :] = np.minimum(cosine * PRIOR_SCALE, PRIOR_CAP)
        codes = self.learnt + self.prior_codes
        found: list[list[Suggestion]] = []
        features = features.tocsr()
        for row, row_scores in enumerate(scores):
            best = np.argsort(-row_scores, kind="stable")[:top]
            start, end = features.indptr[row], features.indptr[row + 1]
            vector = (features.indices[start:end], features.data[start:end])
            chosen = []
            for column in best:
                score = float(row_scores[column])
                if score < min_score or score <= 0.0:
                    continue
                learnt = column < len(self.learnt)
                coefficients = (
                    self.weights[column] if learnt else self.prototypes[column - len(self.learnt)]
                )
                chosen.append(
                    Suggestion(
                        codes[column],
                        round(score, 3),
                        _drivers(vector, coefficients, names, words),
                        "codings" if learnt else "codebook",
                    )
                )
            found.append(chosen)
        return found


def _drivers(
    vector: tuple[np.ndarray, np.ndarray], coefficients: np.ndarray, names: np.ndarray, count: int
) -> tuple[str, ...]:
    """The features of one segment with the largest positive share of its score."""
    import numpy as np

    if count <= 0:
        return ()
    indices, values = vector
    share = values * coefficients[indices]
    order = np.argsort(-share, kind="stable")[:count]
    return tuple(str(names[indices[i]]) for i in order if share[i] > 0)


def codebook_text(codebook: Codebook) -> dict[str, str]:
    """Each active code's own words: label, definition, keywords and examples."""
    texts = {}
    for code in codebook.codes():
        if code.retired:
            continue
        keywords = " ".join(code.keywords)
        parts = [code.label, code.definition, *code.include, *code.examples]
        parts += [keywords] * CODEBOOK_WEIGHT
        texts[code.id] = " ".join(part for part in parts if part)
    return texts


def vectorizer(min_df: int = 2) -> Any:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=min_df,
        max_df=0.5,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        stop_words="english",
        dtype=np.float32,
    )


def train(
    examples: Sequence[Example],
    codebook: Codebook,
    *,
    min_codings: int = MIN_CODINGS,
    seed: int = 0,
    solver: str | None = None,
    threads: int = 2,
) -> SuggestionModel:
    """Learn a model from ``examples`` (see the module's description)."""
    import numpy as np
    from sklearn.preprocessing import normalize

    own_words = codebook_text(codebook)
    active = list(own_words)
    counts = Counter(code for example in examples for code in example.codes if code in own_words)
    texts = [example.text for example in examples]
    tfidf = vectorizer(min_df=2 if len(texts) >= 200 else 1)
    # Fitted on the segments and the codebook together, so its words are in the vocabulary.
    features = tfidf.fit_transform([*texts, *own_words.values()])[: len(texts)]
    learnt = [code for code in active if counts[code] >= min_codings]
    rng = np.random.default_rng(seed)
    width = len(tfidf.vocabulary_)
    weights = np.zeros((len(learnt), width), dtype=np.float32)
    intercepts = np.zeros(len(learnt), dtype=np.float32)
    column = {code: i for i, code in enumerate(learnt)}
    positive = np.zeros((len(learnt), len(examples)), dtype=bool)
    for i, example in enumerate(examples):
        for code in example.codes:
            if code in column:
                positive[column[code], i] = True
    samples = [(labels, _sample(labels, rng)) for labels in positive]

    def fit(row: int) -> None:
        labels, rows = samples[row]
        classifier = _classifier(solver or ("liblinear" if len(examples) <= SMALL else "sgd"))
        classifier.fit(features[rows], labels[rows])
        weights[row] = classifier.coef_[0]
        intercepts[row] = classifier.intercept_[0]

    # The solvers spend most of their time outside the interpreter: threads share the cores.
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(fit, range(len(learnt))))
    prior_codes = [code for code in active if code not in learnt]
    prototype_texts = {code: [own_words[code]] for code in prior_codes}
    for example in examples:
        for code in example.codes:
            if code in prototype_texts:
                prototype_texts[code].append(example.text)
    prototypes = np.zeros((len(prior_codes), width), dtype=np.float32)
    if prior_codes:
        prototypes[:] = normalize(
            tfidf.transform([" ".join(prototype_texts[c]) for c in prior_codes])
        ).toarray()
    return SuggestionModel(
        vectorizer=tfidf,
        learnt=learnt,
        weights=weights,
        intercepts=intercepts,
        prior_codes=prior_codes,
        prototypes=prototypes,
        too_few={code: counts[code] for code in prior_codes},
        examples=len(examples),
    )


def _classifier(solver: str) -> Any:
    """Logistic regression, solved exactly (liblinear) or by stochastic gradient descent."""
    from sklearn.linear_model import LogisticRegression, SGDClassifier

    if solver == "sgd":
        return SGDClassifier(
            loss="log_loss", alpha=1e-4, class_weight="balanced", max_iter=20, tol=None,
            random_state=0,
        )  # fmt: skip
    return LogisticRegression(C=4.0, class_weight="balanced", solver=solver)


def _sample(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Every positive example and at most :data:`NEGATIVES` negative ones."""
    import numpy as np

    positives = np.flatnonzero(labels)
    negatives = np.flatnonzero(~labels)
    if len(negatives) > NEGATIVES:
        negatives = rng.choice(negatives, NEGATIVES, replace=False)
    return np.sort(np.concatenate([positives, negatives]))
