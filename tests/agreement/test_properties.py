"""Property tests: every coefficient of the library API is total on valid input (a number or
NaN, never an exception) and agrees with scikit-learn / statsmodels where they define it, and
with a direct implementation of its definition otherwise. The generated ratings include unused
categories, a single unit, identical units, a constant coder and missing ratings."""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats import inter_rater

from qualcode.agreement import (
    brennan_prediger,
    cohen_kappa,
    cohen_kappa_ci,
    cohen_kappa_se,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    pabak,
    percent_agreement,
    scott_pi,
)

PROPERTY = settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
Unit = tuple[int | None, ...]


def ratings(coders: int, missing: bool) -> st.SearchStrategy[list[Unit]]:
    label = st.integers(0, 3)
    cell = st.one_of(st.none(), label) if missing else label
    unit = st.tuples(*([cell] * coders))
    return st.lists(unit, min_size=1, max_size=40)


def constant_coder(coders: int) -> st.SearchStrategy[list[Unit]]:
    """One coder gives the same label to every unit (a rare code one coder never applied)."""
    return st.builds(
        lambda fixed, rest: [(fixed, *r) for r in rest],
        st.integers(0, 3),
        st.lists(st.tuples(*([st.integers(0, 3)] * (coders - 1))), min_size=1, max_size=40),
    )


TWO = st.one_of(ratings(2, missing=True), ratings(2, missing=False), constant_coder(2))
MANY = st.one_of(*(ratings(k, missing=m) for k in (3, 4) for m in (True, False)), constant_coder(3))


def is_number(value: float) -> bool:
    return isinstance(value, float) and (math.isnan(value) or math.isfinite(value))


def complete(units: Sequence[Unit]) -> list[tuple[int, ...]]:
    return [tuple(x for x in u if x is not None) for u in units if None not in u]


# -- direct implementations of the definitions -------------------------------------------


def po_definition(units: Sequence[Unit]) -> float:
    rated = [[x for x in u if x is not None] for u in units]
    rated = [u for u in rated if len(u) >= 2]
    if not rated:
        return math.nan
    agree = [
        sum(1 for i, x in enumerate(u) for j, y in enumerate(u) if i != j and x == y)
        / (len(u) * (len(u) - 1))
        for u in rated
    ]
    return sum(agree) / len(agree)


def alpha_definition(units: Sequence[Unit]) -> float:
    """Krippendorff (2011): coincidences o_ck = Σ_u (pairs c-k in u)/(m_u − 1)."""
    rated = [[x for x in u if x is not None] for u in units]
    rated = [u for u in rated if len(u) >= 2]
    coincidences: Counter[tuple[int, int]] = Counter()
    for u in rated:
        for i, x in enumerate(u):
            for j, y in enumerate(u):
                if i != j:
                    coincidences[(x, y)] += 1 / (len(u) - 1)
    n_c: Counter[int] = Counter()
    for (c, _), value in coincidences.items():
        n_c[c] += value
    n = sum(n_c.values())
    if n == 0:
        return math.nan
    observed = sum(v for (c, k), v in coincidences.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n - 1)
    return math.nan if expected == 0 else 1 - observed / expected


def scott_definition(pairs: Sequence[tuple[int, int]]) -> float:
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    shares = Counter(x for pair in pairs for x in pair)
    pe = sum((v / (2 * n)) ** 2 for v in shares.values())
    return math.nan if pe >= 1 else (po - pe) / (1 - pe)


def ac1_definition(units: Sequence[Unit]) -> float:
    """Gwet (2014) with missing ratings: π_k averaged over units rated at least once."""
    rated1 = [[x for x in u if x is not None] for u in units]
    rated1 = [u for u in rated1 if u]
    categories = sorted({x for u in rated1 for x in u})
    q = len(categories)
    po = po_definition(units)
    if q < 2 or math.isnan(po):
        return math.nan
    pi = {k: sum(u.count(k) / len(u) for u in rated1) / len(rated1) for k in categories}
    pe = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    return math.nan if pe >= 1 else (po - pe) / (1 - pe)


def same(value: float, reference: float, tolerance: float = 1e-9) -> bool:
    if math.isnan(reference):
        return math.isnan(value)
    return not math.isnan(value) and abs(value - reference) <= tolerance


