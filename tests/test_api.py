"""The HTTP API over the real stack: the sample corpus ingested and indexed with the real model."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from protokollet.models import Meeting
from protokollet.service.answer_models import NOT_IN_MINUTES
from protokollet.service.api_models import MAX_QUESTION_CHARS

pytestmark = pytest.mark.slow

STATIC = Path(__file__).resolve().parents[1] / "service" / "static"
SMALL_MINUTES = Path(__file__).resolve().parents[1] / "data" / "sample" / "seeds" / "002_59249985fcc24532.txt"


def _detail(response: Any) -> str:
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.strip(), response.text
    return detail


# -- health, page ---------------------------------------------------------------------------------


def test_healthz_reports_counts_and_model(api_client: TestClient) -> None:
    health = api_client.get("/healthz").json()
    assert health["status"] == "ok", health
    assert health["meetings"] == len(api_client.get("/api/meetings").json()) > 0
    assert health["paragraphs"] == health["indexed_paragraphs"] > 0
    assert health["model"] == api_client.app.state.service.settings.model  # type: ignore[attr-defined]
    assert health["model_loaded"] is True


def test_page_and_assets_are_served_locally(api_client: TestClient) -> None:
    page = api_client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<html lang="sv">' in page.text
    for asset in ("app.js", "style.css"):
        assert api_client.get(f"/static/{asset}").status_code == 200
    for path in STATIC.iterdir():
        # No CDN, no external fonts: nothing in the page may point off the machine (an SVG's
        # namespace name is an identifier, never fetched).
        text = path.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"https?://", text), path.name
    assert "/api/ask" in api_client.get("/openapi.json").json()["paths"]
    icon = api_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")


def test_api_docs_load_their_assets_from_this_server(api_client: TestClient) -> None:
    """/docs (Swagger UI) works offline: every script and style it loads is served here."""
    docs = api_client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+\.(?:js|css|png))['"]""", docs.text)
    assert assets and not [url for url in assets if re.match(r"https?://", url)], assets
    for url in assets:
        assert api_client.get(url).status_code == 200, url


# -- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_search_returns_ranked_hits(api_client: TestClient, mode: str) -> None:
    response = api_client.get("/api/search", params={"q": "leksaksbibliotek", "k": 5, "mode": mode})
    assert response.status_code == 200, response.text
    hits = response.json()["hits"]
    assert 0 < len(hits) <= 5
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    if mode != "dense":  # the word itself occurs in the minutes, so lexical search must find it
        assert any("leksaksbibliotek" in h["context"]["text"].lower() for h in hits)


def test_search_honours_every_filter(api_client: TestClient) -> None:
    meetings = api_client.get("/api/meetings").json()
    target = next(m for m in meetings if m["body"] and m["municipality"] and m["date"])
    year = target["date"][:4]
    params = {
        "q": "beslut",
        "k": 20,
        "body": target["body"].lower(),
        "municipality": target["municipality"].split()[-1],
        "from": f"{year}-01-01",
        "to": f"{year}-12-31",
        "type": target["doc_type"],
    }
    hits = api_client.get("/api/search", params=params).json()["hits"]
    assert hits
    for hit in hits:
        context = hit["context"]
        assert target["body"].lower() in context["body"].lower()
        assert params["municipality"].lower() in (context["municipality"] or "").lower()
        assert params["from"] <= context["date"] <= params["to"]
        assert context["doc_type"] == target["doc_type"]
    unfiltered = api_client.get("/api/search", params={"q": "beslut", "k": 20}).json()["hits"]
    assert any(h["context"]["meeting_id"] != target["id"] for h in unfiltered)


def test_search_filter_that_matches_nothing_gives_no_hits(api_client: TestClient) -> None:
    response = api_client.get("/api/search", params={"q": "budget", "from": "1990-01-01", "to": "1990-12-31"})
    assert response.status_code == 200
    assert response.json()["hits"] == []


# -- answers --------------------------------------------------------------------------------------


def _meeting(client: TestClient, meeting_id: str) -> Meeting:
    response = client.get(f"/api/meetings/{meeting_id}")
    assert response.status_code == 200, response.text
    return Meeting.model_validate(response.json())


