"""Numbers read out in words, as speech-to-text writes them: "five five five oh one four two",
"double two", "twenty two dash one", "nineteen c r three four four one", "plus five zero four".

:func:`digits_view` writes every run of number words as figures ("5550142", "22-1", "19CR3441",
"+504") and keeps, for each character of the new text, the span of the original it came from,
so that the numeric patterns run on the figures and their findings are mapped back to the words.
Ordinals become figures too ("fourteenth" -> "14th"), for the date patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
REPEATS = {"double": 2, "triple": 3}
JOINERS = {"dash": "-", "hyphen": "-", "slash": "/"}
# Words that are digits only inside a run of number words, never at its start.
_INSIDE_ONLY = {"oh", "o"}

_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_LETTERS = re.compile(r"[A-Za-z]+")
_NUMBERS = {*UNITS, *TEENS, *TENS, *REPEATS} - {"o"}
_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december",
}  # fmt: skip
# Words of which one is in every spoken identifier (a quick rejection before the pairs).
_TRIGGERS = frozenset(_NUMBERS | {"plus", "thousand"} | _MONTHS)


def _suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


@dataclass
class DigitsView:
    """``text`` with number words as figures; ``starts[k]``/``ends[k]`` are the original span
    of character ``k``; ``runs`` are the converted runs as (start, end) in ``text``."""

    text: str
    starts: list[int]
    ends: list[int]
    runs: list[tuple[int, int]]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        return self.starts[start], self.ends[end - 1]


def has_number_words(text: str) -> bool:
    """Whether ``text`` may hold a number read out in words, a quick test before converting:
    two number words in a row ("five five", "twenty twenty"), "plus" or a capital letter before
    one ("K four"), or a month and an ordinal ("june fourteenth", "seventh of august")."""
    lowered = _LETTERS.findall(text.lower())
    if not _TRIGGERS.intersection(lowered):
        return False
    tokens = _LETTERS.findall(text)
    words = [token.lower() for token in tokens]
    for i in range(len(words) - 1):
        word, following = words[i], words[i + 1]
        if following in _NUMBERS and (
            word in _NUMBERS or word == "plus" or _plate_letter(tokens[i])
        ):
            return True
        if word in _MONTHS and (following in ORDINALS or following == "the"):
            return True
        after = words[i + 2] if i + 2 < len(words) else ""
        if word in ORDINALS and following == "of" and after in _MONTHS:
            return True
    return False


def digits_view(text: str) -> DigitsView:
    """The text with every run of number words written in figures (see the module doc)."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    runs = _runs(text, tokens)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    converted: list[tuple[int, int]] = []
    cursor = 0
    for run_start, run_end, figures in runs:
        pieces.append(text[cursor:run_start])
        starts += range(cursor, run_start)
        ends += range(cursor + 1, run_start + 1)
        begin = sum(len(p) for p in pieces)
        pieces.append(figures)
        starts += [run_start] * len(figures)
        ends += [run_end] * len(figures)
        converted.append((begin, begin + len(figures)))
        cursor = run_end
    pieces.append(text[cursor:])
    starts += range(cursor, len(text))
    ends += range(cursor + 1, len(text) + 1)
    return DigitsView("".join(pieces), starts, ends, converted)


