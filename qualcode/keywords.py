"""Codebook keywords that point at likely codes (SPEC §7): highlighted, never applied.

Keywords and segment texts are lemmatised by spaCy, so "detectives" matches the keyword
"detective"; without a model, matching falls back to lowercase words.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from concurrent.futures import Future

from qualcode.model import Codebook


class KeywordMatcher:
    def __init__(self, codebook: Codebook) -> None:
        from spacy.matcher import PhraseMatcher

        from qualcode.nlp import lemma_pipeline

        pipeline = lemma_pipeline()
        self.nlp = pipeline.nlp
        self.matcher = PhraseMatcher(
            self.nlp.vocab, attr="LEMMA" if pipeline.has_model else "LOWER"
        )
        for code in codebook.codes():
            if code.keywords and not code.retired:
                self.matcher.add(code.id, list(self.nlp.pipe([k.lower() for k in code.keywords])))

    def suggest(self, texts: Sequence[str]) -> list[set[str]]:
        """For each text, the ids of codes whose keywords occur in it."""
        strings = self.nlp.vocab.strings
        return [
            {strings[match_id] for match_id, _, _ in self.matcher(doc)}
            for doc in self.nlp.pipe(texts, batch_size=256)
        ]


_matcher: KeywordMatcher | None = None


def _start(codebook_yaml: str) -> None:
    global _matcher
    from qualcode.codebook import parse_codebook

    _matcher = KeywordMatcher(parse_codebook(codebook_yaml))


def _suggest(texts: list[str]) -> list[set[str]]:
    assert _matcher is not None
    return _matcher.suggest(texts) if texts else []


class KeywordService:
    """Keyword matching in a separate process, so spaCy never competes with the UI for the
    interpreter: the coding screen stays as quick while suggestions are computed."""

    def __init__(self, codebook_yaml: str) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # A full-screen app has replaced the standard streams; multiprocessing hands its helper
        # processes the real standard error. The process starts now, not at the first request.
        with contextlib.redirect_stderr(sys.__stderr__), contextlib.redirect_stdout(sys.__stdout__):
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(codebook_yaml,),
            )
            self.pool.submit(_suggest, [])

    def suggest(self, texts: list[str]) -> Future[list[set[str]]]:
        return self.pool.submit(_suggest, texts)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
