"""Keyword suggestions for the coding screen, computed in a separate process.

The matcher is :class:`qualcode.codebook.keywords.KeywordMatcher`; this service runs it in a
helper process so that spaCy never competes with the UI for the interpreter.
"""

from __future__ import annotations

import contextlib
import sys
from concurrent.futures import Future

from qualcode.codebook.keywords import KeywordMatcher

_matcher: KeywordMatcher | None = None


def _start(codebook_yaml: str) -> None:
    global _matcher
    from qualcode.codebook import parse_codebook

    _matcher = KeywordMatcher(parse_codebook(codebook_yaml))


def _suggest(texts: list[str]) -> list[set[str]]:
    assert _matcher is not None
    return _matcher.suggest(texts) if texts else []


class KeywordService:
    """Keyword matching in a separate process: the coding screen stays as quick while
    suggestions are computed."""

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
