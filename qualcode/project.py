"""The services both front ends call: create and open projects, import, list, code, revise.

Nothing here prints or imports a UI library; results come back as plain data and problems as
:class:`~qualcode.errors.QualcodeError` with a message a user can act on.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from qualcode.agreement.report import AgreementReport, agreement_report, pair_report
from qualcode.assign import Assignment, plan_assignments
from qualcode.codebook import content_hash, load_codebook, parse_codebook
from qualcode.codebook.revise import plan_revision
from qualcode.codings import HEADER as CODINGS_HEADER
from qualcode.codings import parse_codings
from qualcode.csvio import write_csv
from qualcode.deid.allowlist import AllowlistEntry, effective_allowlist, plan_allowlist_changes
from qualcode.errors import QualcodeError
from qualcode.ingest.files import DEFAULT_MAX_BYTES
from qualcode.ingest.segment import segment_turns
from qualcode.ingest.selection import check_names, read_all, resolve_files
from qualcode.model import UNITS, Codebook, ParsedDocument, segment_id
from qualcode.progress import Progress
from qualcode.reports.frequencies import FrequencyTable, frequencies
from qualcode.reports.quotes import Quote, build_quotes, find_quotes
from qualcode.reports.source import resolve_source
from qualcode.store import CodingRows, DocumentRow, SegmentRow, Store
from qualcode.store.queries import CONSENSUS_NAME

if TYPE_CHECKING:
    from qualcode.deid.report import DeidReport


@dataclass(frozen=True)
class AddResult:
    documents: list[ParsedDocument]
    notes: list[str] = field(default_factory=list)
    reports: dict[str, DeidReport] = field(default_factory=dict)

    @property
    def segments(self) -> int:
        return sum(len(document.segments) for document in self.documents)

    @property
    def words(self) -> int:
        return sum(document.word_count for document in self.documents)


@dataclass(frozen=True)
class CodingsImportResult:
    pairs: int
    removed: int
    written: int


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
    codebook, _ = load_codebook(path)
    return codebook


def create_project(path: Path, codebook_path: Path) -> Project:
    codebook, text = load_codebook(codebook_path)
    store = Store.create(path, codebook, text, codebook_path.name, content_hash(text))
    return Project(store)


def open_project(path: Path) -> Project:
    return Project(Store.open(path))


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
    def path(self) -> Path:
        return self.store.path

    # -- codebook -------------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            version = self.store.current_codebook_version()
            self._codebook = parse_codebook(version.yaml_text, f"{self.path} (codebook)")
        return self._codebook

    def update_codebook(self, codebook_path: Path, actor: str = "cli") -> CodebookUpdateResult:
        """Import a revised codebook as a new version (SPEC §5.3)."""
        new, text = load_codebook(codebook_path)
        digest = content_hash(text)
        current = self.store.current_codebook_version()
        old_ids = set(self.codebook.code_ids())
        if digest == current.content_hash:
            return CodebookUpdateResult(False, new.version, [], [], {}, [])
        revision = plan_revision(new, text, codebook_path.name, digest, self.store.code_usage())
        self.store.add_codebook_version(revision, actor=actor)
        self._codebook = None
        new_ids = new.code_ids()
        renamed_to = set(revision.renames.values())
        return CodebookUpdateResult(
            changed=True,
            version=new.version,
            added=[c for c in new_ids if c not in old_ids and c not in renamed_to],
            retired=[c.id for c in new.codes() if c.retired],
            renamed=revision.renames,
            removed=revision.removed,
        )

    # -- import ---------------------------------------------------------------------------

    def add(
        self,
        files: Sequence[Path],
        *,
        manifest: Path | None = None,
        attributes: dict[str, str] | None = None,
        unit: str = "turn",
        deidentify: bool = True,
        replace_org: bool = True,
        encoding: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> AddResult:
        """Read, segment, deidentify (in memory) and store transcripts; all of them or, on any
        problem, none. The original text of a deidentified transcript is never stored."""
        if unit not in UNITS:
            raise QualcodeError(f"unknown unit '{unit}': use one of {', '.join(UNITS)}.")
        paths, rows = resolve_files(files, manifest)
        check_names(paths, self.store.document_names())
        raws = read_all(paths, encoding, max_bytes, progress)
        notes: list[str] = []
        splitter = None
        if unit == "sentence":
            splitter, note = _sentence_splitter()
            if note:
                notes.append(note)
        documents = []
        for raw in raws:
            merged = dict(raw.attributes)
            if rows is not None:
                merged.update(rows[raw.path.resolve()].attributes)
            merged.update(attributes or {})
            segments = segment_turns(raw.turns, unit, splitter)
            documents.append(
                ParsedDocument(raw.path.stem, raw.path.name, raw.format, unit, segments, merged)
            )
        del raws  # the turns hold the original text
        reports: dict[str, DeidReport] = {}
        if deidentify:
            from qualcode.deid.apply import deidentify_documents, no_model_note
            from qualcode.deid.engine import Deidentifier

            deidentifier = Deidentifier(self.allowlist_entries(), replace_org=replace_org)
            note = no_model_note(deidentifier)
            if note:
                notes.append(note)
            if progress:
                progress.start("Deidentifying", sum(len(d.segments) for d in documents))
            reports = deidentify_documents(
                documents, deidentifier, progress.advance if progress else None
            )
        self.store.insert_documents(
            documents,
            deidentified=deidentify,
            actor="cli",
            deid_reports={name: report.dumps() for name, report in reports.items()},
        )
        return AddResult(documents, notes, reports)

    # -- deidentification allowlist -----------------------------------------------------

    def allowlist(self) -> list[AllowlistEntry]:
        """The effective allowlist: shipped defaults the project kept, then its own entries."""
        added, removed = self.store.allowlist_changes()
        return effective_allowlist(added, removed)

    def allowlist_entries(self) -> list[str]:
        return [entry.text for entry in self.allowlist()]

    def change_allowlist(self, add: Sequence[str], remove: Sequence[str]) -> None:
        """Add entries and remove entries (a shipped one is switched off for this project)."""
        added, removed = self.store.allowlist_changes()
        changes = plan_allowlist_changes(add, remove, added, removed, self.path)
        if changes:
            self.store.change_allowlist(changes, actor="cli")

    # -- listing --------------------------------------------------------------------------

    def documents(self) -> list[DocumentRow]:
        return self.store.documents()

    def segments(self, document: str | None = None) -> list[SegmentRow]:
        if document is not None and document not in self.store.document_names():
            raise QualcodeError(
                f"{self.path}: no document '{document}'. "
                f"`qualcode documents {self.path}` lists them."
            )
        return list(self.store.segments(document))

    # -- codings --------------------------------------------------------------------------

    def import_codings(self, csv_path: Path, actor: str = "cli") -> CodingsImportResult:
        parsed = parse_codings(csv_path, self.store.segment_index, self.store.code_states())
        removed, written = self.store.replace_codings(parsed.pairs, parsed.codings, actor=actor)
        return CodingsImportResult(len(parsed.pairs), removed, written)

    def export_codings(self, out: IO[str]) -> int:
        rows = [
            (segment_id(document, n), coder, code or "")
            for document, n, coder, code in self.store.export_codings()
        ]
        write_csv(out, CODINGS_HEADER, rows)
        return len(rows)

    # -- assignment and agreement -------------------------------------------------------

    def assign(
        self,
        coders: list[str],
        double: float,
        *,
        stratify: str | None = None,
        seed: int = 0,
        force: bool = False,
    ) -> list[Assignment]:
        """Plan and store assignments; refuses to move documents that already have codings."""
        documents = {row.name: row.attributes for row in self.documents()}
        plan = plan_assignments(documents, coders, double, stratify, seed)
        if not force:
            current = self.store.assignments()
            worked = self.store.documents_with_work()
            conflicts = []
            for assignment in plan:
                if assignment.document not in worked:
                    continue
                before = {coder for coder, _ in current.get(assignment.document, [])}
                before = before or worked[assignment.document]
                if before != set(assignment.coders):
                    was = ", ".join(sorted(before))
                    now = ", ".join(assignment.coders)
                    conflicts.append(
                        f"  {assignment.document}: coded by/assigned to {was}; plan: {now}"
                    )
            if conflicts:
                raise QualcodeError(
                    "These documents already have codings and the new assignment would move them:\n"
                    + "\n".join(conflicts)
                    + "\nNothing was changed. Use --force to reassign them anyway (their codings "
                    "are kept)."
                )
        detail = f"coders={','.join(coders)} double={double} stratify={stratify or '-'} seed={seed}"
        self.set_assignments(plan, detail)
        return plan

    def set_assignments(self, plan: Sequence[Assignment], detail: str, actor: str = "cli") -> None:
        rows = [(a.document, a.primary, "primary") for a in plan]
        rows += [(a.document, a.second, "second") for a in plan if a.second]
        self.store.set_assignments(rows, actor=actor, detail=detail)

    def agreement(
        self,
        coders: list[str] | None = None,
        *,
        include_interviewer: bool = False,
        with_consensus: bool = False,
    ) -> AgreementReport:
        """The agreement report for the named coders, or for the double-coding assignment.

        ``with_consensus`` compares each coder with the reconciled consensus instead.
        """
        if with_consensus:
            return self._consensus_agreement(coders, include_interviewer)
        known = set(self.store.coders_with_reviews())
        explicit = coders is not None
        if coders is None:
            coders = self._double_coders() or sorted(known)
        unknown = [coder for coder in coders if coder not in known]
        if unknown:
            raise QualcodeError(
                f"{self.path}: no codings by {', '.join(unknown)} (coders with codings: "
                f"{', '.join(sorted(known)) or 'none'})."
            )
        if len(set(coders)) < 2:
            raise QualcodeError(
                "Agreement needs two or more coders with codings on the same documents; name "
                "them with --coders A,B."
            )
        data = self.store.agreement_data(coders, include_interviewer)
        units = sorted({row.unit for row in self.documents()})
        unit = f"segment ({'/'.join(units) if units else 'turn'})"
        report = agreement_report(self.codebook, data, coders, unit, include_interviewer)
        if not explicit:
            report.pairs = [pair for pair in report.pairs if pair.n_units]
        if not any(pair.n_units for pair in report.pairs):
            raise QualcodeError(
                f"No segment was reviewed by two of {', '.join(coders)}: nothing to compare. "
                "Double-code some documents first (see `qualcode assign --double`)."
            )
        return report

    def _consensus_agreement(
        self, coders: list[str] | None, include_interviewer: bool
    ) -> AgreementReport:
        pairs = self.store.reconciled_pairs()
        if not pairs:
            raise QualcodeError(
                "There is no consensus yet: reconcile a coder pair first (`qualcode reconcile`)."
            )
        names = coders or sorted({coder for pair in pairs for coder in pair})
        data = self.store.agreement_data([*names, CONSENSUS_NAME], include_interviewer)
        units = sorted({row.unit for row in self.documents()})
        report = AgreementReport(
            [*names, CONSENSUS_NAME],
            f"segment ({'/'.join(units) if units else 'turn'})",
            include_interviewer,
            [pair_report(self.codebook, data, coder, CONSENSUS_NAME) for coder in names],
        )
        report.pairs = [pair for pair in report.pairs if pair.n_units]
        if not report.pairs:
            raise QualcodeError(f"No reconciled segment was coded by {', '.join(names)}.")
        return report

    def _double_coders(self) -> list[str]:
        coders: set[str] = set()
        for assigned in self.store.assignments().values():
            if len(assigned) >= 2:
                coders.update(coder for coder, _ in assigned)
        return sorted(coders)

    def write_disagreements(self, report: AgreementReport, out: IO[str]) -> int:
        """The reconciliation agenda: every segment × code where two coders differ."""
        disagreements = [d for pair in report.pairs for d in pair.disagreements()]
        pks = [d.segment_pk for d in disagreements]
        texts = self.store.segment_texts(pks)
        codes = {code.id: code for code in self.codebook.codes()}
        rows = [
            (
                segment_id(d.document, d.n),
                d.code,
                codes[d.code].label,
                d.applied_by,
                d.not_applied_by,
                texts[d.segment_pk],
                codes[d.code].definition,
            )
            for d in disagreements
        ]
        write_csv(
            out,
            ("segment_id", "code", "label", "applied_by", "not_applied_by", "text", "definition"),
            rows,
        )
        return len(rows)

    # -- frequencies and quotes ---------------------------------------------------------

    def frequency_table(
        self,
        by: list[str],
        *,
        coder: str | None = None,
        consensus: bool = False,
        include_interviewer: bool = False,
    ) -> FrequencyTable:
        """Code frequencies by the attributes ``by`` (SPEC §9)."""
        data = self.store.coding_rows(include_interviewer)
        self._check_attributes(data, by)
        source = resolve_source(
            data, self.store.assignments(), coder, consensus, self.reconciled_documents()
        )
        return frequencies(self.codebook, data, source, by, not include_interviewer)

    def quotes(
        self,
        codes: list[str],
        by: list[str],
        *,
        coder: str | None = None,
        consensus: bool = False,
        include_interviewer: bool = False,
    ) -> tuple[list[Quote], str]:
        """Every coded segment (of ``codes``, parents including children) and the source."""
        known = self.codebook.code_ids()
        for code in codes:
            if code not in known:
                hint = difflib.get_close_matches(code, known, n=1)
                suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
                raise QualcodeError(f"--code {code}: no such code in the codebook{suggestion}")
        data = self.store.coding_rows(include_interviewer)
        self._check_attributes(data, by)
        source = resolve_source(
            data, self.store.assignments(), coder, consensus, self.reconciled_documents()
        )
        found, code_ids = find_quotes(self.codebook, data, source, codes)
        details = self.store.segment_details([pk for _, _, pk in found])
        return build_quotes(self.codebook, data, by, details, found, code_ids), source.description

    def html_report(
        self,
        by: list[str],
        *,
        coder: str | None = None,
        consensus: bool = False,
        include_interviewer: bool = False,
    ) -> str:
        """The self-contained HTML report: frequencies, agreement and quotes."""
        from qualcode.reports.html import ReportInputs, render

        table = self.frequency_table(
            by, coder=coder, consensus=consensus, include_interviewer=include_interviewer
        )
        found, _ = self.quotes(
            [], by, coder=coder, consensus=consensus, include_interviewer=include_interviewer
        )
        try:
            pairs = self.agreement(include_interviewer=include_interviewer).pairs
            unavailable = None
        except QualcodeError as exc:
            pairs, unavailable = [], str(exc)
        return render(
            ReportInputs(
                project=self.path.stem,
                codebook=f"{self.codebook.name} (version {self.codebook.version or '-'})",
                frequencies=table,
                agreement=pairs,
                agreement_unavailable=unavailable,
                quotes=found,
                code_labels={code.id: code.label for code in self.codebook.codes()},
                family_labels={family.id: family.label for family in self.codebook.families},
            )
        )

    def reconciled_documents(self) -> set[str]:
        """Documents whose every double-coded segment has a consensus (SPEC §9)."""
        complete: set[str] = set()
        incomplete: set[str] = set()
        for coder_a, coder_b in self.store.reconciled_pairs():
            for unit in self.store.reconcile_units(coder_a, coder_b):
                open_dispute = unit.codes_a != unit.codes_b and unit.decision in (None, "agreed")
                if unit.decision is None or open_dispute:
                    incomplete.add(unit.document)
                else:
                    complete.add(unit.document)
        return complete - incomplete

    @staticmethod
    def _check_attributes(data: CodingRows, by: list[str]) -> None:
        known = sorted({key for document in data.documents for key in document.attributes})
        missing = [attribute for attribute in by if attribute not in known]
        if missing:
            raise QualcodeError(
                f"--by {','.join(missing)}: no document has that attribute (attributes: "
                f"{', '.join(known) or 'none'})."
            )


def _sentence_splitter() -> tuple[Callable[[list[str]], list[list[str]]], str | None]:
    from qualcode.nlp import MODEL_NAMES, NO_MODEL_MESSAGE, sentence_pipeline

    pipeline = sentence_pipeline()

    def split(texts: list[str]) -> list[list[str]]:
        return [
            [sent.text.strip() for sent in doc.sents if sent.text.strip()]
            for doc in pipeline.nlp.pipe(texts, batch_size=256)
        ]

    note = None if pipeline.has_model else NO_MODEL_MESSAGE.format(names=", ".join(MODEL_NAMES))
    return split, note
