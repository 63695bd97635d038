"""Bounded load against a local Protokollet server: N clients for T seconds mixing search, ask and agenda.

Run: `python -m protokollet.bench.load --url http://127.0.0.1:8000 --clients 32 --seconds 60`.
Each client is a closed loop (send, wait for the answer, send the next), so `--clients` is the number of
requests in flight. Questions come from an eval set (default dev.jsonl), so the mix looks like real use.
Only 127.0.0.1 / localhost are accepted: this is a measuring tool, never a way to flood someone's server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
import typer
from pydantic import BaseModel
from tqdm import tqdm

from protokollet.errors import NotLocal, ProtokolletError
from protokollet.stats import percentiles

Kind = Literal["search", "ask", "agenda"]
KINDS: tuple[Kind, ...] = ("search", "ask", "agenda")
#: How often each kind is picked: most traffic is search and ask; agenda preparation is rarer and heavier.
DEFAULT_WEIGHTS: dict[Kind, float] = {"search": 0.45, "ask": 0.45, "agenda": 0.10}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
#: Agenda items per generated agenda (each item runs its own searches on the server).
AGENDA_ITEMS = 3


@dataclass(frozen=True)
class Outcome:
    """One finished request: its kind, how long it took and, when it failed, why (status or exception)."""

    kind: Kind
    seconds: float
    error: str | None = None


class KindFigures(BaseModel):
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float


class LoadReport(BaseModel):
    """What one run measured; printed as a table and written as JSON."""

    url: str
    clients: int
    seconds: float
    elapsed_s: float
    requests: int
    throughput_rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    errors_by_kind: dict[str, int]
    by_kind: dict[str, KindFigures]
    started: dt.datetime
    seed: int


def check_local(url: str) -> str:
    """`url` without a trailing slash when it names this machine over http(s); otherwise `NotLocal`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise NotLocal(f"{url!r}: give an http:// URL of the local server")
    if (parts.hostname or "").lower() not in LOCAL_HOSTS:
        raise NotLocal(f"{url!r}: only 127.0.0.1 or localhost may be load-tested")
    return url.rstrip("/")


def load_questions(eval_set: str = "dev") -> list[str]:
    """The questions of an eval set (name or path), in file order."""
    from protokollet.evals.runner import load_eval_set

    return [question.question for question in load_eval_set(eval_set).questions]


def agenda_text(titles: Sequence[str]) -> str:
    """A small kallelse for a coming meeting whose items are `titles` (what /api/agenda is sent)."""
    items = "\n\n".join(f"§ {n} {title}" for n, title in enumerate(titles, start=1))
    return f"Kallelse Kommunstyrelsen\nSammanträdesdatum 2099-01-15\n\n{items}\n"


def plan_request(kind: Kind, questions: Sequence[str], rng: random.Random) -> tuple[str, str, dict[str, Any]]:
    """(method, path, httpx keyword arguments) of one request of `kind` drawn from `questions`."""
    if kind == "search":
        return "GET", "/api/search", {"params": {"q": rng.choice(questions), "k": 10}}
    if kind == "ask":
        return "POST", "/api/ask", {"json": {"question": rng.choice(questions)}}
    titles = rng.sample(list(questions), k=min(AGENDA_ITEMS, len(questions)))
    return "POST", "/api/agenda", {"json": {"text": agenda_text(titles)}}


def _percentiles_ms(seconds: Sequence[float]) -> tuple[float, float, float]:
    p50, p95, p99 = percentiles((s * 1000.0 for s in seconds), [50, 95, 99])
    return round(p50, 1), round(p95, 1), round(p99, 1)


def summarise(
    outcomes: Sequence[Outcome],
    *,
    url: str,
    clients: int,
    seconds: float,
    elapsed_s: float,
    started: dt.datetime,
    seed: int,
) -> LoadReport:
    """The figures of a run from its request outcomes (latencies of failed requests count too)."""
    p50, p95, p99 = _percentiles_ms([o.seconds for o in outcomes])
    by_kind: dict[str, KindFigures] = {}
    for kind in KINDS:
        mine = [o for o in outcomes if o.kind == kind]
        k50, k95, k99 = _percentiles_ms([o.seconds for o in mine])
        by_kind[kind] = KindFigures(
            requests=len(mine),
            errors=sum(o.error is not None for o in mine),
            p50_ms=k50,
            p95_ms=k95,
            p99_ms=k99,
        )
    errors = Counter(f"{o.kind}: {o.error}" for o in outcomes if o.error is not None)
    return LoadReport(
        url=url,
        clients=clients,
        seconds=seconds,
        elapsed_s=round(elapsed_s, 2),
        requests=len(outcomes),
        throughput_rps=round(len(outcomes) / elapsed_s, 2) if elapsed_s > 0 else 0.0,
        p50_ms=p50,
        p95_ms=p95,
        p99_ms=p99,
        errors=sum(errors.values()),
        errors_by_kind=dict(sorted(errors.items())),
        by_kind=by_kind,
        started=started,
        seed=seed,
    )


