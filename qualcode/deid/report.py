"""The per-document deidentification report: what was replaced (types and counts, never the
original values), how, and whether a person should review the document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from qualcode.deid.placeholders import KINDS

REPORT_VERSION = 1

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

    @property
    def replaced(self) -> int:
        return sum(self.mentions.values())

    @property
    def reasons(self) -> list[str]:
        """Why the document needs review; empty when it does not."""
        reasons = []
        if self.model is None:
            reasons.append("pattern-only mode: no spaCy model, so names were not searched for")
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
            "review": self.review,
            "reasons": self.reasons,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True)


def summary(report: dict[str, Any] | None) -> str:
    """The `deid` column of `qualcode documents`: "12 replaced", "review (12 replaced)" or "-"."""
    if not report:
        return "-"
    replaced = f"{report.get('replaced', 0)} replaced"
    return f"review ({replaced})" if report.get("review") else replaced
