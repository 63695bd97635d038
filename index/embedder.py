"""Dense embeddings for queries and passages, the one place that knows about E5 prefixes.

The model is the bundled multilingual-e5-small (built by `protokollet model build`) or any
sentence-transformers model id/path. torch and sentence-transformers are imported lazily so the
CLI starts fast when it does not embed anything.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from protokollet.errors import ModelNotBuilt
from protokollet.index.model_build import bundled_model_dir, is_built
from protokollet.settings import BUNDLED_MODEL, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class Embedder:
    """Wraps a SentenceTransformer: adds the configured prefixes, batches by length, L2-normalises."""

    def __init__(
        self,
        model: SentenceTransformer,
        *,
        model_name: str,
        query_prefix: str,
        passage_prefix: str,
        batch_size: int = 32,
    ) -> None:
        self._model = model
        self._tokenizer: Any = model.tokenizer
        self.model_name = model_name
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = max(1, batch_size)
        self.dimension = _embedding_dimension(model)
        max_seq_length = model.max_seq_length or int(self._tokenizer.model_max_length)
        #: Token budget for a passage's own text (specials included, as `count_tokens` counts it):
        #: the model's max_seq_length minus what the passage prefix adds, so a chunk within this
        #: budget is never truncated when embedded.
        self.max_tokens = max_seq_length - self._prefix_tokens(passage_prefix)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """float32 [n, dim], L2-normalised, with the query prefix."""
        return self._embed([self.query_prefix + text for text in texts], progress=False)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """float32 [n, dim], L2-normalised, with the passage prefix."""
        return self._embed([self.passage_prefix + text for text in texts], progress=progress)

    def count_tokens(self, text: str) -> int:
        """Tokens the model's own tokenizer makes of `text`, `<s>`/`</s>` included, prefix excluded."""
        return len(self._tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def _prefix_tokens(self, prefix: str) -> int:
        if not prefix:
            return 0
        with_prefix = self.count_tokens(prefix + "x")
        return max(0, with_prefix - self.count_tokens("x"))

    def _embed(self, texts: list[str], *, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Longest first so each batch holds texts of similar length (little padding); then restore order.
        order = np.argsort([-len(text) for text in texts], kind="stable")
        vectors = self._model.encode(
            [texts[i] for i in order],
            batch_size=self.batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        out = np.empty_like(vectors, dtype=np.float32)
        out[order] = vectors
        return out


def _embedding_dimension(model: SentenceTransformer) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimension = getter()
    if not dimension:
        raise ValueError("the embedding model does not report its output dimension")
    return int(dimension)


def resolve_model_path(settings: Settings) -> str:
    """The path (or hub id) sentence-transformers should load for `settings.model`."""
    if settings.model != BUNDLED_MODEL:
        return settings.model
    path = bundled_model_dir(settings.models_dir)
    if not is_built(path):
        raise ModelNotBuilt(
            f"the embedding model is not built in {settings.models_dir}: run `protokollet model build` first"
        )
    return str(path)


def _configure_torch_threads() -> None:
    """Use the CPUs this process may run on, unless the operator pinned a count with OMP_NUM_THREADS."""
    import torch

    if os.environ.get("OMP_NUM_THREADS"):
        return
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    torch.set_num_threads(max(1, available))


@lru_cache(maxsize=4)
def _load_cached(
    model_path: str, model_name: str, query_prefix: str, passage_prefix: str, batch_size: int
) -> Embedder:
    _configure_torch_threads()
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_path, device="cpu")
    model.eval()
    return Embedder(
        model,
        model_name=model_name,
        query_prefix=query_prefix,
        passage_prefix=passage_prefix,
        batch_size=batch_size,
    )


def load_embedder(settings: Settings) -> Embedder:
    """The embedder for `settings`, loaded once per (model, data dir) and shared afterwards."""
    model_path = resolve_model_path(settings)
    if settings.model == BUNDLED_MODEL:
        model_path = str(Path(model_path).resolve())
    return _load_cached(
        model_path,
        settings.model,
        settings.query_prefix,
        settings.passage_prefix,
        settings.embed_batch_size,
    )
