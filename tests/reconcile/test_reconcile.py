"""Reconciliation: automatic consensus for agreements, each decision type, the CSV round trip,
and the consensus as the default source of frequencies and quotes."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from qualcode.tui.app import ReconcileApp
from qualcode.tui.screens.reconcile import ReconcileScreen
from tests.conftest import dump, run

# int01 turns 2, 4, 6 are respondent turns (see tests/tui/conftest.py TRANSCRIPT).
CODINGS = """\
segment_id,coder,code
int01:2,ana,referral.law_enforcement
int01:2,ben,referral.law_enforcement
int01:4,ana,referral.hotline
int01:4,ben,referral.law_enforcement
int01:6,ana,challenges.resources
int01:6,ben,
int01:1,ana,
int01:1,ben,
"""


@pytest.fixture
def coded(ui_project: Path, tmp_path: Path) -> Path:
    path = tmp_path / "pair.csv"
    path.write_text(CODINGS, encoding="utf-8")
    assert run("codings", "import", ui_project, path, "--unlisted", "reviewed").exit_code == 0
    return ui_project


def consensus(project: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(project) as connection:
        return connection.execute(
            "SELECT s.n, c.code_id FROM consensus_codings c JOIN segments s ON s.id = c.segment_id "
            "ORDER BY 1, 2"
        ).fetchall()


def decisions(project: Path) -> list[tuple[int, str, str | None, str]]:
    with sqlite3.connect(project) as connection:
        return connection.execute(
            "SELECT s.n, r.decision, r.note, r.reconciled_by FROM reconciliations r "
            "JOIN segments s ON s.id = r.segment_id ORDER BY 1"
        ).fetchall()


def test_export_lists_open_disagreements_and_agreements_become_consensus(
    coded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "open.csv"
    result = run("reconcile", coded, "--coders", "ana,ben", "--export", out, "--as", "pat")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Wrote 2 open disagreements to {out}; 4 segments agree.\n"
    assert out.read_bytes().decode() == (
        "segment_id,coder_a,codes_a,coder_b,codes_b,text,decision,codes,note\r\n"
        "int01:4,ana,referral.hotline,ben,referral.law_enforcement,"
        '"Calls from the tip line, sometimes.",,,\r\n'
        "int01:6,ana,challenges.resources,ben,,Money. We have no staff.,,,\r\n"
    )
    # Segments 1, 2, 3, 5 agree (3 and 5 count as reviewed by both: the files cover int01).
    assert consensus(coded) == [(2, "referral.law_enforcement")]
    assert [(n, d) for n, d, _, _ in decisions(coded)] == [
        (1, "agreed"),
        (2, "agreed"),
        (3, "agreed"),
        (5, "agreed"),
    ]


@pytest.mark.parametrize(
    ("decision", "codes", "expected"),
    [
        ("a", "", [(4, "referral.hotline")]),
        ("b", "", [(4, "referral.law_enforcement")]),
        ("both", "", [(4, "referral.hotline"), (4, "referral.law_enforcement")]),
        ("neither", "", []),
        (
            "edit",
            "challenges.resources referral.hotline",
            [(4, "challenges.resources"), (4, "referral.hotline")],
        ),
    ],
)
def test_each_decision_type_through_the_csv(
    coded: Path, tmp_path: Path, decision: str, codes: str, expected: list[tuple[int, str]]
) -> None:
    out = tmp_path / "open.csv"
    run("reconcile", coded, "--coders", "ana,ben", "--export", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    rows[1][6:9] = [decision, codes, "tip line is a hotline"]
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = run("reconcile", coded, "--coders", "ana,ben", "--import", out, "--as", "pat")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Applied 1 decisions; 1 disagreements remain open.\n"
    on_4 = [row for row in consensus(coded) if row[0] == 4]
    assert on_4 == expected
    assert (4, decision, "tip line is a hotline", "pat") in decisions(coded)
    with sqlite3.connect(coded) as connection:
        audit = connection.execute(
            "SELECT actor, segment_n, detail FROM audit_log WHERE action = 'consensus_set' AND segment_n = 4"
        ).fetchall()
    assert audit[0][0:2] == ("pat", 4) and audit[0][2].startswith(f"{decision} (ana/ben)")


def test_bad_decisions_file_changes_nothing(coded: Path, tmp_path: Path) -> None:
    run("reconcile", coded, "--coders", "ana,ben", "--export", tmp_path / "first.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "segment_id,coder_a,codes_a,coder_b,codes_b,text,decision,codes,note\n"
        "int01:4,ana,,ben,,t,a,,\n"
        "int01:2,ana,,ben,,t,b,,\n"
        "int01:6,ana,,ben,,t,maybe,,\n"
        "int01:4,ana,,ben,,t,b,,\n",
        encoding="utf-8",
    )
    edit = tmp_path / "edit.csv"
    edit.write_text(
        "segment_id,coder_a,codes_a,coder_b,codes_b,text,decision,codes,note\n"
        "int01:4,ana,,ben,,t,edit,referral.hotlin,\n"
        "int01:6,ana,,ben,,t,edit,,\n",
        encoding="utf-8",
    )
    before = dump(coded)
    result = run("reconcile", coded, "--coders", "ana,ben", "--import", bad)
    assert result.exit_code == 1
    assert "row 3: 'int01:2' is not a disagreement between ana and ben" in result.stderr
    assert "row 4: decision 'maybe' is not one of a, b, both, neither, edit" in result.stderr
    assert "row 5: 'int01:4' is decided twice" in result.stderr
    assert "no decision was applied" in result.stderr
    result = run("reconcile", coded, "--coders", "ana,ben", "--import", edit)
    assert (
        "row 2: unknown code 'referral.hotlin'; did you mean 'referral.hotline'?" in result.stderr
    )
    assert "row 3: 'edit' needs the consensus codes" in result.stderr
    assert dump(coded) == before


def test_frequencies_and_quotes_use_the_consensus_once_reconciled(
    coded: Path, tmp_path: Path
) -> None:
    before = json.loads(run("freq", coded, "--format", "json").stdout)
    assert before["source"].startswith("primary coder per document")
    out = tmp_path / "open.csv"
    run("reconcile", coded, "--coders", "ana,ben", "--export", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    rows[1][6], rows[2][6] = "b", "neither"
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    run("reconcile", coded, "--coders", "ana,ben", "--import", out)
    after = json.loads(run("freq", coded, "--format", "json").stdout)
    assert after["source"] == "consensus for 1 reconciled documents"  # int02 has no codings
    police = next(
        r
        for r in after["rows"]
        if r["group"] == "total" and r["code"] == "referral.law_enforcement"
    )
    resources = next(
        r for r in after["rows"] if r["group"] == "total" and r["code"] == "challenges.resources"
    )
    assert (police["mentions"], resources["mentions"]) == (2, 0)  # int01:2 and int01:4 by consensus
    only = json.loads(run("freq", coded, "--consensus", "--format", "json").stdout)
    assert only["source"] == "consensus (1 reconciled documents)"
    quotes = run("quotes", coded, "--code", "referral.law_enforcement", "--format", "csv")
    assert "consensus for 1 reconciled documents" in quotes.stderr
    assert [row["segment_id"] for row in csv.DictReader(io.StringIO(quotes.stdout))] == [
        "int01:2",
        "int01:4",
    ]


def test_kappa_of_each_coder_with_the_consensus(coded: Path, tmp_path: Path) -> None:
    assert "no consensus yet" in run("kappa", coded, "--consensus").stderr
    out = tmp_path / "open.csv"
    run("reconcile", coded, "--coders", "ana,ben", "--export", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    rows[1][6], rows[2][6] = "b", "a"
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    run("reconcile", coded, "--coders", "ana,ben", "--import", out)
    report = json.loads(run("kappa", coded, "--consensus", "--format", "json").stdout)
    pairs = {(p["coder_a"], p["coder_b"]): p for p in report["pairs"]}
    assert set(pairs) == {("ana", "consensus"), ("ben", "consensus")}
    assert pairs[("ana", "consensus")]["n_units"] == 3  # respondent segments 2, 4, 6
    police = {c["code"]: c for c in pairs[("ben", "consensus")]["codes"]}[
        "referral.law_enforcement"
    ]
    assert (police["both"], police["only_a"], police["only_b"]) == (2, 0, 0)
    resources = {c["code"]: c for c in pairs[("ben", "consensus")]["codes"]}["challenges.resources"]
    assert (resources["both"], resources["only_a"], resources["only_b"]) == (0, 0, 1)


def test_codebook_notes(coded: Path) -> None:
    assert run("codebook", "notes", coded).stdout == "No notes on codes yet.\n"
    added = run(
        "codebook",
        "notes",
        coded,
        "--code",
        "referral.hotline",
        "--note",
        "tip lines?",
        "--as",
        "pat",
    )
    assert added.exit_code == 0
    lines = added.stdout.splitlines()
    assert lines[0].split() == ["code", "by", "when", "(UTC)", "where", "note"]
    assert lines[2].startswith("referral.hotline  pat") and lines[2].endswith("tip lines?")
    wrong = run("codebook", "notes", coded, "--code", "referral.hot", "--note", "x")
    assert wrong.exit_code == 1 and "no such code" in wrong.stderr


async def test_reconciliation_screen_records_decisions(coded: Path) -> None:
    app = ReconcileApp(coded, "ana", "ben", "pat")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReconcileScreen)
        assert [u.n for u in screen.disputes] == [4, 6]
        await pilot.press("o")  # int01:4: accept both, then it moves to int01:6
        await pilot.press("e", *" referral.hotline", "enter")  # edit: resources + hotline
        await pilot.pause()
        app.writer.flush()
        await pilot.pause()
        await pilot.press("f", "enter", *"vague", "enter")  # note on the first disputed code
        await pilot.pause()
        app.writer.flush()
    assert consensus(coded) == [
        (2, "referral.law_enforcement"),
        (4, "referral.hotline"),
        (4, "referral.law_enforcement"),
        (6, "challenges.resources"),
        (6, "referral.hotline"),
    ]
    assert [(n, d) for n, d, _, _ in decisions(coded)][-2:] == [(5, "agreed"), (6, "edit")]
    assert (4, "both", None, "pat") in decisions(coded)
    notes = run("codebook", "notes", coded).stdout
    assert "challenges.resources  pat" in notes and "int01:6" in notes and "vague" in notes


async def test_help_in_reconciliation_lists_its_own_keys(coded: Path) -> None:
    from qualcode.tui.screens.help import HelpScreen

    app = ReconcileApp(coded, "ana", "ben", "pat")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        from qualcode.tui.screens.help import help_table

        help_screen = app.screen
        console = Console(width=160, record=True, file=io.StringIO())
        console.print(help_table(help_screen.keymap, help_screen.sections, help_screen.codebook))
        text = console.export_text()
        assert "Consensus = coder A's codes." in text and "Reconciliation" in text
        assert "Everywhere" in text and "command palette" in text
        assert "Coding screen" not in text and "Undo your last change." not in text
