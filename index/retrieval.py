"""What search needs from an index, whatever holds it: the retrieval-backend protocol.

`Searcher` (index/search.py) validates queries, fuses rankings and builds hits once, above every backend;
a backend only ranks paragraphs (dense and lexical), returns their stored contexts, and describes
itself. Two implement it: the embedded files (FAISS + BM25, `retrieval_embedded.py`) and PostgreSQL
with pgvector (`postgres/retrieval.py`), so both give the same answers through the same code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from pydantic import BaseModel, Field

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.models import DocType, ParagraphContext

#: Index type of the PostgreSQL backend's dense index (pgvector IVFFlat, inner product): approximate search.
PGVECTOR_IVFFLAT = "pgvector-ivfflat"


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
        return (
            self.body_matches(context.body)
            and self.municipality_matches(context.municipality)
            and (self.doc_type is None or context.doc_type == self.doc_type)
            and self.date_matches(context.date)
        )

    def body_matches(self, body: str | None) -> bool:
        return not self.body or self.body.casefold() in (body or "").casefold()

    def municipality_matches(self, municipality: str | None) -> bool:
        return not self.municipality or self.municipality.casefold() in (municipality or "").casefold()

    def date_matches(self, date: dt.date | None) -> bool:
        """A date range excludes undated meetings; no range lets everything through."""
        if self.date_from is None and self.date_to is None:
            return True
        if date is None:
            return False
        return (self.date_from is None or date >= self.date_from) and (
            self.date_to is None or date <= self.date_to
        )


def active(filters: SearchFilters | None) -> SearchFilters | None:
    """`filters` when it restricts anything, else None (one test instead of two everywhere)."""
    return None if filters is None or filters.is_empty() else filters


@dataclass(frozen=True)
class ChunkHit:
    """One retrieved chunk: its paragraph and where the chunk lies in the paragraph's text."""

    paragraph_id: str
    chunk_id: str
    chunk_start: int
    chunk_end: int
    score: float


class IndexInfo(BaseModel):
    """What the serving index was built from; `version` changes whenever it is rebuilt."""

    backend: str  # "embedded" or "postgresql"
    version: str
    model: str
    dimension: int
    paragraphs: int
    chunks: int
    fingerprint: str  # order-independent hash of the indexed paragraph ids
    details: dict[str, Any] = Field(default_factory=dict)  # backend specifics, stored with eval runs


class RetrievalIndex(Protocol):
    """One consistent version of an index: everything a search and an answer read from it."""

    @property
    def info(self) -> IndexInfo: ...

    @property
    def analyzer(self) -> SwedishAnalyzer:
        """The analyzer the lexical index was built with (it knows the corpus' compound parts)."""
        ...

    @property
    def size(self) -> int:
        """Number of lexical documents (chunks), the N of inverse document frequency."""
        ...

    def document_frequency(self, term: str) -> int:
        """In how many chunks an analyzer term occurs (0 when unknown)."""
        ...

    @property
    def concurrent(self) -> bool:
        """Whether a hybrid search runs `dense` and `lexical` at once: worth it when each mostly waits on
        a database server (its own connection), not when both compute on the same cores in-process."""
        ...

    def dense(self, vector: np.ndarray, depth: int, filters: SearchFilters | None) -> list[ChunkHit]:
        """The `depth` best paragraphs by cosine similarity (each by its best chunk), best first."""
        ...

    def lexical(self, query: str, depth: int, filters: SearchFilters | None) -> list[ChunkHit]:
        """The `depth` best paragraphs by BM25 over the analyzer's terms (positive scores only)."""
        ...

    def contexts(self, paragraph_ids: Sequence[str]) -> Mapping[str, ParagraphContext]:
        """Stored contexts of these paragraphs (absent ids are left out)."""
        ...

    def paragraph_ids(self) -> set[str]:
        """Every paragraph this version can find (compared with the store's to see what lags behind)."""
        ...


class RetrievalBackend(Protocol):
    """Where the index lives; hands out its current version (reloaded when it was rebuilt)."""

    def current(self) -> RetrievalIndex: ...

    def close(self) -> None: ...


def best_chunk_per_paragraph(
    retrieve: Callable[[int], Sequence[ChunkHit]], depth: int, available: int
) -> list[ChunkHit]:
    """Top `depth` paragraphs from a chunk retriever, fetching deeper until enough distinct ones come back.

    A paragraph split into several chunks counts once, by its best (first returned) chunk; `available`
    is how many chunks could be returned at most, so the search stops when the retriever is exhausted.
    """
    fetch = max(1, depth)
    while True:
        hits = retrieve(fetch)
        seen: dict[str, ChunkHit] = {}
        for hit in hits:
            if hit.paragraph_id not in seen:
                seen[hit.paragraph_id] = hit
                if len(seen) == depth:
                    return list(seen.values())
        if len(hits) < fetch or fetch >= available:
            return list(seen.values())
        fetch *= 2
