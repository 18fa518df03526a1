"""The read-only commands' store (qualcode.store.lite) answers exactly as the full store.

Every read it implements is compared with the full store's method of the same name on projects
with two and three coders, interviewer turns, a consensus and several documents; the commands
that use it are checked not to load SQLAlchemy; anything else still works through the full store.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qualcode.model import CONSENSUS_NAME
from qualcode.project import open_project
from qualcode.store import Store
from qualcode.store import lite as lite_module
from qualcode.store.lite import ReadStore, open_read_only
from tests.conftest import ROOT, run

CODINGS = """\
segment_id,coder,code
int01:1,ana,
int01:2,ana,referral.law_enforcement
int01:3,ana,
int01:4,ana,referral.hotline
int01:4,ana,challenges.resources
int01:5,ana,
int01:6,ana,challenges.resources
int01:1,ben,
int01:2,ben,referral.law_enforcement
int01:3,ben,referral.hotline
int01:4,ben,referral.law_enforcement
int01:5,ben,
int01:6,ben,
int01:1,cy,referral.hotline
int01:2,cy,referral.law_enforcement
int01:3,cy,
int01:4,cy,
int01:5,cy,
int01:6,cy,outlook.bleak
int02:1,ana,
int02:2,ana,outlook.bleak
int02:3,ana,
int02:4,ana,
int02:5,ana,
int02:6,ana,
int02:1,cy,
int02:2,cy,outlook.bleak
int02:3,cy,
int02:4,cy,referral.hotline
int02:5,cy,
int02:6,cy,
"""

DECISIONS = "segment_id,coder_a,codes_a,coder_b,codes_b,text,decision,codes,note\n"


@pytest.fixture
def rich_project(ui_project: Path, tmp_path: Path) -> Path:
    """int01 coded by ana, ben and cy, int02 by ana and cy, one ana/ben disagreement decided."""
    codings = tmp_path / "codings.csv"
    codings.write_text(CODINGS, encoding="utf-8")
    result = run("codings", "import", ui_project, codings)
    assert result.exit_code == 0, result.stderr
    agenda = tmp_path / "agenda.csv"
    assert run("reconcile", ui_project, "--coders", "ana,ben", "--export", agenda).exit_code == 0
    rows = agenda.read_text(encoding="utf-8").splitlines()
    decided = [rows[0]] + [row.rstrip(",") + ",a,," for row in rows[1:2]]
    agenda.write_text("\n".join(decided) + "\n", encoding="utf-8")
    result = run("reconcile", ui_project, "--coders", "ana,ben", "--import", agenda, "--as", "pat")
    assert result.exit_code == 0, result.stderr
    return ui_project


READS: list[tuple[str, str, tuple[Any, ...]]] = [
    ("codebooks", "current", ()),
    ("documents", "names", ()),
    ("documents", "rows", ()),
    ("documents", "units", ()),
    ("documents", "segments", ()),
    ("documents", "segments", ("int02",)),
    ("codings", "coders_with_reviews", ()),
    ("codings", "export", ()),
    ("assignments", "all", ()),
    ("reconciliation", "pairs", ()),
    ("reconciliation", "units", ("ana", "ben")),
    ("reconciliation", "units", ("ben", "ana")),
    ("reconciliation", "units", ("ana", "cy")),
    ("reconciliation", "units", ("ana", "nobody")),
    ("agreement", "data", (["ana", "ben"], False)),
    ("agreement", "data", (["ana", "ben"], True)),
    ("agreement", "data", (["ana", "ben", "cy"], False)),
    ("agreement", "data", (["ana", "cy"], True)),
    ("agreement", "data", (["ana", "ben", CONSENSUS_NAME], False)),
    ("agreement", "data", (["ben", CONSENSUS_NAME], True)),
    ("agreement", "data", (["ana", "nobody"], False)),
    ("reports", "coding_rows", (False,)),
    ("reports", "coding_rows", (True,)),
    ("exports", "segment_listing", (False, False)),
    ("exports", "segment_listing", (True, False)),
    ("exports", "segment_listing", (False, True)),
    ("exports", "segment_listing", (True, True)),
]


def answer(store: Any, group: str, method: str, args: tuple[Any, ...]) -> Any:
    result = getattr(getattr(store, group), method)(*args)
    return list(result) if inspect.isgenerator(result) else result


@pytest.mark.parametrize(("group", "method", "args"), READS)
def test_each_read_answers_as_the_full_store(
    rich_project: Path, group: str, method: str, args: tuple[Any, ...]
) -> None:
    full = Store.open(rich_project)
    fast = open_read_only(rich_project)
    assert isinstance(fast, ReadStore)
    try:
        expected = answer(full, group, method, args)
        assert answer(fast, group, method, args) == expected
        assert fast._full is None  # answered without the full store
    finally:
        full.close()
        fast.close()


def test_the_coding_uis_reads_answer_as_the_full_store(rich_project: Path) -> None:
    full = Store.open(rich_project)
    fast = open_read_only(rich_project)
    assert fast is not None
    try:
        coders = {name: full.codings.coder_id(name) for name in ("ana", "ben", "cy")}
        documents = {row.name: row.id for row in full.documents.rows()}
        for name, coder in coders.items():
            assert fast.codings.coder_id(name) == coder
            assert fast.documents.overview(coder) == full.documents.overview(coder)
            for document in documents.values():
                assert fast.codings.coder_state(document, coder) == full.codings.coder_state(
                    document, coder
                )
        for document in documents.values():
            assert fast.documents.segment_views(document) == full.documents.segment_views(document)
        blind = {name: fast.suggest.double_coded(pk) for name, pk in documents.items()}
        assert blind == {name: full.suggest.double_coded(pk) for name, pk in documents.items()}
        assert blind == {"int01": True, "int02": False}
        assert fast._full is None
        state = fast.codings.coder_state(documents["int01"], coders["ana"])
        assert sorted(len(codes) for codes in state.codings.values()) == [1, 1, 2]
        # A coder new to the project is added (a write) by the full store.
        new = fast.codings.coder_id("dee")
        assert fast._full is not None and full.codings.coder_id("dee") == new
    finally:
        full.close()
        fast.close()


def test_segment_texts_and_details_answer_as_the_full_store(rich_project: Path) -> None:
    with open_project(rich_project) as project:
        pks = [row.id for row in project.segments()][::2]
        full = (project.store.documents.texts(pks), project.store.documents.details(pks))
    fast = open_read_only(rich_project)
    assert fast is not None
    assert (fast.documents.texts(pks), fast.documents.details(pks)) == full
    assert len(full[0]) == 6 and all(isinstance(text, str) for text in full[0].values())
    fast.close()


def test_the_data_differ_between_coders_so_the_comparison_means_something(
    rich_project: Path,
) -> None:
    fast = open_read_only(rich_project)
    assert fast is not None
    pair = fast.agreement.data(["ana", "ben"], False)
    three = fast.agreement.data(["ana", "ben", "cy"], False)
    fast.close()
    assert [(u.document, u.n) for u in pair.units] == [("int01", 2), ("int01", 4), ("int01", 6)]
    assert [(u.document, u.n, sorted(u.reviewed_by)) for u in three.units] == [
        ("int01", 2, ["ana", "ben", "cy"]),
        ("int01", 4, ["ana", "ben", "cy"]),
        ("int01", 6, ["ana", "ben", "cy"]),
        ("int02", 2, ["ana", "cy"]),
        ("int02", 4, ["ana", "cy"]),
        ("int02", 6, ["ana", "cy"]),
    ]


def test_every_read_has_the_full_stores_signature() -> None:
    groups = {
        "codebooks": lite_module._Codebooks,
        "documents": lite_module._Documents,
        "codings": lite_module._Codings,
        "assignments": lite_module._Assignments,
        "agreement": lite_module._Agreement,
        "reports": lite_module._Reports,
        "reconciliation": lite_module._Reconciliation,
        "exports": lite_module._Exports,
        "suggest": lite_module._Suggest,
    }
    from qualcode.store import database

    full_classes = {
        "codebooks": database.CodebookQueries,
        "documents": database.DocumentQueries,
        "codings": database.CodingQueries,
        "assignments": database.AssignmentQueries,
        "agreement": database.AgreementQueries,
        "reports": database.ReportQueries,
        "reconciliation": database.ReconciliationQueries,
        "exports": database.ExportQueries,
        "suggest": database.SuggestQueries,
    }
    checked = 0
    for name, reads in groups.items():
        for method, function in vars(reads).items():
            if method.startswith("_") or not callable(function):
                continue
            theirs = getattr(full_classes[name], method)
            assert inspect.signature(function) == inspect.signature(theirs), (name, method)
            checked += 1
    assert checked == 20


def test_other_queries_open_the_full_store(rich_project: Path) -> None:
    with open_project(rich_project, light=True) as project:
        assert isinstance(project.store, ReadStore)
        assert project.store._full is None
        assert project.allowlist_entries()[:1] == ["National Human Trafficking Hotline"]
        assert project.coding_counts() == {"ana": 5, "ben": 3, "cy": 5}
        assert project.store._full is not None


def test_an_older_project_is_migrated_by_the_full_store(project: Path) -> None:
    from tests.store.test_migration import downgrade_to_version_1

    downgrade_to_version_1(project)
    assert open_read_only(project) is None
    with open_project(project, light=True) as opened:
        assert not isinstance(opened.store, ReadStore)
        assert [d.name for d in opened.documents()] == ["int01", "int02"]
    assert open_read_only(project) is not None  # upgraded


def test_read_commands_do_not_load_sqlalchemy(rich_project: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from qualcode.cli import cli\n"
        "for argv in sys.argv[1:]:\n"
        "    try:\n"
        "        cli(argv.split('|'), standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('LOADED' if 'sqlalchemy' in sys.modules else 'NOT LOADED')\n"
    )
    project = str(rich_project)
    commands = [
        f"documents|{project}",
        f"segments|{project}|--document|int01",
        f"kappa|{project}|--coders|ana,ben",
        f"freq|{project}",
        f"quotes|{project}",
        f"codings|export|{project}|-o|{tmp_path / 'out.csv'}",
        f"report|{project}|-o|{tmp_path / 'report.html'}",
    ]
    result = subprocess.run(
        [sys.executable, "-c", script, *commands], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("NOT LOADED"), result.stdout[-500:]
    assert "int01:2" in (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_kappa_for_a_pair_does_not_load_numpy(rich_project: Path, tmp_path: Path) -> None:
    """Two coders' kappa counts with Python sets: NumPy's import would be a third of the time."""
    script = (
        "import sys\n"
        "from qualcode.cli import cli\n"
        "try:\n"
        "    cli(sys.argv[1:], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('LOADED' if 'numpy' in sys.modules else 'NOT LOADED')\n"
    )
    out = tmp_path / "kappa.csv"
    argv = ["kappa", str(rich_project), "--coders", "ana,ben", "--format", "csv", "-o", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", script, *argv], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("NOT LOADED"), result.stdout[-500:]
    assert "scope" in out.read_text(encoding="utf-8")


def test_opening_the_full_store_does_not_probe_the_file_again(
    rich_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full store opened behind a light one must not probe the file again: the probe opens
    it ``immutable`` and, on closing, drops every lock this process holds on the file, so a
    helper process closing the project could recover the write-ahead log under the open
    connections (seen as "disk I/O error" in the coding UI with suggestions on)."""
    from qualcode.store import database

    fast = open_read_only(rich_project)
    assert fast is not None
    probes: list[Path] = []
    monkeypatch.setattr(database, "check_file", lambda path: probes.append(path))
    try:
        assert fast.documents.names() == {"int01", "int02"}
        fast.full().codings.coder_id("dee")  # a write through the full store
        assert fast.codings.coder_id("dee") > 0
    finally:
        fast.close()
    assert probes == []
    with open_project(rich_project) as project:  # a full open on its own still probes
        assert [d.name for d in project.documents()] == ["int01", "int02"]
    assert probes == [rich_project]
