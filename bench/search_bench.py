"""Search, `ask` and dense-index latency at one corpus size, with recall@10 against exact search.

Everything goes through the public paths: `Searcher(settings, embedder).search(...)` and
`answer_question(...)` over an index directory, so what is measured is what the API serves. Each
size runs in a fresh process (see `bench/run.py`) so resident memory is that size's alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel

from protokollet.bench.measure import (
    Latency,
    per_million,
    recall_at_k,
    rss_bytes,
    rss_file_bytes,
    timed_calls,
    tree_bytes,
)
from protokollet.index.dense import FLAT, INDEX_FILE, IVF, VECTORS_FILE, DenseIndex, make_faiss
from protokollet.index.paragraph_table import TABLE_FILE
from protokollet.index.search import Mode, QueryEmbedder, Searcher, SearchHit
from protokollet.index.snapshot import LEXICAL_DIR, current_version, read_manifest
from protokollet.settings import Settings

MODES: tuple[Mode, ...] = ("dense", "lexical", "hybrid")
K = 10
#: nprobe values tried on an IVF index (the configured one is always included).
NPROBE_SWEEP = (16, 32, 48, 64)


class SearchRow(BaseModel):
    """Latency of one search mode (or `ask`) at one size; recall@10 vs exact search over the same data."""

    mode: str
    index_type: str
    latency: Latency
    recall_at_10: float | None = None
    includes_query_embedding: bool


class DenseRow(BaseModel):
    """One FAISS index variant over the same vectors: build cost, size, latency, recall@10 vs exact."""

    index: str
    build_seconds: float | None
    index_bytes: int
    bytes_per_million: float
    latency: Latency
    recall_at_10: float


class MemoryRow(BaseModel):
    """What serving this size costs: process memory for the loaded index, and its parts on disk."""

    load_seconds: float
    rss_delta_bytes: int
    #: RSS growth once every question was searched (memory-mapped pages the queries touched included).
    rss_after_queries_delta_bytes: int = 0
    #: The whole process's RSS then: Python, libraries, the index (and the model where it was loaded).
    rss_process_bytes: int = 0
    #: Of `rss_process_bytes`, file pages (memory-mapped index files and libraries, reclaimable).
    rss_process_file_bytes: int = 0
    #: RSS growth from loading the query-embedding model (0 where fixed query vectors stand in for it).
    model_rss_bytes: int = 0
    faiss_bytes: int
    vectors_bytes: int
    bm25_bytes: int
    paragraphs_bytes: int
    rss_per_million: float
    faiss_per_million: float
    bm25_per_million: float


class SizeMeasurement(BaseModel):
    paragraphs: int
    chunks: int
    index_type: str
    query_embedding: Latency | None  # one question per call, when the real model was used
    search: list[SearchRow]
    dense: list[DenseRow]
    memory: MemoryRow


class FixedQueryEmbedder:
    """Query vectors computed once up front: synthetic sizes time retrieval, not the model (that is
    measured at corpus size and in the embedding section)."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self._vectors = vectors
        self.dimension = len(next(iter(vectors.values())))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vectors[text.strip()] for text in texts])


def measure_size(
    settings: Settings,
    exact_index_dir: Path | None,
    questions: list[str],
    query_vectors: dict[str, np.ndarray] | None,
    *,
    with_ask: bool = True,
    hnsw_cache: Path | None = None,
) -> SizeMeasurement:
    """Measure the index at `settings.resolved_index_dir`; recall against `exact_index_dir` if given."""
    embedder: QueryEmbedder
    query_embedding: Latency | None = None
    model_rss = 0
    if query_vectors is None:
        from protokollet.index.embed.embedder import load_embedder

        without_model = rss_bytes()
        embedder = load_embedder(settings)
        model_rss = rss_bytes() - without_model
        query_embedding, _ = timed_calls(questions, lambda q: embedder.embed_queries([q]))
    else:
        embedder = FixedQueryEmbedder(query_vectors)
    index_dir = settings.resolved_index_dir
    before = rss_bytes()
    started = time.perf_counter()
    searcher = Searcher(settings, embedder)
    load_seconds = time.perf_counter() - started
    rss_delta = rss_bytes() - before
    manifest = read_manifest(index_dir)
    rows, found = _search_rows(searcher, questions, manifest.faiss_index_type, query_vectors is None)
    if with_ask:
        rows.append(_ask_row(searcher, settings, questions, manifest.faiss_index_type, query_vectors is None))
    rss_process = rss_bytes()
    rss_process_file = rss_file_bytes()
    del searcher
    version_dir = index_dir / (current_version(index_dir) or "")
    if exact_index_dir is not None:
        exact = Searcher(settings.model_copy(update={"index_dir": exact_index_dir}), embedder)
        _, truth = _search_rows(exact, questions, FLAT, query_vectors is None)
        del exact
        for row in rows:
            if row.mode in truth:
                row.recall_at_10 = recall_at_k(found[row.mode], truth[row.mode], K)
    memory = MemoryRow(
        load_seconds=load_seconds,
        rss_delta_bytes=rss_delta,
        rss_after_queries_delta_bytes=rss_process - before,
        rss_process_bytes=rss_process,
        rss_process_file_bytes=rss_process_file,
        model_rss_bytes=model_rss,
        faiss_bytes=tree_bytes(version_dir / INDEX_FILE),
        vectors_bytes=tree_bytes(version_dir / VECTORS_FILE),
        bm25_bytes=tree_bytes(version_dir / LEXICAL_DIR),
        paragraphs_bytes=tree_bytes(version_dir / TABLE_FILE),
        rss_per_million=per_million(rss_delta, manifest.paragraphs),
        faiss_per_million=per_million(tree_bytes(version_dir / INDEX_FILE), manifest.paragraphs),
        bm25_per_million=per_million(tree_bytes(version_dir / LEXICAL_DIR), manifest.paragraphs),
    )
    query_matrix = (
        np.stack([query_vectors[q] for q in questions])
        if query_vectors is not None
        else embedder.embed_queries(questions)
    )
    dense_rows = dense_variants(version_dir, exact_index_dir, query_matrix, hnsw_cache=hnsw_cache)
    return SizeMeasurement(
        paragraphs=manifest.paragraphs,
        chunks=manifest.chunks,
        index_type=manifest.faiss_index_type,
        query_embedding=query_embedding,
        search=rows,
        dense=dense_rows,
        memory=memory,
    )


