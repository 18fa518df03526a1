"""Intercoder agreement: coefficients over plain data, and the project report (SPEC §8).

The coefficient functions take ``ratings``: a sequence of units, each a sequence of per-coder
labels (``None`` = not rated)::

    from qualcode.agreement import cohen_kappa, cohen_kappa_ci
    ratings = list(zip(coder_a, coder_b))
    cohen_kappa(ratings), cohen_kappa_ci(ratings, level=0.95)
"""

from qualcode.agreement.stats import (
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

__all__ = [
    "brennan_prediger",
    "cohen_kappa",
    "cohen_kappa_ci",
    "cohen_kappa_se",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "pabak",
    "percent_agreement",
    "scott_pi",
]
