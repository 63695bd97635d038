"""Build the optimised embedding variants offline (`protokollet model optimize`) and check each one.

From the locally built sentence-transformers model: export the BERT encoder to ONNX once (eager
attention, so ONNX Runtime's transformer optimiser can fuse attention, LayerNorm and GELU), then

- onnx: the fused fp32 graph;
- onnx-int8: the fused graph with int8 MatMul/Attention weights (dynamic quantisation: no data);
- openvino / openvino-int8: the plain graph read by OpenVINO, fp32 or statically quantised by NNCF
  with calibration passages from the corpus.

Each variant embeds the check passages; their cosine to torch fp32 goes into `variant.json`, which
is written last inside a staging directory that is renamed into place, so a variant is either
complete or absent. sentence-transformers' own ONNX/OpenVINO backends need optimum, whose releases
pin transformers < 5 (ours is 5.x), so we call ONNX Runtime, OpenVINO and NNCF directly.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from protokollet.errors import OptimizeError
from protokollet.index.embed import encoders
from protokollet.index.embed.variants import (
    INFO_FILE,
    MODEL_FILE,
    ONNX,
    ONNX_INT8,
    OPENVINO,
    OPENVINO_INT8,
    RUNTIME_PACKAGE,
    TORCH,
    VARIANTS,
    VARIANTS_DIR,
    VariantInfo,
    read_variant,
    runtime_installed,
    variant_dir,
)
from protokollet.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

#: Passages embedded to check each variant against torch fp32 (and, half of them, to calibrate NNCF).
DEFAULT_CHECK_PASSAGES = 96
_OPSET = 17


@dataclass(frozen=True)
class OptimizeResult:
    backend: str
    info: VariantInfo
    already_built: bool


class _Export:
    """The plain and the fused ONNX export of one model, made on first use inside a temporary dir."""

    def __init__(self, model: SentenceTransformer, model_dir: Path, workdir: Path) -> None:
        self._model = model
        self._model_dir = model_dir
        self._workdir = workdir
        self._plain: Path | None = None
        self._fused: Path | None = None

    def plain(self) -> Path:
        if self._plain is None:
            self._plain = self._workdir / "plain.onnx"
            _export_onnx(self._model_dir, self._model, self._plain)
        return self._plain

    def fused(self) -> Path:
        if self._fused is None:
            self._fused = self._workdir / "fused.onnx"
            _fuse_onnx(self.plain(), self._fused, self._model)
        return self._fused


def optimize_model(
    model_dir: Path,
    backends: Sequence[str],
    passages: Sequence[str],
    *,
    force: bool = False,
    progress: bool = True,
) -> list[OptimizeResult]:
    """Build (or find already built) each of `backends` for the model in `model_dir`, checked on `passages`.

    `passages` are prefixed texts as the embedder embeds them (e.g. "passage: ..." chunk texts).
    """
    unknown = [backend for backend in backends if backend not in VARIANTS]
    if unknown:
        raise OptimizeError(
            f"not an exported backend: {', '.join(unknown)} (choose from {', '.join(VARIANTS)})"
        )
    missing = sorted({b for b in backends if not runtime_installed(b)})
    if missing:
        raise OptimizeError(
            f"install the runtime for {', '.join(missing)} first (onnxruntime, onnx / openvino, nncf)"
        )
    results: list[OptimizeResult] = []
    todo = []
    for backend in backends:
        info = read_variant(model_dir, backend)
        if info is not None and not force:
            results.append(OptimizeResult(backend, info, already_built=True))
        else:
            todo.append(backend)
    if not todo:
        return results
    if not passages:
        raise OptimizeError("no passages to check the variants with: ingest some documents first")
    from sentence_transformers import SentenceTransformer
    from tqdm import tqdm

    model = SentenceTransformer(str(model_dir), device="cpu")
    _check_pipeline(model)
    torch_encoder = encoders.TorchEncoder(model)
    reference = torch_encoder.encode(passages, batch_size=16, progress=False)
    (model_dir / VARIANTS_DIR).mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=model_dir / VARIANTS_DIR, prefix=".export-") as work:
        export = _Export(model, model_dir, Path(work))
        for backend in tqdm(todo, desc="Optimising embedding model", unit="variant", disable=not progress):
            info = _build_variant(backend, model_dir, export, torch_encoder, passages, reference)
            results.append(OptimizeResult(backend, info, already_built=False))
    order = {backend: i for i, backend in enumerate(backends)}
    return sorted(results, key=lambda result: order[result.backend])


def _build_variant(
    backend: str,
    model_dir: Path,
    export: _Export,
    torch_encoder: encoders.TextEncoder,
    passages: Sequence[str],
    reference: np.ndarray,
) -> VariantInfo:
    started = time.perf_counter()
    target = variant_dir(model_dir, backend)
    staging_root = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{backend}.building-"))
    try:
        staged = staging_root / backend
        staged.mkdir()
        model_file = staged / MODEL_FILE[backend]
        _write_variant(backend, export, model_file, torch_encoder.tokenizer, passages)
        encoder = encoders.GraphEncoder(
            encoders.graph_runner(RUNTIME_PACKAGE[backend], model_file),
            tokenizer=torch_encoder.tokenizer,
            max_seq_length=torch_encoder.max_seq_length,
            dimension=torch_encoder.dimension,
        )
        vectors = encoder.encode(passages, batch_size=16, progress=False)
        cosines = np.sum(vectors * reference, axis=1)
        info = VariantInfo(
            backend=backend,
            model_file=model_file.name,
            dimension=torch_encoder.dimension,
            max_seq_length=torch_encoder.max_seq_length,
            passages=len(passages),
            mean_cosine=float(cosines.mean()),
            min_cosine=float(cosines.min()),
            build_seconds=round(time.perf_counter() - started, 1),
            created=dt.datetime.now(dt.UTC),
        )
        (staged / INFO_FILE).write_text(info.model_dump_json(indent=2) + "\n", encoding="utf-8")
        for path in staged.rglob("*"):
            path.chmod(0o644)
        if target.exists():
            os.replace(target, staging_root / "previous")
        os.replace(staged, target)
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    return info


def _write_variant(
    backend: str, export: _Export, model_file: Path, tokenizer: Any, passages: Sequence[str]
) -> None:
    if backend == ONNX:
        shutil.copyfile(export.fused(), model_file)
    elif backend == ONNX_INT8:
        _quantize_onnx(export.fused(), model_file)
    elif backend == OPENVINO:
        _save_openvino(_read_openvino(export.plain()), model_file)
    elif backend == OPENVINO_INT8:
        calibration = passages[::2]  # the other half stays unseen for the check
        _save_openvino(_quantize_openvino(_read_openvino(export.plain()), tokenizer, calibration), model_file)
    else:  # pragma: no cover - optimize_model validated the name
        raise OptimizeError(f"no exporter for {backend}")


def _check_pipeline(model: SentenceTransformer) -> None:
    """The runtimes re-implement mean pooling + normalisation: refuse models with another head."""
    names = [type(module).__name__ for module in model]
    pooling = model[1] if len(names) > 1 else None
    mean = getattr(pooling, "pooling_mode_mean_tokens", None)
    if mean is None:
        mean = getattr(pooling, "pooling_mode", None) in ("mean", ["mean"], ("mean",))
    if names[:2] != ["Transformer", "Pooling"] or not mean or names[2:] not in ([], ["Normalize"]):
        raise OptimizeError(
            f"only Transformer -> mean Pooling [-> Normalize] models can be optimised, not {names}"
        )


def _export_onnx(model_dir: Path, model: SentenceTransformer, out: Path) -> None:
    """Export the encoder with eager attention (fusable by ONNX Runtime; SDPA exports an opaque pattern)."""
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(model_dir), add_pooling_layer=False, attn_implementation="eager")
    bert.eval()

    class _States(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    sample = model.tokenizer(
        ["passage: kort", "passage: en något längre mening om kommunens budget"],
        padding=True,
        return_tensors="pt",
    )
    axes = {
        name: {0: "batch", 1: "sequence"}
        for name in (encoders.INPUT_IDS, encoders.ATTENTION_MASK, encoders.HIDDEN)
    }
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _States(bert),
            (sample[encoders.INPUT_IDS], sample[encoders.ATTENTION_MASK]),
            str(out),
            input_names=[encoders.INPUT_IDS, encoders.ATTENTION_MASK],
            output_names=[encoders.HIDDEN],
            dynamic_axes=axes,
            opset_version=_OPSET,
            dynamo=False,  # the dynamo exporter needs onnxscript; the TorchScript one handles BERT fine
        )


def _fuse_onnx(plain: Path, out: Path, model: SentenceTransformer) -> None:
    from onnxruntime.transformers.optimizer import optimize_model as fuse

    transformer: Any = model[0]
    config = transformer.auto_model.config
    fused = fuse(
        str(plain),
        model_type="bert",
        num_heads=config.num_attention_heads,
        hidden_size=config.hidden_size,
        opt_level=1,
    )
    fused.save_model_to_file(str(out))


def _quantize_onnx(fused: Path, out: Path) -> None:
    """int8 weights per output channel for MatMul and fused Attention; activations quantised per batch."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    root.addFilter(_drop_preprocess_advice)
    try:
        quantize_dynamic(
            str(fused),
            str(out),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Attention"],
            # Fused contrib ops hide their outputs' types from ONNX shape inference: they are all float.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        root.removeFilter(_drop_preprocess_advice)


def _drop_preprocess_advice(record: logging.LogRecord) -> bool:
    """onnxruntime advises "Please consider to run pre-processing before quantization" whenever the
    graph lacks its pre-processing metadata flag. Harmless here: the graph was already fused and
    optimised by onnxruntime's transformer optimizer (what that pre-processing does), and the variant is
    checked against torch fp32 before use. Every other record passes."""
    return not record.getMessage().startswith("Please consider to run pre-processing")


def _read_openvino(plain: Path) -> Any:
    import openvino as ov

    return ov.Core().read_model(str(plain))


def _save_openvino(model: Any, out: Path) -> None:
    import openvino as ov

    ov.save_model(model, str(out), compress_to_fp16=False)


def _quantize_openvino(model: Any, tokenizer: Any, calibration: Sequence[str]) -> Any:
    """Static int8 (NNCF post-training quantisation, transformer preset) calibrated on corpus passages."""
    import nncf

    def samples() -> Iterator[dict[str, np.ndarray]]:
        for text in calibration:
            encoded = tokenizer([text], truncation=True, max_length=512, return_tensors="np")
            yield {
                name: encoded[name].astype(np.int64) for name in (encoders.INPUT_IDS, encoders.ATTENTION_MASK)
            }

    items = list(samples())
    return nncf.quantize(
        model, nncf.Dataset(items), model_type=nncf.ModelType.TRANSFORMER, subset_size=len(items)
    )


def sample_texts(texts: Sequence[str], count: int, seed: int = 0) -> list[str]:
    """A reproducible sample of `count` texts (all of them when there are fewer)."""
    if len(texts) <= count:
        return list(texts)
    rng = np.random.default_rng(seed)
    return [texts[i] for i in sorted(rng.choice(len(texts), size=count, replace=False))]


def corpus_passages(
    settings: Settings, count: int = DEFAULT_CHECK_PASSAGES, *, seed: int = 0, prefixed: bool = True
) -> list[str]:
    """A reproducible sample of the stored paragraphs' chunks exactly as indexing embeds them
    (with the passage prefix unless `prefixed` is False: `Embedder.embed_passages` adds it itself)."""
    from protokollet.index.chunking import chunk_paragraphs
    from protokollet.index.embed.embedder import load_embedder
    from protokollet.store.open import open_store

    embedder = load_embedder(settings, backend=TORCH)
    store = open_store(settings)
    try:
        contexts = list(store.paragraphs())
    finally:
        store.close()
    chunks = chunk_paragraphs(contexts, embedder.count_tokens, embedder.max_tokens)
    prefix = embedder.passage_prefix if prefixed else ""
    return sample_texts([prefix + chunk.text_for_embedding for chunk in chunks], count, seed)
