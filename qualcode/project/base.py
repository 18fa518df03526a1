"""An open project: the one object the front ends hold.

:class:`Project` owns the store and the current codebook. Its methods are the services the CLI,
the TUI and the demo call; the longer ones live in the topic modules beside this one
(:mod:`~qualcode.project.importing`, :mod:`~qualcode.project.codings`,
:mod:`~qualcode.project.assignment`, :mod:`~qualcode.project.agreement`,
:mod:`~qualcode.project.reports`; the last two load NumPy, so they are imported by the methods
that need them and quick commands start quickly), the coding and reconciliation sessions in
:mod:`~qualcode.project.coding` and :mod:`~qualcode.project.reconciliation`. Every method that
writes takes ``actor``, the coder or command named in the audit log.

Nothing here prints or imports a UI library; results come back as plain data
(:mod:`qualcode.model`) and problems as :class:`~qualcode.errors.QualcodeError` with a message a
user can act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from qualcode.codebook import content_hash, load_codebook, parse_codebook
from qualcode.errors import QualcodeError
from qualcode.formats.text import DEFAULT_MAX_BYTES
from qualcode.model import (
    Codebook,
    CodebookVersion,
    CodeNote,
    CodeRevision,
    DocumentRow,
    Location,
    SegmentRow,
    check_coder,
    project_location,
)
from qualcode.progress import Progress

if TYPE_CHECKING:
    from qualcode.agreement.assign import Assignment
    from qualcode.agreement.report import AgreementReport, Bootstrap
    from qualcode.deid.allowlist import AllowlistEntry
    from qualcode.model.exports import MemoRow
    from qualcode.project import codings, importing
    from qualcode.reports.cooccurrence import Cooccurrence
    from qualcode.reports.frequencies import FrequencyTable
    from qualcode.reports.matrix import SegmentMatrix
    from qualcode.reports.quotes import Quote
    from qualcode.store import Store


@dataclass(frozen=True)
class CodebookUpdateResult:
    changed: bool
    version: str
    added: list[str]
    retired: list[str]
    renamed: dict[str, str]
    removed: list[str]


def check_codebook(path: Path) -> Codebook:
    """Validate a codebook file; raises a :class:`CodebookError` listing every problem."""
    codebook, _ = read_codebook_file(path)
    return codebook


def read_codebook_file(path: Path) -> tuple[Codebook, str]:
    """A codebook file as the model and its YAML text: a YAML codebook as it is, a REFI-QDA
    ``.qdc`` converted (:mod:`qualcode.exchange.codebook`)."""
    if path.suffix.lower() == ".qdc":
        from qualcode.exchange.codebook import qdc_to_yaml

        text = qdc_to_yaml(path).yaml_text
        return parse_codebook(text, str(path)), text
    return load_codebook(path)


def create_project(path: Location | str, codebook_path: Path) -> Project:
    """A new project: a file, or the schema in an empty database named by a postgresql:// URL."""
    from qualcode.store import Store

    codebook, text = read_codebook_file(codebook_path)
    revision = CodeRevision(codebook, text, codebook_path.name, content_hash(text), {}, [])
    return Project(Store.create(project_location(path), revision))


def open_project(path: Location | str, *, light: bool = False) -> Project:
    """An existing project: a file, or a database named by a postgresql:// URL.

    ``light`` is for the commands that only read and for the coding UI: a project file that is
    up to date is then read without SQLAlchemy (:mod:`qualcode.store.lite`, much quicker to
    start), and the full store opens the first time a service needs more than those reads (a
    write, a query the light store does not have)."""
    location = project_location(path)
    if light and isinstance(location, Path):
        from qualcode.store.lite import open_read_only

        lite = open_read_only(location)
        if lite is not None:
            # The read store answers the full store's read methods with the same results
            # (tests/store/test_lite.py) and opens the full store for anything else.
            return Project(cast("Store", lite))
    from qualcode.store import Store

    return Project(Store.open(location))


