"""One self-contained HTML report for the principal investigator and funders (SPEC §4 `report`).

Charts are inline SVG written by ``qualcode.reports.charts``, styles are inline, and nothing is
loaded from the network, so the file opens offline and can be e-mailed as it is. A person reads
code labels; code ids appear only in ``title`` tooltips.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from qualcode.agreement.report import (
    RARE_PREVALENCE,
    SMALL_POSITIVES,
    SMALL_UNITS,
    AgreementReport,
    Coefficients,
    PairReport,
)
from qualcode.reports.charts import cooccurrence_map, depth, heat_map, human, kappa_chart
from qualcode.reports.cooccurrence import Cooccurrence
from qualcode.reports.frequencies import TOTAL, FrequencyTable
from qualcode.reports.quotes import Quote

QUOTES_PER_CODE = 3

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733;
       max-width: 1200px; margin: 2em auto; padding: 0 1.2em; }
section > p, header > p { max-width: 52em; }
h1 { font-size: 1.7em; margin-bottom: .2em; line-height: 1.2; }
h2 { margin-top: 2em; border-bottom: 2px solid #dde3ea; }
h3 { margin: 1.4em 0 .4em; }
.meta { color: #5a6877; }
nav ul { padding-left: 1.2em; margin: .3em 0; }
code { font: .88em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
       background: #eef1f5; padding: 0 .25em; border-radius: 3px; white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; margin: .6em 0 1.2em; }
table { border-collapse: collapse; font-size: .9em; }
th, td { border-bottom: 1px solid #e3e8ee; padding: .25em .6em; text-align: right;
         white-space: nowrap; vertical-align: top; }
th { background: #f3f6f9; font-weight: 600; white-space: normal; }
th small { white-space: nowrap; }
table.frequencies th, table.frequencies td { padding: .25em .5em; }
td:first-child { white-space: normal; min-width: 14em; }
th:first-child, td:first-child { text-align: left; }
.scroll td:first-child { position: sticky; left: 0; background: #fff; }
.scroll th:first-child { position: sticky; left: 0; }
th.block { text-align: center; white-space: normal; border-bottom: 2px solid #c9d3de; }
.sep { border-left: 2px solid #c9d3de; }
td.family { color: #5a6877; text-align: left; background: #fafbfc; }
td.undefined { text-align: left; white-space: normal; color: #5a6877; font-style: italic; }
td.ni { color: #5a6877; font-style: italic; }
table.agreement td:last-child, table.agreement th:last-child { text-align: left; }
.summary { font-size: 1.05em; }
.note { background: #f6f8fa; border-left: 4px solid #9aa9b9; padding: .6em 1em; }
dl.key { font-size: .92em; margin: .4em 0 1.4em; }
dl.key dt { font-weight: 600; float: left; clear: left; margin-right: .5em; }
dl.key dd { margin: 0 0 .35em 0; }
blockquote { margin: .4em 0 .9em; padding: .4em 1em; border-left: 4px solid #4f7cac;
             background: #f7f9fc; }
blockquote footer { color: #5a6877; font-size: .85em; margin-top: .3em; }
figure { margin: 1em 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #3c4a58; font-size: .92em; margin-top: .4em; }
@media (max-width: 640px) {
  body { font-size: 14px; margin: 1em auto; padding: 0 .7em; }
  h1 { font-size: 1.4em; }
  td:first-child { min-width: 10em; }
  figure svg.wide { max-width: none; }

}
"""


@dataclass(frozen=True)
class Methods:
    """What the methods paragraph states, as plain data."""

    units: list[str]  # segmentation units of the documents: turn, sentence, paragraph
    respondent_only: bool
    coders: dict[str, int]  # coder -> documents they reviewed
    documents: int  # documents in the project
    reconciled: list[str] = field(default_factory=list)  # fully reconciled documents
    coder: str | None = None  # --coder
    consensus: bool = False  # --consensus


@dataclass(frozen=True)
class ReportInputs:
    title: str
    project: str  # the project file's name
    codebook_name: str
    codebook_version: str
    frequencies: FrequencyTable
    agreement: AgreementReport | None
    agreement_unavailable: str | None
    quotes: list[Quote]
    code_labels: dict[str, str]
    family_labels: dict[str, str]
    methods: Methods
    cooccurrence: Cooccurrence | None = None  # segment level, all groups


