"""Limits on a codebook before it is expanded: alias bombs, deep nesting, huge files.

Every hostile file is generated here; each would hang, exhaust memory or overflow the stack
without the limits, and must be refused at once with a user error naming the file, the place
and the limit.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from qualcode.codebook import CodebookError, load_codebook, parse_codebook
from qualcode.formats import yamlsafe
from qualcode.formats.yamlsafe import YamlLimitError, YamlLimits
from tests.conftest import MINI_CODEBOOK, dump, run

FAMILY = """\
families:
  - id: f
    label: F
    codes:
      - id: c
        label: C
        definition: D.
"""
TAIL = "Fix them and check again with `qualcode codebook check FILE`."
EXPANSION = (
    "would expand it to more than 100,000 values, each use being a copy of what it repeats. "
    "Aliases that repeat other aliases multiply; a codebook needs few or none: remove them."
)
DEPTH = (
    "it is nested more than 64 levels deep. Nest codes only a few levels deep (children of "
    "children)."
)


@contextmanager
def quick(seconds: float = 5.0) -> Iterator[None]:
    """The block must finish well within ``seconds`` (a bomb is refused in milliseconds)."""
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"


def column_of(line: str, needle: str, nth: int = 1) -> int:
    """1-based column of the ``nth`` occurrence of ``needle`` in ``line``."""
    index = -1
    for _ in range(nth):
        index = line.index(needle, index + 1)
    return index + 1


def one_problem(text: str, source: str = "cb.yaml") -> str:
    with quick(), pytest.raises(CodebookError) as caught:
        parse_codebook(text, source)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def laughs_lines(levels: int = 9, width: int = 10) -> list[str]:
    """``a0: &a0 [lol, ...]``, ``a1: &a1 [*a0, ...]``, ...: width**levels values once expanded."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return lines


def test_billion_laughs_at_the_top_level_is_refused_where_it_passes_the_limit(
    tmp_path: Path,
) -> None:
    lines = ["name: Bomb", *laughs_lines(), *FAMILY.splitlines()]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Nodes so far: 3 (root, name), 12 (a0), 112 (a1), 1,112 (a2), 11,112 (a3), then a4's key
    # and list: 12,353. Each *a3 adds 11,111, so the 8th on a4's line (line 6) passes 100,000.
    column = column_of(lines[5], "*a3", 8)
    with quick():
        result = run("codebook", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: the codebook has 1 problem:\n"
        f"  {path}:6:{column}: the codebook was not read past this point: its aliases (*a3 "
        f"here) {EXPANSION}\n{TAIL}\n"
    )
    assert "Traceback" not in result.output


def test_billion_laughs_through_children_is_refused() -> None:
    # Code k<n> has ten children that are all *k<n-1>: a walker would visit 10**9 codes.
    lines = ["name: Bomb", "families:", "  - id: f", "    label: F", "    codes:"]
    for level in range(10):
        lines += [
            f"      - &k{level}",
            f"        id: k{level}",
            "        label: K",
            "        definition: D.",
        ]
        if level:
            lines.append("        children: [" + ", ".join([f"*k{level - 1}"] * 10) + "]")
    # Sizes: k0 7 nodes, k<n> 9 + 10 * k<n-1>; 88,904 nodes are composed when k5's first
    # child (*k4, 79,999 nodes) is reached, which passes 100,000.
    children = next(i for i, line in enumerate(lines) if "*k4" in line)
    found = one_problem("\n".join(lines) + "\n")
    assert found == (
        f"cb.yaml:{children + 1}:{column_of(lines[children], '*k4')}: the codebook was not read "
        f"past this point: its aliases (*k4 here) {EXPANSION}"
    )


def test_more_than_a_hundred_alias_uses_are_refused() -> None:
    items = ", ".join(["*k"] * 101)
    text = f"name: X\nk: &k lol\nl: [{items}]\n{FAMILY}"
    assert one_problem(text) == (
        f"cb.yaml:3:{column_of('l: [' + items, '*k', 101)}: the codebook was not read past this "
        "point: it uses aliases (*name) more than 100 times. A codebook needs few aliases or "
        "none: write out in full what they stand for."
    )


