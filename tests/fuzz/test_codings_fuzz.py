"""Fuzzing codings CSVs (`qualcode codings import PROJECT CSV`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from qualcode.codebook import load_codebook
from tests.conftest import CODEBOOK, TRANSCRIPT
from tests.fuzz.conftest import (
    Workspace,
    assert_unchanged_on_failure,
    copy_project,
    fuzz,
    invoke,
    project_state,
)
from tests.fuzz.strategies import (
    degenerate_files,
    encoded,
    interesting,
    mutated_bytes,
    mutated_lines,
)

CODES = load_codebook(CODEBOOK)[0].code_ids()
CODERS = ["ana", "ben", "c.d-e_1", "Z9"]
#: Three documents: int01 and int02 of four turns, solo of one paragraph.
DOCUMENTS = {"int01": 4, "int02": 4, "solo": 1}
#: Codings the project already has: ana's complete coding of int02.
EARLIER = "segment_id,coder,code\nint02:2,ana,referral.hotline\nint02:4,ana,\n"

BAD_SEGMENTS = [
    "int99:1",
    "int01:0",
    "int01:-1",
    "int01:99",
    "int01",
    ":1",
    "int01:",
    "int01:1.0",
    "int01: 1",
    " int01:1 ",
    "int01:١",
    "int01:²",
    "int01:1e3",
    "INT01:1",
    "int01:01",
    "int01:99999999999999999999999999",
    "'=int01:1",
    "int01:1:1",
]
BAD_CODERS = ["=cmd", "<script>", "", " ana", "ana ben", "a" * 65, "ÄNA", "ana\x00", "-x", "'=x"]
BAD_CODES = [
    "referral",
    "referral.",
    ".law_enforcement",
    "REFERRAL.LAW_ENFORCEMENT",
    "referral.law_enforcement ",
    "referral.law_enforcment",
    "'=referral.hotline",
    "=SUM(A1)",
    "referral.law_enforcement.x",
]


@pytest.fixture(scope="module")
def base_project(workspace: Workspace) -> Path:
    folder = workspace.root / "base"
    folder.mkdir()
    project = folder / "base.qualcode"
    assert invoke("new", project, "--codebook", CODEBOOK).ok
    for name in ("int01", "int02"):
        (folder / f"{name}.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (folder / "solo.txt").write_text("Just one paragraph of notes.\n", encoding="utf-8")
    files = [folder / f"{name}.txt" for name in DOCUMENTS]
    assert invoke("add", project, *files, "--no-deidentify").ok
    earlier = folder / "earlier.csv"
    earlier.write_text(EARLIER, encoding="utf-8")
    assert invoke("codings", "import", project, earlier).ok
    shown = json.loads(invoke("segments", project, "--format", "json").stdout)
    assert {d: sum(s["document"] == d for s in shown) for d in DOCUMENTS} == DOCUMENTS
    return project


@st.composite
def complete_codings(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """Valid rows: for some (coder, document) pairs, every segment with zero or more codes
    (an empty code where there are none), shuffled."""
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(CODERS), st.sampled_from(list(DOCUMENTS))),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    rows = []
    for coder, document in pairs:
        for n in range(1, DOCUMENTS[document] + 1):
            codes = draw(st.lists(st.sampled_from(CODES), max_size=3, unique=True))
            rows.extend((f"{document}:{n}", coder, code) for code in codes or [""])
    return draw(st.permutations(rows))


@st.composite
def mutated_rows(draw: st.DrawFn, rows: list[tuple[str, str, str]]) -> list[list[str]]:
    """Row-level mutations: bad segment ids, coders and codes, duplicates, ragged rows."""
    table = [list(row) for row in rows]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not table:
            table.append(["int01:1", "ana", ""])
        where = draw(st.integers(min_value=0, max_value=len(table) - 1))
        op = draw(st.sampled_from(["segment", "coder", "code", "dup", "ragged", "drop", "junk"]))
        row = table[where]
        if op in ("segment", "coder", "code"):
            row.extend([""] * (3 - len(row)))
        if op == "segment":
            row[0] = draw(st.one_of(st.sampled_from(BAD_SEGMENTS), interesting))
        elif op == "coder":
            row[1] = draw(st.one_of(st.sampled_from(BAD_CODERS), interesting))
        elif op == "code":
            row[2] = draw(st.one_of(st.sampled_from(BAD_CODES), interesting))
        elif op == "dup":
            table.insert(where, list(row))
        elif op == "ragged":
            table[where] = row[: draw(st.integers(0, 2))] or [*row, "extra"]
        elif op == "drop":
            del table[where]
        elif op == "junk":
            table.insert(where, draw(st.lists(interesting, max_size=4)))
    return table


HEADERS = [
    ["segment_id", "coder", "code"],
    ["code", "segment_id", "coder"],
    ["SEGMENT_ID", " Coder ", "code"],
    ["segment_id", "coder", "code", "note"],
    ["segment_id", "coder"],
    ["segment", "coder", "code"],
    ["segment_id", "coder", "code", "code"],
    ["\ufeffsegment_id", "coder", "code"],
    [],
]


def to_csv(header: list[str], table: list[list[str]], dialect: dict[str, object]) -> str:
    """The table under ``header``, columns placed by name (the canonical order is
    segment_id, coder, code)."""
    canonical = ["segment_id", "coder", "code"]
    places = [
        canonical.index(c.strip().lower()) if c.strip().lower() in canonical else None
        for c in header
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, **dialect)  # type: ignore[arg-type]
    writer.writerow(header)
    for row in table:
        if len(row) == 3:
            writer.writerow([row[i] if i is not None else "x" for i in places])
        else:
            writer.writerow(row)
    return buffer.getvalue()


dialects = st.fixed_dictionaries(
    {
        "quoting": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
        "lineterminator": st.sampled_from(["\r\n", "\n"]),
    }
)


@st.composite
def codings_files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(degenerate_files)
    rows = draw(complete_codings())
    table = draw(mutated_rows(rows)) if draw(st.booleans()) else [list(r) for r in rows]
    header = HEADERS[0] if draw(st.booleans()) else draw(st.sampled_from(HEADERS))
    text = to_csv(header, table, draw(dialects))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        text = draw(mutated_lines(text))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        raw, _ = draw(encoded(text))
    else:
        raw = text.encode("utf-8")
    if draw(st.integers(min_value=0, max_value=5)) == 0:
        raw = draw(mutated_bytes(raw))
    return raw


def exported(project: Path) -> set[tuple[str, str, str]]:
    outcome = invoke("codings", "export", project)
    assert outcome.ok
    rows = list(csv.reader(io.StringIO(outcome.stdout)))
    assert rows[0] == ["segment_id", "coder", "code"]
    return {(s, c, k) for s, c, k in rows[1:]}


@fuzz(200)
@given(raw=codings_files())
@example(raw=b"\x00\x01\x02binary")
@example(raw=b"segment_id,coder,code\n")
@example(raw=b"segment_id,coder,code\nint01:1,=cmd,\n")
@example(raw=b"segment_id,coder,code\nint01:1,<script>,referral.hotline\n")
@example(raw=b"segment_id,coder,code\nint01:\xc2\xb2,ana,\n")
@example(raw=b"segment_id,coder,code\nint01:99999999999999999999999999,ana,\n")
@example(raw=b"segment_id,coder,code\nint01:1,ana,referral.hotline\nint01:1,ana,referral.hotline\n")
@example(raw=b'segment_id,coder,code\n"int01:1,ana,\n')
@example(raw="segment_id,coder,code\nint01:1,ana,\n".encode("utf-16"))
def test_import_fuzzed_codings(workspace: Workspace, base_project: Path, raw: bytes) -> None:
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / "codings.csv"
        path.write_bytes(raw)
        before = project_state(project)
        outcome = invoke("codings", "import", project, path)
        assert_unchanged_on_failure(outcome, project, before)
        if outcome.ok:
            # Whatever was accepted exports and imports back to the same codings.
            first = exported(project)
            again = folder / "again.csv"
            assert invoke("codings", "export", project, "-o", again).ok
            assert invoke("codings", "import", project, again).ok
            assert exported(project) == first


@fuzz(60)
@given(rows=complete_codings(), dialect=dialects)
def test_valid_codings_import_exactly(
    workspace: Workspace, base_project: Path, rows: list[tuple[str, str, str]], dialect: dict
) -> None:
    """Oracle: importing complete codings of some (coder, document) pairs replaces exactly
    those pairs' codings and keeps every other pair's."""
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        earlier = exported(project)
        path = folder / "codings.csv"
        path.write_text(to_csv(HEADERS[0], [list(r) for r in rows], dialect), encoding="utf-8")
        outcome = invoke("codings", "import", project, path)
        assert outcome.ok, outcome.describe()
        pairs = {(coder, segment.rpartition(":")[0]) for segment, coder, _ in rows}
        kept = {r for r in earlier if (r[1], r[0].rpartition(":")[0]) not in pairs}
        coded = {(s, c) for s, c, code in rows if code}
        new = {r for r in rows if r[2] or (r[0], r[1]) not in coded}
        assert exported(project) == kept | new
