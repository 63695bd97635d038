"""Who may read and write, and what an upload must be: the token on reads (by setting), the re-index
endpoint, the content check by magic bytes and sniffing, and file names that cannot leave their folder."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from protokollet.ingest.pipeline import ingest_paths
from protokollet.ingest.sniff import Kind, check_content
from protokollet.service.uploads import safe_filename, save_upload
from protokollet.settings import Settings
from protokollet.store.open import open_store

pytestmark = pytest.mark.slow

OpenApp = Callable[..., tuple[TestClient, Settings]]
SMALL_MINUTES = Path(__file__).resolve().parents[1] / "data" / "sample" / "seeds" / "002_59249985fcc24532.txt"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _stored(settings: Settings) -> tuple[int, list[Path]]:
    """How many meetings the store holds and which files lie under the uploads folder."""
    store = open_store(settings)
    try:
        meetings = len(store.meetings())
    finally:
        store.close()
    uploads = settings.data_dir / "uploads"
    return meetings, sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.exists() else []


# -- reads ----------------------------------------------------------------------------------------

READS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/api/meetings", {}),
    ("GET", "/api/meetings/some-id", {}),
    ("GET", "/api/search", {"params": {"q": "budget"}}),
    ("POST", "/api/ask", {"json": {"question": "Vad beslutades om budgeten?"}}),
    ("POST", "/api/agenda", {"json": {"text": "§ 1 Budget"}}),
    ("GET", "/metrics", {}),
]


def test_reads_are_open_by_default(open_app: OpenApp, operator_token: str) -> None:
    client, _ = open_app(api_token=SecretStr(operator_token))
    assert client.get("/api/meetings").status_code == 200
    assert client.get("/metrics").status_code == 200


@pytest.mark.parametrize(("method", "path", "kwargs"), READS)
def test_reads_need_the_token_when_the_setting_is_on(
    open_app: OpenApp, operator_token: str, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    client, _ = open_app(api_token=SecretStr(operator_token), require_token_for_reads=True)
    for headers in ({}, _auth("wrong"), _auth(operator_token + "x"), {"Authorization": operator_token}):
        refused = client.request(method, path, headers=headers, **kwargs)
        assert refused.status_code == 401, (headers, refused.text)
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "token" in refused.json()["detail"]
    allowed = client.request(method, path, headers=_auth(operator_token), **kwargs)
    # Past the gate: what the empty data dir answers (503 while nothing is indexed, 404 for no meeting).
    assert allowed.status_code not in (401, 403), allowed.text


def test_page_and_liveness_stay_open_when_reads_are_restricted(
    open_app: OpenApp, operator_token: str
) -> None:
    client, _ = open_app(api_token=SecretStr(operator_token), require_token_for_reads=True)
    assert client.get("/").status_code == 200
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/meetings", headers=_auth(operator_token)).json() == []


def test_restricted_reads_without_a_configured_token_are_403(open_app: OpenApp) -> None:
    client, _ = open_app(require_token_for_reads=True)
    response = client.get("/api/meetings", headers=_auth("anything"))
    assert response.status_code == 403
    assert "PROTOKOLLET_API_TOKEN" in response.json()["detail"]


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTOKOLLET_REQUIRE_TOKEN_FOR_READS", "true")
    assert Settings().require_token_for_reads is True
    monkeypatch.delenv("PROTOKOLLET_REQUIRE_TOKEN_FOR_READS")
    assert Settings().require_token_for_reads is False


def test_page_sends_the_stored_token() -> None:
    script = (Path(__file__).resolve().parents[1] / "service" / "static" / "app.js").read_text(
        encoding="utf-8"
    )
    assert "sessionStorage" in script and "Authorization" in script and "Bearer" in script
    assert "localStorage" not in script  # the key lives as long as the tab, no longer


# -- re-index -------------------------------------------------------------------------------------


def test_reindex_is_disabled_without_a_configured_token(open_app: OpenApp) -> None:
    client, _ = open_app()
    response = client.post("/api/index", headers=_auth("anything"))
    assert response.status_code == 403
    assert "PROTOKOLLET_API_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_reindex_without_the_right_token_is_401(
    open_app: OpenApp, operator_token: str, token: str | None
) -> None:
    client, _ = open_app(api_token=SecretStr(operator_token))
    response = client.post("/api/index", headers={} if token is None else _auth(token))
    assert response.status_code == 401, response.text


def test_reindex_indexes_what_was_stored_by_other_means(open_app: OpenApp, operator_token: str) -> None:
    client, settings = open_app(api_token=SecretStr(operator_token))
    store = open_store(settings)
    try:
        stored = ingest_paths([SMALL_MINUTES], store, progress=False).paragraphs
    finally:
        store.close()
    assert client.get("/api/search", params={"q": "samverkansgrupp"}).status_code == 503  # not indexed yet

    report = client.post("/api/index", headers=_auth(operator_token))
    assert report.status_code == 200, report.text
    assert report.json()["paragraphs"] == stored > 0
    assert report.json()["embedded"] == report.json()["chunks"]
    hits = client.get("/api/search", params={"q": "extra sammanträde samverkansgrupp hälsa"}).json()["hits"]
    assert hits and hits[0]["context"]["source_path"].endswith(SMALL_MINUTES.name)

    again = client.post("/api/index", headers=_auth(operator_token)).json()
    assert again["embedded"] == 0 and again["reused"] == again["chunks"]  # incremental


# -- content check --------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MINUTES_TEXT = SMALL_MINUTES.read_bytes()
MISMATCHES: list[tuple[str, bytes, str]] = [
    ("protokoll.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("protokoll.pdf", MINUTES_TEXT, "plain text"),
    ("protokoll.pdf", _zip({"word/document.xml": b"<w:document/>"}), "Word"),
    ("protokoll.docx", _zip({"readme.txt": b"hello"}), "zip archive"),
    ("protokoll.docx", b"%PDF-1.4\n", "PDF"),
    ("protokoll.txt", b"<!DOCTYPE html><html><body><p>Protokoll</p></body></html>", "HTML"),
    ("protokoll.md", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "binary"),
    ("protokoll.txt", b"\xff\xfe\x00\x00" + "Protokoll".encode("utf-32-le"), "binary"),
    ("protokoll.html", MINUTES_TEXT, "without HTML markup"),
]


@pytest.mark.parametrize(("name", "data", "named"), MISMATCHES)
def test_upload_whose_content_does_not_match_its_extension_is_415(
    open_app: OpenApp, operator_token: str, name: str, data: bytes, named: str
) -> None:
    client, settings = open_app(api_token=SecretStr(operator_token))
    response = client.post("/api/documents", files={"file": (name, data)}, headers=_auth(operator_token))
    assert response.status_code == 415, response.text
    assert named in response.json()["detail"]
    assert _stored(settings) == (0, [])


def test_zip_bomb_docx_is_refused_before_it_is_unpacked(open_app: OpenApp, operator_token: str) -> None:
    bomb = _zip({"word/document.xml": b"0" * (20 * 1024 * 1024), "[Content_Types].xml": b"<Types/>"})
    assert len(bomb) < 100_000  # 20 MB that pack into a few KB
    client, settings = open_app(api_token=SecretStr(operator_token))
    response = client.post(
        "/api/documents", files={"file": ("bomb.docx", bomb)}, headers=_auth(operator_token)
    )
    assert response.status_code == 422, response.text
    assert "zip bomb" in response.json()["detail"]
    assert _stored(settings) == (0, [])


def test_agenda_file_is_checked_the_same_way(open_app: OpenApp) -> None:
    client, _ = open_app()
    response = client.post("/api/agenda", files={"file": ("kallelse.docx", MINUTES_TEXT)})
    assert response.status_code == 415, response.text
    assert "plain text" in response.json()["detail"]


# -- file names -----------------------------------------------------------------------------------

HOSTILE_NAMES = [
    "../../evil.txt",
    "..\\..\\evil.txt",
    "/etc/cron.d/evil.txt",
    "uploads/../../../evil.txt",
    "....//....//evil.txt",
    "..",
    ".",
    "",
    "\x00evil.txt",
    "C:\\Windows\\evil.txt",
    "evil.txt\n../../x",
    ".hidden.txt",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_filename_keeps_one_harmless_component(name: str, tmp_path: Path) -> None:
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert safe not in (".", "..")
    uploads = tmp_path / "uploads"
    saved = save_upload(uploads, name, b"x")
    assert saved.resolve().parent.parent == uploads.resolve()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [saved]


def test_upload_with_a_traversal_name_is_refused_and_writes_nothing(
    open_app: OpenApp, operator_token: str
) -> None:
    client, settings = open_app(api_token=SecretStr(operator_token))
    response = client.post(
        "/api/documents",
        files={"file": ("../../../evil_002.txt", MINUTES_TEXT)},
        headers=_auth(operator_token),
    )
    assert response.status_code == 422, response.text
    assert "plain name" in response.json()["detail"]
    meetings, files = _stored(settings)
    assert meetings == 0 and files == []
    assert list(settings.data_dir.parent.rglob("evil*")) == []


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        (
            "notes.md",
            "<!-- exported -->\n# Protokoll\n1. Mötet".encode(),
            Kind.HTML,
        ),  # Markdown may hold HTML
        ("notes.md", "§ 1 Mötet öppnas".encode("cp1252"), Kind.TEXT),
        ("page.htm", b"\xef\xbb\xbf  <html><body><p>\xc2\xa7 1</p></body></html>", Kind.HTML),
        ("fragment.html", b"Protokoll<br>\xc2\xa7 1 M\xc3\xb6tet", Kind.TEXT),  # markup, not a page start
        ("scan.pdf", b"\r\n%PDF-1.5\n", Kind.PDF),  # junk before the header, as readers allow
    ],
)
def test_content_that_fits_its_extension_passes(name: str, data: bytes, kind: Kind) -> None:
    assert check_content(data, name) is kind
