"""Limits on transcripts before they are expanded: front-matter alias bombs, .docx zip bombs and
malformed or hostile Word XML.

Every hostile file is generated here. Each must be refused at once with an InputFileError that
names the file and the limit (never the transcript's text), and `qualcode add` must leave the
project exactly as it was.
"""

from __future__ import annotations

import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import Result

from qualcode.errors import InputFileError
from qualcode.formats import zipsafe
from qualcode.ingest.readers import read_transcript
from tests.conftest import dump, run

Write = Callable[[str, str | bytes], Path]

NOTHING = "\nNothing was imported"  # then what to do
RESAVE = "Open it in Word and save it again as .docx, or export it as .txt."
SECRET = "Zanzibar-Quokka"  # transcript text that must never appear in a message
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MB = 1024 * 1024


@contextmanager
def quick(seconds: float = 5.0) -> Iterator[None]:
    """The block must finish well within ``seconds`` (a bomb is refused in milliseconds)."""
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"


def refused(path: Path, **kwargs: object) -> str:
    with quick(), pytest.raises(InputFileError) as caught:
        read_transcript(path, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert SECRET not in message
    return message


def add_refused(project: Path, path: Path, *options: str) -> Result:
    """`qualcode add` of a hostile file: exit 1, a one-paragraph error, the project unchanged."""
    before = dump(project)
    documents = run("documents", project).stdout
    with quick():
        result = run("add", project, path, "--no-deidentify", *options)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: ")
    assert NOTHING in result.stderr
    assert "Traceback" not in result.output and SECRET not in result.output
    assert dump(project) == before
    assert run("documents", project).stdout == documents
    return result


def error_of(result: Result) -> str:
    """The message about the file, without the "Error: " and "Nothing was imported" lines."""
    return result.stderr.removeprefix("Error: ").split(NOTHING)[0]


# -- front matter ----------------------------------------------------------------------------


def column_of(line: str, needle: str, nth: int = 1) -> int:
    index = -1
    for _ in range(nth):
        index = line.index(needle, index + 1)
    return index + 1


def test_front_matter_alias_bomb_is_refused_and_nothing_is_imported(
    project: Path, write: Write
) -> None:
    lines = ["---", "role: prosecutor", "interviewer:"]
    lines.append("  - &a0 [" + ", ".join(["Dana"] * 10) + "]")
    for level in range(1, 9):  # 10**9 names once expanded
        lines.append(f"  - &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    lines += ["---", f"Interviewer: {SECRET}?", f"Respondent: {SECRET}."]
    path = write("bomb.txt", "\n".join(lines) + "\n")
    result = add_refused(project, path)
    # Nodes: root, role and its value, interviewer, its list: 5; a0 11; a1 111; a2's list 1,
    # then 111 for each *a1: the 8th on a2's line (file line 6) passes 1,000.
    assert error_of(result) == (
        f"{path}: line 6: the front matter was not read past this line: its aliases (*a1 "
        "here) would expand it to more than 1,000 values, each use being a copy of what it "
        "repeats. Front matter needs only 'key: value' lines: write the values out without "
        f"aliases (*name), or remove the '---' block."
    )
    assert column_of(lines[5], "*a1", 8)  # the place the count passes the limit


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "role: x\ninterviewer: &i Dana\nalso: [" + ", ".join(["*i"] * 101) + "]",
            "line 4: the front matter was not read past this line: it uses aliases (*name) more "
            "than 100 times. Front matter needs only 'key: value' lines: write the values out "
            "without aliases (*name), or remove the '---' block.",
        ),
        (
            "interviewer: " + "[" * 20 + "]" * 20,
            "line 2: the front matter was not read past this line: it is nested more than 16 "
            "levels deep. Front matter needs only 'key: value' lines, with at most a list of "
            "interviewers: flatten it, or remove the '---' block.",
        ),
        (
            "interviewer: &i [Dana, *i]",
            "line 2: the front matter was not read past this line: the alias *i is used inside "
            "the part it names, so it repeats without end. Remove the alias, or the '---' block.",
        ),
        (
            "interviewer: [" + ", ".join(["Dana"] * 1_000) + "]",
            "line 2: the front matter was not read past this line: it holds more than 1,000 "
            "values (keys, values and list items). Front matter needs only a few 'key: value' "
            "lines: shorten it, or remove the '---' block.",
        ),
        (
            "role: pro\x01secutor",
            "the front matter is not valid YAML (it holds control characters). Fix it or remove "
            "the '---' block.",
        ),
        (
            "interview_date: 2023-02-30",
            "line 2: the front matter is not valid YAML (a value reads as a date but cannot be "
            "read as one; put it in quotes to keep it as text). Fix it or remove the '---' block.",
        ),
        (
            "role: x\nparticipant: " + "7" * 5_000,
            "line 3: the front matter is not valid YAML (a value reads as a number but cannot be "
            "read as one; put it in quotes to keep it as text). Fix it or remove the '---' block.",
        ),
    ],
    ids=["aliases", "depth", "loop", "nodes", "control-character", "date", "digits"],
)
def test_front_matter_limits(write: Write, front: str, message: str) -> None:
    path = write("int01.md", f"---\n{front}\n---\nInterviewer: {SECRET}?\nRespondent: Yes.\n")
    assert refused(path) == f"{path}: {message}"


