"""Code suggestions learnt from the project's own codings (never applied by themselves).

:mod:`~qualcode.suggest.examples` picks the training examples (the segments a coder reviewed,
counted by the reports' source-of-codings rule), :mod:`~qualcode.suggest.model` learns one
classifier per code with enough codings and falls back on the codebook's own words for the
rest, :mod:`~qualcode.suggest.evaluate` measures it against the coders, document by document.
scikit-learn is imported by the functions that train, so importing this package is cheap.
"""

from __future__ import annotations

from qualcode.suggest.examples import Example, SegmentText, training_examples
from qualcode.suggest.model import MIN_CODINGS, Suggestion, SuggestionModel, train

__all__ = [
    "MIN_CODINGS",
    "Example",
    "SegmentText",
    "Suggestion",
    "SuggestionModel",
    "train",
    "training_examples",
]
