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
#: The namespace of REFI-QDA 1.0 project files; older exports write ``urn:QDA-XML:project:0:4``.
PROJECT_NS = "urn:QDA-XML:project:1.0"
#: The prefix NVivo puts before the names of case classification attributes.
_CASES_PREFIX = "cases:"


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
    project.namespace = namespace_of(root)
    if project.namespace == PROJECT_NS:
        project.schema_warning = schema_problem(root, "Project.xsd")
    else:  # the schema is for 1.0 only: every element would be "not expected"
        shown = project.namespace or "no namespace"
        project.read_notes.append(
            f"the project file's namespace is {shown}, not {PROJECT_NS}; its elements were read "
            "by name (the schema was not checked)"
        )
    return project


def namespace_of(element: Any) -> str:
    """An element's namespace URI, ``""`` when it has none."""
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def user_of(element: Any) -> str | None:
    """Who made an element: its ``creatingUser``, else its ``modifyingUser`` (some tools write
    only that one)."""
    return guid_of(element, "creatingUser") or guid_of(element, "modifyingUser")


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
        self.notes_out: list[str] = []

    def project(self, root: Any) -> RefiProject:
        project = RefiProject(
            name=(root.get("name") or "").strip() or self.archive.path.stem,
            origin=(root.get("origin") or "").strip(),
            user_guid=guid_of(root, "creatingUserGUID") or guid_of(root, "modifyingUserGUID"),
            read_notes=self.notes_out,
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
        self.strip_case_prefix()
        cases = child(root, "Cases")
        for element in children(cases, "Case") if cases is not None else []:
            passages = len(children(element, "SelectionRef"))
            if passages:
                self.losses.append(
                    Loss(
                        "case coding",
                        (element.get("name") or "").strip() or "(unnamed)",
                        f"{passages} passage(s) are in this case; qualcode gives cases "
                        "(attributes) to whole documents only",
                    )
                )
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
            elif kind == "PDFSource" and child(element, "Representation") is not None:
                project.sources.append(self.pdf_source(element, name))
            elif kind in ("AudioSource", "VideoSource") and children(element, "Transcript"):
                project.sources += self.media_sources(element, name, _NON_TEXT[kind])
            elif kind in _NON_TEXT:
                coded = _coding_count(element)
                self.losses.append(
                    Loss(
                        f"{_NON_TEXT[kind]} source",
                        name,
                        "qualcode codes text only and the file holds no text of it; "
                        + (f"its {coded} coding(s) are not imported" if coded else "no codings"),
                    )
                )
            elif kind.endswith("Source"):  # a kind the standard does not have
                self.losses.append(
                    Loss("source", name, f"qualcode does not know sources of the kind <{kind}>")
                )
        container = child(root, "Sets")
        for element in children(container, "Set") if container is not None else []:
            name = (element.get("name") or "").strip() or "(unnamed)"
            self.losses.append(Loss("set", name, "qualcode has no sets"))
        self.links(root, project)
        graphs = child(root, "Graphs")
        for element in children(graphs, "Graph") if graphs is not None else []:
            name = (element.get("name") or "").strip() or "(unnamed)"
            self.losses.append(Loss("graph", name, "qualcode has no graphs (network views)"))
        project.project_note_guids = refs(root, "NoteRef")
        project.losses = self.losses
        return project

    def strip_case_prefix(self) -> None:
        """NVivo names case attributes ``Cases:Age group``: the prefix is dropped, unless
        another variable already has the name without it."""
        names = {name.lower() for name in self.variables.values()}
        stripped: list[str] = []
        for guid, name in self.variables.items():
            if name.lower().startswith(_CASES_PREFIX):
                bare = name[len(_CASES_PREFIX) :].strip()
                if bare and bare.lower() not in names:
                    self.variables[guid] = bare
                    stripped.append(name)
        if stripped:
            shown = ", ".join(f"'{name}'" for name in stripped[:5])
            more = f" and {len(stripped) - 5} more" if len(stripped) > 5 else ""
            self.notes_out.append(
                f"variables {shown}{more} were read without their 'Cases:' prefix"
            )

    def values(self, element: Any) -> dict[str, str]:
        """The variable values of a case or source, by variable name: text as written,
        booleans as ``true``/``false``, numbers, dates and times as written; empty ones left out."""
        values: dict[str, str] = {}
        for value in children(element, "VariableValue"):
            ref = child(value, "VariableRef")
            guid = guid_of(ref, "targetGUID") if ref is not None else None
            name = self.variables.get(guid or "", "")
            if not name:
                self.losses.append(
                    Loss("variable value", guid or "(no variable)", "its variable is not declared")
                )
                continue
            found = ""
            for item in value:
                kind, text = local_name(item), text_of(item).strip()
                if kind == "VariableRef" or not text:
                    continue
                if kind == "BooleanValue":
                    text = {"1": "true", "0": "false"}.get(text, text.lower())
                found = text
                break
            if found:  # an empty value (NVivo's unassigned) gives no attribute
                values[name] = found
        return values

    def links(self, root: Any, project: RefiProject) -> None:
        """A link between a note and a passage, source or code (NVivo's annotations) makes
        the note a note on that thing; any other link is reported as not imported."""
        selections = {s.guid: s for source in project.sources for s in source.selections}
        sources: dict[str, RefiTextSource] = {}
        for source in project.sources:
            for guid in (source.guid, *source.aliases):
                sources.setdefault(guid, source)
        codes = {code.guid: code for code in project.all_codes()}
        container = child(root, "Links")
        for element in children(container, "Link") if container is not None else []:
            ends = [guid_of(element, "originGUID"), guid_of(element, "targetGUID")]
            note = next((end for end in ends if end in project.notes), None)
            other = next((end for end in ends if end != note), None) if note else None
            if note is not None and other in selections:
                _add(selections[other].note_guids, note)
            elif note is not None and other in sources:
                _add(sources[other].note_guids, note)
            elif note is not None and other in codes:
                _add(codes[other].note_guids, note)
            else:
                name = (element.get("name") or "").strip() or "(unnamed)"
                self.losses.append(Loss("link", name, "qualcode has no links"))

    def note(self, element: Any) -> RefiNote | None:
        guid = guid_of(element)
        if not guid:
            return None
        name = (element.get("name") or "").strip()
        text = text_of(child(element, "PlainTextContent"))
        path = (element.get("plainTextPath") or "").strip()
        if not text.strip() and path:  # NVivo: the note's text in a .txt among the sources
            raw, problem = self.source_bytes(path, name or guid)
            if raw is not None:
                decoded = _decode(raw, Path(path))[0]
                if decoded is None:
                    problem = "its text file is not UTF-8 or UTF-16 text"
                text = decoded or ""
            if problem:
                self.losses.append(Loss("note", name or guid, problem))
        return RefiNote(guid, name, text.strip(), user_of(element))

    def text_source(self, element: Any, name: str = "") -> RefiTextSource:
        name = name or (element.get("name") or "").strip() or "(unnamed)"
        source = RefiTextSource(
            guid=guid_of(element) or "",
            name=name,
            text=None,
            user_guid=user_of(element),
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

    def pdf_source(self, element: Any, name: str) -> RefiTextSource:
        """A PDF's text representation as a text source known by the PDF's GUID; the PDF's
        pages and the areas coded on them are reported as not imported."""
        representation = child(element, "Representation")
        source = self.text_source(representation, name)
        source.kind = "PDF"
        source.aliases = [source.guid]
        source.guid = guid_of(element) or source.guid
        source.user_guid = source.user_guid or user_of(element)
        source.variables = {**self.values(element), **source.variables}
        source.note_guids = refs(element, "NoteRef") + source.note_guids
        source.description = text_of(child(element, "Description")).strip() or (source.description)
        source.whole_codings += [
            self.coding(c, source.user_guid) for c in children(element, "Coding")
        ]
        areas = children(element, "PDFSelection")
        coded = sum(len(children(area, "Coding")) for area in areas)
        self.losses.append(
            Loss(
                "PDF layout",
                name,
                (
                    "its text representation was imported as a document"
                    if source.text is not None
                    else "its text representation could not be read"
                )
                + "; the PDF itself (pages, layout, images) was not"
                + (f", nor {coded} coding(s) of areas on its pages" if coded else ""),
            )
        )
        return source

    def media_sources(self, element: Any, name: str, kind: str) -> list[RefiTextSource]:
        """Each transcript of a recording as a text source (its passages are placed by their
        sync points' text positions); the recording and its timed passages are reported as
        not imported."""
        transcripts = children(element, "Transcript")
        found: list[RefiTextSource] = []
        media_user = user_of(element)
        for transcript in transcripts:
            title = name
            if len(transcripts) > 1:
                title = (transcript.get("name") or "").strip() or name
            source = RefiTextSource(
                guid=guid_of(transcript) or "",
                name=title,
                text=None,
                user_guid=user_of(transcript) or media_user,
                note_guids=refs(transcript, "NoteRef"),
                description=text_of(child(transcript, "Description")).strip(),
                kind=kind,
                aliases=[guid_of(element) or ""],
            )
            if len(found) == 0:  # the recording's own notes, comment and variables
                source.note_guids = refs(element, "NoteRef") + source.note_guids
                source.description = text_of(child(element, "Description")).strip() or (
                    source.description
                )
                source.variables = self.values(element)
            self.read_text(transcript, source)
            points: dict[str, int | None] = {}
            for point in children(transcript, "SyncPoint"):
                guid = guid_of(point)
                if guid:
                    points[guid] = _integer(point.get("position"))
            for selection in children(transcript, "TranscriptSelection"):
                start = points.get(guid_of(selection, "fromSyncPoint") or "")
                end = points.get(guid_of(selection, "toSyncPoint") or "")
                read = self.selection(selection, source.user_guid, start, end)
                if start is None or end is None:
                    read.problem = "its sync points give no text position"
                source.selections.append(read)
            found.append(source)
        timed = [c for c in element if local_name(c) in ("AudioSelection", "VideoSelection")]
        coded = sum(len(children(item, "Coding")) for item in timed)
        coded += len(children(element, "Coding"))
        self.losses.append(
            Loss(
                f"{kind} recording",
                name,
                (
                    "its transcript was imported as a document"
                    if any(source.text is not None for source in found)
                    else "its transcript could not be read"
                )
                + "; the recording was not"
                + (f", nor {coded} coding(s) of its timed passages" if coded else ""),
            )
        )
        return found

    def selection(
        self,
        element: Any,
        default_user: str | None,
        start: int | None = None,
        end: int | None = None,
    ) -> RefiSelection:
        user = user_of(element) or default_user
        if start is None and end is None:
            start = _integer(element.get("startPosition"))
            end = _integer(element.get("endPosition"))
        return RefiSelection(
            guid=guid_of(element) or "",
            name=element.get("name") or "",
            start=-1 if start is None else start,  # reported as not lining up with the text
            end=-1 if end is None else end,
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
            user_guid=user_of(element) or default_user,
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
        path = (element.get("path") or "").strip()  # not in the schema; some tools write it
        if not plain and path.lower().endswith(".txt"):
            plain = path
        if not rich and path.lower().endswith(".docx"):
            rich = path
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


def _add(guids: list[str], guid: str) -> None:
    """Add a note GUID once (a note may be both referred to and linked)."""
    if guid not in guids:
        guids.append(guid)


def _integer(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _coding_count(element: Any) -> int:
    """Codings anywhere under an element (its selections' and its own)."""
    return sum(1 for item in element.iter() if local_name(item) == "Coding")


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
