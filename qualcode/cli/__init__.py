"""The ``qualcode`` command line: each command is a few lines over :mod:`qualcode.project`.

One module per command group; each defines plain click commands and this module registers them
on :func:`cli` (nothing registers itself by being imported). Shared options live in
:mod:`qualcode.cli.options`. Heavy libraries (spaCy, pandas, scikit-learn, Textual) are imported
inside the commands that need them, so ``qualcode --help`` and quick commands answer at once.
"""

from __future__ import annotations

import click

from qualcode.cli import (
    agreement,
    codebook,
    coding,
    codings,
    deid,
    exchange,
    exports,
    project,
    reconcile,
    reports,
    suggest,
    team,
)
from qualcode.cli.options import QualcodeGroup


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


for command in (
    project.new,
    project.add,
    deid.scan,
    deid.allowlist,
    project.documents,
    project.segments,
    codebook.codebook,
    codings.codings,
    agreement.assign,
    coding.code,
    agreement.kappa,
    reconcile.reconcile,
    reports.freq,
    reports.quotes,
    reports.report,
    exports.matrix,
    exports.cooccur,
    exports.memos,
    exports.export,
    suggest.suggest,
    coding.demo,
    team.copy,
    team.merge,
    team.team,
):
    cli.add_command(command)
codebook.codebook.add_command(exports.codebook_export)

codebook.codebook.add_command(exchange.codebook_convert)


def main() -> None:
    cli(prog_name="qualcode")


if __name__ == "__main__":
    main()
