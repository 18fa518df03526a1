"""REFI-QDA exchange services: a project from a ``.qdpx``, a project to a ``.qdpx`` or its
codebook to a ``.qdc``, and codebooks converted between ``.qdc`` and YAML.

Import runs the ordinary pipeline (segmentation, deidentification, storage) on the file's text
sources. Selections are mapped to segments *before* deidentification replaces any text: a
segment gets a code when a selection covers at least one of its non-space characters. On any
error the new project file and the codebook written beside it are removed again.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from qualcode.codebook import parse_codebook
from qualcode.errors import QualcodeError
from qualcode.exchange.align import map_segments
from qualcode.exchange.codebook import (
    Conversion,
    code_guid,
    codebook_to_refi,
    qdc_to_yaml,
    refi_to_codebook,
)
from qualcode.exchange.model import (
    Loss,
    RefiCase,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiTextSource,
    RefiUser,
    stable_guid,
    xsd_time,
)
from qualcode.exchange.offsets import (
    STANDARD,
    Positions,
    Reading,
    canonical,
    choose_readings,
    score_readings,
)
from qualcode.exchange.reader import read_qdpx
from qualcode.exchange.writer import qdc_bytes, qdpx_bytes
from qualcode.ingest.segment import segment_turns
from qualcode.ingest.turns import parse_turns
from qualcode.model import CODER_NAME, MemoChange, ParsedDocument, Segment
from qualcode.progress import Progress
from qualcode.project.base import Project, create_project
from qualcode.project.importing import (
    check_unit,
    deidentify_parsed,
    insert_parsed,
    sentence_splitter,
)
from qualcode.store.exchange import ExchangeQueries

#: The coder of codings and notes whose user the file does not name.
UNKNOWN_USER = "imported"
_NOT_IN_NAME = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')
_NOT_IN_CODER = re.compile(r"[^A-Za-z0-9_.-]+")
#: File suffixes left out of document names ("Interview 1.docx" → "Interview 1").
_SUFFIXES = (
    ".txt",
    ".docx",
    ".rtf",
    ".pdf",
    ".doc",
    ".md",
    ".odt",
    ".htm",
    ".html",
    ".mp3",
    ".wav",
    ".m4a",
    ".ogg",
    ".mp4",
    ".mov",
    ".avi",
    ".wmv",
    ".webm",
)
#: Memo segments ride along with a document through deidentification, numbered below zero.
_MEMO_N = -1_000_000


@dataclass
class ImportedDocument:
    name: str
    source: str
    segments: int
    codings: int
    text_from: str
    reading: str
    kind: str = "text"  # or "PDF", "audio", "video": a PDF's text, a recording's transcript


@dataclass
class ImportReport:
    """What came in from a ``.qdpx`` and what was lost (REFI-QDA §7)."""

    file: str
    project: str
    codebook: str
    origin: str
    reading: str
    unit: str
    deidentified: bool
    documents: list[ImportedDocument] = field(default_factory=list)
    coders: list[dict[str, str]] = field(default_factory=list)
    codes: int = 0
    codings: int = 0
    memos: int = 0
    code_notes: int = 0
    attributes: list[str] = field(default_factory=list)
    spanning: int = 0
    lost: list[Loss] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "project": self.project,
            "codebook": self.codebook,
            "origin": self.origin,
            "positions": self.reading,
            "unit": self.unit,
            "deidentified": self.deidentified,
            "documents": [vars(document) for document in self.documents],
            "coders": self.coders,
            "codes": self.codes,
            "codings": self.codings,
            "memos": self.memos,
            "code_notes": self.code_notes,
            "attributes": self.attributes,
            "selections_spanning_segments": self.spanning,
            "lost": [vars(loss) for loss in self.lost],
            "notes": self.notes,
        }


def codebook_path_for(project_path: Path) -> Path:
    """Where ``new --from`` writes the codebook it made: ``study.qualcode`` →
    ``study.codebook.yaml`` beside it."""
    return project_path.with_name(f"{project_path.stem}.codebook.yaml")


def create_from_qdpx(
    project_path: Path,
    qdpx: Path,
    *,
    unit: str = "turn",
    deidentify: bool = True,
    sources_dir: Path | None = None,
    actor: str = "cli",
    progress: Progress | None = None,
) -> ImportReport:
    """Create a project from a REFI-QDA project file; all of it or, on an error, nothing."""
    check_unit(unit)
    codebook_path = codebook_path_for(project_path)
    if project_path.exists():
        raise QualcodeError(f"{project_path}: already exists. Choose a new project file name.")
    if codebook_path.exists():
        raise QualcodeError(
            f"{codebook_path}: already exists, and `new --from` writes the codebook it makes "
            "there. Move that file away or choose another project name."
        )
    if sources_dir is not None and not sources_dir.is_dir():
        raise QualcodeError(f"--sources {sources_dir}: no such folder.")
    refi = read_qdpx(qdpx, sources_dir)
    plan = _Plan(refi, qdpx, unit)
    plan.build()
    conversion = plan.conversion
    parse_codebook(conversion.yaml_text, str(codebook_path))  # a bug if this ever fails
    _write_text(codebook_path, conversion.yaml_text)
    project: Project | None = None
    try:
        project = create_project(project_path, codebook_path)
        report = plan.store(
            project, codebook_path, deidentify=deidentify, actor=actor, progress=progress
        )
        project.close()
        return report
    except BaseException:
        if project is not None:
            project.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{project_path}{suffix}").unlink(missing_ok=True)
        codebook_path.unlink(missing_ok=True)
        raise


class _Plan:
    """Everything decided before the project file exists: codebook, documents, codings."""

    def __init__(self, refi: RefiProject, qdpx: Path, unit: str) -> None:
        self.refi = refi
        self.qdpx = qdpx
        self.unit = unit
        self.lost: list[Loss] = list(refi.losses)
        self.notes: list[str] = []
        self.coders = _coder_names(refi)
        #: The coder of codings and memos whose user the file does not name: the project's
        #: creating (or modifying) user when the file lists that user, else ``imported``.
        self.default_coder = self.coders.get(refi.user_guid or "", UNKNOWN_USER)
        self.defaulted = 0  # how many things got the default coder
        self.cases = {case.guid: case for case in refi.cases}
        self.documents: list[ParsedDocument] = []
        self.imported: list[ImportedDocument] = []
        #: (coder, document index, n, code id)
        self.codings: set[tuple[str, int, int, str]] = set()
        #: (coder, document index, n or None) -> memo texts
        self.memos: dict[tuple[str, int, int | None], list[str]] = defaultdict(list)
        self.code_notes: list[tuple[str, str, str]] = []  # code id, coder, text
        self.spanning = 0
        self.reading = STANDARD.describe()

    def build(self) -> None:
        refi = self.refi
        self.conversion = refi_to_codebook(
            refi.codes,
            refi.name or self.qdpx.stem,
            source=str(self.qdpx),
            parents_used=_coded_guids(refi),
        )
        self.notes += self.conversion.notes
        self.notes += refi.read_notes
        if refi.schema_warning:
            self.notes.append(
                f"the project file does not follow the REFI-QDA schema ({refi.schema_warning}); "
                "it was read anyway"
            )
        splitter = None
        if self.unit == "sentence":
            splitter, note = sentence_splitter()
            if note:
                self.notes.append(note)
        readable = [source for source in refi.sources if source.text is not None]
        for source in refi.sources:
            if source.text is None:
                self._lose_source(source, source.problem)
        scores = {
            source.guid: score_readings(source.text or "", source.bom, source.selections)
            for source in readable
        }
        overall, chosen = choose_readings(scores) if scores else (STANDARD, {})
        self.reading = overall.describe()
        attributes = _attributes(refi)
        used_notes: set[str] = set()
        taken: set[str] = set()
        for source in readable:
            reading = chosen[source.guid]
            text = canonical(source.text or "")
            turns = parse_turns(_paragraph_lines(text))
            if not turns:
                self._lose_source(source, "its text is empty")
                continue
            segments = segment_turns(turns, self.unit, splitter)
            index = len(self.documents)
            name = _document_name(source.name, taken)
            taken.add(name)
            document = ParsedDocument(
                name, source.name, "qdpx", self.unit, segments, attributes.get(source.guid, {})
            )
            self.documents.append(document)
            before = len(self.codings)
            self._selections(source, index, text, segments, reading, used_notes)
            for coding in source.whole_codings:
                case = self.cases.get(coding.code_guid)
                if case is not None:  # NVivo case coding of the whole source: membership
                    _join_case(document.attributes, case, source.name)
            if source.description:  # a comment on the document (ATLAS.ti, MAXQDA)
                self.memos[(self._coder(source.user_guid), index, None)].append(source.description)
            for guid in source.note_guids:
                self._memo(guid, index, None, used_notes)
            for coding in source.whole_codings:
                if coding.code_guid in self.cases:
                    continue
                self.lost.append(
                    Loss(
                        "coding",
                        self._code_name(coding.code_guid),
                        f"codes the whole of '{source.name}' rather than a passage",
                    )
                )
            self.imported.append(
                ImportedDocument(
                    name,
                    source.name,
                    len(segments),
                    len(self.codings) - before,
                    source.origin,
                    reading.describe(),
                    source.kind,
                )
            )
            if source.origin == "docx":
                self.notes.append(
                    f"'{source.name}': text taken from its .docx representation (the file has no "
                    "plain text); its selections may not line up exactly"
                )
        for code in refi.all_codes():
            code_id = self.conversion.code_ids.get(code.guid)
            for guid in code.note_guids:
                code_note = refi.notes.get(guid)
                if code_note is None or code_id is None:
                    continue
                used_notes.add(guid)
                self.code_notes.append((code_id, self._coder(code_note.user_guid), code_note.text))
        for guid, unused in refi.notes.items():
            if guid not in used_notes and unused.text:
                where = "the project" if guid in refi.project_note_guids else "nothing imported"
                self.lost.append(Loss("note", unused.name or guid, f"a note on {where}"))
        if self.defaulted:
            whose = (
                f"the project's user '{refi.users[refi.user_guid].name}'"
                if self.default_coder != UNKNOWN_USER and refi.user_guid in refi.users
                else "the file names no user for them"
            )
            self.notes.append(
                f"{self.defaulted} coding(s), memo(s) or note(s) name no user; they were given to "
                f"coder '{self.default_coder}' ({whose})"
            )

    def _selections(
        self,
        source: RefiTextSource,
        index: int,
        text: str,
        segments: list[Segment],
        reading: Reading,
        used_notes: set[str],
    ) -> None:
        positions = Positions(source.text or "", reading, source.bom)
        segment_map = map_segments(text, segments)
        if not segment_map.complete:
            self.notes.append(
                f"'{source.name}': some words of its segments were not found in its text; "
                "codings near them may be missing"
            )
        for selection in source.selections:
            span = positions.span(selection.start, selection.end)
            label = _selection_label(source, selection)
            if selection.problem:
                self.lost.append(Loss("selection", selection.name or label, selection.problem))
                continue
            if span is None or span[1] > len(text):
                self.lost.append(
                    Loss("selection", label, "its positions are outside the source's text")
                )
                continue
            touched = segment_map.touched(*span)
            if not touched:
                self.lost.append(
                    Loss("selection", label, "it covers no segment text (only spaces or labels)")
                )
                continue
            if len(touched) > 1:
                self.spanning += 1
            for coding in selection.codings:
                case = self.cases.get(coding.code_guid)
                if case is not None:
                    self._case_coding(case, source, label, len(touched) == len(segments), index)
                    continue
                code_id = self.conversion.code_ids.get(coding.code_guid)
                if code_id is None or coding.code_guid in self.conversion.folders:
                    why = "its code is not in the codebook"
                    if coding.code_guid in self.conversion.folders:
                        why = "its code is a grouping folder, which cannot be applied"
                    self.lost.append(Loss("coding", label, why))
                    continue
                coder = self._coder(coding.user_guid)
                for segment_index in touched:
                    self.codings.add((coder, index, segments[segment_index].n, code_id))
                for guid in coding.note_guids:
                    self._memo(guid, index, segments[touched[0]].n, used_notes)
            first = segments[touched[0]].n
            if selection.description:  # a comment on the passage (ATLAS.ti, MAXQDA)
                users = [selection.user_guid] + [c.user_guid for c in selection.codings]
                key = (self._coder(next((u for u in users if u), None)), index, first)
                self.memos[key].append(selection.description)
            for guid in selection.note_guids:
                self._memo(guid, index, first, used_notes)

    def _case_coding(
        self, case: RefiCase, source: RefiTextSource, label: str, whole: bool, index: int
    ) -> None:
        """NVivo codes passages to cases: a passage that covers every segment makes the
        document a member of the case (its name and variables become attributes); a part of
        a document cannot be, and is reported."""
        if whole:
            _join_case(self.documents[index].attributes, case, source.name)
            return
        self.lost.append(
            Loss(
                "case coding",
                label,
                f"it puts a part of the source in case '{case.name or case.guid}'; qualcode "
                "gives cases (attributes) to whole documents only",
            )
        )

    def _memo(self, guid: str, index: int, n: int | None, used: set[str]) -> None:
        note = self.refi.notes.get(guid)
        if note is None or not note.text:
            return
        used.add(guid)
        self.memos[(self._coder(note.user_guid), index, n)].append(note.text)

    def _coder(self, user_guid: str | None) -> str:
        """The coder of a user GUID; a GUID the file lists no user for gets a coder of its own
        (``user_1a2b3c4d``), so two unknown users are never merged."""
        if not user_guid:
            self.defaulted += 1
            return self.default_coder
        if user_guid not in self.coders:
            self.coders[user_guid] = _unique(f"user_{user_guid[:8]}", set(self.coders.values()))
        return self.coders[user_guid]

    def _used_coders(
        self,
        rows: Sequence[tuple[str, str, int, str]],
        memos: dict[tuple[str, int, int | None], str],
    ) -> list[dict[str, str]]:
        """Each coder with codings or memos, the user's name and GUID it came from."""
        used = {row[0] for row in rows} | {key[0] for key in memos}
        used |= {coder for _, coder, _ in self.code_notes}
        by_coder = {coder: guid for guid, coder in self.coders.items()}
        users = self.refi.users
        return [
            {
                "coder": coder,
                "user": users[by_coder[coder]].name if by_coder.get(coder) in users else "",
                "guid": by_coder.get(coder, ""),
            }
            for coder in sorted(used)
        ]

    def _code_name(self, guid: str) -> str:
        for code in self.refi.all_codes():
            if code.guid == guid:
                return code.name
        return guid

    def _lose_source(self, source: RefiTextSource, reason: str) -> None:
        self.lost.append(Loss("text source", source.name, reason))
        codings = sum(len(selection.codings) for selection in source.selections)
        if codings:
            self.lost.append(
                Loss("coding", source.name, f"{codings} coding(s) of a source not imported")
            )

    # -- writing --------------------------------------------------------------------------

    def store(
        self,
        project: Project,
        codebook_path: Path,
        *,
        deidentify: bool,
        actor: str,
        progress: Progress | None,
    ) -> ImportReport:
        memo_keys = sorted(self.memos, key=lambda key: (key[1], key[0], key[2] or 0))
        by_document: dict[int, list[tuple[str, int, int | None]]] = defaultdict(list)
        for key in memo_keys:
            by_document[key[1]].append(key)
        for index, keys in by_document.items():  # memo text is deidentified with its document
            document = self.documents[index]
            document.segments += [
                Segment(_MEMO_N - i, "", "other", "\n\n".join(self.memos[key]))
                for i, key in enumerate(keys)
            ]
        pipeline_notes: list[str] = []
        reports, _ = deidentify_parsed(
            project, self.documents, pipeline_notes, deidentify=deidentify, progress=progress
        )
        memo_texts: dict[tuple[str, int, int | None], str] = {}
        for index, keys in by_document.items():
            document = self.documents[index]
            extra = document.segments[len(document.segments) - len(keys) :]
            del document.segments[len(document.segments) - len(keys) :]
            for key, segment in zip(keys, extra, strict=True):
                memo_texts[key] = segment.text
        insert_parsed(project, self.documents, reports, deidentified=deidentify, actor=actor)
        names = [document.name for document in self.documents]
        store = project.store
        rows = sorted(
            (coder, names[index], n, code_id) for coder, index, n, code_id in self.codings
        )
        pairs = {(coder, document) for coder, document, _, _ in rows}
        if rows:
            store.codings.replace(
                pairs, rows, actor=actor, codebook_version_id=store.codebooks.current().id
            )
        ids = {row.name: row.id for row in store.documents.rows()}
        segment_pks = store.documents.segment_index(names)
        for (coder, doc_index, n), text in memo_texts.items():
            name = names[doc_index]
            store.codings.save_memo(
                MemoChange(
                    coder,
                    store.codings.coder_id(coder),
                    ids[name],
                    name,
                    None if n is None else segment_pks[name][n],
                    n,
                    text,
                )
            )
        for code_id, coder, text in self.code_notes:
            project.save_code_note(code_id, text, actor=coder)
        for document, imported in zip(self.documents, self.imported, strict=True):
            imported.name = document.name
        self.notes += pipeline_notes
        return ImportReport(
            file=str(self.qdpx),
            project=str(project.path),
            codebook=str(codebook_path),
            origin=self.refi.origin,
            reading=self.reading,
            unit=self.unit,
            deidentified=deidentify,
            documents=self.imported,
            coders=self._used_coders(rows, memo_texts),
            codes=len(project.codebook.code_ids()),
            codings=len(rows),
            memos=len(memo_texts),
            code_notes=len(self.code_notes),
            attributes=sorted({key for d in self.documents for key in d.attributes}),
            spanning=self.spanning,
            lost=self.lost,
            notes=self.notes,
        )


