"""Codebook keywords that point at likely codes (SPEC §7): highlighted, never applied.

Keywords and segment texts are lemmatised by spaCy, so "detectives" matches the keyword
"detective"; without a model, matching falls back to lowercase words.
"""

from __future__ import annotations

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
        """For each text, the ids of codes whose keywords occur in it."""
        strings = self.nlp.vocab.strings
        return [
            {strings[match_id] for match_id, _, _ in self.matcher(doc)}
            for doc in self.nlp.pipe(texts, batch_size=256)
        ]
