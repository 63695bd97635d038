"""A server killed during an upload (issue 20): `protokollet serve` runs as its own process, documents are
posted to `POST /api/documents`, and the server is killed with SIGKILL at seeded random points of the
upload (before the store, during parse, during embedding, during the index swap), then restarted; with
the embedded store and index, and with PostgreSQL holding both. Store and index are judged with plain SQL
and the snapshot reader, never with the code that wrote them.

What must hold at every point:
- after the kill, every document is fully stored (exactly what a clean ingest of the file gives) or absent;
- after the restart, within CATCH_UP_S every stored paragraph is searchable (index = store, and a search
  filtered to each stored upload's meeting date finds it) and /healthz says "ok"; no /healthz answer says
  "ok" while it reports stored paragraphs that are not searchable, and the first "ok" is true by SQL;
- the same upload sent again (the client never saw a response) answers "unchanged" when it had been
  stored (else "added"), and the document is searchable afterwards.

CI runs 4 points per backend (each kind once); more from a separate command:
`PROTOKOLLET_SERVER_CRASH_POINTS=20 pytest tests/reliability/test_rel_server_crash.py`
(`PROTOKOLLET_CRASH_SEED` for another schedule).
"""

from __future__ import annotations

import hashlib
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from rel_support import (
    BACKENDS,
    RUN_TIMEOUT_S,
    SAMPLE_DIR,
    DocumentCounts,
    Run,
    fresh_backend,
    index_problems,
    plain_rows,
    reference_counts,
    report,
    shifted_minutes,
    store_of,
    store_problems,
    wait_for_index_write,
)

from protokollet.settings import Settings

pytestmark = pytest.mark.slow

POINTS = int(os.environ.get("PROTOKOLLET_SERVER_CRASH_POINTS", "4"))
SEED = int(os.environ.get("PROTOKOLLET_CRASH_SEED", "20261203"))
KINDS = ("before store", "during parse", "during embedding", "during index swap")
BASE = [SAMPLE_DIR / "seeds" / name for name in ("002_59249985fcc24532.txt", "004_f91937dbdf8dd34f.txt")]
SOURCE = SAMPLE_DIR / "seeds" / "003_4fd378ccd193ba1d.txt"
TOKEN = "server-crash-operator-token"
#: What the issue allows between a restart and every stored paragraph being searchable.
CATCH_UP_S = 120
SUMMARY = "server killed during uploads (issue 20)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Upload:
    """One POST /api/documents in a thread of its own, so the server can be killed while it runs."""

    url: str
    name: str
    data: bytes
    response: httpx.Response | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._send, daemon=True)
        self.thread.start()

    def _send(self) -> None:
        try:
            self.response = send(self.url, self.name, self.data)
        except httpx.HTTPError as exc:
            self.error = type(exc).__name__


def send(url: str, name: str, data: bytes) -> httpx.Response:
    return httpx.post(
        f"{url}/api/documents",
        files={"file": (name, data, "text/plain")},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=RUN_TIMEOUT_S,
    )


def start_server(env: dict[str, str]) -> tuple[Run, str]:
    """`protokollet serve` on a free port; returns once it answers /healthz (whatever it says)."""
    port = free_port()
    run = Run.start(["serve", "--port", str(port)], env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        assert run.process.poll() is None, f"the server exited:\n{run.stderr.decode(errors='replace')}"
        try:
            httpx.get(f"{url}/healthz", timeout=5)
            return run, url
        except httpx.HTTPError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)


def stored_dates(database: Path | str, sha256: str) -> list[str]:
    """Meeting dates of the stored document with this content (empty when it is not stored)."""
    sql = (
        "SELECT DISTINCT CAST(m.date AS TEXT) FROM meetings m JOIN documents d ON d.id = m.document_id"
        f" WHERE d.sha256 = '{sha256}' AND m.date IS NOT NULL"
    )
    return [str(row[0])[:10] for row in plain_rows(database, sql)]


def is_stored(database: Path | str, sha256: str) -> bool:
    return bool(plain_rows(database, f"SELECT 1 FROM documents WHERE sha256 = '{sha256}'"))


def wait_until(test: Callable[[], bool], run: Run) -> None:
    while run.process.poll() is None and not test():
        time.sleep(0.005)


def wait_for_phase(
    kind: str, rng: random.Random, server: Run, settings: Settings, name: str, sha256: str
) -> None:
    """Wait until the upload of `name` reaches the phase `kind`, plus a seeded random moment."""
    if kind == "before store":
        time.sleep(rng.uniform(0.0, 0.15))
    elif kind == "during parse":  # the file is saved just before the parse begins
        uploaded = settings.data_dir / "uploads"
        wait_until(lambda: any(uploaded.glob(f"*/{name}")), server)
        time.sleep(rng.uniform(0.0, 0.2))
    elif kind == "during embedding":  # the document is committed just before the index build begins
        wait_until(lambda: is_stored(store_of(settings), sha256), server)
        time.sleep(rng.uniform(0.0, 0.5))
    else:
        wait_for_index_write(server, settings)


