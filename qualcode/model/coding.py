"""One coder's work as plain data: documents as the coder sees them, their codings, and a change.

A :class:`Change` carries its own identity (document, segment, coder, codebook version) from the
key press to the commit, so a write never depends on what happens to be open when it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.errors import QualcodeError
from qualcode.model.documents import DocumentInfo

#: The one rule for coder names, wherever a name enters (codings files, --coder, --coders, --as):
#: letters, digits, ``_ . -``, starting with a letter or digit, at most 64 characters.
CODER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
CODER_RULE = (
    "is not a valid name (letters, digits, _ . -, starting with a letter or digit, at most 64 "
    "characters)"
)


def valid_coder(name: str) -> bool:
    return CODER_NAME.fullmatch(name) is not None


def check_coder(name: str, where: str) -> str:
    """``name`` if it is a valid coder name, else a :class:`QualcodeError` naming ``where`` it
    came from (an option such as ``--coders``)."""
    if not valid_coder(name):
        raise QualcodeError(f"{where} '{name}' {CODER_RULE}.")
    return name


#: The id and name that stand for the consensus in queries (it is not a coder).
CONSENSUS = -1
CONSENSUS_NAME = "consensus"


@dataclass(frozen=True)
class DocumentOverview:
    id: int
    name: str
    attributes: dict[str, str]
    segments: int
    reviewed: int  # by this coder
    role: str | None  # this coder's assignment: "primary", "second" or None
    double_coded: bool  # assigned to two or more coders


@dataclass(frozen=True)
class SegmentView:
    pk: int
    n: int
    speaker: str
    speaker_kind: str
    text: str


@dataclass
class CoderState:
    codings: dict[int, set[str]]
    reviewed: set[int]
    memos: dict[int | None, str]  # segment pk (None: the document) -> memo text


@dataclass(frozen=True)
class Change:
    """Codes added to and removed from one segment, by one coder, under one codebook version.

    ``index`` is the segment's place in its document's list (for the screen); everything the
    commit and its audit row need is here too, so the write is right whatever is open by then.
    ``detail`` goes to the audit rows (a code accepted from a suggestion says so); its inverse
    (an undo) is the coder's own change.
    """

    coder: str
    coder_id: int
    document_id: int
    document: str
    segment_pk: int
    index: int
    n: int
    codebook_version_id: int
    add: tuple[str, ...]
    remove: tuple[str, ...]
    detail: str = "coding UI"  # how it was made, for the audit log

    def inverse(self) -> Change:
        return Change(
            self.coder,
            self.coder_id,
            self.document_id,
            self.document,
            self.segment_pk,
            self.index,
            self.n,
            self.codebook_version_id,
            self.remove,
            self.add,
        )


@dataclass(frozen=True)
class MemoChange:
    """A memo on a segment (``segment_pk`` set) or on a whole document, by one coder."""

    coder: str
    coder_id: int
    document_id: int
    document: str
    segment_pk: int | None
    n: int | None
    text: str


@dataclass(frozen=True)
class CodingRows:
    """Everything frequencies and quotes need, as plain rows."""

    documents: list[DocumentInfo]
    coders: dict[int, str]  # coder id -> name
    reviewed: dict[int, set[int]]  # document id -> ids of coders who reviewed part of it
    rows: list[tuple[int, int, int, int]]  # (document id, coder id, segment pk, code position)
    code_ids: dict[int, str]  # code position -> code id
