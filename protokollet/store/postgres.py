"""The `Store` on PostgreSQL (psycopg 3 with a connection pool), for several API replicas and ingest
workers over one shared database. Selected by `PROTOKOLLET_DATABASE_URL=postgresql://...`.

Concurrency: each document is saved in one transaction that first takes transaction-level advisory locks
on its source path, its document id, and each of its meetings' fingerprint and date (in sorted key order,
so two writers can never deadlock). Two workers ingesting the same file therefore run one after the
other and the second finds it stored ("unchanged"); two files holding the same meeting (or a
near-identical copy of it, which the dedup check looks for among meetings with the same date) cannot
both store it, because the second's dedup check runs after the first has committed (READ COMMITTED sees
it). Writers of unrelated documents do not wait for each other. The unique constraints on source path and
fingerprint stay as a last line of defence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg.rows import DictRow, dict_row
from psycopg_pool import ConnectionPool

from protokollet.errors import DatabaseUnavailable
from protokollet.models import Document
from protokollet.store.pgschema import check_url, ensure_current, first_line, redact
from protokollet.store.relational import RelationalStore, Row

#: Seconds to wait for the server when opening, before reporting it unavailable.
CONNECT_TIMEOUT_S = 10
#: Connections per process: the API's worker threads each hold one while they read.
POOL_MAX_SIZE = 8
#: Database names made by `create_database` must be plain identifiers (no quoting games).
_DB_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@lru_cache(maxsize=256)
def _pg(query: str) -> str:
    """The shared `?` placeholders as psycopg's `%s` (the shared SQL has no literal `?` or `%`)."""
    return query.replace("?", "%s")


def lock_key(kind: str, value: str) -> int:
    """A signed 64-bit advisory lock key for one thing (a path, a fingerprint, a date)."""
    digest = hashlib.sha256(f"protokollet\x1f{kind}\x1f{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def document_lock_keys(document: Document) -> list[int]:
    """Every key a save of `document` must hold, sorted so that all writers take them in one order."""
    keys = {lock_key("path", document.source_path)}
    if document.id:
        keys.add(lock_key("document", document.id))
    for meeting in document.meetings:
        if meeting.fingerprint:
            keys.add(lock_key("fingerprint", meeting.fingerprint))
        keys.add(lock_key("date", meeting.date.isoformat() if meeting.date else "undated"))
    return sorted(keys)


class _PostgresSql:
    """`relational.Sql` over one psycopg connection."""

    def __init__(self, conn: psycopg.Connection[DictRow]) -> None:
        self._conn = conn

    def rows(self, query: str, params: Sequence[Any] = ()) -> Sequence[Row]:
        return self._conn.execute(_pg(query), params).fetchall()

    def stream(self, query: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        with self._conn.cursor() as cursor:
            yield from cursor.stream(_pg(query), params)

    def execute(self, query: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(_pg(query), params)

    def executemany(self, query: str, params: Sequence[Sequence[Any]]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(_pg(query), params)

    def in_list(self, column: str, values: Sequence[str]) -> tuple[str, Sequence[Any]]:
        return f"{column} = ANY(?)", (list(values),)


def _connect_error(url: str, exc: Exception) -> DatabaseUnavailable:
    return DatabaseUnavailable(f"cannot use PostgreSQL database {redact(url)}: {first_line(exc)}")


class PostgresStore(RelationalStore):
    """`Store` on a PostgreSQL database; the schema is created or upgraded on open (see `pgschema`)."""

    def __init__(self, url: str) -> None:
        self.url = check_url(url)
        try:
            with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S) as conn:
                revision = self._revision(conn)
        except psycopg.Error as exc:
            raise _connect_error(url, exc) from exc
        ensure_current(url, revision)
        self._pool: ConnectionPool[psycopg.Connection[DictRow]] = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_MAX_SIZE,
            kwargs={"row_factory": dict_row},
            open=False,
            name="protokollet",
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except Exception as exc:
            self._pool.close()
            raise _connect_error(url, exc) from exc

    @staticmethod
    def _revision(conn: psycopg.Connection[Any]) -> str | None:
        """The alembic revision the database is at; None for a database without our schema."""
        if conn.execute("SELECT to_regclass('alembic_version')").fetchone() == (None,):
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None

    @contextmanager
    def _reading(self) -> Iterator[_PostgresSql]:
        with self._pool.connection() as conn:
            yield _PostgresSql(conn)

    @contextmanager
    def _writing(self, document: Document) -> Iterator[_PostgresSql]:
        with self._pool.connection() as conn, conn.transaction():
            for key in document_lock_keys(document):
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
            yield _PostgresSql(conn)

    def close(self) -> None:
        self._pool.close()


def create_database(
    admin_url: str, name: str, *, extensions: tuple[str, ...] = ("vector",), exist_ok: bool = False
) -> str:
    """Create an empty database `name` on the server of `admin_url` (with `extensions` installed) and
    return its URL: plain SQL through the store's driver, for the bench's databases on a server the user
    names and the tests' own. Cheap (a template copy), so each test module or test can have its own."""
    from psycopg import errors, sql

    if not _DB_NAME.fullmatch(name):
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except errors.DuplicateDatabase:
            if not exist_ok:
                raise
    url = urlsplit(admin_url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(url, autocommit=True) as conn:
        for extension in extensions:
            conn.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(extension)))
    return url
