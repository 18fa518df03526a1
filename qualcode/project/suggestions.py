"""Keyword hints and learnt code suggestions for the coding screen, from a separate process.

The keyword matcher is :class:`qualcode.codebook.keywords.KeywordMatcher`; the suggestion model
is :mod:`qualcode.suggest`, learnt from the project's codings. Both run in one helper process so
that neither spaCy nor training ever competes with the UI for the interpreter. The model is
learnt in a thread of that process when it starts and again when asked (:meth:`learn`), from
the project file on disk; until a model exists, and on documents coded blind, the screen shows
none (the app never asks for them there).
"""

from __future__ import annotations

import contextlib
import sys
import threading
from concurrent.futures import Future

from qualcode.codebook.keywords import KeywordMatcher
from qualcode.model import DatabaseURL, Location
from qualcode.suggest import Suggestion, SuggestionModel

#: Suggestions shown per segment, and the least score shown.
TOP = 3
MIN_SCORE = 0.3

_matcher: KeywordMatcher | None = None
_project: str | None = None  # a project file, or a database URL
_model: SuggestionModel | None = None
_note = "learning from the project's codings…"
_training: threading.Thread | None = None
_again = False


def _start(codebook_yaml: str, project: str | None = None) -> None:
    global _matcher, _project
    from qualcode.codebook import parse_codebook

    if project is not None:
        _project = project
        _learn()
    _matcher = KeywordMatcher(parse_codebook(codebook_yaml))


def _suggest(texts: list[str]) -> list[set[str]]:
    assert _matcher is not None
    return _matcher.suggest(texts) if texts else []


def _learn() -> None:
    """Relearn the model in a thread (once more after the current run, if one is running)."""
    global _training, _again
    if _project is None:
        return
    if _training is not None and _training.is_alive():
        _again = True
        return
    _training = threading.Thread(target=_train, name="qualcode-suggest-training", daemon=True)
    _training.start()


def _train() -> None:
    global _model, _note, _again
    from qualcode.errors import QualcodeError
    from qualcode.project import open_project
    from qualcode.project.suggest import trained_model

    assert _project is not None
    while True:
        _again = False
        try:
            with open_project(_project) as project:
                model, found = trained_model(project)
            _model = model
            _note = f"learnt from {len(found.examples)} reviewed segments"
        except QualcodeError:
            _note = "nothing reviewed yet to learn from"
        except Exception as exc:  # shown on the panel; keyword hints go on working
            _note = f"suggestions unavailable ({type(exc).__name__})"
        if not _again:
            return


def _suggest_codes(texts: list[str], wait: bool) -> tuple[list[list[Suggestion]] | None, str]:
    """The suggestions for each text (``None`` while there is no model) and a note saying what
    they were learnt from. ``wait``: after the training running now, if any."""
    training = _training
    if wait and training is not None:
        training.join()
    model = _model
    if model is None:
        return None, _note
    return model.suggest(texts, top=TOP, min_score=MIN_SCORE), _note


class KeywordService:
    """Keyword matching and code suggestions in a separate process: the coding screen stays as
    quick while they are computed. ``project`` (its path) turns suggestions on."""

    def __init__(self, codebook_yaml: str, project: Location | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # A full-screen app has replaced the standard streams; multiprocessing hands its helper
        # processes the real standard error. The process starts now, not at the first request.
        with contextlib.redirect_stderr(sys.__stderr__), contextlib.redirect_stdout(sys.__stdout__):
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(codebook_yaml, _where(project)),
            )
            self.pool.submit(_suggest, [])

    def suggest(self, texts: list[str]) -> Future[list[set[str]]]:
        return self.pool.submit(_suggest, texts)

    def learn(self) -> Future[None]:
        """Relearn the suggestion model from the project file (in the helper process)."""
        return self.pool.submit(_learn)

    def suggest_codes(
        self, texts: list[str], *, wait: bool = True
    ) -> Future[tuple[list[list[Suggestion]] | None, str]]:
        return self.pool.submit(_suggest_codes, texts, wait)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _where(project: Location | None) -> str | None:
    """The project as the helper process opens it (a server's URL with its credentials: it is
    handed to the process, never shown)."""
    if project is None:
        return None
    return project.url if isinstance(project, DatabaseURL) else str(project)
