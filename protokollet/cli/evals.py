"""`protokollet eval ...`: run stored eval sets, compare two runs, benchmark retrieval on SweFAQ."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import typer

from protokollet.cli import app
from protokollet.cli.filters import choice
from protokollet.settings import get_settings

if TYPE_CHECKING:
    from protokollet.evals.compare import Comparison, QuestionChange
    from protokollet.evals.schema import EvalRun

eval_app = typer.Typer(
    help="Eval sets: run them, compare runs (with significance), benchmark on SweFAQ.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(eval_app, name="eval")

_MODES = ("dense", "lexical", "hybrid")
_SPLITS = ("test", "dev", "all")


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, text_last: bool = False) -> str:
    """Plain aligned columns: the first (and with `text_last` the last) left, the others right."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = []
    for index, row in enumerate([headers, *rows]):
        cells = [
            str(cell).ljust(width)
            if column == 0 or (text_last and column == len(widths) - 1)
            else str(cell).rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _summary(run: EvalRun) -> str:
    from protokollet.evals.metrics import METRIC_DESCRIPTIONS

    rows = [
        [metric, _fmt(value), str(run.counts.get(metric, 0)), METRIC_DESCRIPTIONS.get(metric, "")]
        for metric, value in run.metrics.items()
    ]
    return format_table(["metric", "value", "n", "meaning"], rows, text_last=True)


def _delta(run: EvalRun, metric: str) -> float | None:
    ours, theirs = run.metrics.get(metric), run.baseline.get(metric)
    return None if ours is None or theirs is None else ours - theirs


@eval_app.command("run")
def run(
    eval_set: str = typer.Argument(
        ..., metavar="SET", help="Path to a JSONL eval set, or a stored set's name."
    ),
    name: str | None = typer.Option(None, "--name", help="Run name (default: <set>-<mode>-<time>)."),
    mode: str = typer.Option("hybrid", "--mode", help=f"Retrieval mode: {' | '.join(_MODES)}."),
    k: int = typer.Option(10, "-k", min=1, max=100, help="Agenda items (§) ranked per question."),
    answers: bool = typer.Option(True, "--answers/--no-answers", help="Also answer and score the answers."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    baseline: bool = typer.Option(
        False, "--baseline", help="Also score the LangChain-tutorial baseline's retrieval on the same set."
    ),
) -> None:
    """Run an eval set through the real search and answer code; store and summarise the run."""
    from protokollet.evals.runner import Mode, default_run_name, load_eval_set, run_eval, save_run
    from protokollet.index.search import Searcher
    from protokollet.store.open import open_store

    choice(mode, _MODES, "--mode")
    loaded = load_eval_set(eval_set)  # a bad set fails here, before any model is loaded
    settings = get_settings()
    store = open_store(settings) if answers or baseline else None
    try:
        tutorial = None
        if baseline and store is not None:
            from protokollet.evals.baseline import BaselineIndex
            from protokollet.index.embed.embedder import load_embedder

            embedder = load_embedder(settings)  # one model for both, so the comparison is of the method
            searcher = Searcher(settings, embedder)
            tutorial = BaselineIndex.build(store, embedder, progress=progress)
        else:
            searcher = Searcher(settings)
        result = run_eval(
            loaded,
            searcher,
            settings,
            store=store if answers else None,
            name=name or default_run_name(loaded.name, mode),
            mode=cast("Mode", mode),
            k=k,
            progress=progress,
            baseline=tutorial,
        )
    finally:
        if store is not None:
            store.close()
    path = save_run(result, settings)
    typer.echo(
        f"Run {result.name}: {len(result.questions)} questions of {loaded.name}, mode {mode}, k {k}, "
        f"model {result.model}, index {(result.index_fingerprint or '?')[:12]}, "
        f"{result.timings['total_s']:.1f} s"
    )
    typer.echo(_summary(result))
    if result.baseline:
        typer.echo("\nLangChain-tutorial baseline (1000/200-character pieces, same model, exact FAISS):")
        rows = [
            [metric, _fmt(value), _fmt(result.metrics.get(metric)), _fmt(_delta(result, metric), True)]
            for metric, value in result.baseline.items()
        ]
        typer.echo(format_table(["metric", "baseline", "ours", "ours - baseline"], rows))
    typer.echo(f"Saved to {path}")


@eval_app.command("list")
def list_command() -> None:
    """List the stored runs, newest first, with their headline metrics."""
    from protokollet.evals.runner import list_runs

    runs = list_runs(get_settings())
    if not runs:
        typer.echo("No stored eval runs yet (run `protokollet eval run dev`).")
        return
    rows = [
        [
            r.name,
            r.created.strftime("%Y-%m-%d %H:%M"),
            r.config.set_name,
            r.config.mode,
            _fmt(r.metrics.get("hit@5")),
            _fmt(r.metrics.get("mrr@10")),
            _fmt(r.metrics.get("must_mention")),
        ]
        for r in runs
    ]
    typer.echo(format_table(["run", "created", "set", "mode", "hit@5", "mrr@10", "must_mention"], rows))


def _change_line(change: QuestionChange) -> str:
    moves = ", ".join(f"{c.metric} {_fmt(c.a)}→{_fmt(c.b)}" for c in change.changes)
    return f"  {change.id}  {moves}  | {change.question}"


def print_comparison(comparison: Comparison) -> None:
    for note in comparison.warnings:
        typer.secho(f"warning: {note}", fg=typer.colors.YELLOW, err=True)
    typer.echo(
        f"A = {comparison.a.name} ({comparison.a.mode}), B = {comparison.b.name} ({comparison.b.mode}); "
        f"{comparison.shared_questions} shared questions. p: paired randomisation test, "
        f"{comparison.resamples} resamples, seed {comparison.seed}; * = p < {comparison.alpha:g}"
    )
    rows = [
        [
            row.metric + (" *" if row.significant else ""),
            _fmt(row.a),
            _fmt(row.b),
            _fmt(row.diff, signed=True),
            "–" if row.p_value is None else f"{row.p_value:.4f}",
            str(row.n),
        ]
        for row in comparison.rows
    ]
    typer.echo(format_table(["metric", "A", "B", "B − A", "p", "n"], rows))
    for title, changes in (
        ("Better in B", comparison.better),
        ("Worse in B", comparison.worse),
        ("Mixed", comparison.mixed),
    ):
        typer.echo(f"\n{title}: {len(changes)}")
        for change in changes:
            typer.echo(_change_line(change))


@eval_app.command("compare")
def compare(
    run_a: str = typer.Argument(..., help="Baseline run (name or path to its JSON)."),
    run_b: str = typer.Argument(..., help="Run to compare against the baseline."),
    resamples: int = typer.Option(10_000, "--resamples", min=100, help="Randomisation-test resamples."),
) -> None:
    """Every metric of A and B, the difference, a paired significance test, and which questions moved."""
    from protokollet.evals.compare import compare_runs
    from protokollet.evals.report import write_report
    from protokollet.evals.runner import load_run

    settings = get_settings()
    comparison = compare_runs(load_run(run_a, settings), load_run(run_b, settings), resamples=resamples)
    print_comparison(comparison)
    png, html = write_report(comparison, settings.data_dir / "evals" / "compare")
    typer.echo(f"\nChart: {png}\nReport: {html}")


@eval_app.command("swefaq")
def swefaq(
    mode: str = typer.Option("hybrid", "--mode", help=f"{' | '.join(_MODES)} | all."),
    split: str = typer.Option("test", "--split", help=f"{' | '.join(_SPLITS)} (all = dev + test pooled)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    """Retrieval benchmark on SweFAQ 2.0: questions against the split's pooled answers (as in SEB)."""
    from protokollet.evals.swefaq import SEB_E5_SMALL, SWEFAQ_METRICS, Mode, Split, run_swefaq
    from protokollet.index.embed.embedder import load_embedder

    modes = _MODES if mode == "all" else (choice(mode, _MODES, "--mode"),)
    choice(split, _SPLITS, "--split")
    settings = get_settings()
    embedder = load_embedder(settings) if modes != ("lexical",) else None
    results = run_swefaq(
        cast("Split", split),
        [cast("Mode", m) for m in modes],
        embedder,
        model=settings.model,
        progress=progress,
    )
    first = results[0]
    typer.echo(f"SweFAQ 2.0 {split}: {first.queries} questions against a pool of {first.pool} answers")
    rows = [[r.mode, *(_fmt(r.metrics[m]) for m in SWEFAQ_METRICS), f"{r.seconds:.1f}"] for r in results]
    rows.append(["SEB e5-small", *(_fmt(SEB_E5_SMALL.get(m)) for m in SWEFAQ_METRICS), ""])
    typer.echo(format_table(["mode", *SWEFAQ_METRICS, "s"], rows))
    for r in results:
        low, high = r.ci95["ndcg@10"]
        typer.echo(f"{r.mode}: nDCG@10 95% bootstrap interval [{low:.3f}, {high:.3f}]")
