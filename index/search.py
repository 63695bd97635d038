"""Hybrid search over the index: dense for paraphrases, BM25 for exact things, fused by rank.

A `Searcher` is opened once and reused (the API keeps one); it notices when `protokollet index` has
swapped in a new version and reloads. Filters are applied before the ranking is cut to `k`, so a
filtered search returns `k` hits whenever `k` matching paragraphs exist. Results are paragraphs:
a paragraph split into several chunks counts once, by its best chunk.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel

from protokollet.errors import InvalidQuery, ModelMismatch
from protokollet.index.fusion import ranked, reciprocal_rank_fusion, weighted_sum
from protokollet.index.snapshot import Snapshot, current_version, load_snapshot
from protokollet.models import DocType, ParagraphContext
from protokollet.settings import Settings

Mode = Literal["dense", "lexical", "hybrid"]
Fusion = Literal["rrf", "weighted"]
#: Paragraphs each retriever contributes to the fusion, at least.
MIN_CANDIDATES = 50


class QueryEmbedder(Protocol):
    """What search needs from the embedding model (`protokollet.index.embedder.Embedder`)."""

    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


class SearchFilters(BaseModel):
    """Metadata restrictions; body and municipality match case-insensitive substrings."""

    body: str | None = None
    municipality: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    doc_type: DocType | None = None

    def is_empty(self) -> bool:
        return not any(value is not None for value in self.model_dump().values())

    def matches(self, context: ParagraphContext) -> bool:
        if self.body and self.body.casefold() not in (context.body or "").casefold():
            return False
        if self.municipality and self.municipality.casefold() not in (context.municipality or "").casefold():
            return False
        if self.doc_type is not None and context.doc_type != self.doc_type:
            return False
        if self.date_from is not None or self.date_to is not None:
            if context.date is None:
                return False
            if self.date_from is not None and context.date < self.date_from:
                return False
            if self.date_to is not None and context.date > self.date_to:
                return False
        return True


class SearchHit(BaseModel):
    """One ranked paragraph; `chunk_start`/`chunk_end` place the best-matching piece in its text."""

    context: ParagraphContext
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    chunk_id: str
    chunk_start: int
    chunk_end: int


@dataclass(frozen=True)
class _Candidate:
    score: float
    rank: int
    chunk: int  # position of the paragraph's best chunk


Ranking = dict[str, _Candidate]  # paragraph id → best chunk, in rank order


class Searcher:
    """Searches the serving index; cheap to call repeatedly, reloads when the index is rebuilt."""

    def __init__(
        self,
        settings: Settings,
        embedder: QueryEmbedder | None = None,
        *,
        embedder_loader: Callable[[Settings], QueryEmbedder] | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._embedder_loader = embedder_loader
        self._lock = threading.Lock()
        self._snapshot = load_snapshot(settings.resolved_index_dir, settings.model)
        if embedder is not None:
            self._check_dimension(embedder, self._snapshot)

    @property
    def snapshot(self) -> Snapshot:
        """The serving index, reloaded first if `protokollet index` swapped in a new version."""
        version = current_version(self.settings.resolved_index_dir)
        if version is not None and version != self._snapshot.version:
            with self._lock:
                if version != self._snapshot.version:
                    self._snapshot = load_snapshot(self.settings.resolved_index_dir, self.settings.model)
        return self._snapshot

    @property
    def embedder(self) -> QueryEmbedder:
        """The query embedder, loaded on first dense search so lexical-only use stays light."""
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    loader = self._embedder_loader or _default_loader
                    embedder = loader(self.settings)
                    self._check_dimension(embedder, self._snapshot)
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
    ) -> list[SearchHit]:
        """The `k` best paragraphs for `query` among those passing `filters`."""
        query = query.strip()
        if not query:
            raise InvalidQuery("the question is empty")
        if k < 1:
            raise InvalidQuery("k must be at least 1")
        if filters and filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise InvalidQuery("the from-date lies after the to-date")
        snapshot = self.snapshot
        allowed = _allowed_chunks(snapshot, filters)
        if allowed is not None and not allowed.any():
            return []
        depth = max(MIN_CANDIDATES, 3 * k) if mode == "hybrid" else k
        dense: Ranking = {}
        lexical: Ranking = {}
        if mode in ("dense", "hybrid"):
            vector = self.embedder.embed_queries([query])[0]
            dense = _paragraph_ranking(
                snapshot, lambda n: snapshot.dense.search(vector, n, allowed), depth, allowed
            )
        if mode in ("lexical", "hybrid"):
            lexical = _paragraph_ranking(
                snapshot, lambda n: snapshot.lexical.search(query, n, allowed), depth, allowed
            )
        if mode == "dense":
            scores = {pid: candidate.score for pid, candidate in dense.items()}
        elif mode == "lexical":
            scores = {pid: candidate.score for pid, candidate in lexical.items()}
        elif fusion == "rrf":
            scores = reciprocal_rank_fusion([list(dense), list(lexical)])
        else:
            scores = weighted_sum(
                {pid: c.score for pid, c in dense.items()},
                {pid: c.score for pid, c in lexical.items()},
                dense_weight,
            )
        return [_hit(snapshot, pid, scores[pid], dense, lexical) for pid in ranked(scores)[:k]]

    @staticmethod
    def _check_dimension(embedder: QueryEmbedder, snapshot: Snapshot) -> None:
        if embedder.dimension != snapshot.manifest.dimension:
            raise ModelMismatch(
                f"the index holds {snapshot.manifest.dimension}-dimensional vectors but the configured "
                f"model makes {embedder.dimension}-dimensional ones; run `protokollet index` to rebuild"
            )


def _default_loader(settings: Settings) -> QueryEmbedder:
    from protokollet.index.embedder import load_embedder

    return load_embedder(settings)


def _allowed_chunks(snapshot: Snapshot, filters: SearchFilters | None) -> np.ndarray | None:
    """Boolean mask over chunk positions, or None when nothing is filtered."""
    if filters is None or filters.is_empty():
        return None
    passing = {pid for pid, context in snapshot.paragraphs.items() if filters.matches(context)}
    return np.fromiter((chunk.paragraph_id in passing for chunk in snapshot.chunks), dtype=bool)


def _paragraph_ranking(
    snapshot: Snapshot,
    retrieve: Callable[[int], list[tuple[int, float]]],
    depth: int,
    allowed: np.ndarray | None,
) -> Ranking:
    """Top `depth` paragraphs from a chunk retriever, fetching deeper until enough distinct ones come back."""
    available = len(snapshot.chunks) if allowed is None else int(allowed.sum())
    fetch = depth
    while True:
        hits = retrieve(fetch)
        ranking: Ranking = {}
        for position, score in hits:
            paragraph_id = snapshot.chunks[position].paragraph_id
            if paragraph_id not in ranking:
                ranking[paragraph_id] = _Candidate(score=score, rank=len(ranking) + 1, chunk=position)
                if len(ranking) == depth:
                    return ranking
        if len(hits) < fetch or fetch >= available:
            return ranking
        fetch *= 2


def _hit(snapshot: Snapshot, paragraph_id: str, score: float, dense: Ranking, lexical: Ranking) -> SearchHit:
    from_dense, from_lexical = dense.get(paragraph_id), lexical.get(paragraph_id)
    best = from_dense or from_lexical
    assert best is not None  # every scored paragraph came from one of the rankings
    chunk = snapshot.chunks[best.chunk]
    return SearchHit(
        context=snapshot.paragraphs[paragraph_id],
        score=score,
        dense_rank=from_dense.rank if from_dense else None,
        lexical_rank=from_lexical.rank if from_lexical else None,
        chunk_id=chunk.chunk_id,
        chunk_start=chunk.start,
        chunk_end=chunk.end,
    )
