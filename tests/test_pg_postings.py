"""The PostgreSQL index's postings and embedding backend (migration 0003): postings always agree with the
chunks' terms (after indexing, re-indexing a changed document, and upgrading a database indexed at
0002), and stored vectors are reused only by the backend that computed them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from alembic import command
from pydantic import SecretStr

from protokollet.index.build import build_index
from protokollet.index.embed.embedder import Embedder
from protokollet.index.postgres.migrate import migrate
from protokollet.index.postgres.retrieval import PostgresBackend
from protokollet.index.postgres.tables import POSTINGS_OF_CHUNKS, stored_vectors
from protokollet.index.retrieval import ChunkHit
from protokollet.index.snapshot import read_manifest
from protokollet.ingest.pipeline import ingest_paths
from protokollet.settings import Settings
from protokollet.store.open import open_store
from protokollet.store.pgschema import alembic_config

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parent.parent / "data" / "sample" / "seeds"
SEED = next(SEEDS.glob("003_*.txt"))
OTHER_SEED = next(SEEDS.glob("002_*.txt"))
QUERIES = ("föräldrastödsstrategin", "folkhälsa barn och unga", "ekonomisk rapport budget 2024")


def _postings_disagree(url: str) -> int:
    """Rows in postings but not derived from chunks.terms, plus the reverse (0 when they agree)."""
    with psycopg.connect(url) as conn:
        stored = "SELECT term, chunk_id, tf, length FROM postings"
        row = conn.execute(
            f"SELECT (SELECT count(*) FROM ({POSTINGS_OF_CHUNKS} EXCEPT {stored}) a)"
            f" + (SELECT count(*) FROM ({stored} EXCEPT {POSTINGS_OF_CHUNKS}) b)"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _chunk_ids(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {str(cid) for (cid,) in conn.execute("SELECT id FROM chunks")}


def test_postings_follow_reindexing_and_vectors_follow_the_backend(
    settings_with_model: Callable[[Path], Settings], tmp_path: Path, postgres_url: str, embedder: Embedder
) -> None:
    settings = settings_with_model(tmp_path / "data").model_copy(
        update={"database_url": SecretStr(postgres_url)}
    )
    document = tmp_path / "files" / SEED.name
    document.parent.mkdir()
    text = SEED.read_text(encoding="utf-8")
    document.write_text(text, encoding="utf-8")
    store = open_store(settings)
    try:
        ingest_paths([document], store, progress=False)
        first = build_index(settings, store, embedder, progress=False)
        assert first.embed_backend == embedder.backend and first.chunks > 10
        assert _postings_disagree(postgres_url) == 0
        before = _chunk_ids(postgres_url)

        # The same file with its second half gone (its chunks go, with their postings) and another
        # document added (the analyzer's vocabulary is learned anew, so kept chunks' terms may change).
        document.write_text(text[: len(text) // 2], encoding="utf-8")
        outcomes = ingest_paths([document, OTHER_SEED], store, progress=False).files
        assert [outcome.status for outcome in outcomes] == ["replaced", "added"]
        second = build_index(settings, store, embedder, progress=False)
        gone = before - _chunk_ids(postgres_url)
        assert gone and second.chunks > 0
        assert _postings_disagree(postgres_url) == 0
        with psycopg.connect(postgres_url) as conn:
            orphans = conn.execute("SELECT count(*) FROM postings WHERE chunk_id = ANY(%s)", (list(gone),))
            assert orphans.fetchone() == (0,)

        # Another backend's vectors are close but not equal: everything is embedded again.
        relabelled = copy.copy(embedder)
        relabelled.backend = "another-backend"
        third = build_index(settings, store, relabelled, progress=False)
        assert third.reused == 0 and third.embedded == third.chunks == second.chunks
        assert _postings_disagree(postgres_url) == 0
    finally:
        store.close()
    backend = PostgresBackend(postgres_url, settings.model)
    try:
        assert backend.current().info.details["embed_backend"] == "another-backend"
    finally:
        backend.close()


def _lexical(url: str, model: str) -> dict[str, list[ChunkHit]]:
    backend = PostgresBackend(url, model)  # upgrades the schema to head when it is behind
    try:
        index = backend.current()
        return {query: index.lexical(query, 20, None) for query in QUERIES}
    finally:
        backend.close()


def test_upgrading_a_database_indexed_at_0002_fills_postings(
    indexed_settings: Settings, make_postgres_database: Callable[[str], str]
) -> None:
    url = make_postgres_database("upgraded")
    migrate(indexed_settings, url, progress=False)
    before = _lexical(url, indexed_settings.model)
    assert all(before.values())

    command.downgrade(alembic_config(url), "0002")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('postings')").fetchone() == (None,)
    after = _lexical(url, indexed_settings.model)  # upgrades to head, filling postings from chunks.terms

    assert _postings_disagree(url) == 0
    for query in QUERIES:
        assert [hit.chunk_id for hit in after[query]] == [hit.chunk_id for hit in before[query]]
        assert [hit.score for hit in after[query]] == pytest.approx(
            [hit.score for hit in before[query]], rel=1e-12
        )
    # The backend of vectors stored before 0003 is unknown: the next index run embeds everything again.
    manifest = read_manifest(indexed_settings.resolved_index_dir)
    with psycopg.connect(url) as conn:
        assert stored_vectors(conn, manifest.model, manifest.dimension, manifest.embed_backend) == set()