def _runs(text: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Runs of number words: (start, end, figures)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        figures, j = _read_run(text, tokens, i)
        if figures is None:
            i += 1
            continue
        out.append((tokens[i][0], tokens[j - 1][1], figures))
        i = j
    return out


def _read_run(text: str, tokens: list[tuple[int, int, str]], i: int) -> tuple[str | None, int]:
    """The figures of the run starting at token ``i`` and the index after it, or ``None``."""
    pieces: list[str] = []
    j = i
    first = tokens[i][2].lower()
    second = tokens[i + 1][2].lower() if i + 1 < len(tokens) else ""
    starts_number = second in UNITS and second not in _INSIDE_ONLY
    if first == "plus" and second in UNITS:
        pieces.append("+")
        j += 1
    elif _plate_letter(tokens[i][2]) and starts_number:
        pieces.append(tokens[i][2])  # "K four seven nine T"
        j += 1
    elif not (first in _INSIDE_ONLY and starts_number) and (  # "oh eight oh three ..." may start
        not (_is_number(first) or first in ORDINALS) or first in _INSIDE_ONLY
    ):
        return None, i
    digits = 0
    while j < len(tokens):
        if j > i and not _joined(text, tokens[j - 1][1], tokens[j][0]):
            break
        word = tokens[j][2].lower()
        nxt = tokens[j + 1][2].lower() if j + 1 < len(tokens) else ""
        if word in ORDINALS:
            value = ORDINALS[word]
            pieces.append(f"{value}{_suffix(value)}")
            j += 1
            break  # an ordinal ends a run ("june fourteenth")
        if word in UNITS and UNITS[word] and nxt == "thousand" and not digits:
            value, j = _thousands(text, tokens, j)  # "two thousand three" -> 2003
            pieces.append(str(value))
            digits += 4
            break
        if word in REPEATS and nxt in UNITS and _joined(text, tokens[j][1], tokens[j + 1][0]):
            pieces.append(str(UNITS[nxt]) * REPEATS[word])
            digits += REPEATS[word]
            j += 2
        elif word in TENS:
            value = TENS[word]
            ordinal = nxt in ORDINALS and ORDINALS[nxt] < 10
            if (nxt in UNITS and nxt not in _INSIDE_ONLY and UNITS[nxt]) or ordinal:
                if not _joined(text, tokens[j][1], tokens[j + 1][0]):
                    pieces.append(str(value))
                    digits += 2
                    j += 1
                    continue
                if ordinal:
                    value += ORDINALS[nxt]
                    pieces.append(f"{value}{_suffix(value)}")
                    j += 2
                    break
                pieces.append(str(value + UNITS[nxt]))
                j += 2
            else:
                pieces.append(str(value))
                j += 1
            digits += 2
        elif word in TEENS:
            pieces.append(str(TEENS[word]))
            digits += 2
            j += 1
        elif word in UNITS:
            pieces.append(str(UNITS[word]))
            digits += 1
            j += 1
        elif word in JOINERS and digits and _is_number(nxt):
            pieces.append(JOINERS[word])
            j += 1
        elif tokens[j][2].isdigit():
            pieces.append(tokens[j][2])
            digits += len(tokens[j][2])
            j += 1
        elif (
            len(word) == 1 and word not in ("a", "i") and digits and _letter_then_number(tokens, j)
        ):
            pieces.append(word.upper())
            j += 1
        elif digits and _plate_letter(tokens[j][2]):
            pieces.append(tokens[j][2])  # a capital letter said after the digits
            j += 1
            break
        else:
            break
    if not pieces or pieces == ["+"]:
        return None, i
    if pieces and pieces[-1] in JOINERS.values():
        pieces.pop()
    return "".join(pieces), j


def _thousands(text: str, tokens: list[tuple[int, int, str]], j: int) -> tuple[int, int]:
    """The value of "N thousand [and] [M]" starting at token ``j`` (M below a hundred), and
    the index after it: "two thousand three", "two thousand and twenty two"."""
    value = UNITS[tokens[j][2].lower()] * 1000
    k = j + 2

    def word(index: int) -> str:
        if index < len(tokens) and _joined(text, tokens[index - 1][1], tokens[index][0]):
            return tokens[index][2].lower()
        return ""

    if word(k) == "and" and _is_number(word(k + 1)):
        k += 1
    if word(k) in TENS:
        value += TENS[word(k)]
        k += 1
        if word(k) in UNITS and word(k) not in _INSIDE_ONLY and UNITS[word(k)]:
            value += UNITS[word(k)]
            k += 1
    elif word(k) in TEENS:
        value += TEENS[word(k)]
        k += 1
    elif word(k) in UNITS and word(k) not in _INSIDE_ONLY:
        value += UNITS[word(k)]
        k += 1
    return value, k


def _plate_letter(token: str) -> bool:
    """A capital letter said on its own, as in a plate or a case number ("K", "T"; not "I", "A")."""
    return len(token) == 1 and token.isupper() and token not in ("I", "A")


def _is_number(word: str) -> bool:
    return word in UNITS or word in TEENS or word in TENS or word in REPEATS


def _letter_then_number(tokens: list[tuple[int, int, str]], j: int) -> bool:
    """Whether single letters starting at ``j`` lead to another number word ("c r three")."""
    k = j
    while k < len(tokens) and len(tokens[k][2]) == 1 and tokens[k][2].isalpha():
        k += 1
    return k < len(tokens) and k - j <= 3 and _is_number(tokens[k][2].lower())


def _joined(text: str, end: int, start: int) -> bool:
    """Whether two tokens are in one spoken number: only spaces, a comma or a hyphen between."""
    between = text[end:start]
    return len(between) <= 3 and all(c in " ,-" for c in between)
