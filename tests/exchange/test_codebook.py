"""Codebooks between REFI-QDA (.qdc) and YAML: convert, export, update."""

from __future__ import annotations

from pathlib import Path

import yaml
from lxml import etree

from qualcode.exchange.codebook import make_id
from qualcode.exchange.schemas import load_schema
from tests.conftest import CODEBOOK, run
from tests.exchange.builders import guid

QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">
  <Codes>
    <Code guid="{g1}" name="Barriers" isCodable="true">
      <Description>Anything in the way.</Description>
      <Code guid="{g2}" name="Fear of deportation" isCodable="true"/>
      <Code guid="{g3}" name="Fear of deportation" isCodable="true"/>
      <Code guid="{g4}" name="2nd job" isCodable="true"/>
    </Code>
    <Code guid="{g5}" name="Trust" isCodable="true"><Description>Trust in police.</Description></Code>
    <Code guid="{g6}" name="Barriers::Language" isCodable="true"/>
  </Codes>
  <Sets><Set guid="{g7}" name="Favourites"/></Sets>
</CodeBook>
""".format(**{f"g{i}": guid(f"qdc{i}") for i in range(1, 8)})


def test_qdc_to_yaml(tmp_path: Path) -> None:
    qdc = tmp_path / "nvivo.qdc"
    qdc.write_text(QDC, encoding="utf-8")
    result = run("codebook", "convert", qdc, tmp_path / "codes.yaml")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((tmp_path / "codes.yaml").read_text(encoding="utf-8"))
    families = [(f["id"], f["label"], [c["id"] for c in f["codes"]]) for f in data["families"]]
    assert families == [
        (
            "barriers",
            "Barriers",
            ["fear_of_deportation", "fear_of_deportation_2", "c_2nd_job", "language"],
        ),
        ("codes", "Codes", ["trust"]),
    ]
    assert data["families"][0]["description"] == "Anything in the way."
    assert data["families"][1]["codes"][0]["definition"] == "Trust in police."
    assert run("codebook", "check", tmp_path / "codes.yaml").exit_code == 0


def test_yaml_to_qdc_and_back_keeps_ids_labels_and_definitions(tmp_path: Path) -> None:
    qdc = tmp_path / "shipped.qdc"
    result = run("codebook", "convert", CODEBOOK, qdc)
    assert result.exit_code == 0, result.stderr
    root = etree.parse(str(qdc)).getroot()
    assert load_schema("Codebook.xsd").validate(root)
    assert run("codebook", "convert", qdc, tmp_path / "back.yaml").exit_code == 0
    original = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    back = yaml.safe_load((tmp_path / "back.yaml").read_text(encoding="utf-8"))

    def codes(families: list[dict]) -> list[tuple[str, str, str]]:
        found = []

        def walk(prefix: str, items: list[dict]) -> None:
            for item in items:
                found.append(
                    (f"{prefix}.{item['id']}", item["label"], " ".join(item["definition"].split()))
                )
                walk(f"{prefix}.{item['id']}", item.get("children") or [])

        for family in families:
            walk(family["id"], family["codes"])
        return found

    assert codes(back["families"]) == codes(original["families"])
    assert len(codes(back["families"])) == 46


def test_codebook_export_and_update_with_a_qdc(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "codes.qdc"
    result = run("codebook", "export", project, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "3 codes" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert load_schema("Codebook.xsd").validate(etree.fromstring(text.encode("utf-8")))
    extra = f'<Code guid="{guid("new")}" name="Staff turnover" isCodable="true"><Description>People leave.</Description></Code>'
    marker = "[qualcode id challenges.resources key r]</Description>"
    assert marker in text
    out.write_text(
        text.replace(marker + "\n      </Code>", marker + "\n      </Code>" + extra),
        encoding="utf-8",
    )
    result = run("codebook", "update", project, out)
    assert result.exit_code == 0, result.stderr
    assert "added: challenges.staff_turnover" in result.stdout


def test_convert_refuses_a_wrong_pair_of_extensions(tmp_path: Path) -> None:
    result = run("codebook", "convert", CODEBOOK, tmp_path / "copy.yaml")
    assert result.exit_code == 1
    assert "the extensions say which way" in result.stderr


def test_ids_from_names() -> None:
    assert make_id("Fear of deportation", []) == "fear_of_deportation"
    assert make_id("Économie", ["economie"]) == "economie_2"
    assert make_id("2 jobs", []) == "c_2_jobs"
    assert make_id("!!!", []) == "code"
    assert len(make_id("x" * 300, [])) == 40
