"""What an operator sees: one JSON log line per request (no question text, no token) and Prometheus
metrics that count requests by route template and status, time them, and show the index and writes."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from protokollet.service.observability import ACCESS_LOGGER, configure_logging, json_formatter, wants_json
from protokollet.settings import Settings

pytestmark = pytest.mark.slow

OpenApp = Callable[..., tuple[TestClient, Settings]]
SMALL_MINUTES = Path(__file__).resolve().parents[1] / "data" / "sample" / "seeds" / "002_59249985fcc24532.txt"
LOG_FIELDS = {
    "time",
    "level",
    "logger",
    "message",
    "method",
    "path",
    "route",
    "status",
    "latency_ms",
    "client",
}


def _samples(
    client: TestClient, token: str | None = None
) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics by (name, labels)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = json_formatter()
    lines = [formatter.format(r) for r in caplog.records if r.name == ACCESS_LOGGER]
    assert all("\n" not in line for line in lines)
    return [json.loads(line) for line in lines]


def test_one_json_line_per_request_without_question_or_token(
    open_app: OpenApp, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "operator-secret-4711"
    client, _ = open_app(api_token=SecretStr(secret), require_token_for_reads=True)
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    caplog.clear()
    question = "Hemlig fråga om skolskjutsar"
    response = client.get(
        "/api/search",
        params={"q": question},
        headers={"Authorization": f"Bearer {secret}", "X-Request-ID": "req-123"},
    )
    refused = client.post("/api/ask", json={"question": question})

    lines = _access_lines(caplog)
    assert len(lines) == 2
    search, ask = lines
    assert LOG_FIELDS | {"request_id"} <= set(search)
    assert search["method"] == "GET" and search["path"] == "/api/search" and search["route"] == "/api/search"
    assert search["status"] == response.status_code
    assert isinstance(search["latency_ms"], float) and search["latency_ms"] >= 0
    assert search["request_id"] == "req-123" == response.headers["x-request-id"]
    assert ask["status"] == refused.status_code == 401 and ask["route"] == "/api/ask"
    assert isinstance(ask["request_id"], str) and len(ask["request_id"]) == 32  # made when none was sent
    raw = " ".join(json.dumps(line, ensure_ascii=False) for line in lines) + caplog.text
    assert "Hemlig" not in raw and "skolskjutsar" not in raw and secret not in raw


def test_a_malformed_request_id_is_replaced(open_app: OpenApp) -> None:
    client, _ = open_app()
    response = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces" + "x" * 100})
    assert response.headers["x-request-id"].isalnum() and len(response.headers["x-request-id"]) == 32


def test_metrics_count_requests_by_route_template_and_status(open_app: OpenApp) -> None:
    client, _ = open_app()
    before = _samples(client)
    for meeting_id in ("no-such-meeting", "another-missing-one"):
        assert client.get(f"/api/meetings/{meeting_id}").status_code == 404
    assert (
        client.post(
            "/api/ask", content=b"x" * 300_000, headers={"content-type": "application/json"}
        ).status_code
        == 413
    )
    after = _samples(client)

    route = "/api/meetings/{meeting_id}"
    requests = "protokollet_http_requests_total"
    assert (
        _value(after, requests, method="GET", route=route, status="404")
        - _value(before, requests, method="GET", route=route, status="404")
        == 2
    )
    latency = "protokollet_http_request_duration_seconds_count"
    assert (
        _value(after, latency, method="GET", route=route) - _value(before, latency, method="GET", route=route)
        == 2
    )
    errors = "protokollet_http_errors_total"
    assert (
        _value(after, errors, route=route, kind="client") - _value(before, errors, route=route, kind="client")
        == 2
    )
    # Refused before routing (body too large), still counted under its route, not per raw path.
    assert _value(after, requests, method="POST", route="/api/ask", status="413") == 1
    assert not any("no-such-meeting" in str(labels) for _, labels in after)


def test_metrics_show_the_index_and_running_writes(open_app: OpenApp, operator_token: str) -> None:
    client, _ = open_app(api_token=SecretStr(operator_token))
    empty = _samples(client)
    assert math.isnan(_value(empty, "protokollet_indexed_paragraphs"))
    assert _value(empty, "protokollet_ingests_running") == 0

    upload = client.post(
        "/api/documents",
        files={"file": (SMALL_MINUTES.name, SMALL_MINUTES.read_bytes())},
        headers={"Authorization": f"Bearer {operator_token}"},
    )
    assert upload.status_code == 200, upload.text
    indexed = _samples(client)
    assert _value(indexed, "protokollet_indexed_paragraphs") == upload.json()["index"]["paragraphs"] > 0
    assert 0 <= _value(indexed, "protokollet_index_age_seconds") < 24 * 3600
    assert _value(indexed, "protokollet_ingests_running") == 0
    with client.app.state.service.metrics.writing():  # type: ignore[attr-defined]
        assert _value(_samples(client), "protokollet_ingests_running") == 1
    route = {"method": "POST", "route": "/api/documents", "status": "200"}
    assert _value(indexed, "protokollet_http_requests_total", **route) == 1


def test_metrics_need_the_token_when_reads_do(open_app: OpenApp, operator_token: str) -> None:
    client, _ = open_app(api_token=SecretStr(operator_token), require_token_for_reads=True)
    assert client.get("/metrics").status_code == 401
    assert (
        _value(
            _samples(client, operator_token),
            "protokollet_http_requests_total",
            method="GET",
            route="/metrics",
            status="401",
        )
        == 1
    )


def test_serve_logging_writes_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging()
        logging.getLogger(ACCESS_LOGGER).info("request", extra={"method": "GET", "status": 200})
        logging.getLogger("uvicorn.error").info("Uvicorn running")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["logger"] for line in lines] == [ACCESS_LOGGER, "uvicorn.error"]
    assert lines[0]["method"] == "GET" and lines[0]["status"] == 200 and lines[0]["level"] == "INFO"


def test_serve_logging_as_text_has_no_colour_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """A console gets readable lines; uvicorn's ANSI-coloured copy of its message never shows."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging(log_format="text")
        logging.getLogger("uvicorn.error").info(
            "Started server process [%d]",
            42,
            extra={"color_message": "Started server process [\x1b[36m%d\x1b[0m]"},
        )
        configure_logging(log_format="json")
        logging.getLogger("uvicorn.error").info(
            "Started server process [%d]",
            42,
            extra={"color_message": "Started server process [\x1b[36m%d\x1b[0m]"},
        )
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    text, json_line = capsys.readouterr().err.splitlines()
    assert "INFO" in text and "uvicorn.error: Started server process [42]" in text
    assert "\x1b" not in text and "\\u001b" not in json_line
    assert json.loads(json_line)["message"] == "Started server process [42]"
    assert wants_json("auto") is True  # pytest's captured stderr is not a terminal
    assert wants_json("text") is False and wants_json("json") is True