def default_title(codebook_name: str) -> str:
    return f"Findings: {codebook_name}"


def render(inputs: ReportInputs) -> str:
    freq = inputs.frequencies
    groups = [g for g in freq.groups if g != TOTAL]
    by = " and ".join(human(b) for b in freq.by)
    labels = inputs.code_labels
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(inputs.title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header>",
        f"<h1>{_e(inputs.title)}</h1>",
        f'<p class="meta">Codebook: <b>{_e(inputs.codebook_name)}</b>, version '
        f"{_e(inputs.codebook_version or '-')}. Project file: {_e(inputs.project)}. "
        f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by qualcode.</p>",
        "</header>",
        '<nav><ul><li><a href="#methods">Methods</a></li>'
        '<li><a href="#frequencies">Code frequencies</a></li>'
        '<li><a href="#cooccurrence">Co-occurrence</a></li>'
        '<li><a href="#agreement">Intercoder agreement</a></li>'
        '<li><a href="#quotes">Quotes</a></li></ul></nav>',
        '<section id="methods"><h2>Methods</h2>',
        _methods(inputs),
        "</section>",
        f'<section id="frequencies"><h2>Code frequencies by {_e(by)}</h2>',
        "<p>Two figures per code and group. <b>Segments coded</b>: the number of segments "
        "(mentions) coded with the code, and in brackets their share of all mentions of the "
        "code's family in that group. <b>% of interviews</b>: the share of the group's "
        "interviews with at least one mention. N is the number of coded interviews in the "
        "group; a parent code counts its sub-codes' segments.</p>",
        _frequency_table(freq, groups, inputs.family_labels),
        '<figure id="heat-map">',
        heat_map(freq, groups, labels, inputs.family_labels),
        "<figcaption>Heat map: for each code and group, the % of interviews in this group "
        "mentioning the code (the number in each cell; darker means more of the group's "
        "interviews), the same figures as the table's right-hand columns. Each code family "
        "has a heading; chart labels are shortened, the table gives them in full. Point at a "
        "cell for its code, group and figure."
        "</figcaption></figure>",
        "</section>",
        '<section id="cooccurrence"><h2>Code co-occurrence</h2>',
        _cooccurrence(inputs),
        "</section>",
        '<section id="agreement"><h2>Intercoder agreement</h2>',
        _agreement(inputs),
        "</section>",
        '<section id="quotes"><h2>Quotes</h2>',
        f"<p>Up to {QUOTES_PER_CODE} quotes per code, from different groups where possible. "
        f"{_text('`qualcode quotes` lists all of them.')}</p>",
        _quotes(inputs.quotes, labels),
        "</section>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _e(text: object) -> str:
    """Escaped text; a backtick in data is written as a character reference, never literally."""
    return html.escape(str(text)).replace("`", "&#96;")


def _text(text: str) -> str:
    """Escaped text whose `backticked` parts (commands in messages) become <code> elements."""
    pieces = str(text).split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: nothing to pair it with
        pieces = [*pieces[:-2], pieces[-2] + "`" + pieces[-1]]
    return "".join(
        f"<code>{_e(piece)}</code>" if i % 2 else _e(piece) for i, piece in enumerate(pieces)
    )


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return "none"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# --- methods -----------------------------------------------------------------------------------

UNIT_WORDS = {
    "turn": "one speaker turn",
    "sentence": "one sentence of a speaker turn",
    "paragraph": "one paragraph of a speaker turn",
}


def _methods(inputs: ReportInputs) -> str:
    m = inputs.methods
    units = m.units or ["turn"]
    unit = " or ".join(UNIT_WORDS.get(u, u) for u in units)
    paragraphs = [
        f"<b>Unit of analysis.</b> The unit is the segment ({_e(unit)} of a transcript; "
        f"segmentation: {_e(', '.join(units))}). Codes are applied to segments, the frequencies "
        "count segments and interviews, and agreement compares the coders segment by segment. "
        + (
            "Only the respondents' segments are counted: the interviewer's segments are left "
            "out (<code>--include-interviewer</code> would count them)."
            if m.respondent_only
            else "The interviewer's segments are counted as well as the respondents' "
            "(<code>--include-interviewer</code>)."
        )
    ]
    coders = _and([f"{_e(name)} ({_n(n, 'interview')})" for name, n in sorted(m.coders.items())])
    paragraphs.append(
        f"<b>Coders and sample.</b> The project holds {_n(m.documents, 'interview')}. "
        f"{'Coders' if len(m.coders) != 1 else 'Coder'}: {coders}, against the codebook "
        f"<i>{_e(inputs.codebook_name)}</i> (version {_e(inputs.codebook_version or '-')}). "
        f"The frequencies count {_n(_total_coded(inputs.frequencies), 'coded interview')}. "
        + _sample(inputs)
    )
    paragraphs.append(
        "<b>Whose codings are counted.</b> Frequencies and quotes count one set of codings per "
        f"interview. Source: {_text(inputs.frequencies.source)}."
    )
    paragraphs.append(f"<b>Disagreements.</b> {_resolution(inputs)}")
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def _total_coded(freq: FrequencyTable) -> int:
    return next((row.documents_in_group for row in freq.rows if row.group == TOTAL), 0)


def _sample(inputs: ReportInputs) -> str:
    report = inputs.agreement
    if report is None or not report.pairs:
        reason = _text(inputs.agreement_unavailable or "no interview was coded by two coders")
        return f"Agreement was not measured: {reason}"
    sentences = []
    for pair in report.pairs:
        sentences.append(
            f"{_e(pair.coder_a)} and {_e(pair.coder_b)} both coded "
            f"{_n(len(pair.documents), 'interview')} independently "
            f"({_e(_and(pair.documents))}); the {_n(pair.n_units, 'segment')} both of them "
            "reviewed are the sample for the agreement statistics."
        )
    return " ".join(sentences)


def _double_coded(inputs: ReportInputs) -> list[str]:
    report = inputs.agreement
    if report is None:
        return []
    return sorted({document for pair in report.pairs for document in pair.documents})


def _resolution(inputs: ReportInputs) -> str:
    m = inputs.methods
    double = _double_coded(inputs)
    if m.coder is not None:
        return (
            f"These figures use {_e(m.coder)}'s codings only (<code>--coder {_e(m.coder)}</code>),"
            " so disagreements between coders are not resolved in them."
        )
    if m.consensus:
        return (
            f"Only the {len(m.reconciled)} reconciled interviews are counted "
            f"({_e(_and(m.reconciled))}), with their consensus codings: the coders' "
            "disagreements there were resolved in reconciliation (<code>--consensus</code>)."
        )
    if not double and not m.reconciled:
        return (
            "No interview was coded by two coders, so there were no disagreements to resolve: "
            "each interview counts its coder's codings."
        )
    reconciled = list(m.reconciled)
    open_ = [d for d in double if d not in set(reconciled)]
    sentences = []
    if reconciled:
        sentences.append(
            f"Disagreements were resolved by reconciliation for {_e(_and(reconciled))}: the "
            "consensus codings of these interviews are counted."
        )
    if open_:
        one = len(open_) == 1
        subject = f"The {'other ' if reconciled else ''}double-coded interview{'' if one else 's'}"
        sentences.append(
            f"{subject} ({_e(_and(open_))}) {'is' if one else 'are'} not reconciled yet: there "
            "the primary coder's codings are counted (see the source above), and the second "
            "coder's codings serve only the agreement statistics; "
            "<code>qualcode reconcile</code> resolves the disagreements."
        )
    return " ".join(sentences)


# --- frequencies -------------------------------------------------------------------------------


def _frequency_table(freq: FrequencyTable, groups: list[str], families: dict[str, str]) -> str:
    cells: dict[tuple[str, str], tuple[int, float, float]] = {}
    sizes: dict[str, int] = {}
    order: list[tuple[str, str, str]] = []
    for row in freq.rows:
        cells[(row.code, row.group)] = (row.mentions, row.pct_of_family, row.pct_documents)
        sizes[row.group] = row.documents_in_group
        if row.group == TOTAL:
            order.append((row.family, row.code, row.label))
    columns = [*groups, TOTAL]

    def heads(separate: bool) -> str:
        sep = ' class="sep"' if separate else ""
        return "".join(
            f'<th{sep if i == 0 else ""} title="{_e(g)}">{_e(human(g))}<br>'
            f"<small>N = {sizes.get(g, 0)}</small></th>"
            for i, g in enumerate(columns)
        )

    lines = [
        '<div class="scroll"><table class="frequencies"><thead>',
        f'<tr><th rowspan="2">Code</th><th class="block" colspan="{len(columns)}">Segments '
        "coded (in brackets: % of the family's mentions in this group)</th>"
        f'<th class="block sep" colspan="{len(columns)}">% of interviews in this group '
        "mentioning the code</th></tr>",
        f"<tr>{heads(False)}{heads(True)}</tr>",
        "</thead><tbody>",
    ]
    family = None
    for family_id, code, label in order:
        if family_id != family:
            family = family_id
            lines.append(
                f'<tr><td class="family" colspan="{2 * len(columns) + 1}"><b>'
                f"{_e(families.get(family_id, family_id))}</b></td></tr>"
            )
        indent = "&nbsp;&nbsp;" * depth(code)
        values = []
        for group in columns:
            mentions, share, _ = cells[(code, group)]
            share_text = "" if math.isnan(share) else f" ({share:.1f}%)"
            values.append(f"<td>{mentions}{share_text}</td>")
        for i, group in enumerate(columns):
            pct = cells[(code, group)][2]
            sep = ' class="sep"' if i == 0 else ""
            values.append(f"<td{sep}>{'–' if math.isnan(pct) else f'{pct:.0f}%'}</td>")
        lines.append(f'<tr><td title="{_e(code)}">{indent}{_e(label)}</td>{"".join(values)}</tr>')
    lines.append("</tbody></table></div>")
    return "\n".join(lines)


# --- agreement ---------------------------------------------------------------------------------


def _agreement(inputs: ReportInputs) -> str:
    report = inputs.agreement
    if inputs.agreement_unavailable or report is None:
        reason = _text(inputs.agreement_unavailable or "no coder pair to compare.")
        return f'<p class="note">Agreement is not available: {reason}</p>'
    boot = report.bootstrap is not None
    blocks = [
        "<p>Agreement is measured on the interviews that two coders coded independently: for "
        "every code and every segment both coders reviewed, did both apply the code, only one, "
        "or neither? Cohen's kappa is the agreement beyond what chance would give (1: perfect, "
        "0: no better than chance).</p>"
    ]
    for index, pair in enumerate(report.pairs):
        blocks.append(_pair(pair, index, inputs.code_labels, inputs.family_labels, boot))
    blocks.append(_key(report))
    return "\n".join(blocks)


def _fmt(value: float) -> str:
    return "undefined" if math.isnan(value) else f"{value:.2f}"


def _interval(stats: Coefficients) -> str:
    if math.isnan(stats.kappa):
        return "—"
    if not stats.interval_informative:
        return "not informative"
    return f"{_fmt(stats.kappa_low)} to {_fmt(stats.kappa_high)}"


def _boot_interval(stats: Coefficients) -> str:
    if math.isnan(stats.boot_low) or math.isnan(stats.boot_high):
        return "—" if math.isnan(stats.kappa) else "undefined"
    if stats.boot_high - stats.boot_low <= 1e-12:
        return f"{_fmt(stats.boot_low)} in every resample"
    return f"{_fmt(stats.boot_low)} to {_fmt(stats.boot_high)}"


def _pair(
    pair: PairReport,
    index: int,
    labels: dict[str, str],
    families: dict[str, str],
    boot: bool,
) -> str:
    a, b = _e(pair.coder_a), _e(pair.coder_b)
    pooled = pair.pooled.stats
    boot_text = f"; bootstrap interval {_boot_interval(pooled)}" if boot else ""
    undefined = [c for c in pair.codes if math.isnan(c.stats.kappa)]
    blocks = [
        f"<h3>{a} and {b}</h3>",
        f'<p class="summary">Pooled kappa over all codes: <b>{_fmt(pooled.kappa)}</b> (95% CI '
        f"{_interval(pooled)}{boot_text}), from {pooled.table.n} segment × code cells. Mean of "
        f"the per-code kappas: <b>{_fmt(pair.mean_kappa)}</b> over {pair.mean_kappa_codes} "
        "codes with a defined kappa.</p>",
        f"<p>{pair.n_units} segments reviewed by both coders in {len(pair.documents)} "
        f"interviews ({_e(_and(pair.documents))}); {pair.disagreement_count} segment × code "
        "disagreements.</p>",
    ]
    if undefined:
        listed = "; ".join(
            f'<span title="{_e(c.code)}">{_e(labels.get(c.code, c.label))}</span> '
            f"({_e(c.stats.undefined or 'undefined')})"
            for c in undefined
        )
        not_drawn = f" Not drawn, because their kappa is undefined: {listed}."
    else:
        not_drawn = ""
    blocks.append(
        f'<figure id="kappa-chart-{index + 1}">{kappa_chart(pair, index, labels, boot)}'
        f"<figcaption>Forest plot: Cohen's kappa per code (dot) with its 95% interval (line) for "
        f"{a} and {b}, codes in codebook order. Orange marks rare codes, a hollow dot a code "
        f"whose interval is not informative.{not_drawn}</figcaption></figure>"
    )
    blocks.append(_agreement_table(pair, labels, families, boot))
    return "\n".join(blocks)


def _agreement_table(
    pair: PairReport, labels: dict[str, str], families: dict[str, str], boot: bool
) -> str:
    a, b = _e(pair.coder_a), _e(pair.coder_b)
    heads = [
        ("Code", ""),
        ("n units", "segments both coders reviewed"),
        ("Both", f"segments {a} and {b} both coded with the code"),
        (f"Only {a}", f"segments only {a} coded with the code"),
        (f"Only {b}", f"segments only {b} coded with the code"),
        ("Neither", "segments neither coder coded with the code"),
        ("Kappa", "Cohen's kappa"),
        ("95% CI", "large-sample 95% confidence interval of kappa"),
        *([("Bootstrap 95% CI", "percentile bootstrap interval over segments")] if boot else []),
        ("PABAK", "prevalence- and bias-adjusted kappa"),
        ("AC1", "Gwet's AC1"),
        ("Alpha", "Krippendorff's alpha"),
        ("Flags", "see the key below"),
    ]
    head = "".join(
        f'<th title="{t}">{h}</th>' if t else f"<th>{h}</th>" for h, t in heads
    )  # already escaped
    lines = [
        f'<div class="scroll"><table class="agreement" id="agreement-table-'
        f'{_e(pair.coder_a)}-{_e(pair.coder_b)}"><thead><tr>{head}</tr></thead><tbody>'
    ]
    family = None
    for row in pair.codes:
        if row.family != family:
            family = row.family
            lines.append(
                f'<tr><td class="family" colspan="{len(heads)}"><b>'
                f"{_e(families.get(row.family, row.family))}</b></td></tr>"
            )
        s = row.stats
        t = s.table
        if math.isnan(s.kappa):
            reason = s.undefined or "kappa cannot be computed"
            kappa_cells = (
                f'<td class="undefined" colspan="{3 if boot else 2}">undefined: {_e(reason)}</td>'
            )
        else:
            ci = _interval(s)
            ci_cell = f'<td class="ni">{ci}</td>' if ci == "not informative" else f"<td>{ci}</td>"
            kappa_cells = f"<td>{_fmt(s.kappa)}</td>{ci_cell}"
            if boot:
                kappa_cells += f"<td>{_boot_interval(s)}</td>"
        lines.append(
            f'<tr><td title="{_e(row.code)}">{"&nbsp;&nbsp;" * depth(row.code)}'
            f"{_e(labels.get(row.code, row.label))}</td><td>{t.n}</td><td>{t.both}</td>"
            f"<td>{t.only_a}</td><td>{t.only_b}</td><td>{t.neither}</td>{kappa_cells}"
            f"<td>{_dash(s.pabak)}</td><td>{_dash(s.ac1)}</td><td>{_dash(s.alpha)}</td>"
            f"<td>{_e(', '.join(row.flags))}</td></tr>"
        )
    lines.append("</tbody></table></div>")
    return "\n".join(lines)


def _dash(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f}"


def _key(report: AgreementReport) -> str:
    if report.bootstrap:
        b = report.bootstrap
        bootstrap = (
            f" The bootstrap interval beside it resamples the segments {b.resamples} times "
            f"(seed {b.seed}) and takes the middle {b.level:.0%} of the kappas."
        )
    else:
        bootstrap = (
            " <code>qualcode report --ci bootstrap</code> adds a bootstrap interval, which does "
            "say something in that case."
        )
    items = [
        (
            "rare",
            f"the code was applied to under {RARE_PREVALENCE:.0%} of the segments. Kappa is "
            "pulled down when a code is rare, even when the coders agree on almost every segment "
            "(the kappa paradox), so read PABAK and AC1 as well.",
        ),
        (
            "small",
            f"fewer than {SMALL_UNITS} segments, or fewer than {SMALL_POSITIVES} segments that "
            "either coder coded with the code: too few to estimate agreement precisely.",
        ),
        (
            "no-interval",
            "the large-sample 95% interval has zero width (kappa is exactly 0 or 1 for this "
            'table), which would read as certainty; the table says "not informative" instead '
            "and the chart draws a hollow dot without a line." + bootstrap,
        ),
        (
            "undefined",
            "kappa cannot be computed, for the reason given (for example, neither coder ever "
            "applied the code); it is never shown as 0 or 1.",
        ),
    ]
    columns = (
        "n units: the segments both coders reviewed. Both / only one coder / neither: how many "
        "of them each coder coded with the code (a parent code counts as applied when one of "
        "its sub-codes is). Kappa: Cohen's kappa, with its large-sample 95% confidence interval "
        "(Fleiss, Cohen &amp; Everitt 1969). PABAK: prevalence- and bias-adjusted kappa. AC1: "
        "Gwet's AC1, less affected by rare codes. Alpha: Krippendorff's alpha. Pooled kappa sums "
        "the 2×2 tables of all codes before computing kappa (De Vries et al. 2008)."
    )
    body = "".join(f"<dt>{name}</dt><dd>{text}</dd>" for name, text in items)
    return (
        '<h3 id="flag-key">Key to the agreement tables</h3>'
        f'<dl class="key">{body}</dl><p class="key">{columns}</p>'
    )


# --- quotes ------------------------------------------------------------------------------------


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
        blocks.append(f'<h3 title="{_e(code)}">{_e(labels.get(code, picked[0].label))}</h3>')
        for quote in picked:
            who = quote.participant_id or quote.document
            blocks.append(
                f"<blockquote>{_e(quote.text)}<footer>{_e(who)}, {_e(human(quote.group))} — "
                f"{_e(quote.segment_id)}</footer></blockquote>"
            )
    return "\n".join(blocks)


#: At most this many codes in the co-occurrence chart: those coded on the most segments.
COOCCURRENCE_CODES = 30


def _cooccurrence(inputs: ReportInputs) -> str:
    table = inputs.cooccurrence
    counts = table.counts[TOTAL] if table is not None else None
    if table is None or counts is None or not any(counts[i, i] for i in range(len(counts))):
        return '<p class="note">No codings to chart.</p>'
    coded = [i for i in range(len(table.codes)) if counts[i, i]]
    shown = sorted(sorted(coded, key=lambda i: -int(counts[i, i]))[:COOCCURRENCE_CODES])
    left_out = len(coded) - len(shown)
    more = (
        f" The {len(shown)} codes applied to the most segments are shown ({left_out} more are "
        f"in {_text('`qualcode cooccur`')})."
        if left_out
        else ""
    )
    return (
        f"<p>How often two codes were applied to the same segment ({table.units[TOTAL]} "
        f"segments counted; source: {_e(table.source)}). "
        f"{_text('`qualcode cooccur` lists every pair, by group or by interview.')}</p>"
        f'<figure id="cooccurrence-map">{cooccurrence_map(table, shown, inputs.code_labels)}'
        "<figcaption>Co-occurrence heat map: the number in a cell is the number of segments "
        "coded with both codes; the colour is Jaccard's index, the share of the segments coded "
        "with either code that have both (darker means the codes go together more often; the "
        "scale ends at the highest index in the chart). Lines separate the code families. The "
        "diagonal gives each code's own number of segments; a code and its sub-codes are not "
        f"compared (grey).{more}</figcaption></figure>"
    )