# -- properties ----------------------------------------------------------------------------


@PROPERTY
@given(TWO)
def test_two_coder_functions_are_total(units: list[Unit]) -> None:
    for function in (
        percent_agreement,
        cohen_kappa,
        cohen_kappa_se,
        scott_pi,
        pabak,
        brennan_prediger,
        gwet_ac1,
        fleiss_kappa,
        krippendorff_alpha,
    ):
        value = function(units)
        assert is_number(value), function.__name__
    low, high = cohen_kappa_ci(units)
    assert is_number(low) and is_number(high)
    kappa = cohen_kappa(units)
    if not math.isnan(kappa):
        assert -1 - 1e-12 <= kappa <= 1 + 1e-12
        assert low <= kappa <= high


@PROPERTY
@given(MANY)
def test_multi_coder_functions_are_total(units: list[Unit]) -> None:
    for function in (percent_agreement, pabak, brennan_prediger, gwet_ac1, fleiss_kappa):
        assert is_number(function(units)), function.__name__
    assert same(krippendorff_alpha(units), alpha_definition(units))
    assert same(percent_agreement(units), po_definition(units))
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa(units)


@PROPERTY
@given(TWO)
def test_cohen_kappa_and_its_interval_match_sklearn_and_statsmodels(units: list[Unit]) -> None:
    pairs = complete(units)
    ours = cohen_kappa(units)
    if not pairs:
        assert math.isnan(ours)
        return
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = float(cohen_kappa_score(a, b, labels=sorted(set(a) | set(b))))
    assert same(ours, reference)
    if math.isnan(ours):
        return
    labels = sorted(set(a) | set(b))
    table = np.zeros((len(labels), len(labels)))
    for x, y in pairs:
        table[labels.index(x), labels.index(y)] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = inter_rater.cohens_kappa(table)
    if result.var_kappa > 1e-12:  # statsmodels gives NaN for a variance rounded below 0
        assert cohen_kappa_se(units) == pytest.approx(result.std_kappa, abs=1e-9)
        low, high = cohen_kappa_ci(units)
        assert low == pytest.approx(result.kappa_low, abs=1e-9)
        assert high == pytest.approx(result.kappa_upp, abs=1e-9)
    else:
        assert cohen_kappa_se(units) == pytest.approx(0.0, abs=1e-6)


@PROPERTY
@given(st.one_of(*(ratings(k, missing=False) for k in (2, 3, 4))))
def test_fleiss_and_randolph_match_statsmodels(units: list[Unit]) -> None:
    counts, _ = inter_rater.aggregate_raters(np.array(units), n_cat=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fleiss = float(inter_rater.fleiss_kappa(counts))
        randolph = float(inter_rater.fleiss_kappa(counts, method="randolph"))
    assert same(fleiss_kappa(units), fleiss if math.isfinite(fleiss) else math.nan)
    assert same(brennan_prediger(units, categories=range(4)), randolph)


@PROPERTY
@given(TWO)
def test_other_coefficients_match_their_definitions(units: list[Unit]) -> None:
    pairs = [(int(a), int(b)) for a, b in complete(units)]
    assert same(krippendorff_alpha(units), alpha_definition(units))
    assert same(percent_agreement(units), po_definition(units))
    assert same(gwet_ac1(units), ac1_definition(units))
    if pairs:
        assert same(scott_pi(units), scott_definition(pairs))
        observed = sum(a == b for a, b in pairs) / len(pairs)
        q = max(2, len({x for pair in pairs for x in pair}))
        assert same(pabak(units), (q * observed - 1) / (q - 1))
    else:
        assert math.isnan(scott_pi(units)) and math.isnan(pabak(units))


def test_one_coder_never_used_a_category() -> None:
    """The case that raised KeyError: one coder never applied the code."""
    units = [(1, 0), (0, 0), (0, 0)]
    assert cohen_kappa(units) == 0.0
    assert cohen_kappa_se(units) == pytest.approx(0.0, abs=1e-12)
    assert cohen_kappa_ci(units) == pytest.approx((0.0, 0.0), abs=1e-12)
    units = [(1, 0), (0, 0), (0, 1), (0, 0), (2, 0)]
    assert is_number(cohen_kappa_se(units)) and cohen_kappa_se(units) > 0