def test_ask_cites_verbatim_quotes_that_link_to_their_paragraph(api_client: TestClient) -> None:
    question = "Vad beslutades om planen för ett max antal medarbetare för stadens chefer?"
    response = api_client.post("/api/ask", json={"question": question})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["answered"] is True, answer
    assert answer["citations"]
    for sentence in answer["sentences"]:
        assert sentence["citations"], sentence  # every sentence carries a citation
        assert all(1 <= n <= len(answer["citations"]) for n in sentence["citations"])
    for citation in answer["citations"]:
        meeting = _meeting(api_client, citation["meeting_id"])
        assert citation["body"] == meeting.body
        assert citation["date"] == (meeting.date.isoformat() if meeting.date else None)
        paragraphs = {p.id: (item, p) for item in meeting.items for p in item.paragraphs}
        item, paragraph = paragraphs[citation["paragraph_id"]]
        assert citation["item_number"] == item.number
        assert paragraph.text[citation["quote_start"] : citation["quote_end"]] == citation["quote"]
        assert citation["quote"] in paragraph.text
    assert any("max antal medarbetare" in c["item_title"] for c in answer["citations"])


def test_ask_honours_filters(api_client: TestClient) -> None:
    body = {"question": "Vad beslutades om budget?", "from": "2025-01-01", "type": "protokoll", "k": 8}
    answer = api_client.post("/api/ask", json=body).json()
    for citation in answer["citations"] + answer["nearest"]:
        assert citation["date"] >= "2025-01-01"
        assert citation["doc_type"] == "protokoll"


def test_ask_about_something_absent_says_so_with_nearest_passages(api_client: TestClient) -> None:
    answer = api_client.post("/api/ask", json={"question": "Vilken färg har en zebra?"}).json()
    assert answer["answered"] is False
    assert answer["citations"] == []
    assert answer["text"] == NOT_IN_MINUTES
    assert answer["nearest"]


# -- agenda preparation ---------------------------------------------------------------------------


def _agenda_from_stored_item(client: TestClient) -> tuple[str, dict[str, Any]]:
    """A one-item agenda for a coming meeting, naming a stored item by its case number and title."""
    for summary in reversed(client.get("/api/meetings").json()):
        meeting = _meeting(client, summary["id"])
        for item in meeting.items:
            if item.case_number and item.title and meeting.date:
                head = f"Kallelse {meeting.body} 2099-01-15"
                text = f"{head}\n\n§ 1 Ärendenummer {item.case_number}\n{item.title}\n"
                return text, {"meeting_id": meeting.id, "case_number": item.case_number}
    raise AssertionError("no stored item with a case number")


@pytest.mark.parametrize("as_file", [False, True])
def test_agenda_finds_earlier_treatment_by_case_number(api_client: TestClient, as_file: bool) -> None:
    text, stored = _agenda_from_stored_item(api_client)
    if as_file:
        response = api_client.post(
            "/api/agenda", files={"file": ("kallelse.txt", text.encode(), "text/plain")}
        )
    else:
        response = api_client.post("/api/agenda", json={"text": text})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) == 1 and items[0]["case_number"] == stored["case_number"]
    earlier = items[0]["earlier"]
    by_case = [e for e in earlier if e["reason"] == "case_number"]
    assert stored["meeting_id"] in {e["meeting_id"] for e in by_case}
    dates = [e["date"] for e in by_case if e["date"]]
    assert dates == sorted(dates, reverse=True)  # newest meeting first
    for group in earlier:
        meeting = _meeting(api_client, group["meeting_id"])
        texts = {p.id: p.text for item in meeting.items for p in item.paragraphs}
        for citation in group["citations"]:
            assert (
                texts[citation["paragraph_id"]][citation["quote_start"] : citation["quote_end"]]
                == (citation["quote"])
            )


# -- meetings -------------------------------------------------------------------------------------


def test_meeting_view_places_paragraphs_in_the_document(api_client: TestClient) -> None:
    summaries = api_client.get("/api/meetings").json()
    dated = [m for m in summaries if m["date"]]
    assert dated == sorted(dated, key=lambda m: m["date"])
    meeting = _meeting(api_client, summaries[0]["id"])
    assert meeting.items and all(p.id and p.end > p.start for item in meeting.items for p in item.paragraphs)


# -- bad input ------------------------------------------------------------------------------------