def _paragraph_lines(text: str) -> list[str]:
    """The text's lines for the turn parser. Text exported from a word processor has one
    paragraph per line and no blank lines: each line is then made a paragraph of its own (the
    parser joins lines up to a blank line), so prose without speaker labels is not one segment.
    """
    lines = text.split("\n")
    if any(not line.strip() for line in lines[:-1]):
        return lines
    spaced: list[str] = []
    for line in lines:
        spaced += [line, ""]
    return spaced


def _coded_guids(refi: RefiProject) -> set[str]:
    return {
        coding.code_guid
        for source in refi.sources
        for selection in source.selections
        for coding in selection.codings
    }


def _coder_names(refi: RefiProject) -> dict[str, str]:
    """Each user's coder name: the user's name made a valid coder name, unique."""
    names: dict[str, str] = {}
    taken: set[str] = {UNKNOWN_USER}
    for guid, user in refi.users.items():
        folded = unicodedata.normalize("NFKD", user.name).encode("ascii", "ignore").decode()
        base = _NOT_IN_CODER.sub("_", folded).strip("_.-")[:64] or f"user_{guid[:8]}"
        if not CODER_NAME.fullmatch(base):
            base = f"user_{base}"[:64]
        name = _unique(base, taken)
        taken.add(name)
        names[guid] = name
    return names


