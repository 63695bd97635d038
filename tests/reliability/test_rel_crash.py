"""Crash consistency (issue 10, 3b): `protokollet ingest` and `protokollet index` killed with SIGKILL at
seeded random points, then restarted; after every kill and every restart the database and the index
are checked with plain SQL and the snapshot reader, never with the code that wrote them.

What must hold: `PRAGMA integrity_check` and `foreign_key_check` are clean; every stored document is
complete (its meetings, items and paragraphs count exactly what a clean ingest of that file gives) or
absent; CURRENT names a complete `v-` version (never a `.tmp-` build) that loads; once a restarted
index run completes, its paragraphs are exactly the store's and no build leftovers remain.

CI runs 6 kill points (every kind once, one at random); more from a separate command:
`PROTOKOLLET_CRASH_POINTS=40 pytest tests/reliability/test_rel_crash.py` (`PROTOKOLLET_CRASH_SEED` for
another schedule).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rel_support import (
    SAMPLE_DIR,
    DocumentCounts,
    document_counts,
    integrity_problems,
    report,
    serving_pointer,
    shifted_minutes,
    stored_paragraph_ids,
)

from protokollet.index.snapshot import TMP_PREFIX, VERSION_PREFIX, load_snapshot, paragraph_fingerprint
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
PROTOKOLLET = str(Path(sys.executable).parent / "protokollet")
SUMMARY = "crash points (issue 10, 3b)"
RUN_TIMEOUT_S = 600


def variant(source: Path, version: int) -> bytes:
    """Version `version` of a sample file: its dates moved and one line added, so it is new text."""
    text = shifted_minutes(source.read_text(encoding="utf-8"), version)
    return (text.rstrip("\n") + f"\n\nJusterat i version {version}.\n").encode("utf-8")


def reference_counts(
    settings_for: Callable[[Path], Settings], folder: Path, files: dict[str, bytes]
) -> dict[str, DocumentCounts]:
    """sha256 → counts of each file ingested alone into a fresh store (what "complete" means)."""
    from protokollet.ingest.pipeline import ingest_paths
    from protokollet.store.open import open_store

    counts: dict[str, DocumentCounts] = {}
    for n, (name, data) in enumerate(files.items()):
        place = folder / f"ref-{n}"
        (place / "src").mkdir(parents=True)
        (place / "src" / name).write_bytes(data)
        settings = settings_for(place / "data")
        store = open_store(settings)
        try:
            outcome = ingest_paths([place / "src" / name], store, progress=False).files[0]
            assert outcome.status == "added" and outcome.paragraphs > 0, outcome
        finally:
            store.close()
        counts.update({sha: c for (_, sha), c in document_counts(settings.resolved_database_path).items()})
    return counts


@dataclass
class Run:
    """A CLI process whose stderr is read as it comes, so a kill can wait for a phase to begin."""

    process: subprocess.Popen[bytes]
    stderr: bytearray = field(default_factory=bytearray)

    @classmethod
    def start(cls, args: list[str], env: dict[str, str]) -> Run:
        process = subprocess.Popen(
            [PROTOKOLLET, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        run = cls(process)
        threading.Thread(target=run._drain, daemon=True).start()
        return run

    def _drain(self) -> None:
        assert self.process.stderr is not None
        while chunk := self.process.stderr.read1(4096):  # type: ignore[attr-defined]
            self.stderr.extend(chunk)

    def wait_for(self, marker: bytes, timeout_s: float = RUN_TIMEOUT_S) -> bool:
        """True once `marker` has appeared on stderr; False when the process ended first."""
        deadline = time.monotonic() + timeout_s
        while marker not in self.stderr:
            if self.process.poll() is not None or time.monotonic() > deadline:
                return marker in self.stderr
            time.sleep(0.01)
        return True

    def wait_for_path(self, folder: Path, prefix: str) -> bool:
        """True once an entry named `prefix*` exists in `folder`; False when the process ended first."""
        while self.process.poll() is None:
            if folder.exists() and any(p.name.startswith(prefix) for p in folder.iterdir()):
                return True
            time.sleep(0.002)
        return False

    def kill(self) -> str:
        """SIGKILL now; says whether the kill struck or the run had already finished (and how)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        code = self.process.wait(timeout=60)
        if code == -signal.SIGKILL:
            return "killed"
        return f"finished first (exit {code})"


