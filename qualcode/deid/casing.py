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
from dataclasses import dataclass, field

from qualcode.deid import lexicons
from qualcode.deid.lexicons import fold
from qualcode.deid.names import COMMON_CAPITALISED, STOP_WORDS
from qualcode.deid.rules import EDITED_TEXT_ONLY, FAC_SUFFIXES, ORG_SUFFIXES

#: A document is read as speech-to-text output when at least this share of its sentence starts
#: are lower case, or when it has fewer sentence marks than one per this many words.
LOWER_START_SHARE = 0.5
WORDS_PER_SENTENCE_MARK = 40
#: Below this many words the ratios say nothing.
MIN_WORDS = 20

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_VOWEL = re.compile(r"[aeiouy]")
_PUNCTUATION = re.compile(r"[^\w\s'’-]")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"“(]*([^\W\d_])")

# Words after which the next word is a name: titles, honorifics and kinship forms of address,
# and "named"/"called".
_NAME_CUES = {
    "detective", "det", "officer", "agent", "deputy", "sergeant", "lieutenant", "captain",
    "trooper", "investigator", "inspector", "sheriff", "judge", "doctor", "dr", "nurse",
    "mister", "mr", "mrs", "ms", "miss", "missus", "señor", "senor", "señora", "senora", "señorita",
    "don", "doña", "dona", "auntie", "aunty", "tía", "tia", "tío", "tio", "uncle", "pastor",
    "father", "reverend", "professor", "attorney", "named", "called", "nicknamed", "name's",
}  # fmt: skip
_PARTICLES = {"van", "von", "der", "den", "de", "del", "la", "da", "dos", "das", "bin", "al"}
_PLACE_CUES = {"in", "from", "to", "near", "outside", "at", "around", "of", "past", "by"}
# Before an unknown word, the words that make it a place rather than a person.
_UNKNOWN_PLACE_CUES = {"in", "from", "near", "outside", "around", "toward", "towards"}
# Words around a name that is also a common word ("her friend grace", "grace said").
_PERSON_BEFORE = {
    "friend", "cousin", "brother", "sister", "son", "daughter", "wife", "husband", "mom", "dad",
    "mother", "father", "aunt", "uncle", "boss", "girl", "boy", "guy", "woman", "man", "lady",
    "niece", "nephew", "grandma", "grandmother", "partner", "coworker", "neighbor", "neighbour",
}  # fmt: skip
_PERSON_AFTER = {"said", "says", "told", "asked", "texted", "called", "testified", "nodded"}
# Titles and forms of address after which a surname-list word is a name ("trooper brown").
_TITLES = {
    "detective", "det", "officer", "agent", "deputy", "sergeant", "lieutenant", "captain",
    "trooper", "investigator", "inspector", "judge", "mister", "mr", "mrs", "ms", "miss", "missus",
    "señor", "senor", "señora", "senora", "doctor", "dr", "pastor", "reverend", "professor",
}  # fmt: skip
# Verbs after a word that make it the name of a person when the document already has it as a
# name ("... and hope was only seventeen"); not after "the", "my", "a" ("my hope was ...").
_NAME_VERBS = {
    "was", "is", "had", "has", "got", "came", "went", "did", "does", "would", "could", "kept",
    "paid", "drove", "took", "gave", "left", "pled", "ran", "knew", "knows", "brought", "worked",
    "works", "lives", "lived", "moved", "speaks", "spoke", "noticed", "opened", "helped",
    "stayed", "found", "sent", "started", "still", "never", "wanted", "wants", "tried", "made",
    "turned",
}  # fmt: skip
# Verbs in the past after a name that is also a function word or a month ("will did").
_PAST_VERBS = {
    "said", "told", "asked", "texted", "called", "testified", "did", "was", "had", "got", "came",
    "went", "kept", "paid", "drove", "took", "gave", "left", "pled", "knew", "brought", "worked",
    "moved", "spoke", "noticed", "opened", "helped", "stayed", "found", "sent", "started",
    "wanted", "tried", "made", "turned",
}  # fmt: skip
# "talked to ...", "met with ...": a first name that follows is a person.
_TALKED = {"talked", "talk", "talking", "spoke", "speak", "speaking", "met", "meet", "meeting"}
# "you can reach ... at", "email ... at": the word between is who is reached.
_CONTACT = {"reach", "email", "e-mail", "text", "call", "contact", "write", "message"}
_DETERMINERS = {
    "the", "a", "an", "my", "your", "his", "her", "our", "their", "its", "this", "that", "no",
    "some", "any", "of", "with", "without", "i", "we", "you", "they",
}  # fmt: skip
# Words that end the name of an organisation read backwards from its suffix: "a firm called
# ridgeback hauling llc".
_NOT_IN_ORG_NAME = (
    STOP_WORDS | _NAME_CUES | {"called", "call", "calls"} | _PERSON_AFTER | _NAME_VERBS
)
# "they called him ...", "everybody calls her ...": the words that follow are a nickname.
_CALLED = {"called", "call", "calls"}
# Who calls somebody by a nickname (not "he called her phone", a telephone call).
_CALLERS = {
    "they", "everybody", "everyone", "people", "we", "folks", "guys", "workers", "kids", "all",
    "women", "men", "girls", "boys", "crew", "friends", "family", "always", "still", "just",
}  # fmt: skip
_NICKNAME_PRONOUNS = {"him", "her", "them", "me"}
_NICKNAME_TITLES = {
    "el", "la", "don", "doña", "dona", "tita", "tito", "tía", "tia", "tío", "tio", "lola",
    "lolo", "kuya", "ate", "big", "little", "auntie", "aunty", "uncle", "mama", "papa",
}  # fmt: skip
# Surname-list words that are not a first name before an unknown surname ("in", "told", ...).
_NOT_BEFORE_NAME = _PLACE_CUES | _PERSON_AFTER | {"with", "and", "or", "but", "like", "than"}
_ORG_SUFFIX_WORDS = {
    suffix.casefold(): suffix
    for suffix in ORG_SUFFIXES
    if " " not in suffix and "." not in suffix and suffix not in EDITED_TEXT_ONLY
} | {  # heads of a name that are plain words in edited text, but not in lower-case speech
    word: word.title() for word in ("police", "pd", "lodge", "kitchen", "interpreters", "mission")
}
_SPOKEN_HEADS = {"police", "pd", "lodge", "kitchen", "interpreters", "mission"}
# Kinds of two words or more, by their last word: "urgent care", "trailer court", "rv park".
_ORG_SUFFIX_PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _suffix in sorted(ORG_SUFFIXES, key=len, reverse=True):
    if " " in _suffix and "." not in _suffix:
        _phrase = tuple(_suffix.casefold().split())
        _ORG_SUFFIX_PHRASES.setdefault(_phrase[-1], []).append((_phrase, _suffix))


