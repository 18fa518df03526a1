"""Agreement coefficients over plain rating data (SPEC §8 library API).

``ratings`` is a sequence of units; each unit is a sequence of per-coder labels, ``None`` where
that coder did not rate the unit, e.g. ``list(zip(coder_a, coder_b))``. Every unit must list the
same coders (same length), else ``ValueError``. Degenerate input (no units, or a coefficient whose
chance agreement is 1) gives ``math.nan``.

Sources: Cohen (1960) for kappa; Fleiss, Cohen & Everitt (1969) for its large-sample standard
error; Scott (1955) for pi; Byrt, Bishop & Carlin (1993) for PABAK; Brennan & Prediger (1981);
Gwet (2008) for AC1, with his multi-rater formulation for missing ratings; Fleiss (1971) for
multi-rater kappa; Krippendorff (2011, "Computing Krippendorff's alpha-reliability") for alpha.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

Label = Hashable
Ratings = Sequence[Sequence[Label | None]]


def _check(ratings: Ratings) -> int:
    """Number of coders; raises for ragged input."""
    widths = {len(unit) for unit in ratings}
    if len(widths) > 1:
        raise ValueError(
            f"ragged ratings: units list {sorted(widths)} coders; every unit must "
            "list the same coders (None where a coder did not rate it)"
        )
    return widths.pop() if widths else 0


def _pairs(ratings: Ratings) -> list[tuple[Label, Label]]:
    """Units rated by both of exactly two coders."""
    if _check(ratings) not in (0, 2):
        raise ValueError(
            "this coefficient is for two coders; use fleiss_kappa or "
            "krippendorff_alpha for three or more"
        )
    return [(a, b) for a, b in ratings if a is not None and b is not None]


def _rated(ratings: Ratings, minimum: int = 2) -> list[list[Label]]:
    """Each unit's labels without the missing ones, for units with at least ``minimum``."""
    _check(ratings)
    units = [[label for label in unit if label is not None] for unit in ratings]
    return [unit for unit in units if len(unit) >= minimum]


def _category_shares(ratings: Ratings) -> dict[Label, float]:
    """``π_k``: the share of each unit's ratings in category k, averaged over every unit rated
    at least once (Gwet 2014, the form irrCAC uses; for complete data, the pooled shares)."""
    units = _rated(ratings, minimum=1)
    shares: dict[Label, float] = {}
    for unit in units:
        for label, count in Counter(unit).items():
            shares[label] = shares.get(label, 0.0) + count / len(unit)
    return {label: total / len(units) for label, total in shares.items()}


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


# -- two coders ---------------------------------------------------------------------------------


def percent_agreement(ratings: Ratings) -> float:
    """Share of agreeing coder pairs per unit, averaged over units rated at least twice.

    For two coders this is the share of units on which they agree.
    """
    units = _rated(ratings)
    if not units:
        return math.nan
    total = 0.0
    for unit in units:
        m = len(unit)
        total += sum(c * (c - 1) for c in Counter(unit).values()) / (m * (m - 1))
    return total / len(units)


def _cohen_parts(pairs: list[tuple[Label, Label]]) -> tuple[float, float, int]:
    n = len(pairs)
    if n == 0:
        return math.nan, math.nan, 0
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in first) / (n * n)
    return observed, chance, n


def cohen_kappa(ratings: Ratings) -> float:
    """Cohen's kappa for two coders over the units both rated."""
    observed, chance, _ = _cohen_parts(_pairs(ratings))
    return _ratio(observed - chance, 1 - chance) if chance < 1 else math.nan


def cohen_kappa_se(ratings: Ratings) -> float:
    """Large-sample standard error of Cohen's kappa (Fleiss, Cohen & Everitt 1969, eq. 13)."""
    pairs = _pairs(ratings)
    return _kappa_se_from_table(_table(pairs))


def cohen_kappa_ci(ratings: Ratings, level: float = 0.95) -> tuple[float, float]:
    """Wald interval ``kappa ± z·SE`` at the given confidence level."""
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    from statistics import NormalDist  # here: its import is a tenth of the kappa command's

    kappa = cohen_kappa(ratings)
    se = cohen_kappa_se(ratings)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    return kappa - z * se, kappa + z * se


def _table(pairs: list[tuple[Label, Label]]) -> dict[tuple[Label, Label], int]:
    return dict(Counter(pairs))


