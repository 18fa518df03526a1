"""Where each segment's words sit in the text it was cut from, and which segments a selection
touches.

Segmentation keeps every word of a line as it is (lines are stripped, speaker labels and blank
lines dropped, lines joined by single spaces), so each segment's words are found in the source
text in reading order. A selection gives its code to every segment of which it covers at least
one non-space character.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.model import Segment


@dataclass(frozen=True)
class SegmentMap:
    """Word spans ``[start, end)`` of the canonical text, in order, with the segment (its index
    in the document's list) each belongs to. ``complete`` is false when some word could not be
    found (the text does not match the segments)."""

    starts: list[int]
    ends: list[int]
    segments: list[int]
    complete: bool

    def touched(self, start: int, end: int) -> list[int]:
        """Indices of the segments with a non-space character in ``[start, end)``."""
        if end <= start:
            return []
        first = bisect.bisect_right(self.ends, start)  # first word ending after start
        found: list[int] = []
        for i in range(first, len(self.starts)):
            if self.starts[i] >= end:
                break
            if not found or found[-1] != self.segments[i]:
                found.append(self.segments[i])
        return sorted(set(found))


def map_segments(text: str, segments: Sequence[Segment]) -> SegmentMap:
    """Find every word of every segment in ``text`` (the canonical text they were cut from)."""
    starts: list[int] = []
    ends: list[int] = []
    owners: list[int] = []
    cursor = 0
    complete = True
    for index, segment in enumerate(segments):
        for word in segment.text.split():
            found = text.find(word, cursor)
            if found < 0:
                complete = False
                continue
            starts.append(found)
            ends.append(found + len(word))
            owners.append(index)
            cursor = found + len(word)
    return SegmentMap(starts, ends, owners, complete)
