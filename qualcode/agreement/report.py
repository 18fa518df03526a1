"""The project agreement report (SPEC §8), computed on segments reviewed by both coders.

For one coder pair, every code gives a 2×2 table over the units (segments both coders reviewed):
both applied it, only A, only B, neither. A parent code counts as applied when it or one of its
children is. Tables are counted for all codes at once from integer keys (``unit × n_codes +
code``, one per coding, in Python sets: at ten thousand units × a hundred codes that is as fast
as NumPy and spares the command NumPy's import), then every coefficient comes from the table;
pooled kappa sums the tables first (De Vries et al. 2008). NumPy is imported only for the
bootstrap and for three or more coders.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from qualcode.agreement.stats import _kappa_se_from_table, cohen_kappa, krippendorff_alpha
from qualcode.model import AgreementData, Code, Codebook, UnitRow

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: A code applied (by either coder) to fewer than this share of units is flagged as rare.
RARE_PREVALENCE = 0.05
#: Fewer units than this, or fewer than SMALL_POSITIVES coded units, is flagged as small.
SMALL_UNITS = 30
SMALL_POSITIVES = 5
#: The normal quantile of a 95% interval, ``statistics.NormalDist().inv_cdf(0.975)`` (written
#: out: importing ``statistics`` costs the kappa command a tenth of its start-up).
Z95 = 1.9599639845400536


@dataclass(frozen=True)
class Table2x2:
    both: int
    only_a: int
    only_b: int
    neither: int

    @property
    def n(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither


@dataclass(frozen=True)
class Coefficients:
    """Everything SPEC §8 lists for one 2×2 table."""

    table: Table2x2
    prevalence: float
    prevalence_index: float
    bias_index: float
    observed: float
    positive_agreement: float
    negative_agreement: float
    kappa: float
    kappa_se: float
    kappa_low: float
    kappa_high: float
    pabak: float
    ac1: float
    alpha: float
    undefined: str | None
    # A seeded percentile bootstrap over units (``kappa --ci bootstrap``); NaN when not asked for.
    boot_low: float = math.nan
    boot_high: float = math.nan

    @property
    def interval_informative(self) -> bool:
        """The large-sample interval says something: kappa is defined and the interval has width.
        At kappa 0 or 1 its standard error can be 0, and ``[1.000, 1.000]`` reads as certainty."""
        return not math.isnan(self.kappa) and self.kappa_high - self.kappa_low > 1e-12

    @classmethod
    def from_table(cls, table: Table2x2) -> Coefficients:
        a, b, c, d, n = table.both, table.only_a, table.only_b, table.neither, table.n
        if n == 0:
            nan = math.nan
            return cls(
                table,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                "no units: no segment was reviewed by both coders",
            )
        observed = (a + d) / n
        p_a, p_b = (a + b) / n, (a + c) / n
        chance = p_a * p_b + (1 - p_a) * (1 - p_b)
        undefined = None
        if a + b + c == 0:
            undefined = "neither coder applied the code (both used only 'absent')"
        elif b + c + d == 0:
            undefined = "both coders applied the code to every unit"
        elif chance >= 1:
            undefined = "chance agreement is 1"
        if undefined:
            kappa = se = low = high = math.nan
        else:
            kappa = (observed - chance) / (1 - chance)
            se = _kappa_se_from_table({(1, 1): a, (1, 0): b, (0, 1): c, (0, 0): d})
            # Wald interval, clipped to kappa's range [-1, 1].
            low, high = max(-1.0, kappa - Z95 * se), min(1.0, kappa + Z95 * se)
        mean_positive = (p_a + p_b) / 2
        ac1_chance = 2 * mean_positive * (1 - mean_positive)
        ac1 = (observed - ac1_chance) / (1 - ac1_chance)
        # Two coders, no missing values: n_c counts over 2n pairable values.
        n1, n0 = 2 * a + b + c, 2 * d + b + c
        alpha = 1 - (2 * n - 1) * (b + c) / (n1 * n0) if n1 and n0 else math.nan
        return cls(
            table=table,
            prevalence=mean_positive,
            prevalence_index=(a - d) / n,
            bias_index=(b - c) / n,
            observed=observed,
            positive_agreement=2 * a / (2 * a + b + c) if a + b + c else math.nan,
            negative_agreement=2 * d / (2 * d + b + c) if d + b + c else math.nan,
            kappa=kappa,
            kappa_se=se,
            kappa_low=low,
            kappa_high=high,
            pabak=2 * observed - 1,
            ac1=ac1,
            alpha=alpha,
            undefined=undefined,
        )


@dataclass(frozen=True)
class CodeAgreement:
    code: str
    label: str
    family: str
    stats: Coefficients
    flags: tuple[str, ...]


@dataclass(frozen=True)
class PooledAgreement:
    scope: str  # "pooled", "family" or "document"
    name: str
    stats: Coefficients


@dataclass(frozen=True)
class NominalAgreement:
    family: str
    n: int
    kappa: float
    alpha: float
    undefined: str | None


@dataclass(frozen=True)
class Disagreement:
    segment_pk: int
    document: str
    n: int
    code: str
    applied_by: str
    not_applied_by: str


@dataclass
class PairReport:
    coder_a: str
    coder_b: str
    documents: list[str]
    n_units: int
    codes: list[CodeAgreement]
    pooled: PooledAgreement
    mean_kappa: float
    mean_kappa_codes: int
    families: list[PooledAgreement]
    per_document: list[PooledAgreement]
    nominal: list[NominalAgreement]
    units: list[UnitRow] = field(repr=False)
    code_ids: list[str] = field(repr=False)
    only_a: set[int] = field(repr=False)  # unit × code keys only A coded
    only_b: set[int] = field(repr=False)

    @property
    def disagreement_count(self) -> int:
        return len(self.only_a) + len(self.only_b)

    def disagreements(self) -> list[Disagreement]:
        """Every unit × code the coders differ on, in reading order then codebook order."""
        keyed = sorted([(key, 0) for key in self.only_a] + [(key, 1) for key in self.only_b])
        n_codes = len(self.code_ids)
        coders = (self.coder_a, self.coder_b)
        rows = []
        for key, which in keyed:
            unit = self.units[key // n_codes]
            rows.append(
                Disagreement(
                    unit.segment_pk,
                    unit.document,
                    unit.n,
                    self.code_ids[key % n_codes],
                    coders[which],
                    coders[1 - which],
                )
            )
        return rows


@dataclass(frozen=True)
class MultiCoderCode:
    code: str
    n_units: int
    percent_agreement: float
    fleiss_kappa: float
    alpha: float


@dataclass(frozen=True)
class Bootstrap:
    """A percentile bootstrap over units: ``resamples`` draws of the units with replacement,
    the same draws for every code (and the pooled table), from ``seed``."""

    resamples: int = 1000
    seed: int = 0
    level: float = 0.95

    def __post_init__(self) -> None:
        if self.resamples < 100:
            raise ValueError("--resamples: use at least 100 resamples (1000 or more to report)")
        if not 0 < self.level < 1:
            raise ValueError("level must be between 0 and 1")


@dataclass
class AgreementReport:
    coders: list[str]
    unit: str
    include_interviewer: bool
    pairs: list[PairReport]
    multi: list[MultiCoderCode] = field(default_factory=list)
    multi_units: int = 0
    bootstrap: Bootstrap | None = None


def reported_codes(codebook: Codebook, used: set[str]) -> list[Code]:
    """Active codes, plus retired ones that were used."""
    return [code for code in codebook.codes() if not code.retired or code.id in used]


class _Keys:
    """Codings as ``unit * n_codes + code`` integer keys, a child's coding also counting for
    each of its ancestors among the reported codes (roll-up)."""

    def __init__(self, codes: list[Code], units: list[UnitRow], code_ids: dict[int, str]) -> None:
        self.n_codes = len(codes)
        position = {code.id: i for i, code in enumerate(codes)}
        parent = {
            i: position[code.parent]
            for i, code in enumerate(codes)
            if code.parent is not None and code.parent in position
        }
        lineage: list[tuple[int, ...]] = []
        for i in range(len(codes)):
            chain = [i]
            while chain[-1] in parent:
                chain.append(parent[chain[-1]])
            lineage.append(tuple(chain))
        # Store position -> report position, and -> its reported ancestors (roll-up).
        self.own = {
            stored: position[code_id] for stored, code_id in code_ids.items() if code_id in position
        }
        self.ancestors = {
            stored: lineage[report][1:] for stored, report in self.own.items() if report in parent
        }
        # A unit's first key (its segment's primary key -> unit index × n_codes).
        self.base = {unit.segment_pk: i * self.n_codes for i, unit in enumerate(units)}

    def keys(self, pairs: Sequence[tuple[int, int]]) -> set[int]:
        """The keys of one coder's (segment pk, code position) pairs on the units."""
        base, own = self.base, self.own
        keys = {base[pk] + own[stored] for pk, stored in pairs if pk in base and stored in own}
        ancestors = self.ancestors
        if ancestors:
            keys.update(
                base[pk] + ancestor
                for pk, stored in pairs
                if stored in ancestors and pk in base
                for ancestor in ancestors[stored]
            )
        return keys


