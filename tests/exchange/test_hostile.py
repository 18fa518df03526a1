"""Hostile .qdpx files are refused with a clear message and leave no file behind."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run
from tests.exchange.builders import NS, Source, make_qdpx, project_xml
from tests.exchange.conftest import CODES, POLICE, TEXT, select


def refused(tmp_path: Path, qdpx: Path, *args: str) -> str:
    project = tmp_path / "study.qualcode"
    result = run("new", project, "--from", qdpx, "--no-deidentify", *args)
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert not project.exists()
    assert not (tmp_path / "study.codebook.yaml").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("study")) == []
    return result.stderr


def plain_project() -> str:
    return project_xml(
        CODES,
        [Source("S", content=TEXT, selections=[select(TEXT, "sheriff", POLICE, "Ana")])],
        ["Ana"],
    )


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/evil.txt", "sources/../../evil.txt", "C:/evil.txt"]
)
def test_zip_slip_names_are_refused(tmp_path: Path, name: str) -> None:
    qdpx = make_qdpx(tmp_path / "slip.qdpx", plain_project(), {name: "x"})
    message = refused(tmp_path, qdpx)
    assert "points outside the archive" in message
    assert "nothing was imported" in message


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    qdpx = make_qdpx(
        tmp_path / "bomb.qdpx", plain_project(), {"sources/big.txt": b"\0" * (20 * 1024 * 1024)}
    )
    message = refused(tmp_path, qdpx)
    assert "refused before unpacking" in message
    assert "times its compressed size" in message


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", plain_project())
        for i in range(20_001):
            archive.writestr(f"sources/{i}.txt", "")
    (tmp_path / "many.qdpx").write_bytes(buffer.getvalue())
    assert "over the limit of 20,000" in refused(tmp_path, tmp_path / "many.qdpx")


def test_external_entities_are_refused(tmp_path: Path, write: object) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<Project xmlns="{NS}" name="x"><Description>&xxe;</Description></Project>'
    )
    message = refused(tmp_path, make_qdpx(tmp_path / "xxe.qdpx", xml))
    assert "declares a DTD or entities" in message
    assert "TOP SECRET" not in message


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE Project [{entities}]><Project xmlns="{NS}" name="&lol9;"/>'
    )
    assert "declares a DTD or entities" in refused(tmp_path, make_qdpx(tmp_path / "lol.qdpx", xml))


def test_malformed_xml_and_not_a_zip(tmp_path: Path) -> None:
    assert "the XML is malformed" in refused(tmp_path, make_qdpx(tmp_path / "bad.qdpx", "<Project"))
    (tmp_path / "plain.qdpx").write_text("not a zip", encoding="utf-8")
    assert "not a zip archive" in refused(tmp_path, tmp_path / "plain.qdpx")
    empty = make_qdpx(tmp_path / "noqde.qdpx", "", {})
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "hi")
    assert "holds no project file (*.qde)" in refused(tmp_path, empty)


@pytest.mark.parametrize(
    "reference",
    ["absolute://{outside}", "relative://../outside/int1.txt", "relative://link/int1.txt"],
)
def test_external_paths_outside_the_sources_folder_are_refused(
    tmp_path: Path, reference: str
) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "int1.txt").write_text("Respondent: private notes.\n", encoding="utf-8")
    (folder / "link").symlink_to(outside)
    path = reference.format(outside=outside / "int1.txt")
    xml = project_xml(CODES, [Source("S", path=path)], ["Ana"])
    message = refused(tmp_path, make_qdpx(tmp_path / "ext.qdpx", xml), "--sources", str(folder))
    assert "outside the folder given with --sources" in message
    assert "private notes" not in message


def test_an_existing_codebook_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "study.codebook.yaml").write_text("mine", encoding="utf-8")
    qdpx = make_qdpx(tmp_path / "ok.qdpx", plain_project())
    result = run("new", tmp_path / "study.qualcode", "--from", qdpx, "--no-deidentify")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert (tmp_path / "study.codebook.yaml").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "study.qualcode").exists()


def test_a_failure_after_the_project_was_created_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualcode.project import exchange

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(exchange, "insert_parsed", broken)
    qdpx = make_qdpx(tmp_path / "ok.qdpx", plain_project())
    with pytest.raises(OSError):
        exchange.create_from_qdpx(tmp_path / "study.qualcode", qdpx, deidentify=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.qdpx"]
