"""The dense (vector) index: FAISS inner product over L2-normalised vectors, i.e. cosine similarity.

The index type follows the corpus size (measured by `protokollet bench`, see docs/performance.md):
exact search (`IndexFlatIP`) up to `Settings.exact_index_max` vectors; above that an inverted file
with 8-bit scalar quantisation (IVF-SQ8) whose candidates are re-scored exactly from the stored
vectors. IVF was chosen over HNSW because on 2 cores it builds ~10x faster (the index is rebuilt in
full by every `protokollet index`), keeps a quarter of the memory, and reached a higher recall@10 at
the same latency on replicated corpus vectors. HNSW indexes written earlier still load and search.

FAISS ids are chunk positions; the raw vectors are kept next to the index (memory-mapped after
loading) so a re-index can reuse them, approximate candidates get exact cosines, and a filtered
search on an approximate index can be answered exactly over the allowed rows.
"""

from __future__ import annotations

import contextlib
import math
import mmap
import os
from pathlib import Path
from typing import Any, Literal

import faiss
import numpy as np

FLAT = "IndexFlatIP"
IVF = "IndexIVFScalarQuantizer"
HNSW = "IndexHNSWFlat"
APPROXIMATE_TYPES = frozenset({IVF, HNSW})
Kind = Literal["flat", "ivf", "hnsw"]

#: IVF lists per square root of the vector count (1M vectors → 2000 lists of ~500).
IVF_LISTS_PER_SQRT = 2.0
#: FAISS wants ~39 training points per list; fewer lists are made for small indexes.
IVF_TRAIN_PER_LIST = 40
#: Lists scanned per query. Measured on 100k and 1M replicated corpus vectors with the dev-set
#: questions (docs/performance.md): recall@10 vs exact >= 0.95 from 32 on; 48 leaves a margin.
IVF_NPROBE = 48
#: Approximate candidates fetched per wanted hit, then re-scored exactly from the stored vectors.
REFINE_FACTOR = 4
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128
#: A filtered search on an approximate index scores the allowed rows directly up to this many rows.
BRUTE_FORCE_MAX = 50_000
#: Up to this many rows a query's vectors are read one `pread` each; more through a mapping of the call.
PREAD_MAX_ROWS = 512
#: Seed of the k-means sample, so the same vectors always give the same index.
TRAIN_SEED = 20241125
INDEX_FILE = "dense.faiss"
VECTORS_FILE = "vectors.npy"


def choose_kind(size: int, exact_max: int) -> Kind:
    """Exact search while it is fast enough, IVF above (see the module docstring for why not HNSW)."""
    return "ivf" if size > exact_max else "flat"


