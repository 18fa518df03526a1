"""Project commands: new, add, documents, segments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from qualcode.cli.options import (
    OUTPUT,
    PROJECT,
    UNIT,
    TerminalProgress,
    format_table,
    max_bytes,
    output,
)
from qualcode.errors import QualcodeError
from qualcode.model import name_problem


@click.command()
@PROJECT
@click.option(
    "--codebook",
    "codebook_path",
    type=click.Path(path_type=Path),
    help="The codebook to start with (YAML, or a REFI-QDA .qdc).",
)
@click.option(
    "--from",
    "qdpx",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Create the project from a REFI-QDA project (.qdpx) of NVivo, ATLAS.ti, MAXQDA, "
    "QualCoder or Taguette: codebook, text sources, codings, cases and notes.",
)
@UNIT
@click.option(
    "--no-deidentify",
    is_flag=True,
    help="With --from: the sources are already deidentified; import them as they are.",
)
@click.option(
    "--sources",
    "sources",
    type=click.Path(path_type=Path, file_okay=False),
    help="With --from: the folder holding sources the .qdpx refers to outside itself "
    "(relative:// and absolute:// paths); they are read from nowhere else.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="With --from: how to print the import report.",
)
def new(
    project: Path,
    codebook_path: Path | None,
    qdpx: Path | None,
    unit: str,
    no_deidentify: bool,
    sources: Path | None,
    fmt: str,
) -> None:
    """Create a project file with a codebook, or from another program's project (--from).

    With --from FILE.qdpx the codebook is made from the file's codes and written beside the
    project (study.qualcode -> study.codebook.yaml); text sources become documents (segmented
    and deidentified like `qualcode add`), selections become codings of the segments they
    touch, cases and variables become attributes, notes become memos. The report lists what
    came in and what was lost; on any error no project file is left behind.

    \b
    Example:
      qualcode new study.qualcode --codebook codebooks/labor_trafficking.yaml
      qualcode new study.qualcode --from nvivo_export.qdpx --unit turn
    """
    if qdpx is not None:
        if codebook_path is not None:
            raise QualcodeError(
                "Give either --codebook or --from: a project made --from a .qdpx takes its "
                "codebook from the file (revise it later with `qualcode codebook update`)."
            )
        from qualcode.cli.exchange import new_from_qdpx

        new_from_qdpx(
            project, qdpx, unit=unit, deidentify=not no_deidentify, sources=sources, fmt=fmt
        )
        return
    if sources is not None or no_deidentify or fmt != "text":
        raise QualcodeError(
            "--sources, --no-deidentify and --format go with --from FILE.qdpx; a project made "
            "with --codebook starts empty (import transcripts with `qualcode add`)."
        )
    if codebook_path is None:
        raise QualcodeError(
            "Name the codebook with --codebook FILE (or create the project from another "
            "program's project with --from FILE.qdpx)."
        )
    from qualcode.project import create_project

    with create_project(project, codebook_path) as created:
        codebook = created.codebook
        count = len(codebook.code_ids())
    click.echo(f"Created {project} with codebook '{codebook.name}' ({count} codes).")


@click.command()
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
@UNIT
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
@click.option(
    "--keep-file-names",
    is_flag=True,
    help="Name documents after their files even when a file name holds a name or another "
    "identifier (it then appears in every segment id, export and audit row). Without it such "
    "documents are named doc001, doc002, ...",
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
    keep_file_names: bool,
    encoding: str | None,
    max_size: float,
) -> None:
    """Import transcripts (.txt .md .docx .vtt .srt): segment, deidentify and store them.

    Names of people, places, organisations and sites, phone numbers, e-mail and street
    addresses, URLs, SSNs and case and ID numbers are replaced by placeholders such as
    [PERSON_1] before anything is stored, in the text and in attribute values (front matter,
    manifest, --attr); a document whose file name holds an identifier is named doc001, doc002,
    ... instead. Names on the project's allowlist (`qualcode allowlist`) are kept. All files
    are imported or, if any has a problem, none. FILES may be folders. With --manifest and no
    FILES, every file the manifest lists is imported.

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
        if unprintable := name_problem(key.strip()):
            raise QualcodeError(f"--attr {item!a}: the name {unprintable}.")
        attributes[key.strip().lower()] = value.strip()
    progress = TerminalProgress()
    with open_project(project) as opened:
        try:
            result = opened.add(
                list(files),
                actor="cli",
                manifest=manifest,
                attributes=attributes,
                unit=unit,
                deidentify=not no_deidentify,
                replace_org=not no_org,
                keep_file_names=keep_file_names,
                encoding=encoding,
                max_bytes=max_bytes(max_size),
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
        for source, name in result.renamed.items():
            click.echo(
                f"Renamed: {source} -> {name} (the file name holds an identifier; keep file names "
                "with --keep-file-names)."
            )
        changed = sorted(
            f"{name} ({', '.join(key for key in report.metadata if key != 'file name')})"
            for name, report in result.reports.items()
            if any(key != "file name" for key in report.metadata)
        )
        if changed:
            click.echo(f"Attribute values deidentified: {', '.join(changed)}.")
        review = sorted(name for name, report in result.reports.items() if report.review)
        if review:
            click.echo(
                f"Flagged for review: {', '.join(review)} (reasons: qualcode documents "
                f"{project} --format json)."
            )


@click.command()
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

    with open_project(project, light=True) as opened:
        rows = opened.documents()
        assigned = opened.assignments()
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


@click.command()
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
    from qualcode.formats.csvfile import write_csv
    from qualcode.model import segment_id
    from qualcode.project import open_project

    with open_project(project, light=True) as opened:
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
