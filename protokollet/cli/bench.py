"""`protokollet bench`: throughput, latency and memory figures in one run (printed table + JSON)."""

from __future__ import annotations

from pathlib import Path

import typer

from protokollet.cli import app
from protokollet.settings import get_settings


@app.command()
def bench(
    sizes: str = typer.Option(
        "corpus,100k,1m",
        "--sizes",
        help="Comma-separated: corpus (the configured index), 100k, 1m, 5000, ...",
    ),
    out: Path = typer.Option(Path("bench-results.json"), "--out", help="Where to write the JSON result."),
    backends: str = typer.Option(
        "torch,torch-bf16,onnx,onnx-int8,openvino,openvino-int8",
        "--backends",
        help="Embedding backends to compare.",
    ),
    cache_dir: Path | None = typer.Option(
        None,
        "--cache-dir",
        help="Where synthetic indexes are kept between runs [default: <data dir>/bench-cache].",
    ),
    sample_dir: Path = typer.Option(
        Path("data/sample"), "--sample", help="Files ingested for ingest throughput."
    ),
    questions: int = typer.Option(
        0, "--questions", min=0, help="Dev-set questions used as queries (0: all)."
    ),
    embed_passages: int = typer.Option(
        256, "--embed-passages", min=1, help="Corpus passages embedded per backend."
    ),
    markdown: Path | None = typer.Option(
        None, "--markdown", help="Also write the tables as Markdown (for docs/performance.md)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show progress bars."),
    postgres: str | None = typer.Option(
        None,
        "--postgres",
        help="PostgreSQL server URL (rights to create databases): also measure each size there, "
        "in a database <db>_bench_<size> filled once with the same data.",
    ),
    only_search: bool = typer.Option(
        False, "--only-search", help="Skip ingest, embedding and index build; measure search only."
    ),
) -> None:
    """Benchmark ingest, embedding, index build, search/ask latency, recall@10 vs exact, and memory."""
    from protokollet.bench.report import markdown as to_markdown
    from protokollet.bench.report import print_report
    from protokollet.bench.run import BenchOptions, parse_size, run_bench, write_report
    from protokollet.errors import InvalidQuery

    size_list = [part.strip() for part in sizes.split(",") if part.strip()]
    if not size_list:
        raise InvalidQuery("--sizes names no size")
    for size in size_list:
        parse_size(size)  # a bad size fails before anything is measured
    if not sample_dir.is_dir():
        raise InvalidQuery(f"--sample {sample_dir} is not a folder")
    if postgres is not None:
        from protokollet.bench.postgres_bench import check_server

        check_server(postgres)  # a bad URL or a server that does not answer fails before anything runs
    settings = get_settings()
    options = BenchOptions(
        sizes=size_list,
        backends=[part.strip() for part in backends.split(",") if part.strip()],
        cache_dir=cache_dir or settings.data_dir / "bench-cache",
        sample_dir=sample_dir,
        questions=questions or None,
        embed_passages=embed_passages,
        progress=progress,
        postgres=postgres,
        only_search=only_search,
    )
    report = run_bench(settings, options, log=lambda message: typer.echo(message, err=True))
    write_report(report, out)
    print_report(report)
    if markdown is not None:
        markdown.write_text(to_markdown(report), encoding="utf-8")
        typer.echo(f"Wrote {markdown}")
    typer.echo(f"Wrote {out}")
