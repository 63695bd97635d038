"""`protokollet serve`: the API and the web page on one port."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import typer

from protokollet.cli import app
from protokollet.settings import get_settings

KEEP_ALIVE_S = 75


def page_url(host: str, port: int) -> str:
    """The address to open in a browser (IPv6 hosts in brackets)."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def bind(host: str, port: int) -> socket.socket:
    """Bind the listening socket ourselves, so a taken port is one clear line before anything loads."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        typer.secho(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", fg="red", err=True)
        raise typer.Exit(1) from None
    return sock


@app.command("serve")
def serve(
    host: str | None = typer.Option(
        None, "--host", help="Interface to listen on (default: PROTOKOLLET_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(
        None, "--port", min=1, max=65535, help="Port to listen on (default: PROTOKOLLET_PORT, 8000)."
    ),
) -> None:
    """Serve the API (docs at /docs) and the web page (at /) until Ctrl+C.

    Logs one JSON line per request to stderr (no question text, no tokens); Prometheus metrics at
    /metrics. With PROTOKOLLET_REQUIRE_TOKEN_FOR_READS=true, /api/* and /metrics need the token.
    """
    import uvicorn

    from protokollet.evals.web import router as evals_router
    from protokollet.service.api import create_app
    from protokollet.service.observability import configure_logging
    from protokollet.store.open import open_store

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    open_store(settings).close()  # a database this version cannot read fails here, as one line
    sock = bind(host, port)
    typer.echo(f"Protokollet: starting on {host}:{port}, loading the embedding model and index ...")
    # The evals layer sits above the service: its router is handed in, so the service never imports it.
    application = create_app(settings, routers=[evals_router])
    # Text or JSON log lines; uvicorn's own access log is off: it would print questions from query strings.
    configure_logging(log_format=settings.log_format)
    # Idle connections stay open longer than the 5 s default: a client (or proxy) reusing a connection
    # just as the server closes it sees a dropped request (measured once under load); 75 s outlasts
    # common load balancers' idle timeouts, so they close first.
    config = uvicorn.Config(
        application,
        log_level="info",
        log_config=None,
        access_log=False,
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    server = uvicorn.Server(config)
    url = page_url(host, port)
    # The address is printed once the server answers, not before: a click on it must not fail.
    threading.Thread(target=_announce_when_ready, args=(server, url), daemon=True).start()
    server.run(sockets=[sock])


def _announce_when_ready(server: Any, url: str, poll_s: float = 0.1) -> None:
    while not server.should_exit:
        if server.started:
            typer.echo(f"Protokollet: ready, open {url} (API docs at {url}docs); Ctrl+C stops the server.")
            return
        time.sleep(poll_s)
