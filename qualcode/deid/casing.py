"""Speech-to-text style documents: telling them apart, and restoring the case of their names.

Automatic transcripts are often all lower case and without sentence punctuation; a statistical
NER trained on edited text finds almost nothing in them. :func:`speech_style` says whether a
document looks like that (and why); :func:`restore_case` capitalises the words that are names in
such text — places from the gazetteer, first names and surnames from the census lists that are
not ordinary English words, words in name positions ("detective morales", "a girl named keyla")
and the words of an organisation's name before its suffix ("... justice center"). The result has
exactly the length of the input, so every span found in it is a span of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.deid import lexicons
from qualcode.deid.lexicons import fold
from qualcode.deid.names import COMMON_CAPITALISED, STOP_WORDS
from qualcode.deid.rules import ORG_SUFFIXES

#: A document is read as speech-to-text output when at least this share of its sentence starts
#: are lower case, or when it has fewer sentence marks than one per this many words.
LOWER_START_SHARE = 0.5
WORDS_PER_SENTENCE_MARK = 40
#: Below this many words the ratios say nothing.
MIN_WORDS = 20

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"“(]*([^\W\d_])")

# Words after which the next word is a name: titles, honorifics and kinship forms of address,
# and "named"/"called".
_NAME_CUES = {
    "detective", "det", "officer", "agent", "deputy", "sergeant", "lieutenant", "captain",
    "trooper", "investigator", "inspector", "sheriff", "judge", "doctor", "dr", "nurse",
    "mister", "mr", "mrs", "ms", "miss", "señor", "senor", "señora", "senora", "señorita",
    "don", "doña", "dona", "auntie", "aunty", "tía", "tia", "tío", "tio", "uncle", "pastor",
    "father", "reverend", "professor", "attorney", "named", "called", "nicknamed", "name's",
}  # fmt: skip
_PARTICLES = {"van", "von", "der", "den", "de", "del", "la", "da", "dos", "das", "bin", "al"}
_PLACE_CUES = {"in", "from", "to", "near", "outside", "at", "around", "of", "past", "by"}
# Words around a name that is also a common word ("her friend grace", "grace said").
_PERSON_BEFORE = {
    "friend", "cousin", "brother", "sister", "son", "daughter", "wife", "husband", "mom", "dad",
    "mother", "father", "aunt", "uncle", "boss", "girl", "boy", "guy", "woman", "man", "lady",
    "niece", "nephew", "grandma", "grandmother", "partner", "coworker", "neighbor", "neighbour",
}  # fmt: skip
_PERSON_AFTER = {"said", "says", "told", "asked", "texted", "called", "testified", "nodded"}
_ORG_SUFFIX_WORDS = {suffix.casefold() for suffix in ORG_SUFFIXES if " " not in suffix}


@dataclass(frozen=True)
class SpeechStyle:
    """Whether a document reads as speech-to-text output, and the reason in words."""

    lowercase: bool
    unpunctuated: bool

    @property
    def speech(self) -> bool:
        return self.lowercase or self.unpunctuated

    @property
    def reason(self) -> str:
        parts = []
        if self.lowercase:
            parts.append("lower case")
        if self.unpunctuated:
            parts.append("without sentence punctuation")
        return (
            "the text is " + " and ".join(parts) + " (speech-to-text style): names were looked "
            "for in the gazetteer and name lists, which miss some; read it through"
        )


def speech_style(texts: list[str]) -> SpeechStyle:
    """How a document (its segments' texts) is written."""
    words = [w for text in texts for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return SpeechStyle(False, False)
    starts = [m.group(1) for text in texts for m in _SENTENCE_START.finditer(text)]
    lower_starts = sum(1 for c in starts if c.islower())
    capitals = sum(1 for w in words if w[:1].isupper() and w not in ("I", "I'm", "I’m"))
    lowercase = (
        bool(starts) and lower_starts / len(starts) >= LOWER_START_SHARE
    ) or capitals / len(words) < 0.01
    marks = sum(text.count(".") + text.count("?") + text.count("!") for text in texts)
    unpunctuated = marks * WORDS_PER_SENTENCE_MARK < len(words)
    return SpeechStyle(lowercase, unpunctuated)


def word_forms(word: str) -> list[str]:
    """A word and the stems it may be an inflection of (the word list holds base forms only):
    "speaks" -> speak, "texted" -> text, "cities" -> city."""
    forms = [word]
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                                ("ing", ""), ("ing", "e"), ("'s", ""), ("’s", "")):  # fmt: skip
        stem = word[: -len(suffix)]
        if suffix == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
            continue  # "dolores" is not a plural of "dolor"
        if word.endswith(suffix) and len(stem) >= 3:
            forms.append(stem + replacement)
    return forms


@dataclass(frozen=True)
class Restored:
    """A text with the case of its names restored (same length), and the spans of the words
    read as names of people (from the name lists or a name position)."""

    text: str
    people: list[tuple[int, int]]


def restore_case(text: str) -> str:
    """``text`` with the words that look like names capitalised (same length)."""
    return restore(text).text


def restore_document(texts: list[str]) -> list[Restored]:
    """:func:`restore` for each segment of a document, then once more with the names of people
    found anywhere in it, so that "keyla" is a name in every segment once "named keyla" said
    so in one."""
    first = [restore(text) for text in texts]
    known = {fold(r.text[s:e]) for r in first for span in r.people for s, e in [span]}
    known = {word for name in known for word in name.split() if len(word) >= 3}
    return [restore(text, known) for text in texts] if known else first


def restore(text: str, known: set[str] | frozenset[str] = frozenset()) -> Restored:
    """See :func:`restore_case`; also where the names of people are. ``known`` are words
    already known to be names in the document."""
    words = [(m.start(), m.end(), fold(m.group(0))) for m in _WORD.finditer(text)]
    upper: set[int] = set()  # indexes of words to capitalise
    person: set[int] = set()  # ... that are names of people
    common = lexicons.common_words()
    places = lexicons.places()
    longest = lexicons.longest_place()
    first, last = lexicons.first_names(), lexicons.surnames()
    frequent = lexicons.frequent_first_names()

    def ordinary(word: str) -> bool:
        return (
            word in STOP_WORDS
            or word in COMMON_CAPITALISED
            or any(form in common for form in word_forms(word))
        )

    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(w for _, _, w in words[i : i + n])
            if key not in places or all(w in STOP_WORDS for w in key):
                continue
            cue = i > 0 and words[i - 1][2] in _PLACE_CUES
            if n == 1 and ordinary(key[0]) and not (cue and key[0] not in STOP_WORDS):
                continue
            name_like = key[0] in first or key[0] in last or key[0] in known
            if n == 1 and ((i > 0 and words[i - 1][2] in _NAME_CUES) or (name_like and not cue)):
                continue  # "detective morales", "lucas got a visa": a person
            if n == 1 and key[0] in COMMON_CAPITALISED:
                continue  # "in march"
            upper.update(range(i, i + n))
            i += n - 1
            break
        i += 1
    places_found = set(upper)
    for i, (_, _, word) in enumerate(words):
        if len(word) < 2 or word in COMMON_CAPITALISED or word in STOP_WORDS or i in upper:
            continue
        if word in _NAME_CUES or word in _PERSON_BEFORE:
            continue
        previous = words[i - 1][2] if i else ""
        following = words[i + 1][2] if i + 1 < len(words) else ""
        if not ordinary(word) and (word in first or word in last or word in known):
            person.add(i)
        elif word in frequent:
            person.add(i)  # "maria", "eric": in the word list, but names
        elif (
            previous in _NAME_CUES
            and word not in common
            and word not in COMMON_CAPITALISED
            and (
                word.endswith("s") or not ordinary(word)  # "morales" yes, "charged" no
            )
        ):
            person.add(i)  # "detective morales" (not "morale" + s after a title)
        elif word in first and (previous in _PERSON_BEFORE or following in _PERSON_AFTER):
            person.add(i)  # "her friend grace", "grace said"
    for i, (_, _, word) in enumerate(words):  # a surname after a first name: "mateo ixcoy"
        if i - 1 not in person or i in upper or word in _NAME_CUES:
            continue
        following = words[i + 1][2] if i + 1 < len(words) else "the"
        after_particle = words[i - 1][2] in _PARTICLES and word not in STOP_WORDS
        particle = word in _PARTICLES and following not in STOP_WORDS  # "van der berg"
        if not ordinary(word) or after_particle or particle:
            person.add(i)
    for i in sorted(person, reverse=True):  # a first name that is a word: "ana lucia mendez"
        before = words[i - 1][2] if i > 0 else ""
        if i - 1 not in person and before in first and before not in COMMON_CAPITALISED:
            person.add(i - 1)
    person -= places_found
    upper |= person
    for i, (_, _, word) in enumerate(words):  # "north county family justice center"
        if word not in _ORG_SUFFIX_WORDS or i == 0:
            continue
        j = i
        while j > 0 and i - j < 4 and words[j - 1][2] not in STOP_WORDS:
            if text[words[j - 1][1] : words[j][0]].strip():
                break  # punctuation between the words
            j -= 1
        if j < i:
            upper.update(range(j, i + 1))
    chars = list(text)
    for i in upper:
        start = words[i][0]
        if len(chars[start].upper()) == 1:
            chars[start] = chars[start].upper()
    for m in re.finditer(r"(?<![\w'’-])i(?=['’]|\b)(?![\w-])", text):
        chars[m.start()] = "I"
    spans: list[tuple[int, int]] = []
    for i in sorted(person):
        start, end, _ = words[i]
        if spans and i - 1 in person and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return Restored("".join(chars), spans)
