"""Zip archives (a ``.docx`` is one) checked before they are unpacked, then unpacked safely.

The size limit on a transcript file applies to its compressed bytes; a zip bomb of 1 MB can
unpack to gigabytes. :func:`check` looks at the archive's directory before anything is
decompressed: the number of entries, the total unpacked size, the compression ratio of each
large entry and the compression method. :func:`unpack` then reads every entry in small chunks,
which never decompresses more than the size its header declares (zipfile cuts an entry off
there and its CRC check fails if the header lied), and :func:`repack` stores the result in a
fresh, uncompressed archive. A reader handed that copy (python-docx reads whole entries at
once, which on a lying header would decompress all of it) sees only what was checked.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal

LimitKind = Literal["entries", "size", "ratio", "method"]

_MB = 1024 * 1024
_CHUNK = 64 * 1024
#: What Word and every other .docx writer use; bzip2 and LZMA entries are decompressed by
#: zipfile in one piece, whatever their header says.
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}


@dataclass(frozen=True)
class ZipLimits:
    """How much an archive may hold once unpacked."""

    max_entries: int = 1_000
    max_total_bytes: int = 50 * _MB
    max_ratio: int = 100
    ratio_min_bytes: int = 1 * _MB


class ZipLimitError(Exception):
    """The archive passes one of its :class:`ZipLimits`, or uses a method not accepted."""

    def __init__(self, kind: LimitKind, reason: str) -> None:
        self.kind = kind
        self.reason = reason
        super().__init__(reason)


def _name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    return repr(name if len(name) <= 60 else name[:57] + "...")


def check(archive: zipfile.ZipFile, limits: ZipLimits) -> None:
    """Refuse an archive whose directory passes a limit; nothing is decompressed."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise ZipLimitError(
            "entries",
            f"it holds {len(entries):,} files, over the limit of {limits.max_entries:,} "
            "(a Word document holds a few dozen)",
        )
    total = 0
    for info in entries:
        if info.compress_type not in _METHODS:
            raise ZipLimitError(
                "method",
                f"its part {_name(info)} is compressed with method {info.compress_type}, not "
                "with the deflate or stored methods Word uses",
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ZipLimitError(
                "size",
                f"it would unpack to more than {limits.max_total_bytes / _MB:.1f} MB, the limit",
            )
        if (
            info.file_size > limits.ratio_min_bytes
            and info.file_size > limits.max_ratio * info.compress_size
        ):
            ratio = info.file_size / max(info.compress_size, 1)
            raise ZipLimitError(
                "ratio",
                f"its part {_name(info)} would unpack to {ratio:,.0f} times its compressed "
                f"size, over the limit of {limits.max_ratio}:1 for parts over "
                f"{limits.ratio_min_bytes / _MB:.0f} MB",
            )


def unpack(data: bytes, limits: ZipLimits) -> dict[str, bytes]:
    """Every file in the archive, by name, after :func:`check`.

    Raises :class:`ZipLimitError`, or zipfile's own errors (:class:`zipfile.BadZipFile` and
    others) for a damaged archive.
    """
    files: dict[str, bytes] = {}
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check(archive, limits)
        for info in archive.infolist():
            if info.is_dir():
                continue
            chunks: list[bytes] = []
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    total += len(chunk)
                    if total > limits.max_total_bytes:  # cannot happen: zipfile stops at
                        raise ZipLimitError(  # each declared size, checked above
                            "size",
                            f"it unpacks to more than {limits.max_total_bytes / _MB:.1f} MB, "
                            "the limit",
                        )
                    chunks.append(chunk)
            files[info.filename] = b"".join(chunks)
    return files


def repack(files: dict[str, bytes]) -> bytes:
    """An uncompressed archive of ``files``: what a reader of whole entries may safely open."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()
