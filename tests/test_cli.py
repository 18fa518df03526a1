"""The command line contract (SPEC §4): help with examples, fast start, clean errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from qualcode.cli import cli
from tests.conftest import ROOT, run


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found.extend(all_commands(command, path))
        else:
            found.append(path)
    return found


COMMANDS = all_commands(cli)


def test_the_documented_commands_exist() -> None:
    assert set(COMMANDS) >= {
        ("new",),
        ("add",),
        ("documents",),
        ("segments",),
        ("codebook", "check"),
        ("codebook", "update"),
        ("codings", "import"),
        ("codings", "export"),
        ("demo",),
        ("allowlist",),
        ("scan",),
    }


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"qualcode {' '.join(command)}" in result.stdout


def test_cli_import_loads_no_heavy_library() -> None:
    code = (
        "import sys, qualcode.cli\n"
        "heavy = [m for m in ('spacy', 'pandas', 'sklearn', 'textual', 'docx') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_core_never_imports_a_ui_library() -> None:
    code = (
        "import sys, spacy\n"  # spaCy's command line loads click and rich: count only ours
        "before = set(sys.modules)\n"
        "import qualcode.project, qualcode.store, qualcode.codebook, qualcode.ingest.readers\n"
        "import qualcode.formats.codings, qualcode.project.demo, qualcode.project.coding\n"
        "import qualcode.project.reconciliation, qualcode.project.scan\n"
        "new = set(sys.modules) - before\n"
        "print(','.join(m for m in ('textual', 'rich', 'click') if m in new))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


DOMAIN_MODULES = (
    "qualcode.model",
    "qualcode.codebook",
    "qualcode.codebook.keywords",
    "qualcode.formats.codings",
    "qualcode.ingest.readers",
    "qualcode.ingest.selection",
    "qualcode.deid.engine",
    "qualcode.deid.apply",
    "qualcode.agreement.report",
    "qualcode.agreement.render",
    "qualcode.agreement.assign",
    "qualcode.reports.frequencies",
    "qualcode.reports.quotes",
    "qualcode.reports.html",
    "qualcode.reports.writers",
)


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_domain_packages_load_no_store_or_ui(module: str) -> None:
    """Below the services nothing loads the store, SQLAlchemy, Textual, Rich or click (spaCy's
    own command line loads click and rich, so spaCy is loaded first and only ours counted)."""
    code = (
        "import sys, spacy\n"
        "before = set(sys.modules)\n"
        f"import {module}\n"
        "new = set(sys.modules) - before\n"
        "banned = ('qualcode.store', 'sqlalchemy', 'textual', 'rich', 'click')\n"
        "print(','.join(m for m in banned if m in new))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_python_m_qualcode_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qualcode", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage: qualcode" in result.stdout
    assert "kappa" in result.stdout


def test_installed_entry_point_reports_user_errors_without_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "qualcode"
    result = subprocess.run(
        [str(exe), "codings", "export", str(tmp_path / "missing.qualcode")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "no such project" in result.stderr
    assert "Traceback" not in result.stderr


def test_add_is_quiet_when_piped(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "qualcode"
    project = tmp_path / "p.qualcode"
    codebook = ROOT / "codebooks" / "labor_trafficking.yaml"
    subprocess.run(
        [str(exe), "new", str(project), "--codebook", str(codebook)],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [
            str(exe),
            "add",
            str(project),
            str(ROOT / "sample_transcripts" / "int01.txt"),
            "--no-deidentify",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr == ""
    assert result.stdout == "Added 1 document(s), 50 segments (turn), 1987 words.\n"


@pytest.mark.parametrize("group", ["codebook", "codings"])
def test_every_command_group_has_help_with_an_example(group: str) -> None:
    result = run(group, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"qualcode {group} " in result.stdout
