"""Codings CSV (SPEC §4.1): all-or-nothing import, exact export, replacement and audit."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import content, run


def write_csv(tmp_path: Path, text: str, name: str = "codings.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    "segment_id,coder,code\n"
    "int01:2,ana,referral.law_enforcement\n"
    "int01:2,ana,referral.hotline\n"
    "int01:4,ana,challenges.resources\n"
    "int02:2,ben,\n"
    "int01:4,ben,challenges.resources\n"
)


def test_import_then_export_exact_bytes(any_project: str, tmp_path: Path) -> None:
    project = any_project
    result = run("codings", "import", project, write_csv(tmp_path, GOOD), "--unlisted", "reviewed")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Imported 4 codings for 3 coder/document pair(s).\n"
    out = tmp_path / "out.csv"
    assert run("codings", "export", project, "-o", out).exit_code == 0
    # Every segment of each (coder, document) pair counts as reviewed; reviewed segments
    # without codes are written with an empty code.
    assert out.read_bytes() == (
        b"segment_id,coder,code\r\n"
        b"int01:1,ana,\r\n"
        b"int01:1,ben,\r\n"
        b"int01:2,ana,referral.hotline\r\n"
        b"int01:2,ana,referral.law_enforcement\r\n"
        b"int01:2,ben,\r\n"
        b"int01:3,ana,\r\n"
        b"int01:3,ben,\r\n"
        b"int01:4,ana,challenges.resources\r\n"
        b"int01:4,ben,challenges.resources\r\n"
        b"int02:1,ben,\r\n"
        b"int02:2,ben,\r\n"
        b"int02:3,ben,\r\n"
        b"int02:4,ben,\r\n"
    )
    # The export imports back to the same project state, with no option: it lists every
    # segment of each pair.
    before = content(project)
    again = run("codings", "import", project, out)
    assert again.exit_code == 0, again.stderr
    after = run("codings", "export", project).stdout
    assert after.replace("\n", "\r\n").encode() == out.read_bytes()
    now = content(project)
    assert len(now["codings"]) == 4
    assert now["reviews"] == before["reviews"]
    assert len(now["audit_log"]) > len(before["audit_log"])  # the audit log grew


def test_every_bad_row_is_listed_and_nothing_is_written(any_project: str, tmp_path: Path) -> None:
    project = any_project
    bad = write_csv(
        tmp_path,
        "segment_id,coder,code\n"
        "int01:2,ana,referral.law_enforcement\n"
        "int01:99,ana,referral.hotline\n"
        "int03:1,ana,referral.hotline\n"
        "int01:2,ana,referral.hotlines\n"
        "int01,ana,referral.hotline\n"
        "int01:2,=cmd,referral.hotline\n"
        "int01:2,ana\n",
    )
    before = content(project)
    result = run("codings", "import", project, bad)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bad}: 6 bad row(s); nothing was imported:\n"
        f"  {bad}: row 3: 'int01:99' does not exist (int01 has segments 1 to 4)\n"
        f"  {bad}: row 4: the project has no document 'int03'\n"
        f"  {bad}: row 5: unknown code 'referral.hotlines'; did you mean 'referral.hotline'?\n"
        f"  {bad}: row 6: segment id 'int01' is not of the form DOCUMENT:N\n"
        f"  {bad}: row 7: coder '=cmd' is not a valid name (letters, digits, _ . -, starting with "
        "a letter or digit, at most 64 characters)\n"
        f"  {bad}: row 8: 2 cells, expected 3\n"
        "Fix these rows (codes are family.code ids from the codebook; see `qualcode segments "
        "PROJECT` for segment ids) and import the whole file again.\n"
    )
    assert content(project) == before


def test_bad_header_and_empty_file(any_project: str, tmp_path: Path) -> None:
    project = any_project
    before = content(project)
    wrong = run("codings", "import", project, write_csv(tmp_path, "segment,who,code\nint01:1,a,\n"))
    assert wrong.exit_code == 1
    assert (
        "row 1: the header must name the columns segment_id,coder,code (missing: segment_id, coder)"
        in wrong.stderr
    )
    empty = run("codings", "import", project, write_csv(tmp_path, "", "empty.csv"))
    assert empty.exit_code == 1 and "the file is empty" in empty.stderr
    assert content(project) == before


def test_reimport_replaces_that_coders_document_only_and_audits(
    any_project: str, tmp_path: Path
) -> None:
    project = any_project
    run("codings", "import", project, write_csv(tmp_path, GOOD), "--unlisted", "reviewed")
    revision = write_csv(
        tmp_path, "segment_id,coder,code\nint01:4,ana,referral.hotline\n", "revision.csv"
    )
    result = run("codings", "import", project, revision, "--unlisted", "reviewed")
    assert (
        result.stdout
        == "Imported 1 codings for 1 coder/document pair(s); replaced 3 earlier codings.\n"
    )
    tables = content(project)
    documents = {row[0]: row[1] for row in tables["documents"]}
    segments = {row[0]: (documents[row[1]], row[2]) for row in tables["segments"]}
    coders = {row[0]: row[1] for row in tables["coders"]}
    rows = sorted((*segments[g[0]], coders[g[1]], g[2]) for g in tables["codings"])
    removed = sorted(
        (row[2], row[4], row[5], row[6])
        for row in tables["audit_log"]
        if row[3] == "coding_removed"
    )
    version = sorted({row[3] for row in tables["codings"]})
    assert rows == [
        ("int01", 4, "ana", "referral.hotline"),
        ("int01", 4, "ben", "challenges.resources"),
    ]
    assert removed == [
        ("ana", "int01", 2, "referral.hotline"),
        ("ana", "int01", 2, "referral.law_enforcement"),
        ("ana", "int01", 4, "challenges.resources"),
    ]
    assert version == [1]


def test_export_neutralises_formula_cells(tmp_path: Path, mini_codebook: Path) -> None:
    from qualcode.formats.csvfile import safe_cell, unsafe_cell

    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
        assert unsafe_cell(safe_cell(dangerous)) == dangerous
    assert safe_cell("int01:1") == "int01:1"
    project = tmp_path / "p.qualcode"
    run("new", project, "--codebook", mini_codebook)
    transcript = tmp_path / "-x.txt"
    transcript.write_text('Interviewer: a?\nRespondent: =HYPERLINK("http://x")\n', encoding="utf-8")
    assert run("add", project, transcript, "--no-deidentify").exit_code == 0
    out = tmp_path / "seg.csv"
    run("segments", project, "-o", out)
    assert out.read_bytes().split(b"\r\n")[2] == (
        b'\'-x:2,\'-x,2,Respondent,respondent,"\'=HYPERLINK(""http://x"")"'
    )
    codings = write_csv(tmp_path, "segment_id,coder,code\n'-x:2,ana,referral.hotline\n", "c.csv")
    assert run("codings", "import", project, codings).exit_code == 0
    exported = tmp_path / "exported.csv"
    run("codings", "export", project, "-o", exported)
    assert b"'-x:2,ana,referral.hotline\r\n" in exported.read_bytes()


def test_numbers_are_not_neutralised() -> None:
    from qualcode.formats.csvfile import safe_cell

    assert safe_cell(-0.25) == "-0.25"
    assert safe_cell(-3) == "-3"
    assert safe_cell("-0.25") == "'-0.25"
