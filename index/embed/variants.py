"""Which embedding backend runs: the names, where optimised variants live and whether they may be used.

A variant is an exported copy of the model (ONNX or OpenVINO, fp32 or int8) built offline by
`protokollet model optimize` into `<model dir>/variants/<backend>/`. It carries `variant.json`,
written last, with the cosine its vectors reached against the torch fp32 model on real passages;
`auto` only picks a variant whose check passed and whose runtime imports, else torch fp32.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
from pathlib import Path

from pydantic import BaseModel, ValidationError

from protokollet.errors import BackendUnavailable, UnknownBackend

logger = logging.getLogger(__name__)

AUTO = "auto"
TORCH = "torch"
TORCH_BF16 = "torch-bf16"
ONNX = "onnx"
ONNX_INT8 = "onnx-int8"
OPENVINO = "openvino"
OPENVINO_INT8 = "openvino-int8"

#: Backends that run from an exported file, fastest first as measured on 2 AVX2 cores (see docs):
#: `auto` takes the first one that is built, verified and importable.
VARIANTS = (ONNX_INT8, OPENVINO_INT8, ONNX, OPENVINO)
BACKENDS = (AUTO, TORCH, TORCH_BF16, *VARIANTS)

#: The Python package each exported backend needs at run time.
RUNTIME_PACKAGE = {
    ONNX: "onnxruntime",
    ONNX_INT8: "onnxruntime",
    OPENVINO: "openvino",
    OPENVINO_INT8: "openvino",
}
#: The file a variant directory is loaded from.
MODEL_FILE = {ONNX: "model.onnx", ONNX_INT8: "model.onnx", OPENVINO: "model.xml", OPENVINO_INT8: "model.xml"}

#: A variant is used only when every checked passage's vector keeps this cosine to torch fp32.
MIN_COSINE = 0.99

VARIANTS_DIR = "variants"
INFO_FILE = "variant.json"


class VariantInfo(BaseModel):
    """What `variant.json` records about an exported variant and its check against torch fp32."""

    backend: str
    model_file: str
    dimension: int
    max_seq_length: int
    passages: int
    mean_cosine: float
    min_cosine: float
    build_seconds: float
    created: dt.datetime

    @property
    def verified(self) -> bool:
        return self.passages > 0 and self.min_cosine >= MIN_COSINE


def check_backend_name(name: str) -> str:
    """The backend name, or a clear error listing the valid ones."""
    if name not in BACKENDS:
        raise UnknownBackend(f"unknown embedding backend {name!r}: choose one of {', '.join(BACKENDS)}")
    return name


def variant_dir(model_dir: Path, backend: str) -> Path:
    return model_dir / VARIANTS_DIR / backend


def read_variant(model_dir: Path, backend: str) -> VariantInfo | None:
    """The variant's record, or None when it is not (completely) built."""
    path = variant_dir(model_dir, backend) / INFO_FILE
    try:
        return VariantInfo.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError):
        return None


def runtime_installed(backend: str) -> bool:
    package = RUNTIME_PACKAGE.get(backend)
    return package is None or importlib.util.find_spec(package) is not None


def usable_problem(model_dir: Path | None, backend: str) -> str | None:
    """Why `backend` cannot run for the model in `model_dir` (None: it can)."""
    if backend not in VARIANTS:
        return None
    if not runtime_installed(backend):
        return f"its runtime package {RUNTIME_PACKAGE[backend]!r} is not installed"
    if model_dir is None:
        return "the model is not a local directory, so it has no optimised variants"
    info = read_variant(model_dir, backend)
    if info is None:
        return f"it is not built: run `protokollet model optimize --backend {backend}`"
    if not info.verified:
        return f"it failed its check against torch fp32 (min cosine {info.min_cosine:.4f} < {MIN_COSINE})"
    return None


def resolve_backend(requested: str, model_dir: Path | None) -> str:
    """The backend to run: `requested` itself if usable (else an error), or for `auto` the best usable one."""
    check_backend_name(requested)
    if requested != AUTO:
        problem = usable_problem(model_dir, requested)
        if problem:
            raise BackendUnavailable(f"embedding backend {requested!r} cannot be used: {problem}")
        return requested
    for backend in VARIANTS:
        if usable_problem(model_dir, backend) is None:
            return backend
    logger.info("embedding backend auto: no verified optimised variant is usable, using torch fp32")
    return TORCH