def _suffix_at(words: list[tuple[int, int, str]], i: int) -> tuple[int, str]:
    """Where the kind of an organisation's name that ends at word ``i`` starts, and the kind as
    listed (the longest that fits: "county detention center" is a kind after a generic word, not
    a name before "center"); ``(i, "")`` when word ``i`` ends no kind."""
    for phrase, listed in _ORG_SUFFIX_PHRASES.get(words[i][2], ()):
        start = i - len(phrase) + 1
        if start >= 0 and tuple(w for _, _, w in words[start : i + 1]) == phrase:
            return start, listed
    return i, _ORG_SUFFIX_WORDS.get(words[i][2], "")


_CONTRACTION = re.compile(r"['’](?!s$)|n['’]t$")
_LEGAL_FORMS = {"llc", "inc", "incorporated", "corp", "corporation", "llp", "pllc", "ltd"}
# Before the words of an organisation's name, the words that make it no name at all.
_GENERIC_BEFORE = {
    "a", "an", "another", "any", "every", "each", "some", "our", "my", "your", "their", "his",
    "her", "its", "no", "one", "other",
}  # fmt: skip


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
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""),
                                ("ed", "e"), ("ing", ""), ("ing", "e"), ("'s", ""),
                                ("’s", "")):  # fmt: skip
        stem = word[: -len(suffix)]
        if suffix == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
            continue  # "dolores" is not a plural of "dolor"
        if word.endswith(suffix) and len(stem) >= 3:
            forms.append(stem + replacement)
    return forms


#: A word that is no English word is read as a name only in a text of at least this many
#: words (a sentence): alone, as in a file name or an attribute value, it says nothing.
MIN_CONTEXT_WORDS = 4

