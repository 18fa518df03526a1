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
    text = "\ufeffA😀\r\nB"  # canonical text: "A😀\nB", indices 0 to 4

    def indices(reading: Reading) -> list[int | None]:
        positions = Positions(text, reading, bom=True)
        return [positions.index(p) for p in range(7)]

    assert indices(STANDARD) == [0, 1, 2, None, 3, 4, None]
    assert indices(Reading(utf16=True)) == [0, 1, None, 2, None, 3, 4]
    assert indices(Reading(newline="one")) == [0, 1, 2, 3, 4, None, None]
    assert indices(Reading(bom=True)) == [None, 0, 1, 2, None, 3, 4]
    assert Positions(text, Reading(utf16=True), bom=True).span(1, 3) == (1, 2)


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


def test_segment_words_are_found_past_labels_and_inside_cut_words() -> None:
    from qualcode.exchange.align import map_segments
    from qualcode.model import Segment

    text = "I: I think so.Then we left.\n[00:01] R: Yes."
    segments = [
        Segment(1, "I", "interviewer", "I think so."),
        Segment(2, "I", "interviewer", "Then we left."),
        Segment(3, "R", "respondent", "Yes."),
    ]
    mapped = map_segments(text, segments)
    assert mapped.complete
    assert mapped.touched(0, 2) == []  # the label "I:" alone
    assert mapped.touched(3, 4) == [0]  # the word "I"
    assert mapped.touched(text.index("left"), text.index("left") + 4) == [1]
    assert mapped.touched(text.index("Yes"), len(text)) == [2]
    assert mapped.touched(text.index("[00:01]"), text.index("R:") + 2) == []


def test_prose_with_one_paragraph_per_line_gives_one_segment_per_line(tmp_path: Path) -> None:
    text = (
        "We started the task force in spring.\nFunding ran out by fall.\nNow we share one analyst."
    )
    source = Source(
        "Field notes",
        content=text,
        selections=[select(text, "Funding ran out", RESOURCES, "Zoë Müller")],
    )
    qdpx = make_qdpx(tmp_path / "notes.qdpx", project_xml(CODES, [source], ["Zoë Müller"]))
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    from tests.exchange.conftest import segments

    assert [t for _, _, t in segments(project)] == text.split("\n")
    assert codings(project) == [("Field notes:2", "Zoe_Muller", "challenges.resources")]


def test_an_atlas_ti_like_export(tmp_path: Path) -> None:
    """Flat codes named Group::Code, quotations named by their first words and commented in
    their description, the coder on the quotation only, GUIDs in braces, lowercase sources/."""
    from tests.exchange.builders import Code, Selection

    police, trust = Code("Referral::Police"), Code("Barriers::Survivor trust")
    text = (
        "Interviewer: Where do referrals come from?\r\n"
        "Respondent: Mostly the police department sends them over to us.\r\n"
        "Interviewer: And afterwards?\r\n"
        "Respondent: Survivors rarely trust anyone at first, it takes months.\r\n"
    )

    def quotation(words: str, code: Code, comment: str) -> Selection:
        start = text.index(words)
        return Selection(
            start,
            start + len(words),
            [(code.guid, "")],
            name=words[:12] + "…",
            description=comment,
            user="Kim Lee",
        )

    source = Source(
        "Interview 3.docx",
        path="internal://doc3.txt",
        description="Recorded by phone.",
        selections=[
            quotation("the police department sends them over", police, "Main route."),
            quotation("Survivors rarely trust anyone at first", trust, ""),
        ],
    )
    source.selections[1].user = ""  # no user at all: the imported coder
    xml = project_xml([police, trust], [source], ["Kim Lee"], origin="ATLAS.ti 23")
    for code in (police, trust):
        xml = xml.replace(code.guid, "{" + code.guid + "}")
    qdpx = make_qdpx(tmp_path / "atlas.qdpx", xml, {"sources/doc3.txt": text.encode("utf-8")})
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify", "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["origin"] == "ATLAS.ti 23"
    assert report["positions"] == "Unicode code points, line breaks as stored"
    assert codings(project) == [
        ("Interview 3:2", "Kim_Lee", "referral.police"),
        ("Interview 3:4", "imported", "barriers.survivor_trust"),
    ]
    from tests.exchange.conftest import memos

    assert memos(project) == [
        ("Kim_Lee", "Interview 3", 2, "Main route."),
        ("imported", "Interview 3", None, "Recorded by phone."),
    ]


def test_internal_paths_with_the_folder_in_them_or_backslashes(tmp_path: Path) -> None:
    first = Source(
        "One",
        path="internal://Sources/one.txt",
        selections=[select(TEXT, "Money", RESOURCES, "Ana")],
    )
    second = Source(
        "Two", path="internal://two.txt", selections=[select(TEXT, "hotline", HOTLINE, "Ana")]
    )
    xml = project_xml(CODES, [first, second], ["Ana"])
    qdpx = make_qdpx(
        tmp_path / "win.qdpx", xml, {"Sources/one.txt": TEXT, "Sources\\two.txt": TEXT}
    )
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    assert codings(project) == [
        ("One:4", "Ana", "challenges.resources"),
        ("Two:2", "Ana", "referral_streams.hotline"),
    ]