def catch_up(url: str, settings: Settings) -> tuple[float | None, list[str]]:
    """Poll /healthz until "ok": (seconds it took or None, problems seen on the way)."""
    problems: list[str] = []
    started = time.monotonic()
    while time.monotonic() - started < CATCH_UP_S:
        health: dict[str, Any] = httpx.get(f"{url}/healthz", timeout=30).json()
        if health["status"] == "ok":
            if health["unindexed_paragraphs"] or health["index_lag"]:
                problems.append(f"/healthz says ok with a lag: {health}")
            problems += [f"/healthz said ok but {p}" for p in index_problems(settings, complete=True)]
            return time.monotonic() - started, problems
        if not health["unindexed_paragraphs"] and not health["index_lag"] and health["status"] != "indexing":
            problems.append(f"/healthz not ok without a lag: {health}")
        time.sleep(0.2)
    return None, [*problems, f"not caught up within {CATCH_UP_S} s"]


def unsearchable(url: str, database: Path | str, uploads: dict[str, bytes]) -> list[str]:
    """Stored uploads that a search restricted to their meeting dates does not find."""
    missing: list[str] = []
    for name, data in uploads.items():
        for date in stored_dates(database, hashlib.sha256(data).hexdigest()):
            params = {"q": "beslut", "date_from": date, "date_to": date, "k": 3}
            hits = httpx.get(f"{url}/api/search", params=params, timeout=60).json()["hits"]
            if not hits:
                missing.append(f"{name} ({date}) is stored but no search finds it")
    return missing


@pytest.mark.parametrize("backend", BACKENDS)
def test_server_killed_during_uploads_catches_up_by_itself(
    backend: str,
    tmp_path: Path,
    settings_with_model: Callable[[Path], Settings],
    request: pytest.FixtureRequest,
) -> None:
    from protokollet.index.build import build_index
    from protokollet.index.embed.embedder import Embedder
    from protokollet.ingest.pipeline import ingest_paths
    from protokollet.store.open import open_store

    rng = random.Random(SEED)
    settings, env = fresh_backend(
        backend,
        tmp_path / "data",
        settings_with_model,
        request,
        PROTOKOLLET_API_TOKEN=TOKEN,
        PROTOKOLLET_EMBED_BATCH_SIZE="4",  # more, shorter embedding calls: the kill lands among them
        PROTOKOLLET_LOG_FORMAT="text",
    )
    database = store_of(settings)
    embedder: Embedder = request.getfixturevalue("embedder")
    store = open_store(settings)
    try:
        ingest_paths(BASE, store, progress=False)
        build_index(settings, store, embedder, progress=False)
    finally:
        store.close()

    text = SOURCE.read_text(encoding="utf-8")
    uploads = {f"protokoll-{n}.txt": shifted_minutes(text, 50 + n).encode("utf-8") for n in range(POINTS)}
    base = {path.name: path.read_bytes() for path in BASE}
    reference: dict[str, DocumentCounts] = reference_counts(
        settings_with_model, tmp_path / "ref", {**base, **uploads}
    )

    server, url = start_server(env)
    inconsistencies: list[str] = []
    outcomes: list[str] = []
    try:
        for point, (name, data) in enumerate(uploads.items()):
            kind = KINDS[point % len(KINDS)] if point < len(KINDS) else rng.choice(KINDS)
            sha256 = hashlib.sha256(data).hexdigest()
            upload = Upload(url, name, data)
            wait_for_phase(kind, rng, server, settings, name, sha256)
            struck = server.kill()
            upload.thread.join(60)
            stored = is_stored(database, sha256)
            behind = bool(index_problems(settings, complete=True))
            state = "absent" if not stored else "stored, not indexed" if behind else "stored and indexed"
            outcomes.append(struck)

            found = [f"after kill: {p}" for p in store_problems(database, reference, None)]
            found += [f"after kill: {p}" for p in index_problems(settings, complete=False)]
            server, url = start_server(env)
            seconds, problems = catch_up(url, settings)
            found += [f"after restart: {p}" for p in problems]
            found += unsearchable(url, database, {n: uploads[n] for n in list(uploads)[: point + 1]})

            retry = send(url, name, data)  # the client saw no response: it sends the file again
            expected = "unchanged" if stored else "added"
            if retry.status_code != 200 or retry.json()["status"] != expected:
                found.append(f"retry: {retry.status_code} {retry.text[:200]} (expected {expected})")
            found += [f"after retry: {p}" for p in index_problems(settings, complete=True)]
            found += [f"after retry: {p}" for p in unsearchable(url, database, {name: data})]
            took = f"{seconds:.1f} s" if seconds is not None else "never"
            report(
                SUMMARY,
                f"{backend}, point {point + 1:>2}: {kind:<18} {struck:<20} {state:<20}"
                f" ok after {took:<7} {len(found)} inconsistencies",
            )
            inconsistencies += [f"point {point + 1} ({kind}): {p}" for p in found]
    finally:
        server.kill()
    killed = sum(outcome == "killed" for outcome in outcomes)
    report(
        SUMMARY,
        f"{backend}: {len(outcomes)} kill points ({killed} struck the running server); "
        f"{len(inconsistencies)} inconsistencies",
    )
    assert not inconsistencies, "\n".join(inconsistencies)
    assert killed == len(outcomes), outcomes