def _codes_used(pairs: Iterable[tuple[int, int]], code_ids: dict[int, str]) -> set[str]:
    return {code_ids[p] for p in {position for _, position in pairs}}


def _tables(
    group_a: Counter[int], group_b: Counter[int], group_both: Counter[int], cells: Sequence[int]
) -> list[Table2x2]:
    """2×2 tables per group from the number of keys of A, of B and of both in each group;
    ``cells`` is the number of unit × code cells in each group."""
    return [
        Table2x2(
            group_both[g],
            group_a[g] - group_both[g],
            group_b[g] - group_both[g],
            cells[g] - group_a[g] - group_b[g] + group_both[g],
        )
        for g in range(len(cells))
    ]


def _flags(stats: Coefficients) -> tuple[str, ...]:
    flags = []
    table = stats.table
    if table.n and stats.prevalence < RARE_PREVALENCE:
        flags.append("rare")
    if table.n < SMALL_UNITS or table.both + table.only_a + table.only_b < SMALL_POSITIVES:
        flags.append("small")
    if not math.isnan(stats.kappa) and not stats.interval_informative:
        flags.append("no-interval")
    return tuple(flags)


def bootstrap_kappas(
    member_a: npt.NDArray[np.float32],
    member_b: npt.NDArray[np.float32],
    spec: Bootstrap,
    chunk: int = 100,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Kappa of every code and of the pooled table in each bootstrap resample of the units.

    ``member_a``/``member_b`` are unit × code 0/1 matrices. A resample is a vector of unit
    weights (multinomial counts), so the 2×2 counts of all codes come from three matrix
    products. Returns (resamples × codes, resamples) arrays, NaN where kappa is undefined.
    """
    import numpy as np

    n, _ = member_a.shape
    rng = np.random.default_rng(spec.seed)
    both = member_a * member_b
    per_code, pooled = [], []
    for start in range(0, spec.resamples, chunk):
        size = min(chunk, spec.resamples - start)
        weights = rng.multinomial(n, np.full(n, 1 / n), size=size).astype(np.float32)
        a = (weights @ both).astype(np.float64)
        total_a = (weights @ member_a).astype(np.float64)
        total_b = (weights @ member_b).astype(np.float64)
        per_code.append(_kappa(a, total_a, total_b, float(n)))
        k = member_a.shape[1]
        pooled.append(_kappa(a.sum(1), total_a.sum(1), total_b.sum(1), float(n * k)))
    return np.concatenate(per_code), np.concatenate(pooled)


def _kappa(
    both: npt.NDArray[np.float64],
    total_a: npt.NDArray[np.float64],
    total_b: npt.NDArray[np.float64],
    n: float,
) -> npt.NDArray[np.float64]:
    import numpy as np

    neither = n - total_a - total_b + both
    observed = (both + neither) / n
    p_a, p_b = total_a / n, total_b / n
    chance = p_a * p_b + (1 - p_a) * (1 - p_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = (observed - chance) / (1 - chance)
    kappa[(total_a + total_b == 0) | (chance >= 1 - 1e-12)] = np.nan
    return kappa


def percentile_interval(
    values: npt.NDArray[np.float64], level: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Percentile interval per column, NaN where fewer than half the resamples are defined."""
    import numpy as np

    tail = (1 - level) / 2 * 100
    defined = np.sum(~np.isnan(values), axis=0)
    with warnings.catch_warnings():  # an all-NaN column is expected: a code never applied
        warnings.simplefilter("ignore", RuntimeWarning)
        low = np.nanpercentile(values, tail, axis=0)
        high = np.nanpercentile(values, 100 - tail, axis=0)
    enough = defined * 2 >= values.shape[0]
    return np.where(enough, low, np.nan), np.where(enough, high, np.nan)


def pair_report(
    codebook: Codebook,
    data: AgreementData,
    coder_a: str,
    coder_b: str,
    bootstrap: Bootstrap | None = None,
) -> PairReport:
    units = [u for u in data.units if coder_a in u.reviewed_by and coder_b in u.reviewed_by]
    pairs_a, pairs_b = data.coded(coder_a), data.coded(coder_b)
    used = _codes_used(pairs_a, data.code_ids) | _codes_used(pairs_b, data.code_ids)
    codes = reported_codes(codebook, used)
    n_codes = len(codes)
    index = _Keys(codes, units, data.code_ids)
    keys_a = index.keys(pairs_a)
    keys_b = index.keys(pairs_b)
    both = keys_a & keys_b
    n_units = len(units)

    # Per code: a key's group is its code; per document: its unit's document.
    code_tables = _tables(
        Counter([key % n_codes for key in keys_a]),
        Counter([key % n_codes for key in keys_b]),
        Counter([key % n_codes for key in both]),
        [n_units] * n_codes,
    )
    code_stats = [Coefficients.from_table(table) for table in code_tables]
    pooled = Coefficients.from_table(_sum(code_tables))
    if bootstrap is not None and n_units:
        code_stats, pooled = _with_bootstrap(
            code_stats, pooled, keys_a, keys_b, n_units, n_codes, bootstrap
        )
    code_rows = [
        CodeAgreement(code.id, code.label, code.family, stats, _flags(stats))
        for code, stats in zip(codes, code_stats, strict=True)
    ]
    documents = sorted({unit.document for unit in units})
    document_index = {name: i for i, name in enumerate(documents)}
    unit_document = [document_index[u.document] for u in units]
    units_per_document = Counter(unit_document)
    document_tables = _tables(
        Counter([unit_document[key // n_codes] for key in keys_a]),
        Counter([unit_document[key // n_codes] for key in keys_b]),
        Counter([unit_document[key // n_codes] for key in both]),
        [units_per_document[d] * n_codes for d in range(len(documents))],
    )

    families = []
    for family in codebook.families:
        tables = [t for code, t in zip(codes, code_tables, strict=True) if code.family == family.id]
        if tables:
            families.append(
                PooledAgreement("family", family.id, Coefficients.from_table(_sum(tables)))
            )
    kappas = [row.stats.kappa for row in code_rows if not math.isnan(row.stats.kappa)]
    return PairReport(
        coder_a=coder_a,
        coder_b=coder_b,
        documents=documents,
        n_units=n_units,
        codes=code_rows,
        pooled=PooledAgreement("pooled", "all codes", pooled),
        mean_kappa=sum(kappas) / len(kappas) if kappas else math.nan,
        mean_kappa_codes=len(kappas),
        families=families,
        per_document=[
            PooledAgreement("document", name, Coefficients.from_table(table))
            for name, table in zip(documents, document_tables, strict=True)
        ],
        nominal=_nominal(codebook, units, data, coder_a, coder_b),
        units=units,
        code_ids=[code.id for code in codes],
        only_a=keys_a - keys_b,
        only_b=keys_b - keys_a,
    )


def _with_bootstrap(
    code_stats: list[Coefficients],
    pooled: Coefficients,
    keys_a: set[int],
    keys_b: set[int],
    n_units: int,
    n_codes: int,
    spec: Bootstrap,
) -> tuple[list[Coefficients], Coefficients]:
    import numpy as np

    flat_a = np.zeros(n_units * n_codes, dtype=np.float32)
    flat_b = np.zeros(n_units * n_codes, dtype=np.float32)
    flat_a[list(keys_a)] = 1
    flat_b[list(keys_b)] = 1
    member_a, member_b = flat_a.reshape(n_units, n_codes), flat_b.reshape(n_units, n_codes)
    per_code, pooled_kappas = bootstrap_kappas(member_a, member_b, spec)
    low, high = percentile_interval(per_code, spec.level)
    pooled_low, pooled_high = percentile_interval(pooled_kappas[:, None], spec.level)
    stats = [
        replace(s, boot_low=float(lo), boot_high=float(hi)) if not math.isnan(s.kappa) else s
        for s, lo, hi in zip(code_stats, low, high, strict=True)
    ]
    if not math.isnan(pooled.kappa):
        pooled = replace(pooled, boot_low=float(pooled_low[0]), boot_high=float(pooled_high[0]))
    return stats, pooled


def _sum(tables: Sequence[Table2x2]) -> Table2x2:
    return Table2x2(
        sum(t.both for t in tables),
        sum(t.only_a for t in tables),
        sum(t.only_b for t in tables),
        sum(t.neither for t in tables),
    )


def _nominal(
    codebook: Codebook, units: list[UnitRow], data: AgreementData, coder_a: str, coder_b: str
) -> list[NominalAgreement]:
    """Multi-category kappa and alpha for each exclusive family: a unit's category is the
    family's code it got (a top-level code; children count for their parent), or "none"."""
    results = []
    unit_pks = {unit.segment_pk for unit in units}
    for family in codebook.families:
        if not family.exclusive:
            continue
        top = {code.id: top.id for top in family.codes for code in top.walk()}
        labels: dict[str, dict[int, set[str]]] = {coder_a: {}, coder_b: {}}
        for coder in (coder_a, coder_b):
            for pk, position in data.coded(coder):
                code_id = data.code_ids[position]
                if pk in unit_pks and code_id in top:
                    labels[coder].setdefault(pk, set()).add(top[code_id])
        ratings = [
            tuple(
                "+".join(sorted(labels[c].get(u.segment_pk, set()))) or "none"
                for c in (coder_a, coder_b)
            )
            for u in units
        ]
        kappa = cohen_kappa(ratings)
        undefined = None
        if not ratings:
            undefined = "no units"
        elif math.isnan(kappa):
            undefined = "both coders used a single category"
        results.append(
            NominalAgreement(family.id, len(ratings), kappa, krippendorff_alpha(ratings), undefined)
        )
    return results


def multi_coder(
    codebook: Codebook, data: AgreementData, coders: list[str]
) -> tuple[list[MultiCoderCode], int]:
    """Fleiss' kappa and Krippendorff's alpha per code over units reviewed by two or more of
    the coders (missing ratings allowed), for three or more coders."""
    import numpy as np

    units = data.units
    used = {code for coder in coders for code in _codes_used(data.coded(coder), data.code_ids)}
    codes = reported_codes(codebook, used)
    n_codes = len(codes)
    index = _Keys(codes, units, data.code_ids)
    raters = np.asarray([len(u.reviewed_by & set(coders)) for u in units], dtype=np.float64)
    flat = np.zeros(len(units) * n_codes, dtype=np.float64)
    for coder in coders:
        flat[sorted(index.keys(data.coded(coder)))] += 1.0
    positives = flat.reshape(len(units), n_codes)
    rows = []
    for c, code in enumerate(codes):
        k = positives[:, c]
        m = raters
        if not len(m):
            rows.append(MultiCoderCode(code.id, 0, math.nan, math.nan, math.nan))
            continue
        pairs = m * (m - 1)
        agreement = float(np.mean((k * (k - 1) + (m - k) * (m - k - 1)) / pairs))
        share = float(np.mean(k / m))
        chance = share**2 + (1 - share) ** 2
        fleiss = (agreement - chance) / (1 - chance) if chance < 1 else math.nan
        total, ones = float(m.sum()), float(k.sum())
        expected = 2 * ones * (total - ones)
        disagreeing = float(np.sum(2 * k * (m - k) / (m - 1)))
        alpha = 1 - (total - 1) * disagreeing / expected if expected else math.nan
        rows.append(MultiCoderCode(code.id, len(units), agreement, fleiss, alpha))
    return rows, len(units)


def agreement_report(
    codebook: Codebook,
    data: AgreementData,
    coders: list[str],
    unit: str,
    include_interviewer: bool,
    bootstrap: Bootstrap | None = None,
) -> AgreementReport:
    pairs = [
        pair_report(codebook, data, a, b, bootstrap)
        for i, a in enumerate(coders)
        for b in coders[i + 1 :]
    ]
    report = AgreementReport(coders, unit, include_interviewer, pairs, bootstrap=bootstrap)
    if len(coders) >= 3:
        report.multi, report.multi_units = multi_coder(codebook, data, coders)
    return report
