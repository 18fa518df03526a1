"""Writing the agreement report as a terminal table, Markdown, CSV or JSON.

The JSON field names are a documented contract (README, "Agreement JSON"); NaN is written as
``null`` with an ``undefined_reason``.
"""

from __future__ import annotations

import json
import math
from typing import IO, Any

from qualcode.agreement.report import AgreementReport, Coefficients, PairReport
from qualcode.formats.csvfile import write_csv

STAT_FIELDS = (
    "n", "both", "only_a", "only_b", "neither", "prevalence", "prevalence_index", "bias_index",
    "observed_agreement", "positive_agreement", "negative_agreement", "kappa", "kappa_se",
    "kappa_ci_low", "kappa_ci_high", "pabak", "ac1", "alpha", "undefined_reason",
)  # fmt: skip


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def stats_dict(stats: Coefficients) -> dict[str, Any]:
    t = stats.table
    values: list[Any] = [
        t.n,
        t.both,
        t.only_a,
        t.only_b,
        t.neither,
        stats.prevalence,
        stats.prevalence_index,
        stats.bias_index,
        stats.observed,
        stats.positive_agreement,
        stats.negative_agreement,
        stats.kappa,
        stats.kappa_se,
        stats.kappa_low,
        stats.kappa_high,
        stats.pabak,
        stats.ac1,
        stats.alpha,
    ]
    record = {
        name: _number(value) if isinstance(value, float) else value
        for name, value in zip(STAT_FIELDS, values, strict=False)
    }
    record["undefined_reason"] = stats.undefined
    record["kappa_ci_informative"] = stats.interval_informative
    return record


def with_bootstrap(record: dict[str, Any], stats: Coefficients) -> dict[str, Any]:
    """The record with the bootstrap interval, placed after the large-sample one."""
    result: dict[str, Any] = {}
    for key, value in record.items():
        result[key] = value
        if key == "kappa_ci_high":
            result["kappa_boot_low"] = _number(stats.boot_low)
            result["kappa_boot_high"] = _number(stats.boot_high)
    return result


_stats_dict = stats_dict


def header_lines(report: AgreementReport, pair: PairReport) -> list[str]:
    scope = "all segments" if report.include_interviewer else "respondent segments only"
    return [
        f"Intercoder agreement: {pair.coder_a} vs {pair.coder_b}",
        f"Unit: {report.unit}; {scope}; {pair.n_units} units reviewed by both coders in "
        f"{len(pair.documents)} document(s): {', '.join(pair.documents) or 'none'}",
    ]


