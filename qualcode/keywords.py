"""Codebook keywords that point at likely codes (SPEC §7): highlighted, never applied.

Keywords and segment texts are lemmatised by spaCy, so "detectives" matches the keyword
"detective"; without a model, matching falls back to lowercase words.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

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
        """For each text, the ids of codes whose keywords occur in it.

        Texts go through spaCy in small batches with a pause between them, so that a UI thread
        running beside this one keeps its turn at the interpreter.
        """
        strings = self.nlp.vocab.strings
        found: list[set[str]] = []
        for start in range(0, len(texts), 64):
            for doc in self.nlp.pipe(texts[start : start + 64]):
                found.append({strings[match_id] for match_id, _, _ in self.matcher(doc)})
            time.sleep(0.002)
        return found
