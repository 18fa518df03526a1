"""Codebook keywords that point at likely codes (SPEC §7): highlighted, never applied.

A keyword matches a text when its words occur there as written (case ignored) or in another
form of the same words: spaCy's lemmas ("detectives" for the keyword "detective"), and a plural
or singular formed with -s/-es/-ies. The model's lemma alone misses forms it tags differently
("Housing" at the start of a sentence, lemmatised as the verb "house"), so the forms are
matched side by side and the hints are their union. Without a model, the case-insensitive and
plural/singular forms are matched.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualcode.model import Codebook


class KeywordMatcher:
    def __init__(self, codebook: Codebook) -> None:
        from spacy.matcher import PhraseMatcher

        from qualcode.nlp import lemma_pipeline

        pipeline = lemma_pipeline()
        self.pipeline = pipeline
        self.nlp = pipeline.nlp
        self.matchers = [PhraseMatcher(self.nlp.vocab, attr="LOWER")]
        if pipeline.has_model:
            self.matchers.append(PhraseMatcher(self.nlp.vocab, attr="LEMMA"))
        for code in codebook.codes():
            if code.keywords and not code.retired:
                forms = sorted({form for k in code.keywords for form in word_forms(k.lower())})
                patterns = list(self.nlp.pipe(forms))
                for matcher in self.matchers:
                    matcher.add(code.id, patterns)

    def suggest(self, texts: Sequence[str]) -> list[set[str]]:
        """For each text, the ids of codes whose keywords occur in it."""
        strings = self.nlp.vocab.strings
        return [
            {
                strings[match_id]
                for _, doc in parts
                for matcher in self.matchers
                for match_id, _, _ in matcher(doc)
            }
            for parts in self.pipeline.pipe_in_pieces(texts, batch_size=256)
        ]


def word_forms(phrase: str) -> set[str]:
    """The phrase, and the phrase with its last word made plural or singular (English -s, -es,
    -ies): ``tip line`` → ``tip lines``; ``shelters`` → ``shelter``."""
    head, _, last = phrase.rpartition(" ")
    prefix = f"{head} " if head else ""
    forms = {last}
    if last.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif last.endswith(("ses", "xes", "zes", "ches", "shes")):
        forms.add(last[:-2])
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        forms.add(last[:-1])
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(last + "es")
    elif last and last[-1].isalpha():
        forms.add(last + "s")
    return {prefix + form for form in forms}
