"""Word lists and small helpers about names: trimming an entity to the name itself, telling a
sentence start from a capital inside a sentence, and reading a speaker label as a name."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS as _SPACY_STOP_WORDS

from qualcode.deid.allowlist import AllowlistMatcher
from qualcode.deid.rules import ORG_SUFFIXES, TITLES
from qualcode.ingest.turns import label_kind

STOP_WORDS: frozenset[str] = frozenset(_SPACY_STOP_WORDS)
TITLE_WORDS: frozenset[str] = frozenset(
    {title.rstrip(".").casefold() for title in TITLES}
    | {"special", "assistant", "senior", "acting", "staff", "district"}
)

#: Capitalised words that are not identifiers: calendar words, generic acronyms of the field,
#: platforms, languages (workers' languages are analytic content), and generic words the model
#: sometimes takes for an organisation or a place.
COMMON_CAPITALISED: frozenset[str] = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas thanksgiving easter
    god ok okay er hr id da ada ausa ag pd dv sa ngo csec mdt icu emt esl ged ceo cfo tv gps
    atm pdf faq llc inc ein itin tin state bureau county city court sheriff police federal feds
    internet
    facebook whatsapp instagram google craigslist youtube zoom
    english spanish portuguese french creole haitian tagalog ilocano vietnamese chinese
    mandarin cantonese korean japanese hindi punjabi nepali bengali arabic tigrinya amharic
    somali swahili russian ukrainian romanian polish thai khmer burmese indonesian
    k'iche' k’iche’ kiche quiché mam mixteco mixtec zapoteco zapotec triqui nahuatl q'anjob'al
    q’anjob’al kanjobal chuj akateko garifuna
    yoruba igbo hausa twi ewe wolof kreyòl kreyol kriol quechua aymara otomi tzotzil tzeltal
    ixil kaqchikel q'eqchi' q’eqchi’ tagalog cebuano ilonggo hmong lao kinyarwanda
    oromo dari pashto farsi urdu gujarati telugu tamil malayalam
    """.split()  # noqa: SIM905 - a word list reads better as text
) | frozenset(
    # Nationalities and peoples: who the workers are is analytic content.
    """
    american mexican guatemalan honduran salvadoran nicaraguan panamanian
    cuban dominican haitian jamaican colombian venezuelan ecuadorian peruvian bolivian
    brazilian chilean argentine argentinian paraguayan uruguayan canadian nigerian ghanaian
    kenyan ugandan ethiopian eritrean somali sudanese congolese cameroonian senegalese
    filipino filipina filipinos indonesian vietnamese thai cambodian burmese laotian chinese
    taiwanese korean japanese indian pakistani bangladeshi nepali nepalese afghan
    iranian iraqi syrian lebanese jordanian egyptian moroccan turkish russian ukrainian
    romanian moldovan bulgarian polish albanian serbian bosnian european african asian latino
    latina latinx hispanic indigenous mayan mixtec zapotec
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Endings of words for a nationality or a people ("Honduran", "Congolese", "Yoruba" is listed).
DEMONYM_ENDINGS = ("an", "ans", "ese", "ish", "i", "is", "ic", "ch", "ean", "ian", "ians")


def analytic_group(value: str) -> bool:
    """Whether a span the model calls a nationality, group or language is one: a listed word,
    or one capitalised word with a demonym's ending ("Tongan"); not a name, not a number."""
    words = value.split()
    if not words or any(ch.isdigit() for ch in value):
        return False
    if all(word.casefold().strip(".,") in COMMON_CAPITALISED for word in words):
        return True
    return len(words) == 1 and value.isalpha() and value.casefold().endswith(DEMONYM_ENDINGS)


_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")  # U.S., D.C.: the final period belongs to the name
_LEADING = {"the", "a", "an", "our", "their", "his", "her", "my", "your", "this", "that"}
_TRAILING_PUNCT = ".,;:!?\"“”()[]'’"
# Labels that name a role or a voice, not a person: "Speaker 2", "Interpreter", "Unknown".
_GENERIC_LABEL_WORDS = {
    "speaker", "interviewer", "respondent", "participant", "interviewee", "moderator",
    "facilitator", "translator", "interpreter", "unknown", "unidentified", "voice", "male",
    "female", "man", "woman", "all", "both", "audience", "narrator", "note", "notes", "staff",
    "guest", "caller", "other", "group", "team", "member", "officer", "detective", "agent",
}  # fmt: skip


def sentence_initial(text: str, position: int) -> bool:
    """Whether ``position`` starts a sentence, a quotation or the text: a capital there says
    nothing about a name."""
    index = position - 1
    while index >= 0 and text[index] in " \t\"“”‘’'(":
        if text[index] in "“‘(" or (text[index] == '"' and index == position - 1):
            return True
        index -= 1
    return index < 0 or text[index] in ".!?:;…—–-]"


def clean_span(
    text: str, start: int, end: int, kind: str, protected: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The part of an entity span to replace, or ``None`` when nothing identifying is left.

    Allowlisted and bracketed text is cut out (the longest remaining piece is kept); a leading
    "the", a title and lower-case words at either end are dropped, and so is a final possessive
    or punctuation ("Vo’s" -> "Vo", "Martínez Ruiz v." -> "Martínez Ruiz").
    """
    pieces = [(start, end)]
    for s, e in protected:
        pieces = [p for piece in pieces for p in _minus(piece, (s, e))]
    if not pieces:
        return None
    start, end = max(pieces, key=lambda piece: piece[1] - piece[0])
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]

    def word(i: int) -> str:
        s, e = words[i]
        return text[s:e]

    def droppable_first(value: str) -> bool:
        folded = value.rstrip(".,").casefold()
        if folded in _LEADING or (kind == "PERSON" and folded in TITLE_WORDS):
            return True
        return not (value[:1].isupper() or (kind != "PERSON" and value[:1].isdigit()))

    if kind == "PERSON":  # "Later Officer Dunleavy": the name is what follows the title
        titled = [i for i in range(len(words)) if word(i).rstrip(".,").casefold() in TITLE_WORDS]
        if titled and titled[-1] < len(words) - 1:
            words = words[titled[-1] + 1 :]
    while words and droppable_first(word(0)):
        words.pop(0)
    while words and not (word(-1)[:1].isupper() or word(-1)[:1].isdigit()):
        words.pop()
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    last = text[start:end].split()[-1]
    if last not in ORG_SUFFIXES and not _INITIALS.fullmatch(last):
        end = _strip_end(text, start, end)
    value = text[start:end]
    if not value or not any(
        w[:1].isupper() and w.casefold() not in STOP_WORDS for w in value.split()
    ):
        return None
    return start, end


def _strip_end(text: str, start: int, end: int) -> int:
    while True:
        before = end
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
        while end > start and text[end - 1] in _TRAILING_PUNCT:
            end -= 1
        if end == before:
            return end


def _minus(piece: tuple[int, int], cut: tuple[int, int]) -> list[tuple[int, int]]:
    (a, b), (s, e) = piece, cut
    if e <= a or b <= s:
        return [piece]
    return [(x, y) for x, y in ((a, s), (e, b)) if y > x]


def speaker_name(label: str, matcher: AllowlistMatcher) -> str | None:
    """The name in a speaker label (``Maria``, ``Det. Ruiz``), or ``None`` for conventional and
    role labels (``Interviewer``, ``R``, ``Speaker 2``) that stay as they are."""
    if not label.strip() or label_kind(label):
        return None
    words = [w for w in label.split() if not w.strip(".").isdigit()]
    if all(w.strip(".").casefold() in _GENERIC_LABEL_WORDS for w in words):
        return None
    while words and words[0].rstrip(".").casefold() in TITLE_WORDS and len(words) > 1:
        words.pop(0)
    name = " ".join(words)
    if not name or matcher.contains(name):
        return None
    return name
