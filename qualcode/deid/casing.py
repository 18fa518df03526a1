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
_PLACE_CUES = {"in", "from", "to", "near", "outside", "at", "around", "of", "past"}
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
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + replacement)
    return forms


def restore_case(text: str) -> str:
    """``text`` with the words that look like names capitalised (same length)."""
    words = [(m.start(), m.end(), fold(m.group(0))) for m in _WORD.finditer(text)]
    upper: set[int] = set()  # indexes of words to capitalise
    common = lexicons.common_words()
    places = lexicons.places()
    longest = lexicons.longest_place()
    first, last = lexicons.first_names(), lexicons.surnames()

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
            if n == 1 and key[0] in COMMON_CAPITALISED:
                continue  # "in march"
            upper.update(range(i, i + n))
            i += n - 1
            break
        i += 1
    for i, (_, _, word) in enumerate(words):
        if len(word) < 2 or word in COMMON_CAPITALISED or word in STOP_WORDS:
            continue
        after_cue = i > 0 and words[i - 1][2] in _NAME_CUES
        if ((word in first or word in last) and not ordinary(word)) or (
            after_cue and not ordinary(word)
        ):
            upper.add(i)
    for i, (_, _, word) in enumerate(words):  # a surname after a first name: "mateo ixcoy"
        previous = words[i - 1][2] if i else ""
        if i - 1 in upper and (previous in first or previous in last) and not ordinary(word):
            upper.add(i)
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
    return "".join(chars)
