"""Stored but not searchable (issue 20), in process: the state a server killed between storing an upload
and indexing it leaves behind, made exactly as the upload makes it (the file saved under uploads/, the
document stored, no index build), then served.

- With the server's catch-up off, /healthz says "degraded" with the lag and /metrics exposes it; the
  same upload sent again (its client never saw a response) answers "unchanged" and makes it searchable.
- With it on (the default), the server brings the index up to the store by itself, saying "indexing"
  and never "ok" until then.
"""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from rel_support import copy_data_dir

from protokollet.index.embed.embedder import Embedder
from protokollet.index.retrieval import IndexInfo
from protokollet.index.snapshot import paragraph_fingerprint
from protokollet.models import MetadataHints
from protokollet.service.catchup import index_lag
from protokollet.settings import Settings

TOKEN = "catch-up-operator-token"
NAME = "kommande-protokoll.txt"


def store_without_index(settings: Settings, data: bytes) -> int:
    """Save and store an upload as `ingest_upload` does up to its index step; returns its paragraphs."""
    from protokollet.ingest.pipeline import ingest_paths
    from protokollet.service.uploads import UPLOADS_DIR, save_upload
    from protokollet.store.open import open_store

    path = save_upload(settings.data_dir / UPLOADS_DIR, NAME, data)
    store = open_store(settings)
    try:
        outcome = ingest_paths([path], store, MetadataHints(), progress=False).files[0]
    finally:
        store.close()
    assert outcome.status == "added" and outcome.paragraphs > 0, outcome
    return outcome.paragraphs


def metric(client: TestClient, name: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def newest_meeting_date(client: TestClient) -> str:
    """The date of the meeting the upload added: the fresh minutes lie decades after the others."""
    return max(m["date"] for m in client.get("/api/meetings").json() if m["date"])


def found(client: TestClient, date: str) -> int:
    params = {"q": "beslut", "date_from": date, "date_to": date}
    return len(client.get("/api/search", params=params).json()["hits"])


def test_lag_compares_ids_only_when_fingerprints_differ() -> None:
    class Index:
        def __init__(self, ids: set[str]) -> None:
            self.ids = ids
            self.info = IndexInfo(
                backend="embedded",
                version="v",
                model="m",
                dimension=4,
                paragraphs=len(ids),
                chunks=len(ids),
                fingerprint=paragraph_fingerprint(ids),
            )

        def paragraph_ids(self) -> set[str]:
            return self.ids

    lag = index_lag({"a", "b", "c"}, Index({"a", "x"}))  # type: ignore[arg-type]
    assert (lag.stored, lag.unindexed, lag.stale, lag.behind) == (3, 2, 1, 3)
    assert index_lag({"a"}, Index({"a"})).behind == 0  # type: ignore[arg-type]
    assert index_lag({"a", "b"}, None).unindexed == 2


def test_retry_of_a_lost_upload_makes_it_searchable(
    small_indexed_settings: Settings, embedder: Embedder, fresh_minutes: bytes, tmp_path: Path
) -> None:
    from protokollet.service.api import create_app

    settings = copy_data_dir(small_indexed_settings, tmp_path / "data", api_token=TOKEN, auto_index=False)
    paragraphs = store_without_index(settings, fresh_minutes)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        health = client.get("/healthz").json()
        assert health["status"] == "degraded", health
        assert health["unindexed_paragraphs"] == health["index_lag"] == paragraphs
        assert "protokollet index" in health["problem"]
        assert metric(client, "protokollet_index_lag_paragraphs") == paragraphs
        date = newest_meeting_date(client)
        assert found(client, date) == 0

        retry = client.post(
            "/api/documents",
            files={"file": (NAME, fresh_minutes, "text/plain")},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert retry.status_code == 200, retry.text
        assert retry.json()["status"] == "unchanged"
        assert retry.json()["index"]["embedded"] > 0
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["unindexed_paragraphs"] == 0, health
        assert metric(client, "protokollet_index_lag_paragraphs") == 0
        assert found(client, date) > 0


def test_server_brings_the_index_up_to_the_store_by_itself(
    small_indexed_settings: Settings, embedder: Embedder, fresh_minutes: bytes, tmp_path: Path
) -> None:
    from protokollet.service.api import create_app

    settings = copy_data_dir(small_indexed_settings, tmp_path / "data", index_check_interval_s=0.5)
    store_without_index(settings, fresh_minutes)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        seen: list[dict[str, object]] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            health = client.get("/healthz").json()
            seen.append(health)
            if health["status"] == "ok":
                break
            time.sleep(0.1)
        assert seen[-1]["status"] == "ok" and seen[-1]["unindexed_paragraphs"] == 0, seen[-1]
        behind = [h for h in seen if h["unindexed_paragraphs"]]
        assert all(h["status"] == "indexing" for h in behind), behind
        assert seen[-1]["indexed_paragraphs"] == seen[-1]["paragraphs"]
        assert found(client, newest_meeting_date(client)) > 0
