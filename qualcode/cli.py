"""The ``qualcode`` command line: each command is a few lines over :mod:`qualcode.project`.

Heavy libraries (spaCy, pandas, scikit-learn, Textual) are imported inside the commands that need
them, so ``qualcode --help`` and quick commands answer at once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from qualcode.errors import QualcodeError

PROJECT = click.argument("project", type=click.Path(path_type=Path, dir_okay=False))
OUTPUT = click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output.",
)


class QualcodeGroup(click.Group):
    """Turns user errors into a one-paragraph message and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QualcodeError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; every change already saved is kept.", err=True)
            ctx.exit(130)


@contextmanager
def output(path: Path | None) -> Iterator[IO[str]]:
    """``-o FILE`` or standard output, UTF-8, with newlines left to the writer."""
    if path is None:
        yield sys.stdout
        return
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            yield handle
    except OSError as exc:
        raise QualcodeError(f"{path}: cannot write the file ({exc.strerror}).") from None


class TerminalProgress:
    """A progress bar per stage of long work, on a terminal's stderr; nothing when piped."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._bar: Any = None

    def start(self, label: str, total: int) -> None:
        self.finish()
        if self.enabled and total > 0:
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr)

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None


@click.group(cls=QualcodeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qualcode")
def cli() -> None:
    """qualcode: deductive coding of deidentified interview transcripts.

    \b
    Workflow:
      qualcode new study.qualcode --codebook codebooks/labor_trafficking.yaml
      qualcode scan transcripts/
      qualcode add study.qualcode --manifest transcripts/manifest.csv
      qualcode documents study.qualcode
      qualcode codings import study.qualcode codings.csv
    """


@cli.command()
@PROJECT
@click.option(
    "--codebook",
    "codebook_path",
    required=True,
    type=click.Path(path_type=Path),
    help="The YAML codebook to start with.",
)
def new(project: Path, codebook_path: Path) -> None:
    """Create a project file with a codebook.

    \b
    Example:
      qualcode new study.qualcode --codebook codebooks/labor_trafficking.yaml
    """
    from qualcode.project import create_project

    with create_project(project, codebook_path) as created:
        codebook = created.codebook
        count = len(codebook.code_ids())
    click.echo(f"Created {project} with codebook '{codebook.name}' ({count} codes).")


@cli.command()
@PROJECT
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV with a 'file' column; other columns become attributes.",
)
@click.option(
    "--attr",
    "attrs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Attribute for every file imported (repeatable).",
)
@click.option(
    "--unit",
    type=click.Choice(["turn", "sentence", "paragraph"]),
    default="turn",
    show_default=True,
    help="What one segment is.",
)
@click.option(
    "--no-deidentify",
    is_flag=True,
    help="The transcripts are already deidentified: import them as they are.",
)
@click.option(
    "--no-org",
    is_flag=True,
    help="Keep names of organisations (companies, agencies, nonprofits); other names are "
    "still replaced.",
)
@click.option("--encoding", help="Text encoding of the files when not UTF-8/UTF-16 (e.g. cp1252).")
@click.option(
    "--max-size",
    type=float,
    default=10.0,
    show_default=True,
    metavar="MB",
    help="Refuse files larger than this.",
)
def add(
    project: Path,
    files: tuple[Path, ...],
    manifest: Path | None,
    attrs: tuple[str, ...],
    unit: str,
    no_deidentify: bool,
    no_org: bool,
    encoding: str | None,
    max_size: float,
) -> None:
    """Import transcripts (.txt .md .docx .vtt .srt): segment, deidentify and store them.

    Names of people, places, organisations and sites, phone numbers, e-mail and street
    addresses, URLs, SSNs and case and ID numbers are replaced by placeholders such as
    [PERSON_1] before anything is stored; names on the project's allowlist (`qualcode
    allowlist`) are kept. All files are imported or, if any has a problem, none. FILES may be
    folders. With --manifest and no FILES, every file the manifest lists is imported.

    \b
    Example:
      qualcode add study.qualcode --manifest transcripts/manifest.csv
      qualcode add study.qualcode extra/int13.txt --attr role=prosecutor --no-org
      qualcode add study.qualcode already_clean/ --no-deidentify
    """
    from qualcode.project import open_project

    attributes = {}
    for item in attrs:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QualcodeError(f"--attr {item}: write it as KEY=VALUE, e.g. --attr site=site_a.")
        attributes[key.strip().lower()] = value.strip()
    progress = TerminalProgress()
    with open_project(project) as opened:
        try:
            result = opened.add(
                list(files),
                manifest=manifest,
                attributes=attributes,
                unit=unit,
                deidentify=not no_deidentify,
                replace_org=not no_org,
                encoding=encoding,
                max_bytes=int(max_size * 1024 * 1024),
                progress=progress,
            )
        finally:
            progress.finish()
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(
        f"Added {len(result.documents)} document(s), {result.segments} segments "
        f"({unit}), {result.words} words."
    )
    if result.reports:
        from qualcode.deid.placeholders import KINDS

        reports = result.reports.values()
        totals = {kind: sum(r.mentions.get(kind, 0) for r in reports) for kind in KINDS}
        replaced = sum(totals.values())
        detail = ", ".join(f"{kind} {count}" for kind, count in totals.items() if count)
        click.echo(f"Deidentified: {replaced} replaced" + (f" ({detail})." if detail else "."))
        review = sorted(name for name, report in result.reports.items() if report.review)
        if review:
            click.echo(
                f"Flagged for review: {', '.join(review)} (reasons: qualcode documents "
                f"{project} --format json)."
            )


@cli.command()
@PROJECT
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def documents(project: Path, fmt: str) -> None:
    """List documents with attributes, segment counts, deidentification and each coder's
    progress.

    `deid` is what deidentification replaced ("12 replaced"), "review (...)" when the document
    is flagged for a person to check, or "-" for documents imported with --no-deidentify; the
    JSON format has the full report (types and counts, never the original values). Progress is
    the number of segments a coder has reviewed out of the document's segments.

    \b
    Example:
      qualcode documents study.qualcode
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        rows = opened.documents()
        assigned = opened.store.assignments()
    if fmt == "json":
        records = [
            {**_document_json(row), "assigned": [c for c, _ in assigned.get(row.name, [])]}
            for row in rows
        ]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No documents yet. Import transcripts with `qualcode add`.")
        return
    from qualcode.deid.report import summary

    keys = sorted({key for row in rows for key in row.attributes})
    header = ["document", *keys, "segments", "respondent", "words", "deid", "assigned", "progress"]
    table = [
        [
            row.name,
            *(row.attributes.get(key, "") for key in keys),
            str(row.segment_count),
            str(row.respondent_segments),
            str(row.word_count),
            summary(row.deid_report),
            ", ".join(c for c, _ in assigned.get(row.name, [])) or "-",
            ", ".join(f"{c} {n}/{row.segment_count}" for c, n in row.reviewed_by.items()) or "-",
        ]
        for row in rows
    ]
    click.echo(format_table(header, table))


def _document_json(row: Any) -> dict[str, Any]:
    return {
        "document": row.name,
        "source": row.source_name,
        "format": row.format,
        "unit": row.unit,
        "attributes": row.attributes,
        "segments": row.segment_count,
        "respondent_segments": row.respondent_segments,
        "words": row.word_count,
        "deidentified": row.deidentified,
        "deid_report": row.deid_report,
        "reviewed": row.reviewed_by,
    }


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


@cli.command()
@PROJECT
@click.option("--document", help="Only this document (its name, without extension).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@OUTPUT
def segments(project: Path, document: str | None, fmt: str, out: Path | None) -> None:
    """List segments with their ids (DOCUMENT:N), speaker and text.

    \b
    Example:
      qualcode segments study.qualcode --document int01 -o int01_segments.csv
    """
    from qualcode.csvio import write_csv
    from qualcode.model import segment_id
    from qualcode.project import open_project

    with open_project(project) as opened:
        rows = opened.segments(document)
    header = ["segment_id", "document", "n", "speaker", "speaker_kind", "text"]
    records = [
        [segment_id(r.document, r.n), r.document, r.n, r.speaker, r.speaker_kind, r.text]
        for r in rows
    ]
    with output(out) as handle:
        if fmt == "csv":
            write_csv(handle, header, records)
        else:
            json.dump(
                [dict(zip(header, rec, strict=True)) for rec in records],
                handle,
                indent=2,
                ensure_ascii=False,
            )
            handle.write("\n")


@cli.group()
def codebook() -> None:
    """Check and revise codebooks."""


@codebook.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def codebook_check(file: Path) -> None:
    """Validate a codebook; list every problem with file:line:column and exit 1.

    \b
    Example:
      qualcode codebook check codebooks/labor_trafficking.yaml
    """
    from qualcode.project import check_codebook

    checked = check_codebook(file)
    families = len(checked.families)
    click.echo(
        f"{file}: OK: '{checked.name}', {families} families, {len(checked.code_ids())} codes."
    )


@codebook.command("update")
@PROJECT
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def codebook_update(project: Path, file: Path) -> None:
    """Import a revised codebook as a new version of the project's codebook.

    Codes may be added and text edited freely. A code with codings that is missing from the new
    version is refused unless it is kept with `retired: true` or its new id says
    `renamed_from: OLD_ID` (its codings follow the rename).

    \b
    Example:
      qualcode codebook update study.qualcode codebooks/labor_trafficking.yaml
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        result = opened.update_codebook(file)
    if not result.changed:
        click.echo(f"{file}: identical to the project's current codebook; nothing to do.")
        return
    click.echo(f"Imported codebook version {result.version or '(unlabelled)'}.")
    for label, items in (
        ("added", result.added),
        ("retired", result.retired),
        ("removed (no codings)", result.removed),
    ):
        if items:
            click.echo(f"  {label}: {', '.join(items)}")
    for old, new_id in result.renamed.items():
        click.echo(f"  renamed: {old} -> {new_id}")


@cli.group()
def codings() -> None:
    """Import and export codings as CSV (segment_id,coder,code)."""


@codings.command("import")
@PROJECT
@click.argument("csv_file", type=click.Path(path_type=Path, dir_okay=False))
def codings_import(project: Path, csv_file: Path) -> None:
    """Load codings from CSV, all or nothing.

    The file is the complete coding of every (coder, document) pair it mentions: all segments of
    those documents count as reviewed by that coder, and the coder's earlier codings of those
    documents are replaced (the audit log keeps them). An empty code means "reviewed, nothing
    applies".

    \b
    Example:
      qualcode codings import study.qualcode sample_transcripts/codings.csv
    """
    from qualcode.project import open_project

    with open_project(project) as opened:
        result = opened.import_codings(csv_file)
    click.echo(
        f"Imported {result.written} codings for {result.pairs} coder/document pair(s)"
        + (f"; replaced {result.removed} earlier codings." if result.removed else ".")
    )


@codings.command("export")
@PROJECT
@OUTPUT
def codings_export(project: Path, out: Path | None) -> None:
    """Write all codings as CSV, in the form `codings import` reads.

    \b
    Example:
      qualcode codings export study.qualcode -o codings.csv
    """
    from qualcode.project import open_project

    with open_project(project) as opened, output(out) as handle:
        opened.export_codings(handle)


@cli.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("qualcode-demo"),
    show_default=True,
    help="Where to build the sample project.",
)
@click.option("--no-tui", is_flag=True, help="Print the sample project's summary only.")
def demo(directory: Path, no_tui: bool) -> None:
    """Build the sample project (12 fictional interviews, two coders) and open the coding UI.

    The project is rebuilt from the shipped sample transcripts, manifest and codings each time;
    you code as coder `demo`. With --no-tui the project's summary is printed instead.

    \b
    Example:
      qualcode demo --dir /tmp/qualcode-demo --no-tui
    """
    from qualcode.demo import build_demo, summary

    project = build_demo(directory)
    path = project.path
    if no_tui:
        click.echo(summary(project))
        project.close()
        return
    project.close()
    from qualcode.tui.app import QualcodeApp

    QualcodeApp(path, "demo").run()
    click.echo(f"The sample project is {path}; every change you made is saved there.")


@cli.command()
@PROJECT
@click.option("--coder", required=True, help="Your coder name (codings are kept per coder).")
@click.option("--document", help="Open this document straight away.")
@click.option("--no-keywords", is_flag=True, help="Do not highlight likely codes from keywords.")
def code(project: Path, coder: str, document: str | None, no_keywords: bool) -> None:
    """Open the coding UI.

    Keys: j/k or arrows move, a family key then a code key toggles a code (1 then l), c picks a
    code by name, space marks a segment reviewed, u/ctrl+r undo/redo, m memo, / search, ? help,
    ctrl+q quit. Every change is saved at once. On double-coded documents you see only your own
    codes.

    \b
    Example:
      qualcode code study.qualcode --coder ana
    """
    from qualcode.codings import CODER_NAME

    if not CODER_NAME.match(coder):
        raise QualcodeError(
            f"--coder {coder}: use letters, digits, _ . - (starting with a letter or digit)."
        )
    from qualcode.project import open_project

    with open_project(project) as opened:  # clear errors before the screen takes over
        if document is not None and document not in opened.store.document_names():
            raise QualcodeError(
                f"--document {document}: no such document in {project}. "
                f"`qualcode documents {project}` lists them."
            )
    from qualcode.tui.app import QualcodeApp

    QualcodeApp(project, coder, keywords=not no_keywords, document=document).run()


def main() -> None:
    cli(prog_name="qualcode")


# Commands defined in their own modules register themselves on `cli` when imported.
from qualcode import cli_agreement, cli_deid, cli_reconcile, cli_reports  # noqa: E402, F401

if __name__ == "__main__":
    main()
