"""Assigning documents to coders, with a stratified double-coding sample (SPEC §4, `assign`)."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from qualcode.errors import QualcodeError

MISSING_STRATUM = "(missing)"


@dataclass(frozen=True)
class Assignment:
    document: str
    primary: str
    second: str | None
    stratum: str = ""

    @property
    def coders(self) -> tuple[str, ...]:
        return (self.primary, self.second) if self.second else (self.primary,)


def plan_assignments(
    documents: Mapping[str, Mapping[str, str]],
    coders: list[str],
    double: float,
    stratify: str | None,
    seed: int,
) -> list[Assignment]:
    """Every document gets a primary coder (balanced: counts differ by at most one); a random
    sample of ``double`` of each stratum (at least one document per non-empty stratum when
    ``double`` > 0) also goes to a second, different coder, balancing second-coding loads.
    The same inputs and seed give the same plan."""
    if not documents:
        raise QualcodeError("The project has no documents to assign; add transcripts first.")
    if len(set(coders)) != len(coders) or not coders:
        raise QualcodeError("--coders must name distinct coders, e.g. --coders ana,ben.")
    if not 0 <= double <= 1:
        raise QualcodeError(f"--double {double}: give a fraction between 0 and 1, e.g. 0.1.")
    if double > 0 and len(coders) < 2:
        raise QualcodeError("Double coding needs at least two coders in --coders.")
    if stratify and not any(stratify in attrs for attrs in documents.values()):
        known = sorted({key for attrs in documents.values() for key in attrs})
        raise QualcodeError(
            f"--stratify {stratify}: no document has that attribute (known: {', '.join(known)})."
        )
    rng = random.Random(seed)
    strata: dict[str, list[str]] = {}
    for name in sorted(documents):
        key = documents[name].get(stratify, MISSING_STRATUM) if stratify else ""
        strata.setdefault(key, []).append(name)
    # Primary coders: shuffle within each stratum, then deal round-robin across strata in turn,
    # so totals differ by at most one and each stratum is spread over the coders.
    order: list[str] = []
    for key in sorted(strata):
        shuffled = strata[key][:]
        rng.shuffle(shuffled)
        order.extend(shuffled)
    primary = {name: coders[i % len(coders)] for i, name in enumerate(order)}
    doubled: set[str] = set()
    if double > 0:
        for key in sorted(strata):
            members = strata[key]
            size = min(len(members), max(1, math.floor(double * len(members) + 0.5)))
            doubled.update(rng.sample(members, size))
    second_load: Counter[str] = Counter()
    second: dict[str, str] = {}
    for name in order:
        if name not in doubled:
            continue
        others = [coder for coder in coders if coder != primary[name]]
        choice = min(others, key=lambda coder: (second_load[coder], coders.index(coder)))
        second[name] = choice
        second_load[choice] += 1
    return [
        Assignment(
            name,
            primary[name],
            second.get(name),
            documents[name].get(stratify, MISSING_STRATUM) if stratify else "",
        )
        for name in sorted(documents)
    ]