#: How many times at most a document is read for names (each pass knows the names of the last).
RESTORE_PASSES = 3


@dataclass(frozen=True)
class Restored:
    """A text with the case of its names restored (same length), and the spans of the words
    read as names of people (from the name lists or a name position)."""

    text: str
    people: list[tuple[int, int]]
    #: places from the gazetteer, and unknown words after "in", "from", "near" ...
    places: list[tuple[int, int]] = field(default_factory=list)
    #: names of organisations and sites before a suffix ("... sheriffs office", "... police")
    organisations: list[tuple[int, int, str]] = field(default_factory=list)


def restore_case(text: str) -> str:
    """``text`` with the words that look like names capitalised (same length)."""
    return restore(text).text


def restore_document(texts: list[str]) -> list[Restored]:
    """:func:`restore` for each segment of a document, then once more with the names of people
    found anywhere in it, so that "keyla" is a name in every segment once "named keyla" said
    so in one."""
    restored = [restore(text) for text in texts]
    known: set[str] = set()
    for _ in range(RESTORE_PASSES - 1):  # a name found in one pass helps find the next
        names = {fold(r.text[s:e]) for r in restored for s, e in r.people}
        found = {word for name in names for word in name.split() if len(word) >= 3}
        if found <= known:
            break
        known |= found
        restored = [restore(text, known) for text in texts]
    return restored


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

    def unknown(word: str) -> bool:
        """A word that is no English word in use: in lower-case text, a name ("zolbayar",
        "munkhbat", "ulaangom") or a word of another language. Webster's lists many rare words
        that are names too, so a rare word counts whatever the list says; a compound of two
        everyday words ("busboy", "farmworker") is a word."""
        if len(word) < 3 or not word.isalpha() or word in _NAME_CUES or word in STOP_WORDS:
            return False
        if len(words) < MIN_CONTEXT_WORDS:
            return False  # a file name, an attribute value: "deid", "fgd notes"
        if not _VOWEL.search(word):
            return False  # "cdl", "fmcs": letters of an acronym said as one word
        if word in COMMON_CAPITALISED or lexicons.everyday(word):
            return False
        if ordinary(word) and not lexicons.rare(word):
            return False
        return not lexicons.compound(word) and not lexicons.derived(word)

    place_spans: list[tuple[int, int]] = []  # word indexes, end excluded

    def kin_follows(i: int) -> bool:
        """Whether "and his son", "and her cousin" (a word for a relative) follows word ``i``."""
        after = [w for _, _, w in words[i + 1 : i + 4]]
        return (
            len(after) == 3
            and after[0] == "and"
            and after[1] in ("his", "her", "their")
            and after[2] in _PERSON_BEFORE
            and not _PUNCTUATION.search(text, words[i][1], words[i + 1][0])
        )

    def nickname_position(i: int) -> bool:
        """After "they called him", "everybody calls her", "nicknamed" (and an honorific: "el",
        "tita"): whatever word follows is what the person is called."""
        j = i - 1
        while j >= 0 and i - j <= 2 and words[j][2] in _NICKNAME_TITLES:
            j -= 1
        if j < 1 or _PUNCTUATION.search(text, words[j - 1][1], words[i][0]):
            return False
        word, cue = words[i][2], words[j - 1][2]
        subject = words[j - 2][2] if j >= 2 else ""
        return (
            (words[j][2] in _NICKNAME_PRONOUNS and cue in _CALLED and subject in _CALLERS)
            or words[j][2] in ("nicknamed", "nickname")
        ) and not (word in STOP_WORDS or word in _PERSON_BEFORE or word.endswith("ly"))

    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(w for _, _, w in words[i : i + n])
            if key not in places or all(w in STOP_WORDS for w in key):
                continue
            cue = i > 0 and words[i - 1][2] in _PLACE_CUES
            strong_cue = i > 0 and words[i - 1][2] in _UNKNOWN_PLACE_CUES
            if n == 1 and ordinary(key[0]) and not (strong_cue and key[0] not in STOP_WORDS):
                continue  # "a good deal", but "in reading"
            if n > 1 and not cue and all(ordinary(w) for w in key):
                continue  # "long my", "boulder city" only after "in", "from" ...
            name_like = key[0] in known or (
                (key[0] in first or key[0] in last) and not lexicons.word_before_name(key[0])
            )
            if n == 1 and ((i > 0 and words[i - 1][2] in _NAME_CUES) or (name_like and not cue)):
                continue  # "detective morales", "lucas got a visa": a person
            if n == 1 and (key[0] in COMMON_CAPITALISED or key[0] in _NICKNAME_TITLES):
                continue  # "in march", "tita"
            upper.update(range(i, i + n))
            place_spans.append((i, i + n))
            i += n - 1
            break
        i += 1
    places_found = set(upper)
    nicknames: set[int] = set()
    for i, (_, _, word) in enumerate(words):
        if len(word) < 2 or i in upper or word in _NAME_CUES or word in _PERSON_BEFORE:
            continue
        previous = words[i - 1][2] if i else ""
        following = words[i + 1][2] if i + 1 < len(words) else ""
        if word in COMMON_CAPITALISED or word in STOP_WORDS:
            # "will did the filing", "june called me": a name of the document that is also a
            # function word or a month, only before a verb in the past
            past = following in _PAST_VERBS and previous not in _DETERMINERS
            if word in known and word in first and past:
                person.add(i)
            continue
        if not ordinary(word) and (word in first or word in last or word in known):
            if word in known or not lexicons.word_before_name(word):
                person.add(i)  # not "held", "box", "hang": rare names, everyday words
        elif word in frequent:
            person.add(i)  # "maria", "eric": in the word list, but names
        elif previous in _TITLES and (
            (word in first and word not in lexicons.WORD_NAMES)
            or (
                word in last
                and not lexicons.very_common(word)
                and not lexicons.word_before_name(word)  # "officer shows up"
            )
        ):
            person.add(i)  # "detective dexter", "trooper green"
        elif (
            previous in _NAME_CUES
            and word not in common
            and word not in COMMON_CAPITALISED
            and (
                word.endswith("s") or not ordinary(word)  # "morales" yes, "charged" no
            )
            and not lexicons.word_before_name(word)  # not "officer shows up"
            and (word in last or not lexicons.everyday(word))  # not "investigator sees"
            and not _CONTRACTION.search(word)  # not "attorney i'm"
        ):
            person.add(i)  # "detective morales" (not "morale" + s after a title)
        elif word in first and (previous in _PERSON_BEFORE or following in _PERSON_AFTER):
            person.add(i)  # "her friend grace", "grace said"
        elif (
            word in known
            and previous not in _DETERMINERS
            and (following in _PERSON_AFTER or following in _NAME_VERBS or previous in _TITLES)
        ):
            person.add(i)  # "grace" is a name here: "... then grace moved", "hope was"
        elif (
            i >= 2
            and words[i - 2][2] in _TALKED
            and previous in ("to", "with")
            and word in first
            and not lexicons.very_common(word)
        ):
            person.add(i)  # "i talked to hope", "we met with ivan"
        elif (
            following == "at"
            and previous in _CONTACT
            and (word in first or word in last or word in known)
        ):
            person.add(i)  # "you can reach ivy at ...", "email hope at ..."
        elif (word in first or word in last or word in known) and kin_follows(i):
            person.add(i)  # "earl stone and his son wyatt", "mercy and her cousin"
        elif nickname_position(i):
            person.add(i)  # "the kids called her lola sunshine", "everybody calls him chino"
            nicknames.add(i)
        elif unknown(word):
            if previous in _UNKNOWN_PLACE_CUES and word not in known:
                upper.add(i)
                place_spans.append((i, i + 1))  # "came down from ulaangom"
            else:
                person.add(i)  # "the foreman was zolbayar munkhbat"
    for i, (_, _, word) in enumerate(words):  # "mercy and patience" once mercy is a name
        if i in person or i in upper or word not in first or word in COMMON_CAPITALISED:
            continue
        if word in STOP_WORDS or word in _NICKNAME_TITLES or len(word) < 3:
            continue
        for other, between in ((i - 2, (i - 1, i)), (i + 2, (i, i + 1))):
            if not 0 <= other < len(words) or words[other][2] not in known:
                continue
            if other not in person and words[other][2] not in first:
                continue
            last_of_pair = max(i, other)
            after = words[last_of_pair + 1][2] if last_of_pair + 1 < len(words) else ""
            end = words[last_of_pair][1]
            closed = _PUNCTUATION.match(text, end) or after in _NAME_VERBS or after in _PERSON_AFTER
            if other not in person and not closed:
                continue  # "patience and faith in this work": words, not the two women
            a, b = between
            if words[min(i, other) + 1][2] == "and" and not _PUNCTUATION.search(
                text, words[a][1], words[b][0]
            ):
                person.update((i, other))
    for i, (_, _, word) in enumerate(words):  # a surname after a first name: "mateo ixcoy"
        if i - 1 not in person or i in upper or word in _NAME_CUES:
            continue
        following = words[i + 1][2] if i + 1 < len(words) else "the"
        after_particle = words[i - 1][2] in _PARTICLES and word not in STOP_WORDS
        particle = word in _PARTICLES and following not in STOP_WORDS  # "van der berg"
        named = i - 1 in nicknames and (word in first or word in last)  # "big tom"
        surname = (
            word in last
            and words[i - 1][2] in first
            and word not in _NAME_VERBS
            and word not in _PERSON_AFTER
            and not lexicons.very_common(word)
            and not _PUNCTUATION.search(text, words[i - 1][1], words[i][0])
        )  # "cedric hill"
        if not ordinary(word) or after_particle or particle or named or surname:
            person.add(i)
    for i in sorted(person, reverse=True):  # a first name that is a word: "ana lucia mendez"
        before = words[i - 1][2] if i > 0 else ""
        if i - 1 in person or i == 0 or text[words[i - 1][1] : words[i][0]].strip():
            continue
        surname = words[i][2] not in first
        if before in _NAME_CUES or before in _NICKNAME_TITLES or before in _PERSON_BEFORE:
            continue  # "don pirulo", "his son wyatt": the honorific or relation stays
        if before in first and (before not in COMMON_CAPITALISED or surname):
            person.add(i - 1)  # also "june abernathy", but not "in june"
        elif (
            (before in last or not ordinary(before))
            and not (before.endswith("s") and before[:-1] in common)  # "the cooks enkhjin"
            and not lexicons.very_common(before)  # "good paralegals"
            and unknown(words[i][2])
            and before not in _NOT_BEFORE_NAME
            and before not in STOP_WORDS
            and len(before) >= 2
        ):
            person.add(i - 1)  # "fortune oyunaa", "vlad munkhbat"
    person -= places_found
    person -= {  # "lola sunshine", "tito ramon": the honorific before a name stays
        i for i in person if words[i][2] in _NICKNAME_TITLES and i + 1 in person
    }
    upper |= person
    suffixes: dict[int, str] = {}  # word index -> the suffix as listed ("llc" -> "LLC")
    organisations: list[tuple[int, int, str]] = []
    for i, (_, _, word) in enumerate(words):  # "north county family justice center"
        kind_start, listed = _suffix_at(words, i)
        if not listed or kind_start == 0:
            continue
        j = kind_start
        while j > 0 and kind_start - j < 4 and words[j - 1][2] not in _NOT_IN_ORG_NAME:
            if _CONTRACTION.search(words[j - 1][2]):
                break  # "don't", "i'm": not part of a name
            if text[words[j - 1][1] : words[j][0]].strip():
                break  # punctuation between the words
            j -= 1
        if j > 0 and words[j - 1][2] in _GENERIC_BEFORE and word not in _LEGAL_FORMS:
            continue  # "a poultry plant", "our records unit": no name
        if all(w in COMMON_CAPITALISED for _, _, w in words[j:kind_start]):
            continue  # "russian interpreters", "county police": a language, a generic word
        if word in _SPOKEN_HEADS and not any(
            w in first or w in last or w in known or (w,) in places or not ordinary(w)
            for _, _, w in words[j:kind_start]
        ):
            continue  # "local police", "contract interpreters": no name before the head
        if j < kind_start:
            upper.update(range(j, i + 1))
            if kind_start == i and len(listed) == words[i][1] - words[i][0]:
                suffixes[i] = listed
            kind = "FAC" if listed in FAC_SUFFIXES else "ORG"
            organisations.append((words[j][0], words[i][1], kind))
    chars = list(text)
    for i, listed in suffixes.items():
        chars[words[i][0] : words[i][1]] = list(listed)
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
    places_out = [
        (words[a][0], words[b - 1][1])
        for a, b in place_spans
        if not any(k in person for k in range(a, b))
    ]
    return Restored("".join(chars), spans, places_out, organisations)
