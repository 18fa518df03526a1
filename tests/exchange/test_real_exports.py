"""What real NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette exports do that the standard does
not say, each reproduced in a small fictional file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run
from tests.exchange.builders import NS, Code, Selection, Source, guid, make_qdpx, project_xml
from tests.exchange.conftest import (
    CODES,
    HOTLINE,
    POLICE,
    RESOURCES,
    TEXT,
    codings,
    memos,
    query,
    select,
)

ANA, BEN = guid("user:Ana"), guid("user:Ben")


def imported(tmp_path: Path, qdpx: Path) -> tuple[Path, dict[str, object]]:
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return project, json.loads(result.stdout)


def attributes(project: Path) -> list[tuple[object, ...]]:
    return query(
        project,
        "SELECT d.name, a.key, a.value FROM document_attributes a JOIN documents d "
        "ON d.id = a.document_id ORDER BY d.name, a.key",
    )


def variable(name: str, kind: str = "Text") -> str:
    return f'<Variable guid="{guid("var:" + name)}" name="{name}" typeOfVariable="{kind}"/>'


def value(name: str, kind: str, text: str) -> str:
    return (
        f'<VariableValue><VariableRef targetGUID="{guid("var:" + name)}"/>'
        f"<{kind}>{text}</{kind}></VariableValue>"
    )


def coding(code: str, user: str = ANA, seed: str = "") -> str:
    who = f' creatingUser="{user}"' if user else ""
    return (
        f'<Coding guid="{guid("coding:" + (seed or code + user))}"{who}>'
        f'<CodeRef targetGUID="{code}"/></Coding>'
    )


def selection(seed: str, words: str, text: str, *codes: str, extra: str = "") -> str:
    start = text.index(words)
    return (
        f'<PlainTextSelection guid="{guid("selection:" + seed)}" startPosition="{start}" '
        f'endPosition="{start + len(words)}" {extra}>{"".join(codes)}</PlainTextSelection>'
    )


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:project:0:4", "urn:QDA-XML:project:1.1"])
def test_any_namespace_version_is_read_by_element_names(tmp_path: Path, namespace: str) -> None:
    source = Source(
        "Interview 1",
        content=TEXT,
        selections=[
            select(TEXT, "hotline", HOTLINE, "Ana"),
            select(TEXT, "Money", RESOURCES, "Ana"),
        ],
    )
    xml = project_xml(CODES, [source], ["Ana"]).replace(NS, namespace)
    project, report = imported(tmp_path, make_qdpx(tmp_path / "old.qdpx", xml))
    assert codings(project) == [
        ("Interview 1:2", "Ana", "referral_streams.hotline"),
        ("Interview 1:4", "Ana", "challenges.resources"),
    ]
    assert report["notes"] == [
        f"the project file's namespace is {namespace}, not urn:QDA-XML:project:1.0; its "
        "elements were read by name (the schema was not checked)"
    ]


def test_a_codebook_in_the_older_namespace(tmp_path: Path) -> None:
    qdc = tmp_path / "old.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:0:4">'
        f'<Codes><Code guid="{{{guid("c1")}}}" name="Trust" isCodable="true">'
        "<Description>Trust in services.</Description></Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    result = run("codebook", "convert", qdc, tmp_path / "codebook.yaml")
    assert result.exit_code == 0, result.stderr
    yaml_text = (tmp_path / "codebook.yaml").read_text(encoding="utf-8")
    assert "id: trust" in yaml_text and "definition: Trust in services." in yaml_text


def test_maxqda_repeated_names_suffixes_paths_and_variables_in_the_source(tmp_path: Path) -> None:
    prose = "We met at the shelter.\nThe hotline helped us."
    hotline, money, sheriff = (
        select(TEXT, "hotline", HOTLINE, "Ana"),
        select(TEXT, "Money", RESOURCES, "Ana"),
        select(TEXT, "sheriff's office", POLICE, "Ana"),
    )
    field_hotline = select(prose, "hotline", HOTLINE, "Ana")
    for seed, item in (("a", hotline), ("b", money), ("c", sheriff), ("d", field_hotline)):
        item.seed = seed
    sources = [
        Source(
            "Interview.docx",
            key="a",
            content=TEXT,
            selections=[hotline],
            inner=value("Role", "TextValue", "prosecutor") + value("Site", "IntegerValue", "4"),
        ),
        Source("Interview", key="b", content=TEXT, selections=[money]),
        Source("Interview", key="c", path="internal://c.txt", selections=[sheriff]),
        # Only a `path` (not in the schema): its text is read from there.
        Source(
            "Field notes.txt",
            key="d",
            attributes='path="internal://d.txt"',
            selections=[field_hotline],
        ),
    ]
    variables = f"<Variables>{variable('Role')}{variable('Site', 'Integer')}</Variables>"
    xml = project_xml(CODES, sources, ["Ana"], variables=variables, origin="MAXQDA 2022")
    qdpx = make_qdpx(tmp_path / "maxqda.qdpx", xml, {"Sources/c.txt": TEXT, "Sources/d.txt": prose})
    project, report = imported(tmp_path, qdpx)
    assert [(d["name"], d["source"]) for d in report["documents"]] == [
        ("Interview", "Interview.docx"),
        ("Interview_2", "Interview"),
        ("Interview_3", "Interview"),
        ("Field notes", "Field notes.txt"),
    ]
    assert codings(project) == [
        ("Field notes:2", "Ana", "referral_streams.hotline"),
        ("Interview:2", "Ana", "referral_streams.hotline"),
        ("Interview_2:4", "Ana", "challenges.resources"),
        ("Interview_3:2", "Ana", "referral_streams.law_enforcement"),
    ]
    assert attributes(project) == [("Interview", "role", "prosecutor"), ("Interview", "site", "4")]
    assert report["lost"] == []


def test_a_pdf_text_representation_becomes_a_document(tmp_path: Path) -> None:
    text = "Section one. Referrals come from the police.\nSection two. Funding is limited.\n"
    police = Selection(0, 0, [(POLICE.guid, "Ana")], seed="pdf-police")
    funding = Selection(0, 0, [(RESOURCES.guid, "Ben")], seed="pdf-funding")
    start, end = text.index("the police"), text.index("Funding is limited") + 18
    area = Selection(0, 0, [(POLICE.guid, "Ana")], seed="pdf-area")
    pdf = (
        f'<PDFSource guid="{guid("pdf")}" name="Policy.pdf" path="internal://policy.pdf">'
        "<Description>County policy, 2024.</Description>"
        + area.element(
            "PDFSelection", "pdf-area", 'page="1" firstX="10" firstY="10" secondX="90" secondY="40"'
        )
        + f'<Representation guid="{guid("pdf-text")}" name="Policy" '
        'plainTextPath="internal://policy.txt">'
        + police.element(
            "PlainTextSelection",
            "pdf-police",
            f'startPosition="{start}" endPosition="{start + 10}"',
        )
        + funding.element(
            "PlainTextSelection",
            "pdf-funding",
            f'startPosition="{text.index("Funding")}" endPosition="{end}"',
        )
        + "</Representation></PDFSource>"
        f'<PDFSource guid="{guid("scan")}" name="Scan.pdf" path="internal://scan.pdf"/>'
    )
    variables = f"<Variables>{variable('Sector')}</Variables>"
    cases = (
        f'<Cases><Case guid="{guid("agency")}" name="Agency A">'
        f'{value("Sector", "TextValue", "Public")}<SourceRef targetGUID="{guid("pdf")}"/>'
        "</Case></Cases>"
    )
    xml = project_xml(
        CODES, [], ["Ana", "Ben"], variables=variables, cases=cases, extra_sources=pdf
    )
    qdpx = make_qdpx(tmp_path / "nvivo.qdpx", xml, {"Sources/policy.txt": text})
    project, report = imported(tmp_path, qdpx)
    (document,) = report["documents"]
    assert (document["name"], document["kind"], document["codings"]) == ("Policy", "PDF", 2)
    assert codings(project) == [
        ("Policy:1", "Ana", "referral_streams.law_enforcement"),
        ("Policy:2", "Ben", "challenges.resources"),
    ]
    assert attributes(project) == [("Policy", "case", "Agency A"), ("Policy", "sector", "Public")]
    text = run("new", tmp_path / "again.qualcode", "--from", qdpx, "--no-deidentify")
    assert (
        "  Policy: 2 segments, 2 codings (the text of the PDF 'Policy.pdf')"
        in text.stdout.splitlines()
    )
    assert memos(project) == [("imported", "Policy", None, "County policy, 2024.")]
    assert report["lost"] == [
        {
            "kind": "PDF layout",
            "name": "Policy.pdf",
            "reason": "its text representation was imported as a document; the PDF itself "
            "(pages, layout, images) was not, nor 1 coding(s) of areas on its pages",
        },
        {
            "kind": "PDF source",
            "name": "Scan.pdf",
            "reason": "qualcode codes text only and the file holds no text of it; no codings",
        },
    ]


def test_maxqda_comments_on_passages_with_and_without_codes_become_memos(tmp_path: Path) -> None:
    start = TEXT.index("sheriff's office")
    comment_only = Selection(start, start + 16, [], description="Check this later.", user="Ana")
    comment_only.seed = "comment"
    coded = select(TEXT, "Money", RESOURCES, "Ben")
    coded.description = "Budget cut in spring."  # the selection names no user: its coding's
    source = Source("Interview 1", content=TEXT, selections=[comment_only, coded])
    xml = project_xml(CODES, [source], ["Ana", "Ben"], origin="MAXQDA 2020")
    project, report = imported(tmp_path, make_qdpx(tmp_path / "maxqda.qdpx", xml))
    assert memos(project) == [
        ("Ana", "Interview 1", 2, "Check this later."),
        ("Ben", "Interview 1", 4, "Budget cut in spring."),
    ]
    assert codings(project) == [("Interview 1:4", "Ben", "challenges.resources")]
    assert (report["memos"], report["lost"]) == (2, [])


def test_nvivo_annotations_are_links_to_notes_kept_in_text_files(tmp_path: Path) -> None:
    annotated = select(TEXT, "hotline", HOTLINE, "Ana")
    annotated.seed = "annotated"
    annotated.notes = [guid("note:annotation")]  # referred to and linked: one memo
    source = Source("Interview 1", content=TEXT, selections=[annotated], notes=[guid("note:doc")])
    annotation = guid("note:annotation")
    notes = (
        "<Notes>"
        f'<Note guid="{annotation}" name="Annotation" creatingUser="{ANA}" '
        f'plainTextPath="internal://{annotation}.txt"/>'
        f'<Note guid="{guid("note:doc")}" name="Memo" creatingUser="{BEN}">'
        "<PlainTextContent>Second visit planned.</PlainTextContent></Note>"
        f'<Note guid="{guid("note:gone")}" name="Lost memo" plainTextPath="internal://gone.txt"/>'
        "</Notes>"
    )
    links = (
        "<Links>"
        f'<Link guid="{guid("link:a")}" name="Annotation" direction="OneWay" '
        f'originGUID="{annotated.guid}" targetGUID="{annotation}"/>'
        f'<Link guid="{guid("link:b")}" name="supports" originGUID="{HOTLINE.guid}" '
        f'targetGUID="{POLICE.guid}"/>'
        "</Links>"
    )
    xml = project_xml(CODES, [source], ["Ana", "Ben"], notes=notes, tail=links, origin="NVivo 14")
    qdpx = make_qdpx(
        tmp_path / "nvivo.qdpx",
        xml,
        {f"Sources/{annotation}.txt": "Caller was a neighbour.\r\n".encode("utf-16")},
    )
    project, report = imported(tmp_path, qdpx)
    assert memos(project) == [
        ("Ana", "Interview 1", 2, "Caller was a neighbour."),
        ("Ben", "Interview 1", None, "Second visit planned."),
    ]
    assert report["lost"] == [
        {
            "kind": "note",
            "name": "Lost memo",
            "reason": "its file 'gone.txt' is missing from the archive",
        },
        {"kind": "link", "name": "supports", "reason": "qualcode has no links"},
    ]


def test_case_variables_of_every_type_unnamed_cases_and_the_cases_prefix(tmp_path: Path) -> None:
    first, second = (
        Source("Interview 1", key="1", content=TEXT),
        Source(
            "Interview 2",
            key="2",
            content=TEXT,
            inner=value("Site", "TextValue", "North") + value("Undeclared", "TextValue", "x"),
        ),
    )
    variables = (
        "<Variables>"
        + "".join(
            variable(name, kind)
            for name, kind in (
                ("Cases:Age group", "Text"),
                ("Cases:Site", "Text"),  # kept whole: "Site" is another variable
                ("Site", "Text"),
                ("Consented", "Boolean"),
                ("Children", "Integer"),
                ("Hours", "Float"),
                ("Interviewed", "Date"),
                ("Transcribed", "DateTime"),
            )
        )
        + "</Variables>"
    )
    cases = (
        "<Cases>"
        f'<Case guid="{guid("case:unnamed")}">'  # MAXQDA, Quirkos: one file's variables
        + value("Cases:Age group", "TextValue", "35-44")
        + value("Cases:Site", "TextValue", "East")
        + value("Consented", "BooleanValue", "1")
        + value("Children", "IntegerValue", "3")
        + value("Hours", "FloatValue", "2.5")
        + value("Interviewed", "DateValue", "2026-03-01")
        + value("Transcribed", "DateTimeValue", "2026-03-02T09:30:00Z")
        + f'<SourceRef targetGUID="{first.guid}"/></Case>'
        f'<Case guid="{guid("case:p07")}" name="P07">'
        + value("Cases:Age group", "TextValue", "55+")
        + value("Consented", "BooleanValue", "False")
        + value("Hours", "FloatValue", "")
        + f'<SourceRef targetGUID="{second.guid}"/></Case>'
        "</Cases>"
    )
    xml = project_xml(CODES, [first, second], ["Ana"], variables=variables, cases=cases)
    project, report = imported(tmp_path, make_qdpx(tmp_path / "cases.qdpx", xml))
    assert attributes(project) == [
        ("Interview 1", "age_group", "35-44"),
        ("Interview 1", "cases_site", "East"),
        ("Interview 1", "children", "3"),
        ("Interview 1", "consented", "true"),
        ("Interview 1", "hours", "2.5"),
        ("Interview 1", "interviewed", "2026-03-01"),
        ("Interview 1", "transcribed", "2026-03-02T09:30:00Z"),
        ("Interview 2", "age_group", "55+"),
        ("Interview 2", "case", "P07"),
        ("Interview 2", "consented", "false"),
        ("Interview 2", "site", "North"),
    ]
    assert "variables 'Cases:Age group' were read without their 'Cases:' prefix" in report["notes"]
    assert report["lost"] == [
        {
            "kind": "variable value",
            "name": guid("var:Undeclared").lower(),
            "reason": "its variable is not declared",
        }
    ]


def test_nvivo_case_coding_makes_members_or_is_reported(tmp_path: Path) -> None:
    case = guid("case:river")
    whole = Selection(0, len(TEXT), [(case, "Ana"), (HOTLINE.guid, "Ana")], seed="whole")
    part = select(TEXT, "Money", RESOURCES, "Ana")
    part.codes.append((case, "Ana"))
    part.seed = "part"
    sources = [
        Source("A", content=TEXT, selections=[whole]),
        Source("B", content=TEXT, selections=[part]),
        Source("C", content=TEXT, inner=coding(case, ANA, "c-whole")),
    ]
    variables = f"<Variables>{variable('Region')}</Variables>"
    cases = (
        f'<Cases><Case guid="{case}" name="Riverside agency">'
        f"{value('Region', 'TextValue', 'West')}</Case>"
        f'<Case guid="{guid("case:hill")}" name="Hill agency">'
        f'<SelectionRef targetGUID="{part.guid}"/></Case></Cases>'
    )
    xml = project_xml(CODES, sources, ["Ana"], variables=variables, cases=cases)
    project, report = imported(tmp_path, make_qdpx(tmp_path / "nvivo.qdpx", xml))
    assert codings(project) == [
        ("A:1", "Ana", "referral_streams.hotline"),
        ("A:2", "Ana", "referral_streams.hotline"),
        ("A:3", "Ana", "referral_streams.hotline"),
        ("A:4", "Ana", "referral_streams.hotline"),
        ("B:4", "Ana", "challenges.resources"),
    ]
    assert attributes(project) == [
        ("A", "case", "Riverside agency"),
        ("A", "region", "West"),
        ("C", "case", "Riverside agency"),
        ("C", "region", "West"),
    ]
    money = TEXT.index("Money")
    assert report["lost"] == [
        {
            "kind": "case coding",
            "name": "Hill agency",
            "reason": "1 passage(s) are in this case; qualcode gives cases (attributes) to "
            "whole documents only",
        },
        {
            "kind": "case coding",
            "name": f"B [{money}:{money + 5}]",
            "reason": "it puts a part of the source in case 'Riverside agency'; qualcode gives "
            "cases (attributes) to whole documents only",
        },
    ]


def test_users_from_modifying_user_and_the_projects_user(tmp_path: Path) -> None:
    selections = (
        selection("s1", "hotline", TEXT, coding(HOTLINE.guid, ""), extra=f'modifyingUser="{BEN}"')
        + selection(
            "s2",
            "Money",
            TEXT,
            coding(RESOURCES.guid, "").replace("<Coding ", f'<Coding modifyingUser="{ANA}" '),
        )
        + selection("s3", "sheriff", TEXT, coding(POLICE.guid, ""))  # nobody at all
    )
    source = Source("Interview 1", content=TEXT, inner=selections)
    xml = project_xml(CODES, [source], ["Ana", "Ben", "Kim Lee"]).replace(
        "<Project ", f'<Project creatingUserGUID="{{{guid("user:Kim Lee")}}}" '
    )
    project, report = imported(tmp_path, make_qdpx(tmp_path / "users.qdpx", xml))
    assert codings(project) == [
        ("Interview 1:2", "Ben", "referral_streams.hotline"),
        ("Interview 1:2", "Kim_Lee", "referral_streams.law_enforcement"),
        ("Interview 1:4", "Ana", "challenges.resources"),
    ]
    assert (
        "1 coding(s), memo(s) or note(s) name no user; they were given to coder 'Kim_Lee' "
        "(the project's user 'Kim Lee')" in report["notes"]
    )
    # With no project user either, the coder is `imported`, and the report says so.
    other = tmp_path / "other"
    other.mkdir()
    xml = project_xml(CODES, [Source("S", content=TEXT, inner=selections)], [])
    project, report = imported(other, make_qdpx(other / "nobody.qdpx", xml))
    assert ("S:2", "imported", "referral_streams.law_enforcement") in codings(project)
    assert (
        "1 coding(s), memo(s) or note(s) name no user; they were given to coder 'imported' "
        "(the file names no user for them)" in report["notes"]
    )


def test_a_recording_transcript_becomes_a_document_with_its_codings(tmp_path: Path) -> None:
    transcript = (
        "Interviewer: Who called first?\nRespondent: The hotline called, then the police came.\n"
    )
    hotline, police = transcript.index("hotline"), transcript.index("police")
    points = "".join(
        f'<SyncPoint guid="{guid("p" + name)}" {attributes}/>'
        for name, attributes in (
            ("0", f'timeStamp="1000" position="{hotline}"'),
            ("1", f'timeStamp="2000" position="{hotline + 7}"'),
            ("2", f'position="{police}"'),
            ("3", f'position="{police + 6}"'),
            ("4", 'timeStamp="5000"'),
            ("5", 'timeStamp="6000"'),
        )
    )

    def passage(seed: str, start: str, end: str, code: Code, user: str, name: str = "") -> str:
        named = f' name="{name}"' if name else ""
        return (
            f'<TranscriptSelection guid="{guid("ts:" + seed)}"{named} '
            f'fromSyncPoint="{guid("p" + start)}" toSyncPoint="{guid("p" + end)}">'
            f"{coding(code.guid, user, seed)}</TranscriptSelection>"
        )

    media = (
        f'<AudioSource guid="{guid("audio")}" name="Call 3.mp3" path="internal://call3.mp3" '
        f'creatingUser="{ANA}">'
        f'<Transcript guid="{guid("transcript")}" name="Call 3 transcript" '
        'plainTextPath="internal://call3.txt">'
        + points
        + passage("hotline", "0", "1", HOTLINE, ANA, "hotline")
        + passage("police", "2", "3", POLICE, BEN)
        + passage("timed", "4", "5", RESOURCES, ANA, "timed only")
        + "</Transcript>"
        f'<AudioSelection guid="{guid("as")}" begin="0" end="5000">'
        f"{coding(RESOURCES.guid, ANA, 'as')}</AudioSelection></AudioSource>"
        f'<VideoSource guid="{guid("video")}" name="Site visit.mp4" path="internal://v.mp4"/>'
    )
    xml = project_xml(CODES, [], ["Ana", "Ben"], extra_sources=media, origin="QualCoder 3.5")
    qdpx = make_qdpx(tmp_path / "qualcoder.qdpx", xml, {"Sources/call3.txt": transcript})
    project, report = imported(tmp_path, qdpx)
    assert [(d["name"], d["kind"], d["codings"]) for d in report["documents"]] == [
        ("Call 3", "audio", 2)
    ]
    assert codings(project) == [
        ("Call 3:2", "Ana", "referral_streams.hotline"),
        ("Call 3:2", "Ben", "referral_streams.law_enforcement"),
    ]
    text = run("new", tmp_path / "again.qualcode", "--from", qdpx, "--no-deidentify")
    assert (
        "  Call 3: 2 segments, 2 codings (the transcript of the audio recording 'Call 3.mp3')"
        in text.stdout.splitlines()
    )
    assert report["lost"] == [
        {
            "kind": "audio recording",
            "name": "Call 3.mp3",
            "reason": "its transcript was imported as a document; the recording was not, nor 1 "
            "coding(s) of its timed passages",
        },
        {
            "kind": "video source",
            "name": "Site visit.mp4",
            "reason": "qualcode codes text only and the file holds no text of it; no codings",
        },
        {
            "kind": "selection",
            "name": "timed only",
            "reason": "its sync points give no text position",
        },
    ]


def test_unknown_elements_attribute_order_and_braced_upper_case_guids(tmp_path: Path) -> None:
    code, user, source, chosen = (
        "{" + guid(name) + "}" for name in ("code", "user", "source", "selection")
    )
    start = TEXT.index("hotline")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Project origin="NVivo 14" basePath="C:\\Studies" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:v="urn:vendor" '
        f'name="Fictional" v:flag="1" xmlns="{NS}">'
        f'<Users><User name="Ana" guid="{user}" id="A1"/></Users>'
        f'<CodeBook><Codes><Code isCodable="true" name="Hotline" guid="{code}" color="#FF0000" '
        'v:weight="2"><Description>Calls.</Description><v:Extra/></Code></Codes></CodeBook>'
        "<v:Settings><v:Setting key='a'/></v:Settings>"
        f'<Sources><TextSource name="Interview 1" v:x="1" guid="{source}">'
        f"<PlainTextContent>{TEXT}</PlainTextContent><v:Highlight/>"
        f'<PlainTextSelection endPosition="{start + 7}" guid="{chosen}" '
        f'startPosition="{start}" creatingUser="{user}"><v:Extra/>'
        f'<Coding guid="{{{guid("coding")}}}" creatingUser="{user}">'
        f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection></TextSource>'
        f'<WebSource guid="{guid("web")}" name="Agency page"/></Sources>'
        "<v:Trailer/></Project>"
    )
    project, report = imported(tmp_path, make_qdpx(tmp_path / "odd.qdpx", xml))
    assert codings(project) == [("Interview 1:2", "Ana", "codes.hotline")]
    assert report["lost"] == [
        {
            "kind": "source",
            "name": "Agency page",
            "reason": "qualcode does not know sources of the kind <WebSource>",
        }
    ]
    assert any("does not follow the REFI-QDA schema" in note for note in report["notes"])


def test_atlas_ti_crlf_sources_with_positions_counting_a_line_break_as_one(
    tmp_path: Path,
) -> None:
    selections = [
        select(TEXT, "sheriff's office", POLICE, "Ana", name=False),
        select(TEXT, "hotline", HOTLINE, "Ana", name=False),
        select(TEXT, "Money", RESOURCES, "Ana", name=False),
        select(TEXT, "whole county", RESOURCES, "Ana", name=False),
    ]  # positions in the LF text: every line break counted once
    source = Source("Interview 1", path="internal://i1.txt", selections=selections)
    xml = project_xml(CODES, [source], ["Ana"], origin="ATLAS.ti 9")
    qdpx = make_qdpx(tmp_path / "atlas.qdpx", xml, {"sources/i1.txt": TEXT.replace("\n", "\r\n")})
    project, report = imported(tmp_path, qdpx)
    assert report["positions"] == "Unicode code points, every line break as one"
    assert codings(project) == [
        ("Interview 1:2", "Ana", "referral_streams.hotline"),
        ("Interview 1:2", "Ana", "referral_streams.law_enforcement"),
        ("Interview 1:4", "Ana", "challenges.resources"),
    ]


def test_a_taguette_codebook_without_namespace(tmp_path: Path) -> None:
    qdc = tmp_path / "codebook.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook origin="Taguette 1.4.1"><Codes>'
        f'<Code guid="{guid("tag:a")}" name="interesting" isCodable="true"></Code>'
        f'<Code guid="{guid("tag:b")}" name="barriers.money" isCodable="true"></Code>'
        "</Codes><Sets></Sets></CodeBook>",
        encoding="utf-8",
    )
    result = run("codebook", "convert", qdc, tmp_path / "codebook.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {tmp_path / 'codebook.yaml'}: 2 codes from {qdc}."
    yaml_text = (tmp_path / "codebook.yaml").read_text(encoding="utf-8")
    assert "id: interesting" in yaml_text and "id: barriers_money" in yaml_text


def test_a_pdf_or_recording_whose_text_is_missing_is_reported(tmp_path: Path) -> None:
    passage = Selection(0, 4, [(POLICE.guid, "Ana")], seed="gone").element(
        "PlainTextSelection", "gone"
    )
    extra = (
        f'<PDFSource guid="{guid("pdf")}" name="Policy.pdf">'
        f'<Representation guid="{guid("rep")}" plainTextPath="internal://missing.txt">'
        f"{passage}</Representation></PDFSource>"
        f'<VideoSource guid="{guid("video")}" name="Visit.mp4">'
        f'<Transcript guid="{guid("tr")}" plainTextPath="internal://gone.txt"/></VideoSource>'
    )
    source = Source(
        "Interview 1", content=TEXT, selections=[select(TEXT, "Money", RESOURCES, "Ana")]
    )
    xml = project_xml(CODES, [source], ["Ana"], extra_sources=extra)
    project, report = imported(tmp_path, make_qdpx(tmp_path / "gone.qdpx", xml))
    assert codings(project) == [("Interview 1:4", "Ana", "challenges.resources")]
    assert report["lost"] == [
        {
            "kind": "PDF layout",
            "name": "Policy.pdf",
            "reason": "its text representation could not be read; the PDF itself (pages, "
            "layout, images) was not",
        },
        {
            "kind": "video recording",
            "name": "Visit.mp4",
            "reason": "its transcript could not be read; the recording was not",
        },
        {
            "kind": "text source",
            "name": "Policy.pdf",
            "reason": "its file 'missing.txt' is missing from the archive",
        },
        {"kind": "coding", "name": "Policy.pdf", "reason": "1 coding(s) of a source not imported"},
        {
            "kind": "text source",
            "name": "Visit.mp4",
            "reason": "its file 'gone.txt' is missing from the archive",
        },
    ]
