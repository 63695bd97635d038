"""Reading untrusted files in a child process under a time and a memory limit: a file past either is
refused with a clear 4xx (API) or a per-file failure (CLI), and nothing of it is stored."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from typer.testing import CliRunner

from protokollet.cli import app
from protokollet.errors import BadDocument, ParseLimitExceeded
from protokollet.ingest.pipeline import read_document
from protokollet.ingest.sandbox import ParseLimits, run_limited
from protokollet.models import Document
from protokollet.settings import Settings, get_settings
from protokollet.store.open import open_store

pytestmark = pytest.mark.slow

OpenApp = Callable[..., tuple[TestClient, Settings]]
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SMALL_MINUTES = SAMPLE / "seeds" / "002_59249985fcc24532.txt"
#: Far more than the tests' limits allow, far less than the defaults.
ROOMY = ParseLimits(timeout_s=120, max_memory_mb=2048)


@pytest.fixture(scope="module")
def slow_pdf(make_pdf: Callable[[list[str]], bytes]) -> bytes:
    """A real ~730-page PDF of Göteborg minutes (every sample protocol, twice): seconds of reading
    (pdftotext, then parsing 40,000 lines), far past a 0.5 s limit."""
    lines = [
        line
        for path in sorted((SAMPLE / "goteborg").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return make_pdf((lines * 2)[:40_000])


@pytest.fixture(scope="module")
def big_text() -> bytes:
    """40 MB of real minutes text: reading it needs well over 128 MB."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted((SAMPLE / "goteborg").glob("*.txt")))
    data = text.encode("utf-8")
    return (data * (40 * 1024 * 1024 // len(data) + 1))[: 40 * 1024 * 1024]


def _read(path: Path, limits: ParseLimits | None) -> Document:
    data = path.read_bytes()
    args = (data, path.name, str(path), hashlib.sha256(data).hexdigest(), None)
    return (
        read_document(*args)
        if limits is None
        else run_limited(read_document, *args, limits=limits, name=path.name)
    )


def _nothing_stored(settings: Settings) -> bool:
    store = open_store(settings)
    try:
        empty = not store.meetings() and not store.paragraph_ids()
    finally:
        store.close()
    uploads = settings.data_dir / "uploads"
    no_files = not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))
    return empty and no_files and not (settings.resolved_index_dir / "CURRENT").exists()


# -- the sandbox itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["seeds/001_9ff9e8eb64a94929.txt", "goteborg/goteborg_kommunstyrelsen_2024-03-20.txt"]
)
def test_a_sandboxed_read_gives_the_same_document(name: str) -> None:
    sandboxed = _read(SAMPLE / name, ROOMY)
    assert sandboxed == _read(SAMPLE / name, None)
    assert sandboxed.meetings


def test_the_childs_own_errors_come_back_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer\n%%EOF")
    with pytest.raises(BadDocument, match=r"broken\.pdf") as raised:
        _read(path, ROOMY)
    assert not isinstance(raised.value, ParseLimitExceeded)


def test_time_limit_stops_a_slow_parse(tmp_path: Path, slow_pdf: bytes) -> None:
    path = tmp_path / "slow.pdf"
    path.write_bytes(slow_pdf)
    with pytest.raises(ParseLimitExceeded, match=r"slow\.pdf: reading the file took longer than 0\.5 s"):
        _read(path, ParseLimits(timeout_s=0.5, max_memory_mb=2048))


def test_memory_limit_stops_a_greedy_parse(tmp_path: Path, big_text: bytes) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(big_text)
    with pytest.raises(ParseLimitExceeded, match=r"huge\.txt: reading the file needed more than 128 MB"):
        _read(path, ParseLimits(timeout_s=120, max_memory_mb=128))


# -- through the API ------------------------------------------------------------------------------


def test_upload_past_the_time_limit_is_422_and_leaves_nothing(
    open_app: OpenApp, operator_token: str, slow_pdf: bytes
) -> None:
    client, settings = open_app(api_token=SecretStr(operator_token), parse_timeout_s=0.5)
    response = client.post(
        "/api/documents",
        files={"file": ("protokoll.pdf", slow_pdf, "application/pdf")},
        headers={"Authorization": f"Bearer {operator_token}"},
    )
    assert response.status_code == 422, response.text
    assert "longer than 0.5 s" in response.json()["detail"]
    assert _nothing_stored(settings)
    # The service is still answering and a normal file still goes in.
    ok = client.post(
        "/api/documents",
        files={"file": (SMALL_MINUTES.name, SMALL_MINUTES.read_bytes(), "text/plain")},
        headers={"Authorization": f"Bearer {operator_token}"},
    )
    assert ok.status_code == 200, ok.text


def test_upload_past_the_memory_limit_is_422_and_leaves_nothing(
    open_app: OpenApp, operator_token: str, big_text: bytes
) -> None:
    client, settings = open_app(api_token=SecretStr(operator_token), parse_max_memory_mb=128)
    response = client.post(
        "/api/documents",
        files={"file": ("protokoll.txt", big_text, "text/plain")},
        headers={"Authorization": f"Bearer {operator_token}"},
    )
    assert response.status_code == 422, response.text
    assert "more than 128 MB" in response.json()["detail"]
    assert _nothing_stored(settings)


# -- through the CLI ------------------------------------------------------------------------------


def test_cli_ingest_reports_the_file_past_the_limit_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow_pdf: bytes
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_slow.pdf").write_bytes(slow_pdf)  # first in the run's order
    (folder / SMALL_MINUTES.name).write_bytes(SMALL_MINUTES.read_bytes())
    monkeypatch.setenv("PROTOKOLLET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PROTOKOLLET_PARSE_TIMEOUT_S", "0.5")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["ingest", str(folder)])
        settings = get_settings()
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and "a_slow.pdf" in failed[0] and "longer than 0.5 s" in failed[0]
    assert "Traceback" not in result.output
    assert "1 added" in result.output and "1 failed" in result.output
    store = open_store(settings)
    try:
        sources = {m.source_path for m in store.meetings()}
    finally:
        store.close()
    assert sources and all(s.endswith(SMALL_MINUTES.name) for s in sources)