def _search_rows(
    searcher: Searcher, questions: list[str], index_type: str, with_embedding: bool
) -> tuple[list[SearchRow], dict[str, list[list[str]]]]:
    rows: list[SearchRow] = []
    found: dict[str, list[list[str]]] = {}
    for mode in MODES:
        latency, results = timed_calls(questions, _searching(searcher, mode))
        found[mode] = [[hit.context.paragraph_id for hit in hits] for hits in results]
        rows.append(
            SearchRow(
                mode=mode,
                index_type=index_type,
                latency=latency,
                includes_query_embedding=with_embedding and mode != "lexical",
            )
        )
    return rows, found


def _searching(searcher: Searcher, mode: Mode) -> Callable[[str], list[SearchHit]]:
    return lambda question: searcher.search(question, k=K, mode=mode)


def _ask_row(
    searcher: Searcher, settings: Settings, questions: list[str], index_type: str, with_embedding: bool
) -> SearchRow:
    from protokollet.service.answer import answer_question

    latency, _ = timed_calls(questions, lambda q: answer_question(q, searcher, settings=settings))
    return SearchRow(
        mode="ask", index_type=index_type, latency=latency, includes_query_embedding=with_embedding
    )


def dense_variants(
    version_dir: Path, exact_index_dir: Path | None, queries: np.ndarray, *, hnsw_cache: Path | None
) -> list[DenseRow]:
    """Raw FAISS-level comparison over the same vectors: exact, the chosen index at several nprobe
    values, and HNSW when `hnsw_cache` says where to keep it (its build is slow)."""
    chosen = DenseIndex.load(version_dir)
    if exact_index_dir is not None:
        exact = DenseIndex.load(exact_index_dir / (current_version(exact_index_dir) or ""))
    else:
        exact = (
            chosen
            if chosen.index_type == FLAT
            else DenseIndex(make_faiss(chosen.vectors, "flat"), chosen.vectors)
        )
    count = exact.size
    truth, exact_latency = _run_dense(exact, queries)
    exact_bytes = (
        tree_bytes(exact_index_dir / (current_version(exact_index_dir) or "") / INDEX_FILE)
        if exact_index_dir is not None
        else exact.index_bytes
    )
    rows = [_dense_row("exact (IndexFlatIP)", exact_bytes, None, exact_latency, truth, truth, count)]
    if chosen.index_type == IVF:
        import faiss

        ivf = faiss.extract_index_ivf(chosen.index)
        configured = int(ivf.nprobe)
        for nprobe in sorted({*NPROBE_SWEEP, configured}):
            ivf.nprobe = min(nprobe, int(ivf.nlist))
            found, latency = _run_dense(chosen, queries)
            label = f"IVF{ivf.nlist},SQ8 nprobe={nprobe} +exact rescore" + (
                " (default)" if nprobe == configured else ""
            )
            rows.append(
                _dense_row(label, tree_bytes(version_dir / INDEX_FILE), None, latency, found, truth, count)
            )
        ivf.nprobe = configured
    if hnsw_cache is not None and count > 0:
        rows.append(_hnsw_row(exact, queries, truth, hnsw_cache))
    return rows


def _hnsw_row(exact: DenseIndex, queries: np.ndarray, truth: list[list[str]], cache: Path) -> DenseRow:
    import faiss

    from protokollet.index.dense import HNSW_EF_SEARCH

    build_seconds: float | None = None
    index: Any  # faiss' stubs type read_index as the base Index, without `hnsw`
    if cache.is_file():
        index = faiss.read_index(str(cache))
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        started = time.perf_counter()
        index = make_faiss(np.asarray(exact.vectors), "hnsw")
        build_seconds = time.perf_counter() - started
        cache.parent.mkdir(parents=True, exist_ok=True)
        faiss.write_index(index, str(cache))
        cache.with_suffix(".seconds").write_text(f"{build_seconds}\n", encoding="utf-8")
    if build_seconds is None and cache.with_suffix(".seconds").is_file():
        build_seconds = float(cache.with_suffix(".seconds").read_text(encoding="utf-8"))
    hnsw = DenseIndex(index, exact.vectors)
    found, latency = _run_dense(hnsw, queries)
    label = f"HNSW32 efSearch={HNSW_EF_SEARCH}"
    return _dense_row(label, tree_bytes(cache), build_seconds, latency, found, truth, exact.size)


def _run_dense(index: DenseIndex, queries: np.ndarray) -> tuple[list[list[str]], Latency]:
    latency, results = timed_calls(list(queries), lambda q: index.search(q, K))
    return [[str(position) for position, _ in hits] for hits in results], latency


def _dense_row(
    label: str,
    size: int,
    build_seconds: float | None,
    latency: Latency,
    found: list[list[str]],
    truth: list[list[str]],
    count: int,
) -> DenseRow:
    return DenseRow(
        index=label,
        build_seconds=build_seconds,
        index_bytes=size,
        bytes_per_million=per_million(size, count) if count else math.nan,
        latency=latency,
        recall_at_10=recall_at_k(found, truth, K),
    )
