"""Helpers shared by the reliability tests: copying a data dir, fingerprinting what is stored, and
reading the SQLite file directly (never through the code under test) to judge its consistency."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protokollet.index.snapshot import POINTER_FILE, current_version
from protokollet.settings import Settings

#: Every table of the schema, parents first.
TABLES = ("documents", "meetings", "agenda_items", "paragraphs")
REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO / "data" / "sample"


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


def document_counts(database: Path) -> dict[tuple[str, str], DocumentCounts]:
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
    with closing(read_only(database)) as conn:
        return {(r[0], r[1]): DocumentCounts(r[2], r[3], r[4]) for r in conn.execute(sql)}


def integrity_problems(database: Path) -> list[str]:
    """What `PRAGMA integrity_check` and `foreign_key_check` report; empty when the file is sound."""
    with closing(read_only(database)) as conn:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {tuple(row)}" for row in conn.execute("PRAGMA foreign_key_check")]
    return problems


def stored_paragraph_ids(database: Path) -> set[str]:
    with closing(read_only(database)) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM paragraphs")}


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
