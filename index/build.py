"""`protokollet index`: stored paragraphs → chunks → vectors (FAISS) + BM25, written as a new snapshot.

Incremental: a chunk whose id and embedded text are unchanged since the serving index reuses its
stored vector, so after an ingest only the new paragraphs are embedded; removed paragraphs drop out
because the index is rebuilt from what the store holds now.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from pydantic import BaseModel
from tqdm import tqdm

from protokollet.errors import IndexNotBuilt
from protokollet.index.chunking import Chunk, chunk_paragraphs
from protokollet.index.dense import DenseIndex, is_approximate
from protokollet.index.lexical import LexicalIndex
from protokollet.index.retrieval import PGVECTOR_HNSW
from protokollet.index.snapshot import (
    ChunkRecord,
    Manifest,
    Snapshot,
    current_version,
    paragraph_fingerprint,
    read_chunks,
    read_manifest,
    write_snapshot,
)
from protokollet.models import ParagraphContext
from protokollet.settings import Settings
from protokollet.store import Store

#: Model batches handed to the embedder per call (the progress bar advances per call).
EMBED_GROUP_BATCHES = 8


class PassageEmbedder(Protocol):
    """What indexing needs from the embedding model (`protokollet.index.embedder.Embedder`)."""

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class IndexReport(BaseModel):
    """What `build_index` did: shown by the CLI, checked by tests."""

    path: Path | str  # the index dir, or the (password-redacted) database URL
    version: str
    model: str
    embed_backend: str  # what computed the vectors (torch, onnx-int8, ...)
    paragraphs: int
    chunks: int
    embedded: int
    reused: int
    removed: int
    index_type: str
    seconds: float

    @property
    def approximate(self) -> bool:
        return is_approximate(self.index_type) or self.index_type == PGVECTOR_HNSW


def build_index(
    settings: Settings, store: Store, embedder: PassageEmbedder, *, progress: bool = True
) -> IndexReport:
    """Index every stored paragraph and swap the result in atomically; the old index serves until then.

    With `database_url` set the index is written into PostgreSQL instead (`postgres_build.py`).
    """
    if settings.postgres_url:
        from protokollet.index.postgres_build import build_postgres_index

        return build_postgres_index(settings, store, embedder, progress=progress)
    started = time.perf_counter()
    index_dir = settings.resolved_index_dir
    contexts, chunks = index_chunks(store, embedder)
    vectors, embedded, reused, previous_total = _vectors_for(
        chunks, index_dir, settings, embedder, progress=progress
    )
    dense = DenseIndex.build(vectors, settings.exact_index_max)
    lexical = LexicalIndex.build([chunk.text_for_lexical for chunk in chunks])
    manifest = Manifest(
        model=settings.model,
        embed_backend=embedder_backend(embedder),
        dimension=embedder.dimension,
        vectors=dense.size,
        chunks=len(chunks),
        paragraphs=len(contexts),
        faiss_index_type=dense.index_type,
        decompound=lexical.analyzer.decompound,
        created=dt.datetime.now(dt.UTC),
        paragraph_fingerprint=paragraph_fingerprint(context.paragraph_id for context in contexts),
    )
    snapshot = Snapshot(
        manifest=manifest,
        chunks=[
            ChunkRecord(
                chunk_id=chunk.chunk_id,
                paragraph_id=chunk.paragraph_id,
                start=chunk.start,
                end=chunk.end,
                text_hash=chunk.text_hash,
            )
            for chunk in chunks
        ],
        paragraphs={context.paragraph_id: context for context in contexts},
        dense=dense,
        lexical=lexical,
    )
    version = write_snapshot(index_dir, snapshot)
    return IndexReport(
        path=index_dir,
        version=version,
        model=settings.model,
        embed_backend=manifest.embed_backend,
        paragraphs=len(contexts),
        chunks=len(chunks),
        embedded=embedded,
        reused=reused,
        removed=previous_total - reused,
        index_type=dense.index_type,
        seconds=time.perf_counter() - started,
    )


def index_chunks(store: Store, embedder: PassageEmbedder) -> tuple[list[ParagraphContext], list[Chunk]]:
    """Every stored paragraph and its chunks, in store order: what either backend's index is built from."""
    contexts = list(store.paragraphs())
    if not contexts:
        raise IndexNotBuilt("the store holds no paragraphs; run `protokollet ingest <path>` first")
    # The embedder's max_tokens already leaves room for its passage prefix.
    return contexts, list(chunk_paragraphs(contexts, embedder.count_tokens, embedder.max_tokens))


def _vectors_for(
    chunks: Sequence[Chunk], index_dir: Path, settings: Settings, embedder: PassageEmbedder, *, progress: bool
) -> tuple[np.ndarray, int, int, int]:
    """Vectors in chunk order, reusing the serving index's: (vectors, embedded, reused, previous total)."""
    vectors = np.zeros((len(chunks), embedder.dimension), dtype=np.float32)
    previous_rows, previous_vectors = _previous_vectors(
        index_dir, settings.model, embedder_backend(embedder), embedder.dimension
    )
    missing: list[int] = []
    for position, chunk in enumerate(chunks):
        row = previous_rows.get((chunk.chunk_id, chunk.text_hash))
        if row is None:
            missing.append(position)
        else:
            vectors[position] = previous_vectors[row]
    if missing:
        vectors[missing] = embed_texts(
            [chunks[i].text_for_embedding for i in missing], embedder, settings, progress=progress
        )
    return vectors, len(missing), len(chunks) - len(missing), len(previous_rows)


def embed_texts(
    texts: Sequence[str], embedder: PassageEmbedder, settings: Settings, *, progress: bool
) -> np.ndarray:
    """Passage vectors for `texts`, in order, with a progress bar."""
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    # Several model batches per call: the embedder sorts each call's texts by length to pad little.
    group = max(1, settings.embed_batch_size) * EMBED_GROUP_BATCHES
    with tqdm(total=len(texts), desc="Embedding", unit="chunk", disable=not progress) as bar:
        for offset in range(0, len(texts), group):
            batch = texts[offset : offset + group]
            vectors[offset : offset + len(batch)] = embedder.embed_passages(batch)
            bar.update(len(batch))
    return vectors


def embedder_backend(embedder: PassageEmbedder) -> str:
    """The backend an embedder computes with (test doubles without the attribute count as torch)."""
    return str(getattr(embedder, "backend", "torch"))


def _previous_vectors(
    index_dir: Path, model: str, backend: str, dimension: int
) -> tuple[dict[tuple[str, str], int], np.ndarray]:
    """(chunk id, text hash) → row of the serving index's vectors; empty when they cannot be reused."""
    empty: tuple[dict[tuple[str, str], int], np.ndarray] = ({}, np.zeros((0, dimension), dtype=np.float32))
    version = current_version(index_dir)
    if version is None:
        return empty
    manifest = read_manifest(index_dir)
    if manifest.model != model or manifest.dimension != dimension:
        return empty  # vectors of another model are useless: everything is embedded again
    if manifest.embed_backend != backend:
        # Close (cosine >= 0.99) but not equal: one index holds vectors of one backend only.
        return empty
    directory = index_dir / version
    rows = {(chunk.chunk_id, chunk.text_hash): row for row, chunk in enumerate(read_chunks(directory))}
    return rows, DenseIndex.load_vectors(directory)
