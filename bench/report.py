"""The benchmark's result (written as JSON) and its printed tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from protokollet.bench.search_bench import SizeMeasurement
from protokollet.bench.synthetic import SyntheticBuild

MB = 1024 * 1024
#: Wide enough for every table on one line each, also when the output goes to a file.
WIDTH = 170


class Machine(BaseModel):
    cpu_model: str
    cores: int
    memory_gb: float
    gpu: str
    python: str
    faiss: str
    torch: str


class IngestResult(BaseModel):
    files: int
    paragraphs: int
    megabytes: float
    seconds: float
    files_per_s: float
    paragraphs_per_s: float


class BuildResult(BaseModel):
    """`build_index` on the corpus with every vector reused: chunking, FAISS, BM25 and the snapshot write."""

    paragraphs: int
    chunks: int
    embedded: int
    index_type: str
    seconds: float


class SizeResult(BaseModel):
    label: str
    synthetic: SyntheticBuild | None
    measurement: SizeMeasurement


class TargetCheck(BaseModel):
    name: str
    target: str
    measured: str
    met: bool | None  # None: not measured in this run


class BenchReport(BaseModel):
    created: dt.datetime
    machine: Machine
    model: str
    embed_backend: str
    ingest: IngestResult | None = None
    embedding: list[dict[str, Any]] = []  # `EmbeddingResult` rows of protokollet.bench.embedding, as written
    embedding_note: str = ""
    build: BuildResult | None = None
    sizes: list[SizeResult] = []
    targets: list[TargetCheck] = []
    notes: list[str] = []


def _ms(value: float) -> str:
    return f"{value:.1f}"


def print_report(report: BenchReport, console: Console | None = None) -> None:
    console = console or Console(width=WIDTH)
    m = report.machine
    console.print(
        f"[bold]protokollet bench[/bold] {report.created:%Y-%m-%d %H:%M} UTC — {m.cpu_model}, "
        f"{m.cores} cores, {m.memory_gb:.0f} GB, GPU: {m.gpu}; model {report.model}, "
        f"embedding backend {report.embed_backend}"
    )
    if report.ingest:
        i = report.ingest
        console.print(
            f"Ingest: {i.files} files, {i.paragraphs} paragraphs, {i.megabytes:.1f} MB in {i.seconds:.2f} s "
            f"= {i.paragraphs_per_s:.0f} paragraphs/s, {i.files_per_s:.1f} files/s"
        )
    if report.embedding:
        table = Table(title="Embedding (baseline: sentence-transformers fp32, torch)")
        for column in (
            "backend",
            "passages/s",
            "tokens/s",
            "x baseline",
            "mean cos",
            "min cos",
            "query p50 ms",
            "query p95 ms",
            "note",
        ):
            table.add_column(column)
        for row in report.embedding:
            table.add_row(
                str(row.get("backend")),
                f"{row.get('passages_per_s', 0):.1f}",
                f"{row.get('tokens_per_s', 0):.0f}",
                f"{row.get('ratio_to_baseline', 0):.2f}",
                f"{row.get('mean_cosine', 0):.4f}",
                f"{row.get('min_cosine', 0):.4f}",
                _ms(row.get("query_ms_p50", 0)),
                _ms(row.get("query_ms_p95", 0)),
                str(row.get("note", ""))
                if row.get("available", True)
                else f"unavailable: {row.get('note', '')}",
            )
        console.print(table)
    elif report.embedding_note:
        console.print(f"Embedding: {report.embedding_note}")
    if report.build:
        b = report.build
        console.print(
            f"Index build (corpus, vectors reused, {b.embedded} embedded): {b.paragraphs} paragraphs, "
            f"{b.chunks} chunks, {b.index_type}, {b.seconds:.1f} s"
        )
    if report.sizes:
        _print_sizes(report, console)
    if report.targets:
        table = Table(title="Targets")
        for column in ("target", "wanted", "measured", "met"):
            table.add_column(column)
        for t in report.targets:
            table.add_row(t.name, t.target, t.measured, {True: "yes", False: "NO", None: "-"}[t.met])
        console.print(table)
    for note in report.notes:
        console.print(f"Note: {note}")


def _print_sizes(report: BenchReport, console: Console) -> None:
    table = Table(title="Search latency (k=10) and recall@10 vs exact search over the same data")
    for column in (
        "size",
        "paragraphs",
        "index",
        "mode",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "recall@10",
        "query emb.",
    ):
        table.add_column(column)
    for size in report.sizes:
        s = size.measurement
        for row in s.search:
            recall = "-" if row.recall_at_10 is None else f"{row.recall_at_10:.3f}"
            table.add_row(
                size.label, f"{s.paragraphs:,}", row.index_type, row.mode, _ms(row.latency.p50_ms),
                _ms(row.latency.p95_ms), _ms(row.latency.p99_ms), recall,
                "incl." if row.includes_query_embedding else "excl.",
            )  # fmt: skip
    console.print(table)
    table = Table(title="Dense index by size (FAISS alone, query vectors given)")
    for column in ("size", "index", "build s", "MB", "MB per 1M", "p50 ms", "p95 ms", "p99 ms", "recall@10"):
        table.add_column(column)
    for size in report.sizes:
        for d in size.measurement.dense:
            build = "-" if d.build_seconds is None else f"{d.build_seconds:.1f}"
            table.add_row(
                size.label, d.index, build, f"{d.index_bytes / MB:.1f}", f"{d.bytes_per_million / MB:.0f}",
                _ms(d.latency.p50_ms), _ms(d.latency.p95_ms), _ms(d.latency.p99_ms), f"{d.recall_at_10:.3f}",
            )  # fmt: skip
    console.print(table)
    table = Table(title="Memory (serving process) and build cost")
    for column in (
        "size",
        "load s",
        "RSS MB",
        "RSS MB per 1M",
        "FAISS MB",
        "vectors MB (mmap)",
        "BM25 MB",
        "paragraphs MB",
        "build s (dense/exact/BM25/write)",
    ):
        table.add_column(column)
    for size in report.sizes:
        mem = size.measurement.memory
        b = size.synthetic
        build = (
            f"{b.seconds_dense:.0f}/{b.seconds_dense_exact:.0f}/{b.seconds_lexical:.0f}/{b.seconds_write:.0f}"
            if b
            else "-"
        )
        table.add_row(
            size.label, f"{mem.load_seconds:.1f}", f"{mem.rss_delta_bytes / MB:.0f}",
            f"{mem.rss_per_million / MB:.0f}",
            f"{mem.faiss_bytes / MB:.0f}", f"{mem.vectors_bytes / MB:.0f}", f"{mem.bm25_bytes / MB:.0f}",
            f"{mem.paragraphs_bytes / MB:.0f}", build,
        )  # fmt: skip
    console.print(table)
