"""The embedded retrieval backend: the snapshot files in the index dir (FAISS + BM25).

What every query touches is in memory (the FAISS index, a few integers per chunk); vectors and BM25
scores are memory-mapped, and the hits' paragraphs are read from the version's `paragraphs.sqlite`, so
the serving process grows with what queries touch rather than with the corpus.

Filters are evaluated as vectorised per-chunk metadata arrays built once per loaded version, so a
filtered query costs a few numpy operations over the chunks instead of a Python loop over paragraphs
(that loop dominated filtered searches at a million paragraphs).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.paragraph_table import ParagraphTable
from protokollet.index.retrieval import ChunkHit, IndexInfo, SearchFilters, active, best_chunk_per_paragraph
from protokollet.index.snapshot import ServingSnapshot, current_version, open_serving
from protokollet.models import ParagraphContext

BACKEND = "embedded"


class ChunkMetadata:
    """Filterable metadata as arrays aligned with chunk positions.

    No chunk record (those are `snapshot.ChunkRecord`): each paragraph row's body, municipality, type and
    date codes (`paragraph_table.ParagraphMeta`) spread over that paragraph's chunks once per loaded
    version, so a filter is a few numpy operations over all chunks."""

    def __init__(self, snapshot: ServingSnapshot) -> None:
        rows = np.asarray(snapshot.places[:, 0])
        meta = snapshot.meta
        self.body = meta.body.take(rows)
        self.municipality = meta.municipality.take(rows)
        self.doc_type = meta.doc_type.take(rows)
        self.date = meta.date[rows]  # 0 = undated (real ordinals start at 1)

    def allowed(self, filters: SearchFilters) -> np.ndarray:
        """Boolean mask of the chunks whose paragraph passes `filters` (same rules as `filters.matches`)."""
        mask = np.ones(len(self.date), dtype=bool)
        if filters.body:
            mask &= self.body.where(filters.body_matches)
        if filters.municipality:
            mask &= self.municipality.where(filters.municipality_matches)
        if filters.doc_type is not None:
            wanted = filters.doc_type.value
            mask &= self.doc_type.where(lambda value: value == wanted)
        if filters.date_from is not None or filters.date_to is not None:
            mask &= self.date > 0
            if filters.date_from is not None:
                mask &= self.date >= filters.date_from.toordinal()
            if filters.date_to is not None:
                mask &= self.date <= filters.date_to.toordinal()
        return mask


class EmbeddedIndex:
    """One opened snapshot, answering the `RetrievalIndex` protocol."""

    def __init__(self, snapshot: ServingSnapshot) -> None:
        self.snapshot = snapshot

    @cached_property
    def info(self) -> IndexInfo:
        manifest = self.snapshot.manifest
        return IndexInfo(
            backend=BACKEND,
            version=self.snapshot.version,
            model=manifest.model,
            dimension=manifest.dimension,
            paragraphs=manifest.paragraphs,
            chunks=manifest.chunks,
            fingerprint=manifest.paragraph_fingerprint,
            details=manifest.model_dump(mode="json"),
        )

    @property
    def analyzer(self) -> SwedishAnalyzer:
        return self.snapshot.lexical.analyzer

    @property
    def size(self) -> int:
        return self.snapshot.lexical.size

    def document_frequency(self, term: str) -> int:
        return self.snapshot.lexical.document_frequency(term)

    @property
    def concurrent(self) -> bool:
        return False  # FAISS and bm25s compute in this process: one after the other

    @cached_property
    def metadata(self) -> ChunkMetadata:
        return ChunkMetadata(self.snapshot)

    def dense(self, vector: np.ndarray, depth: int, filters: SearchFilters | None) -> list[ChunkHit]:
        dense = self.snapshot.dense
        return self._ranked(lambda n, allowed: dense.search(vector, n, allowed), depth, filters)

    def lexical(self, query: str, depth: int, filters: SearchFilters | None) -> list[ChunkHit]:
        lexical = self.snapshot.lexical
        return self._ranked(lambda n, allowed: lexical.search(query, n, allowed), depth, filters)

    def contexts(self, paragraph_ids: Sequence[str]) -> Mapping[str, ParagraphContext]:
        return self.snapshot.table.contexts(paragraph_ids)

    def paragraph_ids(self) -> set[str]:
        return set(self.snapshot.table.paragraph_ids())

    def _ranked(
        self,
        search: Callable[[int, np.ndarray | None], list[tuple[int, float]]],
        depth: int,
        filters: SearchFilters | None,
    ) -> list[ChunkHit]:
        filters = active(filters)
        allowed = None if filters is None else self.metadata.allowed(filters)
        places = self.snapshot.places
        available = len(places) if allowed is None else int(allowed.sum())
        if available == 0:
            return []

        def retrieve(n: int) -> list[ChunkHit]:
            found = search(n, allowed)
            chosen = places[[position for position, _ in found]] if found else np.zeros((0, 4), np.int32)
            ids = self.snapshot.table.ids_of_rows([int(row) for row in chosen[:, 0]])
            return [
                ChunkHit(
                    paragraph_id=paragraph_id,
                    chunk_id=f"{paragraph_id}#{int(ordinal)}",
                    chunk_start=int(start),
                    chunk_end=int(end),
                    score=score,
                )
                for paragraph_id, (_, start, end, ordinal), (_, score) in zip(ids, chosen, found, strict=True)
            ]

        return best_chunk_per_paragraph(retrieve, depth, available)


class EmbeddedBackend:
    """The index dir's serving snapshot; swaps in a rebuilt one when `protokollet index` moved CURRENT."""

    def __init__(self, index_dir: Path, model: str) -> None:
        self.index_dir = index_dir
        self.model = model
        self._lock = threading.Lock()
        self._current = EmbeddedIndex(open_serving(index_dir, model))
        self._retired: ParagraphTable | None = None

    def current(self) -> EmbeddedIndex:
        version = current_version(self.index_dir)
        if version is not None and version != self._current.snapshot.version:
            with self._lock:
                if version != self._current.snapshot.version:
                    previous = self._current
                    self._current = EmbeddedIndex(open_serving(self.index_dir, self.model))
                    # A query still running on the previous version keeps its connection until the
                    # next swap (a build later); the one before is closed now, its files already gone.
                    if self._retired is not None:
                        self._retired.close()
                    self._retired = previous.snapshot.table
        return self._current

    def close(self) -> None:
        """Close the paragraph tables' connections (the rest is memory and memory-mapped files)."""
        with self._lock:
            self._current.snapshot.table.close()
            if self._retired is not None:
                self._retired.close()
