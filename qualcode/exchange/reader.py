"""Reading a ``.qdpx`` into :class:`~qualcode.exchange.model.RefiProject`.

What real files do, beyond the letter of the standard: the project file may be named
``project.qde`` or ``Project.qde``; sources sit in ``Sources/``, ``sources/`` or the root; a
source's text may be inline (``PlainTextContent``), in a ``.txt`` file, or only in a ``.docx``
representation; text files may start with a byte-order mark. A source that cannot be read is
recorded as lost and the rest is read; a hostile file (zip slip, zip bomb, DTD, a source path
outside the folder the user named) is refused as a whole.
"""

from __future__ import annotations

import codecs
from pathlib import Path, PurePosixPath
from typing import Any

from qualcode.errors import InputFileError
from qualcode.exchange.archive import (
    MAX_QDE_BYTES,
    MAX_SOURCE_BYTES,
    QdpxArchive,
    local_name,
    open_qdpx,
    parse_xml,
)
from qualcode.exchange.model import (
    Loss,
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiTextSource,
    RefiUser,
    normal_guid,
)
from qualcode.formats.text import decode_text

_NON_TEXT = {
    "PictureSource": "picture",
    "PDFSource": "PDF",
    "AudioSource": "audio",
    "VideoSource": "video",
}


def read_qdpx(path: Path, sources_dir: Path | None = None) -> RefiProject:
    """Read a ``.qdpx``; external sources (``relative://``, ``absolute://``) are read only from
    under ``sources_dir``. Raises :class:`InputFileError` for a file that must be refused."""
    with open_qdpx(path) as archive:
        entry = archive.project_entry()
        where = f"{path} ({entry})"
        root = parse_xml(archive.read(entry, MAX_QDE_BYTES), where)
        if local_name(root) != "Project":
            raise InputFileError(
                f"{where}: the project file's root element is <{local_name(root)}>, not "
                "<Project>; this is not a REFI-QDA project."
            )
        reader = _ProjectReader(archive, where, sources_dir)
        project = reader.project(root)
    project.schema_warning = schema_problem(root, "Project.xsd")
    return project


def schema_problem(root: Any, schema: str) -> str:
    """The first reason ``root`` does not validate against a vendored schema, or ``""``."""
    from qualcode.exchange.schemas import load_schema

    validator = load_schema(schema)
    if validator.validate(root.getroottree()):
        return ""
    error = validator.error_log.last_error
    return f"line {error.line}: {error.message}" if error is not None else "does not validate"


def children(element: Any, name: str) -> list[Any]:
    return [child for child in element if local_name(child) == name]


def child(element: Any, name: str) -> Any | None:
    found = children(element, name)
    return found[0] if found else None


def text_of(element: Any | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext())


def guid_of(element: Any, attribute: str = "guid") -> str | None:
    return normal_guid(element.get(attribute))


def refs(element: Any, name: str) -> list[str]:
    found = (guid_of(ref, "targetGUID") for ref in children(element, name))
    return [guid for guid in found if guid]


def read_codes(parent: Any) -> list[RefiCode]:
    """The codes under a ``<Codes>`` or ``<Code>`` element, nested (shared with ``.qdc``)."""
    codes: list[RefiCode] = []
    for element in children(parent, "Code"):
        guid = guid_of(element) or ""
        codable = (element.get("isCodable") or "true").strip().lower() not in ("false", "0")
        codes.append(
            RefiCode(
                guid=guid,
                name=(element.get("name") or "").strip(),
                codable=codable,
                description=text_of(child(element, "Description")).strip(),
                color=element.get("color"),
                children=read_codes(element),
                note_guids=refs(element, "NoteRef"),
            )
        )
    return codes


