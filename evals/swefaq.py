"""SweFAQ 2.0 (SuperLim 2, CC BY 4.0) as a retrieval benchmark for our embedding model and retrievers.

Each line of a split holds a question, the shuffled answers of its FAQ category and the index of the
right one. As in the Scandinavian Embedding Benchmark (MTEB's `SweFaqRetrieval`), the task is retrieval:
every question is searched against the pool of all distinct answers of the split (every category at
once), and the one correct answer is the only relevant document. Scores come from ranx, so they are
comparable with the published nDCG@10 / MRR@10 / recall@10.

The retrievers are ours: the configured embedder (E5 "query: " / "passage: " prefixes) over an
in-memory FAISS index, the Swedish BM25 index from `index/lexical.py`, and reciprocal rank fusion from
`index/fusion.py` for hybrid, with the same candidate depth as `index/search.py`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel
from ranx import Qrels, Run
from scipy.stats import bootstrap

from protokollet.errors import BadDocument
from protokollet.evals.metrics import ranx_scores
from protokollet.index.dense import build_faiss
from protokollet.index.fusion import ranked, reciprocal_rank_fusion
from protokollet.index.lexical import LexicalIndex
from protokollet.index.search import hybrid_depth

Mode = Literal["dense", "lexical", "hybrid"]
Split = Literal["dev", "test", "all"]
DATA_DIR = Path(__file__).resolve().parent / "data" / "swefaq"
#: Ranked answers kept per question; the metrics look at the top 10.
K = 10
#: Published by the Scandinavian Embedding Benchmark for intfloat/multilingual-e5-small on SweFAQ.
SEB_E5_SMALL = {"ndcg@10": 0.687, "mrr@10": 0.628, "recall@10": 0.869}
SWEFAQ_METRICS = ("ndcg@10", "mrr@10", "recall@10", "hit@1", "hit@5")


class PassageEmbedder(Protocol):
    """What the benchmark needs from `protokollet.index.embed.embedder.Embedder`."""

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...


class RetrievalTask(BaseModel):
    """Queries, a document pool and which document answers each query (ids are strings, as ranx wants)."""

    name: str
    queries: dict[str, str]
    corpus: dict[str, str]
    qrels: dict[str, dict[str, int]]
    categories: int


class SweFaqResult(BaseModel):
    split: str
    mode: str
    model: str
    queries: int
    pool: int
    metrics: dict[str, float]
    ci95: dict[str, tuple[float, float]]
    seconds: float


def parse_swefaq(lines: Sequence[str], *, name: str) -> RetrievalTask:
    """SuperLim 2 JSONL lines → retrieval task over the split's pooled distinct answers."""
    queries: dict[str, str] = {}
    corpus: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    answer_ids: dict[str, str] = {}
    categories: set[object] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            answers: list[str] = row["candidate_answers"]
            correct = answers[int(row["label"])]
            question = str(row["question"])
            categories.add(row["category_id"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise BadDocument(f"{name} line {number}: not a SweFAQ record ({exc!r})") from None
        for answer in answers:
            if answer not in answer_ids:
                answer_ids[answer] = f"a{len(answer_ids)}"
                corpus[answer_ids[answer]] = answer
        query_id = f"q{len(queries)}"
        queries[query_id] = question
        qrels[query_id] = {answer_ids[correct]: 1}
    return RetrievalTask(name=name, queries=queries, corpus=corpus, qrels=qrels, categories=len(categories))


def load_swefaq(split: Split = "test", directory: Path = DATA_DIR) -> RetrievalTask:
    """One split as a retrieval task; "all" pools dev and test (219 questions) for a tighter estimate."""
    lines: list[str] = []
    for part in ("dev", "test") if split == "all" else (split,):
        path = directory / f"swefaq_{part}.jsonl"
        if not path.is_file():
            raise BadDocument(f"SweFAQ split {part!r} not found at {path}")
        lines.extend(path.read_text(encoding="utf-8").splitlines())
    return parse_swefaq(lines, name=f"swefaq_{split}")


def dense_rankings(
    task: RetrievalTask, embedder: PassageEmbedder, depth: int, *, progress: bool = False
) -> dict[str, list[str]]:
    """Query id → answer ids by cosine similarity (E5 prefixes added by the embedder), exact FAISS."""
    doc_ids = list(task.corpus)
    passages = embedder.embed_passages([task.corpus[d] for d in doc_ids], progress=progress)
    index = build_faiss(passages, exact_max=len(doc_ids))
    query_ids = list(task.queries)
    vectors = embedder.embed_queries([task.queries[q] for q in query_ids])
    _, positions = index.search(np.ascontiguousarray(vectors, dtype=np.float32), min(depth, len(doc_ids)))
    return {qid: [doc_ids[p] for p in positions[row] if p >= 0] for row, qid in enumerate(query_ids)}


def lexical_rankings(task: RetrievalTask, depth: int) -> dict[str, list[str]]:
    """Query id → answer ids by BM25 over our Swedish analyzer (stemming, compound parts)."""
    doc_ids = list(task.corpus)
    index = LexicalIndex.build([task.corpus[d] for d in doc_ids])
    return {
        qid: [doc_ids[position] for position, _ in index.search(query, depth)]
        for qid, query in task.queries.items()
    }


def to_run(rankings: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Top `K` of each ranking with 1 / rank as the score: ranx re-sorts by score, and our order stands."""
    return {
        qid: {doc: 1.0 / rank for rank, doc in enumerate(order[:K], start=1)}
        for qid, order in rankings.items()
    }


def fuse(dense: dict[str, list[str]], lexical: dict[str, list[str]]) -> dict[str, list[str]]:
    """Hybrid ranking per query: reciprocal rank fusion, as `index/search.py` does it."""
    return {qid: ranked(reciprocal_rank_fusion([dense[qid], lexical[qid]])) for qid in dense}


def evaluate_task(task: RetrievalTask, run: dict[str, dict[str, float]]) -> dict[str, list[float]]:
    """Per-query ranx scores (a query with no hit scores 0), metric → list in query order."""
    per_query = ranx_scores(Qrels(task.qrels), Run(run))
    return {metric: [per_query[qid][metric] for qid in task.queries] for metric in SWEFAQ_METRICS}


def _ci95(values: Sequence[float], seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap 95 % interval of the mean (SciPy), to show how much a small split wobbles."""
    result = bootstrap(
        (np.asarray(values),),
        np.mean,
        n_resamples=5_000,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def run_swefaq(
    split: Split,
    modes: Sequence[Mode],
    embedder: PassageEmbedder | None,
    *,
    model: str,
    directory: Path = DATA_DIR,
    progress: bool = False,
) -> list[SweFaqResult]:
    """Score each retrieval mode on one split; the answers are embedded once for all modes."""
    task = load_swefaq(split, directory)
    depth = hybrid_depth(K)  # the hybrid candidate depth of `index/search.py`
    dense = lexical = None
    results: list[SweFaqResult] = []
    for mode in modes:
        started = time.perf_counter()
        if mode in ("dense", "hybrid") and dense is None:
            if embedder is None:
                raise ValueError("dense and hybrid retrieval need an embedder")
            dense = dense_rankings(task, embedder, depth, progress=progress)
        if mode in ("lexical", "hybrid") and lexical is None:
            lexical = lexical_rankings(task, depth)
        if mode == "hybrid" and dense is not None and lexical is not None:
            rankings = fuse(dense, lexical)
        elif mode == "dense" and dense is not None:
            rankings = dense
        elif mode == "lexical" and lexical is not None:
            rankings = lexical
        else:
            raise ValueError(f"unknown retrieval mode {mode!r}")
        scores = evaluate_task(task, to_run(rankings))
        results.append(
            SweFaqResult(
                split=split,
                mode=mode,
                model=model if mode != "lexical" else "bm25",
                queries=len(task.queries),
                pool=len(task.corpus),
                metrics={metric: float(np.mean(values)) for metric, values in scores.items()},
                ci95={metric: _ci95(values) for metric, values in scores.items()},
                seconds=time.perf_counter() - started,
            )
        )
    return results
