"""A comparison as a picture and a page: grouped bars (PNG) and a self-contained HTML report.

The chart is drawn on a bare `Figure` with the Agg canvas (no pyplot state), so the web server can draw
one per request from several threads. The HTML embeds the PNG as base64 and escapes every text that
came from an eval set or a run, so the report can be mailed or archived as one file.
"""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from protokollet.evals.compare import Comparison, MetricRow, QuestionChange
from protokollet.evals.metrics import LOWER_IS_BETTER
from protokollet.evals.runner import atomic_write_bytes, atomic_write_text

COLOR_A = "#8da0cb"
COLOR_B = "#1b6f9e"
COLOR_UP = "#1a7f37"
COLOR_DOWN = "#b42318"
COLOR_SAME = "#555555"


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def trend(row: MetricRow) -> str:
    """'up' when B is better, 'down' when worse, '' when equal: for `bad_quotes` less is better."""
    if row.diff is None or abs(row.diff) < 5e-4:
        return ""
    gain = -row.diff if row.metric in LOWER_IS_BETTER else row.diff
    return "up" if gain > 0 else "down"


def _fmt_diff(value: float | None) -> str:
    return "–" if value is None else f"{value:+.3f}"


def _fmt_p(value: float | None) -> str:
    if value is None:
        return "–"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def chart_png(comparison: Comparison, *, dpi: int = 110) -> bytes:
    """Grouped bars of every metric both runs have; B − A and its p-value above each pair (* = p < alpha)."""
    rows = [row for row in comparison.rows if row.a is not None and row.b is not None]
    figure = Figure(figsize=(max(8.0, 0.75 * len(rows) + 2), 5.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    width = 0.38
    axes.bar(
        [x - width / 2 for x in positions],
        [row.a or 0.0 for row in rows],
        width,
        color=COLOR_A,
        label=f"A: {comparison.a.name}",
    )
    axes.bar(
        [x + width / 2 for x in positions],
        [row.b or 0.0 for row in rows],
        width,
        color=COLOR_B,
        label=f"B: {comparison.b.name}",
    )
    for x, row in zip(positions, rows, strict=True):
        diff = row.diff or 0.0
        color = {"up": COLOR_UP, "down": COLOR_DOWN}.get(trend(row), COLOR_SAME)
        marker = "*" if row.significant else ""
        p_text = (
            "" if row.p_value is None else f"\np={row.p_value:.2f}" if row.p_value >= 0.01 else "\np<0.01"
        )
        axes.annotate(
            f"{diff:+.3f}{marker}{p_text}",
            (x, max(row.a or 0.0, row.b or 0.0) + 0.02),
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=color,
            fontweight="bold" if row.significant else "normal",
        )
    axes.set_xticks(positions, [row.metric for row in rows], rotation=35, ha="right", fontsize=9)
    axes.set_ylim(0, 1.3)
    axes.set_ylabel("score (mean over questions)")
    axes.set_title(
        f"{comparison.a.set_name}: {comparison.a.name} vs {comparison.b.name} "
        f"({comparison.shared_questions} questions; * p < {comparison.alpha:g}, paired randomisation test)",
        fontsize=10,
    )
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper center", ncols=2, fontsize=8, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _row_html(row: MetricRow) -> str:
    diff_class = trend(row)
    significant = "sig" if row.significant else ""
    return (
        f"<tr class='{significant}'><th title='{html.escape(row.description)}'>{html.escape(row.metric)}</th>"
        f"<td>{_fmt(row.a)}</td><td>{_fmt(row.b)}</td><td class='{diff_class}'>{_fmt_diff(row.diff)}</td>"
        f"<td>{_fmt_p(row.p_value)}</td><td>{row.n}</td>"
        f"<td class='desc'>{html.escape(row.description)}</td></tr>"
    )


def _change_html(change: QuestionChange) -> str:
    moves = ", ".join(f"{c.metric} {_fmt(c.a, 2)} → {_fmt(c.b, 2)}" for c in change.changes)
    return (
        f"<li><b>{html.escape(change.id)}</b> {html.escape(change.question)}<br>"
        f"<span class='moves'>{html.escape(moves)}</span><br>"
        f"<span class='top'>top A: {html.escape(change.top_a or '–')} · "
        f"top B: {html.escape(change.top_b or '–')}</span></li>"
    )


def render_html(comparison: Comparison, png: bytes) -> str:
    """The whole report as one HTML page, in English like the CLI: it is a tool for the team."""
    a, b = comparison.a, comparison.b
    meta = "".join(
        f"<tr><th>{label}</th><td>{html.escape(str(getattr(a, key)))}</td>"
        f"<td>{html.escape(str(getattr(b, key)))}</td></tr>"
        for label, key in (
            ("run", "name"),
            ("created", "created"),
            ("set", "set_name"),
            ("mode", "mode"),
            ("k", "k"),
            ("model", "model"),
            ("index", "index_fingerprint"),
            ("questions", "questions"),
        )
    )
    sections = []
    for title, items in (
        ("Better in B", comparison.better),
        ("Worse in B", comparison.worse),
        ("Mixed", comparison.mixed),
    ):
        body = "".join(_change_html(change) for change in items) or "<li>none</li>"
        sections.append(f"<h2>{title} ({len(items)})</h2><ul>{body}</ul>")
    notes = "".join(f"<p class='warn'>{html.escape(note)}</p>" for note in comparison.warnings)
    image = base64.b64encode(png).decode("ascii")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Eval comparison: {html.escape(a.name)} vs {html.escape(b.name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; max-width: 70rem; color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
th, td {{ padding: .25rem .6rem; border-bottom: 1px solid #ddd; text-align: right; }}
th {{ text-align: left; }} td.desc {{ text-align: left; color: #666; font-size: .85em; }}
tr.sig th {{ font-weight: 700; }} td.up {{ color: {COLOR_UP}; }} td.down {{ color: {COLOR_DOWN}; }}
.warn {{ color: {COLOR_DOWN}; }} .moves {{ font-family: monospace; }}
.top {{ color: #666; font-size: .85em; }}
li {{ margin-bottom: .5rem; }} img {{ max-width: 100%; }}
</style></head><body>
<h1>{html.escape(a.name)} (A) vs {html.escape(b.name)} (B)</h1>
{notes}
<table><tr><th></th><th>A</th><th>B</th></tr>{meta}</table>
<p>{comparison.shared_questions} shared questions. p: two-sided paired randomisation test on per-question
scores ({comparison.resamples} resamples, seed {comparison.seed}); bold = p &lt; {comparison.alpha:g}.</p>
<table><tr><th>metric</th><th>A</th><th>B</th><th>B − A</th><th>p</th><th>n</th><th></th></tr>
{"".join(_row_html(row) for row in comparison.rows)}</table>
<img alt="metrics of both runs side by side" src="data:image/png;base64,{image}">
{"".join(sections)}
</body></html>
"""


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def write_report(comparison: Comparison, directory: Path) -> tuple[Path, Path]:
    """Write `<A>__vs__<B>.png` and `.html` into `directory`; returns both paths."""
    stem = f"{_slug(comparison.a.name)}__vs__{_slug(comparison.b.name)}"
    png = chart_png(comparison)
    png_path, html_path = directory / f"{stem}.png", directory / f"{stem}.html"
    atomic_write_bytes(png_path, png)
    atomic_write_text(html_path, render_html(comparison, png))
    return png_path, html_path