async def _one_client(
    number: int,
    http: httpx.AsyncClient,
    questions: Sequence[str],
    rng: random.Random,
    weights: dict[Kind, float],
    keep_going: _Deadline,
    outcomes: list[Outcome],
) -> None:
    kinds = list(weights)
    chances = [weights[kind] for kind in kinds]
    sent = 0
    while sent == 0 or keep_going():  # one request each at least, however late the client starts
        # Clients start on different kinds, so even a short run sends every kind; then at random.
        kind = kinds[number % len(kinds)] if sent == 0 else rng.choices(kinds, chances)[0]
        sent += 1
        method, path, kwargs = plan_request(kind, questions, rng)
        began = time.perf_counter()
        error: str | None = None
        try:
            response = await http.request(method, path, **kwargs)
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        outcomes.append(Outcome(kind, time.perf_counter() - began, error))


class _Deadline:
    """True while clients should send more: before the deadline and until `stop` (if any) is set."""

    def __init__(self, seconds: float, stop: asyncio.Event | None) -> None:
        self.end = time.monotonic() + seconds
        self.stop = stop

    def __call__(self) -> bool:
        return time.monotonic() < self.end and not (self.stop is not None and self.stop.is_set())


async def _tick(bar: Any, keep_going: _Deadline, outcomes: list[Outcome]) -> None:
    while keep_going():
        await asyncio.sleep(1.0)
        bar.update(1)
        bar.set_postfix(requests=len(outcomes), errors=sum(o.error is not None for o in outcomes))


async def run_load(
    url: str,
    *,
    clients: int,
    seconds: float,
    questions: Sequence[str],
    token: str | None = None,
    seed: int = 0,
    weights: dict[Kind, float] | None = None,
    timeout_s: float = 120.0,
    stop: asyncio.Event | None = None,
    progress: bool = False,
) -> LoadReport:
    """`clients` closed-loop clients against `url` for `seconds` (or until `stop` is set, if sooner).

    Requests in flight at the end are waited for and counted. `token` is sent as the Bearer token,
    for servers that keep reads behind it."""
    base = check_local(url)
    if clients < 1 or seconds <= 0 or not questions:
        raise ValueError("need at least one client, a positive duration and some questions")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    outcomes: list[Outcome] = []
    keep_going = _Deadline(seconds, stop)
    started = dt.datetime.now(dt.UTC)
    began = time.perf_counter()
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=timeout_s, trust_env=False
    ) as http:
        workers = [
            _one_client(
                n,
                http,
                questions,
                random.Random(seed * 1000 + n),
                weights or DEFAULT_WEIGHTS,
                keep_going,
                outcomes,
            )
            for n in range(clients)
        ]
        with tqdm(total=int(seconds), desc="Load", unit="s", disable=not progress) as bar:
            ticker = asyncio.create_task(_tick(bar, keep_going, outcomes))
            await asyncio.gather(*workers)
            ticker.cancel()
    return summarise(
        outcomes,
        url=base,
        clients=clients,
        seconds=seconds,
        elapsed_s=time.perf_counter() - began,
        started=started,
        seed=seed,
    )


def format_report(report: LoadReport) -> str:
    """The figures as a small plain-text table."""
    lines = [
        f"url {report.url}  clients {report.clients}  duration {report.elapsed_s:.1f} s  seed {report.seed}",
        f"{'kind':<8} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
    ]
    for kind, figures in report.by_kind.items():
        lines.append(
            f"{kind:<8} {figures.requests:>8} {figures.errors:>6} "
            f"{figures.p50_ms:>8.1f} {figures.p95_ms:>8.1f} {figures.p99_ms:>8.1f}"
        )
    lines.append(
        f"{'all':<8} {report.requests:>8} {report.errors:>6} "
        f"{report.p50_ms:>8.1f} {report.p95_ms:>8.1f} {report.p99_ms:>8.1f}"
    )
    lines.append(f"throughput {report.throughput_rps:.2f} requests/s")
    errors = ", ".join(f"{kind} × {n}" for kind, n in report.errors_by_kind.items()) or "none"
    lines.append(f"errors: {errors}")
    return "\n".join(lines)


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(
    url: str = typer.Option(..., "--url", help="Base URL of the local server (127.0.0.1 or localhost only)."),
    clients: int = typer.Option(32, "--clients", min=1, max=1024, help="Concurrent clients."),
    seconds: float = typer.Option(60.0, "--seconds", min=1.0, max=3600.0, help="How long to send."),
    eval_set: str = typer.Option("dev", "--set", help="Eval set (name or path) the questions come from."),
    token: str | None = typer.Option(
        None, "--token", envvar="PROTOKOLLET_API_TOKEN", help="Bearer token, when reads need it."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed for the request mix."),
    out: Path = typer.Option(Path("load-report.json"), "--out", help="Where the JSON report is written."),
) -> None:
    """Send search, ask and agenda requests from N clients for a fixed time; print and save the figures."""
    try:
        base = check_local(url)
        questions = load_questions(eval_set)
    except ProtokolletError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    report = asyncio.run(
        run_load(
            base, clients=clients, seconds=seconds, questions=questions, token=token, seed=seed, progress=True
        )
    )
    typer.echo(format_report(report))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n", "utf-8")
    typer.echo(f"Wrote {out}")
    if report.requests == 0:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
