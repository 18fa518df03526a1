"""Hostile inputs tried by hand, as an attacker or an unlucky user would: a file in another
format than the one asked for, a transcript of nothing but a byte-order mark, a codebook that is
a JSON array, a CSV cell of 10 MB, file names holding line breaks or escape sequences, an
--encoding that is no text encoding, a --max-size that is no size.

Each is refused with a message naming the file and what to do, the project unchanged.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.conftest import TRANSCRIPT
from tests.fuzz.conftest import (
    Workspace,
    copy_project,
    invoke,
    message,
    project_state,
    refused,
)
from tests.fuzz.transcripts import docx_bytes


def workbook_bytes() -> bytes:
    """An Excel workbook as far as its zip directory goes (xl/workbook.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return out.getvalue()


def opendocument_bytes(mimetype: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


WORKBOOK = workbook_bytes()
WORD = docx_bytes(TRANSCRIPT.splitlines())
CSV_ADVICE = (
    'Open it in the spreadsheet and save it as CSV (File > Save As > "CSV UTF-8 (comma '
    'delimited)"), then give qualcode the .csv file.'
)


# -- a file in another format ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "command", "expected"),
    [
        (
            "manifest.xlsx",
            WORKBOOK,
            ("add", "PROJECT", "--manifest", "FILE"),
            "this is an Excel workbook (.xlsx), not a manifest. " + CSV_ADVICE,
        ),
        (
            "codings.ods",
            opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            ("codings", "import", "PROJECT", "FILE"),
            "this is an OpenDocument spreadsheet (.ods), not a codings file. " + CSV_ADVICE,
        ),
        (
            "int02.txt",
            WORKBOOK,
            ("add", "PROJECT", "FILE", "--no-deidentify"),
            "this is an Excel workbook (.xlsx), not a text transcript. Export the transcript as "
            ".txt or .docx.",
        ),
        (
            "int02.txt",
            WORD,
            ("add", "PROJECT", "FILE", "--no-deidentify"),
            "this is a Word document (.docx), not a text transcript. Give it a .docx extension, "
            "or export the transcript as .txt.",
        ),
        (
            "int02.docx",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            ("add", "PROJECT", "FILE", "--no-deidentify"),
            "this is a PDF file, not a Word document. Export the transcript as .txt or .docx.",
        ),
        (
            "int02.docx",
            opendocument_bytes("application/vnd.oasis.opendocument.text"),
            ("add", "PROJECT", "FILE", "--no-deidentify"),
            "this is an OpenDocument text (.odt), not a Word document. Save it as .docx or .txt.",
        ),
        (
            "codebook.yaml",
            WORKBOOK,
            ("codebook", "update", "PROJECT", "FILE"),
            "this is an Excel workbook (.xlsx), not a codebook. The codebook must be a YAML text "
            "file (see the codebooks/ folder for examples); check that you named the right file.",
        ),
        (
            "codebook.yaml",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            ("new", "DIR/new.qualcode", "--codebook", "FILE"),
            "this is an image (PNG), not a codebook. The codebook must be a YAML text file (see "
            "the codebooks/ folder for examples); check that you named the right file.",
        ),
    ],
    ids=[
        "xlsx-manifest",
        "ods-codings",
        "xlsx-transcript",
        "docx-named-txt",
        "pdf-named-docx",
        "odt-named-docx",
        "xlsx-codebook",
        "png-codebook",
    ],
)
def test_a_file_in_another_format_is_told_what_it_is(
    workspace: Workspace,
    base_project: Path,
    name: str,
    content: bytes,
    command: tuple[str, ...],
    expected: str,
) -> None:
    outcome = refused(workspace, base_project, name, content, *command)
    assert message(outcome).splitlines()[0] == f"Error: DIR/{name}: {expected}"


# -- empty and odd contents ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf\r\n \r\n"],
    ids=["utf-8-bom", "utf-16-bom", "bom-and-blank-lines"],
)
def test_a_transcript_of_only_a_byte_order_mark(
    workspace: Workspace, base_project: Path, content: bytes
) -> None:
    outcome = refused(
        workspace, base_project, "bom.txt", content, "add", "PROJECT", "FILE", "--no-deidentify"
    )
    assert message(outcome) == (
        "Error: DIR/bom.txt: the file has no transcript text (only blank lines).\n"
        "Nothing was imported; fix these files and try again.\n"
    )


