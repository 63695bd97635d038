"""`protokollet migrate`: an embedded data dir (SQLite rows + index snapshot) into PostgreSQL, no embedding.

Rows are copied table by table with the same ids, so citations and eval runs stay valid; existing rows
are kept (ON CONFLICT DO NOTHING), so running it again adds only what is new. The index is written from
the snapshot's own vectors and analyzer vocabulary, so the PostgreSQL index ranks like the embedded
one; a chunk whose text no longer matches its stored hash (the store changed after the last index)
is refused with a clear error instead of being stored with a wrong vector.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from pydantic import BaseModel
from tqdm import tqdm

from protokollet.errors import MigrationError
from protokollet.index.chunking import Chunk, chunk_header, chunk_text
from protokollet.index.postgres.tables import IndexedChunk, index_writer, stored_vectors, write_index
from protokollet.index.snapshot import Snapshot, load_snapshot
from protokollet.settings import Settings
from protokollet.store.pgschema import check_url, redact
from protokollet.store.postgres import PostgresStore

#: Parents before children, so foreign keys hold at every step.
TABLES = ("documents", "meetings", "agenda_items", "paragraphs")
ROWS_PER_FETCH = 2000


class MigrateReport(BaseModel):
    """What `migrate` did, per table: rows found in the data dir and rows newly added to PostgreSQL."""

    database: str
    rows: dict[str, int]
    added: dict[str, int]
    chunks: int
    vectors_written: int
    version: str
    seconds: float


def migrate(source: Settings, url: str, *, progress: bool = True) -> MigrateReport:
    """Copy `source`'s SQLite rows and index vectors into the database at `url` (schema created if needed)."""
    started = time.perf_counter()
    check_url(url)
    database_path = source.resolved_database_path
    if not database_path.is_file():
        raise MigrationError(f"no embedded database at {database_path}; nothing to migrate")
    snapshot = load_snapshot(source.resolved_index_dir, source.model)  # IndexNotBuilt / ModelMismatch
    PostgresStore(url).close()  # creates or upgrades the schema (migrations 0001, 0002, ...)
    rows: dict[str, int] = {}
    added: dict[str, int] = {}
    with index_writer(url) as conn:
        with _read_only(database_path) as sqlite, conn.transaction():
            for table in TABLES:
                rows[table], added[table] = _copy_table(sqlite, conn, table, progress=progress)
        chunks = [_indexed_chunk(snapshot, position) for position in range(len(snapshot.chunks))]
        manifest = snapshot.manifest
        stored = stored_vectors(conn, manifest.model, manifest.dimension, manifest.embed_backend)
        vectors = snapshot.dense.vectors
        new_vectors = {
            chunk.chunk_id: np.asarray(vectors[position], dtype=np.float32)
            for position, chunk in enumerate(chunks)
            if (chunk.chunk_id, chunk.text_hash) not in stored
        }
        result = write_index(
            conn,
            model=manifest.model,
            dimension=manifest.dimension,
            backend=manifest.embed_backend,  # the snapshot's vectors, so the backend that computed them
            chunks=chunks,
            new_vectors=new_vectors,
            analyzer=snapshot.lexical.analyzer,
            progress=progress,
        )
    return MigrateReport(
        database=redact(url),
        rows=rows,
        added=added,
        chunks=result.chunks,
        vectors_written=result.inserted,
        version=result.version,
        seconds=time.perf_counter() - started,
    )


class _read_only:  # a context manager named like open()
    """The SQLite database opened read-only, so migrating can never change the source."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def __enter__(self) -> sqlite3.Connection:
        return self._conn

    def __exit__(self, *exc: object) -> None:
        self._conn.close()


def _indexed_chunk(snapshot: Snapshot, position: int) -> IndexedChunk:
    record = snapshot.chunks[position]
    context = snapshot.paragraphs.get(record.paragraph_id)
    if context is None:
        raise MigrationError(f"the index lists paragraph {record.paragraph_id} but holds no text for it")
    text = chunk_text(chunk_header(context), context.text[record.start : record.end])
    chunk = Chunk(
        chunk_id=record.chunk_id,
        paragraph_id=record.paragraph_id,
        ordinal=0,
        start=record.start,
        end=record.end,
        text_for_embedding=text,
        text_for_lexical=text,
    )
    if chunk.text_hash != record.text_hash:
        raise MigrationError(
            f"chunk {record.chunk_id} does not match the text its vector was made from; "
            "run `protokollet index` on the data dir first, then migrate again"
        )
    return IndexedChunk.of(chunk, text=text)


def _copy_table(
    sqlite: sqlite3.Connection, conn: psycopg.Connection[Any], table: str, *, progress: bool
) -> tuple[int, int]:
    """(rows in the data dir, rows added): copied through a temporary table, existing ids kept."""
    columns = _columns(conn, table)
    names = ", ".join(columns)
    total = int(sqlite.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    conn.execute(f"CREATE TEMP TABLE incoming_{table} (LIKE {table}) ON COMMIT DROP")
    cursor = sqlite.execute(f"SELECT {names} FROM {table}")
    with (
        conn.cursor().copy(f"COPY incoming_{table} ({names}) FROM STDIN") as copy,
        tqdm(total=total, desc=f"Copying {table}", unit="row", disable=not progress) as bar,
    ):
        while batch := cursor.fetchmany(ROWS_PER_FETCH):
            for row in batch:
                copy.write_row(_as_text(row))
            bar.update(len(batch))
    try:
        added = conn.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_{table} ON CONFLICT DO NOTHING"
        ).rowcount
    except psycopg.errors.ForeignKeyViolation as exc:
        raise MigrationError(
            f"the database already holds other {table} rows that conflict with this data dir "
            "(the same meeting stored from another file?); migrate into an empty database"
        ) from exc
    return total, added


def _as_text(row: Sequence[Any]) -> list[str | None]:
    """SQLite values as COPY text; PostgreSQL parses dates, booleans (0/1) and timestamps from it."""
    return [None if value is None else str(value) for value in row]


def _columns(conn: psycopg.Connection[Any], table: str) -> list[str]:
    return [
        str(name)
        for (name,) in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND table_schema = current_schema() ORDER BY ordinal_position",
            (table,),
        )
    ]
