"""Fuzzing REFI-QDA imports: `new --from` on mutated .qdpx files and `codebook convert` on
mutated .qdc files exit 0 or 1 with a message, and a failed import leaves no file behind."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tests.exchange.builders import Selection, Source, make_qdpx, project_xml
from tests.exchange.conftest import CODES, HOTLINE, POLICE, TEXT, select
from tests.fuzz.conftest import Workspace, fuzz, invoke


def seed_xml() -> str:
    selections = [
        select(TEXT, "sheriff's office", POLICE, "Ana"),
        select(TEXT, "hotline", HOTLINE, "Ben"),
        Selection(3, 60, [(POLICE.guid, "Ana")]),
    ]
    sources = [
        Source("Interview 1", path="internal://one.txt", selections=selections),
        Source("Interview 2", content=TEXT, selections=[select(TEXT, "Money", POLICE, "Ben")]),
    ]
    return project_xml(CODES, sources, ["Ana", "Ben"])


SEED = seed_xml()
ATTRIBUTE = re.compile(r'(\w+)="[^"]*"')
VALUES = st.sampled_from(
    [
        "",
        "-1",
        "0",
        "99999999999999999999",
        "abc",
        "{BAD}",
        "x" * 300,
        "false",
        "internal://",
        "relative://../x",
        "😀",
        "&amp;",
        "a::b::",
        "::",
    ]
)
MUTATION = st.tuples(
    st.sampled_from(["drop", "set", "set", "double", "drop", "cut"]), st.integers(0, 10_000), VALUES
)


def mutate(xml: str, mutations: list[tuple[str, int, str]]) -> str:
    """The XML with attributes dropped or changed, elements repeated or the end cut off (the
    XML declaration is left alone)."""
    declaration, _, xml = xml.rpartition("?>")
    xml = _mutated(xml, mutations)
    return f"{declaration}?>{xml}" if declaration else xml


def _mutated(xml: str, mutations: list[tuple[str, int, str]]) -> str:
    for kind, where, value in mutations:
        attributes = list(ATTRIBUTE.finditer(xml))
        if kind in ("drop", "set") and attributes:
            match = attributes[where % len(attributes)]
            new = "" if kind == "drop" else f'{match.group(1)}="{value}"'
            xml = xml[: match.start()] + new + xml[match.end() :]
        elif kind == "cut":
            xml = xml[: where % (len(xml) + 1)]
        elif kind == "double":
            tags = list(re.finditer(r"<\w+\b[^<>]*/>", xml))  # empty elements: stays well formed
            if tags:
                match = tags[where % len(tags)]
                xml = xml[: match.start()] + match.group() + xml[match.start() :]
    return xml


@fuzz(40)
@given(
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
    text=st.sampled_from([TEXT, TEXT.replace("\n", "\r\n"), "", "\ufeff" + TEXT]),
)
def test_new_from_a_mutated_qdpx(
    workspace: Workspace, mutations: list[tuple[str, int, str]], text: str
) -> None:
    with workspace.case() as folder:
        qdpx = make_qdpx(folder / "in.qdpx", mutate(SEED, mutations), {"Sources/one.txt": text})
        project = folder / "p.qualcode"
        outcome = invoke("new", project, "--from", qdpx, "--no-deidentify", "--format", "json")
        left = sorted(p.name for p in folder.iterdir())
        if outcome.ok:
            assert "p.qualcode" in left and "p.codebook.yaml" in left
            assert invoke("export", project, "-o", folder / "out.qdpx").ok
        else:
            assert left == ["in.qdpx"], outcome.describe()


@fuzz(30)
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_codebook_convert_of_a_mutated_qdc(
    workspace: Workspace, mutations: list[tuple[str, int, str]]
) -> None:
    codes = "".join(code.xml() for code in CODES)
    seed = f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'
    with workspace.case() as folder:
        qdc = folder / "in.qdc"
        qdc.write_text(mutate(seed, mutations), encoding="utf-8")
        outcome = invoke("codebook", "convert", qdc, folder / "out.yaml")
        if outcome.ok:
            assert invoke("codebook", "check", folder / "out.yaml").ok
        else:
            assert not (folder / "out.yaml").exists()
