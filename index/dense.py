"""The dense (vector) index: FAISS inner product over L2-normalised vectors, i.e. cosine similarity.

Exact search (`IndexFlatIP`) up to `Settings.exact_index_max` vectors, HNSW above that. FAISS ids are
chunk positions; the raw vectors are kept next to the index so a re-index can reuse them and a
filtered search on an approximate index can still be answered exactly over the allowed rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import faiss
import numpy as np

FLAT = "IndexFlatIP"
HNSW = "IndexHNSWFlat"
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128
#: A filtered search on HNSW scores the allowed rows directly when there are at most this many.
BRUTE_FORCE_MAX = 50_000
INDEX_FILE = "dense.faiss"
VECTORS_FILE = "vectors.npy"


def build_faiss(vectors: np.ndarray, exact_max: int) -> faiss.Index:
    """An exact index for up to `exact_max` vectors, an HNSW graph (inner product) above."""
    dimension = vectors.shape[1]
    index: faiss.Index
    if len(vectors) > exact_max:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def index_type(index: faiss.Index) -> str:
    return HNSW if isinstance(index, faiss.IndexHNSW) else FLAT


class DenseIndex:
    """FAISS index plus the vectors it was built from (row i = FAISS id i = chunk position i)."""

    def __init__(self, index: faiss.Index, vectors: np.ndarray) -> None:
        self.index = index
        self.vectors = vectors

    @classmethod
    def build(cls, vectors: np.ndarray, exact_max: int) -> DenseIndex:
        return cls(build_faiss(vectors, exact_max), vectors)

    @property
    def index_type(self) -> str:
        return index_type(self.index)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.index, str(directory / INDEX_FILE))
        np.save(directory / VECTORS_FILE, np.asarray(self.vectors, dtype=np.float32))

    @classmethod
    def load(cls, directory: Path) -> DenseIndex:
        index = faiss.read_index(str(directory / INDEX_FILE))
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index, cls.load_vectors(directory))

    @staticmethod
    def load_vectors(directory: Path) -> np.ndarray:
        """The stored vectors alone (memory-mapped), e.g. for reuse by the next build."""
        return np.load(directory / VECTORS_FILE, mmap_mode="r")

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Up to `k` (position, cosine) pairs, best first; `allowed` is a boolean mask over positions."""
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if allowed is None:
            k = min(k, self.size)
            if k == 0:
                return []
            scores, ids = self.index.search(query, k)
        else:
            allowed_ids = np.flatnonzero(allowed).astype(np.int64)
            k = min(k, len(allowed_ids))
            if k == 0:
                return []
            if self.index_type == HNSW and len(allowed_ids) <= BRUTE_FORCE_MAX:
                return self._score_rows(query[0], allowed_ids, k)
            selector = faiss.IDSelectorBatch(allowed_ids)  # kept referenced while FAISS searches
            params: Any  # faiss' bundled stubs lack the selector parameters
            if self.index_type == HNSW:
                params = getattr(faiss, "SearchParametersHNSW")()  # noqa: B009
                params.efSearch = max(HNSW_EF_SEARCH, k)
            else:
                params = faiss.SearchParameters()
            params.sel = selector
            scores, ids = self.index.search(query, k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _score_rows(self, query: np.ndarray, rows: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Exact top-k over the given rows: a filtered search that never comes back short."""
        scores = np.asarray(self.vectors[rows], dtype=np.float32) @ query
        top = np.argsort(-scores, kind="stable")[:k]
        return [(int(rows[i]), float(scores[i])) for i in top]
