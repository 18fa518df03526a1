"""Format readers: each turns a file into speaker turns plus front-matter attributes."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qualcode.errors import InputFileError
from qualcode.formats.text import DEFAULT_MAX_BYTES, decode_text, read_bytes
from qualcode.ingest.files import transcript_format
from qualcode.ingest.turns import Turn, parse_turns


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
        lines = _docx_lines(raw, path)
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
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 2) if exc.problem_mark else 2
        raise InputFileError(
            f"{path}: line {line}: the front matter is not valid YAML ({exc.problem}). Fix it "
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


def _docx_lines(raw: bytes, path: Path) -> list[str]:
    """Paragraphs of a Word document, separated by blank lines (each is a paragraph)."""
    import io

    from docx import Document

    try:
        document = Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputFileError(
            f"{path}: not a readable .docx file ({exc}). Open it in Word and save it again as "
            ".docx, or export it as .txt."
        ) from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        for line in paragraph.text.split("\n"):
            lines.append(line)
        lines.append("")
    return lines


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
