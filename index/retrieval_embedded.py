"""The embedded retrieval backend: the snapshot files in the index dir (FAISS + BM25), loaded in memory.

Filters are evaluated as vectorised per-chunk metadata arrays built once per loaded version, so a
filtered query costs a few numpy operations over the chunks instead of a Python loop over paragraphs
(that loop dominated filtered searches at a million paragraphs).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.retrieval import ChunkHit, IndexInfo, SearchFilters, active, best_chunk_per_paragraph
from protokollet.index.snapshot import Snapshot, current_version, load_snapshot
from protokollet.models import ParagraphContext

BACKEND = "embedded"


@dataclass(frozen=True)
class _Categorical:
    """One text column over chunks: a code per chunk into the distinct values."""

    codes: np.ndarray
    values: list[str | None]

    def where(self, test: Callable[[str | None], bool]) -> np.ndarray:
        """Boolean mask over chunks: `test` runs once per distinct value, not once per chunk."""
        table = np.fromiter((test(value) for value in self.values), dtype=bool, count=len(self.values))
        return table[self.codes]


def _categorical(values: Sequence[str | None], rows: np.ndarray) -> _Categorical:
    distinct = list(dict.fromkeys(values))
    position = {value: code for code, value in enumerate(distinct)}
    per_paragraph = np.fromiter((position[v] for v in values), dtype=np.int32, count=len(values))
    return _Categorical(codes=per_paragraph[rows], values=distinct)


class ChunkMetadata:
    """Filterable metadata as arrays aligned with chunk positions.

    No chunk record (those are `snapshot.ChunkRecord`): each paragraph's body, municipality, type and date
    from the snapshot's contexts, spread over that paragraph's chunks once per loaded version, so a filter
    is a few numpy operations over all chunks."""

    def __init__(self, snapshot: Snapshot) -> None:
        contexts = list(snapshot.paragraphs.values())
        row_of = {context.paragraph_id: row for row, context in enumerate(contexts)}
        rows = np.fromiter(
            (row_of[chunk.paragraph_id] for chunk in snapshot.chunks),
            dtype=np.int64,
            count=len(snapshot.chunks),
        )
        self.body = _categorical([c.body for c in contexts], rows)
        self.municipality = _categorical([c.municipality for c in contexts], rows)
        self.doc_type = _categorical([c.doc_type.value for c in contexts], rows)
        ordinals = np.fromiter(
            (c.date.toordinal() if c.date else 0 for c in contexts), dtype=np.int64, count=len(contexts)
        )
        self.date = ordinals[rows]  # 0 = undated (real ordinals start at 1)

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
    """One loaded snapshot, answering the `RetrievalIndex` protocol."""

    def __init__(self, snapshot: Snapshot) -> None:
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
        paragraphs = self.snapshot.paragraphs
        return {pid: paragraphs[pid] for pid in paragraph_ids if pid in paragraphs}

    def paragraph_ids(self) -> set[str]:
        return set(self.snapshot.paragraphs)

    def _ranked(
        self,
        search: Callable[[int, np.ndarray | None], list[tuple[int, float]]],
        depth: int,
        filters: SearchFilters | None,
    ) -> list[ChunkHit]:
        filters = active(filters)
        allowed = None if filters is None else self.metadata.allowed(filters)
        available = len(self.snapshot.chunks) if allowed is None else int(allowed.sum())
        if available == 0:
            return []
        chunks = self.snapshot.chunks

        def retrieve(n: int) -> list[ChunkHit]:
            return [
                ChunkHit(
                    paragraph_id=chunks[position].paragraph_id,
                    chunk_id=chunks[position].chunk_id,
                    chunk_start=chunks[position].start,
                    chunk_end=chunks[position].end,
                    score=score,
                )
                for position, score in search(n, allowed)
            ]

        return best_chunk_per_paragraph(retrieve, depth, available)


class EmbeddedBackend:
    """The index dir's serving snapshot; swaps in a rebuilt one when `protokollet index` moved CURRENT."""

    def __init__(self, index_dir: Path, model: str) -> None:
        self.index_dir = index_dir
        self.model = model
        self._lock = threading.Lock()
        self._current = EmbeddedIndex(load_snapshot(index_dir, model))

    def current(self) -> EmbeddedIndex:
        version = current_version(self.index_dir)
        if version is not None and version != self._current.snapshot.version:
            with self._lock:
                if version != self._current.snapshot.version:
                    self._current = EmbeddedIndex(load_snapshot(self.index_dir, self.model))
        return self._current

    def close(self) -> None:
        """Nothing to release: the snapshot is plain memory (and memory-mapped vectors)."""