@pytest.mark.parametrize(
    ("content", "found"),
    [(b'[{"name": "x", "families": []}]\n', "a list"), (b'"codebook"\n', "a single value")],
    ids=["json-array", "json-string"],
)
def test_a_codebook_that_is_not_a_mapping(
    workspace: Workspace, base_project: Path, content: bytes, found: str
) -> None:
    outcome = refused(
        workspace, base_project, "cb.json", content, "codebook", "update", "PROJECT", "FILE"
    )
    assert message(outcome) == (
        "Error: DIR/cb.json: the codebook has 1 problem:\n"
        f"  DIR/cb.json:1:1: the codebook is {found}; it must be a mapping with the keys name: "
        "and families: (see the codebooks/ folder for an example)\n"
        "Fix them and check again with `qualcode codebook check FILE`.\n"
    )


@pytest.mark.parametrize(
    "row",
    [
        b"int01:2,ana," + b"x" * (10 * 1024 * 1024),
        b'"' + b"x" * (10 * 1024 * 1024) + b'",ana,referral.hotline',
    ],
    ids=["code-cell", "quoted-segment-cell"],
)
def test_a_codings_cell_of_ten_megabytes(
    workspace: Workspace, base_project: Path, row: bytes
) -> None:
    content = b"segment_id,coder,code\n" + row + b"\n"
    outcome = refused(
        workspace, base_project, "c.csv", content, "codings", "import", "PROJECT", "FILE"
    )
    assert message(outcome) == (
        "Error: DIR/c.csv: row 2: a cell is over 131,072 characters, far more than a codings "
        'file holds. Check that this is the codings file, and that no cell opens a quote (") '
        "it never closes.\n"
    )


# -- names that are not printable -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("inter\nview.txt", "'inter\\nview'"),
        ("int\x1b[2J02.txt", "'int\\x1b[2J02'"),
        ("int\u202e10.txt", "'int\\u202e10'"),
        (" int02.txt", "' int02'"),
    ],
    ids=["line-break", "escape-sequence", "right-to-left-override", "leading-space"],
)
def test_a_file_name_that_cannot_be_a_document_name(
    workspace: Workspace, base_project: Path, name: str, shown: str
) -> None:
    outcome = refused(
        workspace,
        base_project,
        name,
        TRANSCRIPT.encode(),
        "add",
        "PROJECT",
        "FILE",
        "--no-deidentify",
    )
    problem = (
        "starts or ends with a space"
        if name.startswith(" ")
        else "holds a control character (a line break, tab, escape or text-direction mark)"
    )
    escaped = ascii(name)[1:-1]
    assert message(outcome) == (
        "Error: Document names (file names without extension) must be unique and printable:\n"
        f"  DIR/{escaped}: the document name {shown} {problem}\n"
        "Rename the files; nothing was imported.\n"
    )
    assert "\x1b" not in outcome.stderr


def test_an_escape_sequence_quoted_in_a_message_is_shown_escaped(
    workspace: Workspace, base_project: Path
) -> None:
    """A manifest cell naming a file that does not exist is quoted in the message: its escape
    sequence must not reach the terminal."""
    outcome = refused(
        workspace,
        base_project,
        "m.csv",
        b'file\n"a\x1b[2Jb.txt"\n',
        "add",
        "PROJECT",
        "--manifest",
        "FILE",
    )
    assert "\x1b" not in outcome.stderr
    assert "DIR/m.csv: row 2: a\\x1b[2Jb.txt does not exist" in message(outcome)


# -- options that are no encoding, no size ----------------------------------------------------


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib", "klingon"])
@pytest.mark.parametrize("command", ["add", "scan"])
def test_an_encoding_that_is_not_a_text_encoding(
    workspace: Workspace, base_project: Path, encoding: str, command: str
) -> None:
    args = ("add", "PROJECT", "FILE") if command == "add" else ("scan", "FILE")
    outcome = refused(
        workspace, base_project, "int02.txt", TRANSCRIPT.encode(), *args, "--encoding", encoding
    )
    assert outcome.stderr == (
        f"Error: --encoding {encoding}: unknown text encoding. Name the one the files were "
        "saved in, e.g. --encoding cp1252 (Windows), --encoding latin-1 or --encoding utf-16.\n"
    )


