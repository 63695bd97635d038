"""Run the embedding model: sentence-transformers on torch, or an exported graph (ONNX Runtime, OpenVINO).

Every encoder turns already-prefixed texts into L2-normalised float32 vectors with mean pooling,
exactly as the sentence-transformers pipeline of the bundled model does (Transformer -> mean
Pooling -> Normalize); `index/embed/optimize.py` checks that before it exports a graph.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

#: The graph's inputs and output, as `index/embed/optimize.py` exports them.
INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
HIDDEN = "last_hidden_state"

#: (input ids, attention mask) int64 [batch, seq] -> token states float32 [batch, seq, hidden].
GraphRunner = Callable[[np.ndarray, np.ndarray], np.ndarray]


class TextEncoder(Protocol):
    """What the Embedder needs from a runtime: its tokenizer, window, width and an encode call."""

    tokenizer: Any
    max_seq_length: int
    dimension: int

    def encode(self, texts: Sequence[str], *, batch_size: int, progress: bool) -> np.ndarray:
        """float32 [n, dimension], L2-normalised; `texts` carry their prefixes already."""
        ...


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, e.g. a container's CPU set)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, available)


def cpu_threads() -> int:
    """Threads a runtime should use: OMP_NUM_THREADS when the operator set it, else the usable CPUs."""
    pinned = os.environ.get("OMP_NUM_THREADS", "")
    if pinned.isdigit() and int(pinned) > 0:
        return int(pinned)
    return usable_cpus()


class TorchEncoder:
    """sentence-transformers on torch in fp32, or under bf16 autocast (fast only with AVX-512 BF16/AMX)."""

    def __init__(self, model: SentenceTransformer, *, bf16: bool = False) -> None:
        self._model = model
        self._bf16 = bf16
        self.tokenizer: Any = model.tokenizer
        self.max_seq_length = int(model.max_seq_length or self.tokenizer.model_max_length)
        self.dimension = _st_dimension(model)

    def encode(self, texts: Sequence[str], *, batch_size: int, progress: bool) -> np.ndarray:
        with self._precision():
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size,
                show_progress_bar=progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.asarray(vectors, dtype=np.float32)

    def _precision(self) -> contextlib.AbstractContextManager[Any]:
        if not self._bf16:
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)


class GraphEncoder:
    """Tokenise with the model's own tokenizer, run an exported graph, mean-pool and normalise."""

    def __init__(self, run: GraphRunner, *, tokenizer: Any, max_seq_length: int, dimension: int) -> None:
        self._run = run
        self.tokenizer = tokenizer
        self.max_seq_length = max_seq_length
        self.dimension = dimension

    def encode(self, texts: Sequence[str], *, batch_size: int, progress: bool) -> np.ndarray:
        from tqdm import tqdm

        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        starts = range(0, len(texts), max(1, batch_size))
        for start in tqdm(starts, desc="Batches", disable=not progress):
            batch = list(texts[start : start + batch_size])
            encoded = self.tokenizer(
                batch, padding=True, truncation=True, max_length=self.max_seq_length, return_tensors="np"
            )
            mask = encoded[ATTENTION_MASK].astype(np.int64)
            states = self._run(encoded[INPUT_IDS].astype(np.int64), mask)
            out[start : start + len(batch)] = mean_pool_normalised(states, mask)
        return out


