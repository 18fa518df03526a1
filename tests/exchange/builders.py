"""Building REFI-QDA files in test code, by the standard's rules and what real tools write."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "urn:QDA-XML:project:1.0"


def guid(name: str) -> str:
    """A fixed GUID per name, so tests can refer to things by name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"test:{name}")).upper()


@dataclass
class Code:
    name: str
    children: list[Code] = field(default_factory=list)
    codable: bool = True
    description: str = ""
    key: str = ""  # GUID seed; the name when empty

    @property
    def guid(self) -> str:
        return guid("code:" + (self.key or self.name))

    def xml(self) -> str:
        inner = f"<Description>{escape(self.description)}</Description>" if self.description else ""
        inner += "".join(child.xml() for child in self.children)
        codable = "true" if self.codable else "false"
        return f'<Code guid="{self.guid}" name={quoteattr(self.name)} isCodable="{codable}">{inner}</Code>'


@dataclass
class Selection:
    start: int
    end: int
    codes: list[tuple[str, str]]  # (code guid, user name)
    name: str = ""
    notes: list[str] = field(default_factory=list)  # note guids
    seed: str = ""
    description: str = ""
    user: str = ""  # the selection's creatingUser

    def xml(self, source: str, number: int) -> str:
        seed = self.seed or f"{source}:{number}"
        return self.element("PlainTextSelection", seed)

    @property
    def guid(self) -> str:
        """The GUID of a selection given a ``seed``."""
        return guid("selection:" + self.seed)

    def element(self, tag: str, seed: str, positions: str = "") -> str:
        codings = "".join(
            f'<Coding guid="{guid(f"coding:{seed}:{i}")}"'
            + (f' creatingUser="{guid("user:" + user)}">' if user else ">")
            + f'<CodeRef targetGUID="{code}"/></Coding>'
            for i, (code, user) in enumerate(self.codes)
        )
        notes = "".join(f'<NoteRef targetGUID="{note}"/>' for note in self.notes)
        name = f" name={quoteattr(self.name)}" if self.name else ""
        if self.user:
            name += f' creatingUser="{guid("user:" + self.user)}"'
        description = (
            f"<Description>{escape(self.description)}</Description>" if self.description else ""
        )
        positions = positions or f'startPosition="{self.start}" endPosition="{self.end}"'
        return (
            f'<{tag} guid="{guid("selection:" + seed)}"{name} '
            f"{positions}>{description}{codings}{notes}</{tag}>"
        )


@dataclass
class Source:
    name: str
    path: str | None = None  # plainTextPath; None: PlainTextContent
    content: str = ""
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rich_path: str | None = None
    description: str = ""
    key: str = ""  # GUID seed; the name when empty (tools may repeat a name)
    attributes: str = ""  # more XML attributes, written as given
    inner: str = ""  # more XML inside, after the selections

    @property
    def guid(self) -> str:
        return guid("source:" + (self.key or self.name))

    def xml(self) -> str:
        attributes = f'guid="{self.guid}" name={quoteattr(self.name)} {self.attributes}'.strip()
        if self.path:
            attributes += f" plainTextPath={quoteattr(self.path)}"
        if self.rich_path:
            attributes += f" richTextPath={quoteattr(self.rich_path)}"
        inner = f"<Description>{escape(self.description)}</Description>" if self.description else ""
        inner += "" if self.path else f"<PlainTextContent>{escape(self.content)}</PlainTextContent>"
        inner += "".join(s.xml(self.name, i) for i, s in enumerate(self.selections))
        inner += "".join(f'<NoteRef targetGUID="{note}"/>' for note in self.notes)
        return f"<TextSource {attributes}>{inner}{self.inner}</TextSource>"


def project_xml(
    codes: list[Code],
    sources: list[Source],
    users: list[str] = (),  # type: ignore[assignment]
    *,
    cases: str = "",
    variables: str = "",
    notes: str = "",
    extra_sources: str = "",
    tail: str = "",
    origin: str = "Test QDA 1.0",
) -> str:
    parts = ['<?xml version="1.0" encoding="utf-8"?>']
    parts.append(f'<Project xmlns="{NS}" name="Fictional study" origin="{origin}">')
    if users:
        parts.append(
            "<Users>"
            + "".join(f'<User guid="{guid("user:" + u)}" name={quoteattr(u)}/>' for u in users)
            + "</Users>"
        )
    if codes:
        parts.append("<CodeBook><Codes>" + "".join(c.xml() for c in codes) + "</Codes></CodeBook>")
    parts.append(variables)
    parts.append(cases)
    if sources or extra_sources:
        parts.append("<Sources>" + "".join(s.xml() for s in sources) + extra_sources + "</Sources>")
    parts.append(notes)
    parts.append(tail)
    parts.append("</Project>")
    return "".join(parts)


def make_qdpx(
    path: Path,
    xml: str | bytes,
    files: dict[str, str | bytes] | None = None,
    *,
    qde_name: str = "project.qde",
) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, xml if isinstance(xml, bytes) else xml.encode("utf-8"))
        for name, content in (files or {}).items():
            archive.writestr(
                name, content if isinstance(content, bytes) else content.encode("utf-8")
            )
    path.write_bytes(buffer.getvalue())
    return path
