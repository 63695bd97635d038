"""The benchmark's result (written as JSON) and its printed tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from protokollet.bench.postgres_bench import PostgresMeasurement
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
    postgres: list[PostgresMeasurement] = []  # per size, when run with --postgres
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
        table = _table(
            "Embedding (baseline: sentence-transformers fp32, torch)",
            (
                "backend",
                "passages/s",
                "tokens/s",
                "x baseline",
                "mean cos",
                "min cos",
                "query p50 ms",
                "query p95 ms",
                "note",
            ),
        )
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
    if report.postgres:
        _print_postgres(report.postgres, console)
    if report.targets:
        table = _table("Targets", ("target", "wanted", "measured", "met"))
        for t in report.targets:
            table.add_row(t.name, t.target, t.measured, {True: "yes", False: "NO", None: "-"}[t.met])
        console.print(table)
    for note in report.notes:
        console.print(f"Note: {note}")


def _print_sizes(report: BenchReport, console: Console) -> None:
    table = _table(
        "Search latency (k=10) and recall@10 vs exact search over the same data",
        ("size", "paragraphs", "index", "mode", "p50 ms", "p95 ms", "p99 ms", "recall@10", "query emb."),
    )
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
    table = _table(
        "Dense index by size (FAISS alone, query vectors given)",
        ("size", "index", "build s", "MB", "MB per 1M", "p50 ms", "p95 ms", "p99 ms", "recall@10"),
    )
    for size in report.sizes:
        for d in size.measurement.dense:
            build = "-" if d.build_seconds is None else f"{d.build_seconds:.1f}"
            table.add_row(
                size.label, d.index, build, f"{d.index_bytes / MB:.1f}", f"{d.bytes_per_million / MB:.0f}",
                _ms(d.latency.p50_ms), _ms(d.latency.p95_ms), _ms(d.latency.p99_ms), f"{d.recall_at_10:.3f}",
            )  # fmt: skip
    console.print(table)
    table = _table(
        "Memory (serving process) and build cost",
        (
            "size",
            "load s",
            "RSS growth MB (load/queries)",
            "process RSS MB",
            "FAISS MB",
            "vectors MB (mmap)",
            "BM25 MB",
            "paragraphs MB",
            "build s (dense/exact/BM25/write)",
        ),
    )
    for size in report.sizes:
        mem = size.measurement.memory
        b = size.synthetic
        build = (
            f"{b.seconds_dense:.0f}/{b.seconds_dense_exact:.0f}/{b.seconds_lexical:.0f}/{b.seconds_write:.0f}"
            if b
            else "-"
        )
        table.add_row(
            size.label, f"{mem.load_seconds:.1f}",
            f"{mem.rss_delta_bytes / MB:.0f}/{mem.rss_after_queries_delta_bytes / MB:.0f}",
            f"{mem.rss_process_bytes / MB:.0f} ({mem.rss_process_file_bytes / MB:.0f} file)",
            f"{mem.faiss_bytes / MB:.0f}", f"{mem.vectors_bytes / MB:.0f}", f"{mem.bm25_bytes / MB:.0f}",
            f"{mem.paragraphs_bytes / MB:.0f}", build,
        )  # fmt: skip
    console.print(table)


def _print_postgres(measurements: list[PostgresMeasurement], console: Console) -> None:
    table = _table(
        "PostgreSQL (pgvector IVFFlat + SQL BM25) vs embedded over the same data "
        "(k=10, query vectors given; recall@10 vs embedded exact)",
        (
            "size",
            "chunks",
            "mode",
            "PG p50 ms",
            "PG p95 ms",
            "embedded p50 ms",
            "embedded p95 ms",
            "embedded index",
            "recall@10",
            "with ties",
            "load before/after",
        ),
    )
    for p in measurements:
        for row in p.search:
            table.add_row(
                p.label, f"{p.fill.chunks:,}", row.mode, _ms(row.latency.p50_ms), _ms(row.latency.p95_ms),
                _ms(row.embedded_latency.p50_ms), _ms(row.embedded_latency.p95_ms), p.embedded_index,
                f"{row.recall_vs_embedded:.3f}", _ties(row.recall_with_ties),
                f"{p.load_before:.1f}/{p.load_after:.1f}",
            )  # fmt: skip
    console.print(table)
    table = _table(
        "PostgreSQL IVFFlat alone: recall@10 (chunks) vs the same SQL without the index",
        ("size", "index", "build s", "probes", "recall@10", "p50 ms", "p95 ms", "filled"),
    )
    for p in measurements:
        for h in p.vector_index:
            table.add_row(
                p.label, p.fill.vector_index, f"{p.fill.vector_index_seconds:.1f}",
                f"{h.probes}{' (configured)' if h.configured else ''}", f"{h.recall_at_10:.3f}",
                _ms(h.latency.p50_ms), _ms(h.latency.p95_ms),
                "reused" if p.fill.reused else f"now, {p.fill.fill_seconds:.0f} s",
            )  # fmt: skip
    console.print(table)
    table = _table("PostgreSQL storage (MB on disk, tables with their indexes)", ("size", "relation", "MB"))
    for p in measurements:
        for name, size in p.storage.items():
            table.add_row(p.label, name, f"{size / MB:,.0f}")
    console.print(table)


def _ties(recall: float | None) -> str:
    return "–" if recall is None else f"{recall:.3f}"


def _markdown_postgres(measurements: list[PostgresMeasurement]) -> list[str]:
    lines = [
        "",
        "**PostgreSQL** (pgvector IVFFlat + BM25 in SQL) vs the embedded index over the same data "
        "(`Searcher.search`, k=10, query vectors given; recall@10 vs embedded exact search):",
        "",
        "| size | chunks | mode | PostgreSQL p50 ms | PostgreSQL p95 ms | embedded p50 ms | embedded p95 ms "
        "| embedded index | recall@10 | recall@10 with ties |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in measurements:
        for row in p.search:
            lines.append(
                f"| {p.label} | {p.fill.chunks:,} | {row.mode} | {row.latency.p50_ms:.1f} | "
                f"{row.latency.p95_ms:.1f} | {row.embedded_latency.p50_ms:.1f} | "
                f"{row.embedded_latency.p95_ms:.1f} | {p.embedded_index} | {row.recall_vs_embedded:.3f} | "
                f"{_ties(row.recall_with_ties)} |"
            )
    lines += [
        "",
        "**PostgreSQL IVFFlat** alone (chunk top 10 through the index vs the same SQL without it):",
        "",
        "| size | index | build s | probes | recall@10 | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in measurements:
        for h in p.vector_index:
            lines.append(
                f"| {p.label} | {p.fill.vector_index} | "
                f"{p.fill.vector_index_seconds:.1f} | {h.probes}{' (configured)' if h.configured else ''} | "
                f"{h.recall_at_10:.3f} | {h.latency.p50_ms:.1f} | {h.latency.p95_ms:.1f} |"
            )
    lines += ["", "**PostgreSQL storage** (MB on disk):", "", "| size | relation | MB |", "|---|---|---|"]
    lines += [
        f"| {p.label} | {name} | {size / MB:,.0f} |" for p in measurements for name, size in p.storage.items()
    ]
    return lines


def markdown(report: BenchReport) -> str:
    """The same figures as Markdown tables, for docs/performance.md."""
    m = report.machine
    lines = [
        f"Run {report.created:%Y-%m-%d %H:%M} UTC, {m.cpu_model}, {m.cores} cores, {m.memory_gb:.0f} GB, "
        f"GPU: {m.gpu}; faiss {m.faiss}, torch {m.torch}; model {report.model}.",
        "",
    ]
    if report.ingest:
        i = report.ingest
        lines += [
            f"**Ingest** ({i.files} files, {i.megabytes:.1f} MB): {i.paragraphs} paragraphs in "
            f"{i.seconds:.2f} s "
            f"= **{i.paragraphs_per_s:.0f} paragraphs/s**.",
            "",
        ]
    if report.build:
        b = report.build
        lines += [
            f"**Index build** at corpus size, every vector reused (chunking, FAISS, BM25, snapshot write; "
            f"embedding excluded): {b.chunks} chunks, {b.index_type}, **{b.seconds:.1f} s**.",
            "",
        ]
    if report.embedding:
        lines += [
            "**Embedding** (baseline: sentence-transformers fp32 with torch, same run):",
            "",
            "| backend | passages/s | tokens/s | ratio to torch fp32 | mean cosine | min cosine "
            "| query p50 ms "
            "| query p95 ms | note |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for e in report.embedding:
            if not e.get("available", True):
                lines.append(
                    f"| {e['backend']} | – | – | – | – | – | – | – | unavailable: {e.get('note', '')} |"
                )
                continue
            lines.append(
                f"| {e['backend']} | {e['passages_per_s']:.1f} | {e['tokens_per_s']:.0f} | "
                f"**{e['ratio_to_baseline']:.2f}** | {e['mean_cosine']:.4f} | {e['min_cosine']:.4f} | "
                f"{e['query_ms_p50']:.1f} | {e['query_ms_p95']:.1f} | {e.get('note', '')} |"
            )
        lines.append("")
    elif report.embedding_note:
        lines += [f"Embedding: {report.embedding_note}", ""]
    lines += [
        "**Search** (k=10, dev-set questions; recall@10 vs exact FAISS over the same vectors and BM25):",
        "",
        "| size | paragraphs | index | mode | p50 ms | p95 ms | p99 ms | recall@10 | query embedding |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size in report.sizes:
        s = size.measurement
        for row in s.search:
            recall = "–" if row.recall_at_10 is None else f"{row.recall_at_10:.3f}"
            lines.append(
                f"| {size.label} | {s.paragraphs:,} | {row.index_type} | {row.mode} | "
                f"{row.latency.p50_ms:.1f} | "
                f"{row.latency.p95_ms:.1f} | {row.latency.p99_ms:.1f} | {recall} | "
                f"{'included' if row.includes_query_embedding else 'excluded'} |"
            )
        if s.query_embedding:
            q = s.query_embedding
            lines.append(
                f"| {size.label} | | | query embedding alone | {q.p50_ms:.1f} | {q.p95_ms:.1f} | "
                f"{q.p99_ms:.1f} | | |"
            )
    lines += [
        "",
        "**Dense index by size** (FAISS alone, query vectors given; `(default)` is what "
        "`protokollet index` builds):",
        "",
        "| size | index | build s | MB | MB per 1M | p50 ms | p95 ms | p99 ms | recall@10 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size in report.sizes:
        for d in size.measurement.dense:
            build = _build_seconds(size, d.index, d.build_seconds)
            lines.append(
                f"| {size.label} | {d.index} | {build} | {d.index_bytes / MB:.1f} | "
                f"{d.bytes_per_million / MB:.0f} | {d.latency.p50_ms:.2f} | {d.latency.p95_ms:.2f} | "
                f"{d.latency.p99_ms:.2f} | {d.recall_at_10:.3f} |"
            )
    lines += [
        "",
        "**Memory** (RSS growth of the serving process when `Searcher` loads the index, after every query "
        "ran, and the whole process's RSS then; parts on disk):",
        "",
        "| size | load s | RSS growth at load MB | RSS growth after queries MB | process RSS MB "
        "| of which file pages MB | FAISS MB | vectors.npy MB (mmap) | BM25 MB (mmap) "
        "| paragraphs.sqlite MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in report.sizes:
        x = size.measurement.memory
        lines.append(
            f"| {size.label} | {x.load_seconds:.1f} | {x.rss_delta_bytes / MB:.0f} | "
            f"{x.rss_after_queries_delta_bytes / MB:.0f} | {x.rss_process_bytes / MB:.0f} | "
            f"{x.rss_process_file_bytes / MB:.0f} | "
            f"{x.faiss_bytes / MB:.0f} | {x.vectors_bytes / MB:.0f} | {x.bm25_bytes / MB:.0f} | "
            f"{x.paragraphs_bytes / MB:.0f} |"
        )
    if report.postgres:
        lines += _markdown_postgres(report.postgres)
    lines += ["", "**Targets**:", "", "| target | wanted | measured | met |", "|---|---|---|---|"]
    for t in report.targets:
        lines.append(f"| {t.name} | {t.target} | {t.measured} | {_verdict(t.met)} |")
    lines += ["", *(f"- {note}" for note in report.notes)]
    return "\n".join(lines) + "\n"


def _verdict(met: bool | None) -> str:
    return "–" if met is None else "yes" if met else "**no**"


def _build_seconds(size: SizeResult, label: str, measured: float | None) -> str:
    """Build time of a dense variant: measured now, or taken from the cached synthetic build."""
    if measured is not None:
        return f"{measured:.1f}"
    if size.synthetic and "(default)" in label:
        return f"{size.synthetic.seconds_dense:.1f}"
    if size.synthetic and label.startswith("exact"):
        return f"{size.synthetic.seconds_dense_exact:.1f}"
    return "–"


def _table(title: str, columns: tuple[str, ...]) -> Table:
    """A rich table with these column headings."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    return table
