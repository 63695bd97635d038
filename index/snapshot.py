"""The index on disk: versioned snapshots under the index dir, switched atomically.

Layout::

    index/CURRENT             name of the serving version (replaced with os.replace)
    index/v-<stamp>/          manifest.json, chunks.jsonl, chunk_places.npy, paragraphs.sqlite,
                              paragraph_meta.npz, dense.faiss, vectors.npy, lexical/ (BM25 + vocabulary)
    index/.tmp-<stamp>/       a build in progress; renamed to v-<stamp> only when complete

A crash anywhere before the pointer is replaced leaves the previous version serving. The version
before the current one is kept so a reader that read the old pointer a moment ago can still load it.

Two ways to open a version: `load_snapshot` reads everything into memory (for the PostgreSQL migration
and the benchmarks' replication), `open_serving` keeps in memory only what every query touches (vectors
and BM25 memory-mapped, a few integers per chunk) and reads the hits' paragraphs from
`paragraphs.sqlite` (`paragraph_table.py`). Versions written before `paragraphs.sqlite` existed (with a
`paragraphs.jsonl` instead) get those files added on first open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import numpy as np
from pydantic import BaseModel

from protokollet.errors import IndexNotBuilt, ModelMismatch
from protokollet.index.dense import DenseIndex
from protokollet.index.lexical import LexicalIndex
from protokollet.index.paragraph_table import (
    TABLE_FILE,
    ParagraphMeta,
    ParagraphTable,
    has_paragraph_table,
    read_paragraph_meta,
    write_paragraph_table,
)
from protokollet.models import ParagraphContext

if TYPE_CHECKING:
    from protokollet.index.chunking import Chunk

FORMAT_VERSION = 1
POINTER_FILE = "CURRENT"
MANIFEST_FILE = "manifest.json"
CHUNKS_FILE = "chunks.jsonl"
#: Per chunk: its paragraph's row in `paragraphs.sqlite`, start, end, ordinal (int32, memory-mapped).
CHUNK_PLACES_FILE = "chunk_places.npy"
#: Written by versions before `paragraphs.sqlite`; read to upgrade them.
LEGACY_PARAGRAPHS_FILE = "paragraphs.jsonl"
LEXICAL_DIR = "lexical"
VERSION_PREFIX = "v-"
TMP_PREFIX = ".tmp-"


class Manifest(BaseModel):
    """What an index was built from and with; checked whenever it is opened."""

    format_version: int = FORMAT_VERSION
    model: str
    # The backend that computed the vectors (torch, onnx-int8, ...); indexes older than the field were torch.
    embed_backend: str = "torch"
    dimension: int
    vectors: int
    chunks: int
    paragraphs: int
    faiss_index_type: str
    decompound: bool
    created: dt.datetime
    paragraph_fingerprint: str


class ChunkRecord(BaseModel):
    """A stored chunk: where it lies in its paragraph and which text its vector was computed from.

    What an index keeps of a `chunking.Chunk` (its texts are not kept: they are made again from the
    paragraph): one line of a snapshot's `chunks.jsonl` (the on-disk format, read back from snapshots
    of older versions too), and the place columns of a row of PostgreSQL's `chunks` table, written from
    `postgres.tables.IndexedChunk`, a ChunkRecord with the text the build derives the terms from.
    (`retrieval_embedded.ChunkMetadata` is no record: the filter columns of a loaded snapshot's chunks.)
    """

    chunk_id: str
    paragraph_id: str
    start: int
    end: int
    text_hash: str

    @classmethod
    def of(cls, chunk: Chunk, **more: Any) -> Self:
        """The record of `chunk`; `more`: the fields a subclass adds."""
        return cls(
            chunk_id=chunk.chunk_id,
            paragraph_id=chunk.paragraph_id,
            start=chunk.start,
            end=chunk.end,
            text_hash=chunk.text_hash,
            **more,
        )


@dataclass
class Snapshot:
    """One complete, loaded index version; position i in `chunks` is vector i and BM25 document i."""

    manifest: Manifest
    chunks: list[ChunkRecord]
    paragraphs: dict[str, ParagraphContext]
    dense: DenseIndex
    lexical: LexicalIndex
    version: str = ""


def paragraph_fingerprint(paragraph_ids: Iterable[str]) -> str:
    """Order-independent hash of the indexed paragraph ids: tells whether the index matches the store."""
    digest = hashlib.sha256()
    for paragraph_id in sorted(paragraph_ids):
        digest.update(paragraph_id.encode("utf-8") + b"\n")
    return digest.hexdigest()


def current_version(index_dir: Path) -> str | None:
    """Name of the serving version directory, or None when no index has been built."""
    try:
        name = (index_dir / POINTER_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name if name and (index_dir / name / MANIFEST_FILE).is_file() else None


def read_manifest(index_dir: Path) -> Manifest:
    version = _require_version(index_dir)
    return Manifest.model_validate_json((index_dir / version / MANIFEST_FILE).read_text(encoding="utf-8"))


def check_model(manifest: Manifest, model: str) -> None:
    """Vectors from one model are meaningless to another: refuse to mix them."""
    if manifest.model != model:
        raise ModelMismatch(
            f"the index was built with model {manifest.model!r} but {model!r} is configured; "
            "run `protokollet index` to rebuild it with the configured model"
        )


def load_snapshot(index_dir: Path, model: str) -> Snapshot:
    """The serving version, fully loaded in memory; raises IndexNotBuilt or ModelMismatch."""
    version = _require_version(index_dir)
    directory = index_dir / version
    manifest = Manifest.model_validate_json((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    check_model(manifest, model)
    return Snapshot(
        manifest=manifest,
        chunks=read_chunks(directory),
        paragraphs={context.paragraph_id: context for context in read_paragraphs(directory)},
        dense=DenseIndex.load(directory),
        lexical=LexicalIndex.load(directory / LEXICAL_DIR),
        version=version,
    )


def read_paragraphs(directory: Path) -> Iterator[ParagraphContext]:
    """A version's paragraphs in row order (from either format)."""
    if has_paragraph_table(directory):
        table = ParagraphTable(directory / TABLE_FILE)
        try:
            yield from table.all_contexts()
        finally:
            table.close()
        return
    with open(directory / LEGACY_PARAGRAPHS_FILE, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield ParagraphContext.model_validate_json(line)


@dataclass
class ServingSnapshot:
    """One version as the embedded backend serves it: position i in `places` is vector i and BM25
    document i; paragraphs are read from `table` for the hits only."""

    manifest: Manifest
    version: str
    places: np.ndarray  # (chunks, 4) int32: paragraph row, start, end, ordinal
    table: ParagraphTable
    meta: ParagraphMeta
    dense: DenseIndex
    lexical: LexicalIndex


def open_serving(index_dir: Path, model: str) -> ServingSnapshot:
    """The serving version, opened for queries; raises IndexNotBuilt or ModelMismatch."""
    version = _require_version(index_dir)
    directory = index_dir / version
    manifest = Manifest.model_validate_json((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    check_model(manifest, model)
    if not (directory / CHUNK_PLACES_FILE).is_file():
        _add_paragraph_table(directory)
    return ServingSnapshot(
        manifest=manifest,
        version=version,
        places=np.load(directory / CHUNK_PLACES_FILE, mmap_mode="r"),
        table=ParagraphTable(directory / TABLE_FILE),
        meta=read_paragraph_meta(directory),
        dense=DenseIndex.load(directory, serving=True),
        lexical=LexicalIndex.load(directory / LEXICAL_DIR, mmap=True),
    )


def _add_paragraph_table(directory: Path) -> None:
    """Give a version of the older format (`paragraphs.jsonl`) its paragraph table and chunk places.

    Only files are added, each complete before it gets its name (the places file last: it marks the
    upgrade done), so a crash or a second process doing the same leaves a version that opens.
    """
    work = directory / f"{TMP_PREFIX}upgrade-{uuid.uuid4().hex[:8]}"
    try:
        work.mkdir()
        contexts = list(read_paragraphs(directory))
        write_paragraph_table(work, contexts)
        np.save(work / CHUNK_PLACES_FILE, chunk_places(read_chunks(directory), contexts))
        for path in sorted(work.iterdir(), key=lambda p: p.name == CHUNK_PLACES_FILE):
            os.replace(path, directory / path.name)
    except OSError as error:
        raise IndexNotBuilt(
            f"the index in {directory.parent} has an older format and cannot be upgraded here ({error}); "
            "run `protokollet index` to rebuild it"
        ) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)


def chunk_places(chunks: Sequence[ChunkRecord], contexts: Sequence[ParagraphContext]) -> np.ndarray:
    """(paragraph row, start, end, ordinal) per chunk; the ordinal rebuilds its id (`<paragraph>#<n>`)."""
    row_of = {context.paragraph_id: row for row, context in enumerate(contexts)}
    places = np.empty((len(chunks), 4), dtype=np.int32)
    for position, chunk in enumerate(chunks):
        places[position] = (
            row_of[chunk.paragraph_id],
            chunk.start,
            chunk.end,
            int(chunk.chunk_id.rsplit("#", 1)[1]),
        )
    return places


def read_chunks(directory: Path) -> list[ChunkRecord]:
    lines = (directory / CHUNKS_FILE).read_text(encoding="utf-8").splitlines()
    return [ChunkRecord.model_validate_json(line) for line in lines if line]


def write_snapshot(index_dir: Path, snapshot: Snapshot) -> str:
    """Write `snapshot` as a new version and make it the serving one; returns the version name."""
    index_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(index_dir)
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    tmp = index_dir / f"{TMP_PREFIX}{stamp}"
    tmp.mkdir()
    try:
        (tmp / CHUNKS_FILE).write_text(
            "".join(chunk.model_dump_json() + "\n" for chunk in snapshot.chunks), encoding="utf-8"
        )
        contexts = list(snapshot.paragraphs.values())
        write_paragraph_table(tmp, contexts)
        np.save(tmp / CHUNK_PLACES_FILE, chunk_places(snapshot.chunks, contexts))
        snapshot.dense.save(tmp)
        snapshot.lexical.save(tmp / LEXICAL_DIR)
        # The manifest is written last: a version directory without one is never served.
        (tmp / MANIFEST_FILE).write_text(snapshot.manifest.model_dump_json(indent=2), encoding="utf-8")
        _fsync_tree(tmp)
        version = f"{VERSION_PREFIX}{stamp}"
        os.rename(tmp, index_dir / version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    previous = current_version(index_dir)
    _replace_pointer(index_dir, version)
    _remove_old_versions(index_dir, keep={version, previous})
    return version


def _require_version(index_dir: Path) -> str:
    version = current_version(index_dir)
    if version is None:
        raise IndexNotBuilt(f"no search index in {index_dir}; run `protokollet index` first")
    return version


def _replace_pointer(index_dir: Path, version: str) -> None:
    tmp_pointer = index_dir / f"{TMP_PREFIX}{POINTER_FILE}-{uuid.uuid4().hex[:8]}"
    with open(tmp_pointer, "w", encoding="utf-8") as handle:
        handle.write(version + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp_pointer, index_dir / POINTER_FILE)


def _fsync_tree(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def _remove_stale_builds(index_dir: Path) -> None:
    """Leftovers of builds that crashed; no build runs concurrently with another (one writer)."""
    for path in index_dir.glob(f"{TMP_PREFIX}*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _remove_old_versions(index_dir: Path, keep: set[str | None]) -> None:
    for path in index_dir.glob(f"{VERSION_PREFIX}*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
