"""Shared pytest fixtures. Each owner keeps its fixtures in its own marked section."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from protokollet.index.embed.embedder import Embedder, load_embedder
from protokollet.index.embed.model_build import build_bundled_model
from protokollet.settings import Settings

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from protokollet.evals.schema import EvalRun

# ---------------------------------------------------------------- the slow marker

#: The fixture every test that needs the real embedding model depends on, directly or through others.
MODEL_FIXTURE = "bundled_model_settings"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs the real model `slow`, whatever fixture brings it in, so that
    `pytest -m "not slow"` never builds the model (and no test file has to remember the marker)."""
    for item in items:
        if MODEL_FIXTURE in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


# --------------------------------------------------------------- embedding model (index/embed/model_build.py)


@pytest.fixture(scope="session")
def bundled_model_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data dir holds the bundled model, built once per test session (~1 min)."""
    data_dir: Path = tmp_path_factory.mktemp("model-data")
    settings = Settings(data_dir=data_dir)
    build_bundled_model(settings.models_dir)
    return settings


@pytest.fixture(scope="session")
def embedder(bundled_model_settings: Settings) -> Embedder:
    """The real bundled embedder, loaded once per test session."""
    return load_embedder(bundled_model_settings)


# ---------------------------------------------------------------- end of embedding model fixtures


# ---------------------------------------------------------------- search index (index/build.py, search.py)

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def data_dir_with_model(data_dir: Path, model_settings: Settings) -> Settings:
    """Settings for a fresh data dir that shares the session's built model (linked, not copied)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "models").symlink_to(model_settings.models_dir.resolve(), target_is_directory=True)
    return Settings(data_dir=data_dir)


@pytest.fixture(scope="session")
def settings_with_model(bundled_model_settings: Settings) -> Callable[[Path], Settings]:
    """A function making settings for a fresh data dir that already holds the built model."""
    return lambda data_dir: data_dir_with_model(data_dir, bundled_model_settings)


@pytest.fixture(scope="session")
def indexed_settings(
    tmp_path_factory: pytest.TempPathFactory, bundled_model_settings: Settings, embedder: Embedder
) -> Settings:
    """A data dir with all of data/sample ingested through the real pipeline and indexed, once per session.

    Read-only for tests: a test that ingests or re-indexes makes a data dir of its own.
    """
    from protokollet.index.build import build_index
    from protokollet.ingest.pipeline import ingest_paths
    from protokollet.store.open import open_store

    settings = data_dir_with_model(tmp_path_factory.mktemp("indexed-data"), bundled_model_settings)
    store = open_store(settings)
    try:
        report = ingest_paths([SAMPLE_DIR], store, progress=False)
        failed = [outcome for outcome in report.files if outcome.status == "failed"]
        assert not failed, f"sample files failed to ingest: {failed}"
        build_index(settings, store, embedder, progress=False)
    finally:
        store.close()
    return settings


# ---------------------------------------------------------------- end of search index fixtures


# ---------------------------------------------------------------- documents made from corpus text (ingest)


@pytest.fixture(scope="session")
def make_pdf() -> object:
    """A function turning text lines into a real PDF (reportlab), one printed line per line."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    def build(lines: list[str], lines_per_page: int = 55) -> bytes:
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4)
        for n, line in enumerate(lines):
            if n and n % lines_per_page == 0:
                pdf.showPage()
            pdf.setFont("Helvetica", 9)
            pdf.drawString(40, 800 - 14 * (n % lines_per_page), line)
        pdf.showPage()
        pdf.save()
        return buffer.getvalue()

    return build


@pytest.fixture(scope="session")
def make_docx() -> object:
    """A function turning text lines into a real Word document, one paragraph per line."""
    import io

    import docx

    def build(lines: list[str]) -> bytes:
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build


# ---------------------------------------------------------------- end of ingest document fixtures


# ---------------------------------------------------------------- HTTP API and web page (service/api.py)

OPERATOR_TOKEN = "test-operator-token"


@pytest.fixture(scope="session")
def api_client(indexed_settings: Settings, embedder: Embedder) -> Iterator[TestClient]:
    """The app over the indexed sample corpus (uploads off: no token), shared by the read-only API tests."""
    from fastapi.testclient import TestClient

    from protokollet.evals.web import router as evals_router
    from protokollet.service.api import create_app

    with TestClient(create_app(indexed_settings, embedder=embedder, routers=[evals_router])) as client:
        yield client


@pytest.fixture
def operator_token() -> str:
    return OPERATOR_TOKEN


@pytest.fixture
def empty_api_client(tmp_path: Path, embedder: Embedder) -> Iterator[TestClient]:
    """The app over an empty data dir of its own (nothing ingested or indexed), uploads on."""
    from fastapi.testclient import TestClient
    from pydantic import SecretStr

    from protokollet.service.api import create_app

    settings = Settings(data_dir=tmp_path / "data", api_token=SecretStr(OPERATOR_TOKEN))
    with TestClient(create_app(settings, embedder=embedder)) as client:
        yield client


@contextmanager
def serve_in_thread(settings: Settings, embedder: Embedder) -> Iterator[str]:
    """The real app under uvicorn in a background thread on a free 127.0.0.1 port; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    from protokollet.service.api import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    from protokollet.evals.web import router as evals_router

    app = create_app(
        settings, embedder=embedder, routers=[evals_router]
    )  # the whole app, as `serve` makes it
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="session")
def serve_app() -> Callable[[Settings, Embedder], AbstractContextManager[str]]:
    """`serve_in_thread`, for tests that serve a data dir of their own."""
    return serve_in_thread