class _ProjectReader:
    def __init__(self, archive: QdpxArchive, where: str, sources_dir: Path | None) -> None:
        self.archive = archive
        self.where = where
        self.sources_dir = sources_dir.resolve() if sources_dir is not None else None
        self.losses: list[Loss] = []
        self.variables: dict[str, str] = {}

    def project(self, root: Any) -> RefiProject:
        project = RefiProject(
            name=(root.get("name") or "").strip() or self.archive.path.stem,
            origin=(root.get("origin") or "").strip(),
            user_guid=guid_of(root, "creatingUserGUID"),
        )
        users = child(root, "Users")
        for element in children(users, "User") if users is not None else []:
            guid = guid_of(element)
            if guid:
                name = (element.get("name") or element.get("id") or "").strip()
                project.users[guid] = RefiUser(guid, name)
        codebook = child(root, "CodeBook")
        codes = child(codebook, "Codes") if codebook is not None else None
        if codes is not None:
            project.codes = read_codes(codes)
        variables = child(root, "Variables")
        for element in children(variables, "Variable") if variables is not None else []:
            guid = guid_of(element)
            if guid:
                self.variables[guid] = (element.get("name") or "").strip()
        cases = child(root, "Cases")
        for element in children(cases, "Case") if cases is not None else []:
            project.cases.append(
                RefiCase(
                    guid=guid_of(element) or "",
                    name=(element.get("name") or "").strip(),
                    variables=self.values(element),
                    source_guids=refs(element, "SourceRef"),
                )
            )
        notes = child(root, "Notes")
        for element in children(notes, "Note") if notes is not None else []:
            note = self.note(element)
            if note is not None:
                project.notes[note.guid] = note
        sources = child(root, "Sources")
        for element in list(sources) if sources is not None else []:
            kind = local_name(element)
            name = (element.get("name") or "").strip() or "(unnamed)"
            if kind == "TextSource":
                project.sources.append(self.text_source(element))
            elif kind in _NON_TEXT:
                self.losses.append(
                    Loss(
                        f"{_NON_TEXT[kind]} source",
                        name,
                        "qualcode codes text only; its codings are not imported",
                    )
                )
        for kind, item, what in (("Sets", "Set", "set"), ("Links", "Link", "link")):
            container = child(root, kind)
            for element in children(container, item) if container is not None else []:
                name = (element.get("name") or "").strip() or "(unnamed)"
                self.losses.append(Loss(what, name, f"qualcode has no {what}s"))
        graphs = child(root, "Graphs")
        for element in children(graphs, "Graph") if graphs is not None else []:
            name = (element.get("name") or "").strip() or "(unnamed)"
            self.losses.append(Loss("graph", name, "qualcode has no graphs (network views)"))
        project.project_note_guids = refs(root, "NoteRef")
        project.losses = self.losses
        return project

    def values(self, element: Any) -> dict[str, str]:
        values: dict[str, str] = {}
        for value in children(element, "VariableValue"):
            ref = child(value, "VariableRef")
            guid = guid_of(ref, "targetGUID") if ref is not None else None
            name = self.variables.get(guid or "", "")
            if not name:
                continue
            content = [text_of(item).strip() for item in value if local_name(item) != "VariableRef"]
            values[name] = next((item for item in content if item), "")
        return values

    def note(self, element: Any) -> RefiNote | None:
        guid = guid_of(element)
        if not guid:
            return None
        text = text_of(child(element, "PlainTextContent"))
        path = element.get("plainTextPath") or ""
        if not text and path.startswith("internal://"):
            entry = self.archive.find_source(path[len("internal://") :])
            if entry is not None:
                raw = self.archive.read(entry, MAX_SOURCE_BYTES)
                text = _decode(raw, Path(entry))[0] or ""
        return RefiNote(
            guid,
            (element.get("name") or "").strip(),
            text.strip(),
            guid_of(element, "creatingUser"),
        )

    def text_source(self, element: Any) -> RefiTextSource:
        name = (element.get("name") or "").strip() or "(unnamed)"
        source = RefiTextSource(
            guid=guid_of(element) or "",
            name=name,
            text=None,
            user_guid=guid_of(element, "creatingUser"),
            note_guids=refs(element, "NoteRef"),
            variables=self.values(element),
            description=text_of(child(element, "Description")).strip(),
        )
        self.read_text(element, source)
        for selection in children(element, "PlainTextSelection"):
            source.selections.append(self.selection(selection, source.user_guid))
        source.whole_codings = [
            self.coding(c, source.user_guid) for c in children(element, "Coding")
        ]
        return source

    def selection(self, element: Any, default_user: str | None) -> RefiSelection:
        user = guid_of(element, "creatingUser") or default_user
        try:
            start = int((element.get("startPosition") or "").strip())
            end = int((element.get("endPosition") or "").strip())
        except ValueError:
            start, end = -1, -1  # reported as not lining up with the text
        return RefiSelection(
            guid=guid_of(element) or "",
            name=element.get("name") or "",
            start=start,
            end=end,
            user_guid=user,
            codings=[self.coding(c, user) for c in children(element, "Coding")],
            note_guids=refs(element, "NoteRef"),
            description=text_of(child(element, "Description")).strip(),
        )

    def coding(self, element: Any, default_user: str | None) -> RefiCoding:
        ref = child(element, "CodeRef")
        code = guid_of(ref, "targetGUID") if ref is not None else None
        return RefiCoding(
            guid=guid_of(element) or "",
            code_guid=code or "",
            user_guid=guid_of(element, "creatingUser") or default_user,
            note_guids=tuple(refs(element, "NoteRef")),
        )

    # -- source text ----------------------------------------------------------------------

    def read_text(self, element: Any, source: RefiTextSource) -> None:
        content = child(element, "PlainTextContent")
        if content is not None and text_of(content):
            source.text, source.origin = text_of(content), "PlainTextContent"
            return
        plain = (element.get("plainTextPath") or "").strip()
        rich = (element.get("richTextPath") or "").strip()
        if plain:
            raw, problem = self.source_bytes(plain, source.name)
            if raw is not None:
                text, source.bom = _decode(raw, Path(plain))
                if text is not None:
                    source.text, source.origin = text, "file"
                    return
                problem = "its text file is not UTF-8 or UTF-16 text"
            if not rich.lower().endswith(".docx"):
                source.problem = problem
                return
        if rich.lower().endswith(".docx"):
            raw, problem = self.source_bytes(rich, source.name)
            if raw is not None:
                text = _docx_text(raw, rich)
                if text is not None:
                    source.text, source.origin = text, "docx"
                    return
                problem = "its .docx representation could not be read"
            source.problem = problem
            return
        source.problem = (
            "it has no plain text (no PlainTextContent, plainTextPath or .docx representation)"
        )

    def source_bytes(self, reference: str, name: str) -> tuple[bytes | None, str]:
        """A source file's bytes, or ``None`` and why it is missing."""
        scheme, _, rest = reference.partition("://")
        scheme = scheme.lower()
        if scheme == "internal":
            entry = self.archive.find_source(rest)
            if entry is None:
                return None, f"its file {rest!r} is missing from the archive"
            return self.archive.read(entry, MAX_SOURCE_BYTES), ""
        if scheme in ("relative", "absolute"):
            return self.external(scheme, rest, reference, name)
        return None, f"its path {reference!r} is not internal://, relative:// or absolute://"

    def external(
        self, scheme: str, rest: str, reference: str, name: str
    ) -> tuple[bytes | None, str]:
        if self.sources_dir is None:
            return None, (
                f"its file is outside the archive ({reference}); name the folder that holds it "
                "with --sources DIR"
            )
        rest = rest.replace("\\", "/")
        if scheme == "absolute":
            candidate = Path(rest if not rest.startswith("//") else rest[1:])
        else:
            candidate = self.sources_dir / PurePosixPath(rest.lstrip("/"))
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.sources_dir):
            raise InputFileError(
                f"{self.where}: source '{name}' points at {reference}, which is outside the "
                f"folder given with --sources ({self.sources_dir}). qualcode reads external "
                "sources only from under that folder; the file was refused and nothing was "
                "imported. Copy the source files under the folder, or export the project with "
                "its sources inside the .qdpx."
            )
        if not resolved.is_file():
            return None, f"its file {reference} is not in {self.sources_dir}"
        if resolved.stat().st_size > MAX_SOURCE_BYTES:
            return None, f"its file {reference} is larger than {MAX_SOURCE_BYTES // 1048576} MB"
        return resolved.read_bytes(), ""


def _decode(raw: bytes, path: Path) -> tuple[str | None, bool]:
    """Text of a source file and whether it had a byte-order mark; ``None`` when unreadable."""
    bom = raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not raw:
        return "", bom
    try:
        return decode_text(raw, path, what="text source", encoding_option=None), bom
    except InputFileError:
        return None, bom


def _docx_text(raw: bytes, name: str) -> str | None:
    """A ``.docx`` representation's paragraphs, one per line."""
    from qualcode.ingest.readers import _docx_lines

    try:
        lines = _docx_lines(raw, Path(name), MAX_SOURCE_BYTES)
    except InputFileError:
        return None
    paragraphs = [line for line in lines if line != ""]
    return "\n".join(paragraphs)
