"""Reading text files safely (transcripts, CSV files): size, emptiness, binary content and text
encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

from qualcode.errors import InputFileError
from qualcode.formats.paths import file_problem, os_reason
from qualcode.formats.sniff import Wanted, binary_file_error, check_kind

#: Default limit on one transcript file; a two-hour interview is well under 1 MB of text.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def read_bytes(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    what: str = "transcript",
    limit_option: str | None = "--max-size MB",
) -> bytes:
    """The file's bytes, refusing missing, empty and oversized files.

    ``what`` names the file in messages; ``limit_option`` is the option that raises the size
    limit (``None`` where the command has none).
    """
    problem = file_problem(path)
    if problem == "no such file":
        raise InputFileError(f"{path}: no such file. Check the path.")
    if problem is not None:
        raise InputFileError(f"{path}: cannot read the {what}: {problem}.")
    try:
        size = path.stat().st_size
    except OSError as exc:  # removed since file_problem() looked
        raise InputFileError(f"{path}: cannot read the {what}: {os_reason(exc)}.") from None
    if size == 0:
        raise InputFileError(f"{path}: the file is empty. Check that the {what} was exported.")
    if size > max_bytes:
        raise_limit = f", or raise the limit with {limit_option}" if limit_option else ""
        raise InputFileError(
            f"{path}: the file is {size / 1_048_576:.1f} MB, over the limit of "
            f"{max_bytes / 1_048_576:.1f} MB. Split it{raise_limit}."
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read the {what}: {os_reason(exc)}.") from None


def decode_text(
    raw: bytes,
    path: Path,
    encoding: str | None = None,
    *,
    what: str = "text transcript",
    wanted: Wanted = "transcript",
    encoding_option: str | None = "--encoding",
) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 (BOM or detected), or the
    encoding the user names. Anything else is refused with a message saying what to do.

    ``what`` names the expected file in messages ("text transcript", "manifest"), ``wanted``
    is its format (a file in another format is told how to get this one);
    ``encoding_option`` is the option that names an encoding (``None`` where there is none).
    A NUL character is never text, whatever the encoding: such a file is refused as binary.
    """
    check_kind(raw, path, what, wanted)
    text = _decode_text(
        raw, path, encoding, what=what, wanted=wanted, encoding_option=encoding_option
    )
    if "\x00" in text:
        raise binary_file_error(path, what, wanted)
    return text


def _decode_text(
    raw: bytes,
    path: Path,
    encoding: str | None,
    *,
    what: str,
    wanted: Wanted,
    encoding_option: str | None,
) -> str:
    """:func:`decode_text` but for the checks of what the bytes are."""
    if encoding:
        check_encoding(encoding)
        try:
            return raw.decode(encoding)
        except UnicodeError as exc:  # punycode and idna raise UnicodeError, with no position
            at = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
            raise InputFileError(
                f"{path}: cannot be read as {encoding}{at}. Check the encoding."
            ) from None
    if raw.startswith(codecs.BOM_UTF8):
        return _decode(raw[3:], "utf-8", path)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(raw, "utf-16", path)
    utf16 = _looks_utf16(raw)
    if utf16:
        return _decode(raw, utf16, path)
    if b"\x00" in raw:
        raise binary_file_error(path, what, wanted)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        name_it = (
            f", or name its encoding with {encoding_option} (for example {encoding_option} "
            "cp1252 for Windows Word exports)"
            if encoding_option
            else ' (in a spreadsheet: save as "CSV UTF-8")'
        )
        raise InputFileError(
            f"{path}: line {line} is not UTF-8 text (byte 0x{raw[exc.start]:02x}). The file is "
            f"in another encoding: re-save it as UTF-8{name_it}."
        ) from None


def check_encoding(encoding: str) -> None:
    """Refuse an ``--encoding`` that is not the name of a text encoding (``base64``, ``rot13``
    and ``zlib`` are codecs too, but not of bytes to text)."""
    try:
        b"  ".decode(encoding)  # not b"": decoding nothing skips the check
    except ValueError:  # a text encoding that will not have two spaces (utf-32, punycode)
        pass
    except LookupError:
        raise InputFileError(
            f"--encoding {encoding}: unknown text encoding. Name the one the files were saved "
            "in, e.g. --encoding cp1252 (Windows), --encoding latin-1 or --encoding utf-16."
        ) from None


def _decode(raw: bytes, encoding: str, path: Path) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: the file claims to be {encoding} but byte {exc.start} is invalid. Re-save "
            "it as UTF-8."
        ) from None


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    even_nuls = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
    odd_nuls = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
    if odd_nuls > 0.6 * pairs and even_nuls < 0.1 * pairs:
        return "utf-16-le"
    if even_nuls > 0.6 * pairs and odd_nuls < 0.1 * pairs:
        return "utf-16-be"
    return None
