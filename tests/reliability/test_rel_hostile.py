"""Hostile input (issue 10, 3c): every bad file, name, query or request is refused with a clear 4xx
(or, for injection strings that are legitimate text, answered without obeying them) and changes
nothing that is stored; the CLI answers bad files and flags with an exit code and a line, never a
traceback. Markup inside minutes is stored and served as plain text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from rel_hostile_corpus import CASES, Call, HostileCase, Materials, noise, zip_bomb
from rel_support import REPO, copy_data_dir, data_fingerprint, report

from protokollet.index.embed.embedder import Embedder
from protokollet.settings import Settings

pytestmark = pytest.mark.slow

TOKEN = "test-operator-token"
STATIC = REPO / "service" / "static"
SUMMARY = "hostile inputs (issue 10, 3c)"


@pytest.fixture(scope="module")
def hostile_settings(small_indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A writable copy of the small indexed data dir, uploads on, a short parse time limit."""
    return copy_data_dir(
        small_indexed_settings,
        tmp_path_factory.mktemp("hostile") / "data",
        api_token=SecretStr(TOKEN),
        parse_timeout_s=10,
    )


@pytest.fixture(scope="module")
def hostile_client(hostile_settings: Settings, embedder: Embedder) -> Iterator[TestClient]:
    from protokollet.service.api import create_app

    with TestClient(create_app(hostile_settings, embedder=embedder)) as client:
        yield client


@pytest.fixture(scope="module")
def materials(fresh_minutes: bytes, make_pdf: object, make_docx: object) -> Materials:
    return Materials(minutes=fresh_minutes, make_pdf=make_pdf, make_docx=make_docx)  # type: ignore[arg-type]


def _one_clear_line(text: str) -> str | None:
    """None when `text` is one readable line; otherwise what is wrong with it."""
    if not text.strip():
        return "empty message"
    if "\n" in text.strip() or len(text) > 500:
        return f"not one short line: {text[:300]!r}"
    if "Traceback" in text:
        return "a traceback"
    return None


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    groups = {case.group for case in CASES}
    assert {"upload content", "upload name", "injection", "dates and filters", "request shape"} <= groups


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_request_is_refused_and_changes_nothing(
    case: HostileCase, hostile_client: TestClient, hostile_settings: Settings, materials: Materials
) -> None:
    call: Call = case.build(materials)
    kwargs = dict(call.kwargs)
    if call.operator:
        kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {TOKEN}"}
    before = data_fingerprint(hostile_settings)
    response = hostile_client.request(call.method, call.path, **kwargs)
    report(SUMMARY, f"{case.group:<18} {case.id:<28} → {response.status_code} (expected {case.expected})")
    if case.refused_with:
        assert response.status_code in case.refused_with, response.text[:500]
        detail = response.json().get("detail")
        assert isinstance(detail, str), response.text[:500]
        assert _one_clear_line(detail) is None, _one_clear_line(detail)
    else:
        assert response.status_code == 200, response.text[:500]
        assert case.check is not None
        problem = case.check(response.json())
        assert problem is None, problem
    assert data_fingerprint(hostile_settings) == before, "the request changed stored data"


# -- the CLI ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliCase:
    id: str
    args: list[str]  # "{file}" stands for the hostile file written by the test
    file: tuple[str, bytes] | None
    says: str  # a regex the output must match: the reason, in words


def _cli_cases() -> list[CliCase]:
    return [
        CliCase("empty-file", ["ingest", "{file}"], ("empty.txt", b""), r"failed .*empty"),
        CliCase(
            "binary-noise", ["ingest", "{file}"], ("noise.txt", noise(20_000, 7)), r"failed .*noise\.txt"
        ),
        CliCase(
            "truncated-pdf",
            ["ingest", "{file}"],
            ("cut.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type"),
            r"failed .*cut\.pdf",
        ),
        CliCase("zip-bomb-docx", ["ingest", "{file}"], ("bomb.docx", zip_bomb(64)), r"failed .*bomb\.docx"),
        CliCase(
            "html-named-pdf",
            ["ingest", "{file}"],
            ("page.pdf", b"<!DOCTYPE html><html><body>Kommunstyrelsen</body></html>"),
            r"failed .*page\.pdf",
        ),
        CliCase("missing-path", ["ingest", "../../etc/no-such-minutes.txt"], None, r"no-such-minutes"),
        CliCase(
            "bad-date-flag", ["ingest", "--date", "2024-13-45", "{file}"], ("ok.txt", b"Protokoll"), r"--date"
        ),
        CliCase(
            "bad-type-flag", ["ingest", "--type", "hemligt", "{file}"], ("ok.txt", b"Protokoll"), r"--type"
        ),
        CliCase("search-k-zero", ["search", "-k", "0", "budget"], None, r"-k"),
        CliCase("search-bad-date", ["search", "--from", "2024-13-01", "budget"], None, r"--from|2024-13-01"),
    ]