def ivf_lists(size: int) -> int:
    """Number of IVF lists for `size` vectors: ~2 sqrt(n), never more than the training data supports."""
    return max(1, min(int(IVF_LISTS_PER_SQRT * math.sqrt(size)), size // IVF_TRAIN_PER_LIST))


def build_faiss(vectors: np.ndarray, exact_max: int) -> faiss.Index:
    """The FAISS index `choose_kind` picks for this many vectors, holding them."""
    return make_faiss(vectors, choose_kind(len(vectors), exact_max))


def make_faiss(vectors: np.ndarray, kind: Kind, *, nprobe: int = IVF_NPROBE) -> faiss.Index:
    """A FAISS index of the given kind holding `vectors` (float32, L2-normalised)."""
    dimension = vectors.shape[1]
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    index: faiss.Index
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "ivf" and len(data):
        lists = ivf_lists(len(data))
        quantizer = faiss.IndexFlatIP(dimension)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, dimension, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        sample_size = min(len(data), lists * IVF_TRAIN_PER_LIST)
        sample = np.random.default_rng(TRAIN_SEED).choice(len(data), sample_size, replace=False)
        index.train(data[np.sort(sample)])
        index.nprobe = min(nprobe, lists)  # stored with the index by faiss.write_index
    else:
        index = faiss.IndexFlatIP(dimension)
    if len(data):
        index.add(data)
    return index


def index_type(index: faiss.Index) -> str:
    if isinstance(index, faiss.IndexHNSW):
        return HNSW
    if isinstance(index, faiss.IndexIVF):
        return IVF
    return FLAT


def is_approximate(index_type_name: str) -> bool:
    return index_type_name in APPROXIMATE_TYPES


class VectorRows:
    """The rows of a saved vector matrix (`.npy`), read on demand with `pread`.

    A query rescores a few hundred scattered rows. Memory-mapped, every row touched (and the kernel's
    fault-around of up to 64 KB about it) stays mapped in the serving process, so its resident memory
    grew towards the whole file (1.5 GB at 1M chunks); read this way the rows come through the page
    cache, which the kernel shares and reclaims, and the process holds only the rows of the query.
    """

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as handle:
            version = np.lib.format.read_magic(handle)
            header = (
                np.lib.format.read_array_header_1_0(handle)
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0(handle)
            )
            self.offset = handle.tell()
        self.shape, fortran_order, self.dtype = header
        if fortran_order or len(self.shape) != 2:
            raise ValueError(f"{path} is not a C-ordered matrix")
        self.row_bytes = int(self.shape[1]) * self.dtype.itemsize
        self.path = path
        self._fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return int(self.shape[0])

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        """The given rows (an array of row numbers), as one matrix in that order."""
        if len(rows) > PREAD_MAX_ROWS:
            # Many rows (a filtered search scores up to BRUTE_FORCE_MAX exactly): one mapping for this
            # call, unmapped before returning, so the pages do not stay in the process either.
            with (
                open(self.path, "rb") as handle,
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
            ):
                matrix = np.ndarray(self.shape, dtype=self.dtype, buffer=mapped, offset=self.offset)
                out = matrix[np.asarray(rows)]
                del matrix
            return out
        out = np.empty((len(rows), self.shape[1]), dtype=self.dtype)
        for position, row in enumerate(rows):
            data = os.pread(self._fd, self.row_bytes, self.offset + int(row) * self.row_bytes)
            out[position] = np.frombuffer(data, dtype=self.dtype)
        return out

    def __del__(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.close(self._fd)


class DenseIndex:
    """FAISS index plus the vectors it was built from (row i = FAISS id i = chunk position i)."""

    def __init__(
        self, index: faiss.Index, vectors: np.ndarray, *, row_reader: VectorRows | None = None
    ) -> None:
        self.index = index
        self.vectors = vectors  # memory-mapped when loaded: mapping costs no memory until pages are read
        self.row_reader = row_reader  # when set, queries read their rows through it, never `vectors`

    @classmethod
    def build(cls, vectors: np.ndarray, exact_max: int, *, kind: Kind | None = None) -> DenseIndex:
        """The index for `vectors`; its kind follows their number unless `kind` names one."""
        return cls(make_faiss(vectors, kind or choose_kind(len(vectors), exact_max)), vectors)

    @property
    def index_type(self) -> str:
        return index_type(self.index)

    @property
    def approximate(self) -> bool:
        return is_approximate(self.index_type)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def index_bytes(self) -> int:
        """Bytes of the serialised FAISS index (what it holds in memory, give or take)."""
        return int(faiss.serialize_index(self.index).nbytes)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.index, str(directory / INDEX_FILE))
        np.save(directory / VECTORS_FILE, np.asarray(self.vectors, dtype=np.float32))

    @classmethod
    def load(cls, directory: Path, *, serving: bool = False) -> DenseIndex:
        """The saved index: FAISS in memory; the full vectors memory-mapped, or for `serving` read by row."""
        index = faiss.read_index(str(directory / INDEX_FILE))
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        row_reader = VectorRows(directory / VECTORS_FILE) if serving else None
        return cls(index, cls.load_vectors(directory), row_reader=row_reader)

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
            if self.index_type == IVF:
                _, ids = self.index.search(query, min(self.size, k * REFINE_FACTOR))
                return self._score_rows(query[0], ids[0][ids[0] >= 0], k)
            scores, ids = self.index.search(query, k)
            return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        allowed_ids = np.flatnonzero(allowed).astype(np.int64)
        k = min(k, len(allowed_ids))
        if k == 0:
            return []
        if self.approximate and len(allowed_ids) <= BRUTE_FORCE_MAX:
            return self._score_rows(query[0], allowed_ids, k)
        return self._search_selected(query, k, allowed, len(allowed_ids))

    def _search_selected(
        self, query: np.ndarray, k: int, allowed: np.ndarray, allowed_count: int
    ) -> list[tuple[int, float]]:
        """FAISS search restricted to the allowed positions (a bitmap selector)."""
        bitmap = np.packbits(allowed.astype(np.uint8), bitorder="little")
        selector = faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap))  # bitmap stays referenced
        params: Any  # faiss' bundled stubs lack the selector parameters
        fetch = k
        if self.index_type == HNSW:
            params = getattr(faiss, "SearchParametersHNSW")()  # noqa: B009
            params.efSearch = max(HNSW_EF_SEARCH, k)
        elif self.index_type == IVF:
            params = getattr(faiss, "SearchParametersIVF")()  # noqa: B009
            ivf = faiss.extract_index_ivf(self.index)
            # Fewer allowed rows per list: scan proportionally more lists to still find k of them.
            share = allowed_count / max(1, self.size)
            params.nprobe = min(ivf.nlist, math.ceil(ivf.nprobe / max(share, 1e-9)))
            fetch = min(allowed_count, k * REFINE_FACTOR)
        else:
            params = faiss.SearchParameters()
        params.sel = selector
        scores, ids = self.index.search(query, fetch, params=params)
        if self.index_type == IVF:
            return self._score_rows(query[0], ids[0][ids[0] >= 0], k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _score_rows(self, query: np.ndarray, rows: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Exact top-k over the given rows: exact cosines; a filtered search that never comes back short."""
        rows = np.sort(rows)  # sequential reads from the memory-mapped vectors
        matrix = self.row_reader[rows] if self.row_reader is not None else self.vectors[rows]
        scores = np.asarray(matrix, dtype=np.float32) @ query
        top = np.argsort(-scores, kind="stable")[:k]
        return [(int(rows[i]), float(scores[i])) for i in top]
