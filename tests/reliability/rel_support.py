"""Helpers shared by the reliability tests: copying a data dir, fingerprinting what is stored, and
reading the SQLite file or the PostgreSQL database directly (never through the code under test) to judge
its consistency."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from pydantic import SecretStr

from protokollet.index.snapshot import (
    POINTER_FILE,
    TMP_PREFIX,
    VERSION_PREFIX,
    current_version,
    load_snapshot,
    paragraph_fingerprint,
)
from protokollet.settings import Settings

#: Every table of the schema, parents first.
TABLES = ("documents", "meetings", "agenda_items", "paragraphs")
REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO / "data" / "sample"
PROTOKOLLET = str(Path(sys.executable).parent / "protokollet")
#: Longest a CLI run or a server start may take in these tests.
RUN_TIMEOUT_S = 600
#: PostgreSQL: stored paragraphs without a chunk in the index tables (not searchable).
UNINDEXED_SQL = (
    "SELECT count(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.paragraph_id = p.id)"
)


def copy_data_dir(source: Settings, target: Path, **overrides: Any) -> Settings:
    """A writable copy of `source`'s data dir (database, index, model link) with settings `overrides`."""
    shutil.copytree(source.data_dir, target, symlinks=True)
    return Settings(data_dir=target, **overrides)


def read_only(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True)


def data_fingerprint(settings: Settings) -> str:
    """A hash of every stored row, the serving index version and the files kept under uploads/:
    equal before and after a request means the request changed nothing that is stored."""
    digest = hashlib.sha256()
    database = settings.resolved_database_path
    if database.exists():
        with closing(read_only(database)) as conn:
            for table in TABLES:
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY id"):
                    digest.update(repr(tuple(row)).encode("utf-8"))
    digest.update(f"index:{current_version(settings.resolved_index_dir)}".encode())
    uploads = settings.data_dir / "uploads"
    if uploads.exists():
        for path in sorted(p for p in uploads.rglob("*") if p.is_file()):
            digest.update(f"upload:{path.relative_to(uploads)}:{path.stat().st_size}".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class DocumentCounts:
    """What one stored document holds: meetings, agenda items and paragraphs."""

    meetings: int
    items: int
    paragraphs: int


def plain_rows(database: Path | str, sql: str) -> list[Sequence[Any]]:
    """Rows of `sql` read directly from a SQLite file (Path) or a PostgreSQL database (URL)."""
    if isinstance(database, str):
        with psycopg.connect(database) as conn:
            return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]
    with closing(read_only(database)) as conn:
        return list(conn.execute(sql))


def store_of(settings: Settings) -> Path | str:
    """Where `settings` keep the store: the PostgreSQL URL when set, else the SQLite file."""
    return settings.postgres_url or settings.resolved_database_path


def document_counts(database: Path | str) -> dict[tuple[str, str], DocumentCounts]:
    """(source path, sha256) → counts, for every document in the database, read with plain SQL."""
    sql = """
        SELECT d.source_path, d.sha256,
               (SELECT COUNT(*) FROM meetings m WHERE m.document_id = d.id),
               (SELECT COUNT(*) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                 WHERE m.document_id = d.id),
               (SELECT COUNT(*) FROM paragraphs p JOIN agenda_items i ON i.id = p.item_id
                 JOIN meetings m ON m.id = i.meeting_id WHERE m.document_id = d.id)
        FROM documents d
    """
    return {(r[0], r[1]): DocumentCounts(r[2], r[3], r[4]) for r in plain_rows(database, sql)}


def integrity_problems(database: Path | str) -> list[str]:
    """What `PRAGMA integrity_check` and `foreign_key_check` report; empty when the file is sound.

    PostgreSQL enforces its foreign keys itself and has no file to corrupt: rows without parents are
    looked for all the same."""
    if isinstance(database, str):
        orphans = (
            "SELECT 'meeting ' || id FROM meetings m WHERE NOT EXISTS"
            " (SELECT 1 FROM documents d WHERE d.id = m.document_id)"
            " UNION ALL SELECT 'item ' || id FROM agenda_items i WHERE NOT EXISTS"
            " (SELECT 1 FROM meetings m WHERE m.id = i.meeting_id)"
            " UNION ALL SELECT 'paragraph ' || id FROM paragraphs p WHERE NOT EXISTS"
            " (SELECT 1 FROM agenda_items i WHERE i.id = p.item_id)"
        )
        return [f"orphan {row[0]}" for row in plain_rows(database, orphans)]
    with closing(read_only(database)) as conn:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {tuple(row)}" for row in conn.execute("PRAGMA foreign_key_check")]
    return problems


