"""Index building: incremental embedding, manifest checks, atomic swap that survives a failed build."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from protokollet.errors import IndexNotBuilt, ModelMismatch
from protokollet.index.build import build_index
from protokollet.index.chunking import chunk_paragraphs
from protokollet.index.dense import IVF
from protokollet.index.embed.embedder import Embedder
from protokollet.index.lexical import LexicalIndex
from protokollet.index.search import Searcher
from protokollet.index.snapshot import POINTER_FILE, current_version, read_manifest
from protokollet.ingest.pipeline import ingest_paths
from protokollet.settings import Settings
from protokollet.store.open import open_store

pytestmark = pytest.mark.slow

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
# Two small files from different bodies keep the embedding work of these tests short.
FIRST = SAMPLE_DIR / "seeds" / "003_4fd378ccd193ba1d.txt"
SECOND = SAMPLE_DIR / "seeds" / "004_f91937dbdf8dd34f.txt"


def ingest(settings: Settings, path: Path) -> None:
    store = open_store(settings)
    try:
        report = ingest_paths([path], store, progress=False)
        assert all(outcome.status == "added" for outcome in report.files)
    finally:
        store.close()


@pytest.fixture
def small_settings(
    tmp_path: Path, settings_with_model: Callable[[Path], Settings], embedder: Embedder
) -> Settings:
    """A data dir of its own with one sample file ingested and indexed."""
    settings = settings_with_model(tmp_path / "data")
    ingest(settings, FIRST)
    store = open_store(settings)
    try:
        build_index(settings, store, embedder, progress=False)
    finally:
        store.close()
    return settings


def test_reindex_embeds_only_the_new_paragraphs(small_settings: Settings, embedder: Embedder) -> None:
    store = open_store(small_settings)
    try:
        before = store.paragraph_ids()
        first_chunks = read_manifest(small_settings.resolved_index_dir).chunks
        ingest(small_settings, SECOND)
        new_ids = store.paragraph_ids() - before
        assert new_ids
        new_chunks = list(
            chunk_paragraphs(store.paragraphs(sorted(new_ids)), embedder.count_tokens, embedder.max_tokens)
        )
        report = build_index(small_settings, store, embedder, progress=False)
    finally:
        store.close()
    assert report.embedded == len(new_chunks)
    assert report.reused == first_chunks
    assert report.removed == 0
    assert report.chunks == first_chunks + len(new_chunks)
    manifest = read_manifest(small_settings.resolved_index_dir)
    assert manifest.vectors == report.chunks
    assert manifest.paragraphs == len(before) + len(new_ids)
    assert manifest.model == small_settings.model
    assert manifest.dimension == embedder.dimension
    assert manifest.faiss_index_type == "IndexFlatIP"


def test_nothing_changed_embeds_nothing(small_settings: Settings, embedder: Embedder) -> None:
    store = open_store(small_settings)
    try:
        report = build_index(small_settings, store, embedder, progress=False)
    finally:
        store.close()
    assert report.embedded == 0
    assert report.reused == report.chunks > 0


class _OtherBackend:
    """The session embedder under another backend name, as `model optimize` would switch it."""

    backend = "onnx-int8"

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self.dimension = embedder.dimension
        self.max_tokens = embedder.max_tokens

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self._embedder.embed_passages(texts, progress=progress)

    def count_tokens(self, text: str) -> int:
        return self._embedder.count_tokens(text)


def test_another_backend_embeds_everything_again(small_settings: Settings, embedder: Embedder) -> None:
    """One index never mixes vectors of two backends, however close they are."""
    assert read_manifest(small_settings.resolved_index_dir).embed_backend == embedder.backend
    store = open_store(small_settings)
    try:
        report = build_index(small_settings, store, _OtherBackend(embedder), progress=False)
    finally:
        store.close()
    assert report.reused == 0 and report.embedded == report.chunks
    assert read_manifest(small_settings.resolved_index_dir).embed_backend == "onnx-int8"


def test_failed_build_leaves_the_previous_index_serving(
    small_settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = "uppföljning av folkhälsoöverenskommelserna"
    before = [hit.context.paragraph_id for hit in Searcher(small_settings, embedder).search(query, k=5)]
    assert before
    version = current_version(small_settings.resolved_index_dir)
    ingest(small_settings, SECOND)

    def crash(self: LexicalIndex, directory: Path) -> None:
        (directory / "partial-file").parent.mkdir(parents=True, exist_ok=True)
        (directory / "partial-file").write_text("half written")
        raise KeyboardInterrupt  # as if the process were interrupted mid-write

    monkeypatch.setattr(LexicalIndex, "save", crash)
    store = open_store(small_settings)
    try:
        with pytest.raises(KeyboardInterrupt):
            build_index(small_settings, store, embedder, progress=False)
    finally:
        store.close()

    index_dir = small_settings.resolved_index_dir
    assert current_version(index_dir) == version
    assert not list(index_dir.glob(".tmp-*"))
    after = [hit.context.paragraph_id for hit in Searcher(small_settings, embedder).search(query, k=5)]
    assert after == before


def test_leftovers_of_a_killed_build_are_ignored_then_cleaned(
    small_settings: Settings, embedder: Embedder
) -> None:
    """What SIGKILL mid-build leaves behind: a half-written temporary version and pointer."""
    index_dir = small_settings.resolved_index_dir
    version = current_version(index_dir)
    (index_dir / ".tmp-killed").mkdir()
    (index_dir / ".tmp-killed" / "chunks.jsonl").write_text("{")
    (index_dir / f".tmp-{POINTER_FILE}-killed").write_text(".tmp-killed\n")
    assert current_version(index_dir) == version
    assert Searcher(small_settings, embedder).search("föräldrastödsstrategin", k=3)

    store = open_store(small_settings)
    try:
        report = build_index(small_settings, store, embedder, progress=False)
    finally:
        store.close()
    assert current_version(index_dir) == report.version != version
    assert not list(index_dir.glob(".tmp-*"))


def test_opening_with_another_model_raises_model_mismatch(small_settings: Settings) -> None:
    other = small_settings.model_copy(update={"model": "intfloat/multilingual-e5-base"})
    with pytest.raises(ModelMismatch, match="protokollet index"):
        Searcher(other)


def test_no_index_raises_index_not_built(tmp_path: Path) -> None:
    with pytest.raises(IndexNotBuilt, match="protokollet index"):
        Searcher(Settings(data_dir=tmp_path))


def test_empty_store_cannot_be_indexed(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path)
    store = open_store(settings)
    try:
        with pytest.raises(IndexNotBuilt, match="ingest"):
            build_index(settings, store, embedder, progress=False)
    finally:
        store.close()
    assert current_version(settings.resolved_index_dir) is None


def test_above_the_exact_limit_the_index_switches_to_ivf(
    small_settings: Settings, embedder: Embedder
) -> None:
    settings = small_settings.model_copy(update={"exact_index_max": 10})
    store = open_store(settings)
    try:
        report = build_index(settings, store, embedder, progress=False)
    finally:
        store.close()
    assert report.index_type == IVF and report.approximate
    assert read_manifest(settings.resolved_index_dir).faiss_index_type == IVF
    assert report.embedded == 0  # the switch reuses the stored vectors
    hits = Searcher(settings, embedder).search("föräldrastödsstrategin", k=3, mode="dense")
    assert len(hits) == 3


def test_cli_index_reports_embedded_and_reused(
    small_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from protokollet.cli import app
    from protokollet.settings import get_settings

    monkeypatch.setenv("PROTOKOLLET_DATA_DIR", str(small_settings.data_dir))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["index", "--no-progress"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    chunks = read_manifest(small_settings.resolved_index_dir).chunks
    assert f"0 embedded, {chunks} reused, 0 dropped" in result.output
    assert "IndexFlatIP, exact search" in result.output
