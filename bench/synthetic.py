"""Synthetic scale: the indexed corpus replicated to N paragraphs, written in the real snapshot format.

Copy r of a paragraph gets its own ids, another municipality and a date shifted by r weeks, so every
copy is a distinct paragraph for filters, BM25 statistics and the paragraph ranking. Its vectors are
the source vectors plus Gaussian noise drawn with the corpus' own covariance (so a copy stays inside
the region real embeddings occupy), scaled so the median cosine between a copy and its source equals
the median cosine between a real paragraph and its nearest neighbour in the corpus: copies are as
different from their source as real neighbouring paragraphs are from each other, not near-duplicates
(which would make ANN recall against exact search meaningless). Re-embedding 1M texts on 2 cores
would take more than a day; this is the documented shortcut.

Lexical tokens are not recomputed per copy: a chunk's body is tokenised once and each copy adds the
tokens of its own header (body, municipality, date, item), cached per distinct header.

Two versions of each size are written: the index type `Settings` chooses for that size, and exact
search (`IndexFlatIP`) over the same vectors and BM25, the baseline for recall@10.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from pydantic import BaseModel
from tqdm import tqdm

from protokollet.index.chunking import chunk_header
from protokollet.index.dense import DenseIndex, Kind, choose_kind
from protokollet.index.lexical import LexicalIndex
from protokollet.index.snapshot import (
    ChunkRecord,
    Manifest,
    Snapshot,
    current_version,
    load_snapshot,
    paragraph_fingerprint,
    write_snapshot,
)
from protokollet.models import ParagraphContext

#: Municipalities the copies are attributed to (real names; the copies are still synthetic).
MUNICIPALITIES = (
    "Uppsala kommun", "Linköpings kommun", "Örebro kommun", "Västerås stad", "Helsingborgs stad",
    "Norrköpings kommun", "Jönköpings kommun", "Umeå kommun", "Lunds kommun", "Borås stad",
    "Gävle kommun", "Eskilstuna kommun", "Södertälje kommun", "Karlstads kommun", "Växjö kommun",
    "Halmstads kommun", "Sundsvalls kommun", "Luleå kommun", "Trollhättans stad", "Östersunds kommun",
    "Borlänge kommun", "Falu kommun", "Kalmar kommun", "Skövde kommun", "Kristianstads kommun",
    "Karlskrona kommun", "Skellefteå kommun", "Uddevalla kommun", "Varbergs kommun", "Nyköpings kommun",
)  # fmt: skip
NOISE_SEED = 7
#: Paragraphs sampled to calibrate the noise level (nearest neighbours and copy cosines).
CALIBRATION_SAMPLE = 2000
BUILD_FILE = "build.json"
ANN_DIR = "ann"
EXACT_DIR = "exact"


class SyntheticBuild(BaseModel):
    """How a synthetic size was made and what building it cost (kept beside it in the cache)."""

    paragraphs: int
    chunks: int
    copies: int
    source_paragraphs: int
    source_fingerprint: str
    noise_sigma: float
    corpus_nn_cosine_median: float
    copy_cosine_median: float
    index_type: str
    seconds_vectors: float
    seconds_dense: float
    seconds_dense_exact: float
    seconds_lexical: float
    seconds_write: float


def cache_key(size: int, source: Snapshot, index_kind: Kind) -> str:
    """Names the source version too: re-indexing the same paragraphs (another embedding backend) changes
    the vectors the copies are made from."""
    version = hashlib.sha256(source.version.encode()).hexdigest()[:8]
    return f"{size}-{source.manifest.paragraph_fingerprint[:12]}-{version}-{index_kind}"


def synthetic_dirs(root: Path) -> tuple[Path, Path]:
    """(index dir of the chosen type, index dir of exact search) under a cached size's root."""
    return root / ANN_DIR / "index", root / EXACT_DIR / "index"


def ensure_synthetic(
    source_index_dir: Path, model: str, size: int, cache_dir: Path, exact_max: int, *, progress: bool = True
) -> tuple[Path, SyntheticBuild]:
    """The cached synthetic index of `size` paragraphs made from `source_index_dir`, built if missing."""
    source = load_snapshot(source_index_dir, model)
    kind = choose_kind(size, exact_max)
    root = cache_dir / cache_key(size, source, kind)
    ann, exact = synthetic_dirs(root)
    if (root / BUILD_FILE).is_file() and current_version(ann) and current_version(exact):
        return root, SyntheticBuild.model_validate_json((root / BUILD_FILE).read_text(encoding="utf-8"))
    build = write_synthetic(source, size, root, kind, exact_max, progress=progress)
    (root / BUILD_FILE).write_text(build.model_dump_json(indent=2), encoding="utf-8")
    return root, build


