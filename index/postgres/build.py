"""`protokollet index` against PostgreSQL: the same chunks and analyzer as the embedded build, stored in SQL.

Only chunks whose (id, text hash) has no stored vector are embedded; several workers may run it at
once (they take turns on the index writer lock; the later ones embed nothing).
"""

from __future__ import annotations

import time

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.passages import (
    IndexReport,
    PassageEmbedder,
    embed_texts,
    embedder_backend,
    index_chunks,
)
from protokollet.index.postgres.tables import IndexedChunk, index_writer, stored_vectors, write_index
from protokollet.index.retrieval import PGVECTOR_IVFFLAT
from protokollet.settings import Settings
from protokollet.store import Store
from protokollet.store.pgschema import redact


def build_postgres_index(
    settings: Settings, store: Store, embedder: PassageEmbedder, *, progress: bool = True
) -> IndexReport:
    """Index every stored paragraph into the database's chunk tables, atomically for readers."""
    url = settings.postgres_url
    started = time.perf_counter()
    backend = embedder_backend(embedder)
    with index_writer(url) as conn:
        _, listed = index_chunks(store, embedder)
        chunks = [IndexedChunk.of(chunk, text=chunk.text_for_lexical) for chunk in listed]
        stored = stored_vectors(conn, settings.model, embedder.dimension, backend)
        missing = [chunk for chunk in chunks if (chunk.chunk_id, chunk.text_hash) not in stored]
        vectors = embed_texts([chunk.text for chunk in missing], embedder, settings, progress=progress)
        result = write_index(
            conn,
            model=settings.model,
            dimension=embedder.dimension,
            backend=backend,
            chunks=chunks,
            new_vectors={chunk.chunk_id: vector for chunk, vector in zip(missing, vectors, strict=True)},
            analyzer=SwedishAnalyzer.learn(chunk.text for chunk in chunks),
            progress=progress,
        )
    return IndexReport(
        path=redact(url),
        version=result.version,
        model=settings.model,
        embed_backend=backend,
        paragraphs=result.paragraphs,
        chunks=result.chunks,
        embedded=len(missing),
        reused=len(chunks) - len(missing),
        removed=result.removed,
        index_type=PGVECTOR_IVFFLAT,
        seconds=time.perf_counter() - started,
    )
