"""One writer at a time per data dir: ingest, index builds, uploads and re-index runs take this lock.

Readers never take it: the store's transactions and the index's atomic pointer swap keep them
consistent while a writer works. The lock is an OS file lock (`filelock`, flock on Linux) in the data
dir, so it is released when its holder dies, even by kill -9, and it serialises threads of one process
as well as separate processes (each acquisition opens the file anew). It guards the index files as
well as the database, which is why it stays a file lock whatever the store; a PostgreSQL deployment
whose writers run on several hosts adds an advisory lock here, behind the same function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from protokollet.errors import WriterBusy
from protokollet.settings import Settings

LOCK_FILE = ".writer.lock"


def writer_lock_path(settings: Settings) -> Path:
    """Where the writer lock lives: in the data dir, beside what it protects."""
    return settings.data_dir / LOCK_FILE


@contextmanager
def writer_lock(
    settings: Settings, timeout_s: float = 0.0, on_wait: Callable[[Path], None] | None = None
) -> Iterator[None]:
    """Hold the data dir's writer lock for the block.

    `timeout_s=0` fails at once when another writer holds it (the API: never park a worker thread);
    otherwise `on_wait` is called once (the CLI prints a line) and the lock is awaited up to `timeout_s`.
    Raises `WriterBusy` when it could not be had.
    """
    path = writer_lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if timeout_s <= 0:
            raise WriterBusy(_busy_message(path)) from None
        if on_wait is not None:
            on_wait(path)
        try:
            lock.acquire(timeout=timeout_s)
        except Timeout:
            raise WriterBusy(f"{_busy_message(path)}; gave up after {timeout_s:g} s") from None
    try:
        yield
    finally:
        lock.release()


def _busy_message(path: Path) -> str:
    return f"another ingest, index build or upload is writing to this data dir (lock {path})"