def _unique(base: str, taken: set[str]) -> str:
    name, number = base, 2
    while name in taken or name == UNKNOWN_USER:
        name = f"{base[:60]}_{number}"
        number += 1
    return name


def _document_name(name: str, taken: set[str]) -> str:
    base = name
    for suffix in _SUFFIXES:
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
            break
    base = _NOT_IN_NAME.sub("_", base).strip(" ._")[:100] or "source"
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def _attribute_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_") or "variable"


def _attributes(refi: RefiProject) -> dict[str, dict[str, str]]:
    """Each source's attributes: its cases' variables (and the case's name when it is not the
    source's own), then the source's own variables."""
    by_guid: dict[str, list[RefiTextSource]] = defaultdict(list)
    for source in refi.sources:
        for guid in dict.fromkeys([source.guid, *source.aliases]):
            by_guid[guid].append(source)
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for case in refi.cases:
        for guid in case.source_guids:
            for source in by_guid.get(guid, []):
                _join_case(found[source.guid], case, source.name)
    for source in refi.sources:
        for key, value in source.variables.items():
            found[source.guid][_attribute_key(key)] = value
    return dict(found)


def _join_case(attributes: dict[str, str], case: RefiCase, source_name: str) -> None:
    """A case's variables as attributes, and its name as ``case`` unless it is the source's own
    name (MAXQDA and Quirkos write a case without a name for one file's variables)."""
    if case.name and _document_name(case.name, set()) != _document_name(source_name, set()):
        attributes.setdefault("case", case.name)
    for key, value in case.variables.items():
        attributes[_attribute_key(key)] = value


