"""What a file really is, from its first bytes, and what to do when it is not what was asked.

A manifest saved as an Excel workbook, a transcript exported as PDF and a codebook that is a
Word document all end up refused; the user needs to hear what the file is and how to get the
format qualcode reads *for that kind of input*: a CSV for manifests and codings files, .txt or
.docx for transcripts, YAML for codebooks. :func:`check_kind` is the one place that says so, for
every reader.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from qualcode.errors import InputFileError

#: The format a reader wants: a text transcript, a CSV table or a YAML codebook.
Wanted = Literal["transcript", "csv", "yaml"]

#: "office": an OLE file, which may be a spreadsheet (.xls) as well as a document (.doc).
Family = Literal[
    "word", "spreadsheet", "office", "document", "pdf", "image", "archive", "rtf", "other"
]


@dataclass(frozen=True)
class FileKind:
    """A recognised file format: ``name`` as a message says it ("an Excel workbook (.xlsx)")."""

    name: str
    family: Family


_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF", FileKind("a PDF file", "pdf")),
    # OLE compound files: Excel 97-2003 (.xls), Word 97-2003 (.doc), encrypted Office files.
    (
        b"\xd0\xcf\x11\xe0",
        FileKind("an old-format Office file (.xls or .doc, or a password-protected one)", "office"),
    ),
    (b"{\\rtf", FileKind("an RTF file", "rtf")),
    (b"\x89PNG", FileKind("an image (PNG)", "image")),
    (b"\xff\xd8\xff", FileKind("an image (JPEG)", "image")),
    (b"GIF87a", FileKind("an image (GIF)", "image")),
    (b"GIF89a", FileKind("an image (GIF)", "image")),
    (b"SQLite format 3\x00", FileKind("an SQLite database", "other")),
    (b"\x1f\x8b", FileKind("a gzip archive", "archive")),
    (b"7z\xbc\xaf\x27\x1c", FileKind("a 7-Zip archive", "archive")),
    (b"Rar!\x1a\x07", FileKind("a RAR archive", "archive")),
    (b"\x7fELF", FileKind("a program", "other")),
)

#: Entries that tell one zip-based format from another (only the names are read).
_ZIP_MEMBERS: tuple[tuple[str, FileKind], ...] = (
    ("word/document.xml", FileKind("a Word document (.docx)", "word")),
    ("xl/workbook.xml", FileKind("an Excel workbook (.xlsx)", "spreadsheet")),
    ("ppt/presentation.xml", FileKind("a PowerPoint presentation (.pptx)", "document")),
)

_OPENDOCUMENT: dict[bytes, FileKind] = {
    b"application/vnd.oasis.opendocument.text": FileKind("an OpenDocument text (.odt)", "document"),
    b"application/vnd.oasis.opendocument.spreadsheet": FileKind(
        "an OpenDocument spreadsheet (.ods)", "spreadsheet"
    ),
}


def sniff(raw: bytes) -> FileKind | None:
    """The format ``raw`` is in, when its first bytes say so; ``None`` for anything else
    (text, or bytes no format claims)."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if raw.startswith(b"PK\x03\x04"):
        return _zip_kind(raw)
    return None


#: A zip archive of no format qualcode knows.
ZIP_ARCHIVE = FileKind("a zip archive", "archive")


def _zip_kind(raw: bytes) -> FileKind:
    """Which zip-based format: only the archive's directory and, for OpenDocument, its few-byte
    ``mimetype`` entry are read; nothing large is decompressed."""
    archive_kind = ZIP_ARCHIVE
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            for member, kind in _ZIP_MEMBERS:
                if member in names:
                    return kind
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                return _OPENDOCUMENT.get(archive.read("mimetype").strip(), archive_kind)
    except Exception:  # a damaged archive: zipfile and zlib raise many kinds of error
        return archive_kind
    return archive_kind


def advice(kind: FileKind | None, what: str, wanted: Wanted) -> str:
    """What to do with a file of ``kind`` (``None``: unrecognised binary) given where a
    ``what`` in the ``wanted`` format was expected."""
    if wanted == "csv":
        if kind is not None and kind.family in ("spreadsheet", "office"):
            return (
                "Open it in the spreadsheet and save it as CSV (File > Save As > "
                '"CSV UTF-8 (comma delimited)"), then give qualcode the .csv file.'
            )
        return f'The {what} must be a CSV file: export it from a spreadsheet as "CSV UTF-8".'
    if wanted == "yaml":
        return (
            f"The {what} must be a YAML text file (see the codebooks/ folder for examples); "
            "check that you named the right file."
        )
    if kind is not None and kind.family == "word":
        return "Give it a .docx extension, or export the transcript as .txt."
    if kind is not None and kind.family in ("rtf", "office", "document"):
        return "Save it as .docx or .txt."
    return "Export the transcript as .txt or .docx."


def check_kind(raw: bytes, path: Path, what: str, wanted: Wanted) -> None:
    """Refuse ``raw`` when its first bytes show another format than the ``wanted`` one: the
    message names the file, what it is, and how to get a ``what`` qualcode reads."""
    kind = sniff(raw)
    if kind is not None:
        raise InputFileError(
            f"{path}: this is {kind.name}, not a {what}. {advice(kind, what, wanted)}"
        )


def binary_file_error(path: Path, what: str, wanted: Wanted) -> InputFileError:
    """The error for a file holding NUL bytes that no format claims."""
    return InputFileError(
        f"{path}: this is a binary file, not a {what}. {advice(None, what, wanted)}"
    )
