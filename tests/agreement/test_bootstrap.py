"""The bootstrap interval (`kappa --ci bootstrap`) and the zero-width large-sample interval."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest

from qualcode.agreement import cohen_kappa
from qualcode.agreement.report import Bootstrap, bootstrap_kappas, percentile_interval
from tests.agreement.test_report import CODES, build, import_rows, random_codings
from tests.conftest import run


def test_the_vectorised_bootstrap_is_kappa_of_each_resample() -> None:
    rng = np.random.default_rng(5)
    n, k = 60, 3
    a = (rng.random((n, k)) < 0.3).astype(np.float32)
    b = np.where(rng.random((n, k)) < 0.8, a, 1 - a).astype(np.float32)
    spec = Bootstrap(resamples=150, seed=11)
    per_code, pooled = bootstrap_kappas(a, b, spec, chunk=40)
    # The same draws, one resample at a time, with the library's kappa on expanded units.
    draws = np.random.default_rng(11)
    expected_codes, expected_pooled = [], []
    for start in range(0, 150, 40):
        weights = draws.multinomial(n, np.full(n, 1 / n), size=min(40, 150 - start))
        for w in weights:
            units = np.repeat(np.arange(n), w)
            expected_codes.append(
                [cohen_kappa(list(zip(a[units, j], b[units, j], strict=True))) for j in range(k)]
            )
            flat = [(x, y) for j in range(k) for x, y in zip(a[units, j], b[units, j], strict=True)]
            expected_pooled.append(cohen_kappa(flat))
    assert np.allclose(per_code, np.array(expected_codes), equal_nan=True, atol=1e-9)
    assert np.allclose(pooled, np.array(expected_pooled), equal_nan=True, atol=1e-9)


def test_percentile_interval_needs_half_the_resamples_defined() -> None:
    values = np.array([[0.1, np.nan], [0.2, np.nan], [0.3, 0.5], [0.4, np.nan]])
    low, high = percentile_interval(values, 0.5)
    assert low[0] == pytest.approx(0.175) and high[0] == pytest.approx(0.325)
    assert math.isnan(low[1]) and math.isnan(high[1])


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    project = build(tmp_path)
    rows = random_codings(4, ["ana", "ben"], ["doc1", "doc2", "doc3"], 40)
    # A code both coders applied to the same two segments and nowhere else: kappa 1.
    rows = [row for row in rows if row[2] != "referral.hotline"]
    rows += [(f"doc1:{n}", coder, "referral.hotline") for n in (2, 4) for coder in ("ana", "ben")]
    import_rows(project, tmp_path, rows)
    return project


def kappa(project: Path, *args: str) -> str:
    result = run("kappa", project, "--coders", "ana,ben", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_bootstrap_in_json_is_seeded_and_covers_the_estimate(coded: Path) -> None:
    first = json.loads(kappa(coded, "--format", "json", "--ci", "bootstrap", "--seed", "3"))
    again = json.loads(kappa(coded, "--format", "json", "--ci", "bootstrap", "--seed", "3"))
    other = json.loads(kappa(coded, "--format", "json", "--ci", "bootstrap", "--seed", "4"))
    assert first == again
    assert first["bootstrap"] == {"resamples": 1000, "seed": 3, "level": 0.95}
    pooled = first["pairs"][0]["pooled"]
    assert pooled["kappa_boot_low"] < pooled["kappa"] < pooled["kappa_boot_high"]
    # Close to the large-sample interval on a table this size.
    boot = pooled["kappa_boot_high"] - pooled["kappa_boot_low"]
    wald = pooled["kappa_ci_high"] - pooled["kappa_ci_low"]
    assert 0.7 < boot / wald < 1.3
    assert other["pairs"][0]["pooled"]["kappa_boot_low"] != pooled["kappa_boot_low"]
    plain = json.loads(kappa(coded, "--format", "json"))
    assert "kappa_boot_low" not in plain["pairs"][0]["pooled"]
    assert plain["bootstrap"] is None


def test_a_zero_width_interval_is_flagged_not_shown_as_certain(coded: Path) -> None:
    report = json.loads(kappa(coded, "--format", "json"))
    codes = {c["code"]: c for c in report["pairs"][0]["codes"]}
    perfect = codes["referral.hotline"]
    assert perfect["kappa"] == 1.0 and perfect["kappa_ci_low"] == perfect["kappa_ci_high"]
    assert perfect["kappa_ci_informative"] is False
    assert "no-interval" in perfect["flags"]
    informative = [c for c in codes.values() if c["kappa_ci_informative"]]
    assert informative and all("no-interval" not in c["flags"] for c in informative)
    table = kappa(coded)
    line = next(row for row in table.splitlines() if row.startswith("referral.hotline "))
    assert "not informative" in line and "[1.000, 1.000]" not in line
    assert "no-interval = the large-sample 95% CI has zero width" in table


def test_bootstrap_columns_in_csv_and_table(coded: Path) -> None:
    rows = list(csv.reader(io.StringIO(kappa(coded, "--format", "csv", "--ci", "bootstrap"))))
    header = rows[0]
    at = header.index("kappa_ci_high")
    assert header[at + 1 : at + 3] == ["kappa_boot_low", "kappa_boot_high"]
    plain = next(csv.reader(io.StringIO(kappa(coded, "--format", "csv"))))
    assert "kappa_boot_low" not in plain
    table = kappa(coded, "--ci", "bootstrap", "--resamples", "200")
    assert "bootstrap CI" in table
    assert "200 resamples of the units (seed 0)" in table
    assert CODES[0] in table


def test_too_few_resamples_is_refused(coded: Path) -> None:
    result = run("kappa", coded, "--ci", "bootstrap", "--resamples", "10")
    assert result.exit_code == 1
    assert "--resamples: use at least 100" in result.stderr