def _kappa_se_from_table(table: dict[tuple[Label, Label], int]) -> float:
    n = sum(table.values())
    if n == 0:
        return math.nan
    rows: Counter[Label] = Counter()
    cols: Counter[Label] = Counter()
    for (a, b), count in table.items():
        rows[a] += count
        cols[b] += count
    p_row = {k: v / n for k, v in rows.items()}
    p_col = {k: v / n for k, v in cols.items()}
    observed = sum(count for (a, b), count in table.items() if a == b) / n
    chance = sum(p_row[k] * p_col.get(k, 0.0) for k in p_row)
    if chance >= 1:
        return math.nan
    kappa = (observed - chance) / (1 - chance)
    first = 0.0
    second = 0.0
    for (a, b), count in table.items():
        p = count / n
        # A category one coder never used has a margin of 0 for that coder (a rare code that
        # one coder never applied is common).
        if a == b:
            first += p * (1 - (p_row.get(a, 0.0) + p_col.get(a, 0.0)) * (1 - kappa)) ** 2
        else:
            second += p * (p_col.get(a, 0.0) + p_row.get(b, 0.0)) ** 2
    third = (kappa - chance * (1 - kappa)) ** 2
    variance = first + (1 - kappa) ** 2 * second - third
    return math.sqrt(max(variance, 0.0)) / ((1 - chance) * math.sqrt(n))


def scott_pi(ratings: Ratings) -> float:
    """Scott's pi: chance agreement from the two coders' pooled label distribution."""
    pairs = _pairs(ratings)
    n = len(pairs)
    if n == 0:
        return math.nan
    observed = sum(1 for a, b in pairs if a == b) / n
    pooled = Counter(label for pair in pairs for label in pair)
    chance = sum((count / (2 * n)) ** 2 for count in pooled.values())
    return _ratio(observed - chance, 1 - chance) if chance < 1 else math.nan


# -- chance-corrected for any number of coders -------------------------------------------------


def _categories(units: list[list[Label]], categories: Iterable[Label] | None) -> list[Label]:
    if categories is not None:
        given = list(dict.fromkeys(categories))
        unknown = {label for unit in units for label in unit} - set(given)
        if unknown:
            raise ValueError(f"labels {sorted(map(str, unknown))} are not among the categories")
        return given
    return list(dict.fromkeys(label for unit in units for label in unit))


def brennan_prediger(ratings: Ratings, categories: Iterable[Label] | None = None) -> float:
    """Brennan–Prediger coefficient: chance agreement 1/q for q categories.

    ``categories`` defaults to the labels observed; with fewer than two the value is undefined.
    """
    units = _rated(ratings)
    q = len(_categories(units, categories))
    if not units or q < 2:
        return math.nan
    chance = 1 / q
    return (percent_agreement(ratings) - chance) / (1 - chance)


def pabak(ratings: Ratings, categories: Iterable[Label] | None = None) -> float:
    """Prevalence- and bias-adjusted kappa (Byrt et al. 1993): ``2·po − 1`` for a yes/no code.

    With more categories it is the Brennan–Prediger generalisation ``(q·po − 1)/(q − 1)``; a
    code's yes/no ratings always count as two categories even if only one was used.
    """
    units = _rated(ratings)
    q = max(2, len(_categories(units, categories)))
    if not units:
        return math.nan
    return (q * percent_agreement(ratings) - 1) / (q - 1)


def gwet_ac1(ratings: Ratings, categories: Iterable[Label] | None = None) -> float:
    """Gwet's AC1 (Gwet 2008), any number of coders, missing ratings allowed.

    Observed agreement over units rated at least twice; chance agreement
    ``Σ π_k(1 − π_k)/(q − 1)``.
    """
    units = _rated(ratings)
    q = len(_categories(_rated(ratings, minimum=1), categories))
    if not units or q < 2:
        return math.nan
    shares = _category_shares(ratings)
    chance = sum(p * (1 - p) for p in shares.values()) / (q - 1)
    return _ratio(percent_agreement(ratings) - chance, 1 - chance) if chance < 1 else math.nan


def fleiss_kappa(ratings: Ratings) -> float:
    """Fleiss' kappa (1971), any number of coders, missing ratings allowed.

    Observed agreement is the mean share of agreeing rating pairs over units rated at least
    twice; chance agreement is ``Σ π_k²``. With complete data this is Fleiss' original formula.
    """
    units = _rated(ratings)
    if not units:
        return math.nan
    chance = sum(p * p for p in _category_shares(ratings).values())
    return _ratio(percent_agreement(ratings) - chance, 1 - chance) if chance < 1 else math.nan


def krippendorff_alpha(ratings: Ratings) -> float:
    """Krippendorff's alpha for nominal data, with missing ratings (Krippendorff 2011).

    Built from the coincidence matrix of pairable values (units with at least two ratings):
    ``alpha = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k``.
    """
    units = _rated(ratings)
    if not units:
        return math.nan
    disagreeing = 0.0  # Σ_{c≠k} o_ck
    totals: Counter[Label] = Counter()
    for unit in units:
        counts = Counter(unit)
        m = len(unit)
        disagreeing += (m * m - sum(c * c for c in counts.values())) / (m - 1)
        totals.update(counts)
    n = sum(totals.values())
    expected = n * n - sum(c * c for c in totals.values())  # Σ_{c≠k} n_c·n_k
    if expected == 0:
        return math.nan
    return 1 - (n - 1) * disagreeing / expected
