"""A throwaway PostgreSQL (with pgvector) for tests and benchmarks, started without root or a system service.

It uses the `pgserver` package (a PostgreSQL build with pgvector in a wheel; dev extra), so it lives with
the tests, not in the library. Running as root, pgserver itself runs the server as an unprivileged
`pgserver` user. The server listens on a Unix socket inside its data dir only, so nothing outside this
machine can reach it.

    .venv/bin/python tests/pgtest.py /tmp/pg        # start (or reuse) a server there, print its URL
    .venv/bin/python tests/pgtest.py /tmp/pg --stop # stop it
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protokollet.errors import ProtokolletError
from protokollet.store.postgres import create_database


class TestServerUnavailable(ProtokolletError):
    """No PostgreSQL could be started here (pgserver missing or its server failed to start)."""

    __test__ = False  # not a pytest test class despite its name


def _server(pgdata: Path, cleanup_mode: str | None) -> Any:
    try:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root)
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError as exc:
        raise TestServerUnavailable(
            "the pgserver package is not installed (pip install -e '.[dev]')"
        ) from exc
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        return pgserver.get_server(pgdata, cleanup_mode=cleanup_mode)
    except Exception as exc:  # initdb / pg_ctl failures come as several exception types
        raise TestServerUnavailable(f"pgserver could not start PostgreSQL in {pgdata}: {exc}") from exc


@dataclass(frozen=True)
class LocalServer:
    """A running server: `url` names its admin database."""

    url: str
    handle: Any  # the pgserver.PostgresServer
    scratch: Path | None = None  # a folder made for a throwaway server, removed with it

    def stop(self) -> None:
        """Stop the server (and, for a throwaway one, delete its data folder)."""
        if self.handle.cleanup_mode is None:  # a long-lived server: stop it, keep its data
            self.handle.cleanup_mode = "stop"
        self.handle.cleanup()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def scratch_dir() -> Path:
    """A new folder for throwaway server data: in RAM (/dev/shm) where there is room, since a test
    session creates and deletes tens of databases of ~1000 small files each; else the temp dir."""
    shm = Path("/dev/shm")
    in_ram = shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2 * 2**30
    return Path(tempfile.mkdtemp(prefix="protokollet-pg-", dir=shm if in_ram else None))


def start_server(pgdata: Path | None = None, *, throwaway: bool = True) -> LocalServer:
    """Start a PostgreSQL in `pgdata` (created if missing; default: a new `scratch_dir()`), or attach to
    the one running there.

    A throwaway server is stopped and its folder deleted by `stop()` or at interpreter exit; otherwise it
    keeps running after this process ends, until `stop()` from any process.
    """
    scratch = None
    if pgdata is None:
        scratch = scratch_dir()
        pgdata = scratch / "pgdata"
    try:
        handle = _server(pgdata, cleanup_mode="delete" if throwaway else None)
    except TestServerUnavailable:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        raise
    url = str(handle.get_uri())
    if throwaway:
        _skip_durability(url)
    return LocalServer(url=url, handle=handle, scratch=scratch)


def _skip_durability(url: str) -> None:
    """No fsync for a server whose data is thrown away: creating a database per test and stopping the
    server then take milliseconds instead of waiting for the disk (the behaviour under test is the same)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {setting} = off")
        conn.execute("SELECT pg_reload_conf()")


def main(argv: list[str] | None = None) -> None:
    """Start (or stop) a long-lived local server for humans and benchmarks; prints its URL."""
    parser = argparse.ArgumentParser(prog="tests/pgtest.py", description=__doc__)
    parser.add_argument("pgdata", type=Path, help="data folder of the server (created if missing)")
    parser.add_argument("--stop", action="store_true", help="stop the server running in that folder")
    parser.add_argument("--database", default=None, help="also create this database and print its URL")
    args = parser.parse_args(argv)
    pgdata = args.pgdata.expanduser().resolve()
    if args.stop:
        start_server(pgdata, throwaway=False).stop()
        print(f"stopped PostgreSQL in {pgdata}")
        return
    admin_url = start_server(pgdata, throwaway=False).url
    print(create_database(admin_url, args.database, exist_ok=True) if args.database else admin_url)


if __name__ == "__main__":
    main()
