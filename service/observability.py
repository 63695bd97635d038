"""What an operator sees: one JSON log line per request and Prometheus metrics at `/metrics`.

The log line holds the method, the path without its query string (questions travel in it), the route
template, status, latency, client address and a request id, never a question or a token. Metrics use
the route template as label, so `/api/meetings/{meeting_id}` is one series, not one per meeting. Each
app has its own registry, so several apps in one process (tests) never collide. The middleware that
observes each request is `middleware.RequestObserver`.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from pythonjsonlogger.json import JsonFormatter
from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

if TYPE_CHECKING:
    from protokollet.index.retrieval import IndexInfo

ACCESS_LOGGER = "protokollet.access"
REQUEST_ID_HEADER = "X-Request-ID"
#: A caller's own request id is kept when it looks like one; anything else is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 120.0)

access_log = logging.getLogger(ACCESS_LOGGER)


class IndexCollector(Collector):
    """Gauges read from the serving index at scrape time: what is searchable, how old, how far behind."""

    def __init__(self, info: Callable[[], IndexInfo | None], lag: Callable[[], float]) -> None:
        self._info = info
        self._lag = lag

    def collect(self) -> Iterable[GaugeMetricFamily]:
        info = self._info()
        paragraphs = GaugeMetricFamily(
            "protokollet_indexed_paragraphs", "Paragraphs in the serving index (NaN: no index yet)."
        )
        age = GaugeMetricFamily(
            "protokollet_index_age_seconds", "Seconds since the serving index version was built."
        )
        lag = GaugeMetricFamily(
            "protokollet_index_lag_paragraphs",
            "Paragraphs by which the serving index differs from the store (stored, not yet searchable,"
            " plus removed, still searchable); the server catches up by itself.",
        )
        paragraphs.add_metric([], float(info.paragraphs) if info else math.nan)
        age.add_metric([], _age_seconds(info))
        lag.add_metric([], self._lag())
        yield paragraphs
        yield age
        yield lag


def _age_seconds(info: IndexInfo | None) -> float:
    created = info.details.get("created") if info else None
    if not isinstance(created, str):
        return math.nan
    try:
        built = dt.datetime.fromisoformat(created)
    except ValueError:
        return math.nan
    return (dt.datetime.now(dt.UTC) - built).total_seconds()


class Metrics:
    """The app's Prometheus registry: requests, latency, errors, running writes, and the index gauges."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "protokollet_http_requests",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "protokollet_http_request_duration_seconds",
            "Time from request to the end of the response, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "protokollet_http_errors",
            "Responses that were errors: kind 'client' (4xx) or 'server' (5xx or a crash).",
            ["route", "kind"],
            registry=self.registry,
        )
        self.writes = Gauge(
            "protokollet_ingests_running",
            "Uploads and re-index runs in progress in this server process.",
            registry=self.registry,
        )
        self._index_source: Callable[[], IndexInfo | None] = lambda: None
        self._lag_source: Callable[[], float] = lambda: math.nan
        self.registry.register(IndexCollector(lambda: self._index_source(), lambda: self._lag_source()))

    def watch_index(self, source: Callable[[], IndexInfo | None], lag: Callable[[], float]) -> None:
        """Where the index gauges read from (set once the service state exists)."""
        self._index_source = source
        self._lag_source = lag

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
        if status >= 400:
            self.errors.labels(route, "server" if status >= 500 else "client").inc()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Count a write (upload, re-index) as running for the block."""
        self.writes.inc()
        try:
            yield
        finally:
            self.writes.dec()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def route_template(scope: Scope, routes: Sequence[BaseRoute] = ()) -> str:
    """The route's template ("/api/meetings/{meeting_id}"), or "unmatched" for a 404. A request refused
    before routing (401, 413) is matched against `routes` here, so it is counted under its route too."""
    route = scope.get("route") or next((r for r in routes if r.matches(scope)[0] is Match.FULL), None)
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else "unmatched"


def request_id(headers: Headers) -> str:
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def add_metrics_route(app: FastAPI, metrics: Metrics) -> None:
    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        """Prometheus text exposition of the app's registry."""
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)


def json_formatter() -> logging.Formatter:
    """One JSON object per line: time, level, logger, message and the record's extra fields."""
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )


#: Human-readable log lines for a console.
TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class DropColourMessage(logging.Filter):
    """uvicorn attaches `color_message` (its message with ANSI colour codes) to records; a log line
    must not carry raw escape codes, so the copy is dropped and the plain `message` is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)
        return True


def wants_json(log_format: str, stream: object | None = None) -> bool:
    """JSON when asked for, or with `auto` when stderr is not a terminal (a service manager, a pipe)."""
    stream = sys.stderr if stream is None else stream
    if log_format == "auto":
        return not (hasattr(stream, "isatty") and stream.isatty())
    return log_format == "json"


def configure_logging(level: int = logging.INFO, log_format: str = "auto") -> None:
    """Send every log record (ours and uvicorn's) to stderr, readable text on a terminal and JSON
    lines otherwise (`PROTOKOLLET_LOG_FORMAT`: auto, text or json); called by `protokollet serve`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(DropColourMessage())
    handler.setFormatter(json_formatter() if wants_json(log_format) else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
        logger.setLevel(logging.NOTSET)  # an earlier uvicorn.Config may have raised it: follow the root
