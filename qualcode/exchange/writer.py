"""Writing a :class:`~qualcode.exchange.model.RefiProject` as a ``.qdpx``.

The project file follows the schema's element order, leaves out every empty container (the
schema forbids them) and is checked against ``Project.xsd`` before the archive is made. Each
source's text goes to ``sources/<guid>.txt`` as UTF-8 without BOM with LF line endings;
selection positions count code points of that text.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from qualcode.exchange.codebook import codebook_to_refi
from qualcode.exchange.model import RefiCode, RefiProject, RefiTextSource, stable_guid
from qualcode.model import Codebook

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: A fixed time for every archive entry, so the same project gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


#: Characters XML 1.0 cannot hold (control characters other than tab, LF and CR).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value: str) -> str:
    """``value`` without the characters XML cannot hold (a form feed from a Word file)."""
    return _NOT_XML.sub("", value)


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _sub(parent: Any, tag: str, namespace: str = PROJECT_NS, /, **attributes: str | None) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, _tag(namespace, tag))
    for key, value in attributes.items():
        if value is not None:
            element.set(key, xml_safe(value))
    return element


def _text(parent: Any, name: str, value: str, namespace: str = PROJECT_NS) -> None:
    if value:
        _sub(parent, name, namespace).text = xml_safe(value)


def code_elements(parent: Any, codes: list[RefiCode], namespace: str, *, notes: bool) -> None:
    """``<Code>`` elements, nested (the project and codebook schemas share this shape; only the
    project's codes may carry note references)."""
    for code in codes:
        element = _sub(
            parent,
            "Code",
            namespace,
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=code.color,
        )
        _text(element, "Description", code.description, namespace)
        if notes:
            for guid in code.note_guids:
                _sub(element, "NoteRef", targetGUID=guid)
        code_elements(element, code.children, namespace, notes=notes)


def source_path(source: RefiTextSource) -> str:
    return f"sources/{source.guid}.txt"


def project_xml(project: RefiProject) -> Any:
    """The ``<Project>`` element, validated against ``Project.xsd``."""
    from lxml import etree

    from qualcode.exchange.schemas import load_schema

    root = etree.Element(_tag(PROJECT_NS, "Project"), nsmap={None: PROJECT_NS})
    root.set("name", xml_safe(project.name))
    root.set("origin", project.origin or "qualcode")
    if project.user_guid:
        root.set("creatingUserGUID", project.user_guid)
    if project.users:
        users = _sub(root, "Users")
        for user in project.users.values():
            _sub(users, "User", guid=user.guid, name=user.name)
    if project.codes:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        code_elements(codes, project.codes, PROJECT_NS, notes=True)
    names = sorted({name for case in project.cases for name in case.variables})
    variable_guids = {name: stable_guid("variable", name) for name in names}
    if names:
        variables = _sub(root, "Variables")
        for name in names:
            _sub(variables, "Variable", guid=variable_guids[name], name=name, typeOfVariable="Text")
    if project.cases:
        cases = _sub(root, "Cases")
        for case in project.cases:
            element = _sub(cases, "Case", guid=case.guid, name=case.name)
            for name, value in sorted(case.variables.items()):
                holder = _sub(element, "VariableValue")
                _sub(holder, "VariableRef", targetGUID=variable_guids[name])
                _sub(holder, "TextValue").text = xml_safe(value)
            for guid in case.source_guids:
                _sub(element, "SourceRef", targetGUID=guid)
    if project.sources:
        sources = _sub(root, "Sources")
        for source in project.sources:
            _source(sources, source)
    if project.notes:
        notes = _sub(root, "Notes")
        for note in project.notes.values():
            element = _sub(
                notes,
                "Note",
                guid=note.guid,
                name=note.name,
                creatingUser=note.user_guid,
                creationDateTime=note.created,
                modifiedDateTime=note.created,
            )
            _sub(element, "PlainTextContent").text = xml_safe(note.text)
    for guid in project.project_note_guids:
        _sub(root, "NoteRef", targetGUID=guid)
    load_schema("Project.xsd").assertValid(root)
    return root


def _source(parent: Any, source: RefiTextSource) -> None:
    element = _sub(
        parent,
        "TextSource",
        guid=source.guid,
        name=source.name,
        plainTextPath=f"internal://{source.guid}.txt",
        creatingUser=source.user_guid,
        creationDateTime=source.created,
    )
    _text(element, "Description", source.description)
    for selection in source.selections:
        chosen = _sub(
            element,
            "PlainTextSelection",
            guid=selection.guid,
            name=selection.name,
            startPosition=str(selection.start),
            endPosition=str(selection.end),
            creatingUser=selection.user_guid,
            creationDateTime=selection.created,
        )
        for coding in selection.codings:
            held = _sub(
                chosen,
                "Coding",
                guid=coding.guid,
                creatingUser=coding.user_guid,
                creationDateTime=coding.created,
            )
            _sub(held, "CodeRef", targetGUID=coding.code_guid)
        for guid in selection.note_guids:
            _sub(chosen, "NoteRef", targetGUID=guid)
    for guid in source.note_guids:
        _sub(element, "NoteRef", targetGUID=guid)


def qdpx_bytes(project: RefiProject) -> bytes:
    """The ``.qdpx`` archive: ``project.qde`` and each source's text in ``sources/``."""
    from lxml import etree

    root = project_xml(project)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "project.qde", xml)
        for source in project.sources:
            _add(archive, source_path(source), (source.text or "").encode("utf-8"))
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    archive.writestr(info, data)


def qdc_bytes(codebook: Codebook) -> bytes:
    """A ``.qdc`` file of the codebook (UTF-8, validated against Codebook.xsd)."""
    from lxml import etree

    from qualcode.exchange.schemas import load_schema

    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS})
    root.set("origin", "qualcode")
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    code_elements(codes, codebook_to_refi(codebook), CODEBOOK_NS, notes=False)
    load_schema("Codebook.xsd").assertValid(root)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