@pytest.mark.parametrize("size", ["0", "-1", "nan", "inf", "1e400", "20000"])
@pytest.mark.parametrize("command", ["add", "scan"])
def test_a_max_size_that_is_not_a_size(
    workspace: Workspace, base_project: Path, size: str, command: str
) -> None:
    args = ("add", "PROJECT", "FILE") if command == "add" else ("scan", "FILE")
    outcome = refused(
        workspace, base_project, "int02.txt", TRANSCRIPT.encode(), *args, "--max-size", size
    )
    shown = f"{float(size):g}"
    assert outcome.stderr == (
        f"Error: --max-size {shown}: give the largest file size to accept in MB, above 0 and at "
        "most 10,000, e.g. --max-size 20.\n"
    )


# -- an output over the project ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (("codings", "export"), "PROJECT"),
        (("segments",), "PROJECT"),
        (("segments",), "PROJECT-wal"),
        (("codings", "export"), "OTHER"),
    ],
    ids=["codings-export", "segments", "segments-to-wal", "another-database"],
)
def test_output_never_replaces_a_project(
    workspace: Workspace, base_project: Path, command: tuple[str, ...], target: str
) -> None:
    """``qualcode codings export P -o P`` replaced the project with a CSV file (exit 0)."""
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        other = copy_project(base_project, folder / "other.qualcode")
        out = {
            "PROJECT": project,
            "PROJECT-wal": Path(f"{project}-wal"),
            "OTHER": other,
        }[target]
        if target == "PROJECT-wal":
            out.write_bytes(b"")
        before = project_state(project), project.read_bytes(), other.read_bytes()
        outcome = invoke(*command, project, "-o", out)
        assert outcome.exit_code == 1, outcome.describe()
        what = f"a file of {project}" if target == "PROJECT-wal" else "an SQLite database"
        assert outcome.stderr == (
            f"Error: {out}: this is {what} (a qualcode project?), which the output would "
            "replace. Name another file with -o; nothing was written.\n"
        )
        assert (project_state(project), project.read_bytes(), other.read_bytes()) == before


# -- a manifest naming one file twice ----------------------------------------------------------


@pytest.mark.parametrize("named", [False, True], ids=["no-files", "with-the-file"])
def test_a_manifest_naming_one_file_in_two_ways(
    workspace: Workspace, base_project: Path, named: bool
) -> None:
    """Found by hand: rows 'a.txt' and './a.txt' were "same document name 'a' as .../a.txt"."""
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        (folder / "a.txt").write_text(TRANSCRIPT, encoding="utf-8")
        manifest = folder / "m.csv"
        manifest.write_text("file,role\na.txt,x\n./a.txt,y\n", encoding="utf-8")
        before = project_state(project)
        files = [folder / "a.txt"] if named else []
        outcome = invoke("add", project, *files, "--manifest", manifest, "--no-deidentify")
        assert outcome.stderr == (
            f"Error: {manifest}: the manifest lists a file twice:\n"
            f"  {manifest}: row 3: './a.txt' is the same file as row 2 ('a.txt')\n"
            "Keep one row per file; nothing was imported.\n"
        )
        assert project_state(project) == before


# -- attribute names that are not printable -------------------------------------------------------

CONTROL = "holds a control character (a line break, tab, escape or text-direction mark)"


def test_manifest_columns_named_with_control_characters(
    workspace: Workspace, base_project: Path
) -> None:
    """Found by hand: a quoted header cell "ro\\nle" became an attribute whose name broke the
    documents table over two lines."""
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        (folder / "a.txt").write_text(TRANSCRIPT, encoding="utf-8")
        manifest = folder / "m.csv"
        manifest.write_bytes(b'file,"ro\nle","x\x1b[31m"\na.txt,p,q\n')
        before = project_state(project)
        outcome = invoke("add", project, "--manifest", manifest, "--no-deidentify")
        assert outcome.stderr == (
            f"Error: {manifest}: the manifest has 2 problem(s):\n"
            f"  {manifest}: row 1: column 2, 'ro\\nle', {CONTROL}\n"
            f"  {manifest}: row 1: column 3, 'x\\x1b[31m', {CONTROL}\n"
            "Fix the manifest and run the import again; nothing was imported.\n"
        )
        assert project_state(project) == before