def to_json(report: AgreementReport, out: IO[str]) -> None:
    def stats_dict(stats: Coefficients) -> dict[str, Any]:
        record = _stats_dict(stats)
        return with_bootstrap(record, stats) if report.bootstrap else record

    document = {
        "unit": report.unit,
        "respondent_only": not report.include_interviewer,
        "coders": report.coders,
        "pairs": [
            {
                "coder_a": pair.coder_a,
                "coder_b": pair.coder_b,
                "documents": pair.documents,
                "n_units": pair.n_units,
                "pooled": stats_dict(pair.pooled.stats),
                "mean_kappa": {"value": _number(pair.mean_kappa), "codes": pair.mean_kappa_codes},
                "codes": [
                    {
                        "code": row.code,
                        "label": row.label,
                        "family": row.family,
                        **stats_dict(row.stats),
                        "flags": list(row.flags),
                    }
                    for row in pair.codes
                ],
                "families": [{"family": f.name, **stats_dict(f.stats)} for f in pair.families],
                "documents_agreement": [
                    {"document": d.name, **stats_dict(d.stats)} for d in pair.per_document
                ],
                "nominal": [
                    {
                        "family": n.family,
                        "n": n.n,
                        "kappa": _number(n.kappa),
                        "alpha": _number(n.alpha),
                        "undefined_reason": n.undefined,
                    }
                    for n in pair.nominal
                ],
                "disagreements": pair.disagreement_count,
            }
            for pair in report.pairs
        ],
        "bootstrap": None
        if report.bootstrap is None
        else {
            "resamples": report.bootstrap.resamples,
            "seed": report.bootstrap.seed,
            "level": report.bootstrap.level,
        },
        "multi_coder": None
        if not report.multi
        else {
            "coders": report.coders,
            "n_units": report.multi_units,
            "codes": [
                {
                    "code": m.code,
                    "n_units": m.n_units,
                    "percent_agreement": _number(m.percent_agreement),
                    "fleiss_kappa": _number(m.fleiss_kappa),
                    "alpha": _number(m.alpha),
                }
                for m in report.multi
            ],
        },
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


BOOT_FIELDS = ("kappa_boot_low", "kappa_boot_high")


def _csv_fields(bootstrap: bool) -> list[str]:
    fields = list(STAT_FIELDS[:-1])
    if bootstrap:
        at = fields.index("kappa_ci_high") + 1
        fields[at:at] = BOOT_FIELDS
    return fields


def _csv_row(
    pair: PairReport,
    scope: str,
    name: str,
    label: str,
    family: str,
    stats: Coefficients,
    flags: tuple[str, ...] = (),
    bootstrap: bool = False,
) -> list[object]:
    record = with_bootstrap(stats_dict(stats), stats)
    values = ["" if record[f] is None else record[f] for f in _csv_fields(bootstrap)]
    return [
        pair.coder_a,
        pair.coder_b,
        scope,
        name,
        label,
        family,
        *values,
        ";".join(flags),
        stats.undefined or "",
    ]


def to_csv(report: AgreementReport, out: IO[str]) -> None:
    boot = report.bootstrap is not None
    rows: list[list[object]] = []
    for pair in report.pairs:
        rows.append(_csv_row(pair, "pooled", "all codes", "", "", pair.pooled.stats, (), boot))
        rows += [
            _csv_row(pair, "family", f.name, "", f.name, f.stats, (), boot) for f in pair.families
        ]
        rows += [
            _csv_row(pair, "code", c.code, c.label, c.family, c.stats, c.flags, boot)
            for c in pair.codes
        ]
        rows += [
            _csv_row(pair, "document", d.name, "", "", d.stats, (), boot) for d in pair.per_document
        ]
    header = ("coder_a", "coder_b", "scope", "name", "label", "family", *_csv_fields(boot),
              "flags", "undefined_reason")  # fmt: skip
    write_csv(out, header, rows)


def _f(value: float, digits: int = 3) -> str:
    return "—" if math.isnan(value) else f"{value:.{digits}f}"


def _ci(stats: Coefficients) -> str:
    if math.isnan(stats.kappa):
        return "—"
    if not stats.interval_informative:
        return "not informative"
    return f"[{_f(stats.kappa_low)}, {_f(stats.kappa_high)}]"


def _boot(stats: Coefficients) -> str:
    if math.isnan(stats.boot_low):
        return "—"
    if stats.boot_high - stats.boot_low <= 1e-12:
        return f"{_f(stats.boot_low)} in every resample"
    return f"[{_f(stats.boot_low)}, {_f(stats.boot_high)}]"


def _rows(pair: PairReport, boot: bool) -> tuple[list[str], list[list[str]], list[str]]:
    header = [
        "code",
        "n",
        "both",
        "A only",
        "B only",
        "neither",
        "prev",
        "po",
        "kappa",
        "95% CI",
        *(["bootstrap CI"] if boot else []),
        "PABAK",
        "AC1",
        "alpha",
        "flags",
    ]
    used = [
        c for c in pair.codes if c.stats.table.both + c.stats.table.only_a + c.stats.table.only_b
    ]
    unused = [c.code for c in pair.codes if c not in used]
    rows = [
        [
            c.code,
            str(c.stats.table.n),
            str(c.stats.table.both),
            str(c.stats.table.only_a),
            str(c.stats.table.only_b),
            str(c.stats.table.neither),
            _f(c.stats.prevalence),
            _f(c.stats.observed),
            _f(c.stats.kappa),
            _ci(c.stats),
            *([_boot(c.stats)] if boot else []),
            _f(c.stats.pabak),
            _f(c.stats.ac1),
            _f(c.stats.alpha),
            ",".join(c.flags),
        ]
        for c in used
    ]
    return header, rows, unused


def _summary_lines(pair: PairReport, boot: bool) -> list[str]:
    pooled = pair.pooled.stats
    bootstrap = f", bootstrap {_boot(pooled)}" if boot else ""
    return [
        f"Pooled kappa (all codes, {pooled.table.n} unit × code cells): {_f(pooled.kappa)} "
        f"{_ci(pooled)}{bootstrap}",
        f"Mean of per-code kappas: {_f(pair.mean_kappa)} ({pair.mean_kappa_codes} codes with a "
        "defined kappa)",
    ]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _pooled_rows(items: list[Any], label: str) -> tuple[list[str], list[list[str]]]:
    header = [label, "cells", "both", "A only", "B only", "po", "kappa", "95% CI"]
    rows = [
        [
            i.name,
            str(i.stats.table.n),
            str(i.stats.table.both),
            str(i.stats.table.only_a),
            str(i.stats.table.only_b),
            _f(i.stats.observed),
            _f(i.stats.kappa),
            _ci(i.stats),
        ]
        for i in items
    ]
    return header, rows


def _legend(report: AgreementReport) -> str:
    legend = (
        "Flags: rare = applied to under 5% of units (kappa is depressed by low prevalence; read "
        "PABAK and AC1 too); small = under 30 units or under 5 coded units; no-interval = the "
        "large-sample 95% CI has zero width (kappa at 0 or 1 with this table), which says nothing "
        "about uncertainty: use `--ci bootstrap`."
    )
    if report.bootstrap:
        b = report.bootstrap
        legend += (
            f" Bootstrap CI: {b.level:.0%} percentile interval over {b.resamples} resamples of "
            f"the units (seed {b.seed})."
        )
    return legend


def to_text(report: AgreementReport, out: IO[str], markdown: bool = False) -> None:
    render = _markdown if markdown else _table
    boot = report.bootstrap is not None
    blocks: list[str] = []
    for pair in report.pairs:
        head = header_lines(report, pair)
        if markdown:
            head = [f"## {head[0]}", "", head[1]]
        blocks.append("\n".join(head))
        blocks.append(
            "\n".join(("- " + line if markdown else line) for line in _summary_lines(pair, boot))
        )
        header, rows, unused = _rows(pair, boot)
        blocks.append(render(header, rows) if rows else "No code was applied by either coder.")
        if unused:
            blocks.append(f"Kappa undefined (neither coder applied the code): {', '.join(unused)}")
        blocks.append(render(*_pooled_rows(pair.families, "family")))
        blocks.append(render(*_pooled_rows(pair.per_document, "document")))
        for nominal in pair.nominal:
            blocks.append(
                f"Exclusive family {nominal.family} (nominal, {nominal.n} units): kappa "
                f"{_f(nominal.kappa)}, alpha {_f(nominal.alpha)}"
                + (f" — undefined: {nominal.undefined}" if nominal.undefined else "")
            )
        blocks.append(f"Disagreements: {pair.disagreement_count} segment × code cells.")
    if report.multi:
        title = (
            f"All coders ({', '.join(report.coders)}): {report.multi_units} units reviewed by "
            "two or more"
        )
        blocks.append(f"## {title}" if markdown else title)
        rows = [
            [m.code, str(m.n_units), _f(m.percent_agreement), _f(m.fleiss_kappa), _f(m.alpha)]
            for m in report.multi
        ]
        blocks.append(render(["code", "units", "agreement", "Fleiss kappa", "alpha"], rows))
    blocks.append(_legend(report))
    out.write("\n\n".join(blocks) + "\n")
