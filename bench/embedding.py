"""Embedding throughput, single-query latency and fidelity per backend, side by side with torch fp32.

The baseline row (sentence-transformers fp32 on torch) is measured in the same call, so ratios
hold even on a shared, noisy machine. Cosine is each backend's vector against the baseline's, per
passage. `python -m protokollet.bench.embedding` runs it on the chunks of the store in
PROTOKOLLET_DATA_DIR and prints a table.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from protokollet.errors import ProtokolletError
from protokollet.index.embed.embedder import Embedder, load_embedder
from protokollet.index.embed.variants import AUTO, BACKENDS, TORCH, VARIANTS
from protokollet.settings import Settings, get_settings
from protokollet.stats import percentiles

#: Single-query latency samples per backend (after one warm-up query).
QUERY_REPEATS = 20


class EmbeddingResult(BaseModel):
    """One backend's figures; `available` is False (and `note` says why) when it could not run."""

    backend: str
    passages: int
    tokens: int
    seconds: float
    passages_per_s: float
    tokens_per_s: float
    ratio_to_baseline: float
    mean_cosine: float
    min_cosine: float
    query_ms_p50: float
    query_ms_p95: float
    available: bool
    note: str = ""


def measure_embedding(
    settings: Settings, passages: Sequence[str], queries: Sequence[str], backends: Sequence[str]
) -> list[EmbeddingResult]:
    """The torch fp32 baseline first, then each of `backends` (passages and queries without prefixes)."""
    baseline_embedder = load_embedder(settings, backend=TORCH)
    tokens = sum(baseline_embedder.count_tokens(baseline_embedder.passage_prefix + p) for p in passages)
    baseline_vectors, baseline = _measure(baseline_embedder, passages, queries, tokens, None)
    results = [baseline]
    for name in backends:
        if name == TORCH:
            continue
        try:
            embedder = load_embedder(settings, backend=name)
        except (ProtokolletError, ImportError) as exc:
            results.append(_unavailable(name, len(passages), tokens, str(exc)))
            continue
        _, result = _measure(embedder, passages, queries, tokens, (baseline_vectors, baseline.seconds))
        if name == AUTO:
            result.note = f"auto -> {embedder.backend}"
        results.append(result)
    return results


def _measure(
    embedder: Embedder,
    passages: Sequence[str],
    queries: Sequence[str],
    tokens: int,
    baseline: tuple[np.ndarray, float] | None,
) -> tuple[np.ndarray, EmbeddingResult]:
    embedder.embed_passages(list(passages[:4]))  # warm-up: lazy graph compilation, thread pools
    started = time.perf_counter()
    vectors = embedder.embed_passages(list(passages))
    seconds = time.perf_counter() - started
    query_p50, query_p95 = percentiles(_query_latencies_ms(embedder, queries), [50, 95])
    if baseline is None:
        cosines, ratio = np.ones(len(passages)), 1.0
    else:
        cosines, ratio = np.sum(vectors * baseline[0], axis=1), baseline[1] / seconds
    result = EmbeddingResult(
        backend=embedder.backend,
        passages=len(passages),
        tokens=tokens,
        seconds=round(seconds, 3),
        passages_per_s=len(passages) / seconds,
        tokens_per_s=tokens / seconds,
        ratio_to_baseline=ratio,
        mean_cosine=float(cosines.mean()) if len(cosines) else 1.0,
        min_cosine=float(cosines.min()) if len(cosines) else 1.0,
        query_ms_p50=query_p50,
        query_ms_p95=query_p95,
        available=True,
    )
    return vectors, result


def _query_latencies_ms(embedder: Embedder, queries: Sequence[str]) -> list[float]:
    """Milliseconds to embed one short query, the way search and ask embed it."""
    pool = list(queries) or ["Vad beslutade kommunstyrelsen om budgeten?"]
    embedder.embed_queries([pool[0]])
    latencies = []
    for i in range(QUERY_REPEATS):
        started = time.perf_counter()
        embedder.embed_queries([pool[i % len(pool)]])
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _unavailable(backend: str, passages: int, tokens: int, note: str) -> EmbeddingResult:
    nan = float("nan")
    return EmbeddingResult(
        backend=backend,
        passages=passages,
        tokens=tokens,
        seconds=nan,
        passages_per_s=nan,
        tokens_per_s=nan,
        ratio_to_baseline=nan,
        mean_cosine=nan,
        min_cosine=nan,
        query_ms_p50=nan,
        query_ms_p95=nan,
        available=False,
        note=note,
    )


def store_passages(settings: Settings, count: int, seed: int = 0) -> list[str]:
    """A reproducible sample of the store's chunk texts as indexing embeds them (without the prefix)."""
    from protokollet.index.embed.optimize import corpus_passages

    return corpus_passages(settings, count, seed=seed, prefixed=False)


def store_queries(settings: Settings) -> list[str]:
    """The dev set's questions: short queries as users type them."""
    from protokollet.evals.runner import load_eval_set

    return [question.question for question in load_eval_set("dev").questions]


def format_table(results: Sequence[EmbeddingResult]) -> str:
    header = (
        f"{'backend':<14} {'pass/s':>8} {'tok/s':>8} {'x torch':>8} {'cos mean':>9} {'cos min':>9} "
        f"{'q p50 ms':>9} {'q p95 ms':>9}  note"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        if not r.available:
            lines.append(f"{r.backend:<14} {'unavailable':>8}  {r.note}")
            continue
        lines.append(
            f"{r.backend:<14} {r.passages_per_s:8.2f} {r.tokens_per_s:8.0f} {r.ratio_to_baseline:8.2f} "
            f"{r.mean_cosine:9.5f} {r.min_cosine:9.5f} {r.query_ms_p50:9.1f} {r.query_ms_p95:9.1f}  {r.note}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--passages", type=int, default=128, help="stored chunks to embed")
    parser.add_argument(
        "--backend",
        action="append",
        choices=BACKENDS,
        help="backend to compare (repeatable); default: the exported variants (torch-bf16 only on request)",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    passages = store_passages(settings, args.passages)
    if not passages:
        raise SystemExit(f"error: the store in {settings.data_dir} holds no paragraphs")
    backends = args.backend or list(VARIANTS)
    results = measure_embedding(settings, passages, store_queries(settings), backends)
    tokens = results[0].tokens
    print(f"{len(passages)} passages, {tokens / len(passages):.0f} tokens each on average")
    print(format_table(results))


if __name__ == "__main__":
    main()