def test_an_alias_inside_the_part_it_names_is_refused() -> None:
    text = """\
name: Loop
families:
  - id: f
    label: F
    codes:
      - &k
        id: k
        label: K
        definition: D.
        children: [*k]
"""
    assert one_problem(text) == (
        "cb.yaml:10:20: the codebook was not read past this point: the alias *k is used inside "
        "the part it names, so it repeats without end. Remove the alias, or point it at an "
        "entry outside the one it is in."
    )


@pytest.mark.parametrize("depth", [5_000, 50_000])
def test_deep_flow_nesting_is_refused_without_a_traceback(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * depth + "]" * depth + "\n", encoding="utf-8")
    with quick():
        result = run("codebook", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: the codebook has 1 problem:\n"
        f"  {path}:1:65: the codebook was not read past this point: {DEPTH}\n{TAIL}\n"
    )
    assert "Traceback" not in result.output and "RecursionError" not in result.output


def nested_children(levels: int) -> str:
    lines = ["name: Deep", "families:", "  - id: f", "    label: F", "    codes:"]
    indent = "      "
    for level in range(levels):
        lines += [
            f"{indent}- id: c{level}",
            f"{indent}  label: C{level}",
            f"{indent}  definition: D.",
        ]
        if level < levels - 1:
            lines.append(f"{indent}  children:")
            indent += "    "
    return "\n".join(lines) + "\n"


def test_children_nested_a_few_levels_are_fine_but_not_forty() -> None:
    codebook = parse_codebook(nested_children(10), "cb.yaml")
    assert codebook.code_ids()[-1] == "f." + ".".join(f"c{level}" for level in range(10))
    found = one_problem(nested_children(40))
    # Root 1, families 2, family 3, codes 4, then two levels (code, its children) per code:
    # code c<n> is at level 5 + 2n, so c30, whose mapping starts at its "id", is level 65.
    lines = nested_children(40).splitlines()
    line = lines.index(" " * 126 + "- id: c30")
    assert found == (
        f"cb.yaml:{line + 1}:{column_of(lines[line], 'id')}: the codebook was not read past "
        f"this point: {DEPTH}"
    )


def test_a_stack_overflow_is_still_a_codebook_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defensive: should the stack be smaller than the depth limit needs (the counting loader;
    libyaml's composer, used for plain documents, is not recursive in Python)."""
    monkeypatch.setattr(yamlsafe, "_plain_within", lambda _text, _limits: False)
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    text = "name: X\nl: " + "[" * 50 + "]" * 50 + "\n"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 80)
    try:
        with pytest.raises(CodebookError) as caught:
            parse_codebook(text, "cb.yaml")
    finally:
        sys.setrecursionlimit(limit)
    assert [str(p) for p in caught.value.problems] == [
        "cb.yaml:1:1: the codebook was not read past this point: it is nested too deeply to "
        "read. Nest codes only a few levels deep (children of children)."
    ]


def test_too_many_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # 100,000 values take PyYAML seconds to compose: try the same check with a lower limit.
    monkeypatch.setattr(yamlsafe, "CODEBOOK_LIMITS", YamlLimits(max_nodes=1_000))
    text = "name: X\nl: [" + ", ".join(["v"] * 1_000) + "]\n" + FAMILY
    # Root, name and its value, l and the list: 5 nodes, so the 996th item is node 1,001.
    assert one_problem(text) == (
        f"cb.yaml:2:{column_of(text.splitlines()[1], 'v', 996)}: the codebook was not read past this point: it holds more than "
        "1,000 values (keys, values and list items). A real codebook has a few thousand; check "
        "that this is the codebook file, or split it."
    )


