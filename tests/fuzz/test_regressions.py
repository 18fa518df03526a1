"""Minimal reproducers of the failures the fuzz suite found, one plain test each.

They keep each bug from coming back. A bug found and not fixed yet gets a strict xfail here
(``open_bug`` in conftest.py). The paths that cannot be read (names too long, symlink loops)
are in test_paths_fuzz.py.
"""

from __future__ import annotations

import codecs
import io
import random
import zipfile
from pathlib import Path

import pytest

from tests.conftest import TRANSCRIPT
from tests.fuzz.conftest import (
    Workspace,
    copy_project,
    invoke,
    message,
    refused,
)
from tests.fuzz.strategies import ALIAS_BOMB, DEEP_YAML
from tests.fuzz.transcripts import docx_bytes, rezip

# -- reproducers -----------------------------------------------------------------------------

#: A codebook whose codes are anchored and repeated as children of children: 9 codes per
#: level, 9 levels, so a walker of the composed nodes visits 9**9 codes.
CODEBOOK_ALIAS_BOMB = (
    "name: bomb\nfamilies:\n  - id: f\n    label: F\n    codes:\n"
    "      - &c0 {id: c, label: C, definition: D}\n"
    + "".join(
        f"      - &c{i} {{id: c{i}, label: C, definition: D, children: [{', '.join([f'*c{i - 1}'] * 9)}]}}\n"
        for i in range(1, 10)
    )
)
#: A code among its own children: an alias inside the part it names.
CODEBOOK_LOOP = (
    "name: loop\nfamilies:\n  - id: f\n    label: F\n    codes: &codes\n"
    "      - {id: a, label: A, definition: D, children: *codes}\n"
)
CODEBOOK_DEEP = "name: deep\nfamilies: " + DEEP_YAML + "\n"
CODEBOOK_DEEP_CHILDREN = (
    "name: deep\nfamilies:\n  - id: f\n    label: F\n    codes: "
    + "[{id: a, label: A, definition: D, children: " * 400
    + "[]"
    + "}]" * 400
    + "\n"
)

FRONT_MATTER_ALIAS_BOMB = f"---\ninterviewer: {ALIAS_BOMB}\n---\n{TRANSCRIPT}"
FRONT_MATTER_DEEP = f"---\nsite: {DEEP_YAML}\n---\n{TRANSCRIPT}"

