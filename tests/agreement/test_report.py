"""`qualcode kappa`: the report's numbers against the library, on real project files."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from pathlib import Path

import pytest

from qualcode.agreement import (
    cohen_kappa,
    cohen_kappa_ci,
    cohen_kappa_se,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    pabak,
    percent_agreement,
)
from tests.conftest import run

CODEBOOK = """\
name: Report test codebook
version: 1
families:
  - id: referral
    label: Referral
    key: "1"
    codes:
      - id: police
        label: Police
        key: l
        definition: Police referral.
        children:
          - id: sheriff
            label: Sheriff
            key: s
            definition: The sheriff's office.
      - id: hotline
        label: Hotline
        key: h
        definition: A hotline.
  - id: challenges
    label: Challenges
    key: "2"
    codes:
      - id: resources
        label: Resources
        key: r
        definition: Not enough money.
      - id: trust
        label: Trust
        key: t
        definition: Survivors do not trust.
  - id: outlook
    label: Outlook
    key: "3"
    exclusive: true
    codes:
      - id: hopeful
        label: Hopeful
        key: h
        definition: Things improve.
      - id: bleak
        label: Bleak
        key: b
        definition: Things get worse.
"""
CODES = [
    "referral.police",
    "referral.police.sheriff",
    "referral.hotline",
    "challenges.resources",
    "challenges.trust",
    "outlook.hopeful",
    "outlook.bleak",
]


def build(tmp_path: Path, documents: int = 3, turns: int = 40) -> Path:
    codebook = tmp_path / "cb.yaml"
    codebook.write_text(CODEBOOK, encoding="utf-8")
    project = tmp_path / "agree.qualcode"
    assert run("new", project, "--codebook", codebook).exit_code == 0
    files = []
    for d in range(1, documents + 1):
        path = tmp_path / f"doc{d}.txt"
        lines = [
            f"{'Interviewer' if n % 2 else 'Respondent'}: turn {n} of doc {d}."
            for n in range(1, turns + 1)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    assert run("add", project, *files, "--no-deidentify").exit_code == 0
    return project


def import_rows(
    project: Path, tmp_path: Path, rows: list[tuple[str, str, str]], name: str = "c.csv"
) -> None:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["segment_id", "coder", "code"])
        writer.writerows(rows)
    result = run("codings", "import", project, path, "--unlisted", "reviewed")
    assert result.exit_code == 0, result.stderr


def random_codings(
    seed: int, coders: list[str], documents: list[str], turns: int
) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    rows = []
    for coder in coders:
        for document in documents:
            rows.append((f"{document}:1", coder, ""))  # every pair mentioned even if nothing coded
            for n in range(1, turns + 1):
                applied = [c for c in CODES[:5] if rng.random() < 0.25]
                outlook = rng.choice(["outlook.hopeful", "outlook.bleak", None, None])
                applied += [outlook] if outlook else []
                rows += [(f"{document}:{n}", coder, code) for code in applied]
    return rows


def kappa_json(project: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run("kappa", project, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def present(rows: list[tuple[str, str, str]], coder: str, unit: str, code: str) -> bool:
    """Whether the coder applied the code (or, for a parent, one of its children) to the unit."""
    return any(
        r[1] == coder and r[0] == unit and (r[2] == code or r[2].startswith(code + "."))
        for r in rows
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_per_code_values_match_the_library(tmp_path: Path, seed: int) -> None:
    project = build(tmp_path)
    documents = ["doc1", "doc2", "doc3"]
    rows = random_codings(seed, ["ana", "ben"], documents, 40)
    import_rows(project, tmp_path, rows)
    report = kappa_json(project, "--coders", "ana,ben")
    pair = report["pairs"][0]
    units = [f"{d}:{n}" for d in documents for n in range(2, 41, 2)]  # respondent turns
    assert pair["n_units"] == len(units) == 60
    cells = []
    for row in pair["codes"]:
        ratings = [
            (present(rows, "ana", u, row["code"]), present(rows, "ben", u, row["code"]))
            for u in units
        ]
        cells += ratings
        a = sum(1 for x, y in ratings if x and y)
        assert (row["both"], row["n"]) == (a, 60)
        assert row["observed_agreement"] == pytest.approx(percent_agreement(ratings), abs=1e-12)
        assert row["kappa"] == pytest.approx(cohen_kappa(ratings), abs=1e-12)
        assert row["kappa_se"] == pytest.approx(cohen_kappa_se(ratings), abs=1e-12)
        low, high = cohen_kappa_ci(ratings)
        assert row["kappa_ci_low"] == pytest.approx(max(-1, low), abs=1e-12)
        assert row["kappa_ci_high"] == pytest.approx(min(1, high), abs=1e-12)
        assert row["pabak"] == pytest.approx(pabak(ratings), abs=1e-12)
        assert row["ac1"] == pytest.approx(gwet_ac1(ratings, categories=[True, False]), abs=1e-12)
        assert row["alpha"] == pytest.approx(krippendorff_alpha(ratings), abs=1e-12)
    assert pair["pooled"]["kappa"] == pytest.approx(cohen_kappa(cells), abs=1e-12)
    defined = [r["kappa"] for r in pair["codes"] if r["kappa"] is not None]
    assert pair["mean_kappa"] == {
        "value": pytest.approx(sum(defined) / len(defined)),
        "codes": len(defined),
    }

    # The exclusive family: one category per unit (or "none").
    def category(coder: str, unit: str) -> str:
        found = [c for c in ("outlook.hopeful", "outlook.bleak") if present(rows, coder, unit, c)]
        return "+".join(sorted(found)) or "none"

    nominal = [(category("ana", u), category("ben", u)) for u in units]
    assert pair["nominal"][0]["family"] == "outlook"
    assert pair["nominal"][0]["kappa"] == pytest.approx(cohen_kappa(nominal), abs=1e-12)


def test_units_are_segments_both_coders_reviewed(tmp_path: Path) -> None:
    project = build(tmp_path)
    rows = [
        ("doc1:2", "ana", "referral.hotline"),
        ("doc2:2", "ana", ""),
        ("doc3:2", "ana", ""),
        ("doc1:2", "ben", "referral.hotline"),
        ("doc2:4", "ben", "referral.hotline"),
    ]
    import_rows(project, tmp_path, rows)
    pair = kappa_json(project, "--coders", "ana,ben")["pairs"][0]
    assert pair["documents"] == ["doc1", "doc2"]
    assert pair["n_units"] == 40  # respondent turns of doc1 and doc2; doc3 only ana reviewed
    hotline = next(r for r in pair["codes"] if r["code"] == "referral.hotline")
    assert (hotline["both"], hotline["only_a"], hotline["only_b"], hotline["neither"]) == (
        1,
        0,
        1,
        38,
    )
    everything = kappa_json(project, "--coders", "ana,ben", "--include-interviewer")["pairs"][0]
    assert everything["n_units"] == 80
    resources = next(r for r in pair["codes"] if r["code"] == "challenges.resources")
    assert resources["kappa"] is None
    assert (
        resources["undefined_reason"] == "neither coder applied the code (both used only 'absent')"
    )
    assert "rare" in hotline["flags"] and "small" in hotline["flags"]


def test_children_roll_up_into_their_parent(tmp_path: Path) -> None:
    project = build(tmp_path, documents=1)
    import_rows(
        project,
        tmp_path,
        [("doc1:2", "ana", "referral.police.sheriff"), ("doc1:2", "ben", "referral.police")],
    )
    codes = {r["code"]: r for r in kappa_json(project, "--coders", "ana,ben")["pairs"][0]["codes"]}
    assert codes["referral.police"]["both"] == 1
    assert (
        codes["referral.police.sheriff"]["only_a"],
        codes["referral.police.sheriff"]["only_b"],
    ) == (1, 0)


def test_disagreements_file_and_table(tmp_path: Path) -> None:
    project = build(tmp_path, documents=1, turns=4)
    import_rows(
        project,
        tmp_path,
        [
            ("doc1:2", "ana", "referral.hotline"),
            ("doc1:2", "ben", "referral.hotline"),
            ("doc1:4", "ana", "challenges.trust"),
            ("doc1:4", "ben", ""),
        ],
    )
    agenda = tmp_path / "agenda.csv"
    result = run("kappa", project, "--coders", "ana,ben", "--disagreements", agenda)
    assert result.exit_code == 0
    assert result.stderr == f"Wrote 1 disagreements to {agenda}.\n"
    assert agenda.read_bytes() == (
        b"segment_id,code,label,applied_by,not_applied_by,text,definition\r\n"
        b"doc1:4,challenges.trust,Trust,ana,ben,turn 4 of doc 1.,Survivors do not trust.\r\n"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "Intercoder agreement: ana vs ben"
    assert lines[1] == (
        "Unit: segment (turn); respondent segments only; 2 units reviewed by both "
        "coders in 1 document(s): doc1"
    )
    assert "Disagreements: 1 segment × code cells." in lines


def test_csv_and_markdown_formats(tmp_path: Path) -> None:
    project = build(tmp_path, documents=1, turns=4)
    import_rows(
        project,
        tmp_path,
        [("doc1:2", "ana", "referral.hotline"), ("doc1:2", "ben", "referral.hotline")],
    )
    out = tmp_path / "k.csv"
    assert run("kappa", project, "--format", "csv", "-o", out).exit_code == 0
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["scope"] for r in table[:4]] == ["pooled", "family", "family", "family"]
    hotline = next(r for r in table if r["name"] == "referral.hotline")
    assert (hotline["both"], hotline["neither"], hotline["kappa"]) == ("1", "1", "1.0")
    md = run("kappa", project, "--format", "md").stdout
    assert md.startswith("## Intercoder agreement: ana vs ben\n")
    assert "| referral.hotline | 2 | 1 | 0 | 0 | 1 |" in md


def test_three_coders_fleiss_and_alpha_with_missing(tmp_path: Path) -> None:
    project = build(tmp_path, documents=3, turns=10)
    rows = random_codings(5, ["ana", "ben"], ["doc1", "doc2"], 10)
    rows += random_codings(6, ["cy"], ["doc2", "doc3"], 10)
    rows += random_codings(7, ["ana"], ["doc3"], 10)
    import_rows(project, tmp_path, rows)
    report = kappa_json(project, "--coders", "ana,ben,cy")
    assert [(p["coder_a"], p["coder_b"], p["n_units"]) for p in report["pairs"]] == [
        ("ana", "ben", 10),
        ("ana", "cy", 10),
        ("ben", "cy", 5),
    ]
    reviewed = {"ana": {"doc1", "doc2", "doc3"}, "ben": {"doc1", "doc2"}, "cy": {"doc2", "doc3"}}
    units = [f"{d}:{n}" for d in ("doc1", "doc2", "doc3") for n in range(2, 11, 2)]
    multi = report["multi_coder"]
    assert multi["n_units"] == 15
    for row in multi["codes"]:
        ratings = [
            tuple(
                present(rows, c, u, row["code"]) if u.split(":")[0] in reviewed[c] else None
                for c in ("ana", "ben", "cy")
            )
            for u in units
        ]
        expected_fleiss, expected_alpha = fleiss_kappa(ratings), krippendorff_alpha(ratings)
        if math.isnan(expected_fleiss):
            assert row["fleiss_kappa"] is None
        else:
            assert row["fleiss_kappa"] == pytest.approx(expected_fleiss, abs=1e-12)
        if math.isnan(expected_alpha):
            assert row["alpha"] is None
        else:
            assert row["alpha"] == pytest.approx(expected_alpha, abs=1e-12)
        assert row["percent_agreement"] == pytest.approx(percent_agreement(ratings), abs=1e-12)


def test_default_coders_come_from_the_double_coding_assignment(tmp_path: Path) -> None:
    project = build(tmp_path, documents=2, turns=4)
    import_rows(
        project,
        tmp_path,
        [("doc1:2", "ana", "referral.hotline"), ("doc1:2", "ben", ""), ("doc2:2", "cy", "")],
    )
    report = kappa_json(project)
    assert [(p["coder_a"], p["coder_b"]) for p in report["pairs"]] == [("ana", "ben")]


def test_kappa_user_errors(tmp_path: Path) -> None:
    project = build(tmp_path, documents=2, turns=4)
    import_rows(project, tmp_path, [("doc1:2", "ana", ""), ("doc2:2", "ben", "")])
    unknown = run("kappa", project, "--coders", "ana,zed")
    assert unknown.exit_code == 1
    assert "no codings by zed (coders with codings: ana, ben)" in unknown.stderr
    apart = run("kappa", project, "--coders", "ana,ben")
    assert apart.exit_code == 1
    assert "No segment was reviewed by two of ana, ben" in apart.stderr
    single = run("kappa", project, "--coders", "ana")
    assert single.exit_code == 1 and "two or more coders" in single.stderr


def test_the_95_percent_quantile_is_the_normal_one() -> None:
    from statistics import NormalDist

    from qualcode.agreement.report import Z95

    assert NormalDist().inv_cdf(0.975) == Z95
