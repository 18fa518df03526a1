"""`qualcode new PROJECT --from FILE.qdpx`: files built the way real tools write them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run
from tests.exchange.builders import Code, Selection, Source, guid, make_qdpx, project_xml
from tests.exchange.conftest import (
    CODES,
    HOTLINE,
    POLICE,
    RESOURCES,
    TEXT,
    codings,
    memos,
    query,
    segments,
    select,
)

SOURCE_FILE = f"{guid('source:Interview 1')}.txt"


def interview(**changes: object) -> Source:
    source = Source(
        "Interview 1",
        path=f"internal://{SOURCE_FILE}",
        selections=[
            select(TEXT, "sheriff's office", POLICE, "Ana Reyes"),
            select(TEXT, "hotline", HOTLINE, "Ben"),
            select(TEXT, "Money", RESOURCES, "Ana Reyes"),
        ],
    )
    for key, value in changes.items():
        setattr(source, key, value)
    return source


def new_from(tmp_path: Path, qdpx: Path, *args: str) -> tuple[Path, object]:
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify", "--format", "json", *args)
    return project, result


def report_of(result: object) -> dict[str, object]:
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined]


def test_codings_land_on_the_segments_they_cover_by_coder(tmp_path: Path) -> None:
    xml = project_xml(CODES, [interview()], ["Ana Reyes", "Ben"])
    qdpx = make_qdpx(tmp_path / "nvivo.qdpx", xml, {f"Sources/{SOURCE_FILE}": TEXT})
    project, result = new_from(tmp_path, qdpx)
    report = report_of(result)
    assert codings(project) == [
        ("Interview 1:2", "Ana_Reyes", "referral_streams.law_enforcement"),
        ("Interview 1:2", "Ben", "referral_streams.hotline"),
        ("Interview 1:4", "Ana_Reyes", "challenges.resources"),
    ]
    assert segments(project)[1] == (
        "Interview 1",
        "Respondent",
        "Mostly from the sheriff's office. We also get calls from the hotline.",
    )
    assert report["positions"] == "Unicode code points, line breaks as stored"
    assert report["coders"] == [
        {"coder": "Ana_Reyes", "user": "Ana Reyes", "guid": guid("user:Ana Reyes").lower()},
        {"coder": "Ben", "user": "Ben", "guid": guid("user:Ben").lower()},
    ]
    assert report["lost"] == []
    codebook = (tmp_path / "study.codebook.yaml").read_text(encoding="utf-8")
    assert "definition: Calls from a hotline." in codebook
    assert run("codebook", "check", tmp_path / "study.codebook.yaml").exit_code == 0
    # A coder who coded a document has read all of it (review marks for agreement).
    reviewed = query(
        project,
        "SELECT c.name, COUNT(*) FROM reviews r JOIN coders c ON c.id = r.coder_id GROUP BY c.name",
    )
    assert sorted(reviewed) == [("Ana_Reyes", 4), ("Ben", 4)]


def test_text_report_names_what_came_in(tmp_path: Path) -> None:
    xml = project_xml(CODES, [interview()], ["Ana Reyes", "Ben"])
    qdpx = make_qdpx(tmp_path / "nvivo.qdpx", xml, {f"Sources/{SOURCE_FILE}": TEXT})
    result = run("new", tmp_path / "s.qualcode", "--from", qdpx, "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    assert "Codings: 3 segment codings by Ana_Reyes, Ben" in result.stdout
    assert "Lost: nothing." in result.stdout


def test_nested_codes_depth_seven_with_duplicate_names(tmp_path: Path) -> None:
    def chain(prefix: str, depth: int) -> Code:
        code = Code("Other", key=f"{prefix}-leaf")
        for level in range(depth - 1, 0, -1):
            code = Code(f"Level {level}", [code], key=f"{prefix}-{level}")
        return code

    east, west = chain("east", 6), chain("west", 6)
    codes = [Code("East", [east], codable=False), Code("West", [west], codable=False)]
    leaf_east = Code("Other", key="east-leaf")
    text = "Respondent: One.\nRespondent: Two.\n"
    source = Source(
        "S",
        content=text,
        selections=[
            Selection(12, 16, [(leaf_east.guid, "Ana")]),
            Selection(29, 33, [(Code("Other", key="west-leaf").guid, "Ana")]),
        ],
    )
    qdpx = make_qdpx(tmp_path / "deep.qdpx", project_xml(codes, [source], ["Ana"]))
    project, result = new_from(tmp_path, qdpx)
    report_of(result)
    deep = "level_1.level_2.level_3.level_4.level_5.other"
    assert codings(project) == [("S:1", "Ana", f"east.{deep}"), ("S:2", "Ana", f"west.{deep}")]


def test_flattened_names_are_nested_again_and_top_level_leaves_grouped(tmp_path: Path) -> None:
    police = Code("Referral::Police")
    loose = Code("Trust")
    text = "Respondent: The police called.\n"
    source = Source(
        "S",
        content=text,
        selections=[
            Selection(16, 22, [(police.guid, "Ana")]),
            Selection(23, 29, [(loose.guid, "Ana")]),
        ],
    )
    qdpx = make_qdpx(tmp_path / "flat.qdpx", project_xml([police, loose], [source], ["Ana"]))
    project, result = new_from(tmp_path, qdpx)
    report_of(result)
    assert codings(project) == [("S:1", "Ana", "codes.trust"), ("S:1", "Ana", "referral.police")]


def test_utf16_offsets_with_emoji_are_detected(tmp_path: Path) -> None:
    text = "Respondent: We laughed 😀😀 then the hotline rang.\nRespondent: The sheriff came 🚓 late.\n"

    def utf16(words: str, code: Code) -> Selection:
        start = text.index(words)
        before = len(text[:start].encode("utf-16-le")) // 2
        return Selection(before, before + len(words.encode("utf-16-le")) // 2, [(code.guid, "Ana")])

    source = Source(
        "Emoji",
        path="internal://emoji.txt",
        selections=[utf16("hotline", HOTLINE), utf16("sheriff", POLICE), utf16("late", RESOURCES)],
    )
    qdpx = make_qdpx(
        tmp_path / "nvivo.qdpx", project_xml(CODES, [source], ["Ana"]), {"Sources/emoji.txt": text}
    )
    project, result = new_from(tmp_path, qdpx)
    report = report_of(result)
    assert report["positions"].startswith("UTF-16 code units")
    assert codings(project) == [
        ("Emoji:1", "Ana", "referral_streams.hotline"),
        ("Emoji:2", "Ana", "challenges.resources"),
        ("Emoji:2", "Ana", "referral_streams.law_enforcement"),
    ]


def test_bom_and_crlf_counted_as_stored(tmp_path: Path) -> None:
    text = TEXT.replace("\n", "\r\n")
    source = interview(
        selections=[
            select(text, "Money", RESOURCES, "Ana", name=False),
            select(text, "whole county", RESOURCES, "Ben", name=False),
            select(text, "hotline", HOTLINE, "Ben", name=False),
        ]
    )
    raw = b"\xef\xbb\xbf" + text.encode("utf-8")
    qdpx = make_qdpx(
        tmp_path / "bom.qdpx",
        project_xml(CODES, [source], ["Ana", "Ben"]),
        {f"Sources/{SOURCE_FILE}": raw},
    )
    project, result = new_from(tmp_path, qdpx)
    report = report_of(result)
    assert report["positions"] == "Unicode code points, line breaks as stored"
    assert codings(project) == [
        ("Interview 1:2", "Ben", "referral_streams.hotline"),
        ("Interview 1:4", "Ana", "challenges.resources"),
        ("Interview 1:4", "Ben", "challenges.resources"),
    ]


def test_inline_text_whose_positions_count_crlf_as_two(tmp_path: Path) -> None:
    # The XML parser turns CRLF into LF; the positions were counted on the CRLF text.
    crlf = TEXT.replace("\n", "\r\n")
    source = Source(
        "Inline",
        content=TEXT,
        selections=[
            select(crlf, "Money", RESOURCES, "Ana", name=False),
            select(crlf, "staff", RESOURCES, "Ana", name=False),
            select(crlf, "hotline", HOTLINE, "Ana", name=False),
        ],
    )
    qdpx = make_qdpx(
        tmp_path / "inline.qdpx", project_xml(CODES, [source], ["Ana"]), {"sources/": b""}
    )
    project, result = new_from(tmp_path, qdpx)
    report = report_of(result)
    assert report["positions"] == "Unicode code points, every line break as two (CRLF)"
    assert codings(project) == [
        ("Inline:2", "Ana", "referral_streams.hotline"),
        ("Inline:4", "Ana", "challenges.resources"),
    ]


def test_lowercase_sources_folder_and_capitalised_project_file(tmp_path: Path) -> None:
    xml = project_xml(CODES, [interview()], ["Ana Reyes", "Ben"])
    qdpx = make_qdpx(
        tmp_path / "atlas.qdpx", xml, {f"sources/{SOURCE_FILE}": TEXT}, qde_name="Project.qde"
    )
    project, result = new_from(tmp_path, qdpx)
    assert report_of(result)["documents"][0]["text_from"] == "file"
    assert len(codings(project)) == 3


def test_empty_sources_folder_with_plain_text_content(tmp_path: Path) -> None:
    source = interview(path=None, content=TEXT)
    xml = project_xml(CODES, [source], ["Ana Reyes", "Ben"])
    qdpx = make_qdpx(tmp_path / "maxqda.qdpx", xml, {"Sources/": b""})
    project, result = new_from(tmp_path, qdpx)
    assert report_of(result)["documents"][0]["text_from"] == "PlainTextContent"
    assert codings(project) == [
        ("Interview 1:2", "Ana_Reyes", "referral_streams.law_enforcement"),
        ("Interview 1:2", "Ben", "referral_streams.hotline"),
        ("Interview 1:4", "Ana_Reyes", "challenges.resources"),
    ]


def test_same_range_coded_twice_as_two_selections(tmp_path: Path) -> None:
    first = select(TEXT, "Money", RESOURCES, "Ana")
    again = select(TEXT, "Money", RESOURCES, "Ana")
    again.seed = "again"
    other = select(TEXT, "Money", POLICE, "Ana")
    other.seed = "other"
    source = interview(selections=[first, again, other])
    qdpx = make_qdpx(
        tmp_path / "twice.qdpx",
        project_xml(CODES, [source], ["Ana"]),
        {f"Sources/{SOURCE_FILE}": TEXT},
    )
    project, result = new_from(tmp_path, qdpx)
    assert report_of(result)["codings"] == 2
    assert codings(project) == [
        ("Interview 1:4", "Ana", "challenges.resources"),
        ("Interview 1:4", "Ana", "referral_streams.law_enforcement"),
    ]


def test_a_selection_spanning_two_segments_codes_both(tmp_path: Path) -> None:
    hotline, what = TEXT.index("hotline"), TEXT.index("What gets")
    label_only = TEXT.index("Interviewer: What")
    source = interview(
        selections=[
            Selection(hotline, what + 4, [(HOTLINE.guid, "Ana")]),  # into the next turn's text
            Selection(hotline, what, [(RESOURCES.guid, "Ana")]),  # up to its label only
            Selection(label_only, label_only + 12, [(POLICE.guid, "Ana")]),  # the label alone
        ]
    )
    qdpx = make_qdpx(
        tmp_path / "span.qdpx",
        project_xml(CODES, [source], ["Ana"]),
        {f"Sources/{SOURCE_FILE}": TEXT},
    )
    project, result = new_from(tmp_path, qdpx)
    report = report_of(result)
    assert codings(project) == [
        ("Interview 1:2", "Ana", "challenges.resources"),
        ("Interview 1:2", "Ana", "referral_streams.hotline"),
        ("Interview 1:3", "Ana", "referral_streams.hotline"),
    ]
    assert report["selections_spanning_segments"] == 1
    assert report["lost"] == [
        {
            "kind": "selection",
            "name": f"Interview 1 [{label_only}:{label_only + 12}]",
            "reason": "it covers no segment text (only spaces or labels)",
        }
    ]


def test_missing_source_file_imports_the_rest_and_reports_the_loss(tmp_path: Path) -> None:
    missing = Source(
        "Interview 2",
        path="internal://gone.txt",
        selections=[Selection(0, 5, [(HOTLINE.guid, "Ana")])],
    )
    xml = project_xml(CODES, [interview(), missing], ["Ana Reyes", "Ben", "Ana"])
    qdpx = make_qdpx(tmp_path / "missing.qdpx", xml, {f"Sources/{SOURCE_FILE}": TEXT})
    project, result = new_from(tmp_path, qdpx)
    report = report_of(result)
    assert [d["name"] for d in report["documents"]] == ["Interview 1"]
    assert report["lost"] == [
        {
            "kind": "text source",
            "name": "Interview 2",
            "reason": "its file 'gone.txt' is missing from the archive",
        },
        {"kind": "coding", "name": "Interview 2", "reason": "1 coding(s) of a source not imported"},
    ]
    assert len(codings(project)) == 3


def test_non_text_sources_sets_links_and_graphs_are_reported_lost(tmp_path: Path) -> None:
    extra = (
        f'<PDFSource guid="{guid("pdf")}" name="Policy.pdf" path="internal://p.pdf"/>'
        f'<AudioSource guid="{guid("audio")}" name="Call.mp3" path="internal://c.mp3"/>'
    )
    tail = (
        f'<Links><Link guid="{guid("link")}" name="because"/></Links>'
        f'<Sets><Set guid="{guid("set")}" name="Prosecutors"/></Sets>'
        f'<Graphs><Graph guid="{guid("graph")}" name="Map"/></Graphs>'
    )
    xml = project_xml(CODES, [interview()], ["Ana Reyes", "Ben"], extra_sources=extra, tail=tail)
    qdpx = make_qdpx(tmp_path / "mixed.qdpx", xml, {f"Sources/{SOURCE_FILE}": TEXT})
    _, result = new_from(tmp_path, qdpx)
    lost = [(loss["kind"], loss["name"]) for loss in report_of(result)["lost"]]
    assert lost == [
        ("PDF source", "Policy.pdf"),
        ("audio source", "Call.mp3"),
        ("set", "Prosecutors"),
        ("link", "because"),
        ("graph", "Map"),
    ]


def test_cases_become_attributes_and_notes_become_memos(tmp_path: Path) -> None:
    role, site = guid("var:role"), guid("var:site")
    variables = (
        f'<Variables><Variable guid="{role}" name="Role" typeOfVariable="Text"/>'
        f'<Variable guid="{site}" name="Site number" typeOfVariable="Integer"/></Variables>'
    )
    source = interview()
    cases = (
        f'<Cases><Case guid="{guid("case")}" name="P07">'
        f'<VariableValue><VariableRef targetGUID="{role}"/><TextValue>prosecutor</TextValue></VariableValue>'
        f'<VariableValue><VariableRef targetGUID="{site}"/><IntegerValue>3</IntegerValue></VariableValue>'
        f'<SourceRef targetGUID="{source.guid}"/></Case></Cases>'
    )
    note_doc, note_sel, note_code, note_project = (
        guid(f"note:{n}") for n in ("doc", "sel", "code", "project")
    )
    source.notes = [note_doc]
    source.selections[2].notes = [note_sel]
    notes = (
        "<Notes>"
        f'<Note guid="{note_doc}" name="About" creatingUser="{guid("user:Ben")}"><PlainTextContent>Long interview, tired respondent.</PlainTextContent></Note>'
        f'<Note guid="{note_sel}" name="Money" creatingUser="{guid("user:Ana Reyes")}"><PlainTextContent>Budget cut in spring.</PlainTextContent></Note>'
        f'<Note guid="{note_code}" name="Def"><PlainTextContent>Split into state and federal?</PlainTextContent></Note>'
        f'<Note guid="{note_project}" name="Plan"><PlainTextContent>Project plan.</PlainTextContent></Note>'
        "</Notes>"
    )
    police = Code(POLICE.name, description=POLICE.description)
    codes = [Code("Referral streams", [police, HOTLINE], codable=False), CODES[1]]
    xml = project_xml(
        codes, [source], ["Ana Reyes", "Ben"], cases=cases, variables=variables, notes=notes
    )
    xml = xml.replace(
        'name="Law enforcement" isCodable="true"><Description>',
        'name="Law enforcement" isCodable="true"><Description>',
    ).replace(
        "The referral came from police.</Description>",
        f'The referral came from police.</Description><NoteRef targetGUID="{note_code}"/>',
    )
    qdpx = make_qdpx(tmp_path / "cases.qdpx", xml, {f"Sources/{SOURCE_FILE}": TEXT})
    project, result = new_from(tmp_path, qdpx)
    report = report_of(result)
    attributes = query(project, "SELECT key, value FROM document_attributes ORDER BY key")
    assert attributes == [("case", "P07"), ("role", "prosecutor"), ("site_number", "3")]
    assert memos(project) == [
        ("Ana_Reyes", "Interview 1", 4, "Budget cut in spring."),
        ("Ben", "Interview 1", None, "Long interview, tired respondent."),
    ]
    notes_on_codes = query(
        project,
        "SELECT c.name, m.code_id, m.text FROM memos m JOIN coders c ON c.id = m.coder_id WHERE m.code_id IS NOT NULL",
    )
    assert notes_on_codes == [
        ("imported", "referral_streams.law_enforcement", "Split into state and federal?")
    ]
    assert report["lost"] == [
        {"kind": "note", "name": "Plan", "reason": "a note on nothing imported"}
    ]


def test_deidentification_runs_after_codings_are_mapped(tmp_path: Path) -> None:
    text = (
        "Interviewer: Who referred the case?\n"
        "Respondent: Detective Maria Gonzalez from Riverside called me at 555-201-7788.\n"
    )
    source = Source(
        "Interview with Maria",
        content=text,
        selections=[select(text, "Maria Gonzalez", POLICE, "Ana")],
        notes=[guid("note:maria")],
    )
    notes = (
        f'<Notes><Note guid="{guid("note:maria")}" name="n" creatingUser="{guid("user:Ana")}">'
        "<PlainTextContent>Gonzalez was nervous.</PlainTextContent></Note></Notes>"
    )
    qdpx = make_qdpx(tmp_path / "names.qdpx", project_xml(CODES, [source], ["Ana"], notes=notes))
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--format", "json")
    report = report_of(result)
    assert report["deidentified"] is True
    (document, _, respondent) = segments(project)[1]
    assert "Gonzalez" not in respondent and "555-201-7788" not in respondent
    assert "[PERSON_1]" in respondent
    assert document != "Interview with Maria"  # the name held an identifier
    assert codings(project) == [(f"{document}:2", "Ana", "referral_streams.law_enforcement")]
    assert memos(project) == [("Ana", document, None, "[PERSON_1] was nervous.")]


def test_external_source_is_read_from_the_sources_folder(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "int1.txt").write_text(TEXT, encoding="utf-8")
    source = interview(path="relative://int1.txt")
    qdpx = make_qdpx(tmp_path / "ext.qdpx", project_xml(CODES, [source], ["Ana Reyes", "Ben"]))
    project, result = new_from(tmp_path, qdpx, "--sources", str(folder))
    report_of(result)
    assert len(codings(project)) == 3
    # Without --sources the source is reported lost, not read from anywhere.
    other = tmp_path / "other"
    other.mkdir()
    result = run("new", other / "s.qualcode", "--from", qdpx, "--no-deidentify", "--format", "json")
    assert report_of(result)["lost"][0]["reason"].endswith(
        "name the folder that holds it with --sources DIR"
    )


def test_options_that_go_with_from_are_refused_without_it(
    tmp_path: Path, mini_codebook: Path
) -> None:
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--codebook", mini_codebook, "--no-deidentify")
    assert result.exit_code == 1
    assert "go with --from FILE.qdpx" in result.stderr
    qdpx = make_qdpx(tmp_path / "p.qdpx", project_xml(CODES, [interview()], ["Ana Reyes"]))
    result = run("new", project, "--codebook", mini_codebook, "--from", qdpx)
    assert result.exit_code == 1
    assert "Give either --codebook or --from" in result.stderr
    assert not project.exists()
