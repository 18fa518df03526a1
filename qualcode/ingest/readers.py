"""Format readers: each turns a file into speaker turns plus front-matter attributes."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qualcode.errors import InputFileError
from qualcode.formats import sniff, yamlsafe, zipsafe
from qualcode.formats.text import DEFAULT_MAX_BYTES, decode_text, read_bytes
from qualcode.ingest.files import transcript_format
from qualcode.ingest.turns import Turn, parse_turns
from qualcode.model import name_problem


@dataclass
class RawTranscript:
    path: Path
    format: str
    turns: list[Turn]
    attributes: dict[str, str] = field(default_factory=dict)


def read_transcript(
    path: Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> RawTranscript:
    """Read any supported transcript; raises :class:`InputFileError` with a clear message."""
    fmt = transcript_format(path)
    raw = read_bytes(path, max_bytes)
    if fmt == "docx":
        lines = _docx_lines(raw, path, max_bytes)
    else:
        text = decode_text(raw, path, encoding)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    attributes: dict[str, str] = {}
    interviewers: set[str] = set()
    if fmt in ("txt", "md", "docx"):
        lines, attributes, interviewers = _front_matter(lines, path)
    if fmt == "vtt":
        turns = _cue_turns(_vtt_cues(lines), interviewers)
    elif fmt == "srt":
        turns = _cue_turns(_srt_cues(lines), interviewers)
    else:
        turns = parse_turns(lines, interviewers)
    if not turns:
        raise InputFileError(f"{path}: the file has no transcript text (only blank lines).")
    return RawTranscript(path=path, format=fmt, turns=turns, attributes=attributes)


def _front_matter(lines: list[str], path: Path) -> tuple[list[str], dict[str, str], set[str]]:
    """Split an optional leading ``---`` YAML block off; its keys become attributes."""
    if not lines or lines[0].strip() != "---":
        return lines, {}, set()
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise InputFileError(
            f"{path}: line 1 opens YAML front matter with '---' but no closing '---' line follows. "
            "Add the closing line, or remove the opening one."
        )
    block = "\n".join(lines[1:end])
    try:
        data = yamlsafe.safe_load(block, yamlsafe.FRONT_MATTER_LIMITS) if block.strip() else {}
    except yamlsafe.YamlLimitError as exc:
        line = (exc.mark.line + 2) if exc.mark else 2
        raise InputFileError(
            f"{path}: line {line}: the front matter was not read past this line: {exc.reason}. "
            f"{_FRONT_MATTER_ADVICE[exc.kind]}"
        ) from None
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 2) if exc.problem_mark else 2
        raise InputFileError(
            f"{path}: line {line}: the front matter is not valid YAML ({exc.problem}). Fix it "
            "or remove the '---' block."
        ) from None
    except yaml.YAMLError:  # the reader's errors: control characters in the block
        raise InputFileError(
            f"{path}: the front matter is not valid YAML (it holds control characters). Fix it "
            "or remove the '---' block."
        ) from None
    if not isinstance(data, dict):
        raise InputFileError(
            f"{path}: line 2: the front matter must be 'key: value' lines, one attribute each."
        )
    attributes: dict[str, str] = {}
    interviewers: set[str] = set()
    for key, value in data.items():
        name = str(key).strip().lower()
        unprintable = name_problem(name)
        if unprintable:
            raise InputFileError(
                f"{path}: the front matter key {str(key)!a} {unprintable}. Name each attribute "
                "with a word, e.g. site: or role:."
            )
        if name in ("interviewer", "interviewers"):
            values = value if isinstance(value, list) else [value]
            interviewers.update(str(v) for v in values if v is not None)
            continue
        if isinstance(value, (dict, list)):
            raise InputFileError(
                f"{path}: front matter key '{key}' must have a single value, not a list or mapping."
            )
        attributes[name] = "" if value is None else str(value)
    return lines[end + 1 :], attributes, interviewers


_FRONT_MATTER_ADVICE = {
    "aliases": "Front matter needs only 'key: value' lines: write the values out without "
    "aliases (*name), or remove the '---' block.",
    "expansion": "Front matter needs only 'key: value' lines: write the values out without "
    "aliases (*name), or remove the '---' block.",
    "nodes": "Front matter needs only a few 'key: value' lines: shorten it, or remove the "
    "'---' block.",
    "depth": "Front matter needs only 'key: value' lines, with at most a list of interviewers: "
    "flatten it, or remove the '---' block.",
    "loop": "Remove the alias, or the '---' block.",
}

#: A .docx may unpack to this many times the --max-size limit on the file itself.
DOCX_EXPANSION = 5
#: Old Word (.doc) files and password-protected .docx files are OLE compound files.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def docx_limits(max_bytes: int) -> zipsafe.ZipLimits:
    """The limits on a .docx file's archive for a --max-size of ``max_bytes``."""
    return zipsafe.ZipLimits(max_total_bytes=DOCX_EXPANSION * max_bytes)


