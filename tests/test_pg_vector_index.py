"""The PostgreSQL dense index (`tables.ensure_vector_index`): IVFFlat with lists fitting the stored chunks,
used by the dense query; an older Protokollet's HNSW index, or lists that no longer fit, replaced by the
next index run; an index whose lists still fit kept (no k-means on every run)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import psycopg
import pytest

from protokollet.index.postgres.migrate import migrate
from protokollet.index.postgres.retrieval import PostgresBackend
from protokollet.index.postgres.tables import (
    built_lists,
    connect,
    ensure_vector_index,
    hnsw_index_name,
    ivfflat_lists,
    vector_index_name,
)
from protokollet.index.snapshot import load_snapshot
from protokollet.settings import Settings

pytestmark = pytest.mark.slow


def _vector_indexes(url: str) -> dict[str, str]:
    """Name → access method of every vector index on `chunks`."""
    with psycopg.connect(url) as conn:
        return {
            str(name): str(method)
            for name, method in conn.execute(
                "SELECT c.relname, a.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'chunks'::regclass"
                " AND a.amname IN ('hnsw', 'ivfflat')"
            )
        }


def _counts(url: str) -> tuple[int, int]:
    """(stored chunks, dimension of the index)."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT (SELECT count(*) FROM chunks), dimension FROM search_index").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _dense_recall(settings: Settings, url: str) -> float:
    """Recall@10 of the served dense search (paragraphs) against exact SQL; stored vectors as queries."""
    snapshot = load_snapshot(settings.resolved_index_dir, settings.model)
    queries = np.asarray(snapshot.dense.vectors[::300], dtype=np.float32)
    backend = PostgresBackend(url, settings.model)
    try:
        index = backend.current()
        found = [{hit.paragraph_id for hit in index.dense(query, 10, None)} for query in queries]
    finally:
        backend.close()
    with connect(url) as conn:
        exact = [
            [
                str(pid)
                for (pid,) in conn.execute(
                    "SELECT paragraph_id FROM chunks GROUP BY paragraph_id"
                    " ORDER BY min(embedding <#> %s::vector) LIMIT 10",
                    (query,),
                )
            ]
            for query in queries
        ]
    return float(
        np.mean([len(hits & set(truth)) / len(truth) for hits, truth in zip(found, exact, strict=True)])
    )


def test_the_index_is_ivfflat_with_lists_fitting_the_chunks_and_used(
    postgres_indexed_settings: Settings,
) -> None:
    url = postgres_indexed_settings.postgres_url
    chunks, dimension = _counts(url)
    name = vector_index_name(dimension)
    assert _vector_indexes(url) == {name: "ivfflat"}
    with connect(url) as conn:
        assert built_lists(conn, name) == ivfflat_lists(chunks) > 1
        typed = f"vector({dimension})"
        plan = conn.execute(
            f"EXPLAIN SELECT id FROM chunks ORDER BY (embedding::{typed}) <#> %s::{typed} LIMIT 10",
            (np.ones(dimension, dtype=np.float32),),
        ).fetchall()
    assert any(name in str(line[0]) for line in plan)


@pytest.mark.parametrize(
    ("chunks", "lists"), [(0, 1), (1, 2), (3_378, 116), (100_240, 633), (1_002_451, 2002)]
)
def test_lists_grow_with_the_square_root_of_the_chunks(chunks: int, lists: int) -> None:
    assert ivfflat_lists(chunks) == lists


def test_an_hnsw_index_or_lists_that_no_longer_fit_are_replaced_by_the_next_index_run(
    indexed_settings: Settings, make_postgres_database: Callable[[str], str]
) -> None:
    url = make_postgres_database("vector_index")
    migrate(indexed_settings, url, progress=False)
    chunks, dimension = _counts(url)
    name, wanted = vector_index_name(dimension), ivfflat_lists(chunks)
    assert _dense_recall(indexed_settings, url) >= 0.95

    # As an older Protokollet left the database: an HNSW index only. It still serves until the next run.
    with connect(url) as conn:
        conn.autocommit = True
        conn.execute(f"DROP INDEX {name}")
        conn.execute(
            f"CREATE INDEX {hnsw_index_name(dimension)} ON chunks USING hnsw"
            f" ((embedding::vector({dimension})) vector_ip_ops) WITH (m = 24, ef_construction = 128)"
        )
    assert _dense_recall(indexed_settings, url) >= 0.9
    migrate(indexed_settings, url, progress=False)  # nothing new to store; the writer replaces the index
    assert _vector_indexes(url) == {name: "ivfflat"}
    with connect(url) as conn:
        assert built_lists(conn, name) == wanted
    assert _dense_recall(indexed_settings, url) >= 0.95

    with connect(url) as conn, conn.transaction():
        assert not ensure_vector_index(conn, dimension)  # lists fit: kept as it is
        conn.execute(f"DROP INDEX {name}")  # as built when the corpus was a sixteenth of its size
        conn.execute(
            f"CREATE INDEX {name} ON chunks USING ivfflat ((embedding::vector({dimension})) vector_ip_ops)"
            f" WITH (lists = {wanted // 4})"
        )
        assert ensure_vector_index(conn, dimension)
        assert built_lists(conn, name) == wanted
    assert _vector_indexes(url) == {name: "ivfflat"}