def test_oversized_codebook_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(60 * 1024 * 1024)  # sparse: 60 MB on paper, nothing on disk
    message = (
        f"{path}: the codebook file is 60.0 MB, over the limit of 5 MB for a codebook, so it was "
        "not read. Check that this is the codebook file: a real codebook is a few tens of KB."
    )
    with quick():
        result = run("codebook", "check", path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the codebook was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(Exception, match="^" + message.replace(".", r"\.") + "$"):
        load_codebook(path)


def test_a_file_just_over_the_limit_is_refused_and_one_under_it_is_read(tmp_path: Path) -> None:
    over = tmp_path / "over.yaml"
    over.write_bytes(b"#" * (5 * 1024 * 1024 + 1))
    result = run("codebook", "check", over)
    assert result.exit_code == 1
    assert "the codebook file is 5.0 MB, over the limit of 5 MB" in result.stderr
    under = tmp_path / "under.yaml"
    under.write_text(MINI_CODEBOOK + "# padding\n" * 100_000, encoding="utf-8")
    assert run("codebook", "check", under).exit_code == 0


def test_bombs_create_no_project_and_leave_an_existing_one_unchanged(
    tmp_path: Path, project: Path
) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(["name: Bomb", *laughs_lines(), FAMILY]), encoding="utf-8")
    fresh = tmp_path / "fresh.qualcode"
    with quick():
        created = run("new", fresh, "--codebook", bomb)
    assert created.exit_code == 1
    assert f"Error: {bomb}: the codebook has 1 problem:" in created.stderr
    assert not fresh.exists()

    before = dump(project)
    with quick():
        updated = run("codebook", "update", project, bomb)
    assert updated.exit_code == 1
    assert "its aliases (*a3 here) would expand it to more than 100,000 values" in updated.stderr
    assert "Traceback" not in updated.output
    assert dump(project) == before


def test_a_normal_codebook_with_a_few_aliases_is_accepted(tmp_path: Path) -> None:
    text = MINI_CODEBOOK.replace(
        "definition: The referral came from police.",
        "definition: The referral came from police.\n        keywords: &police [police, sheriff]",
    ).replace(
        "definition: Not enough money or staff.",
        "definition: Not enough money or staff.\n        keywords: *police",
    )
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    with quick():
        codebook, _ = load_codebook(path)
    assert codebook.code("challenges.resources").keywords == ("police", "sheriff")
    assert run("codebook", "check", path).exit_code == 0


# -- the loader itself ---------------------------------------------------------------------


def test_limits_count_aliases_as_copies_and_keep_positions() -> None:
    limits = YamlLimits(max_aliases=3, max_depth=4, max_nodes=10)
    assert yamlsafe.safe_load("a: &a [1, 2]\nb: *a\n", limits) == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(YamlLimitError) as caught:
        yamlsafe.safe_load("a: &a [1, 2]\nb: *a\nc: *a\n", limits)  # 11 nodes once expanded
    assert (caught.value.kind, caught.value.mark and caught.value.mark.line) == ("expansion", 2)
    with pytest.raises(YamlLimitError) as caught:
        yamlsafe.safe_load("[*a, *a, *a, *a]".replace("[", "[&a x, ", 1), limits)
    assert caught.value.kind == "aliases"
    with pytest.raises(YamlLimitError) as caught:
        yamlsafe.safe_load("[[[[x]]]]", limits)
    assert (caught.value.kind, caught.value.mark and caught.value.mark.column) == ("depth", 4)
    # An alias is as deep as what it repeats.
    with pytest.raises(YamlLimitError, match="once the alias \\*d is expanded"):
        yamlsafe.compose("a: &d [[x]]\nb: [*d]\n", limits)


def test_libyaml_and_the_counting_loader_read_codebooks_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plain codebooks are composed by libyaml for speed: same codebook, same problems."""
    from tests.conftest import CODEBOOK

    shipped = CODEBOOK.read_text(encoding="utf-8")
    broken = shipped.replace("label:", "lable:", 3).replace('key: "1"', "key: [1]", 1)
    fast = parse_codebook(shipped, "cb.yaml")
    with pytest.raises(CodebookError) as fast_error:
        parse_codebook(broken, "cb.yaml")
    monkeypatch.setattr(yamlsafe, "_plain_within", lambda _text, _limits: False)
    assert parse_codebook(shipped, "cb.yaml") == fast
    with pytest.raises(CodebookError) as slow_error:
        parse_codebook(broken, "cb.yaml")
    assert [str(p) for p in fast_error.value.problems] == [
        str(p) for p in slow_error.value.problems
    ]
    assert len(fast_error.value.problems) >= 3