def _docx_lines(raw: bytes, path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """Paragraphs of a Word document, separated by blank lines (each is a paragraph).

    The archive is checked and unpacked under :func:`docx_limits` first, and python-docx reads
    only the checked copy. Any failure of python-docx, lxml or zipfile on the file means the file
    is not readable; the message names the kind of problem, never the file's text.
    """
    if raw.startswith(_OLE_MAGIC):
        raise _unreadable_docx(path, "it is password-protected, or an old Word (.doc) file")
    kind = sniff.sniff(raw)
    if kind is not None and kind.family != "word" and kind != sniff.ZIP_ARCHIVE:
        # A PDF or a workbook renamed .docx; an unknown zip is examined below.
        raise InputFileError(
            f"{path}: this is {kind.name}, not a Word document. "
            + sniff.advice(kind, "transcript", "transcript")
        )
    try:
        files = zipsafe.unpack(raw, docx_limits(max_bytes))
    except zipsafe.ZipLimitError as exc:
        if exc.kind == "size":
            advice = (
                f"A .docx may unpack to {DOCX_EXPANSION} times the --max-size limit of "
                f"{max_bytes / 1_048_576:.1f} MB; if this is a genuine transcript, raise it with "
                "--max-size MB, or save the transcript as .txt."
            )
        else:
            advice = "Open it in Word and save it again as .docx, or export it as .txt."
        raise InputFileError(
            f"{path}: the .docx file was refused before unpacking: {exc.reason}. {advice}"
        ) from None
    except MemoryError:
        raise
    except Exception as exc:  # zipfile and zlib on a damaged archive
        raise _unreadable_docx(path, _docx_problem(exc)) from None

    from docx import Document

    lines: list[str] = []
    try:
        document = Document(io.BytesIO(zipsafe.repack(files)))
        for paragraph in document.paragraphs:
            for line in paragraph.text.split("\n"):
                lines.append(line)
            lines.append("")
    except MemoryError:
        raise
    except Exception as exc:  # python-docx and lxml on malformed parts: see _docx_problem
        raise _unreadable_docx(path, _docx_problem(exc)) from None
    return lines


def _unreadable_docx(path: Path, problem: str) -> InputFileError:
    return InputFileError(
        f"{path}: not a readable .docx file ({problem}). Open it in Word and save it again as "
        ".docx, or export it as .txt."
    )


def _docx_problem(exc: Exception) -> str:
    """What is wrong, in words that never quote the file (lxml's messages may)."""
    if isinstance(exc, SyntaxError):  # lxml.etree.XMLSyntaxError
        message = str(exc).lower()
        if "entit" in message:
            return "its XML declares entities, which Word never writes"
        if any(word in message for word in ("huge", "too long", "limit", "excessive", "depth")):
            return "part of its XML is larger or more deeply nested than the XML parser accepts"
        return "its XML is malformed"
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError | NotImplementedError):
        return "it is not a zip archive, or the archive is damaged"
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return "it is password-protected"
    if isinstance(exc, KeyError):
        return "a part every Word document has is missing"
    return "its contents are not those of a Word document"


_TIMING = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}\s*-->")
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>(.*)$")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d{1,2}:\d{2}[^>]*>")


def _vtt_cues(lines: list[str]) -> list[tuple[str | None, str]]:
    """(speaker or None, text) per cue of a WebVTT file."""
    cues: list[tuple[str | None, str]] = []
    blocks = _blocks(lines)
    for block in blocks:
        if block[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, line in enumerate(block) if _TIMING.match(line.strip())), None)
        if timing is None:
            continue
        cues.extend(_cue_payload(block[timing + 1 :]))
    return cues


def _srt_cues(lines: list[str]) -> list[tuple[str | None, str]]:
    cues: list[tuple[str | None, str]] = []
    for block in _blocks(lines):
        timing = next((i for i, line in enumerate(block) if _TIMING.match(line.strip())), None)
        if timing is None:
            continue
        cues.extend(_cue_payload(block[timing + 1 :]))
    return cues


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cue_payload(payload: list[str]) -> list[tuple[str | None, str]]:
    cues: list[tuple[str | None, str]] = []
    for line in payload:
        speaker: str | None = None
        voice = _VOICE.match(line)
        if voice:
            speaker, line = voice.group(1).strip(), voice.group(2)
        text = _TAG.sub("", line).strip()
        if speaker is None:
            match = re.match(r"^([A-Za-z][\w .'’-]{0,38}?):\s+(.*)$", text)
            if match:
                speaker, text = match.group(1).strip(), match.group(2)
        if text:
            cues.append((speaker, text))
    return cues


def _cue_turns(cues: list[tuple[str | None, str]], interviewers: set[str]) -> list[Turn]:
    """Consecutive cues of one speaker form one turn; unlabelled cues continue the turn."""
    lines: list[str] = []
    last: str | None = None
    for speaker, text in cues:
        if speaker is not None and speaker != last:
            lines.append(f"{speaker}: {text}")
            last = speaker
        else:
            lines.append(text)
    speakers = {speaker for speaker, _ in cues if speaker is not None}
    return parse_turns(lines, interviewers, speakers)
