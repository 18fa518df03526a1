"""Which counting of text positions makes a file's selections line up with its text.

REFI-QDA positions count Unicode code points from 0, end exclusive. Real files differ: NVivo
for Windows counts UTF-16 code units (an emoji is two) and CRLF as two characters, some tools
count a byte-order mark, and text inside XML has its CRLF turned into LF by the parser while
the positions still count two. Each :class:`Reading` is one such rule; :func:`choose_reading`
scores every candidate on a source's selections and keeps the best (the standard's rule on a
tie).

Positions are converted onto the *canonical* text: the BOM dropped and every line break a
single LF, which is the text qualcode segments.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qualcode.exchange.model import RefiSelection


@dataclass(frozen=True)
class Reading:
    """How positions count: ``utf16`` code units or code points; a line break as it was
    stored (``stored``: CRLF two, LF one), always ``one`` or always ``two``; a leading BOM
    counted as one position or not."""

    utf16: bool = False
    newline: str = "stored"
    bom: bool = False

    def describe(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "Unicode code points"
        lines = {
            "stored": "line breaks as stored",
            "one": "every line break as one",
            "two": "every line break as two (CRLF)",
        }[self.newline]
        return f"{unit}, {lines}" + (", the byte-order mark counted" if self.bom else "")


STANDARD = Reading()
READINGS = tuple(
    Reading(utf16, newline, bom)
    for bom in (False, True)
    for utf16 in (False, True)
    for newline in ("stored", "one", "two")
)


def canonical(text: str) -> str:
    """The text qualcode keeps: BOM dropped, CRLF and CR turned into LF."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_BREAK = re.compile(r"\r\n|\r|\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Positions:
    """Maps positions of one reading onto indices of the canonical text.

    Every canonical character counts one position, except the "wide" ones, which count two: a
    character beyond U+FFFF in UTF-16, a line break written as CRLF (``stored``), any line break
    (``two``). Only the wide characters are listed, so a long text costs little.
    """

    def __init__(self, text: str, reading: Reading, bom: bool) -> None:
        body = text.lstrip("\ufeff")
        self.offset = 1 if (reading.bom and bom) else 0
        wide: list[int] = []  # canonical indices of the characters that count two
        pairs: list[int] = []  # where each CRLF starts in the body: one canonical character
        for match in _BREAK.finditer(body):
            pair = match.group() == "\r\n"
            index = match.start() - len(pairs)
            if reading.newline == "two" or (pair and reading.newline == "stored"):
                wide.append(index)
            if pair:
                pairs.append(match.start())
        if reading.utf16:
            for match in _ASTRAL.finditer(body):
                wide.append(match.start() - bisect.bisect_left(pairs, match.start()))
            wide.sort()
        self.length = len(body) - len(pairs)
        #: The position at which each wide character starts.
        self.wide_starts = [self.offset + index + j for j, index in enumerate(wide)]

    def index(self, position: int) -> int | None:
        """The canonical index at ``position``; ``None`` when it falls inside a character
        (half a surrogate pair, between CR and LF) or outside the text."""
        j = bisect.bisect_left(self.wide_starts, position)  # wide characters before it
        if j and self.wide_starts[j - 1] + 1 == position:
            return None
        index = position - self.offset - j
        if index < 0 or index > self.length:
            return None
        return index

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        if start < 0 or end < start:
            return None
        first, last = self.index(start), self.index(end)
        if first is None or last is None:
            return None
        return first, last


_SPACE = re.compile(r"\s+")
_ELLIPSIS = ("...", "…")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def score(text: str, span: tuple[int, int] | None, name: str) -> float:
    """How well one selection lines up under a reading: out of the text or inside a
    character is bad; matching its name (tools often name a selection by its text) is best;
    starting and ending on word boundaries is a weaker sign."""
    if span is None:
        return -5.0
    start, end = span
    if end > len(text):
        return -5.0
    points = 0.0
    selected = _normal(text[start:end])
    wanted = _normal(name)
    for mark in _ELLIPSIS:
        wanted = wanted.removesuffix(mark).rstrip()
    if len(wanted) >= 3:
        if selected == wanted:
            points += 4.0
        elif selected.startswith(wanted) or (selected and wanted.startswith(selected)):
            points += 3.0
        else:
            points -= 1.0
    if start == end:
        return points
    if not text[start].isspace() and (start == 0 or not text[start - 1].isalnum()):
        points += 0.5
    if end == len(text) or not text[end].isalnum() or not text[end - 1].isalnum():
        points += 0.5
    return points


@dataclass(frozen=True)
class ReadingScore:
    reading: Reading
    points: float
    fits: int  # selections that land inside the text on whole characters


def effective(text: str, bom: bool) -> Callable[[Reading], Reading]:
    """The simplest reading that maps this text's positions the same way as a given one: UTF-16
    matters only with characters beyond U+FFFF, CRLF only when the text has one, the BOM only
    when there is one."""
    astral = _ASTRAL.search(text) is not None
    has_crlf = "\r\n" in text

    def simplest(reading: Reading) -> Reading:
        newline = reading.newline
        if newline == "stored" and not has_crlf:
            newline = "one"
        return Reading(reading.utf16 and astral, newline, reading.bom and bom)

    return simplest


def score_readings(
    text: str, bom: bool, selections: Sequence[RefiSelection]
) -> dict[Reading, ReadingScore]:
    """Every candidate reading's score on one source (readings that map every position the same
    way share one computation)."""
    canon = canonical(text)
    simplest = effective(text, bom)
    scores: dict[Reading, ReadingScore] = {}
    done: dict[Reading, tuple[float, int]] = {}
    for reading in READINGS:
        key = simplest(reading)
        if key not in done:
            positions = Positions(text, key, bom)
            points = 0.0
            fits = 0
            for selection in selections:
                span = positions.span(selection.start, selection.end)
                if span is not None and span[1] <= len(canon):
                    fits += 1
                points += score(canon, span, selection.name)
            done[key] = (points, fits)
        points, fits = done[key]
        scores[reading] = ReadingScore(reading, points, fits)
    return scores


def choose_readings(
    sources: dict[str, dict[Reading, ReadingScore]],
) -> tuple[Reading, dict[str, Reading]]:
    """The reading for the whole file (the best summed over its sources; the standard's rule on
    a tie) and, per source, its own reading: the file's, unless another fits that source
    strictly better."""
    totals = {reading: sum(s[reading].points for s in sources.values()) for reading in READINGS}
    overall = max(READINGS, key=lambda r: totals[r])  # max keeps the first of equals
    chosen: dict[str, Reading] = {}
    for guid, scores in sources.items():
        best = max(READINGS, key=lambda r: scores[r].points)
        chosen[guid] = best if scores[best].points > scores[overall].points else overall
    return overall, chosen
