"""Opening a ``.qdpx`` archive and its XML safely.

A ``.qdpx`` is a zip holding one ``*.qde`` project file and the sources (``Sources/``,
``sources/`` or the root). Before anything is decompressed the archive's directory is checked:
entry names that climb out (``..``) or are absolute are refused, and the zip bomb limits of
:mod:`qualcode.formats.zipsafe` apply (entries, declared total size, ratio, method). Only the
entries qualcode reads are then decompressed, in chunks, each under a size limit.

XML is parsed by lxml with entity resolution, network access and huge trees off; a document
that declares a DTD (external entities, "billion laughs") is refused, since no REFI-QDA tool
writes one.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from qualcode.errors import InputFileError
from qualcode.formats import zipsafe

_MB = 1024 * 1024
#: Media sources may make an archive large; only the declared sizes of those are looked at.
QDPX_LIMITS = zipsafe.ZipLimits(
    max_entries=20_000, max_total_bytes=8 * 1024 * _MB, max_ratio=100, ratio_min_bytes=1 * _MB
)
#: The largest project file (``*.qde``) and the largest text source read out of an archive.
MAX_QDE_BYTES = 200 * _MB
MAX_SOURCE_BYTES = 50 * _MB
_CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_LEADING = re.compile(r"^(?:\./|/)+")


class QdpxArchive:
    """The entries of a checked ``.qdpx``, read on demand."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.names = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        self._folded = {_folded(name): name for name in self.names}

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def project_entry(self) -> str:
        """The one ``*.qde`` entry (``project.qde``, ``Project.qde`` ...)."""
        found = [name for name in self.names if name.lower().endswith(".qde")]
        if not found:
            raise InputFileError(
                f"{self.path}: the archive holds no project file (*.qde), so it is not a REFI-QDA "
                "project. Export it again from the other program as a REFI-QDA project (.qdpx)."
            )
        if len(found) > 1:
            top = [name for name in found if "/" not in name]
            if len(top) != 1:
                raise InputFileError(
                    f"{self.path}: the archive holds {len(found)} project files "
                    f"({', '.join(sorted(found)[:5])}); a .qdpx has exactly one."
                )
            return top[0]
        return found[0]

    def find_source(self, file_name: str) -> str | None:
        """The entry of an ``internal://`` file: in ``Sources/``, ``sources/`` or the root (some
        tools write the folder into the path, ``internal://Sources/x.txt``), names compared
        without regard to case or to the kind of slash."""
        wanted = _LEADING.sub("", _folded(file_name))
        for folder in ("sources/", ""):
            name = self._folded.get(f"{folder}{wanted}")
            if name is not None:
                return name
        return None

    def read(self, name: str, limit: int) -> bytes:
        """One entry, decompressed in chunks and refused past ``limit`` bytes."""
        info = self.names[name]
        if info.file_size > limit:
            raise InputFileError(
                f"{self.path}: the part {name!r} would unpack to {info.file_size / _MB:.1f} MB, "
                f"over the limit of {limit / _MB:.0f} MB, so it was not read."
            )
        chunks: list[bytes] = []
        total = 0
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise InputFileError(f"{self.path}: the part {name!r} is too large.")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InputFileError(
                f"{self.path}: the part {name!r} is damaged ({type(exc).__name__}). Export the "
                "project again."
            ) from None
        return b"".join(chunks)


def _folded(name: str) -> str:
    return name.replace("\\", "/").lower()


def open_qdpx(path: Path) -> QdpxArchive:
    """Open and check a ``.qdpx``; raises :class:`InputFileError` naming what is wrong."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file. Check the path.") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a folder, not a .qdpx file.") from None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InputFileError(
            f"{path}: not a zip archive, so not a REFI-QDA project (.qdpx). Export the project "
            "again from the other program."
        ) from None
    try:
        check_names(path, archive)
        zipsafe.check(archive, QDPX_LIMITS)
    except zipsafe.ZipLimitError as exc:
        archive.close()
        raise InputFileError(
            f"{path}: the archive was refused before unpacking: {exc.reason}. Export the project "
            "again from the program that made it."
        ) from None
    except BaseException:
        archive.close()
        raise
    return QdpxArchive(path, archive)


def check_names(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse entry names that are absolute or climb out of the archive (zip slip)."""
    for info in archive.infolist():
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or _DRIVE.match(name) or ".." in parts or "\x00" in name:
            shown = name if len(name) <= 80 else name[:77] + "..."
            raise InputFileError(
                f"{path}: the archive holds an entry named {shown!r}, which points outside the "
                "archive (an absolute name or '..'). No REFI-QDA program writes such names; the "
                "file was refused and nothing was imported."
            )


def parse_xml(data: bytes, where: str) -> Any:
    """The root element of an XML document, parsed without entities, DTDs or network."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.parse(io.BytesIO(data), parser).getroot()
    except etree.XMLSyntaxError as exc:
        reason = str(exc).lower()
        if "entit" in reason:
            raise _dtd_refused(where) from None
        line = getattr(exc, "lineno", None)
        at = f" (line {line})" if line else ""
        raise InputFileError(
            f"{where}: the XML is malformed{at}. Export the file again from the program that "
            "made it."
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _dtd_refused(where)
    return root


def _dtd_refused(where: str) -> InputFileError:
    return InputFileError(
        f"{where}: the XML declares a DTD or entities (<!DOCTYPE ...>), which REFI-QDA files "
        "never do and which can read other files or expand without end; it was refused and "
        "nothing was imported."
    )


def local_name(element: Any) -> str:
    """An element's tag without its namespace."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