def noise_factor(vectors: np.ndarray) -> np.ndarray:
    """A matrix L with g @ L ~ N(0, corpus covariance) for standard normal g (rows: one per dimension)."""
    centred = vectors - vectors.mean(axis=0)
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred / len(vectors))
    return (np.sqrt(np.clip(eigenvalues, 0, None))[:, None] * eigenvectors.T).astype(np.float32)


def noisy_copies(
    vectors: np.ndarray, factor: np.ndarray, sigma: float, rng: np.random.Generator
) -> np.ndarray:
    """L2-normalised `vectors + sigma * noise` with noise of the corpus' covariance."""
    noise = rng.standard_normal((len(vectors), factor.shape[0]), dtype=np.float32) @ factor
    copies = vectors + sigma * noise
    copies /= np.linalg.norm(copies, axis=1, keepdims=True)
    return copies.astype(np.float32)


def calibrate_sigma(vectors: np.ndarray, factor: np.ndarray) -> tuple[float, float, float]:
    """(sigma, corpus median nearest-neighbour cosine, median copy-source cosine at sigma)."""
    rng = np.random.default_rng(NOISE_SEED)
    sample = vectors[rng.choice(len(vectors), min(len(vectors), CALIBRATION_SAMPLE), replace=False)]
    similarity = sample @ vectors.T
    # The sample's own rows score 1.0 against themselves; the second best is the nearest other paragraph.
    nearest = np.sort(similarity, axis=1)[:, -2]
    target = float(np.median(nearest))
    low, high = 0.0, 4.0
    for _ in range(20):  # median copy cosine falls monotonically with sigma: bisect
        sigma = (low + high) / 2
        copies = noisy_copies(sample, factor, sigma, np.random.default_rng(NOISE_SEED))
        if float(np.median((copies * sample).sum(axis=1))) > target:
            low = sigma
        else:
            high = sigma
    sigma = (low + high) / 2
    copies = noisy_copies(sample, factor, sigma, np.random.default_rng(NOISE_SEED))
    return sigma, target, float(np.median((copies * sample).sum(axis=1)))


def copy_context(context: ParagraphContext, copy: int) -> ParagraphContext:
    """Copy `copy` of a paragraph: new ids, another municipality, the date `copy` weeks later."""
    if copy == 0:
        return context
    suffix = f"~{copy}"
    # model_construct: the values come from a validated paragraph; validating 1M copies costs minutes.
    return ParagraphContext.model_construct(
        **{
            **dict(context),
            "paragraph_id": context.paragraph_id + suffix,
            "item_id": context.item_id + suffix,
            "meeting_id": context.meeting_id + suffix,
            "document_id": context.document_id + suffix,
            "municipality": MUNICIPALITIES[(copy - 1) % len(MUNICIPALITIES)],
            "date": context.date + dt.timedelta(weeks=copy) if context.date else None,
            "source_path": f"synthetic/{copy}/{context.source_path}",
        }
    )


def _copies(source: Snapshot, size: int) -> Iterator[tuple[int, ParagraphContext, ParagraphContext]]:
    """(copy number, source paragraph, copy) for `size` paragraphs: whole copies of the corpus, the
    last one partial."""
    contexts = list(source.paragraphs.values())
    for number in range(size):
        copy, position = divmod(number, len(contexts))
        yield copy, contexts[position], copy_context(contexts[position], copy)


