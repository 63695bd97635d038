"""Crash consistency (issue 10, 3b; PostgreSQL since issue 20): `protokollet ingest` and `protokollet
index` killed with SIGKILL at seeded random points, then restarted, with the embedded store and index and
with PostgreSQL holding both; after every kill and every restart the database and the index are checked
with plain SQL and the snapshot reader, never with the code that wrote them.

What must hold: `PRAGMA integrity_check` and `foreign_key_check` are clean (PostgreSQL: no row without
its parent); every stored document is complete (its meetings, items and paragraphs count exactly what a
clean ingest of that file gives) or absent; CURRENT names a complete `v-` version (never a `.tmp-`
build) that loads (PostgreSQL: one version row, and every chunk's paragraph stored); once a restarted
index run completes, its paragraphs are exactly the store's and no build leftovers remain.

CI runs 6 kill points per backend (every kind once, one at random); more from a separate command:
`PROTOKOLLET_CRASH_POINTS=40 pytest tests/reliability/test_rel_crash.py` (`PROTOKOLLET_CRASH_SEED` for
another schedule).
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rel_support import (
    BACKENDS,
    PROTOKOLLET,
    RUN_TIMEOUT_S,
    SAMPLE_DIR,
    Run,
    fresh_backend,
    index_problems,
    reference_counts,
    report,
    shifted_minutes,
    store_of,
    store_problems,
    wait_for_index_write,
)

from protokollet.settings import Settings

pytestmark = pytest.mark.slow

CRASH_POINTS = int(os.environ.get("PROTOKOLLET_CRASH_POINTS", "6"))
SEED = int(os.environ.get("PROTOKOLLET_CRASH_SEED", "20261125"))
SOURCES = [SAMPLE_DIR / "seeds" / name for name in ("002_59249985fcc24532.txt", "003_4fd378ccd193ba1d.txt")]
SOURCES.append(SAMPLE_DIR / "seeds" / "004_f91937dbdf8dd34f.txt")
#: Where in a run each kind of kill point strikes.
KINDS = (
    "ingest at start",
    "ingest mid-run",
    "index at start",
    "index while embedding",
    "index while writing",
)
SUMMARY = "crash points (issue 10, 3b)"


def variant(source: Path, version: int) -> bytes:
    """Version `version` of a sample file: its dates moved and one line added, so it is new text."""
    text = shifted_minutes(source.read_text(encoding="utf-8"), version)
    return (text.rstrip("\n") + f"\n\nJusterat i version {version}.\n").encode("utf-8")


def run_to_end(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [PROTOKOLLET, *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S
    )
    assert result.returncode == 0, f"restart `{' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_kill_9_at_random_points_leaves_store_and_index_consistent(
    backend: str,
    tmp_path: Path,
    settings_with_model: Callable[[Path], Settings],
    request: pytest.FixtureRequest,
) -> None:
    rng = random.Random(SEED)
    settings, env = fresh_backend(
        backend, tmp_path / "data", settings_with_model, request, PROTOKOLLET_EMBED_BATCH_SIZE="8"
    )
    sources = tmp_path / "minutes"
    sources.mkdir()
    database = store_of(settings)
    versions = {source.name: 0 for source in SOURCES}
    contents = {source.name: variant(source, 0) for source in SOURCES}
    reference = reference_counts(settings_with_model, tmp_path / "reference", contents)
    for name, data in contents.items():
        (sources / name).write_bytes(data)
    ingest, index = ["ingest", str(sources)], ["index"]
    run_to_end(ingest, env)  # the first index point builds from nothing, later ones incrementally

    tried = 0
    struck: list[str] = []
    inconsistencies: list[str] = []
    for point in range(CRASH_POINTS):
        kind = KINDS[point % len(KINDS)] if point < len(KINDS) else rng.choice(KINDS)
        # A new version of one file: the ingest replaces it, the index embeds its text anew.
        for source in rng.sample(SOURCES, k=1):
            versions[source.name] += 1
            contents[source.name] = variant(source, versions[source.name])
        new = {
            name: data for name, data in contents.items() if hashlib.sha256(data).hexdigest() not in reference
        }
        reference.update(reference_counts(settings_with_model, tmp_path / f"reference-{point}", new))
        for name, data in contents.items():
            (sources / name).write_bytes(data)
        if kind.startswith("index"):
            run_to_end(ingest, env)

        run = Run.start(ingest if kind.startswith("ingest") else index, env)
        if kind.endswith("at start"):
            time.sleep(rng.uniform(0.0, 0.5))
        elif kind == "ingest mid-run":
            run.wait_for(b"Ingesting")
            time.sleep(rng.uniform(0.0, 1.0))
        elif kind == "index while embedding":
            run.wait_for(b"Embedding")
            time.sleep(rng.uniform(0.0, 2.0))
        else:
            wait_for_index_write(run, settings)
        outcome = run.kill()
        tried += 1
        struck.append(outcome)

        found = [f"after kill: {p}" for p in store_problems(database, reference, None)]
        found += [f"after kill: {p}" for p in index_problems(settings, complete=False)]
        run_to_end(ingest if kind.startswith("ingest") else index, env)  # the restart
        expected = {
            str((sources / name).resolve()): hashlib.sha256(data).hexdigest()
            for name, data in contents.items()
        }
        found += [f"after restart: {p}" for p in store_problems(database, reference, expected)]
        # After an ingest point the index catches up at the next index point (or at the end).
        found += [f"after restart: {p}" for p in index_problems(settings, complete=kind.startswith("index"))]
        report(
            SUMMARY, f"{backend}, point {point + 1:>2}: {kind:<22} {outcome:<22} {len(found)} inconsistencies"
        )
        inconsistencies += [f"point {point + 1} ({kind}): {p}" for p in found]

    run_to_end(index, env)
    inconsistencies += [f"final index: {p}" for p in index_problems(settings, complete=True)]
    killed = sum(outcome == "killed" for outcome in struck)
    report(
        SUMMARY,
        f"{backend}: {tried} kill points tried ({killed} struck a running process); "
        f"{len(inconsistencies)} inconsistencies",
    )
    assert not inconsistencies, "\n".join(inconsistencies)
    assert killed >= tried // 2, f"most kills came too late to strike: {struck}"
