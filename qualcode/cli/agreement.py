"""`qualcode assign` and `qualcode kappa`: double-coding assignment and agreement reports."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import (
    BOOTSTRAP,
    OUTPUT,
    PROJECT,
    bootstrap_option,
    coder_list,
    format_table,
    output,
)


@click.command()
@PROJECT
@click.option("--coders", required=True, metavar="A,B[,C]", help="Coders, comma-separated.")
@click.option(
    "--double",
    type=float,
    required=True,
    metavar="FRACTION",
    help="Share of documents (per stratum) that a second coder also codes, e.g. 0.1.",
)
@click.option(
    "--stratify",
    metavar="ATTR",
    help="Draw the double-coded sample within each value of this attribute (e.g. role).",
)
@click.option("--seed", type=int, help="Random seed; the same seed gives the same assignment.")
@click.option("--force", is_flag=True, help="Reassign documents that already have codings.")
def assign(
    project: Path, coders: str, double: float, stratify: str | None, seed: int | None, force: bool
) -> None:
    """Assign documents to coders, with a stratified double-coded sample.

    Every document gets a primary coder (balanced); a random FRACTION of each stratum (at least
    one document per stratum) also goes to a second coder. Without --seed a seed is drawn and
    printed so the assignment can be reproduced.

    \b
    Example:
      qualcode assign study.qualcode --coders ana,ben --double 0.1 --stratify role --seed 7
    """
    import secrets

    from qualcode.project import open_project

    names = coder_list(coders) or []
    chosen = seed if seed is not None else secrets.randbelow(1_000_000)
    with open_project(project) as opened:
        plan = opened.assign(
            names, double, actor="cli", stratify=stratify, seed=chosen, force=force
        )
    header = ["document", *([stratify] if stratify else []), "primary", "second"]
    rows = [
        [a.document, *([a.stratum] if stratify else []), a.primary, a.second or ""] for a in plan
    ]
    click.echo(format_table(header, rows))
    doubled = [a for a in plan if a.second]
    click.echo(
        f"\n{len(plan)} documents; {len(doubled)} double-coded ({len(doubled) / len(plan):.0%}); "
        f"seed {chosen}."
    )
    for coder in names:
        first = sum(1 for a in plan if a.primary == coder)
        second = sum(1 for a in plan if a.second == coder)
        click.echo(f"  {coder}: {first} primary, {second} second")


@click.command()
@PROJECT
@click.option(
    "--coders",
    metavar="A,B[,C]",
    help="Coders to compare (default: the coders of the double-coded documents).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "md"]),
    default="table",
    show_default=True,
)
@OUTPUT
@click.option(
    "--disagreements",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write every segment × code where the coders differ to this CSV.",
)
@click.option("--include-interviewer", is_flag=True, help="Count interviewer segments too.")
@click.option(
    "--consensus",
    "with_consensus",
    is_flag=True,
    help="Compare each coder with the reconciled consensus.",
)
@BOOTSTRAP
def kappa(
    project: Path,
    coders: str | None,
    fmt: str,
    out: Path | None,
    disagreements: Path | None,
    include_interviewer: bool,
    with_consensus: bool,
    ci: str,
    resamples: int,
    seed: int,
) -> None:
    """Intercoder agreement on the segments both coders reviewed.

    Per code: the 2×2 counts, prevalence, bias, observed/positive/negative agreement, Cohen's
    kappa with standard error and 95% CI, PABAK, Gwet's AC1 and Krippendorff's alpha; pooled and
    mean kappa, per family and per document; nominal kappa for exclusive families; Fleiss' kappa
    and alpha for three or more coders. A large-sample CI of zero width (kappa at 0 or 1) is
    flagged "no-interval"; --ci bootstrap adds a seeded percentile bootstrap over units.

    \b
    Example:
      qualcode kappa study.qualcode --coders ana,ben --disagreements agenda.csv
      qualcode kappa study.qualcode --format json -o agreement.json
      qualcode kappa study.qualcode --ci bootstrap --resamples 2000 --seed 7
    """
    from qualcode.agreement.render import to_csv, to_json, to_text
    from qualcode.project import open_project

    bootstrap = bootstrap_option(ci, resamples, seed)
    with open_project(project, light=True) as opened:
        report = opened.agreement(
            coder_list(coders),
            include_interviewer=include_interviewer,
            with_consensus=with_consensus,
            bootstrap=bootstrap,
        )
        with output(out) as handle:
            if fmt == "json":
                to_json(report, handle)
            elif fmt == "csv":
                to_csv(report, handle)
            else:
                to_text(report, handle, markdown=fmt == "md")
        if disagreements is not None:
            with output(disagreements) as handle:
                count = opened.write_disagreements(report, handle)
            click.echo(f"Wrote {count} disagreements to {disagreements}.", err=True)