def stored_paragraph_ids(database: Path | str) -> set[str]:
    return {str(row[0]) for row in plain_rows(database, "SELECT id FROM paragraphs")}


def serving_pointer(settings: Settings) -> str | None:
    """The raw content of the index's CURRENT file (None when there is none)."""
    pointer = settings.resolved_index_dir / POINTER_FILE
    return pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None


_YEAR = re.compile(r"\b(19|20)(\d\d)\b")


def shifted_minutes(text: str, years: int) -> str:
    """The same minutes moved `years` later: new dates, so they are new meetings, not duplicates."""
    return _YEAR.sub(lambda m: str(int(m.group(0)) + years), text)


#: Lines the reliability tests want shown after the run (hostile classes, crash points), by heading.
REPORT: dict[str, list[str]] = {}


def report(heading: str, line: str) -> None:
    REPORT.setdefault(heading, []).append(line)


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


def wait_for_index_write(run: Run, settings: Settings) -> bool:
    """Wait until `run` (a CLI index run or a server) writes a new index version: a `.tmp-` build in the
    index dir, or with PostgreSQL the transaction filling `new_chunks`. False when it ended first."""
    url = settings.postgres_url
    if not url:
        return run.wait_for_path(settings.resolved_index_dir, TMP_PREFIX)
    writing = "SELECT 1 FROM pg_stat_activity WHERE query ILIKE '%new_chunks%' AND pid <> pg_backend_pid()"
    while run.process.poll() is None:
        if plain_rows(url, writing):
            return True
        time.sleep(0.005)
    return False


def store_problems(
    database: Path | str, reference: dict[str, DocumentCounts], expect: dict[str, str] | None
) -> list[str]:
    """Inconsistencies of the database: integrity, and documents that are not complete.

    `expect` (source path → sha256) additionally requires exactly those documents, after a run completed."""
    if isinstance(database, Path) and not database.exists():
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
    if settings.postgres_url:
        return postgres_index_problems(settings.postgres_url, complete=complete)
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
        stored = stored_paragraph_ids(store_of(settings))
        if indexed != stored:
            problems.append(f"index ≠ store: {len(indexed - stored)} extra, {len(stored - indexed)} missing")
        leftovers = [p.name for p in index_dir.iterdir() if p.name.startswith(TMP_PREFIX)]
        if leftovers:
            problems.append(f"build leftovers after a completed run: {leftovers}")
    return problems


def postgres_index_problems(url: Path | str, *, complete: bool) -> list[str]:
    """The PostgreSQL index: one version row once built; after a completed run, chunks for exactly the
    stored paragraphs (a chunk can't outlive its paragraph: the foreign key cascades)."""
    versions = len(plain_rows(url, "SELECT version FROM search_index"))
    if versions != 1:
        return [f"{versions} index version rows"] if complete or versions > 1 else []
    if not complete:
        return []
    missing = plain_rows(url, UNINDEXED_SQL)[0][0]
    return [f"index ≠ store: {missing} stored paragraphs have no chunks"] if missing else []


#: The two places store and index can live: the tests that kill processes run on both.
BACKENDS = ["embedded", "postgresql"]


def fresh_backend(
    backend: str,
    data_dir: Path,
    settings_with_model: Callable[[Path], Settings],
    request: Any,
    **env: str,
) -> tuple[Settings, dict[str, str]]:
    """Settings for a fresh data dir on `backend` (PostgreSQL: a fresh database holds store and index)
    and the environment that gives a `protokollet` subprocess the same, plus `env`."""
    settings = settings_with_model(data_dir)
    environment = {**os.environ, "PROTOKOLLET_DATA_DIR": str(settings.data_dir), "NO_COLOR": "1", **env}
    if backend == "postgresql":
        url = request.getfixturevalue("make_postgres_database")("crash")
        settings = settings.model_copy(update={"database_url": SecretStr(url)})
        environment["PROTOKOLLET_DATABASE_URL"] = url
    return settings, environment