@pytest.fixture(scope="session")
def live_server(indexed_settings: Settings, embedder: Embedder) -> Iterator[str]:
    """Base URL of the app over the indexed sample corpus, served for the browser tests."""
    with serve_in_thread(indexed_settings, embedder) as url:
        yield url


# ---------------------------------------------------------------- end of HTTP API and web page fixtures


# ---------------------------------------------------------------- service hardening (auth, uploads, locks)


@pytest.fixture
def open_app(
    tmp_path: Path, settings_with_model: Callable[[Path], Settings], embedder: Embedder
) -> Iterator[Callable[..., tuple[TestClient, Settings]]]:
    """A function opening the app over a fresh data dir of its own (model linked, nothing stored) with
    settings overrides, e.g. `open_app(api_token=SecretStr(...), require_token_for_reads=True)`."""
    from contextlib import ExitStack
    from itertools import count

    from fastapi.testclient import TestClient

    from protokollet.service.api import create_app

    numbers = count()
    with ExitStack() as stack:

        def open_one(**overrides: object) -> tuple[TestClient, Settings]:
            data_dir = tmp_path / f"data-{next(numbers)}"
            settings = settings_with_model(data_dir).model_copy(update=overrides)
            client = stack.enter_context(TestClient(create_app(settings, embedder=embedder)))
            return client, settings

        yield open_one


# ---------------------------------------------------------------- end of service hardening fixtures


# ------------------------------------------------------------- eval runs (evals/runner.py, evals/compare.py)


@pytest.fixture(scope="session")
def eval_settings(
    tmp_path_factory: pytest.TempPathFactory, indexed_settings: Settings, bundled_model_settings: Settings
) -> Settings:
    """Settings that read the session's index and store but write runs into a data dir of their own."""
    own = data_dir_with_model(tmp_path_factory.mktemp("eval-data"), bundled_model_settings)
    return own.model_copy(
        update={
            "index_dir": indexed_settings.resolved_index_dir,
            "database_path": indexed_settings.resolved_database_path,
        }
    )


@pytest.fixture(scope="session")
def dev_runs(eval_settings: Settings, embedder: Embedder) -> dict[str, EvalRun]:
    """The stored dev set run in dense and in hybrid mode over the sample index (saved), by mode."""
    from protokollet.evals.runner import load_eval_set, run_eval, save_run
    from protokollet.index.search import Searcher
    from protokollet.store.open import open_store

    eval_set = load_eval_set("dev")
    searcher = Searcher(eval_settings, embedder)
    store = open_store(eval_settings)
    runs: dict[str, EvalRun] = {}
    try:
        for mode in ("dense", "hybrid"):
            run = run_eval(
                eval_set, searcher, eval_settings, store=store, name=f"dev-{mode}", mode=mode, progress=False
            )
            save_run(run, eval_settings)
            runs[mode] = run
    finally:
        store.close()
    return runs


# ---------------------------------------------------------------- end of eval run fixtures


# ---------------------------------------------------------------- PostgreSQL (protokollet/store/postgres.py)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """URL of the admin database of a PostgreSQL with pgvector started for this test session (pgserver);
    the tests that need it are skipped, with the reason, only when no server can start here."""
    from pgtest import TestServerUnavailable, start_server

    try:
        server = start_server()
    except TestServerUnavailable as exc:
        pytest.skip(f"no PostgreSQL for the Postgres backend tests: {exc}")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def make_postgres_database(postgres_admin_url: str) -> Callable[[str], str]:
    """A function creating a fresh, empty database (pgvector installed) on the session's server and
    returning its URL; the name gets a counter suffix so every call is a new database."""
    from itertools import count

    from protokollet.store.postgres import create_database

    numbers = count()
    return lambda name: create_database(postgres_admin_url, f"{name}_{next(numbers)}")


@pytest.fixture
def postgres_url(make_postgres_database: Callable[[str], str]) -> str:
    """URL of a fresh, empty database for one test."""
    return make_postgres_database("test")


# ---------------------------------------------------------------- end of PostgreSQL fixtures


# ---------------------------------------------------------------- retrieval backends (index/retrieval*.py)

SEARCH_BACKENDS = ["embedded", "postgresql"]


@pytest.fixture(scope="session")
def postgres_indexed_settings(
    indexed_settings: Settings, make_postgres_database: Callable[[str], str]
) -> Settings:
    """The session's indexed sample corpus moved into PostgreSQL by `migrate` (no re-embedding, seconds)."""
    from pydantic import SecretStr

    from protokollet.index.postgres.migrate import migrate

    url = make_postgres_database("indexed")
    migrate(indexed_settings, url, progress=False)
    return indexed_settings.model_copy(update={"database_url": SecretStr(url)})


@pytest.fixture(scope="session", params=SEARCH_BACKENDS)
def search_settings(request: pytest.FixtureRequest, indexed_settings: Settings) -> Settings:
    """The indexed sample corpus on each retrieval backend, so one test checks both (parametrized)."""
    if request.param == "embedded":
        return indexed_settings
    settings: Settings = request.getfixturevalue("postgres_indexed_settings")
    return settings


# ---------------------------------------------------------------- end of retrieval backend fixtures
