"""The per-document deidentification report: what was replaced (types and counts, never the
original values), how, and whether a person should review the document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from qualcode.deid.placeholders import KINDS

REPORT_VERSION = 2

#: A document is flagged when this many distinct capitalised words that look like names were
#: left in its text (neither replaced, allowlisted, nor recognised as something else).
NAME_LIKE_THRESHOLD = 1


@dataclass
class DeidReport:
    model: str | None
    replace_org: bool
    mentions: dict[str, int] = field(default_factory=dict)
    distinct: dict[str, int] = field(default_factory=dict)
    speaker_labels: int = 0
    name_like_left: int = 0
    ambiguous_people: int = 0
    # Where outside the text identifiers were found: field ("file name" or an attribute key)
    # -> kinds replaced there (never the values).
    metadata: dict[str, list[str]] = field(default_factory=dict)
    # Why the text reads as speech-to-text output (lower case, unpunctuated), or None.
    speech_style: str | None = None
    # Segments that give an age, an occupation and a place together.
    quasi_identifiers: int = 0
    # Organisation, site or place values whose mentions were typed two ways almost equally.
    close_votes: int = 0
    # Replaced values one letter or an ending away from an allowlist entry ("H2A", "Polaris'").
    near_misses: int = 0

    @property
    def replaced(self) -> int:
        return sum(self.mentions.values())

    @property
    def reasons(self) -> list[str]:
        """Why the document needs review; empty when it does not."""
        return [reason for _, reason in self._flags()]

    @property
    def flags(self) -> list[str]:
        """The reasons in a word or two each, for the `deid` column of `qualcode documents`."""
        return [flag for flag, _ in self._flags()]

    def _flags(self) -> list[tuple[str, str]]:
        flagged = list(zip(self._short(), self._reasons(), strict=True))
        return flagged

    def _short(self) -> list[str]:
        short = []
        if self.model is None:
            short.append("no model")
        if self.speech_style:
            short.append("speech-to-text")
        if self.name_like_left >= NAME_LIKE_THRESHOLD:
            short.append("names left")
        if self.ambiguous_people:
            short.append("shared names")
        if not self.replace_org:
            short.append("--no-org")
        if self.close_votes:
            short.append("close type vote")
        if self.near_misses:
            short.append("near allowlist")
        if self.quasi_identifiers:
            short.append("age+job+place")
        return short

    def _reasons(self) -> list[str]:
        reasons = []
        if self.model is None:
            reasons.append("pattern-only mode: no spaCy model, so names were not searched for")
        if self.speech_style:
            reasons.append(self.speech_style)
        if self.name_like_left >= NAME_LIKE_THRESHOLD:
            reasons.append(
                f"{self.name_like_left} capitalised word(s) that look like names were left in "
                "the text (`qualcode scan FILE --show-values` lists them)"
            )
        if self.ambiguous_people:
            reasons.append(
                f"{self.ambiguous_people} first name(s) or surname(s) shared by several people: "
                "check which person each placeholder stands for"
            )
        if not self.replace_org:
            reasons.append("organisation names were kept (--no-org)")
        if self.close_votes:
            reasons.append(
                f"{self.close_votes} name(s) typed as organisation, site or place about equally "
                "often: check the placeholder type"
            )
        if self.near_misses:
            reasons.append(
                f"{self.near_misses} replaced value(s) close to an allowlist entry: check they "
                "are not analytic terms (add them with `qualcode allowlist PROJECT --add`)"
            )
        if self.quasi_identifiers:
            reasons.append(
                f"{self.quasi_identifiers} segment(s) give an age, an occupation and a place "
                "together: check whether they identify someone"
            )
        return reasons

    @property
    def review(self) -> bool:
        return bool(self.reasons)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "mode": "model" if self.model else "pattern-only",
            "model": self.model,
            "org_replaced": self.replace_org,
            "replaced": self.replaced,
            "counts": {
                kind: {"mentions": self.mentions[kind], "distinct": self.distinct.get(kind, 0)}
                for kind in KINDS
                if self.mentions.get(kind)
            },
            "speaker_labels": self.speaker_labels,
            "name_like_left": self.name_like_left,
            "ambiguous_people": self.ambiguous_people,
            "metadata": self.metadata,
            "speech_style": self.speech_style is not None,
            "quasi_identifiers": self.quasi_identifiers,
            "close_votes": self.close_votes,
            "near_misses": self.near_misses,
            "review": self.review,
            "reasons": self.reasons,
            "flags": self.flags,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True)


def summary(report: dict[str, Any] | None) -> str:
    """The `deid` column of `qualcode documents`: "12 replaced", "review: speech-to-text, names
    left (12 replaced)" or "-" (reports stored before the flags were kept say "review (...)")."""
    if not report:
        return "-"
    replaced = f"{report.get('replaced', 0)} replaced"
    if not report.get("review"):
        return replaced
    flags = report.get("flags")
    return f"review: {', '.join(flags)} ({replaced})" if flags else f"review ({replaced})"
