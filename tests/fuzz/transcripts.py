"""Strategies for transcripts: speaker turns with front matter (.txt/.md), cue files
(.vtt/.srt) and Word documents (.docx), valid and mutated."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.fuzz.strategies import interesting, mutated_bytes, nasty

INTERVIEWER_LABELS = ["Interviewer", "I", "Q", "INTERVIEWER", "Int", "Moderator", "Question"]
RESPONDENT_LABELS = ["Respondent", "R", "A", "Participant", "P", "Interviewee", "Answer"]
NAMES = ["Maria", "Det. Ruiz", "Speaker 2", "Dr. Okafor", "Ana Lucía", "J.R.", "Interpreter"]
_WORDS = (
    "the sheriff’s office called us when they found someone we also get calls from hotline "
    "money staff county [county] [number of] [laughs] H-2A visa workers recruiter debt "
    "passport farm motel trailer twelve men advocates shelter prosecutor detective case "
    "federal agents wage-and-hour Detective Ruiz Maria Lopez Polaris (555) 014-2298 "
    "2023-CR-004417 don’t — … ¿qué? naïve café 訪談 🙂 um uh well yes no okay"
)
WORDS = _WORDS.split()


@st.composite
def sentences(draw: st.DrawFn) -> str:
    if draw(st.integers(min_value=0, max_value=7)) == 0:
        return draw(interesting)
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
    return " ".join(words) + draw(st.sampled_from([".", "?", "!", "", "...", ":", " —"]))


@st.composite
def labels(draw: st.DrawFn) -> str:
    label = draw(st.sampled_from([*INTERVIEWER_LABELS, *RESPONDENT_LABELS, *NAMES]))
    stamp = draw(st.sampled_from(["", "", "[00:01:02] ", "00:12 ", "(1:02:03.5) "]))
    emphasis = draw(st.sampled_from(["", "", "**", "__"]))
    return f"{stamp}{emphasis}{label}{emphasis}"


@st.composite
def turns(draw: st.DrawFn) -> list[tuple[str | None, list[str]]]:
    """(label or None for unlabelled text, lines) per turn."""
    result = []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        label = draw(st.one_of(labels(), st.none()))
        lines = draw(
            st.lists(
                st.one_of(sentences(), st.just("")),
                min_size=1,
                max_size=4,
            )
        )
        result.append((label, lines))
    return result


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """A ``---`` block of attributes; values may be lists, mappings, shared (aliases) or
    nested, and the block may be left unclosed."""
    data: dict[str, Any] = {}
    shared: list[str] = ["Ana", "Ben"]
    for key in draw(
        st.lists(
            st.sampled_from(["participant_id", "role", "site", "mode", "wave", "Interviewer"]),
            max_size=4,
            unique=True,
        )
    ):
        value: Any = draw(st.one_of(st.sampled_from(["P01", "prosecutor", "site_a", 2]), nasty))
        shape = draw(st.sampled_from(["scalar"] * 5 + ["list", "mapping", "shared", "nest"]))
        if shape == "list" or (shape == "shared" and key != "Interviewer"):
            value = draw(st.lists(st.sampled_from(NAMES), max_size=3))
        elif shape == "mapping":
            value = {"nested": value}
        elif shape == "shared":
            value = [shared, shared]
        elif shape == "nest":
            for _ in range(draw(st.integers(min_value=1, max_value=30))):
                value = [value]
        data[key] = value
    block = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return "---\n" + block + draw(st.sampled_from(["---\n", "---\n", "...\n", ""]))


@st.composite
def transcript_text(draw: st.DrawFn) -> str:
    """A .txt/.md transcript: optional front matter, then speaker turns."""
    parts = [draw(front_matter())] if draw(st.booleans()) else []
    for label, lines in draw(turns()):
        first, *rest = lines
        parts.append(f"{label}: {first}\n" if label else f"{first}\n")
        parts.extend(f"{line}\n" for line in rest)
    return "".join(parts)


def _timestamp(seconds: int, separator: str, hours: bool = True) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    stamp = f"{m:02}:{s:02}{separator}{seconds % 1000:03}"
    return f"{h:02}:{stamp}" if hours or h else stamp


@st.composite
def cue_text(draw: st.DrawFn, fmt: str) -> str:
    """A WebVTT (``vtt``) or SubRip (``srt``) file of cues, some with voices or labels."""
    separator = "." if fmt == "vtt" else ","
    blocks = ["WEBVTT\n"] if fmt == "vtt" else []
    if fmt == "vtt" and draw(st.booleans()):
        blocks.append("NOTE transcribed automatically\n")
    at = 0
    for number in range(1, draw(st.integers(min_value=1, max_value=8)) + 1):
        length = draw(st.integers(min_value=1, max_value=30))
        timing = (
            f"{_timestamp(at, separator, fmt == 'srt')} --> "
            f"{_timestamp(at + length, separator, fmt == 'srt')}"
        )
        at += length
        speaker = draw(st.sampled_from([None, "Interviewer", "Respondent", "Maria", "R"]))
        text = draw(sentences())
        if speaker and fmt == "vtt" and draw(st.booleans()):
            payload = f"<v {speaker}>{text}</v>"
        elif speaker:
            payload = f"{speaker}: {text}"
        else:
            payload = text
        if draw(st.booleans()):
            payload += "\n" + draw(sentences())
        cue_id = f"{number}\n" if fmt == "srt" or draw(st.booleans()) else ""
        blocks.append(f"{cue_id}{timing}\n{payload}\n")
    return "\n".join(blocks)


# -- .docx ---------------------------------------------------------------------------------


def docx_bytes(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@st.composite
def docx_paragraphs(draw: st.DrawFn) -> list[str]:
    """Paragraphs of a Word transcript: front matter (one paragraph per line), then turns.

    Characters XML cannot hold (control characters) are left out: python-docx refuses them
    while writing, before qualcode sees anything."""
    text = draw(transcript_text())
    return ["".join(c for c in line if c.isprintable() or c == "\t") for line in text.split("\n")]


def rezip(
    data: bytes,
    replace: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A copy of the zip ``data`` with members replaced, added or dropped."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as z:
        for info in source.infolist():
            if info.filename in drop:
                continue
            z.writestr(info.filename, replace.pop(info.filename, source.read(info.filename)))
        for name, content in replace.items():
            z.writestr(name, content)
    return out.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Replacements for ``word/document.xml``: malformed, hostile or merely odd XML.
DOCUMENT_XML = [
    b"",
    b"\x00\x01garbage",
    b"<w:document",
    b"<?xml version='1.0'?><document/>",
    f'<w:document xmlns:w="{W}"/>'.encode(),
    f'<w:document xmlns:w="{W}"><w:body/></w:document>'.encode(),
    (
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Interviewer: hi?</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Respondent: yes.</w:t></w:r></w:p></w:body></w:document>"
    ).encode(),
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>unclosed</w:body></w:document>'.encode(),
    # An external entity and an entity expansion ("billion laughs" in small).
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'.encode()
    + b"</w:body></w:document>",
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
    b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p>'.encode()
    + b"</w:body></w:document>",
    f'<w:document xmlns:w="{W}"><w:body>'.encode() + b"<w:p>" * 2000 + b"</w:body></w:document>",
    "<?xml version='1.0' encoding='utf-16'?><a/>".encode("utf-16"),
]
PARTS = ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"]


@st.composite
def docx_files(draw: st.DrawFn, base: bytes) -> bytes:
    """A Word document from ``base`` (valid) mutated at the zip or the part level."""
    kind = draw(st.sampled_from(["valid", "bytes", "part", "drop", "stored", "extra"]))
    if kind == "valid":
        return base
    if kind == "bytes":
        return draw(mutated_bytes(base))
    if kind == "part":
        part = draw(st.sampled_from(PARTS))
        content = draw(st.one_of(st.sampled_from(DOCUMENT_XML), st.binary(max_size=64)))
        return rezip(base, {part: content})
    if kind == "drop":
        return rezip(base, drop=(draw(st.sampled_from(PARTS)),))
    if kind == "stored":
        return rezip(base, compression=zipfile.ZIP_STORED)
    name = draw(st.sampled_from(["../evil.txt", "/abs.xml", "word/media/big.bin", "ü.xml"]))
    return rezip(base, {name: draw(st.binary(max_size=256))})


@st.composite
def word_documents(draw: st.DrawFn) -> bytes:
    """A Word transcript built with python-docx, then perhaps mutated."""
    return draw(docx_files(docx_bytes(draw(docx_paragraphs()))))