def _selection_label(source: RefiTextSource, selection: RefiSelection) -> str:
    return f"{source.name} [{selection.start}:{selection.end}]"


def _write_text(path: Path, text: str) -> None:
    """Write a file whole or not at all (a temporary file beside it, then renamed)."""
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot write the file ({exc.strerror}).") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSummary:
    documents: int
    selections: int
    codings: int
    notes: int
    coders: int


def project_as_refi(project: Project) -> RefiProject:
    """The project as REFI-QDA data: codebook, coders as users, documents as text sources with
    one selection per coded (or memoed) segment, attributes as cases, memos as notes."""
    codebook = project.codebook
    codes = codebook_to_refi(codebook)
    location = project.path
    name = location.stem if isinstance(location, Path) else location.name
    refi = RefiProject(name=name, origin="qualcode")
    users: dict[str, RefiUser] = {}

    def user(name: str) -> str:
        if name not in users:
            users[name] = RefiUser(stable_guid("user", name), name)
        return users[name].guid

    segments: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for segment in project.segments():
        segments[segment.document].append((segment.n, segment.speaker, segment.text))
    coded: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for document, number, coder, code in project.store.codings.export():
        if code:
            coded[(document, number)].append((coder, code))
    queries = ExchangeQueries(project.store.engine)
    coded_at = queries.coding_times()
    imported_at = queries.import_times()
    memos: dict[tuple[str, int | None], list[tuple[str, str, str]]] = defaultdict(list)
    for coder, document, n, text, at in queries.memos():
        memos[(document, n)].append((coder, text, at))
    notes: dict[str, RefiNote] = {}

    def note(coder: str, text: str, at: str, *where: str) -> str:
        guid = stable_guid("note", coder, *where)
        notes[guid] = RefiNote(guid, f"Memo by {coder}", text, user(coder), xsd_time(at))
        return guid

    for row in project.documents():
        guid = stable_guid("source", row.name)
        text, spans = _source_text(segments[row.name])
        source = RefiTextSource(
            guid=guid, name=row.name, text=text, created=xsd_time(imported_at.get(row.name))
        )
        for n, (start, end) in spans.items():
            key = (row.name, n)
            if key not in coded and key not in memos:
                continue
            selection = RefiSelection(
                guid=stable_guid("selection", row.name, str(n)),
                name=_selection_name(text[start:end]),
                start=start,
                end=end,
                user_guid=None,
            )
            times: list[str] = []
            for coder, code in coded.get(key, []):
                at = coded_at.get((row.name, n, coder, code), "")
                times.append(at)
                selection.codings.append(
                    RefiCoding(
                        stable_guid("coding", row.name, str(n), coder, code),
                        code_guid(code),
                        user(coder),
                        created=xsd_time(at),
                    )
                )
            for coder, memo, at in memos.get(key, []):
                times.append(at)
                selection.note_guids.append(note(coder, memo, at, row.name, str(n)))
            first = (coded.get(key) or memos[key])[0][0]
            selection.user_guid = user(first)
            selection.created = xsd_time(min(t for t in times if t) if any(times) else None)
            source.selections.append(selection)
        for coder, memo, at in memos.get((row.name, None), []):
            source.note_guids.append(note(coder, memo, at, row.name))
        refi.sources.append(source)
        if row.attributes:
            refi.cases.append(
                RefiCase(stable_guid("case", row.name), row.name, dict(row.attributes), [guid])
            )
    by_guid = {code.guid: code for family in codes for code in family.walk()}
    for code_note in project.code_notes():
        target = by_guid.get(code_guid(code_note.code_id))
        if target is not None:
            target.note_guids.append(
                note(
                    code_note.author,
                    code_note.text,
                    code_note.at,
                    "code",
                    code_note.code_id,
                    code_note.at,
                )
            )
    refi.codes = codes
    refi.users = {users[name].guid: users[name] for name in sorted(users)}
    refi.notes = notes
    return refi


