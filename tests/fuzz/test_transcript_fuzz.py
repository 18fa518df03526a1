"""Fuzzing transcripts (.txt, .md, .vtt, .srt) through `qualcode add`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import MINI_CODEBOOK, TRANSCRIPT
from tests.fuzz.conftest import (
    Outcome,
    Workspace,
    assert_unchanged_on_failure,
    check_added,
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
from tests.fuzz.transcripts import cue_text, transcript_text


@pytest.fixture(scope="module")
def base_project(workspace: Workspace) -> Path:
    """The mini codebook and two documents, int01 and int02."""
    folder = workspace.root / "base"
    folder.mkdir()
    codebook = folder / "mini.yaml"
    codebook.write_text(MINI_CODEBOOK, encoding="utf-8")
    project = folder / "base.qualcode"
    assert invoke("new", project, "--codebook", codebook).ok
    for name in ("int01", "int02"):
        (folder / f"{name}.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert invoke("add", project, folder / "int01.txt", folder / "int02.txt", "--no-deidentify").ok
    return project


#: Document names (file names without extension), including one the project already has.
stems = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,11}", fullmatch=True),
    st.sampled_from(
        [
            "int01",
            "Interview 3",
            "entrevista_ñ",
            "訪談",
            "a:b",
            "int:7",
            "-dash",
            ".hidden",
            "x" * 200,
            "int03.backup",
            "=cmd",
            "<script>",
            " spaced ",
        ]
    ),
)


@st.composite
def text_transcripts(draw: st.DrawFn) -> tuple[bytes, str]:
    """(bytes, encoding) of a .txt/.md transcript: valid, mutated as text, as bytes, or
    degenerate."""
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(degenerate_files), "utf-8"
    text = draw(transcript_text())
    if draw(st.booleans()):
        text = draw(mutated_lines(text))
    raw, encoding = draw(encoded(text))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        raw = draw(mutated_bytes(raw))
    return raw, encoding


#: --attr KEY=VALUE options, well and badly formed (no NUL: a shell cannot pass one).
attr_options = st.one_of(
    st.sampled_from(["role=prosecutor", "site=", "=x", "noequals", " ROLE = Mixed Case "]),
    interesting.map(lambda v: f"k={v}"),
    interesting.map(lambda v: f"{v}=v"),
).filter(lambda a: "\x00" not in a)

#: What --encoding says: nothing, the truth, a wrong name or no encoding at all.
encoding_options = st.sampled_from([None, None, "actual", "utf-8", "cp1252", "klingon", ""])


def add_case(
    workspace: Workspace,
    base_project: Path,
    raw: bytes,
    name: str,
    options: list[str],
) -> Outcome:
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / name
        path.write_bytes(raw)
        before = project_state(project)
        outcome = invoke("add", project, path, "--no-deidentify", *options)
        assert_unchanged_on_failure(outcome, project, before)
        if outcome.ok:
            check_added(outcome, project, path.stem)
        return outcome


@fuzz(200)
@given(
    transcript=text_transcripts(),
    stem=stems,
    suffix=st.sampled_from([".txt", ".md", ".TXT"]),
    unit=st.sampled_from(["turn", "paragraph"]),
    encoding_option=encoding_options,
    attrs=st.lists(attr_options, max_size=2),
)
@example(
    transcript=(b"---\ninterviewer: [Ana, [Ben]]\n---\nAna: hi?\nBen: yes.\n", "utf-8"),
    stem="nested",
    suffix=".txt",
    unit="turn",
    encoding_option=None,
    attrs=[],
)
@example(
    transcript=(b"---\ninterviewer: &i [Ana, *i]\n---\nAna: hi?\nBen: yes.\n", "utf-8"),
    stem="loop",
    suffix=".txt",
    unit="turn",
    encoding_option=None,
    attrs=[],
)
@example(
    transcript=(b"---\n\x00: x\n---\nInterviewer: hi?\n", "utf-8"),
    stem="nul",
    suffix=".txt",
    unit="turn",
    encoding_option=None,
    attrs=[],
)
@example(
    transcript=("Interviewer: ¿qué?\nRespondent: sí.\n".encode("utf-16-le"), "utf-16-le"),
    stem="utf16",
    suffix=".txt",
    unit="paragraph",
    encoding_option=None,
    attrs=[],
)
@example(
    transcript=("Interviewer: café?\n".encode("cp1252"), "cp1252"),
    stem="cp1252",
    suffix=".txt",
    unit="turn",
    encoding_option="utf-16",
    attrs=[],
)
@example(
    transcript=(b"Interviewer: " + b"x" * 2_000_000 + b"\n", "utf-8"),
    stem="huge_line",
    suffix=".txt",
    unit="turn",
    encoding_option=None,
    attrs=[],
)
@example(
    transcript=(b"Interviewer: hi\n", "utf-8"),
    stem="attrs",
    suffix=".txt",
    unit="turn",
    encoding_option=None,
    attrs=["=x", " ROLE = Mixed Case "],
)
@example(
    transcript=(b"Interviewer: hi\n", "utf-8"),
    stem="int01",
    suffix=".md",
    unit="turn",
    encoding_option=None,
    attrs=[],
)
def test_add_text_transcripts(
    workspace: Workspace,
    base_project: Path,
    transcript: tuple[bytes, str],
    stem: str,
    suffix: str,
    unit: str,
    encoding_option: str | None,
    attrs: list[str],
) -> None:
    raw, encoding = transcript
    options = ["--unit", unit]
    for attr in attrs:
        options += ["--attr", attr]
    if encoding_option is not None:
        options += ["--encoding", encoding if encoding_option == "actual" else encoding_option]
    outcome = add_case(workspace, base_project, raw, stem + suffix, options)
    assert outcome.exit_code in (0, 1), outcome.describe()  # imported, or the user's error


@st.composite
def cue_files(draw: st.DrawFn) -> tuple[bytes, str]:
    fmt = draw(st.sampled_from(["vtt", "srt"]))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(degenerate_files), fmt
    text = draw(cue_text(fmt))
    if draw(st.booleans()):
        text = draw(mutated_lines(text))
    raw, _ = draw(encoded(text))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        raw = draw(mutated_bytes(raw))
    return raw, fmt


@fuzz(120)
@given(cues=cue_files(), unit=st.sampled_from(["turn", "paragraph"]))
@example(cues=(b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v >\n", "vtt"), unit="turn")
@example(cues=(b"1\n00:00:01,000 -->\n<i></i>\n", "srt"), unit="turn")
@example(cues=(b"WEBVTT\n\nNOTE only a note\n", "vtt"), unit="turn")
def test_add_cue_files(
    workspace: Workspace, base_project: Path, cues: tuple[bytes, str], unit: str
) -> None:
    raw, fmt = cues
    outcome = add_case(workspace, base_project, raw, f"cues.{fmt}", ["--unit", unit])
    assert outcome.exit_code in (0, 1), outcome.describe()


@fuzz(6)
@given(
    text=transcript_text(),
    mutate=st.booleans(),
    unit=st.sampled_from(["turn", "sentence"]),
    data=st.data(),
)
def test_add_and_scan_with_deidentification(
    workspace: Workspace,
    base_project: Path,
    text: str,
    mutate: bool,
    unit: str,
    data: st.DataObject,
) -> None:
    """A few examples with deidentification (and spaCy sentences) on: `scan` and `add`."""
    if mutate:
        text = data.draw(mutated_lines(text))
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / "deid.txt"
        path.write_text(text, encoding="utf-8")
        scanned = invoke("scan", path, "--format", "json")
        before = project_state(project)
        outcome = invoke("add", project, path, "--unit", unit)
        assert_unchanged_on_failure(outcome, project, before)
        assert scanned.ok == outcome.ok, f"{scanned.describe()}\n{outcome.describe()}"
        if outcome.ok:
            assert "Deidentified:" in outcome.stdout
            check_added(outcome, project, "deid")
