"""What real files do with GUIDs, users and source text, and how positions are read."""

from __future__ import annotations

import io
import json
from pathlib import Path

from docx import Document

from qualcode.exchange.model import RefiSelection
from qualcode.exchange.offsets import STANDARD, Positions, Reading, choose_readings, score_readings
from tests.conftest import run
from tests.exchange.builders import Source, guid, make_qdpx, project_xml
from tests.exchange.conftest import CODES, HOTLINE, POLICE, RESOURCES, TEXT, codings, select


def test_braced_and_lowercase_guids_match_and_unknown_users_stay_apart(tmp_path: Path) -> None:
    source = Source(
        "S",
        content=TEXT,
        selections=[
            select(TEXT, "sheriff", POLICE, "Ghost one"),
            select(TEXT, "hotline", HOTLINE, "Ghost two"),
        ],
    )
    xml = project_xml(CODES, [source], [])  # no <Users>: the GUIDs name nobody
    for code in (POLICE, HOTLINE, RESOURCES):
        xml = xml.replace(f'<Code guid="{code.guid}"', f'<Code guid="{{{code.guid}}}"')
        xml = xml.replace(f'targetGUID="{code.guid}"', f'targetGUID="{code.guid.lower()}"')
    qdpx = make_qdpx(tmp_path / "braces.qdpx", xml)
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify", "--format", "json")
    assert result.exit_code == 0, result.stderr
    one, two = (f"user_{guid('user:' + n).lower()[:8]}" for n in ("Ghost one", "Ghost two"))
    assert codings(project) == sorted(
        [("S:2", one, "referral_streams.law_enforcement"), ("S:2", two, "referral_streams.hotline")]
    )
    assert [c["coder"] for c in json.loads(result.stdout)["coders"]] == sorted([one, two])


def test_docx_representation_when_there_is_no_plain_text(tmp_path: Path) -> None:
    document = Document()
    for line in TEXT.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    source = Source(
        "Word only",
        path=None,
        rich_path="internal://word.docx",
        selections=[select(TEXT, "Money", RESOURCES, "Ana")],
    )
    xml = project_xml(CODES, [source], ["Ana"]).replace("<PlainTextContent></PlainTextContent>", "")
    qdpx = make_qdpx(tmp_path / "maxqda.qdpx", xml, {"Sources/word.docx": buffer.getvalue()})
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"][0]["text_from"] == "docx"
    assert any("text taken from its .docx representation" in note for note in report["notes"])
    assert codings(project) == [("Word only:4", "Ana", "challenges.resources")]


def test_positions_of_each_reading() -> None:
    text = "\ufeffA😀\r\nB"
    assert Positions(text, STANDARD, bom=True).starts == [0, 1, 2, 4, 5]
    assert Positions(text, Reading(utf16=True), bom=True).starts == [0, 1, 3, 5, 6]
    assert Positions(text, Reading(newline="one"), bom=True).starts == [0, 1, 2, 3, 4]
    assert Positions(text, Reading(bom=True), bom=True).starts == [1, 2, 3, 5, 6]
    utf16 = Positions(text, Reading(utf16=True), bom=True)
    assert utf16.index(2) is None  # inside the surrogate pair
    assert utf16.span(1, 3) == (1, 2)


def test_a_tie_keeps_the_standard_reading_and_names_break_ties() -> None:
    text = "Respondent: plain words only.\n"
    start = text.index("plain")
    plain = RefiSelection("a", "", start, start + 5, None)
    scores = score_readings(text, False, [plain])
    overall, chosen = choose_readings({"s": scores})
    assert overall == STANDARD and chosen == {"s": STANDARD}
    # A selection named by its text picks the reading under which the name matches.
    crlf = "Respondent: one\r\nRespondent: two words here\r\n"
    start = crlf.index("two words") - 1  # one position less: CRLF counted as one
    named = RefiSelection("b", "two words", start, start + 9, None)
    overall, _ = choose_readings({"s": score_readings(crlf, False, [named])})
    assert overall.newline == "one"
