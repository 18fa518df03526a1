"""`qualcode export` and `codebook export`: each file read back with its own library."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from qualcode.reports.statfiles import variable_names
from tests.conftest import dump, run
from tests.exports.test_tables import _memos

CODES = ["referral.police", "referral.police.sheriff", "referral.hotline",
         "challenges.resources", "challenges.trust"]  # fmt: skip
# The matrix of conftest.py by hand (segment id -> codes in CODES order).
MATRIX = {
    "d1:2": [1, 1, 1, 1, 0],
    "d1:4": [1, 0, 0, 0, 0],
    "d2:2": [0, 0, 1, 1, 0],
    "d2:4": [0, 0, 1, 0, 0],
    "d3:2": [1, 0, 0, 0, 1],
    "d3:4": [0, 0, 0, 0, 0],
}
VARIABLES = ["referral_police", "referral_police_sheriff", "referral_hotline",
             "challenges_resources", "challenges_trust"]  # fmt: skip
LABELS = ["Police", "Sheriff", "Hotline", "Resources", "Trust"]
FORMULA_QUOTE = "=SUM(A1) the sheriff and the hotline, no money."


def _export(project: Path, out: Path, *command: str) -> None:
    result = run(*(command or ("export",)), project, "-o", out)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".part")]


def test_xlsx_sheets_values_and_safe_cells(export_project: Path, tmp_path: Path) -> None:
    import openpyxl

    _memos(export_project)
    out = tmp_path / "tables.xlsx"
    _export(export_project, out)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Frequencies", "Agreement", "Quotes", "Matrix", "Memos",
                                   "Codebook"]  # fmt: skip
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" + str(
            sheet.max_row
        )
        header = sheet["A1"]
        assert header.font.bold and header.fill.fgColor.rgb.endswith("1F4E79")

    matrix = workbook["Matrix"]
    rows = list(matrix.iter_rows(values_only=True))
    assert rows[0] == ("segment_id", "document", "n", "speaker", "participant_id", "role", "site",
                       *CODES)  # fmt: skip
    assert {row[0]: list(row[7:]) for row in rows[1:]} == MATRIX
    assert rows[1][:7] == ("d1:2", "d1", 2, "Respondent", "P1", "prosecutor", "north")

    # The formula-looking quote is text, shown as written, never a formula.
    quotes = workbook["Quotes"]
    cells = [row[8] for row in quotes.iter_rows(min_row=2) if row[6].value == "d1:2"]
    assert cells and all(c.value == FORMULA_QUOTE and c.data_type == "s" for c in cells)
    assert {c.data_type for row in quotes.iter_rows() for c in row} <= {"s", "n"}
    memo = [row for row in workbook["Memos"].iter_rows(min_row=2) if row[0].value == "segment memo"]
    assert memo[0][7].value == "=cmd|' /C calc'!A0 looks like a formula"
    assert memo[0][7].data_type == "s"

    freq = {(r[0], r[2]): r for r in workbook["Frequencies"].iter_rows(values_only=True)}
    # prosecutor police: d1:2 (via sheriff) and d1:4; 1 of 2 prosecutor documents.
    assert freq[("prosecutor", "referral.police")][4:8] == (2, 1, 2, 50)
    agreement = list(workbook["Agreement"].iter_rows(values_only=True))
    assert agreement[0][:5] == ("coder_a", "coder_b", "family", "code", "label")
    trust = next(r for r in agreement if r[3] == "challenges.trust")
    assert trust[:2] == ("ana", "ben") and trust[5:10] == (2, 0, 0, 1, 1)  # d1:2 and d1:4
    codebook = list(workbook["Codebook"].iter_rows(values_only=True))
    assert codebook[1][2:4] == ("referral.police", "Police")
    assert codebook[1][6] == "Detectives bringing a survivor"


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_statistics_files_with_labels(export_project: Path, tmp_path: Path, suffix: str) -> None:
    import pyreadstat

    out = tmp_path / f"matrix{suffix}"
    _export(export_project, out)
    read = pyreadstat.read_sav if suffix == ".sav" else pyreadstat.read_dta
    frame, meta = read(str(out))
    assert list(frame.columns) == ["segment_id", "document", "n", "speaker", "participant_id",
                                   "role", "site", *VARIABLES]  # fmt: skip
    labels = meta.column_names_to_labels
    assert [labels[name] for name in VARIABLES] == LABELS
    assert labels["segment_id"] == "Segment id (DOCUMENT:N)"
    assert labels["role"] == "Document attribute: role"
    for name in VARIABLES:
        assert meta.variable_value_labels[name] == {0: "not coded", 1: "coded"}
    assert "role" not in meta.variable_value_labels
    found = {
        row.segment_id: [int(getattr(row, name)) for name in VARIABLES]
        for row in frame.itertuples()
    }
    assert found == MATRIX
    assert list(frame["n"].astype(int)) == [2, 4, 2, 4, 2, 4]
    assert list(frame["role"])[-1] == "law_enforcement"


def test_variable_names_valid_for_spss_and_stata() -> None:
    long = "family." + "x" * 40
    names = variable_names(["referral.police", "to", "in", "2nd", long, "family." + "x" * 41,
                            "Role", "role", "n"])  # fmt: skip
    assert names["referral.police"] == "referral_police"
    assert names["to"] == "to_"  # an SPSS reserved word
    assert names["in"] == "in_"  # a Stata one
    assert names["2nd"] == "v_2nd"
    assert names[long] == ("family_" + "x" * 40)[:32]
    assert names["family." + "x" * 41] == ("family_" + "x" * 41)[:30] + "_2"
    assert names["Role"] == "Role" and names["role"] == "role_2"  # unique without case
    assert all(len(name) <= 32 for name in names.values())


def test_docx_quote_book(export_project: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "quotes.docx"
    _export(export_project, out)
    paragraphs = [(p.style.name, p.text) for p in Document(str(out)).paragraphs]
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        "Referral streams",
        "Police (referral.police): 3 quotes",
        "Sheriff (referral.police.sheriff): 1 quote",
        "Hotline (referral.hotline): 3 quotes",
        "Challenges",
        "Resources (challenges.resources): 2 quotes",
        "Trust (challenges.trust): 1 quote",
    ]
    quotes = [i for i, (style, _) in enumerate(paragraphs) if style == "Quote"]
    assert len(quotes) == 10
    pairs = [(paragraphs[i][1], paragraphs[i + 1][1]) for i in quotes]
    assert pairs[0] == ("Detectives, but nobody trusts them.", "P3, law_enforcement, d3:2")
    assert (FORMULA_QUOTE, "P1, prosecutor, d1:2") in pairs


def test_codebook_appendix_markdown(export_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "appendix.md"
    _export(export_project, out, "codebook", "export")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Codebook: Export test codebook, version 2\n")
    assert (
        "### Police (referral.police)\n\nDefinition: Police referral.\n\n**Use when**\n\n"
        "- Detectives bringing a survivor\n\n**Do not use when**\n\n- The respondent is the "
        "police\n\n**Examples**\n\n> The detectives call us.\n\n#### Sheriff "
        "(referral.police.sheriff)\n"
    ) in text
    assert "## Challenges (challenges)\n" in text


def test_codebook_appendix_docx(export_project: Path, tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "appendix.docx"
    _export(export_project, out, "codebook", "export")
    paragraphs = [(p.style.name, p.text) for p in Document(str(out)).paragraphs]
    assert paragraphs[0] == ("Title", "Codebook: Export test codebook, version 2")
    assert ("Heading 1", "Referral streams (referral)") in paragraphs
    assert ("Heading 2", "Police (referral.police)") in paragraphs
    assert ("Heading 3", "Sheriff (referral.police.sheriff)") in paragraphs
    at = paragraphs.index(("Heading 2", "Police (referral.police)"))
    assert paragraphs[at + 1 : at + 8] == [
        ("Normal", "Definition: Police referral."),
        ("Normal", "Use when"),
        ("List Bullet", "Detectives bringing a survivor"),
        ("Normal", "Do not use when"),
        ("List Bullet", "The respondent is the police"),
        ("Normal", "Examples"),
        ("Quote", "The detectives call us."),
    ]


@pytest.mark.parametrize(
    ("command", "name", "listed"),
    [
        (("export",), "tables.pdf", ".docx, .dta, .qdpx, .sav, .xlsx"),
        (("export",), "tables", ".docx, .dta, .qdpx, .sav, .xlsx"),
        (("codebook", "export"), "appendix.xlsx", ".docx, .md, .qdc"),
    ],
)
def test_unknown_extension(
    export_project: Path, tmp_path: Path, command: tuple[str, ...], name: str, listed: str
) -> None:
    before = dump(export_project)
    out = tmp_path / name
    result = run(*command, export_project, "-o", out)
    assert result.exit_code == 1
    assert f"Name the output with one of: {listed}." in result.stderr
    assert not out.exists()
    assert dump(export_project) == before


def test_failed_export_keeps_the_earlier_file(export_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables.xlsx"
    out.write_bytes(b"earlier")
    result = run("export", tmp_path / "missing.qualcode", "-o", out)
    assert result.exit_code == 1
    assert "no such project" in result.stderr
    assert out.read_bytes() == b"earlier"


def test_long_tables_continue_on_further_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import openpyxl

    from qualcode.reports import workbook

    monkeypatch.setattr(workbook, "MAX_DATA_ROWS", 2)
    out = io.BytesIO()
    rows = [("a", 1), ("=b", 2), ("c", 3), ("d", 4), ("e", 5)]
    workbook.write_workbook(
        [
            workbook.Sheet("Quotes", ("text", "n"), rows),
            workbook.Sheet("Two", ("x",), [(1,), (2,)]),
        ],
        out,
    )
    read = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert read.sheetnames == ["Quotes", "Quotes (2)", "Quotes (3)", "Two"]
    values = {name: list(read[name].iter_rows(values_only=True)) for name in read.sheetnames}
    assert values["Quotes"] == [("text", "n"), ("a", 1), ("=b", 2)]
    assert values["Quotes (2)"] == [("text", "n"), ("c", 3), ("d", 4)]
    assert values["Quotes (3)"] == [("text", "n"), ("e", 5)]
    assert values["Two"] == [("x",), (1,), (2,)]
    assert read["Quotes"]["A3"].data_type == "s"
    assert read["Quotes (3)"].auto_filter.ref == "A1:B2"
