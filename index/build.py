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

import numpy as np

from protokollet.index.chunking import Chunk
from protokollet.index.dense import DenseIndex
from protokollet.index.lexical import LexicalIndex
from protokollet.index.passages import (
    IndexReport,
    PassageEmbedder,
    embed_texts,
    embedder_backend,
    index_chunks,
)
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
from protokollet.settings import Settings
from protokollet.store import Store


def build_index(
    settings: Settings, store: Store, embedder: PassageEmbedder, *, progress: bool = True
) -> IndexReport:
    """Index every stored paragraph and swap the result in atomically; the old index serves until then.

    With `database_url` set the index is written into PostgreSQL instead (`postgres/build.py`).
    """
    if settings.postgres_url:
        from protokollet.index.postgres.build import build_postgres_index

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
        chunks=[ChunkRecord.of(chunk) for chunk in chunks],
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