def run_to_end(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [PROTOKOLLET, *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S
    )
    assert result.returncode == 0, f"restart `{' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr


def store_problems(
    database: Path, reference: dict[str, DocumentCounts], expect: dict[str, str] | None
) -> list[str]:
    """Inconsistencies of the database: integrity, and documents that are not complete.

    `expect` (source path → sha256) additionally requires exactly those documents, after a run completed."""
    if not database.exists():
        return [] if expect is None else ["no database after a completed ingest"]
    problems = integrity_problems(database)
    stored = document_counts(database)
    for (source, sha), counts in stored.items():
        if sha not in reference:
            problems.append(f"{Path(source).name}: unknown content {sha[:12]}")
        elif counts != reference[sha]:
            problems.append(f"{Path(source).name}: partly stored {counts} != {reference[sha]}")
    if expect is not None and {source: sha for source, sha in stored} != expect:
        problems.append(f"documents after the restart: {sorted(stored)} != {sorted(expect.items())}")
    return problems


def index_problems(settings: Settings, *, complete: bool) -> list[str]:
    """Inconsistencies of the index: what CURRENT names must be a complete version that loads; when
    `complete` (a run finished) it must also hold exactly the stored paragraphs, with no leftovers."""
    index_dir = settings.resolved_index_dir
    pointer = serving_pointer(settings)
    if pointer is None:
        return ["no index after a completed run"] if complete else []
    if not pointer.startswith(VERSION_PREFIX) or not (index_dir / pointer / "manifest.json").is_file():
        return [f"CURRENT names {pointer!r}, not a complete version"]
    try:
        snapshot = load_snapshot(index_dir, settings.model)
    except Exception as exc:
        return [f"the serving index does not load: {type(exc).__name__}: {exc}"]
    problems: list[str] = []
    indexed = set(snapshot.paragraphs)
    if snapshot.manifest.paragraph_fingerprint != paragraph_fingerprint(indexed):
        problems.append("manifest fingerprint does not match the indexed paragraphs")
    if {chunk.paragraph_id for chunk in snapshot.chunks} != indexed:
        problems.append("chunks and paragraphs of the snapshot disagree")
    if complete:
        stored = stored_paragraph_ids(settings.resolved_database_path)
        if indexed != stored:
            problems.append(f"index ≠ store: {len(indexed - stored)} extra, {len(stored - indexed)} missing")
        leftovers = [p.name for p in index_dir.iterdir() if p.name.startswith(TMP_PREFIX)]
        if leftovers:
            problems.append(f"build leftovers after a completed run: {leftovers}")
    return problems


def test_kill_9_at_random_points_leaves_store_and_index_consistent(
    tmp_path: Path, settings_with_model: Callable[[Path], Settings]
) -> None:
    rng = random.Random(SEED)
    settings = settings_with_model(tmp_path / "data")
    sources = tmp_path / "minutes"
    sources.mkdir()
    env = {
        **os.environ,
        "PROTOKOLLET_DATA_DIR": str(settings.data_dir),
        "PROTOKOLLET_EMBED_BATCH_SIZE": "8",
        "NO_COLOR": "1",
    }
    database = settings.resolved_database_path
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
            run.wait_for_path(settings.resolved_index_dir, TMP_PREFIX)
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
        report(SUMMARY, f"point {point + 1:>2}: {kind:<22} {outcome:<22} {len(found)} inconsistencies")
        inconsistencies += [f"point {point + 1} ({kind}): {p}" for p in found]

    run_to_end(index, env)
    inconsistencies += [f"final index: {p}" for p in index_problems(settings, complete=True)]
    killed = sum(outcome == "killed" for outcome in struck)
    report(
        SUMMARY,
        f"{tried} kill points tried ({killed} struck a running process); "
        f"{len(inconsistencies)} inconsistencies",
    )
    assert not inconsistencies, "\n".join(inconsistencies)
    assert killed >= tried // 2, f"most kills came too late to strike: {struck}"
