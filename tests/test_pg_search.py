"""The PostgreSQL retrieval backend beyond the shared search/answer tests (which run on both backends):
`migrate` without re-embedding, indexing into PostgreSQL (incremental, several workers), two API
processes over one database, and the dev set's hit@5 on both backends."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from protokollet.cli import app
from protokollet.errors import DatabaseUnavailable
from protokollet.evals.schema import EvalRun
from protokollet.index.build import build_index
from protokollet.index.embed.embedder import Embedder
from protokollet.index.passages import IndexReport
from protokollet.index.postgres.migrate import migrate
from protokollet.index.search import Searcher
from protokollet.index.snapshot import read_manifest
from protokollet.ingest.pipeline import ingest_paths
from protokollet.settings import Settings
from protokollet.store.open import open_store

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
PROTOKOLLET = str(Path(sys.executable).parent / "protokollet")  # the installed command
QUESTION = "Vad beslutades om ungdomsfullmäktiges deltagande på Bokmässan?"


def test_migrate_moves_rows_and_vectors_once(
    indexed_settings: Settings, postgres_indexed_settings: Settings
) -> None:
    """The session's Postgres corpus came from `migrate`; running it again adds nothing and embeds nothing."""
    assert postgres_indexed_settings.database_url is not None
    url = postgres_indexed_settings.database_url.get_secret_value()
    again = migrate(indexed_settings, url, progress=False)
    assert again.rows["paragraphs"] > 3000
    assert set(again.added.values()) == {0}
    assert again.vectors_written == 0
    manifest = read_manifest(indexed_settings.resolved_index_dir)
    info = Searcher(postgres_indexed_settings).index.info
    assert (info.backend, info.model, info.dimension) == ("postgresql", manifest.model, manifest.dimension)
    assert info.details["embed_backend"] == manifest.embed_backend  # carried from the snapshot
    assert (info.paragraphs, info.chunks) == (manifest.paragraphs, manifest.chunks)
    assert info.fingerprint == manifest.paragraph_fingerprint


def test_migrate_errors_are_one_line(
    indexed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from protokollet.settings import get_settings

    monkeypatch.setenv("PROTOKOLLET_DATA_DIR", str(indexed_settings.data_dir))
    monkeypatch.setenv("PROTOKOLLET_DATABASE_URL", "")
    get_settings.cache_clear()
    try:
        bad_scheme = CliRunner().invoke(app, ["migrate", "--to", "mysql://localhost/x"])
        assert bad_scheme.exit_code != 0 and isinstance(bad_scheme.exception, DatabaseUnavailable)
        no_target = CliRunner().invoke(app, ["migrate"])
        assert no_target.exit_code == 2 and "--to" in no_target.output
    finally:
        get_settings.cache_clear()
    empty = subprocess.run(
        [PROTOKOLLET, "migrate", "--to", "postgresql://x@/nowhere?host=/nonexistent"],
        env={**os.environ, "PROTOKOLLET_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert empty.returncode == 1, empty.stderr
    assert empty.stderr.startswith("error: no embedded database") and "Traceback" not in empty.stderr


def _seed(number: str) -> Path:
    return next((SAMPLE / "seeds").glob(f"{number}_*.txt"))


def _pg_data_dir(settings_with_model: Callable[[Path], Settings], path: Path, url: str) -> Settings:
    return settings_with_model(path).model_copy(update={"database_url": SecretStr(url)})


def test_index_into_postgres_is_incremental_and_safe_from_two_workers(
    settings_with_model: Callable[[Path], Settings],
    tmp_path: Path,
    postgres_url: str,
    embedder: Embedder,
) -> None:
    settings = _pg_data_dir(settings_with_model, tmp_path / "data", postgres_url)
    store = open_store(settings)
    try:
        assert ingest_paths([_seed("003")], store, progress=False).files[0].status == "added"
        reports: list[IndexReport] = []

        def worker() -> None:
            reports.append(build_index(settings, store, embedder, progress=False))

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(reports) == 2
        # The writer lock makes them take turns: the second finds every vector stored.
        assert sorted(report.embedded for report in reports) == [0, reports[0].chunks]
        assert all(report.chunks == reports[0].chunks > 10 for report in reports)

        assert ingest_paths([_seed("004")], store, progress=False).files[0].status == "added"
        grown = build_index(settings, store, embedder, progress=False)
        assert grown.reused == reports[0].chunks and 0 < grown.embedded == grown.chunks - grown.reused
        hits = Searcher(settings, embedder).search("föräldrastödsstrategin", k=3)
        assert hits and all(hit.context.paragraph_id for hit in hits)
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serve(settings: Settings) -> Iterator[str]:
    """`protokollet serve` as its own process over the settings' data dir and database; yields its URL."""
    assert settings.database_url is not None
    port = _free_port()
    env = {
        **os.environ,
        "PROTOKOLLET_DATA_DIR": str(settings.data_dir),
        "PROTOKOLLET_DATABASE_URL": settings.database_url.get_secret_value(),
    }
    process = subprocess.Popen(
        [PROTOKOLLET, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, "the API process exited"
            try:
                if httpx.get(f"{url}/healthz", timeout=5).json().get("status") == "ok":
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the API process did not become healthy"
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_two_api_processes_on_one_database_answer_identically(postgres_indexed_settings: Settings) -> None:
    with ExitStack() as stack:
        urls = [stack.enter_context(_serve(postgres_indexed_settings)) for _ in range(2)]
        answers = [
            httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=120).json() for url in urls
        ]
        healths = [httpx.get(f"{url}/healthz", timeout=10).json() for url in urls]
    assert answers[0]["answered"] and answers[0]["citations"]
    assert answers[0] == answers[1]
    assert healths[0]["indexed_paragraphs"] == healths[1]["indexed_paragraphs"] > 3000


def test_dev_set_hit_at_5_agrees_across_backends(
    dev_runs: dict[str, EvalRun], postgres_indexed_settings: Settings, embedder: Embedder
) -> None:
    from protokollet.evals.runner import load_eval_set, run_eval

    searcher = Searcher(postgres_indexed_settings, embedder)
    run = run_eval(
        load_eval_set("dev"), searcher, postgres_indexed_settings, store=None, name="dev-pg", progress=False
    )
    embedded, postgres = dev_runs["hybrid"].metrics["hit@5"], run.metrics["hit@5"]
    assert abs(embedded - postgres) <= 0.02, (embedded, postgres)
    assert run.index_manifest["backend"] == "postgresql"