CLI_CASES = _cli_cases()


@pytest.mark.parametrize("case", CLI_CASES, ids=[case.id for case in CLI_CASES])
def test_hostile_cli_input_exits_with_a_reason_and_changes_nothing(
    case: CliCase, hostile_settings: Settings, tmp_path: Path
) -> None:
    args = list(case.args)
    if case.file is not None:
        name, data = case.file
        (tmp_path / name).write_bytes(data)
        args = [str(tmp_path / name) if arg == "{file}" else arg for arg in args]
    env = {
        **os.environ,
        "PROTOKOLLET_DATA_DIR": str(hostile_settings.data_dir),
        "PROTOKOLLET_PARSE_TIMEOUT_S": "10",
        "NO_COLOR": "1",
    }
    before = data_fingerprint(hostile_settings)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "protokollet"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    report(SUMMARY, f"{'cli':<18} {case.id:<28} → exit {result.returncode}")
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert re.search(case.says, output), output
    assert data_fingerprint(hostile_settings) == before, "the command changed stored data"


# -- markup inside minutes ----------------------------------------------------------------------------

#: Markup as a web page's text would carry it (entities: the cleaner decodes them to literal tags)
#: and raw (plain text with tags: the cleaner drops the tags and keeps their text).
SCRIPTED_MINUTES = """Göteborgs Stad Kommunstyrelsen, protokoll
Sammanträdesdatum 2061-05-06

§ 101 Ärendenummer SLK-2061-09999
Skolgårdar i ytterområden
Beslut

Kommunstyrelsen beslutar att rusta skolgårdar i ytterområden.
&lt;script&gt;window.__pwned = "script";&lt;/script&gt;
Ärendet gäller skolgårdar &lt;img src=x onerror="window.__pwned = 'img'"&gt; och <b>fet</b> text.
Rå markering: <script>alert(1)</script>
"""
#: Ways script could reach the page other than through textContent.
_JS_COMMENTS = re.compile(r"/\*.*?\*/|^[ \t]*//[^\n]*", re.DOTALL | re.MULTILINE)
_HTML_SINKS = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(")


def test_script_tags_in_minutes_are_stored_as_text_and_served_as_data(
    hostile_client: TestClient, hostile_settings: Settings
) -> None:
    response = hostile_client.post(
        "/api/documents",
        files={"file": ("skolgardar.txt", SCRIPTED_MINUTES.encode(), "text/plain")},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200, response.text
    hits = hostile_client.get("/api/search", params={"q": "skolgårdar ytterområden", "k": 5})
    assert hits.headers["content-type"].startswith("application/json")
    texts = [h["context"]["text"] for h in hits.json()["hits"] if "2061" in (h["context"]["date"] or "")]
    assert any('<script>window.__pwned = "script";</script>' in text for text in texts), texts
    assert any("<img src=x onerror=" in text for text in texts), texts
    meeting = hostile_client.get(f"/api/meetings/{hits.json()['hits'][0]['context']['meeting_id']}")
    assert meeting.headers["content-type"].startswith("application/json")
    stored = " ".join(p["text"] for item in meeting.json()["items"] for p in item["paragraphs"])
    assert '<script>window.__pwned = "script";</script>' in stored, stored

    page = hostile_client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for script in STATIC.glob("*.js"):
        code = _JS_COMMENTS.sub("", script.read_text(encoding="utf-8"))
        sinks = _HTML_SINKS.findall(code)
        assert not sinks, f"{script.name} uses {sinks}: document text must go in through textContent"
    # The browser itself is checked in tests/test_web.py (markup shown as text, window.__pwned unset).
