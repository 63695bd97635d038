"""The app's ASGI middlewares, in the order a request passes them (outermost first):

- `RequestObserver` times, counts and logs every request and tags it with an id (`observability.py` holds
  the metrics and the log line), so refused requests below it are logged and counted too;
- `ReadAccess` answers 401/403 to `/api/*` and `/metrics` without the token when reads are restricted
  (`auth.py` holds the token check);
- `PageHeaders` puts the security headers on the page and its static files;
- `BodySizeLimit` refuses request bodies over their path's limit (413) before anything parses them.

All are plain ASGI classes, not `@app.middleware("http")`: that wrapper runs every request through an
extra task and streams (measured on the hot path). `add_middlewares` adds them in that order.
"""

from __future__ import annotations

import time

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protokollet.service.auth import CHALLENGE, READS_DISABLED, authorize, bearer_token, is_protected_read
from protokollet.service.observability import (
    REQUEST_ID_HEADER,
    Metrics,
    access_log,
    request_id,
    route_template,
)
from protokollet.settings import Settings

#: Request bodies above these sizes are refused with 413 before they are parsed.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_AGENDA_BYTES = 20 * 1024 * 1024
MAX_OTHER_BYTES = 256 * 1024
#: The page loads nothing from elsewhere and runs no inline script: markup smuggled into a quote stays inert.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class RequestObserver:
    """Outermost middleware: times every request, counts it, logs it as one line, tags it with an id."""

    def __init__(self, app: ASGIApp, metrics: Metrics, router: Router) -> None:
        self.app = app
        self.metrics = metrics
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id(Headers(scope=scope))
        status = 500  # stays so when the app raises before answering (the server then sends a 500)

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, rid)
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope, self.router.routes)
            self.metrics.observe(scope["method"], route, status, seconds)
            client = scope.get("client")
            access_log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "latency_ms": round(seconds * 1000, 1),
                    "client": client[0] if client else None,
                    "request_id": rid,
                },
            )


class ReadAccess:
    """Middleware: with reads restricted, `/api/*` and `/metrics` answer 401/403 without the token."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and self.settings.require_token_for_reads
            and is_protected_read(scope["path"])
        ):
            presented = bearer_token(Headers(scope=scope).get("authorization"))
            denied = authorize(self.settings, presented, READS_DISABLED)
            if denied is not None:
                headers = CHALLENGE if denied.status == 401 else None
                await JSONResponse({"detail": denied.detail}, denied.status, headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class PageHeaders:
    """Security headers on the page and its static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path != "/" and not path.startswith("/static/"):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = PAGE_CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(Exception):
    """A streamed request body went past its path's limit."""


class BodySizeLimit:
    """Refuses request bodies over a per-path limit (413) before anything parses them, even streamed ones."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def limit_for(path: str) -> int:
        if path.startswith("/api/documents"):
            return MAX_UPLOAD_BYTES
        if path.startswith("/api/agenda"):
            return MAX_AGENDA_BYTES
        return MAX_OTHER_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, limit)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        response = JSONResponse(
            {"detail": f"request body too large (limit {limit // 1024} KiB)"}, status_code=413
        )
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


def add_middlewares(app: FastAPI, settings: Settings, metrics: Metrics) -> None:
    """Add the middlewares to `app`. Each one added wraps those added before it, so the innermost comes
    first: a request meets RequestObserver, ReadAccess, PageHeaders, BodySizeLimit, then the app."""
    app.add_middleware(BodySizeLimit)
    app.add_middleware(PageHeaders)
    app.add_middleware(ReadAccess, settings=settings)
    app.add_middleware(RequestObserver, metrics=metrics, router=app.router)
