"""Load (issue 10, 3a) in CI: a few clients for a few seconds against the real app served on 127.0.0.1,
mixing search, ask and agenda from the dev set — no errors, also while an upload and a re-index run.

No latency is asserted (the CPU is shared); the figures come from the load script:
`python -m protokollet.bench.load --url http://127.0.0.1:PORT --clients 32 --seconds 60`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractContextManager

import httpx
import pytest
from pydantic import SecretStr
from rel_support import copy_data_dir, report

from protokollet.bench.load import KINDS, Kind, LoadReport, check_local, load_questions, run_load
from protokollet.errors import NotLocal
from protokollet.index.embed.embedder import Embedder
from protokollet.settings import Settings

pytestmark = pytest.mark.slow

Serve = Callable[[Settings, Embedder], AbstractContextManager[str]]
TOKEN = "test-operator-token"
#: Equal shares, so a short run sends every kind (the script's default mix is search/ask heavy).
EVEN: dict[Kind, float] = {"search": 1.0, "ask": 1.0, "agenda": 1.0}
SUMMARY = "load (issue 10, 3a)"


def _summary(name: str, figures: LoadReport) -> None:
    kinds = ", ".join(f"{kind} {figures.by_kind[kind].requests}" for kind in KINDS)
    report(
        SUMMARY,
        f"{name}: {figures.clients} clients, {figures.elapsed_s:.1f} s, {figures.requests} requests "
        f"({kinds}), {figures.errors} errors, p95 {figures.p95_ms:.0f} ms",
    )


@pytest.mark.parametrize("url", ["http://example.org:8000", "http://10.0.0.1:8000", "ftp://127.0.0.1/", "x"])
def test_load_script_refuses_any_server_but_this_machine(url: str) -> None:
    with pytest.raises(NotLocal):
        check_local(url)
    assert check_local("http://localhost:8000/") == "http://localhost:8000"


def test_small_load_gets_no_errors(indexed_settings: Settings, embedder: Embedder, serve_app: Serve) -> None:
    questions = load_questions("dev")
    with serve_app(indexed_settings, embedder) as url:
        figures = asyncio.run(run_load(url, clients=4, seconds=5, questions=questions, weights=EVEN))
    _summary("4 clients", figures)
    assert figures.errors == 0, figures.errors_by_kind
    assert figures.requests >= 4
    assert all(figures.by_kind[kind].requests > 0 for kind in KINDS), figures.by_kind


def test_queries_keep_being_answered_while_an_upload_and_a_reindex_run(
    indexed_settings: Settings,
    embedder: Embedder,
    serve_app: Serve,
    tmp_path_factory: pytest.TempPathFactory,
    fresh_minutes: bytes,
) -> None:
    settings = copy_data_dir(
        indexed_settings, tmp_path_factory.mktemp("load-write") / "data", api_token=SecretStr(TOKEN)
    )
    questions = load_questions("dev")
    auth = {"Authorization": f"Bearer {TOKEN}"}

    def upload(url: str) -> httpx.Response:
        files = {"file": ("kommande.txt", fresh_minutes, "text/plain")}
        return httpx.post(f"{url}/api/documents", files=files, headers=auth, timeout=600, trust_env=False)

    def reindex(url: str) -> httpx.Response:
        return httpx.post(f"{url}/api/index", headers=auth, timeout=600, trust_env=False)

    async def scenario(url: str) -> tuple[LoadReport, httpx.Response, httpx.Response]:
        stop = asyncio.Event()
        load = asyncio.create_task(run_load(url, clients=4, seconds=900, questions=questions, stop=stop))
        try:
            await asyncio.sleep(1.0)  # the clients are busy before the writes begin
            uploaded = await asyncio.to_thread(upload, url)
            reindexed = await asyncio.to_thread(reindex, url)
        finally:
            stop.set()
        return await load, uploaded, reindexed

    with serve_app(settings, embedder) as url:
        figures, uploaded, reindexed = asyncio.run(scenario(url))
        found = httpx.get(
            f"{url}/api/search", params={"q": "folkhälsa", "from": "2060-01-01", "k": 5}, trust_env=False
        )
    _summary("4 clients during upload + re-index", figures)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["index"]["embedded"] > 0  # the upload really re-indexed, with new text
    assert reindexed.status_code == 200, reindexed.text
    assert figures.errors == 0, figures.errors_by_kind
    assert figures.requests >= 4
    assert found.status_code == 200 and found.json()["hits"], found.text  # the new minutes are served