def write_synthetic(
    source: Snapshot, size: int, root: Path, kind: Kind, exact_max: int, *, progress: bool = True
) -> SyntheticBuild:
    """Build both versions (chosen index type and exact) of a synthetic size under `root`."""
    started = time.perf_counter()
    chunk_rows: dict[str, list[int]] = {}
    for row, chunk in enumerate(source.chunks):
        chunk_rows.setdefault(chunk.paragraph_id, []).append(row)
    source_vectors = np.asarray(source.dense.vectors, dtype=np.float32)
    factor = noise_factor(source_vectors)
    sigma, nn_median, copy_median = calibrate_sigma(source_vectors, factor)
    analyzer = source.lexical.analyzer
    vocabulary: dict[str, int] = {}

    def term_ids(text: str) -> list[int]:
        return [vocabulary.setdefault(term, len(vocabulary)) for term in analyzer.tokens(text)]

    body_ids: dict[int, list[int]] = {}
    header_ids: dict[str, list[int]] = {}
    rows: list[int] = []
    copies_of_rows: list[int] = []
    token_ids: list[list[int]] = []
    chunks: list[ChunkRecord] = []
    paragraphs: dict[str, ParagraphContext] = {}
    replicated = _copies(source, size)
    for copy, original, context in tqdm(
        replicated, total=size, desc=f"Replicating {size}", disable=not progress
    ):
        paragraphs[context.paragraph_id] = context
        header = chunk_header(context)
        if header not in header_ids:
            header_ids[header] = term_ids(header)
        for row in chunk_rows.get(original.paragraph_id, []):
            record = source.chunks[row]
            if row not in body_ids:
                body_ids[row] = term_ids(original.text[record.start : record.end])
            token_ids.append(header_ids[header] + body_ids[row])
            chunks.append(
                ChunkRecord.model_construct(
                    chunk_id=f"{context.paragraph_id}#{record.chunk_id.rsplit('#', 1)[-1]}",
                    paragraph_id=context.paragraph_id,
                    start=record.start,
                    end=record.end,
                    text_hash=record.text_hash,
                )
            )
            rows.append(row)
            copies_of_rows.append(copy)
    rng = np.random.default_rng(NOISE_SEED)
    vectors = source_vectors[np.asarray(rows)]
    copied = np.asarray(copies_of_rows) > 0
    for start in tqdm(range(0, len(vectors), 100_000), desc="Noisy vectors", disable=not progress):
        part = slice(start, start + 100_000)
        mask = copied[part]
        block = vectors[part]
        block[mask] = noisy_copies(block[mask], factor, sigma, rng)
    seconds_vectors = time.perf_counter() - started

    lexical_started = time.perf_counter()
    import bm25s

    retriever = bm25s.BM25()
    vocabulary.setdefault("", len(vocabulary))  # what bm25s adds for documents without terms
    retriever.index((token_ids, vocabulary), show_progress=progress)
    lexical = LexicalIndex(retriever, analyzer, len(chunks))
    del token_ids
    seconds_lexical = time.perf_counter() - lexical_started

    dense_started = time.perf_counter()
    dense = DenseIndex.build(vectors, exact_max, kind=kind)
    seconds_dense = time.perf_counter() - dense_started
    exact_started = time.perf_counter()
    exact = DenseIndex.build(vectors, exact_max, kind="flat")
    seconds_exact = time.perf_counter() - exact_started

    write_started = time.perf_counter()
    manifest = Manifest(
        model=source.manifest.model,
        dimension=source.manifest.dimension,
        vectors=len(vectors),
        chunks=len(chunks),
        paragraphs=len(paragraphs),
        faiss_index_type=dense.index_type,
        decompound=analyzer.decompound,
        created=dt.datetime.now(dt.UTC),
        paragraph_fingerprint=paragraph_fingerprint(paragraphs),
    )
    ann_dir, exact_dir = synthetic_dirs(root)
    for index_dir, index in ((ann_dir, dense), (exact_dir, exact)):
        snapshot = Snapshot(
            manifest=manifest.model_copy(update={"faiss_index_type": index.index_type}),
            chunks=chunks,
            paragraphs=paragraphs,
            dense=index,
            lexical=lexical,
        )
        write_snapshot(index_dir, snapshot)
    seconds_write = time.perf_counter() - write_started
    return SyntheticBuild(
        paragraphs=len(paragraphs),
        chunks=len(chunks),
        copies=int(np.ceil(size / len(source.paragraphs))),
        source_paragraphs=len(source.paragraphs),
        source_fingerprint=source.manifest.paragraph_fingerprint,
        noise_sigma=sigma,
        corpus_nn_cosine_median=nn_median,
        copy_cosine_median=copy_median,
        index_type=dense.index_type,
        seconds_vectors=seconds_vectors,
        seconds_dense=seconds_dense,
        seconds_dense_exact=seconds_exact,
        seconds_lexical=seconds_lexical,
        seconds_write=seconds_write,
    )
