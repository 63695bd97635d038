"""Hybrid search over the index: dense for paraphrases, BM25 for exact things, fused by rank.

A `Searcher` is opened once and reused (the API keeps one); it runs over a retrieval backend
(`retrieval.py`: the embedded snapshot files or PostgreSQL), which follows a rebuilt index by itself.
Validation, fusion and hit building live here only, so both backends rank and cite alike. Filters are
applied before the ranking is cut to `k`, so a filtered search returns `k` hits whenever `k` matching
paragraphs exist. Results are paragraphs:
a paragraph split into several chunks counts once, by its best chunk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel

from protokollet.errors import InvalidQuery, ModelMismatch
from protokollet.index.fusion import ranked, reciprocal_rank_fusion, weighted_sum
from protokollet.index.retrieval import (
    ChunkHit,
    IndexInfo,
    RetrievalBackend,
    RetrievalIndex,
    SearchFilters,
    active,
)
from protokollet.models import ParagraphContext
from protokollet.settings import Settings

__all__ = [
    "MIN_CANDIDATES",
    "Fusion",
    "Mode",
    "QueryEmbedder",
    "SearchFilters",
    "SearchHit",
    "Searcher",
    "hybrid_depth",
]

Mode = Literal["dense", "lexical", "hybrid"]
Fusion = Literal["rrf", "weighted"]
#: Paragraphs each retriever contributes to the fusion, at least.
MIN_CANDIDATES = 50
#: Paragraphs each retriever contributes to the fusion per hit asked for (when that is more).
CANDIDATES_PER_HIT = 3
#: Threads that run the dense half of hybrid searches beside their lexical half, for an index whose
#: halves wait on a database (`RetrievalIndex.concurrent`); more hybrid searches at once wait for one.
DENSE_THREADS = 8


def hybrid_depth(k: int) -> int:
    """Paragraphs each retriever hands the fusion when a hybrid search asks for `k` hits."""
    return max(MIN_CANDIDATES, CANDIDATES_PER_HIT * k)


class QueryEmbedder(Protocol):
    """What search needs from the embedding model (`protokollet.index.embed.embedder.Embedder`)."""

    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


class SearchHit(BaseModel):
    """One ranked paragraph; `chunk_start`/`chunk_end` place the best-matching piece in its text."""

    context: ParagraphContext
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    chunk_id: str
    chunk_start: int
    chunk_end: int


def open_backend(settings: Settings) -> RetrievalBackend:
    """The configured index: the embedded snapshot files (default) or PostgreSQL when a URL is set."""
    url = settings.postgres_url
    if url:
        from protokollet.index.postgres.retrieval import PostgresBackend

        return PostgresBackend(url, settings.model)
    from protokollet.index.retrieval_embedded import EmbeddedBackend

    return EmbeddedBackend(settings.resolved_index_dir, settings.model)


class SearchResults(list[SearchHit]):
    """The hits, best first, with the index version they came from. Whatever else a caller reads from
    the index for these hits (the analyzer, term statistics) comes from `from_index`, so a rebuild
    landing meanwhile cannot mix two versions in one answer."""

    def __init__(self, hits: Sequence[SearchHit], from_index: RetrievalIndex) -> None:
        super().__init__(hits)
        self.from_index = from_index


class Searcher:
    """Searches the serving index; cheap to call repeatedly, follows the index when it is rebuilt."""

    def __init__(
        self,
        settings: Settings,
        embedder: QueryEmbedder | None = None,
        *,
        embedder_loader: Callable[[Settings], QueryEmbedder] | None = None,
        backend: RetrievalBackend | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._embedder_loader = embedder_loader
        self._lock = threading.Lock()
        self._threads: ThreadPoolExecutor | None = None
        self.backend = backend or open_backend(settings)
        # The same question comes back (another filter, the other tab, a colleague): its vector is
        # remembered, which saves the costliest step of a search (~12 ms of CPU per query here).
        self._query_vector = lru_cache(maxsize=settings.query_cache_size)(self._embed_query)
        if embedder is not None:
            self._check_dimension(embedder, self.index.info)

    @property
    def index(self) -> RetrievalIndex:
        """The serving index version (a newer one once `protokollet index` has rebuilt it)."""
        return self.backend.current()

    @property
    def embedder(self) -> QueryEmbedder:
        """The query embedder, loaded on first dense search so lexical-only use stays light."""
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    loader = self._embedder_loader or _default_loader
                    embedder = loader(self.settings)
                    self._check_dimension(embedder, self.index.info)
                    self._embedder = embedder
        return self._embedder

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        mode: Mode = "hybrid",
        filters: SearchFilters | None = None,
        fusion: Fusion = "rrf",
        dense_weight: float = 0.5,
        depth: int | None = None,
    ) -> SearchResults:
        """The `k` best paragraphs for `query` among those passing `filters`, and the version searched.

        `depth`: candidates each retriever hands a hybrid fusion (default `hybrid_depth(k)`); a caller
        reading past its first hits keeps the depth of those, so they rank as in a search for them alone.
        """
        query = query.strip()
        if not query:
            raise InvalidQuery("the question is empty")
        if k < 1:
            raise InvalidQuery("k must be at least 1")
        if filters and filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise InvalidQuery("the from-date lies after the to-date")
        filters = active(filters)
        index = self.index  # one version for the whole search, even if a rebuild lands meanwhile
        depth = (depth or hybrid_depth(k)) if mode == "hybrid" else k
        dense: list[ChunkHit] = []
        lexical: list[ChunkHit] = []
        if mode == "hybrid" and index.concurrent:  # both halves at once: the slower one's time, not the sum
            pending = self._dense_threads().submit(
                index.dense, self._query_vector(query).copy(), depth, filters
            )
            lexical = index.lexical(query, depth, filters)
            dense = pending.result()
        else:
            if mode in ("dense", "hybrid"):
                dense = index.dense(self._query_vector(query).copy(), depth, filters)
            if mode in ("lexical", "hybrid"):
                lexical = index.lexical(query, depth, filters)
        if mode == "dense":
            scores = {hit.paragraph_id: hit.score for hit in dense}
        elif mode == "lexical":
            scores = {hit.paragraph_id: hit.score for hit in lexical}
        elif fusion == "rrf":
            scores = reciprocal_rank_fusion(
                [[h.paragraph_id for h in dense], [h.paragraph_id for h in lexical]]
            )
        else:
            scores = weighted_sum(
                {hit.paragraph_id: hit.score for hit in dense},
                {hit.paragraph_id: hit.score for hit in lexical},
                dense_weight,
            )
        top = ranked(scores)[:k]
        contexts = index.contexts(top)
        dense_ranks = _ranks(dense)
        lexical_ranks = _ranks(lexical)
        hits = [
            _hit(contexts[pid], scores[pid], dense_ranks.get(pid), lexical_ranks.get(pid))
            for pid in top
            if pid in contexts  # a paragraph removed by a concurrent re-index is left out
        ]
        return SearchResults(hits, index)

    def _dense_threads(self) -> ThreadPoolExecutor:
        if self._threads is None:
            with self._lock:
                if self._threads is None:
                    self._threads = ThreadPoolExecutor(DENSE_THREADS, thread_name_prefix="dense")
        return self._threads

    def _embed_query(self, query: str) -> np.ndarray:
        return self.embedder.embed_queries([query])[0]

    @staticmethod
    def _check_dimension(embedder: QueryEmbedder, info: IndexInfo) -> None:
        if embedder.dimension != info.dimension:
            raise ModelMismatch(
                f"the index holds {info.dimension}-dimensional vectors but the configured "
                f"model makes {embedder.dimension}-dimensional ones; run `protokollet index` to rebuild"
            )


def _default_loader(settings: Settings) -> QueryEmbedder:
    from protokollet.index.embed.embedder import load_embedder

    return load_embedder(settings)


def _ranks(hits: Sequence[ChunkHit]) -> dict[str, tuple[int, ChunkHit]]:
    return {hit.paragraph_id: (rank, hit) for rank, hit in enumerate(hits, start=1)}


def _hit(
    context: ParagraphContext,
    score: float,
    from_dense: tuple[int, ChunkHit] | None,
    from_lexical: tuple[int, ChunkHit] | None,
) -> SearchHit:
    best = from_dense or from_lexical
    assert best is not None  # every scored paragraph came from one of the rankings
    chunk = best[1]
    return SearchHit(
        context=context,
        score=score,
        dense_rank=from_dense[0] if from_dense else None,
        lexical_rank=from_lexical[0] if from_lexical else None,
        chunk_id=chunk.chunk_id,
        chunk_start=chunk.chunk_start,
        chunk_end=chunk.chunk_end,
    )
