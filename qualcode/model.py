"""Plain data shared by every layer: codebooks, documents, segments, codings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

SPEAKER_KINDS = ("interviewer", "respondent", "other")
UNITS = ("turn", "sentence", "paragraph")


@dataclass(frozen=True)
class Code:
    """One code of a codebook; ``id`` is the full dotted id (``family.code[.child]``)."""

    id: str
    family: str
    label: str
    definition: str
    key: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    children: tuple[Code, ...] = ()
    parent: str | None = None
    retired: bool = False
    renamed_from: str | None = None

    @property
    def local_id(self) -> str:
        return self.id.rsplit(".", 1)[1]

    def walk(self) -> Iterator[Code]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    key: str | None = None
    description: str = ""
    exclusive: bool = False
    codes: tuple[Code, ...] = ()

    def walk(self) -> Iterator[Code]:
        for code in self.codes:
            yield from code.walk()


@dataclass(frozen=True)
class Codebook:
    name: str
    version: str
    families: tuple[Family, ...]
    description: str = ""

    def codes(self) -> Iterator[Code]:
        """Every code, families in order, parents before their children."""
        for family in self.families:
            yield from family.walk()

    def code_ids(self) -> list[str]:
        return [code.id for code in self.codes()]

    def code(self, code_id: str) -> Code:
        for code in self.codes():
            if code.id == code_id:
                return code
        raise KeyError(code_id)

    def family(self, family_id: str) -> Family:
        for family in self.families:
            if family.id == family_id:
                return family
        raise KeyError(family_id)


@dataclass
class Segment:
    """A unit of coding and of agreement: one turn, sentence or paragraph of a document."""

    n: int
    speaker: str
    speaker_kind: str
    text: str


@dataclass
class ParsedDocument:
    """A transcript read and segmented, ready to be stored."""

    name: str
    source_name: str
    format: str
    unit: str
    segments: list[Segment]
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        return sum(len(segment.text.split()) for segment in self.segments)


def segment_id(document: str, n: int) -> str:
    """The stable public id of a segment: ``DOCUMENT:N``."""
    return f"{document}:{n}"


def split_segment_id(value: str) -> tuple[str, int]:
    """Split ``DOCUMENT:N``; raises ``ValueError`` when it is not of that form."""
    document, sep, number = value.rpartition(":")
    if not sep or not document or not number.isdigit() or int(number) < 1:
        raise ValueError(f"segment id {value!r} is not of the form DOCUMENT:N")
    return document, int(number)
