"""Serving many queries: at most `query_concurrency` computed at once (the rest wait their turn), and a
repeated question reuses its vector instead of running the embedding model again."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from protokollet.index.embed.embedder import Embedder
from protokollet.index.search import Searcher
from protokollet.settings import Settings


class _Gauge:
    """How many calls are inside at once, and the most ever seen."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.lock = threading.Lock()

    def wrap(self, search: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.inside += 1
                self.most = max(self.most, self.inside)
            try:
                time.sleep(0.05)  # long enough for the other requests to arrive while this one runs
                return search(*args, **kwargs)
            finally:
                with self.lock:
                    self.inside -= 1

        return counted


@pytest.fixture
def gauge(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Gauge]:
    gauge = _Gauge()
    monkeypatch.setattr(Searcher, "search", gauge.wrap(Searcher.search))
    yield gauge


@pytest.mark.parametrize("slots", [1, 2])
def test_concurrent_requests_share_the_query_slots(
    slots: int, gauge: _Gauge, indexed_settings: Settings, embedder: Embedder
) -> None:
    from fastapi.testclient import TestClient

    from protokollet.service.api import create_app

    settings = indexed_settings.model_copy(update={"query_concurrency": slots})
    requests = [
        ("GET", "/api/search", {"params": {"q": "fysisk aktivitet för unga"}}),
        ("POST", "/api/ask", {"json": {"question": "Vad beslutades om fysisk aktivitet för unga?"}}),
        ("POST", "/api/agenda", {"json": {"text": "Kallelse\n\n§ 1 Fysisk aktivitet för unga\n"}}),
    ] * 4
    with (
        TestClient(create_app(settings, embedder=embedder)) as client,
        ThreadPoolExecutor(max_workers=len(requests)) as pool,
    ):
        responses = list(pool.map(lambda r: client.request(r[0], r[1], **r[2]), requests))
    assert [response.status_code for response in responses] == [200] * len(requests)
    assert 1 <= gauge.most <= slots


class _CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.dimension = embedder.dimension
        self.texts: list[str] = []

    def embed_queries(self, texts: Any) -> Any:
        self.texts.extend(texts)
        return self.embedder.embed_queries(texts)


@pytest.mark.parametrize(("cache_size", "embedded"), [(16, 2), (0, 4)])
def test_repeated_questions_reuse_their_vector(
    cache_size: int, embedded: int, indexed_settings: Settings, embedder: Embedder
) -> None:
    counting = _CountingEmbedder(embedder)
    settings = indexed_settings.model_copy(update={"query_cache_size": cache_size})
    searcher = Searcher(settings, counting)
    first = searcher.search("fysisk aktivitet för unga", k=5)
    again = searcher.search("  fysisk aktivitet för unga ", k=5)
    searcher.search("bussar i kollektivtrafiken", k=5)
    searcher.search("bussar i kollektivtrafiken", k=5, mode="dense")
    assert len(counting.texts) == embedded
    assert [hit.context.paragraph_id for hit in again] == [hit.context.paragraph_id for hit in first]
    assert [hit.score for hit in again] == [hit.score for hit in first]
