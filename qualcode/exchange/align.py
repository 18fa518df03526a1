"""Where each segment's words sit in the text it was cut from, and which segments a selection
touches.

Segmentation keeps every word of a line as it is (lines are stripped, speaker labels and blank
lines dropped, lines joined by single spaces), so each segment's words are found in the source
text in reading order. A selection gives its code to every segment of which it covers at least
one non-space character.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.model import Segment

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class SegmentMap:
    """The canonical text's words (runs of non-space characters) ``[start, end)``, in order,
    with the segment (its index in the document's list) each belongs to, or -1 (a speaker
    label, a timestamp). ``complete`` is false when some word of a segment could not be found
    (the text does not match the segments)."""

    starts: list[int]
    ends: list[int]
    segments: list[int]
    complete: bool

    def touched(self, start: int, end: int) -> list[int]:
        """Indices of the segments with a non-space character in ``[start, end)``."""
        if end <= start:
            return []
        found: set[int] = set()
        for i in range(bisect.bisect_right(self.ends, start), len(self.starts)):
            if self.starts[i] >= end:
                break
            if self.segments[i] >= 0:
                found.add(self.segments[i])
        return sorted(found)


#: How many words (labels, timestamps) may lie between one segment word and the next.
_LOOK_AHEAD = 8


def map_segments(text: str, segments: Sequence[Segment]) -> SegmentMap:
    """Find every word of every segment in ``text`` (the canonical text they were cut from)."""
    words = [(match.start(), match.end(), match.group()) for match in _WORD.finditer(text)]
    starts = [start for start, _, _ in words]
    ends = [end for _, end, _ in words]
    owners = [-1] * len(words)
    k = 0
    complete = True
    for index, segment in enumerate(segments):
        for word in segment.text.split():
            for ahead in range(k, min(k + _LOOK_AHEAD, len(words))):
                if words[ahead][2] == word:
                    owners[ahead] = index
                    k = ahead + 1
                    break
            else:  # a word cut inside (a sentence boundary with no space after it)
                cursor = starts[k] if k < len(words) else len(text)
                found = text.find(word, cursor)
                if found < 0:
                    complete = False
                    continue
                k = bisect.bisect_right(starts, found) - 1
                owners[k] = index
                if ends[k] == found + len(word):
                    k += 1
    return SegmentMap(starts, ends, owners, complete)
