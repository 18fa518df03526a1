"""Transcript formats and bad input (SPEC §3, §6)."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.errors import InputFileError
from qualcode.ingest.readers import read_transcript

Write = Callable[[str, str | bytes], Path]


def summary(path: Path, **kwargs: object) -> list[tuple[str, str, str]]:
    raw = read_transcript(path, **kwargs)  # type: ignore[arg-type]
    return [(t.speaker, t.speaker_kind, t.text) for t in raw.turns]


def test_markdown_front_matter_becomes_attributes(write: Write) -> None:
    path = write(
        "int07.md",
        "---\nrole: prosecutor\nduration_min: 70\ninterviewer: Dana\n---\n"
        "Dana: Ready?\nLee: Yes.\nDana: Go on?\nLee: Done.\n",
    )
    raw = read_transcript(path)
    assert raw.attributes == {"role": "prosecutor", "duration_min": "70"}
    assert [(t.speaker, t.speaker_kind) for t in raw.turns][:2] == [
        ("Dana", "interviewer"),
        ("Lee", "respondent"),
    ]


def test_unclosed_or_invalid_front_matter(write: Write) -> None:
    with pytest.raises(InputFileError, match="line 1 opens YAML front matter"):
        read_transcript(write("a.txt", "---\nrole: x\nInterviewer: hi\n"))
    with pytest.raises(InputFileError, match=r"line 3: the front matter is not valid YAML"):
        read_transcript(write("b.txt", "---\nrole: x\n  bad: [\n---\nR: hi\n"))


def test_docx_paragraphs(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    for text in (
        "Interviewer: Who refers cases?",
        "Respondent: The hotline.",
        "And police.",
        "Interviewer: Thanks.",
    ):
        document.add_paragraph(text)
    path = tmp_path / "int03.docx"
    document.save(str(path))
    raw = read_transcript(path)
    assert raw.format == "docx"
    assert [(t.speaker, t.paragraphs) for t in raw.turns] == [
        ("Interviewer", ["Who refers cases?"]),
        ("Respondent", ["The hotline.", "And police."]),
        ("Interviewer", ["Thanks."]),
    ]


def test_corrupt_docx(write: Write) -> None:
    with pytest.raises(InputFileError, match=r"not a readable \.docx file"):
        read_transcript(write("x.docx", b"PK\x03\x04 not really a zip"))


def test_webvtt_voices_merge_consecutive_cues(write: Write) -> None:
    path = write(
        "call.vtt",
        "WEBVTT\n\nNOTE recorded by phone\n\n"
        "1\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>How did it start?\n\n"
        "00:00:04.500 --> 00:00:08.000\n<v Respondent>A <i>tip</i> came in.\n\n"
        "00:00:08.000 --> 00:00:10.000\n<v Respondent>From a clinic.\n\n"
        "00:00:10.000 --> 00:00:12.000\n<v Interviewer>Thanks.\n",
    )
    assert summary(path) == [
        ("Interviewer", "interviewer", "How did it start?"),
        ("Respondent", "respondent", "A tip came in. From a clinic."),
        ("Interviewer", "interviewer", "Thanks."),
    ]


def test_srt_with_name_prefixes(write: Write) -> None:
    path = write(
        "call.srt",
        "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: Where do referrals come from?\n\n"
        "2\n00:00:03,500 --> 00:00:06,000\nRespondent: Labor inspectors,\nmostly.\n\n"
        "3\n00:00:06,000 --> 00:00:07,000\nand churches.\n",
    )
    assert summary(path) == [
        ("Interviewer", "interviewer", "Where do referrals come from?"),
        ("Respondent", "respondent", "Labor inspectors, mostly. and churches."),
    ]


TEXT = "Interviewer: Café?\nRespondent: Sí — “yes”.\n"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "crlf"],
)
def test_encodings_are_detected(write: Write, raw: bytes) -> None:
    assert summary(write("t.txt", raw)) == [
        ("Interviewer", "interviewer", "Café?"),
        ("Respondent", "respondent", "Sí — “yes”."),
    ]


def test_unknown_encoding_is_refused_unless_named(write: Write) -> None:
    path = write(
        "win.txt", "Interviewer: Hi\nRespondent: Caf\u00e9 \u201cok\u201d\n".encode("cp1252")
    )
    with pytest.raises(InputFileError) as caught:
        read_transcript(path)
    assert "line 2 is not UTF-8 text (byte 0xe9)" in str(caught.value)
    assert "--encoding cp1252" in str(caught.value)
    assert summary(path, encoding="cp1252")[1] == ("Respondent", "respondent", "Café “ok”")
    with pytest.raises(InputFileError, match="unknown text encoding"):
        read_transcript(path, encoding="klingon")


def test_empty_binary_oversized_and_unsupported_files(write: Write) -> None:
    with pytest.raises(InputFileError, match="the file is empty"):
        read_transcript(write("empty.txt", b""))
    with pytest.raises(InputFileError, match="no transcript text"):
        read_transcript(write("blank.txt", "\n  \n\n"))
    with pytest.raises(InputFileError, match="binary file"):
        read_transcript(write("bin.txt", bytes(range(256)) * 4))
    with pytest.raises(InputFileError, match="this is a PDF file"):
        read_transcript(write("scan.txt", b"%PDF-1.7\n\xe2\xe3\xcf\xd3"))
    with pytest.raises(InputFileError, match=r"over the limit of 0.0 MB.*--max-size"):
        read_transcript(write("big.txt", TEXT), max_bytes=10)
    with pytest.raises(InputFileError, match=r"unsupported file type '\.pdf'"):
        read_transcript(write("x.pdf", TEXT))
