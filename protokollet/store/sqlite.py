"""The default `Store`: one SQLite file (stdlib `sqlite3`), safe for one writer at a time and many readers.

Writes run in `BEGIN IMMEDIATE` transactions so concurrent ingests queue on the database lock (with a
busy timeout) instead of failing or interleaving; WAL mode lets readers (the API) keep reading meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from importlib import resources
from pathlib import Path
from typing import Any

from protokollet.errors import StoreVersionError
from protokollet.models import Document
from protokollet.store.relational import RelationalStore, Row

__all__ = ["BUSY_TIMEOUT_S", "SCHEMA_VERSION", "SqliteStore", "StoreVersionError"]

#: Bump together with a migration step in `_migrate` whenever `schema.sql` changes.
SCHEMA_VERSION = 1
#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 60.0


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def _bind(params: Sequence[Any]) -> tuple[Any, ...]:
    """Dates (and datetimes) as ISO-8601 text, the schema's storage for them."""
    return tuple(value.isoformat() if isinstance(value, dt.date) else value for value in params)


class _SqliteSql:
    """`relational.Sql` over one sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def rows(self, query: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        return self._conn.execute(query, _bind(params)).fetchall()

    def stream(self, query: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        yield from self._conn.execute(query, _bind(params))

    def execute(self, query: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(query, _bind(params))

    def executemany(self, query: str, params: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(query, [_bind(p) for p in params])

    def in_list(self, column: str, values: Sequence[str]) -> tuple[str, Sequence[Any]]:
        # One JSON parameter instead of one placeholder per id: no limit on how many are asked for.
        return f"{column} IN (SELECT value FROM json_each(?))", (json.dumps(list(values)),)


class SqliteStore(RelationalStore):
    """`Store` backed by one SQLite database file (or ":memory:")."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so a document is exactly one transaction.
        # check_same_thread=False: the API shares one store between worker threads; writes take `_lock`.
        self._conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = _dict_row
        self._sql = _SqliteSql(self._conn)
        self._lock = threading.RLock()
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    # -- schema -----------------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Create the schema on a new database; refuse one from a newer version."""
        version = self._conn.execute("PRAGMA user_version").fetchone()["user_version"]
        if version > SCHEMA_VERSION:
            raise StoreVersionError(
                f"database {self.path} has schema version {version}, this Protokollet supports "
                f"{SCHEMA_VERSION}; upgrade Protokollet"
            )
        if version == 0:
            schema = resources.files("protokollet.store").joinpath("schema.sql").read_text("utf-8")
            schema = schema.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
            schema = schema.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ")
            # One script in one transaction: a second process racing us waits, then finds it all there.
            with self._lock:
                try:
                    self._conn.executescript(
                        f"BEGIN IMMEDIATE;\n{schema}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
                    )
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise

    # -- connections ------------------------------------------------------------------------------

    def _reading(self) -> AbstractContextManager[_SqliteSql]:
        return nullcontext(self._sql)

    @contextmanager
    def _writing(self, document: Document) -> Iterator[_SqliteSql]:
        """`BEGIN IMMEDIATE` takes the database's write lock at once, so every writer (thread or
        process) runs its whole save alone: the dedup checks cannot race."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._sql
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self._conn.close()