@pytest.mark.parametrize(
    ("key", "shown", "problem"),
    [('"si\\nte"', "'si\\nte'", CONTROL), ('""', "''", "is empty")],
    ids=["line-break", "empty"],
)
def test_front_matter_keys_that_cannot_name_an_attribute(
    workspace: Workspace, base_project: Path, key: str, shown: str, problem: str
) -> None:
    text = f"---\n{key}: a\n---\n{TRANSCRIPT}"
    outcome = refused(
        workspace,
        base_project,
        "fm.txt",
        text.encode(),
        "add",
        "PROJECT",
        "FILE",
        "--no-deidentify",
    )
    assert message(outcome) == (
        f"Error: DIR/fm.txt: the front matter key {shown} {problem}. Name each attribute with a "
        "word, e.g. site: or role:.\nNothing was imported; fix these files and try again.\n"
    )


def test_an_attr_option_named_with_an_escape(workspace: Workspace, base_project: Path) -> None:
    outcome = refused(
        workspace,
        base_project,
        "int02.txt",
        TRANSCRIPT.encode(),
        "add",
        "PROJECT",
        "FILE",
        "--attr",
        "x\x1by=1",
        "--no-deidentify",
    )
    assert outcome.stderr == f"Error: --attr 'x\\x1by=1': the name {CONTROL}.\n"


def test_codebook_text_with_escape_sequences(workspace: Workspace, base_project: Path) -> None:
    """Found by hand: a label holding an escape sequence was accepted and printed as it was by
    every command listing codes. Line breaks and tabs stay allowed (multi-line definitions)."""
    codebook = (
        'name: "x\\e[31m"\nfamilies:\n  - id: f\n    label: "F\\e[2J"\n    codes:\n'
        '      - {id: a, label: A, definition: "line one\\nline two\\tok"}\n'
    )
    outcome = refused(
        workspace,
        base_project,
        "cb.yaml",
        codebook.encode(),
        "codebook",
        "update",
        "PROJECT",
        "FILE",
    )
    assert message(outcome) == (
        "Error: DIR/cb.yaml: the codebook has 2 problems:\n"
        "  DIR/cb.yaml:1:7: name holds a control character (an escape or NUL): remove it\n"
        "  DIR/cb.yaml:4:12: family label holds a control character (an escape or NUL): remove "
        "it\nFix them and check again with `qualcode codebook check FILE`.\n"
    )


def test_a_segment_number_in_other_digits_is_refused(
    workspace: Workspace, base_project: Path
) -> None:
    """Found by hand: 'int01:１２' (fullwidth digits) was imported as int01:12, as Python's
    int() reads any Unicode digits; '²' is a digit to isdigit() but not to int()."""
    content = (
        "segment_id,coder,code\nint01:\uff12,ana,referral.hotline\nint01:\u00b2,ana,"
        "referral.hotline\n"
    ).encode()
    outcome = refused(
        workspace, base_project, "c.csv", content, "codings", "import", "PROJECT", "FILE"
    )
    assert message(outcome).splitlines()[1:3] == [
        "  DIR/c.csv: row 2: segment id 'int01:\uff12' is not of the form DOCUMENT:N",
        "  DIR/c.csv: row 3: segment id 'int01:\u00b2' is not of the form DOCUMENT:N",
    ]


def test_a_table_never_sends_an_escape_sequence(workspace: Workspace, base_project: Path) -> None:
    """Found by hand: a front-matter value "x\\e[2Jy" was printed as it was by `documents`,
    clearing the screen of whoever listed the documents; a line break split the row."""
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        transcript = folder / "int02.txt"
        transcript.write_text(f'---\nsite: "x\\e[2Jy"\nnotes: "a\\nb"\n---\n{TRANSCRIPT}')
        assert invoke("add", project, transcript, "--no-deidentify").ok
        listed = invoke("documents", project)
        assert "\x1b" not in listed.stdout
        row = next(line for line in listed.stdout.splitlines() if line.startswith("int02"))
        assert row.split()[1:3] == ["a\\nb", "x\\x1b[2Jy"]
