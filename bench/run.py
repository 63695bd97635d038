"""`protokollet bench`: every section of the benchmark in one run, one JSON file and printed tables.

Sections: machine, ingest throughput (data/sample into a temporary data dir), embedding throughput
per backend against sentence-transformers fp32 (`protokollet.bench.embedding`, when present), index
build time at corpus size, then per size (the configured corpus and synthetic replicas such as 100k
and 1M paragraphs): search latency per mode and for `ask`, recall@10 vs exact search, FAISS variants
and memory. Each size is measured in a fresh process so its resident memory is its own; synthetic
indexes are cached under `--cache-dir`, so a second run (or one resumed after an interruption)
skips building them. With `postgres` set, each size is also measured on PostgreSQL over the same data
(`protokollet.bench.postgres_bench`), in its own database on that server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel

from protokollet.bench.measure import total_memory_bytes
from protokollet.bench.postgres_bench import measure_postgres
from protokollet.bench.report import (
    BenchReport,
    BuildResult,
    IngestResult,
    Machine,
    SizeResult,
    TargetCheck,
)
from protokollet.bench.search_bench import SizeMeasurement, measure_size
from protokollet.bench.synthetic import SyntheticBuild, ensure_synthetic, synthetic_dirs
from protokollet.errors import InvalidQuery
from protokollet.settings import Settings

T = TypeVar("T")
SIZE_RE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)(?P<unit>[km]?)$")
CORPUS = "corpus"
DEV_SET = Path(__file__).resolve().parent.parent / "evals" / "sets" / "dev.jsonl"
DEFAULT_BACKENDS = ("torch", "torch-bf16", "onnx", "onnx-int8", "openvino", "openvino-int8")
#: Targets of issue 9.
EMBED_SPEEDUP_TARGET = 3.0
EMBED_COSINE_TARGET = 0.99
HYBRID_P95_TARGET_MS = 50.0
HYBRID_RECALL_TARGET = 0.95
ASK_P95_TARGET_MS = 300.0
SERVING_RSS_TARGET_GB = 1.5


class BenchOptions(BaseModel):
    sizes: list[str] = [CORPUS, "100k", "1m"]
    backends: list[str] = list(DEFAULT_BACKENDS)
    cache_dir: Path = Path("protokollet-data/bench-cache")
    sample_dir: Path = Path("data/sample")
    questions: int | None = None  # dev-set questions used as queries (all when None)
    embed_passages: int = 256
    #: HNSW is built for comparison only up to this many paragraphs (it builds slowly on 2 cores).
    hnsw_max: int = 100_000
    progress: bool = True
    #: URL of a PostgreSQL server (admin rights to create databases): measure each size there too.
    postgres: str | None = None
    #: Skip ingest, embedding and index build: search sections only (sizes, PostgreSQL).
    only_search: bool = False


def parse_size(text: str) -> int | None:
    """`corpus` → None (the configured index); `100k` → 100000; `1m` → 1000000; `2500` → 2500."""
    text = text.strip().lower()
    if text == CORPUS:
        return None
    match = SIZE_RE.match(text)
    if not match:
        raise InvalidQuery(f"size {text!r} is not 'corpus' or a number like 5000, 100k, 1m")
    value = float(match.group("number")) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group("unit")]
    if value < 1:
        raise InvalidQuery(f"size {text!r} must be at least 1 paragraph")
    return int(value)


def load_questions(limit: int | None) -> list[str]:
    questions = [
        json.loads(line)["question"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line
    ]
    return questions[:limit] if limit else questions


def machine() -> Machine:
    import faiss
    import torch

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"
    return Machine(
        cpu_model=cpu,
        cores=cores,
        memory_gb=total_memory_bytes() / 1024**3,
        gpu=gpu,
        python=platform.python_version(),
        faiss=faiss.__version__,
        torch=torch.__version__,
    )


def in_child(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run `function` in a fresh process: its memory is measured alone and freed afterwards."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args, **kwargs).result()


def measure_ingest(sample_dir: Path) -> IngestResult:
    from protokollet.ingest.pipeline import expand_paths, ingest_paths
    from protokollet.store.open import open_store

    files, _ = expand_paths([sample_dir])
    megabytes = sum(path.stat().st_size for path in files) / 1024**2
    with tempfile.TemporaryDirectory(prefix="protokollet-bench-") as tmp:
        store = open_store(Settings(data_dir=Path(tmp)))
        try:
            report = ingest_paths([sample_dir], store, progress=False)
        finally:
            store.close()
    return IngestResult(
        files=len(report.files),
        paragraphs=report.paragraphs,
        megabytes=megabytes,
        seconds=report.seconds,
        files_per_s=len(report.files) / report.seconds,
        paragraphs_per_s=report.paragraphs / report.seconds,
    )


def measure_build(settings: Settings) -> BuildResult:
    """Re-index a copy of the configured data dir: every vector is reused, so this is the build
    without embedding (embedding time is the embedding section's passages/s)."""
    from protokollet.index.build import build_index
    from protokollet.index.embed.embedder import load_embedder
    from protokollet.store.open import open_store

    with tempfile.TemporaryDirectory(prefix="protokollet-bench-") as tmp:
        copy = settings.model_copy(update={"data_dir": Path(tmp), "database_path": None, "index_dir": None})
        with (
            sqlite3.connect(settings.resolved_database_path) as source,
            sqlite3.connect(copy.resolved_database_path) as target,
        ):
            source.backup(target)
        shutil.copytree(settings.resolved_index_dir, copy.resolved_index_dir)
        if settings.models_dir.exists():
            copy.models_dir.symlink_to(settings.models_dir.resolve(), target_is_directory=True)
        embedder = load_embedder(copy)
        store = open_store(copy)
        try:
            started = time.perf_counter()
            report = build_index(copy, store, embedder, progress=False)
            seconds = time.perf_counter() - started
        finally:
            store.close()
    return BuildResult(
        paragraphs=report.paragraphs,
        chunks=report.chunks,
        embedded=report.embedded,
        index_type=report.index_type,
        seconds=seconds,
    )


def measure_embedding_section(
    settings: Settings, backends: Sequence[str], passages: int, questions: list[str]
) -> tuple[list[dict[str, Any]], str]:
    try:
        from protokollet.bench.embedding import measure_embedding  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        return [], f"not measured: protokollet.bench.embedding is not available ({exc})"
    from protokollet.index.embed.optimize import corpus_passages

    texts = corpus_passages(settings, passages, prefixed=False)
    results = measure_embedding(settings, texts, questions[:50], list(backends))
    return [result.model_dump() for result in results], ""


def query_vectors(settings: Settings, questions: list[str], cache_dir: Path) -> dict[str, np.ndarray]:
    """The questions embedded once by the configured model (cached: synthetic sizes reuse them)."""
    digest = hashlib.sha1(json.dumps([settings.model, questions]).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"queries-{digest}.npy"
    if path.is_file():
        vectors = np.load(path)
    else:
        from protokollet.index.embed.embedder import load_embedder

        vectors = load_embedder(settings).embed_queries(questions)
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return {question.strip(): vectors[i] for i, question in enumerate(questions)}


def run_bench(settings: Settings, options: BenchOptions, log: Callable[[str], None] = print) -> BenchReport:
    sizes = [(label.strip().lower(), parse_size(label)) for label in options.sizes]
    questions = load_questions(options.questions)
    report = BenchReport(
        created=dt.datetime.now(dt.UTC),
        machine=machine(),
        model=settings.model,
        embed_backend=str(getattr(settings, "embed_backend", "torch")),
    )
    if not options.only_search:
        log("Measuring ingest ...")
        report.ingest = in_child(measure_ingest, options.sample_dir)
        log("Measuring embedding backends ...")
        report.embedding, report.embedding_note = in_child(
            measure_embedding_section, settings, options.backends, options.embed_passages, questions
        )
        log("Measuring index build at corpus size ...")
        report.build = in_child(measure_build, settings)
    vectors: dict[str, np.ndarray] | None = None
    for label, size in sizes:
        synthetic: SyntheticBuild | None = None
        hnsw_cache: Path | None = None
        if size is None:
            log(f"Measuring search at corpus size ({len(questions)} questions) ...")
            hnsw_cache = options.cache_dir / f"hnsw-corpus-{_fingerprint(settings)}.faiss"
            measurement = in_child(measure_size, settings, None, questions, None, hnsw_cache=hnsw_cache)
        else:
            log(f"Preparing synthetic size {label} ({size:,} paragraphs; cached in {options.cache_dir}) ...")
            root, synthetic = in_child(
                ensure_synthetic,
                settings.resolved_index_dir,
                settings.model,
                size,
                options.cache_dir / "synthetic",
                settings.exact_index_max,
                progress=options.progress,
            )
            ann_dir, exact_dir = synthetic_dirs(root)
            if vectors is None:
                vectors = in_child(query_vectors, settings, questions, options.cache_dir)
            if size <= options.hnsw_max:
                hnsw_cache = root / "hnsw.faiss"
            log(f"Measuring search at {label} ...")
            measurement = in_child(
                measure_size,
                settings.model_copy(update={"index_dir": ann_dir}),
                exact_dir,
                questions,
                vectors,
                hnsw_cache=hnsw_cache,
            )
        report.sizes.append(SizeResult(label=label, synthetic=synthetic, measurement=measurement))
        if options.postgres:
            if vectors is None:
                vectors = in_child(query_vectors, settings, questions, options.cache_dir)
            log(f"Measuring PostgreSQL at {label} (database filled once, then reused) ...")
            report.postgres.append(
                in_child(
                    measure_postgres,
                    settings,
                    options.postgres,
                    label,
                    None if synthetic is None else ann_dir,
                    None if synthetic is None else exact_dir,
                    questions,
                    vectors,
                    progress=options.progress,
                )
            )
    report.targets = check_targets(report)
    report.notes = notes(report)
    return report


def _fingerprint(settings: Settings) -> str:
    from protokollet.index.snapshot import read_manifest

    return read_manifest(settings.resolved_index_dir).paragraph_fingerprint[:12]


def check_targets(report: BenchReport) -> list[TargetCheck]:
    checks: list[TargetCheck] = []
    good = [
        row
        for row in report.embedding
        if row.get("available", True) and row.get("mean_cosine", 0) >= EMBED_COSINE_TARGET
    ]
    if report.embedding:
        best = max(good, key=lambda row: row.get("ratio_to_baseline", 0), default=None)
        checks.append(
            TargetCheck(
                name="embedding speed",
                target=f">= {EMBED_SPEEDUP_TARGET:.0f}x torch fp32 at cosine >= {EMBED_COSINE_TARGET}",
                measured=(
                    f"{best['backend']}: {best['ratio_to_baseline']:.2f}x, "
                    f"mean cosine {best['mean_cosine']:.4f}"
                    if best
                    else "no backend at cosine >= 0.99"
                ),
                met=bool(best and best["ratio_to_baseline"] >= EMBED_SPEEDUP_TARGET),
            )
        )
    corpus = next((s for s in report.sizes if s.label == CORPUS), None)
    query_p95 = (
        corpus.measurement.query_embedding.p95_ms if corpus and corpus.measurement.query_embedding else None
    )
    million = next((s for s in report.sizes if s.measurement.paragraphs >= 1_000_000), None)
    if million:
        memory = million.measurement.memory
        model = corpus.measurement.memory.model_rss_bytes if corpus else 0
        serving = (memory.rss_process_bytes + model) / 1024**3
        checks.append(
            TargetCheck(
                name=f"serving memory at {million.measurement.paragraphs:,} paragraphs",
                target=f"RSS <= {SERVING_RSS_TARGET_GB} GB",
                measured=(
                    f"{memory.rss_process_bytes / 1024**2:.0f} MB process after the queries"
                    + (f" + {model / 1024**2:.0f} MB query model (at corpus size)" if model else "")
                    + f" = {serving:.2f} GB"
                ),
                met=serving <= SERVING_RSS_TARGET_GB,
            )
        )
        hybrid = _row(million.measurement, "hybrid")
        total = hybrid.latency.p95_ms + (query_p95 or 0.0)
        recall = hybrid.recall_at_10 if hybrid.recall_at_10 is not None else 1.0
        checks.append(
            TargetCheck(
                name=f"hybrid search at {million.measurement.paragraphs:,} paragraphs",
                target=f"p95 < {HYBRID_P95_TARGET_MS:.0f} ms, recall@10 >= {HYBRID_RECALL_TARGET}",
                measured=(
                    f"p95 {hybrid.latency.p95_ms:.1f} ms retrieval"
                    + (
                        f" + {query_p95:.1f} ms query embedding = {total:.1f} ms"
                        if query_p95 is not None
                        else ""
                    )
                    + f", recall@10 {recall:.3f}"
                ),
                met=total < HYBRID_P95_TARGET_MS and recall >= HYBRID_RECALL_TARGET,
            )
        )
    if corpus:
        ask = _row(corpus.measurement, "ask")
        checks.append(
            TargetCheck(
                name="ask on the shared corpus",
                target=f"p95 < {ASK_P95_TARGET_MS:.0f} ms",
                measured=f"p95 {ask.latency.p95_ms:.1f} ms",
                met=ask.latency.p95_ms < ASK_P95_TARGET_MS,
            )
        )
    return checks


def _row(measurement: SizeMeasurement, mode: str) -> Any:
    return next(row for row in measurement.search if row.mode == mode)


def notes(report: BenchReport) -> list[str]:
    lines = []
    for size in report.sizes:
        b = size.synthetic
        if b:
            lines.append(
                f"{size.label}: {b.copies} copies of the {b.source_paragraphs}-paragraph corpus with new "
                "ids, municipality and dates; vectors reused with corpus-covariance noise "
                f"(sigma {b.noise_sigma:.3f}) "
                f"so the median copy-source cosine {b.copy_cosine_median:.3f} equals the corpus' median "
                f"nearest-neighbour cosine {b.corpus_nn_cosine_median:.3f}. Query embedding is excluded from "
                "synthetic-size latencies (measured at corpus size)."
            )
    if report.machine.gpu == "none":
        lines.append("No GPU on this machine: all figures are CPU.")
    return lines


def write_report(report: BenchReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, path)
