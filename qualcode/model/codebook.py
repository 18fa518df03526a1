"""Codebooks as plain data: families, codes and their nesting, and codebook versions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


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


@dataclass(frozen=True)
class CodebookVersion:
    """One stored version of the project's codebook (its YAML text is kept verbatim)."""

    id: int
    name: str
    version_label: str
    content_hash: str
    yaml_text: str
    imported_at: str


@dataclass(frozen=True)
class CodeRevision:
    """What a new codebook version does to the project's codes."""

    codebook: Codebook
    yaml_text: str
    source_name: str
    content_hash: str
    renames: dict[str, str]  # old id -> new id
    removed: list[str]  # ids without codings that the new version drops
