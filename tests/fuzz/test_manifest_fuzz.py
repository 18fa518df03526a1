"""Fuzzing import manifests (`qualcode add PROJECT --manifest CSV [FILES...]`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import TRANSCRIPT
from tests.fuzz.conftest import (
    Outcome,
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
    nasty,
)
from tests.fuzz.transcripts import docx_bytes

VTT = "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Interviewer>How do cases reach you?\n\n"
VTT += "00:04.000 --> 00:09.000\n<v Respondent>Mostly from the hotline.\n"
#: The transcripts beside every manifest.
FILES = {
    "a.txt": TRANSCRIPT.encode(),
    "b.txt": TRANSCRIPT.encode("utf-16"),
    "c.md": ("---\nsite: from_front_matter\n---\n" + TRANSCRIPT).encode(),
    "d.vtt": VTT.encode(),
    "e.docx": docx_bytes(TRANSCRIPT.splitlines()),
    "sub/f.txt": TRANSCRIPT.encode(),
}
COLUMNS = ["participant_id", "role", "site", "wave", "Interviewer", "Notes", "ROLE "]
VALUES = ["P01", "prosecutor", "law_enforcement", "site_a", "2", "Ana Lucía", "訪談", ""]
#: File cells: the files, and names that are missing, clash, escape or are oddly spelt.
ODD_FILES = [
    "missing.txt",
    "int01.txt",
    "A.TXT",
    "./a.txt",
    "sub/../a.txt",
    "../a.txt",
    "/etc/hostname",
    "sub",
    " a.txt",
    "a.txt\x00",
    "",
]


def write_files(folder: Path) -> None:
    for name, content in FILES.items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)


@st.composite
def manifest_tables(draw: st.DrawFn, odd: bool = True) -> list[list[str]]:
    """Header and rows; with ``odd``, odd column names, file cells and values too."""
    columns = ["file", *draw(st.lists(st.sampled_from(COLUMNS[:4]), max_size=3, unique=True))]
    values = st.sampled_from(VALUES[:-1])
    files = st.sampled_from(list(FILES))
    if odd:
        extra = st.one_of(st.sampled_from(COLUMNS), nasty)
        columns += draw(st.lists(extra, max_size=2)) if draw(st.booleans()) else []
        values = st.one_of(values, values, values, st.sampled_from(VALUES), interesting)
        files = st.one_of(*[files] * 6, st.sampled_from(ODD_FILES), interesting)
    order = draw(st.permutations(columns))
    names = draw(st.lists(files, min_size=0 if odd else 1, max_size=6, unique=not odd))
    rows = [[name if column == "file" else draw(values) for column in order] for name in names]
    return [list(order), *rows]


def to_csv(table: list[list[str]], dialect: dict[str, object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, **dialect).writerows(table)  # type: ignore[arg-type]
    return buffer.getvalue()


dialects = st.fixed_dictionaries(
    {
        "quoting": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
        "lineterminator": st.sampled_from(["\r\n", "\n"]),
        "delimiter": st.sampled_from([","] * 8 + [";", "\t"]),
    }
)


@st.composite
def manifest_files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(degenerate_files)
    text = to_csv(draw(manifest_tables()), draw(dialects))
    if draw(st.integers(min_value=0, max_value=2)) == 0:
        text = draw(mutated_lines(text))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        raw, _ = draw(encoded(text))
    else:
        raw = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))
    if draw(st.integers(min_value=0, max_value=5)) == 0:
        raw = draw(mutated_bytes(raw))
    return raw


def add_with_manifest(
    workspace: Workspace,
    base_project: Path,
    raw: bytes,
    named: list[str],
    then: Callable[[Outcome, Path], None] | None = None,
) -> Outcome:
    """Run the import on a copy of the project; ``then`` looks at the result."""
    with workspace.case() as folder:
        write_files(folder)
        project = copy_project(base_project, folder / "p.qualcode")
        manifest = folder / "manifest.csv"
        manifest.write_bytes(raw)
        before = project_state(project)
        files = [folder / name for name in named]
        outcome = invoke("add", project, "--manifest", manifest, *files, "--no-deidentify")
        assert_unchanged_on_failure(outcome, project, before)
        if outcome.ok:
            assert invoke("documents", project).ok
        if then is not None:
            then(outcome, project)
        return outcome


@fuzz(200)
@given(
    raw=manifest_files(),
    named=st.one_of(st.just([]), st.lists(st.sampled_from([*FILES, "missing.txt"]), max_size=3)),
)
@example(raw=b"file,role\n", named=[])
@example(raw=b"file,role\n", named=["a.txt"])
@example(raw=b"\xef\xbb\xbffile,role\r\na.txt,x\r\n", named=[])
@example(raw=b"FILE , Role\na.txt,x\n", named=[])
@example(raw=b"role,file\nx,a.txt\ny,a.txt\n", named=[])
@example(raw=b'file,role\n"a.txt","x""y"\n"b.txt\n', named=[])
@example(raw=b"file,role\na.txt,x\nb.txt\n", named=[])
@example(raw=b"file;role\na.txt;x\n", named=[])
@example(raw=b"file,role\nsub,x\n", named=[])
@example(raw=b"file,role\n../a.txt,x\n", named=[])
@example(raw=b"file,\xff\xfe\n", named=[])
@example(raw=b"file\x00,role\na.txt,x\n", named=[])
@example(raw=b"\xef\xbb\xbffile\r\n\x00\r\n", named=[])
@example(raw="file\na.txt\x00\n".encode("utf-16"), named=[])
@example(raw=b"file\n" + b"y" * 300 + b".txt\n", named=[])
@example(raw=b"PK\x03\x04" + b"\x00" * 40, named=[])
def test_add_with_fuzzed_manifests(
    workspace: Workspace, base_project: Path, raw: bytes, named: list[str]
) -> None:
    outcome = add_with_manifest(workspace, base_project, raw, named)
    assert outcome.exit_code in (0, 1), outcome.describe()  # imported, or the user's error


@fuzz(40)
@given(table=manifest_tables(odd=False), dialect=dialects.filter(lambda d: d["delimiter"] == ","))
def test_valid_manifests_give_their_attributes(
    workspace: Workspace, base_project: Path, table: list[list[str]], dialect: dict[str, object]
) -> None:
    """Oracle: a manifest that lists existing files once each imports them all, each with the
    attributes of its row (column names lower-cased, empty cells left out) over those of its
    front matter."""
    header, *rows = table

    def attributes_match(outcome: Outcome, project: Path) -> None:
        if not rows:
            assert not outcome.ok  # a manifest that lists no files is refused
            return
        assert outcome.ok, outcome.describe()
        listed = json.loads(invoke("documents", project, "--format", "json").stdout)
        got = {d["document"]: d["attributes"] for d in listed if d["document"] != "int01"}
        expected = {}
        for row in rows:
            cells = dict(zip(header, row, strict=True))
            name = Path(cells.pop("file")).stem
            attributes = {"site": "from_front_matter"} if name == "c" else {}
            attributes.update({k.strip().lower(): v for k, v in cells.items() if v.strip()})
            expected[name] = attributes
        assert got == expected

    add_with_manifest(
        workspace, base_project, to_csv(table, dialect).encode(), [], attributes_match
    )