BAD_INPUT: list[tuple[str, str, dict[str, Any], int]] = [
    ("GET", "/api/search", {"params": {"q": ""}}, 422),
    ("GET", "/api/search", {"params": {"q": "   "}}, 422),
    ("GET", "/api/search", {"params": {}}, 422),
    ("GET", "/api/search", {"params": {"q": "x" * (MAX_QUESTION_CHARS + 1)}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "mode": "fuzzy"}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "type": "beslut"}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "from": "2024-13-01"}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "to": "igår"}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "from": "2025-01-01", "to": "2024-01-01"}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "k": 0}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "k": 10_000}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "k": "many"}}, 422),
    ("GET", "/api/search", {"params": {"q": "budget", "colour": "red"}}, 422),
    ("POST", "/api/ask", {"json": {"question": ""}}, 422),
    ("POST", "/api/ask", {"json": {"question": " \n\t "}}, 422),
    ("POST", "/api/ask", {"json": {}}, 422),
    ("POST", "/api/ask", {"json": {"question": "x" * (MAX_QUESTION_CHARS + 1)}}, 422),
    ("POST", "/api/ask", {"json": {"question": "x" * 10_000_000}}, 413),
    ("POST", "/api/ask", {"json": {"question": "budget", "type": "beslut"}}, 422),
    ("POST", "/api/ask", {"json": {"question": "budget", "from": "2024-02-30"}}, 422),
    ("POST", "/api/ask", {"json": {"question": "budget", "k": 51}}, 422),
    ("POST", "/api/ask", {"json": {"question": "budget", "organ": "KS"}}, 422),
    ("POST", "/api/ask", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ("POST", "/api/agenda", {"json": {"text": ""}}, 422),
    ("POST", "/api/agenda", {"content": b"Budget", "headers": {"content-type": "text/plain"}}, 415),
    (
        "POST",
        "/api/agenda",
        {"files": {"file": ("agenda.exe", b"MZ", "application/x-msdownload")}},
        415,
    ),
    ("POST", "/api/agenda", {"files": {"file": ("agenda.txt", b"", "text/plain")}}, 422),
    ("POST", "/api/agenda", {"files": {"other": ("agenda.txt", b"1 Budget", "text/plain")}}, 422),
    ("GET", "/api/meetings/no-such-meeting", {}, 404),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), BAD_INPUT)
def test_bad_input_gets_a_clear_4xx(
    api_client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    response = api_client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    assert len(_detail(response)) < 500  # one readable line, not a dump


def test_search_before_indexing_is_503_with_the_reason(empty_api_client: TestClient) -> None:
    response = empty_api_client.get("/api/search", params={"q": "budget"})
    assert response.status_code == 503
    assert "protokollet index" in _detail(response)
    assert empty_api_client.get("/healthz").json()["status"] == "degraded"


# -- uploads --------------------------------------------------------------------------------------


def _upload(
    client: TestClient, token: str | None, name: str = SMALL_MINUTES.name, data: bytes | None = None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    content = SMALL_MINUTES.read_bytes() if data is None else data
    return client.post(
        "/api/documents",
        files={"file": (name, content, "text/plain")},
        data={"municipality": "Region Västmanland"},
        headers=headers,
    )


def test_upload_is_disabled_without_a_configured_token(api_client: TestClient) -> None:
    response = _upload(api_client, "anything")
    assert response.status_code == 403
    assert "PROTOKOLLET_API_TOKEN" in _detail(response)


@pytest.mark.parametrize("token", [None, "", "wrong-token", "test-operator-token-x"])
def test_upload_without_the_right_token_is_401(empty_api_client: TestClient, token: str | None) -> None:
    response = _upload(empty_api_client, token)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    _detail(response)


def test_upload_of_an_unreadable_type_is_415(empty_api_client: TestClient, operator_token: str) -> None:
    response = _upload(empty_api_client, operator_token, name="minutes.exe", data=b"MZ\x90\x00")
    assert response.status_code == 415
    assert "docx" in _detail(response)


def test_upload_with_token_is_ingested_indexed_and_searchable(
    empty_api_client: TestClient, operator_token: str
) -> None:
    response = _upload(empty_api_client, operator_token)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["status"] == "added"
    assert result["paragraphs"] > 0
    assert result["index"]["paragraphs"] == result["paragraphs"]

    hits = empty_api_client.get("/api/search", params={"q": "extra sammanträde samverkansgrupp hälsa"}).json()
    assert hits["hits"], hits
    context = hits["hits"][0]["context"]
    assert context["source_path"].endswith(SMALL_MINUTES.name)
    assert context["municipality"] == "Region Västmanland"
    assert context["date"] == dt.date(2024, 4, 12).isoformat()

    again = _upload(empty_api_client, operator_token)
    assert again.json()["status"] == "unchanged"
    assert again.json()["index"] is None


def test_the_app_serves_the_routers_handed_to_it(api_client: TestClient) -> None:
    """The page's Utvärdering view reads /api/evals/*: the evals router is part of the app from the start."""
    response = api_client.get("/api/evals/runs")
    assert response.status_code == 200, response.text
    assert isinstance(response.json(), list)
