"""What both index builds share: the embedder they need, the chunks every stored paragraph gives, the
passage vectors with a progress bar, and the report a build returns (`build.py` writes the embedded
snapshot, `postgres/build.py` the database's tables)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from pydantic import BaseModel
from tqdm import tqdm

from protokollet.errors import IndexNotBuilt
from protokollet.index.chunking import Chunk, chunk_paragraphs
from protokollet.index.dense import is_approximate
from protokollet.index.retrieval import PGVECTOR_IVFFLAT
from protokollet.models import ParagraphContext
from protokollet.settings import Settings
from protokollet.store import Store

#: Model batches handed to the embedder per call (the progress bar advances per call).
EMBED_GROUP_BATCHES = 8


class PassageEmbedder(Protocol):
    """What indexing needs from the embedding model (`protokollet.index.embed.embedder.Embedder`)."""

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
        return is_approximate(self.index_type) or self.index_type == PGVECTOR_IVFFLAT


def index_chunks(store: Store, embedder: PassageEmbedder) -> tuple[list[ParagraphContext], list[Chunk]]:
    """Every stored paragraph and its chunks, in store order: what either backend's index is built from."""
    contexts = list(store.paragraphs())
    if not contexts:
        raise IndexNotBuilt("the store holds no paragraphs; run `protokollet ingest <path>` first")
    # The embedder's max_tokens already leaves room for its passage prefix.
    return contexts, list(chunk_paragraphs(contexts, embedder.count_tokens, embedder.max_tokens))


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
