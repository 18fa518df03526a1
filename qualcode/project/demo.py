"""The sample project: fictional transcripts, manifest and codings shipped with qualcode."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from qualcode.agreement.assign import Assignment
from qualcode.errors import QualcodeError
from qualcode.project.base import Project, create_project, open_project

DEMO_NAME = "demo.qualcode"


def data_dir(name: str) -> Path:
    """A shipped data folder: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_data" / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise QualcodeError(f"The shipped '{name}' folder is missing; reinstall qualcode.")


def build_demo(directory: Path, *, fresh: bool = False) -> tuple[Project, bool]:
    """``DIRECTORY/demo.qualcode``, open: the one already there (with whatever was coded in it)
    or, when there is none or ``fresh`` is asked for, one built from the sample data. Returns the
    project and whether it was built now."""
    path = directory / DEMO_NAME
    if path.is_file() and not fresh:
        return open_project(path), False
    directory.mkdir(parents=True, exist_ok=True)
    # Built beside its place and moved there when complete: an interrupted build leaves the
    # earlier project (or nothing), never half a project.
    building = directory / f".{DEMO_NAME}.building"
    _remove(building)
    project = create_project(building, data_dir("codebooks") / "labor_trafficking.yaml")
    try:
        _fill(project)
    finally:
        project.close()
    _remove(path)
    os.replace(building, path)
    return open_project(path), True


def _fill(project: Project) -> None:
    samples = data_dir("sample_transcripts")
    # The sample transcripts were written already deidentified (bracketed placeholders).
    project.add([], actor="demo", manifest=samples / "manifest.csv", deidentify=False)
    project.import_codings(samples / "codings.csv", actor="demo")
    # Assignments as the sample was coded: one primary coder per document, a second on three.
    worked = project.documents_with_work()
    plan = [
        Assignment(document, coders[0], coders[1] if len(coders) > 1 else None)
        for document, coders in ((d, sorted(c)) for d, c in sorted(worked.items()))
    ]
    project.set_assignments(plan, "sample coding", actor="demo")


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def summary(project: Project) -> str:
    """Documents by role, segments and codings per coder, as printed by `qualcode demo`."""
    documents = project.documents()
    roles = Counter(document.attributes.get("role", "(none)") for document in documents)
    segments = sum(document.segment_count for document in documents)
    respondent = sum(document.respondent_segments for document in documents)
    words = sum(document.word_count for document in documents)
    double = [d.name for d in documents if len(d.reviewed_by) >= 2]
    lines = [
        f"Sample project: {project.path}",
        f"Codebook: {project.codebook.name} ({len(project.codebook.code_ids())} codes)",
        f"Documents: {len(documents)} ({words} words)",
    ]
    lines += [f"  {role:<18} {count}" for role, count in sorted(roles.items())]
    lines.append(f"Segments: {segments} ({respondent} respondent, unit: turn)")
    lines.append("Codings per coder:")
    lines += [f"  {coder:<18} {count}" for coder, count in project.coding_counts().items()]
    lines.append(f"Double-coded documents: {', '.join(double) or 'none'}")
    if len(double):
        pair = project.agreement().pairs[0]
        pooled = pair.pooled.stats
        lines.append(
            f"Agreement ({pair.coder_a} vs {pair.coder_b}, {pair.n_units} respondent segments): "
            f"pooled kappa {pooled.kappa:.3f} [{pooled.kappa_low:.3f}, {pooled.kappa_high:.3f}], "
            f"mean kappa {pair.mean_kappa:.3f} over {pair.mean_kappa_codes} codes"
        )
    lines.append("")
    lines.append("Try next:")
    lines.append(f"  qualcode documents {project.path}")
    lines.append(f"  qualcode segments {project.path} --document int01")
    lines.append(f"  qualcode kappa {project.path} --disagreements agenda.csv")
    lines.append(f"  qualcode codings export {project.path}")
    return "\n".join(lines)
