"""A REFI-QDA project (``.qdpx``) or codebook (``.qdc``) as plain data, read or to be written.

GUIDs are kept as read, lowercased and without braces (the standard allows both forms), so
references compare equal whichever form a tool wrote.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

#: UUIDs made from a project's content are stable: the same project exports the same GUIDs.
NAMESPACE = uuid.UUID("6f1d7a52-5a3c-4b8e-9a57-1c0b3e2d9f41")


def xsd_time(stamp: str | None) -> str | None:
    """A stored ISO 8601 UTC time (``2026-12-06T18:20:00.123456+00:00``) as the plain
    ``2026-12-06T18:20:00Z`` every REFI-QDA reader accepts."""
    if not stamp or len(stamp) < 19:
        return None
    return stamp[:19] + "Z"


def stable_guid(*parts: str) -> str:
    """A GUID made from names (``("code", "referral.police")``): the same every export."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def normal_guid(value: str | None) -> str | None:
    """A GUID lowercased without braces, as every reference is compared."""
    if value is None:
        return None
    return value.strip().strip("{}").lower() or None


@dataclass
class RefiCode:
    guid: str
    name: str
    codable: bool = True
    description: str = ""
    color: str | None = None
    children: list[RefiCode] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[RefiCode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class RefiUser:
    guid: str
    name: str


@dataclass(frozen=True)
class RefiCoding:
    guid: str
    code_guid: str
    user_guid: str | None
    note_guids: tuple[str, ...] = ()
    created: str | None = None  # xsd:dateTime


@dataclass
class RefiSelection:
    guid: str
    name: str
    start: int
    end: int
    user_guid: str | None
    codings: list[RefiCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    description: str = ""
    created: str | None = None
    #: Why the selection has no text positions ("" when it has): a transcript passage whose
    #: sync points give times only.
    problem: str = ""


@dataclass
class RefiTextSource:
    """A text source; ``text`` is ``None`` when its file could not be found or read
    (``problem`` says why). ``bom`` says whether the file started with a byte-order mark;
    ``origin`` where the text came from (``file``, ``PlainTextContent``, ``docx``). ``kind`` is
    ``text``, or ``PDF``/``audio``/``video`` for the text representation of a PDF or the
    transcript of a recording; ``aliases`` are other GUIDs cases use for it (the PDF's or the
    recording's own GUID, the representation's)."""

    guid: str
    name: str
    text: str | None
    origin: str = "file"
    bom: bool = False
    problem: str = ""
    user_guid: str | None = None
    selections: list[RefiSelection] = field(default_factory=list)
    whole_codings: list[RefiCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    description: str = ""
    created: str | None = None
    kind: str = "text"
    aliases: list[str] = field(default_factory=list)


@dataclass
class RefiCase:
    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RefiNote:
    guid: str
    name: str
    text: str
    user_guid: str | None
    created: str | None = None


@dataclass(frozen=True)
class Loss:
    """Something the file holds that qualcode did not import: what kind, which, and why."""

    kind: str
    name: str
    reason: str


@dataclass
class RefiProject:
    name: str
    origin: str = ""
    user_guid: str | None = None  # the project's creating (or else modifying) user
    users: dict[str, RefiUser] = field(default_factory=dict)
    codes: list[RefiCode] = field(default_factory=list)
    sources: list[RefiTextSource] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    notes: dict[str, RefiNote] = field(default_factory=dict)
    project_note_guids: list[str] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)
    #: Why the file does not validate against the schema ("" when it does): a warning only.
    schema_warning: str = ""
    #: The project file's XML namespace (``urn:QDA-XML:project:1.0``, or an older one).
    namespace: str = ""
    #: What the reader changed or assumed while reading, for the import report.
    read_notes: list[str] = field(default_factory=list)

    def all_codes(self) -> Iterator[RefiCode]:
        for code in self.codes:
            yield from code.walk()
