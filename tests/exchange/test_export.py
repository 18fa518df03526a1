"""`qualcode export -o FILE.qdpx` and `codebook export -o FILE.qdc`: valid, stable, and read back
the same."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from qualcode.exchange.schemas import load_schema
from qualcode.model import MemoChange
from qualcode.project import open_project
from tests.conftest import run
from tests.exchange.conftest import codings, memos, query, segments

NS = {"q": "urn:QDA-XML:project:1.0"}
SCHEMAS = Path(__file__).resolve().parents[2] / "qualcode" / "exchange" / "schemas"


def coded_project(project: Path, tmp_path: Path) -> None:
    csv = tmp_path / "codings.csv"
    csv.write_text(
        "segment_id,coder,code\n"
        "int01:2,ana,referral.law_enforcement\n"
        "int01:2,ana,referral.hotline\n"
        "int01:4,ana,challenges.resources\n"
        "int01:2,ben,referral.hotline\n"
        "int02:4,ben,challenges.resources\n",
        encoding="utf-8",
    )
    assert run("codings", "import", project, csv, "--unlisted", "reviewed").exit_code == 0
    with open_project(project) as opened:
        documents = {row.name: row.id for row in opened.documents()}
        index = opened.store.documents.segment_index(["int01"])
        ana = opened.store.codings.coder_id("ana")
        opened.store.codings.save_memo(
            MemoChange(
                "ana",
                ana,
                documents["int01"],
                "int01",
                index["int01"][3],
                3,
                "Asks about barriers 😀.",
            )
        )
        opened.store.codings.save_memo(
            MemoChange("ana", ana, documents["int01"], "int01", None, None, "Good rapport.")
        )
        opened.save_code_note("referral.hotline", "State or national hotline?", actor="ben")


def project_qde(qdpx: Path) -> etree._Element:
    with zipfile.ZipFile(qdpx) as archive:
        return etree.fromstring(archive.read("project.qde"))


def test_export_validates_and_reads_back_the_same(project: Path, tmp_path: Path) -> None:
    coded_project(project, tmp_path)
    out = tmp_path / "study.qdpx"
    result = run("export", project, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert (
        "2 document(s), 4 selection(s) with 5 coding(s) by 2 coder(s), 3 note(s)" in result.stderr
    )
    assert out.stat().st_mode & 0o777 == 0o600
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd")))
    root = project_qde(out)
    assert schema.validate(root), schema.error_log
    # Every note, passage and coding says who made it and when (some readers need both).
    for tag in ("Note", "PlainTextSelection", "Coding", "TextSource"):
        for element in root.iter(f"{{{NS['q']}}}{tag}"):
            assert re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", element.get("creationDateTime")
            ), tag
            if tag != "TextSource":
                assert element.get("creatingUser") in {
                    u.get("guid") for u in root.iter(f"{{{NS['q']}}}User")
                }
    back = tmp_path / "back" / "study.qualcode"
    back.parent.mkdir()
    result = run("new", back, "--from", out, "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    assert "Lost: nothing." in result.stdout
    assert segments(back) == segments(project)
    assert codings(back) == codings(project)
    assert memos(back) == memos(project)
    assert query(back, "SELECT key, value FROM document_attributes") == query(
        project, "SELECT key, value FROM document_attributes"
    )
    note = "SELECT m.code_id, c.name, m.text FROM memos m JOIN coders c ON c.id = m.coder_id WHERE m.code_id IS NOT NULL"
    assert (
        query(back, note)
        == query(project, note)
        == [("referral.hotline", "ben", "State or national hotline?")]
    )


def test_positions_count_code_points_of_utf8_lf_text(project: Path, tmp_path: Path) -> None:
    coded_project(project, tmp_path)
    out = tmp_path / "study.qdpx"
    assert run("export", project, "-o", out).exit_code == 0
    root = project_qde(out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        texts = {name: archive.read(name) for name in names if name.startswith("sources/")}
    assert names[0] == "project.qde" and len(texts) == 2
    for raw in texts.values():
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    source = root.find("q:Sources/q:TextSource[@name='int01']", NS)
    text = texts[source.get("plainTextPath").replace("internal://", "sources/")].decode("utf-8")
    chosen = {
        int(s.get("startPosition")): text[int(s.get("startPosition")) : int(s.get("endPosition"))]
        for s in source.findall("q:PlainTextSelection", NS)
    }
    rows = {
        n: t
        for _, n, t in query(
            project,
            "SELECT 0, s.n, s.text FROM segments s JOIN documents d ON d.id = s.document_id WHERE d.name = 'int01'",
        )
    }
    assert sorted(chosen.values()) == sorted([rows[2], rows[3], rows[4]])


def test_export_is_stable_and_leaves_out_empty_containers(
    tmp_path: Path, mini_codebook: Path
) -> None:
    project = tmp_path / "empty.qualcode"
    assert run("new", project, "--codebook", mini_codebook).exit_code == 0
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    assert run("export", project, "-o", first).exit_code == 0
    assert run("export", project, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    root = project_qde(first)
    assert [etree.QName(child).localname for child in root] == ["CodeBook"]
    assert load_schema("Project.xsd").validate(root)
    families = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [(f.get("name"), f.get("isCodable")) for f in families] == [
        ("Referral streams", "false"),
        ("Challenges", "false"),
    ]


def test_unknown_extension_lists_the_supported_ones(project: Path, tmp_path: Path) -> None:
    result = run("export", project, "-o", tmp_path / "study.nvp")
    assert result.exit_code == 1
    assert "does not write '.nvp' files. Name the output with one of: .docx, .dta, .qdpx," in (
        result.stderr
    )
    result = run("codebook", "export", project, "-o", tmp_path / "codes.txt")
    assert result.exit_code == 1
    assert "one of: .docx, .md, .qdc." in result.stderr
    assert not (tmp_path / "study.nvp").exists()


def test_characters_xml_cannot_hold_are_left_out_of_the_project_file() -> None:
    from qualcode.exchange.model import RefiNote, RefiProject, RefiSelection, RefiTextSource
    from qualcode.exchange.writer import project_xml

    source = RefiTextSource("0d3c4f2e-8a41-4a39-9c3e-1b5f0b9d1a11", "Page\x0cbreak", "A\x0cB")
    source.selections.append(
        RefiSelection("0d3c4f2e-8a41-4a39-9c3e-1b5f0b9d1a12", "A\x0cB", 0, 3, None)
    )
    note = RefiNote("0d3c4f2e-8a41-4a39-9c3e-1b5f0b9d1a13", "n", "bell\x07", None)
    refi = RefiProject(name="p\x01", sources=[source], notes={note.guid: note})
    root = project_xml(refi)
    assert root.get("name") == "p"
    selection = root.find("q:Sources/q:TextSource/q:PlainTextSelection", NS)
    assert selection.get("name") == "AB"
    assert root.find("q:Notes/q:Note/q:PlainTextContent", NS).text == "bell"
