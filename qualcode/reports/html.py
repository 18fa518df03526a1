"""One self-contained HTML report for the principal investigator (SPEC §4 `report`).

Charts are drawn with matplotlib and embedded as inline SVG, styles are inline, and nothing is
loaded from the network, so the file opens offline and can be e-mailed as it is.
"""

from __future__ import annotations

import html
import io
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from qualcode.agreement.report import PairReport
from qualcode.reports.frequencies import TOTAL, FrequencyTable
from qualcode.reports.quotes import Quote

QUOTES_PER_CODE = 3

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733;
       max-width: 1100px; margin: 2em auto; padding: 0 1.2em; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { margin-top: 2em; border-bottom: 2px solid #dde3ea; }
h3 { margin: 1.4em 0 .4em; }
.meta { color: #5a6877; }
table { border-collapse: collapse; margin: .6em 0 1.2em; font-size: .9em; }
th, td { border-bottom: 1px solid #e3e8ee; padding: .25em .6em; text-align: right;
         white-space: nowrap; }
td:first-child { white-space: normal; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f6f9; position: sticky; top: 0; }
td.family { color: #5a6877; text-align: left; }
.note { background: #f6f8fa; border-left: 4px solid #9aa9b9; padding: .6em 1em; }
blockquote { margin: .4em 0 .9em; padding: .4em 1em; border-left: 4px solid #4f7cac;
             background: #f7f9fc; }
blockquote footer { color: #5a6877; font-size: .85em; margin-top: .3em; }
figure { margin: 1em 0; } svg { max-width: 100%; height: auto; }
"""


@dataclass(frozen=True)
class ReportInputs:
    project: str
    codebook: str
    frequencies: FrequencyTable
    agreement: list[PairReport]
    agreement_unavailable: str | None
    quotes: list[Quote]
    code_labels: dict[str, str]
    family_labels: dict[str, str]


def render(inputs: ReportInputs) -> str:
    freq = inputs.frequencies
    groups = [g for g in freq.groups if g != TOTAL]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>qualcode report — {_e(inputs.project)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Findings: {_e(inputs.project)}</h1>",
        f'<p class="meta">Codebook: {_e(inputs.codebook)}. Codings: {_e(freq.source)}. '
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by qualcode.</p>",
        "<h2>Code frequencies by role</h2>",
        "<p>Each cell gives the mentions (segments coded) and, in brackets, the share of the "
        "code family's mentions in that group. The heat map shows the percent of interviews in "
        "each group that mention the code; a parent code counts its children's segments.</p>",
        _frequency_table(freq, groups, inputs.family_labels),
        "<figure>",
        _heat_map(freq, groups),
        "<figcaption>Percent of interviews mentioning each code, by role.</figcaption></figure>",
        "<h2>Intercoder agreement</h2>",
        _agreement(inputs),
        "<h2>Quotes</h2>",
        f"<p>Up to {QUOTES_PER_CODE} quotes per code, from different groups where possible. "
        "`qualcode quotes` lists all of them.</p>",
        _quotes(inputs.quotes, inputs.code_labels),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _e(text: object) -> str:
    return html.escape(str(text))


def _frequency_table(freq: FrequencyTable, groups: list[str], families: dict[str, str]) -> str:
    cells: dict[tuple[str, str], tuple[int, float, int]] = {}
    order: list[tuple[str, str, str]] = []
    for row in freq.rows:
        cells[(row.code, row.group)] = (row.mentions, row.pct_of_family, row.documents_in_group)
        if row.group == TOTAL:
            order.append((row.family, row.code, row.label))
    columns = [*groups, TOTAL]
    head = "".join(
        f"<th>{_e(g)}<br><small>N = {cells[(order[0][1], g)][2] if order else 0}</small></th>"
        for g in columns
    )
    lines = [f"<table><thead><tr><th>code</th>{head}</tr></thead><tbody>"]
    family = None
    for family_id, code, label in order:
        if family_id != family:
            family = family_id
            lines.append(
                f'<tr><td class="family" colspan="{len(columns) + 1}"><b>'
                f"{_e(families.get(family_id, family_id))}</b></td></tr>"
            )
        indent = "&nbsp;&nbsp;" * (code.count(".") - 1)
        values = []
        for group in columns:
            mentions, share, _ = cells[(code, group)]
            share_text = "" if math.isnan(share) else f" ({share:.1f}%)"
            values.append(f"<td>{mentions}{share_text}</td>")
        lines.append(f'<tr><td title="{_e(code)}">{indent}{_e(label)}</td>{"".join(values)}</tr>')
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _svg(figure: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "qualcode", "font.size": 9})
    import matplotlib.pyplot as plt

    return plt


def _heat_map(freq: FrequencyTable, groups: list[str]) -> str:
    plt = _pyplot()
    codes: list[str] = []
    values: dict[tuple[str, str], float] = {}
    for row in freq.rows:
        if row.group == TOTAL:
            codes.append(row.code)
        values[(row.code, row.group)] = row.pct_documents
    if not codes or not groups:
        return '<p class="note">No codings to chart.</p>'
    matrix = [
        [0.0 if math.isnan(values[(c, g)]) else values[(c, g)] for g in groups] for c in codes
    ]
    figure, axes = plt.subplots(figsize=(2.2 + 1.3 * len(groups), 0.9 + 0.24 * len(codes)))
    image = axes.imshow(matrix, aspect="auto", cmap="Blues", vmin=0, vmax=100)
    axes.set_xticks(range(len(groups)), labels=groups, rotation=30, ha="right")
    axes.set_yticks(range(len(codes)), labels=codes)
    for i, cells in enumerate(matrix):
        for j, value in enumerate(cells):
            axes.text(
                j,
                i,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > 60 else "#1d2733",
            )
    figure.colorbar(image, ax=axes, label="% of interviews", shrink=0.5)
    return _svg(figure)


def _agreement(inputs: ReportInputs) -> str:
    if inputs.agreement_unavailable:
        return f'<p class="note">Agreement is not available: {_e(inputs.agreement_unavailable)}</p>'
    blocks = []
    for pair in inputs.agreement:
        pooled = pair.pooled.stats
        blocks.append(f"<h3>{_e(pair.coder_a)} and {_e(pair.coder_b)}</h3>")
        blocks.append(
            f"<p>{pair.n_units} segments double-coded in {len(pair.documents)} documents "
            f"({_e(', '.join(pair.documents))}). Pooled kappa over all codes "
            f"<b>{_fmt(pooled.kappa)}</b> (95% CI {_fmt(pooled.kappa_low)} to "
            f"{_fmt(pooled.kappa_high)}); mean of per-code kappas {_fmt(pair.mean_kappa)} over "
            f"{pair.mean_kappa_codes} codes; {pair.disagreement_count} disagreements to "
            "reconcile.</p>"
        )
        blocks.append(
            f"<figure>{_kappa_chart(pair)}<figcaption>Cohen's kappa per code with its "
            "95% interval; codes neither coder applied are left out.</figcaption></figure>"
        )
    return "\n".join(blocks)


def _fmt(value: float) -> str:
    return "undefined" if math.isnan(value) else f"{value:.2f}"


def _kappa_chart(pair: PairReport) -> str:
    plt = _pyplot()
    rows = [c for c in pair.codes if not math.isnan(c.stats.kappa)]
    if not rows:
        return '<p class="note">No code has a defined kappa.</p>'
    figure, axes = plt.subplots(figsize=(7.5, 0.9 + 0.22 * len(rows)))
    ys = list(range(len(rows)))[::-1]
    for y, row in zip(ys, rows, strict=True):
        stats = row.stats
        color = "#b5542e" if "rare" in row.flags else "#2f5f8f"
        axes.plot([stats.kappa_low, stats.kappa_high], [y, y], color=color, linewidth=1.4)
        axes.plot([stats.kappa], [y], "o", color=color, markersize=4)
    axes.set_yticks(ys, labels=[row.code for row in rows])
    axes.axvline(0, color="#999999", linewidth=0.8)
    axes.axvline(0.6, color="#cccccc", linewidth=0.8, linestyle="--")
    axes.set_xlim(-1.05, 1.05)
    axes.set_xlabel("Cohen's kappa (orange: rare code, read PABAK and AC1)")
    return _svg(figure)


def choose_quotes(
    quotes: Sequence[Quote], per_code: int = QUOTES_PER_CODE
) -> dict[str, list[Quote]]:
    """Up to ``per_code`` quotes per code, one per group first, preferring 15-150 words."""
    by_code: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_code[quote.code].append(quote)
    chosen: dict[str, list[Quote]] = {}
    for code, candidates in by_code.items():

        def score(quote: Quote) -> tuple[int, int]:
            words = len(quote.text.split())
            return (0 if 15 <= words <= 150 else 1, abs(words - 60))

        ranked = sorted(candidates, key=score)
        picked: list[Quote] = []
        for quote in ranked:
            if len(picked) < per_code and quote.group not in {p.group for p in picked}:
                picked.append(quote)
        for quote in ranked:
            if len(picked) < per_code and quote not in picked:
                picked.append(quote)
        chosen[code] = picked
    return chosen


def _quotes(quotes: Sequence[Quote], labels: dict[str, str]) -> str:
    chosen = choose_quotes(quotes)
    if not chosen:
        return '<p class="note">No coded segments yet.</p>'
    blocks = []
    for code, picked in chosen.items():
        blocks.append(f"<h3>{_e(labels.get(code, code))} <small>({_e(code)})</small></h3>")
        for quote in picked:
            who = quote.participant_id or quote.document
            blocks.append(
                f"<blockquote>{_e(quote.text)}<footer>{_e(who)}, {_e(quote.group)} — "
                f"{_e(quote.segment_id)}</footer></blockquote>"
            )
    return "\n".join(blocks)