class FastTokenizer:
    """The model's `tokenizer.json` run by `tokenizers` alone, called like a transformers tokenizer.

    transformers imports torch (seconds of start-up on 2 cores), which the exported-graph backends do
    not need: with them a one-shot `protokollet ask` loads no torch at all. Stateless per call
    (truncation and padding are applied here, not configured on the shared tokenizer), so threads
    may share it.
    """

    def __init__(self, model_dir: Path) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        config = model_dir / "tokenizer_config.json"
        pad_token = "<pad>"
        if config.is_file():
            import json

            pad_token = str(json.loads(config.read_text(encoding="utf-8")).get("pad_token") or pad_token)
        pad_id = self._tokenizer.token_to_id(pad_token)
        self.pad_id = 0 if pad_id is None else pad_id

    def __call__(
        self,
        texts: str | Sequence[str],
        *,
        add_special_tokens: bool = True,
        padding: bool = False,
        truncation: bool = False,
        max_length: int | None = None,
        return_tensors: str | None = None,
        verbose: bool = False,  # accepted as transformers does; this tokenizer never warns
    ) -> dict[str, Any]:
        single = isinstance(texts, str)
        batch = [texts] if isinstance(texts, str) else list(texts)
        ids = [
            encoding.ids
            for encoding in self._tokenizer.encode_batch(batch, add_special_tokens=add_special_tokens)
        ]
        if truncation and max_length:
            # As transformers truncates one sequence: keep the first tokens and the closing special.
            ids = [row if len(row) <= max_length else [*row[: max_length - 1], row[-1]] for row in ids]
        if single and not padding and return_tensors is None:
            return {INPUT_IDS: ids[0], ATTENTION_MASK: [1] * len(ids[0])}
        width = max((len(row) for row in ids), default=0) if padding else None
        rows = [row + [self.pad_id] * ((width or len(row)) - len(row)) for row in ids]
        masks = [[1] * len(row) + [0] * ((width or len(row)) - len(row)) for row in ids]
        if return_tensors == "np":
            return {
                INPUT_IDS: np.asarray(rows, dtype=np.int64),
                ATTENTION_MASK: np.asarray(masks, dtype=np.int64),
            }
        return {INPUT_IDS: rows, ATTENTION_MASK: masks}


def mean_pool_normalised(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the unmasked token states, L2-normalised (sentence-transformers' Pooling + Normalize)."""
    weights = mask[..., None].astype(np.float32)
    summed = (states.astype(np.float32) * weights).sum(axis=1)
    pooled = summed / np.maximum(weights.sum(axis=1), 1e-9)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def graph_runner(runtime: str, model_file: Path, threads: int | None = None) -> GraphRunner:
    """A runner for an exported graph on `runtime` ("onnxruntime" or "openvino") using `threads`
    threads per call (default `cpu_threads()`)."""
    threads = threads or cpu_threads()
    if runtime == "onnxruntime":
        return onnx_runner(model_file, threads)
    return openvino_runner(model_file, threads)


def onnx_runner(model_file: Path, threads: int) -> GraphRunner:
    """An ONNX Runtime CPU session with all graph optimisations, `threads` threads per call; safe to
    call from several threads at once."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle pool threads sleep instead of spinning: under concurrent queries, spinning threads burn the
    # CPU the other requests need (measured: spinning costs throughput on a busy 2-core server).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3  # the exporter's benign warnings are not the operator's business
    session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])

    def run(input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        outputs = session.run([HIDDEN], {INPUT_IDS: input_ids, ATTENTION_MASK: attention_mask})
        return np.asarray(outputs[0])

    return run


def openvino_runner(model_file: Path, threads: int) -> GraphRunner:
    """An OpenVINO CPU model compiled for latency with `threads` threads; one infer request per calling
    thread (a request is not safe to share between threads)."""
    import openvino as ov

    compiled = ov.Core().compile_model(
        str(model_file),
        "CPU",
        {"PERFORMANCE_HINT": "LATENCY", "INFERENCE_NUM_THREADS": threads},
    )
    local = threading.local()

    def run(input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        if not hasattr(local, "request"):
            local.request = compiled.create_infer_request()
        result = local.request.infer({INPUT_IDS: input_ids, ATTENTION_MASK: attention_mask})
        return np.asarray(result[compiled.output(HIDDEN)])

    return run


def _st_dimension(model: SentenceTransformer) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimension = getter()
    if not dimension:
        raise ValueError("the embedding model does not report its output dimension")
    return int(dimension)