class Project:
    """An open project file."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._codebook: Codebook | None = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Location:
        """The project file, or its database URL (shown without the password)."""
        return self.store.path

    def prepare_writes(self) -> None:
        """Open ahead of time what writes need (the full store, when the project was opened
        ``light``): the coding UI calls this in the background once its first screen shows."""
        full = getattr(self.store, "full", None)
        if callable(full):
            full()

    # -- codebook -------------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            version = self.store.codebooks.current()
            self._codebook = parse_codebook(version.yaml_text, f"{self.path} (codebook)")
        return self._codebook

    def codebook_version(self) -> CodebookVersion:
        """The current codebook version as stored (its YAML text, hash and id)."""
        return self.store.codebooks.current()

    def update_codebook(self, codebook_path: Path, *, actor: str) -> CodebookUpdateResult:
        """Import a revised codebook as a new version (SPEC §5.3)."""
        new, text = read_codebook_file(codebook_path)
        digest = content_hash(text)
        old_ids = set(self.codebook.code_ids())
        if digest == self.store.codebooks.current().content_hash:
            return CodebookUpdateResult(False, new.version, [], [], {}, [])
        from qualcode.codebook.revise import plan_revision

        usage = self.store.codebooks.usage()
        revision = plan_revision(new, text, codebook_path.name, digest, usage)
        self.store.codebooks.add_version(revision, actor=actor)
        self._codebook = None
        renamed_to = set(revision.renames.values())
        return CodebookUpdateResult(
            changed=True,
            version=new.version,
            added=[c for c in new.code_ids() if c not in old_ids and c not in renamed_to],
            retired=[c.id for c in new.codes() if c.retired],
            renamed=revision.renames,
            removed=revision.removed,
        )

    # -- documents ------------------------------------------------------------------------

    def add(
        self,
        files: Sequence[Path],
        *,
        actor: str,
        manifest: Path | None = None,
        attributes: dict[str, str] | None = None,
        unit: str = "turn",
        deidentify: bool = True,
        replace_org: bool = True,
        keep_file_names: bool = False,
        encoding: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> importing.AddResult:
        """Import transcripts: see :func:`qualcode.project.importing.add_documents`."""
        from qualcode.project import importing  # spaCy, the deidentifier: only when asked

        return importing.add_documents(
            self,
            files,
            actor=actor,
            manifest=manifest,
            attributes=attributes,
            options=importing.ImportOptions(unit, encoding, max_bytes),
            deidentify=deidentify,
            replace_org=replace_org,
            keep_file_names=keep_file_names,
            progress=progress,
        )

    def documents(self) -> list[DocumentRow]:
        return self.store.documents.rows()

    def document_names(self) -> set[str]:
        return self.store.documents.names()

    def segments(self, document: str | None = None) -> list[SegmentRow]:
        if document is not None:
            self.check_document(document)
        return list(self.store.documents.segments(document))

    def check_document(self, document: str) -> None:
        if document not in self.document_names():
            raise QualcodeError(
                f"{self.path}: no document '{document}'. "
                f"`qualcode documents {self.path}` lists them."
            )

    # -- deidentification allowlist -----------------------------------------------------

    def allowlist(self) -> list[AllowlistEntry]:
        """The effective allowlist: shipped defaults the project kept, then its own entries."""
        from qualcode.deid.allowlist import effective_allowlist

        added, removed = self.store.allowlist.changes()
        return effective_allowlist(added, removed)

    def allowlist_entries(self) -> list[str]:
        return [entry.text for entry in self.allowlist()]

    def allowlist_removed(self) -> list[str]:
        """Shipped entries this project switched off."""
        return self.store.allowlist.changes()[1]

    def change_allowlist(self, add: Sequence[str], remove: Sequence[str], *, actor: str) -> None:
        """Add entries and remove entries (a shipped one is switched off for this project)."""
        from qualcode.deid.allowlist import plan_allowlist_changes

        added, removed = self.store.allowlist.changes()
        changes = plan_allowlist_changes(add, remove, added, removed, self.path)
        if changes:
            self.store.allowlist.change(changes, actor=actor)

    # -- codings --------------------------------------------------------------------------

    def import_codings(
        self, csv_path: Path, *, actor: str, unlisted: str | None = None
    ) -> codings.CodingsImportResult:
        from qualcode.project import codings

        return codings.import_codings(self, csv_path, actor=actor, unlisted=unlisted)

    def export_codings(self, out: IO[str]) -> int:
        from qualcode.project import codings

        return codings.export_codings(self, out)

    def coding_counts(self) -> dict[str, int]:
        """Number of codings per coder."""
        return self.store.codings.counts()

    def documents_with_work(self) -> dict[str, set[str]]:
        """``{document: coders who reviewed or coded some of it}``."""
        return self.store.codings.documents_with_work()

    def audit_entries(self) -> list[dict[str, Any]]:
        return self.store.codings.audit_entries()

    # -- assignment and agreement -------------------------------------------------------

    def assign(
        self,
        coders: list[str],
        double: float,
        *,
        actor: str,
        stratify: str | None = None,
        seed: int = 0,
        force: bool = False,
    ) -> list[Assignment]:
        from qualcode.project import assignment

        return assignment.assign(
            self, coders, double, actor=actor, stratify=stratify, seed=seed, force=force
        )

    def set_assignments(self, plan: Sequence[Assignment], detail: str, *, actor: str) -> None:
        from qualcode.project import assignment

        assignment.set_assignments(self, plan, detail, actor=actor)

    def assignments(self) -> dict[str, list[tuple[str, str]]]:
        from qualcode.project import assignment

        return assignment.assignments(self)

    def agreement(
        self,
        coders: list[str] | None = None,
        *,
        include_interviewer: bool = False,
        with_consensus: bool = False,
        bootstrap: Bootstrap | None = None,
    ) -> AgreementReport:
        from qualcode.project import agreement as agreement_service  # NumPy: only when asked

        return agreement_service.agreement(
            self,
            coders,
            include_interviewer=include_interviewer,
            with_consensus=with_consensus,
            bootstrap=bootstrap,
        )

    def write_disagreements(self, report: AgreementReport, out: IO[str]) -> int:
        from qualcode.project import agreement as agreement_service

        return agreement_service.write_disagreements(self, report, out)

    # -- frequencies, quotes, notes -----------------------------------------------------

    def frequency_table(
        self,
        by: list[str],
        *,
        coder: str | None = None,
        consensus: bool = False,
        include_interviewer: bool = False,
    ) -> FrequencyTable:
        from qualcode.project import reports  # NumPy: only when asked

        return reports.frequency_table(
            self, by, coder=coder, consensus=consensus, include_interviewer=include_interviewer
        )

    def quotes(
        self,
        codes: list[str],
        by: list[str],
        *,
        coder: str | None = None,
        consensus: bool = False,
        include_interviewer: bool = False,
    ) -> tuple[list[Quote], str]:
        from qualcode.project import reports  # NumPy: only when asked

        return reports.quotes(
            self,
            codes,
            by,
            coder=coder,
            consensus=consensus,
            include_interviewer=include_interviewer,
        )

    def html_report(
        self,
        by: list[str],
        *,
        coder: str | None = None,
        consensus: bool = False,
        include_interviewer: bool = False,
        title: str | None = None,
        bootstrap: Bootstrap | None = None,
    ) -> str:
        from qualcode.project import reports  # NumPy: only when asked

        return reports.html_report(
            self,
            by,
            coder=coder,
            consensus=consensus,
            include_interviewer=include_interviewer,
            title=title,
            bootstrap=bootstrap,
        )

    def reconciled_documents(self) -> set[str]:
        from qualcode.project import reports

        return reports.reconciled_documents(self)

    def code_notes(self) -> list[CodeNote]:
        return self.store.reconciliation.code_notes()

    def save_code_note(
        self,
        code_id: str,
        text: str,
        *,
        actor: str,
        document_id: int | None = None,
        segment_pk: int | None = None,
    ) -> None:
        """A note on a code (for the codebook's next revision), by ``actor``."""
        check_coder(actor, "--as")
        self.store.reconciliation.save_code_note(
            author=actor, code_id=code_id, text=text, document_id=document_id, segment_pk=segment_pk
        )

    # -- exports --------------------------------------------------------------------------

    def matrix(
        self, *, coder: str | None = None, consensus: bool = False, with_text: bool = False
    ) -> SegmentMatrix:
        from qualcode.project import exports  # pandas: only when asked

        return exports.matrix(self, coder=coder, consensus=consensus, with_text=with_text)

    def cooccurrence(
        self,
        by: list[str],
        *,
        level: str = "segment",
        coder: str | None = None,
        consensus: bool = False,
    ) -> Cooccurrence:
        from qualcode.project import exports

        return exports.code_cooccurrence(self, by, level=level, coder=coder, consensus=consensus)

    def memos(self) -> list[MemoRow]:
        return self.store.exports.memos()
