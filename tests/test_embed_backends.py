"""Embedding backends: the int8 ONNX variant keeps torch fp32's vectors; auto falls back; bad names fail."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pytest

from protokollet.errors import BackendUnavailable, UnknownBackend
from protokollet.index.embed.embedder import Embedder, load_embedder
from protokollet.index.embed.model_build import bundled_model_dir
from protokollet.index.embed.optimize import optimize_model
from protokollet.index.embed.variants import (
    INFO_FILE,
    MIN_COSINE,
    ONNX_INT8,
    RUNTIME_PACKAGE,
    TORCH,
    VariantInfo,
    read_variant,
    resolve_backend,
    variant_dir,
)
from protokollet.settings import Settings

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


def sample_paragraphs() -> list[str]:
    """Real paragraphs from every sample file, short enough for one 512-token window."""
    paragraphs: list[str] = []
    for path in sorted(SAMPLE_DIR.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in re.split(r"\n[ \t]*\n", text) if 200 <= len(p.strip()) <= 1500][:4]
    return paragraphs


@pytest.fixture(scope="session")
def int8_settings(tmp_path_factory: pytest.TempPathFactory, bundled_model_settings: Settings) -> Settings:
    """A data dir whose model (files linked to the session's) also holds a built onnx-int8 variant.

    The variant goes into a model dir of its own so the session's other tests keep torch under `auto`.
    """
    data_dir = tmp_path_factory.mktemp("int8-data")
    settings = Settings(data_dir=data_dir)
    source = bundled_model_dir(bundled_model_settings.models_dir)
    target = bundled_model_dir(settings.models_dir)
    target.mkdir(parents=True)
    for entry in source.iterdir():
        (target / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    checks = ["passage: " + text for text in sample_paragraphs()[::3]]
    optimize_model(target, [ONNX_INT8], checks, progress=False)
    return settings


@pytest.mark.slow
def test_onnx_int8_vectors_stay_within_cosine_of_torch(int8_settings: Settings, embedder: Embedder) -> None:
    fast = load_embedder(int8_settings)  # auto picks the verified variant
    assert fast.backend == ONNX_INT8
    assert embedder.backend == TORCH
    passages = sample_paragraphs()
    assert len(passages) >= 40
    queries = ["Vad beslutades om budgeten?", "val av justerare", "motion om cykelbanor i centrum"]
    cosines = np.concatenate(
        [
            np.sum(fast.embed_passages(passages) * embedder.embed_passages(passages), axis=1),
            np.sum(fast.embed_queries(queries) * embedder.embed_queries(queries), axis=1),
        ]
    )
    print(
        f"\nonnx-int8 vs torch fp32, {len(cosines)} texts: mean {cosines.mean():.5f} min {cosines.min():.5f}"
    )
    assert cosines.min() >= MIN_COSINE
    assert fast.dimension == embedder.dimension
    assert fast.max_tokens == embedder.max_tokens
    assert fast.count_tokens("kommunstyrelsen beslutade") == embedder.count_tokens(
        "kommunstyrelsen beslutade"
    )


@pytest.mark.slow
def test_optimize_is_idempotent_and_records_its_check(int8_settings: Settings) -> None:
    model_dir = bundled_model_dir(int8_settings.models_dir)
    info = read_variant(model_dir, ONNX_INT8)
    assert info is not None and info.verified and info.passages > 0
    (again,) = optimize_model(model_dir, [ONNX_INT8], ["passage: x"], progress=False)
    assert again.already_built
    assert again.info == info
    assert not [p for p in (model_dir / "variants").iterdir() if p.name.startswith(".")]


def test_auto_falls_back_to_torch_without_a_usable_variant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="protokollet.index.embed.variants")
    assert resolve_backend("auto", tmp_path) == TORCH  # nothing built
    assert resolve_backend("auto", None) == TORCH  # a hub model: no local variants
    assert "using torch fp32" in caplog.text

    _write_info(tmp_path, ONNX_INT8, min_cosine=0.95)  # built, but failed its check
    assert resolve_backend("auto", tmp_path) == TORCH
    with pytest.raises(BackendUnavailable, match="failed its check"):
        resolve_backend(ONNX_INT8, tmp_path)

    _write_info(tmp_path, ONNX_INT8, min_cosine=0.995)
    assert resolve_backend("auto", tmp_path) == ONNX_INT8
    monkeypatch.setitem(RUNTIME_PACKAGE, ONNX_INT8, "no_such_runtime_package")
    assert resolve_backend("auto", tmp_path) == TORCH
    with pytest.raises(BackendUnavailable, match="no_such_runtime_package"):
        resolve_backend(ONNX_INT8, tmp_path)


def test_named_backend_that_is_not_built_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="protokollet model optimize --backend onnx-int8"):
        resolve_backend(ONNX_INT8, tmp_path)


@pytest.mark.slow
def test_bad_backend_name_is_a_clear_error(bundled_model_settings: Settings) -> None:
    settings = bundled_model_settings.model_copy(update={"embed_backend": "fastest"})
    with pytest.raises(
        UnknownBackend, match=r"unknown embedding backend 'fastest': choose one of auto, torch"
    ):
        load_embedder(settings)


def _write_info(model_dir: Path, backend: str, *, min_cosine: float) -> None:
    directory = variant_dir(model_dir, backend)
    directory.mkdir(parents=True, exist_ok=True)
    info = VariantInfo(
        backend=backend,
        model_file="model.onnx",
        dimension=384,
        max_seq_length=512,
        passages=10,
        mean_cosine=max(min_cosine, 0.99),
        min_cosine=min_cosine,
        build_seconds=1.0,
        created="2026-11-25T00:00:00Z",
    )
    (directory / INFO_FILE).write_text(info.model_dump_json(), encoding="utf-8")


def test_graph_backends_tokenize_exactly_as_transformers(bundled_model_settings: Settings) -> None:
    """The exported-graph backends tokenise with `tokenizers` alone (no transformers, hence no torch);
    ids and masks must be transformers' own, padded, truncated and single, on real paragraphs."""
    from transformers import AutoTokenizer

    from protokollet.index.embed.encoders import FastTokenizer

    model_dir = bundled_model_dir(bundled_model_settings.models_dir)
    ours, theirs = FastTokenizer(model_dir), AutoTokenizer.from_pretrained(str(model_dir))
    texts = ["query: Vad kostar Gamla Ullevi?", *("passage: " + p for p in sample_paragraphs())]
    texts.append("passage: " + " ".join(sample_paragraphs()))  # far beyond the 512-token window
    for batch in (texts[:5], texts[5:], texts):
        a = ours(batch, padding=True, truncation=True, max_length=512, return_tensors="np")
        b = theirs(batch, padding=True, truncation=True, max_length=512, return_tensors="np")
        assert np.array_equal(a["input_ids"], b["input_ids"])
        assert np.array_equal(a["attention_mask"], b["attention_mask"])
    for text in texts:
        assert (
            ours(text, add_special_tokens=True, truncation=False)["input_ids"]
            == theirs(text, add_special_tokens=True, truncation=False)["input_ids"]
        )