def test_ordinary_front_matter_with_an_alias_is_still_read(write: Write) -> None:
    path = write(
        "int02.txt",
        "---\nrole: &r prosecutor\nsite: *r\ninterviewer: [Dana]\n---\n"
        "Dana: Ready?\nLee: Yes.\nDana: Go on?\nLee: Done.\n",
    )
    raw = read_transcript(path)
    assert raw.attributes == {"role": "prosecutor", "site": "prosecutor"}
    assert [t.speaker_kind for t in raw.turns] == [
        "interviewer",
        "respondent",
        "interviewer",
        "respondent",
    ]


# -- .docx: building hostile files -----------------------------------------------------------


def docx_parts() -> dict[str, bytes]:
    """The parts of a real two-paragraph Word document, as python-docx writes it."""
    from docx import Document

    document = Document()
    document.add_paragraph(f"Interviewer: {SECRET}, who refers cases?")
    document.add_paragraph("Respondent: The hotline.")
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def document_xml(body: str, prolog: str = "") -> bytes:
    return f'<?xml version="1.0"?>{prolog}<w:document {NS}><w:body>{body}</w:body></w:document>'.encode()


def build_docx(
    path: Path,
    replace: dict[str, bytes] | None = None,
    *,
    stream: tuple[str, bytes, int] | None = None,
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A .docx of :func:`docx_parts` with some parts replaced; ``stream`` = (name, chunk, count)
    writes a part first, as ``count`` repeats of ``chunk``, without holding it in memory."""
    parts = {**docx_parts(), **(replace or {})}
    with zipfile.ZipFile(path, "w", method, compresslevel=1) as archive:
        if stream is not None:
            name, chunk, count = stream
            parts.pop(name, None)
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(count):
                    member.write(chunk)
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


# -- .docx: zip limits -----------------------------------------------------------------------


def test_docx_zip_bomb_is_refused_before_unpacking(project: Path, tmp_path: Path) -> None:
    # 200 MB of XML in about 1 MB of file.
    chunk = (paragraph(f"Respondent: {SECRET}") * 10_000).encode()
    path = build_docx(
        tmp_path / "bomb.docx", stream=("word/document.xml", chunk, 200 * MB // len(chunk))
    )
    assert path.stat().st_size < 2 * MB  # like the 1.1 MB file that reached 6 GB
    result = add_refused(project, path)
    assert error_of(result) == (
        f"{path}: the .docx file was refused before unpacking: it would unpack to more "
        "than 50.0 MB, the limit. A .docx may unpack to 5 times the --max-size limit of 10.0 MB; "
        "if this is a genuine transcript, raise it with --max-size MB, or save the transcript as "
        f".txt."
    )


def test_docx_part_compressed_more_than_a_hundredfold_is_refused(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "dense.docx", stream=("word/document.xml", b"a" * MB, 20))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    ratio = info.file_size / info.compress_size
    assert ratio > 100
    assert refused(path) == (
        f"{path}: the .docx file was refused before unpacking: its part 'word/document.xml' "
        f"would unpack to {ratio:,.0f} times its compressed size, over the limit of 100:1 for "
        f"parts over 1 MB. {RESAVE}"
    )


def test_docx_with_too_many_entries_is_refused(project: Path, tmp_path: Path) -> None:
    extra = {f"word/media/image{n}.png": b"" for n in range(1_500)}
    path = build_docx(tmp_path / "many.docx", extra)
    result = add_refused(project, path)
    count = len(docx_parts()) + 1_500
    assert error_of(result) == (
        f"{path}: the .docx file was refused before unpacking: it holds {count:,} files, "
        f"over the limit of 1,000 (a Word document holds a few dozen). {RESAVE}"
    )


def test_docx_compressed_with_another_method_is_refused(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "bz.docx", method=zipfile.ZIP_BZIP2)
    message = refused(path)
    assert message.startswith(f"{path}: the .docx file was refused before unpacking: its part ")
    assert message.endswith(
        f"is compressed with method 12, not with the deflate or stored methods Word uses. {RESAVE}"
    )


def lie_about_size(data: bytes, name: str, size: int, crc: int) -> bytes:
    """The archive with the central-directory record of ``name`` claiming ``size`` and ``crc``."""
    record = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", data, record + 28)[0]
        if data[record + 46 : record + 46 + name_length] == name.encode():
            break
        record = data.index(b"PK\x01\x02", record + 4)
    patched = bytearray(data)
    struct.pack_into("<I", patched, record + 16, crc)
    struct.pack_into("<I", patched, record + 24, size)
    return bytes(patched)


def test_a_lying_size_in_the_zip_header_never_unpacks_the_bomb(tmp_path: Path) -> None:
    """python-docx reads whole entries, which decompresses all the data whatever the header
    says; what it is given is an archive of the checked, declared-size parts only."""
    chunk = b"<w:t>" + b"a" * (MB - 5)
    honest = build_docx(tmp_path / "honest.docx", stream=("word/document.xml", chunk, 200))
    path = tmp_path / "liar.docx"
    path.write_bytes(
        lie_about_size(honest.read_bytes(), "word/document.xml", 1_000, zlib.crc32(chunk[:1_000]))
    )
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1_000
    tracemalloc.start()
    try:
        message = refused(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == f"{path}: not a readable .docx file (its XML is malformed). {RESAVE}"
    assert peak < 50 * MB, f"{peak / MB:.0f} MB allocated"


def test_raising_max_size_raises_the_docx_limit(project: Path, tmp_path: Path) -> None:
    body = "".join(paragraph(f"Respondent: answer number {n}.") for n in range(10_000))
    path = build_docx(tmp_path / "long.docx", {"word/document.xml": document_xml(body)})
    assert path.stat().st_size < 0.1 * MB
    result = add_refused(project, path, "--max-size", "0.1")
    assert error_of(result) == (
        f"{path}: the .docx file was refused before unpacking: it would unpack to more "
        "than 0.5 MB, the limit. A .docx may unpack to 5 times the --max-size limit of 0.1 MB; "
        "if this is a genuine transcript, raise it with --max-size MB, or save the transcript as "
        f".txt."
    )
    added = run("add", project, path, "--no-deidentify", "--max-size", "1")
    assert added.exit_code == 0, added.output
    assert "Added 1 document(s), 10000 segments (turn)" in added.stdout


# -- .docx: malformed and hostile XML --------------------------------------------------------

LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "' + (f"&lol{n - 1};" if n > 1 else "&lol;") * 10 + '">'
        for n in range(1, 10)
    )
    + "]>"
)


@pytest.mark.parametrize(
    ("part", "problem"),
    [
        (document_xml(f"<w:p><w:r><w:t>{SECRET}</w:t></w:r>"), "its XML is malformed"),
        (
            document_xml(paragraph("&lol9;"), LAUGHS),
            "its XML declares entities, which Word never writes",
        ),
        (
            document_xml("<w:p>" * 300 + "</w:p>" * 300),
            "part of its XML is larger or more deeply nested than the XML parser accepts",
        ),
        (b"<foo/>", "its contents are not those of a Word document"),
        (b"", "its XML is malformed"),
    ],
    ids=["malformed", "billion-laughs", "deep", "wrong-root", "empty"],
)
def test_malformed_or_hostile_docx_xml_is_a_clear_error(
    tmp_path: Path, part: bytes, problem: str
) -> None:
    path = build_docx(tmp_path / "bad.docx", {"word/document.xml": part})
    assert refused(path) == f"{path}: not a readable .docx file ({problem}). {RESAVE}"


def test_over_long_text_node_is_a_clear_error(tmp_path: Path) -> None:
    # 11 MB of text in one node (over libxml2's 10 MB) that compresses only 2:1, so it passes
    # the zip limits and reaches the XML parser.
    text = random.Random(5).randbytes(11 * MB // 2).hex()
    path = build_docx(tmp_path / "long.docx", {"word/document.xml": document_xml(paragraph(text))})
    assert path.stat().st_size < 10 * MB
    assert refused(path) == (
        f"{path}: not a readable .docx file (part of its XML is larger or more deeply nested "
        f"than the XML parser accepts). {RESAVE}"
    )


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    prolog = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    body = paragraph("Interviewer: Who? &x;") + paragraph("Respondent: The hotline.")
    path = build_docx(tmp_path / "xxe.docx", {"word/document.xml": document_xml(body, prolog)})
    raw = read_transcript(path)
    assert SECRET not in repr(raw.turns)
    assert [t.speaker for t in raw.turns] == ["Interviewer", "Respondent"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "it is password-protected, or an old Word (.doc) file",
        ),
        (b"PK\x03\x04 not really a zip", "it is not a zip archive, or the archive is damaged"),
    ],
    ids=["ole", "not-a-zip"],
)
def test_files_that_are_not_docx_archives(write: Write, content: bytes, problem: str) -> None:
    path = write("x.docx", content)
    assert refused(path) == f"{path}: not a readable .docx file ({problem}). {RESAVE}"


def test_damaged_archive_is_a_clear_error(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "crc.docx", method=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    at = data.index(SECRET.encode())
    data[at] ^= 0xFF  # the stored document.xml no longer matches its CRC
    path.write_bytes(bytes(data))
    assert refused(path) == (
        f"{path}: not a readable .docx file (it is not a zip archive, or the archive is "
        f"damaged). {RESAVE}"
    )


def test_random_damage_is_always_an_input_file_error(tmp_path: Path) -> None:
    original = build_docx(tmp_path / "good.docx").read_bytes()
    rng = random.Random(7)
    path = tmp_path / "damaged.docx"
    with quick():
        for _ in range(150):
            data = bytearray(original)
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            path.write_bytes(bytes(data[: rng.choice([len(data), rng.randrange(len(data))])]))
            try:
                read_transcript(path)
            except InputFileError as exc:
                assert str(exc).startswith(f"{path}: ")
                assert SECRET not in str(exc)


def test_a_normal_docx_is_still_accepted(project: Path, tmp_path: Path) -> None:
    path = build_docx(tmp_path / "int03.docx")
    with quick():
        result = run("add", project, path, "--no-deidentify")
    assert result.exit_code == 0, result.output
    assert "Added 1 document(s), 2 segments (turn)" in result.stdout
    assert "int03" in run("documents", project).stdout


def test_unpack_limits_directly() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", b"x" * 3_000)
        archive.writestr("dir/", b"")
    data = out.getvalue()
    assert zipsafe.unpack(data, zipsafe.ZipLimits()) == {"a.xml": b"x" * 3_000}
    with pytest.raises(zipsafe.ZipLimitError) as caught:
        zipsafe.unpack(data, zipsafe.ZipLimits(max_total_bytes=2_000))
    assert caught.value.kind == "size"
    with pytest.raises(zipsafe.ZipLimitError) as caught:
        zipsafe.unpack(data, zipsafe.ZipLimits(ratio_min_bytes=1_000, max_ratio=10))
    assert caught.value.kind == "ratio"
    with pytest.raises(zipsafe.ZipLimitError) as caught:
        zipsafe.unpack(data, zipsafe.ZipLimits(max_entries=1))
    assert caught.value.kind == "entries"
    with zipfile.ZipFile(io.BytesIO(zipsafe.repack({"a.xml": b"x"}))) as archive:
        assert [(i.filename, i.compress_type) for i in archive.infolist()] == [
            ("a.xml", zipfile.ZIP_STORED)
        ]