def _source_text(
    segments: Sequence[tuple[int, str, str]],
) -> tuple[str, dict[int, tuple[int, int]]]:
    """A document's text, one segment per paragraph with its speaker label, and where each
    segment's text lies (code points)."""
    pieces: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    position = 0
    for n, speaker, text in segments:
        label = speaker.strip().strip("[]").strip()
        prefix = f"{label}: " if label else ""
        if pieces:
            pieces.append("\n\n")
            position += 2
        pieces.append(prefix + text)
        spans[n] = (position + len(prefix), position + len(prefix) + len(text))
        position += len(prefix) + len(text)
    return "".join(pieces) + "\n", spans


def _selection_name(text: str) -> str:
    return text if len(text) <= 100 else text[:99].rstrip() + "…"


def export_qdpx(project: Project, out: IO[bytes]) -> ExportSummary:
    """Write the project as a ``.qdpx`` (validated against Project.xsd)."""
    refi = project_as_refi(project)
    out.write(qdpx_bytes(refi))
    selections = [s for source in refi.sources for s in source.selections]
    return ExportSummary(
        documents=len(refi.sources),
        selections=len(selections),
        codings=sum(len(s.codings) for s in selections),
        notes=len(refi.notes),
        coders=len(refi.users),
    )


def export_qdc(project: Project, out: IO[bytes]) -> int:
    """Write the project's codebook as a ``.qdc``; returns the number of codes."""
    out.write(qdc_bytes(project.codebook))
    return len(project.codebook.code_ids())


