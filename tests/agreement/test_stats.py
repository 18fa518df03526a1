"""The agreement library against published worked examples and reference implementations."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
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

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four coders,
# twelve units, nominal values 1-5 with missing data. The same matrix is Gwet's `cac.raw4raters`
# (Handbook of Inter-Rater Reliability, 4th ed.; R package irrCAC).
KRIPPENDORFF_2011 = list(
    zip(
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
        strict=True,
    )
)


def table_ratings(table: list[list[int]]) -> list[tuple[int, int]]:
    """Units from a contingency table (rows: coder A's label, columns: coder B's)."""
    return [
        (i, j) for i, row in enumerate(table) for j, count in enumerate(row) for _ in range(count)
    ]


def test_cohen_kappa_wikipedia_example() -> None:
    # Wikipedia, "Cohen's kappa", worked example: 50 proposals, 20 yes/yes, 5 yes/no,
    # 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, kappa = 0.4.
    ratings = table_ratings([[20, 5], [10, 15]])
    assert percent_agreement(ratings) == pytest.approx(0.7, abs=1e-12)
    assert cohen_kappa(ratings) == pytest.approx(0.4, abs=1e-12)


def test_cohen_kappa_standard_error_published_example() -> None:
    # R package Delta, GetKappa(matrix(c(50,10,10,20),2,2)) documentation example:
    # "Kappa ± S.E. = 0.5 ± 0.09682458" (Fleiss, Cohen & Everitt 1969 large-sample SE).
    ratings = table_ratings([[50, 10], [10, 20]])
    assert cohen_kappa(ratings) == pytest.approx(0.5, abs=1e-12)
    assert cohen_kappa_se(ratings) == pytest.approx(0.09682458, abs=5e-9)
    low, high = cohen_kappa_ci(ratings)
    assert low == pytest.approx(0.5 - 1.959963984540054 * 0.0968245836551854, abs=1e-9)
    assert high == pytest.approx(0.5 + 1.959963984540054 * 0.0968245836551854, abs=1e-9)


def test_krippendorff_2011_examples() -> None:
    # Section C: nominal alpha = 0.743. Section A (binary, two coders, ten units): alpha = 0.095.
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(0.743, abs=5e-4)
    binary = list(zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True))
    assert krippendorff_alpha(binary) == pytest.approx(0.095, abs=5e-4)


def test_gwet_coefficients_on_the_four_rater_example() -> None:
    # irrCAC on cac.raw4raters: percent agreement 0.8182, Gwet AC1 0.7754,
    # Brennan-Prediger 0.7727 (five categories).
    assert percent_agreement(KRIPPENDORFF_2011) == pytest.approx(0.8181818, abs=5e-8)
    assert gwet_ac1(KRIPPENDORFF_2011) == pytest.approx(0.7754, abs=5e-5)
    assert brennan_prediger(KRIPPENDORFF_2011) == pytest.approx(0.7727, abs=5e-5)


def test_fleiss_kappa_1971_example() -> None:
    # Fleiss (1971) as worked in Wikipedia, "Fleiss' kappa": 10 subjects, 14 raters,
    # 5 categories; P-bar = 0.378, Pe-bar = 0.213, kappa = 0.210.
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    ratings = [[k for k, c in enumerate(row) for _ in range(c)] for row in counts]
    assert percent_agreement(ratings) == pytest.approx(0.378, abs=5e-4)
    assert fleiss_kappa(ratings) == pytest.approx(0.210, abs=5e-4)
    assert fleiss_kappa(ratings) == pytest.approx(
        inter_rater.fleiss_kappa(np.array(counts)), abs=1e-12
    )


def test_pabak_is_two_po_minus_one_for_a_code() -> None:
    # Byrt, Bishop & Carlin (1993): PABAK = 2·po − 1. A rare code: 1 both, 2 discordant, 97 neither.
    ratings = [(True, True)] + [(True, False), (False, True)] + [(False, False)] * 97
    assert pabak(ratings) == pytest.approx(2 * 0.98 - 1, abs=1e-12)
    # Both coders only ever said "absent": kappa undefined, PABAK defined.
    absent = [(False, False)] * 10
    assert math.isnan(cohen_kappa(absent))
    assert pabak(absent) == 1.0


def test_scott_pi_two_by_two() -> None:
    ratings = table_ratings([[20, 5], [10, 15]])
    pooled_yes = (25 + 30) / 100
    chance = pooled_yes**2 + (1 - pooled_yes) ** 2
    assert scott_pi(ratings) == pytest.approx((0.7 - chance) / (1 - chance), abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_random_data_matches_sklearn_and_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    categories = rng.randint(2, 5)
    n = rng.randint(5, 300)
    skew = [rng.random() + 0.05 for _ in range(categories)]
    a = rng.choices(range(categories), weights=skew, k=n)
    b = [x if rng.random() < 0.6 else rng.choices(range(categories), weights=skew)[0] for x in a]
    ratings = list(zip(a, b, strict=True))
    reference = cohen_kappa_score(a, b)
    if math.isnan(reference):
        assert math.isnan(cohen_kappa(ratings))
        return
    assert cohen_kappa(ratings) == pytest.approx(reference, abs=1e-9)
    table = np.zeros((categories, categories))
    for x, y in ratings:
        table[x, y] += 1
    result = inter_rater.cohens_kappa(table)
    assert cohen_kappa_se(ratings) == pytest.approx(result.std_kappa, abs=1e-9)
    low, high = cohen_kappa_ci(ratings)
    assert low == pytest.approx(result.kappa_low, abs=1e-9)
    assert high == pytest.approx(result.kappa_upp, abs=1e-9)
    counts, _ = inter_rater.aggregate_raters(np.array(ratings), n_cat=categories)
    assert fleiss_kappa(ratings) == pytest.approx(inter_rater.fleiss_kappa(counts), abs=1e-9)
    assert brennan_prediger(ratings, categories=range(categories)) == pytest.approx(
        inter_rater.fleiss_kappa(counts, method="randolph"), abs=1e-9
    )


def test_missing_ratings_are_skipped_for_two_coders() -> None:
    ratings = [(1, 1), (1, None), (None, 0), (0, 0), (1, 0)]
    assert cohen_kappa(ratings) == pytest.approx(cohen_kappa([(1, 1), (0, 0), (1, 0)]), abs=1e-15)


def test_degenerate_input_gives_nan() -> None:
    for function in (
        cohen_kappa,
        cohen_kappa_se,
        scott_pi,
        percent_agreement,
        fleiss_kappa,
        krippendorff_alpha,
        gwet_ac1,
        brennan_prediger,
        pabak,
    ):
        assert math.isnan(function([])), function.__name__
    assert math.isnan(krippendorff_alpha([(1, 1), (1, 1)]))
    assert math.isnan(fleiss_kappa([(1, 1, 1)]))
    assert math.isnan(gwet_ac1([(1, 1)]))  # one category: q - 1 = 0
    assert all(math.isnan(x) for x in cohen_kappa_ci([(1, 1), (1, 1)]))


def test_invalid_input_raises() -> None:
    with pytest.raises(ValueError, match="ragged"):
        cohen_kappa([(1, 1), (1, 1, 1)])
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa([(1, 1, 1)])
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa_se([(1, 0, 1)])
    with pytest.raises(ValueError, match="not among the categories"):
        gwet_ac1([(1, 2)], categories=[1])
    with pytest.raises(ValueError, match="level"):
        cohen_kappa_ci([(1, 1)], level=1.5)