VALID_DOCX = docx_bytes(TRANSCRIPT.splitlines())


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
#: A billion-laughs entity declaration in document.xml: 10**9 "lol"s once expanded.
LAUGHS_XML = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "'.encode()
        + (f"&lol{n - 1};" if n > 1 else "&lol;").encode() * 10
        + b'">'
        for n in range(1, 10)
    )
    + b"]><w:document "
    + _W
    + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def long_text_xml() -> bytes:
    """document.xml with one text node of 11 MB (over libxml2's 10 MB) that compresses only
    2:1, so that it passes the zip limits and reaches the XML parser."""
    text = random.Random(5).randbytes(11 * 1024 * 1024 // 2).hex().encode()
    return (
        b'<?xml version="1.0"?><w:document '
        + _W
        + b"><w:body><w:p><w:r><w:t>"
        + text
        + b"</w:t></w:r></w:p></w:body></w:document>"
    )


def xlsx_bytes() -> bytes:
    """The start of an Excel workbook: a zip archive holding xl/workbook.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def docx_zip_bomb() -> bytes:
    """A Word document whose document.xml unpacks from ~0.2 MB to 200 MB."""
    head = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(VALID_DOCX)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
                continue
            with target.open("word/document.xml", "w") as part:
                part.write(head)
                chunk = b" " * (1024 * 1024)
                for _ in range(200):
                    part.write(chunk)
                part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


# -- fixtures and helpers --------------------------------------------------------------------


# -- codebooks: YAML alias bombs, loops and deep nesting (fixed) ------------------------------


@pytest.mark.parametrize(
    "codebook",
    [CODEBOOK_ALIAS_BOMB, CODEBOOK_LOOP, CODEBOOK_DEEP, CODEBOOK_DEEP_CHILDREN],
    ids=["alias-bomb", "alias-loop", "deep-flow", "deep-children"],
)
@pytest.mark.parametrize(
    "command",
    [
        ("codebook", "check", "FILE"),
        ("new", "DIR/new.qualcode", "--codebook", "FILE"),
        ("codebook", "update", "PROJECT", "FILE"),
    ],
    ids=["check", "new", "update"],
)
def test_hostile_codebook_yaml_is_refused_at_once(
    workspace: Workspace, base_project: Path, codebook: str, command: tuple[str, ...]
) -> None:
    """Found on ebd7c19: the alias bomb hung (exponential walk), the loop and the deep
    nesting raised RecursionError."""
    outcome = refused(workspace, base_project, "cb.yaml", codebook.encode(), *command)
    assert "the codebook" in outcome.stderr


# -- front matter: alias bombs, loops and deep nesting (fixed) --------------------------------


@pytest.mark.parametrize(
    "text",
    [FRONT_MATTER_ALIAS_BOMB, FRONT_MATTER_DEEP],
    ids=["alias-bomb", "deep"],
)
def test_hostile_front_matter_is_refused_at_once(
    workspace: Workspace, base_project: Path, text: str
) -> None:
    """Found on ebd7c19: str() of the interviewer list expanded the bomb (hang); the deep
    block raised RecursionError."""
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
    assert "front matter" in outcome.stderr


def test_an_escape_naming_no_character_is_a_yaml_error(
    workspace: Workspace, base_project: Path
) -> None:
    """Found by test_update_refuses_bad_codebooks_without_change: PyYAML's scanner raised
    ValueError('chr() arg not in range(0x110000)') on "\\U10010000", in a codebook and in
    front matter alike."""
    codebook = refused(
        workspace,
        base_project,
        "cb.yaml",
        b'name: "\\U10010000"\nfamilies: []\n',
        "codebook",
        "update",
        "PROJECT",
        "FILE",
    )
    assert message(codebook).splitlines()[1] == (
        "  DIR/cb.yaml:1:10: YAML syntax error: an escape sequence (\\U...) names no Unicode "
        "character"
    )
    front = refused(
        workspace,
        base_project,
        "fm.txt",
        f'---\nsite: "\\U10010000"\n---\n{TRANSCRIPT}'.encode(),
        "add",
        "PROJECT",
        "FILE",
        "--no-deidentify",
    )
    assert message(front).splitlines()[0] == (
        "Error: DIR/fm.txt: line 2: the front matter is not valid YAML (an escape sequence "
        "(\\U...) names no Unicode character). Fix it or remove the '---' block."
    )


# -- .docx: zip bombs and malformed parts (fixed) --------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "zip-bomb",
        "empty-document-xml",
        "content-types-not-ooxml",
        "no-body",
        "bad-namespace",
        "entity-amplification",
        "over-long-text-node",
    ],
)
def test_hostile_word_documents_are_refused(
    workspace: Workspace, base_project: Path, name: str
) -> None:
    """Found on ebd7c19: lxml.etree.XMLSyntaxError ('Document is empty', 'Namespace prefix w
    on document is not defined'), AttributeError ("'lxml.etree._Element' object has no
    attribute 'overrides'" / "... 'body'", "'NoneType' object has no attribute 'p_lst'")
    escaped from python-docx, and a 200 MB document.xml was unpacked whole."""
    content = {
        "zip-bomb": docx_zip_bomb,
        "empty-document-xml": lambda: rezip(VALID_DOCX, {"word/document.xml": b""}),
        "content-types-not-ooxml": lambda: rezip(VALID_DOCX, {"[Content_Types].xml": b"<a/>"}),
        "no-body": lambda: rezip(
            VALID_DOCX, {"word/document.xml": b"<?xml version='1.0'?><document/>"}
        ),
        "bad-namespace": lambda: rezip(VALID_DOCX, {"word/document.xml": b"<w:document"}),
        "entity-amplification": lambda: rezip(VALID_DOCX, {"word/document.xml": LAUGHS_XML}),
        "over-long-text-node": lambda: rezip(VALID_DOCX, {"word/document.xml": long_text_xml()}),
    }[name]()
    outcome = refused(
        workspace, base_project, "w.docx", content, "add", "PROJECT", "FILE", "--no-deidentify"
    )
    problem = {
        "zip-bomb": "the .docx file was refused before unpacking: ",
        "entity-amplification": "(its XML declares entities, which Word never writes)",
        "over-long-text-node": "(part of its XML is larger or more deeply nested than the XML "
        "parser accepts)",
    }.get(name, "not a readable .docx file (")
    assert message(outcome).startswith("Error: DIR/w.docx: "), outcome.describe()
    assert problem in outcome.stderr, outcome.describe()


# -- manifests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("named", [False, True], ids=["no-files", "with-a-file"])
def test_manifest_with_only_a_header_is_refused(
    workspace: Workspace, base_project: Path, named: bool
) -> None:
    """Known bug of the brief (IntegrityError); on ebd7c19 it printed "Added 0 document(s)"
    and exited 0."""
    args = ["add", "PROJECT", "--manifest", "FILE", "--no-deidentify"]
    if named:
        (workspace.root / "a.txt").write_text(TRANSCRIPT, encoding="utf-8")
        args.append(str(workspace.root / "a.txt"))
    outcome = refused(workspace, base_project, "m.csv", b"file,role\n", *args)
    assert outcome.exit_code == 1 and "lists no files" in outcome.stderr


@pytest.mark.parametrize(
    "content",
    [b"\xef\xbb\xbffile\r\n\x00\r\n", "file\na.txt\x00\n".encode("utf-16")],
    ids=["utf-8-bom", "utf-16"],
)
def test_nul_in_a_manifest_file_cell_is_a_user_error(
    workspace: Workspace, base_project: Path, content: bytes
) -> None:
    """Found by test_add_with_fuzzed_manifests (shrunk to b'\\xef\\xbb\\xbffile\\r\\n\\x00\\r\\n'):
    ValueError('embedded null byte') from Path.resolve(), as a BOM or UTF-16 skipped the check
    for NUL bytes. A NUL is now refused after decoding, whatever the encoding."""
    outcome = refused(
        workspace, base_project, "m.csv", content, "add", "PROJECT", "--manifest", "FILE"
    )
    assert message(outcome) == (
        "Error: DIR/m.csv: this is a binary file, not a manifest. The manifest must be a CSV "
        'file: export it from a spreadsheet as "CSV UTF-8".\n'
    )


# -- what a CSV is called ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (("codings", "import", "PROJECT", "FILE"), "codings"),
        (("add", "PROJECT", "--manifest", "FILE", "--no-deidentify"), "manifest"),
    ],
    ids=["codings", "manifest"],
)
def test_a_binary_csv_is_not_called_a_transcript(
    workspace: Workspace, base_project: Path, command: tuple[str, ...], what: str
) -> None:
    """Known bug of the brief: on ebd7c19 a binary codings file or manifest was "a binary
    file, not a text transcript. Export it as .txt or .docx"."""
    outcome = refused(workspace, base_project, "x.csv", b"\x00\x01\x02binary", *command)
    assert "transcript" not in outcome.stderr
    assert what in outcome.stderr


SPREADSHEET_ADVICE = (
    'Open it in the spreadsheet and save it as CSV (File > Save As > "CSV UTF-8 (comma '
    'delimited)"), then give qualcode the .csv file.'
)


@pytest.mark.parametrize(
    ("content", "kind", "advice"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "an old-format Office file (.xls or .doc, or a password-protected one)",
            SPREADSHEET_ADVICE,
        ),
        (
            b"%PDF-1.7\n" + b"\x00" * 64,
            "a PDF file",
            'The WHAT must be a CSV file: export it from a spreadsheet as "CSV UTF-8".',
        ),
        (xlsx_bytes(), "an Excel workbook (.xlsx)", SPREADSHEET_ADVICE),
        (
            VALID_DOCX,
            "a Word document (.docx)",
            'The WHAT must be a CSV file: export it from a spreadsheet as "CSV UTF-8".',
        ),
    ],
    ids=["xls", "pdf", "xlsx", "docx"],
)
@pytest.mark.parametrize(
    ("command", "what"),
    [
        (("codings", "import", "PROJECT", "FILE"), "codings file"),
        (("add", "PROJECT", "--manifest", "FILE", "--no-deidentify"), "manifest"),
    ],
    ids=["codings", "manifest"],
)
def test_a_spreadsheet_or_pdf_csv_gets_csv_advice(
    workspace: Workspace,
    base_project: Path,
    content: bytes,
    kind: str,
    advice: str,
    command: tuple[str, ...],
    what: str,
) -> None:
    """Found by test_import_fuzzed_codings: an .xls or a PDF was told to "save it as .docx or
    .txt", the advice for transcripts; an .xlsx was "a binary file"."""
    outcome = refused(workspace, base_project, "x.csv", content, *command)
    assert message(outcome) == (
        f"Error: DIR/x.csv: this is {kind}, not a {what}. {advice.replace('WHAT', what)}\n"
    )


def test_utf16_codings_with_bom_round_trip(workspace: Workspace, base_project: Path) -> None:
    """An example the fuzzer keeps: a UTF-16 codings file (a spreadsheet's "Unicode text")."""
    with workspace.case() as folder:
        project = copy_project(base_project, folder / "p.qualcode")
        path = folder / "c.csv"
        path.write_bytes(
            codecs.BOM_UTF16_LE
            + "segment_id,coder,code\r\nint01:2,ana,referral.hotline\r\n".encode("utf-16-le")
        )
        assert invoke("codings", "import", project, path, "--unlisted", "reviewed").ok
        assert "int01:2,ana,referral.hotline" in invoke("codings", "export", project).stdout