# -- codebook files ----------------------------------------------------------------------------


def checked_qdc(path: Path) -> Conversion:
    """A ``.qdc`` codebook converted to qualcode's YAML (checked by the codebook parser)."""
    conversion = qdc_to_yaml(path)
    parse_codebook(conversion.yaml_text, str(path))
    return conversion


def yaml_to_qdc(path: Path) -> tuple[bytes, int]:
    """A YAML codebook as ``.qdc`` bytes, and its number of codes."""
    from qualcode.codebook import load_codebook

    codebook, _ = load_codebook(path)
    return qdc_bytes(codebook), len(codebook.code_ids())


def convert_codebook(source: Path, target: Path) -> str:
    """Convert between ``.qdc`` and ``.yaml``/``.yml`` by the files' extensions; returns a line
    saying what was written."""
    kinds = {".qdc": "qdc", ".yaml": "yaml", ".yml": "yaml"}
    given, wanted = kinds.get(source.suffix.lower()), kinds.get(target.suffix.lower())
    if given is None or wanted is None or given == wanted:
        raise QualcodeError(
            f"codebook convert {source} {target}: convert a .qdc to a .yaml file or a .yaml "
            "(.yml) to a .qdc file; the extensions say which way."
        )
    if given == "qdc":
        conversion = checked_qdc(source)
        _write_text(target, conversion.yaml_text)
        count = len(conversion.code_ids) - len(conversion.folders)
        return f"Wrote {target}: {count} codes from {source}."
    data, count = yaml_to_qdc(source)
    _write_bytes(target, data)
    return f"Wrote {target}: {count} codes (REFI-QDA codebook, validated)."


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot write the file ({exc.strerror}).") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_refi_project(project: Project, out: IO[bytes]) -> str:
    """A REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder."""
    summary = export_qdpx(project, out)
    return (
        f"{summary.documents} document(s), {summary.selections} selection(s) with "
        f"{summary.codings} coding(s) by {summary.coders} coder(s), {summary.notes} note(s) "
        "(REFI-QDA project, validated)"
    )


def export_refi_codebook(project: Project, out: IO[bytes]) -> str:
    """The codebook in use as a REFI-QDA codebook (.qdc)."""
    return f"{export_qdc(project, out)} codes (REFI-QDA codebook, validated)"


#: What :mod:`qualcode.project.exports`' writers are for ``qualcode export`` and ``qualcode
#: codebook export``, for the REFI-QDA formats.
REFI_EXPORTS = {".qdpx": export_refi_project}
REFI_CODEBOOK_EXPORTS = {".qdc": export_refi_codebook}
