"""How one document's candidate identifiers are settled: which entities are really people,
which other words name them too (surnames, first names, short forms), which capitalised words
were left, and one type per organisation, site or place value."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qualcode.deid.allowlist import AllowlistMatcher
from qualcode.deid.names import (
    COMMON_CAPITALISED,
    STOP_WORDS,
    TITLE_WORDS,
    clean_span,
    sentence_initial,
)
from qualcode.deid.placeholders import normalise as normalise_value
from qualcode.deid.rules import GENERIC_ORG_WORDS, ORG_SUFFIXES

# A capitalised word (not all capitals) in running text.
CAPITALISED = re.compile(r"(?<![\w'’.@/-])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ][\w'’-]*")


@dataclass(frozen=True)
class Candidate:
    """A span that may be replaced: ``tier`` 0 (patterns) beats 1 (name rules) beats 2 (model,
    organisation rule, names found again) beats 3 (values found again); ``rank`` orders the
    patterns among themselves."""

    segment: int
    start: int
    end: int
    kind: str
    tier: int
    rank: int = 0
    source: str = ""


def people_from_evidence(
    found: list[Candidate], texts: list[str], speakers: list[str | None]
) -> list[Candidate]:
    """Entities the model typed as ORG, PLACE or FAC that are made of names of people found
    elsewhere in the document (``Ramona Theriot`` as ORG when ``Theriot`` is a PERSON)."""
    for _ in range(2):
        words = {bare(w).casefold() for name in speakers if name for w in name.split()}
        for c in found:
            if c.kind == "PERSON":
                words.update(bare(w).casefold() for w in texts[c.segment][c.start : c.end].split())
        words -= GENERIC_ORG_WORDS | STOP_WORDS
        changed = []
        for c in found:
            value = texts[c.segment][c.start : c.end].split()
            if (
                c.source == "model"
                and c.kind in ("ORG", "PLACE", "FAC")
                and len(value) <= 3
                and all(word[:1].isupper() for word in value)
                and value[-1] not in ORG_SUFFIXES
                and any(bare(word).casefold() in words for word in value)
            ):
                span = clean_span(texts[c.segment], c.start, c.end, "PERSON", [])
                if span is None:
                    continue
                c = Candidate(c.segment, *span, "PERSON", c.tier, c.rank, c.source)
            changed.append(c)
        found = changed
    return [trim_leading_word(c, texts, found, speakers) for c in found]


def trim_leading_word(
    c: Candidate, texts: list[str], found: list[Candidate], speakers: list[str | None]
) -> Candidate:
    """ "Call Armitage" at a sentence start, when other mentions know only "Armitage" as a name:
    the model took the capitalised first word of the sentence into the name."""
    text = texts[c.segment]
    value = text[c.start : c.end].split()
    if c.kind != "PERSON" or c.source != "model" or len(value) < 2:
        return c
    if not sentence_initial(text, c.start):
        return c
    words = {bare(w).casefold() for name in speakers if name for w in name.split()}
    for other in found:
        if other.kind == "PERSON" and other != c:
            words.update(
                bare(w).casefold() for w in texts[other.segment][other.start : other.end].split()
            )
    first = bare(value[0]).casefold()
    if (
        first in STOP_WORDS
        and first not in words
        and all(bare(word).casefold() in words for word in value[1:])
    ):
        start = text.index(value[1], c.start + len(value[0]))
        return Candidate(c.segment, start, c.end, c.kind, c.tier, c.rank, c.source)
    return c


def occurrences(
    regex: re.Pattern[str],
    texts: list[str],
    kind: str,
    tier: int,
    source: str,
    protected: list[list[tuple[int, int]]],
) -> list[Candidate]:
    out = []
    for i, text in enumerate(texts):
        for match in regex.finditer(text):
            start, end = match.span()
            if not any(start < e and s < end for s, e in protected[i]):
                out.append(Candidate(i, start, end, kind, tier, 0, source))
    return out


def vote_types(accepted: list[Candidate], texts: list[str]) -> list[Candidate]:
    """One type per organisation, site or place value: the one most of its mentions got."""

    def key(c: Candidate) -> str:
        return normalise_value("ORG", texts[c.segment][c.start : c.end])

    votes: dict[str, Counter[str]] = {}
    for c in sorted(accepted, key=lambda c: (c.segment, c.start)):
        if c.kind in ("ORG", "FAC", "PLACE"):
            votes.setdefault(key(c), Counter())[c.kind] += 1
    out = []
    for c in accepted:
        if c.kind in ("ORG", "FAC", "PLACE"):
            kind = votes[key(c)].most_common(1)[0][0]
            c = Candidate(c.segment, c.start, c.end, kind, c.tier, c.rank, c.source)
        out.append(c)
    return out


_AND_BEFORE = re.compile(r"(?<![\w'’.@/-])([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)\s+(?:and|&)\s+$")
_AND_AFTER = re.compile(r"\s+(?:and|&)\s+([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)(?![\w'’-])")


def paired_names(
    found: list[Candidate], texts: list[str], lowercase: set[str], matcher: AllowlistMatcher
) -> list[Candidate]:
    """The other name of a pair joined by "and" to a found person ("Marisol and Teo Vargas",
    "Teo Vargas and Marisol"): a capitalised word that is not a common word of the document,
    a stop word, a title or an allowlisted name."""

    def name(word: str) -> bool:
        folded = word.casefold()
        return not (
            folded in lowercase
            or folded in STOP_WORDS
            or folded in COMMON_CAPITALISED
            or folded in TITLE_WORDS
            or folded in GENERIC_ORG_WORDS
            or matcher.contains(word)
        )

    out: list[Candidate] = []
    for c in found:
        if c.kind != "PERSON":
            continue
        text = texts[c.segment]
        before = _AND_BEFORE.search(text, max(0, c.start - 40), c.start)
        after = _AND_AFTER.match(text, c.end)
        for match in (before, after):
            if match is not None and name(match.group(1)):
                out.append(Candidate(c.segment, *match.span(1), "PERSON", 2, 0, "rule"))
    return out


# After a first name at a sentence start: a verb of saying or doing, or "from the" ("Joy from
# the clinic called"), which the word (joy, grace, will) would not be followed by there.
_AFTER_NAME = re.compile(
    r"(?:['’]s)?\s+(?:said|says|told|asked|called|texted|from\s+the|came|went)\b"
)


def sentence_initial_names(
    texts: list[str], lowercase: set[str], matcher: AllowlistMatcher
) -> list[Candidate]:
    """First names (Census lists) at the start of a sentence, where the model and the capital
    say nothing, when what follows is what follows a person: "Joy from the clinic called"."""
    from qualcode.deid.lexicons import first_names

    names = first_names()
    out: list[Candidate] = []
    for i, text in enumerate(texts):
        for match in CAPITALISED.finditer(text):
            word = match.group(0)
            folded = word.casefold()
            if folded not in names or not sentence_initial(text, match.start()):
                continue
            if folded in STOP_WORDS or folded in COMMON_CAPITALISED or matcher.contains(word):
                continue
            if _AFTER_NAME.match(text, match.end()):
                out.append(Candidate(i, match.start(), match.end(), "PERSON", 2, 0, "rule"))
    return out


def close_votes(accepted: list[Candidate], texts: list[str]) -> int:
    """How many organisation, site or place values had mentions typed two ways, the runner-up
    within one mention of the winner ("Casa Esperanza" as ORG twice and FAC once)."""
    votes: dict[str, Counter[str]] = {}
    for c in accepted:
        if c.kind in ("ORG", "FAC", "PLACE") and c.source == "model":
            key = normalise_value("ORG", texts[c.segment][c.start : c.end])
            votes.setdefault(key, Counter())[c.kind] += 1
    close = 0
    for counts in votes.values():
        ranked = counts.most_common(2)
        if len(ranked) == 2 and ranked[0][1] - ranked[1][1] <= 1:
            close += 1
    return close


def bare(word: str) -> str:
    """A word of a name without a possessive or surrounding punctuation."""
    word = word.strip('.,;:!?"“”()')
    return re.sub(r"['’]s?$", "", word)


def name_word(word: str, lowercase: set[str], matcher: AllowlistMatcher) -> bool:
    """Whether a word of a found name is safe to look for everywhere in the document."""
    folded = word.casefold()
    return (
        len(word) >= 2
        and word[:1].isupper()
        and not any(ch.isdigit() for ch in word)
        and folded not in STOP_WORDS
        and folded not in TITLE_WORDS
        and folded not in GENERIC_ORG_WORDS
        and word not in ORG_SUFFIXES
        and folded not in COMMON_CAPITALISED
        and folded not in lowercase
        and not matcher.contains(word)
    )


def word_name(word: str, matcher: AllowlistMatcher) -> bool:
    """Whether a word of a found name that is also a common word ("Will", "Grace") may be
    looked for where it cannot be the word (the caller checks the position)."""
    folded = word.casefold()
    return (
        len(word) >= 3
        and word[:1].isupper()
        and word.isalpha()
        and folded not in TITLE_WORDS
        and folded not in GENERIC_ORG_WORDS
        and word not in ORG_SUFFIXES
        and folded not in COMMON_CAPITALISED
        and not matcher.contains(word)
    )


def short_names(texts: list[str], name_words: set[str], lowercase: set[str]) -> dict[str, str]:
    """Short forms of first names and surnames found in the document: a capitalised word of
    three or more letters that begins or ends exactly one longer name word ("Seun" for
    "Oluwaseun", "Lupe" for "Guadalupe"). Maps the short form to the name word, case folded."""
    names = {word.casefold() for word in name_words}
    aliases: dict[str, str] = {}
    for text in texts:
        for match in CAPITALISED.finditer(text):
            word = bare(match.group(0))
            folded = word.casefold()
            if folded in names or folded in aliases or len(word) < 3 or not word.isalpha():
                continue
            if folded in lowercase or folded in STOP_WORDS or folded in COMMON_CAPITALISED:
                continue
            if folded in TITLE_WORDS or folded in GENERIC_ORG_WORDS:
                continue
            longer = [
                name
                for name in names
                if len(name) > len(folded) and (name.startswith(folded) or name.endswith(folded))
            ]
            if len(longer) == 1:
                aliases[folded] = longer[0]
    return aliases


def short_form(word: str, lowercase: set[str], name_words: set[str]) -> bool:
    """Whether the first word of an organisation's name may stand for it alone ("Ironline")."""
    folded = word.casefold()
    return (
        len(word) >= 4
        and word[:1].isupper()
        and word.isalpha()
        and word not in name_words
        and folded not in STOP_WORDS
        and folded not in TITLE_WORDS
        and folded not in GENERIC_ORG_WORDS
        and folded not in COMMON_CAPITALISED
        and folded not in lowercase
    )


def name_like_left(
    texts: list[str], covered: list[list[tuple[int, int]]], lowercase: set[str]
) -> set[str]:
    """Capitalised words inside sentences that nothing accounts for: likely missed names."""
    left: set[str] = set()
    seen: set[str] = set()
    for i, text in enumerate(texts):
        for match in CAPITALISED.finditer(text):
            start = match.start()
            if sentence_initial(text, start) or any(s <= start < e for s, e in covered[i]):
                continue
            word = bare(match.group(0)).casefold()
            if word in STOP_WORDS or word in COMMON_CAPITALISED or word in TITLE_WORDS:
                continue
            if word in GENERIC_ORG_WORDS:
                continue
            if word in lowercase or word in seen:
                continue
            seen.add(word)
            left.add(bare(match.group(0)))
    return left
