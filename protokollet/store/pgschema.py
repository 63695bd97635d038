"""The PostgreSQL schema's version: alembic migrations (in `migrations/`) run from code, no alembic.ini.

`PostgresStore` calls `ensure_current` when it opens: a database behind the newest revision is upgraded
(under an advisory lock, so many replicas starting at once upgrade it once), one at a revision this
Protokollet does not know (written by a newer version) is refused. Operators who prefer to migrate as a
separate deploy step run `upgrade(url)` (`python -m protokollet.store.pgschema URL`) before starting
replicas; `--sql` prints the SQL for a DBA instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from protokollet.errors import DatabaseUnavailable, ProtokolletError, StoreVersionError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_SCHEMES = ("postgresql", "postgres")


def check_url(url: str) -> str:
    """The URL if it names a PostgreSQL database, else a one-line `DatabaseUnavailable`."""
    try:
        scheme = urlsplit(url).scheme.split("+")[0]
    except ValueError as exc:  # e.g. an unclosed '[' in the host
        raise DatabaseUnavailable(f"PROTOKOLLET_DATABASE_URL is not a valid URL: {exc}") from exc
    if scheme not in _SCHEMES:
        raise DatabaseUnavailable(
            f"PROTOKOLLET_DATABASE_URL must be a postgresql:// URL, not {redact(url)!r}"
        )
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
    except ValueError:
        return "<malformed URL>"
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def sqlalchemy_url(url: str) -> str:
    """The same database as a SQLAlchemy URL for the psycopg 3 driver (alembic runs on SQLAlchemy)."""
    rest = check_url(url).split("://", 1)[1]
    return f"postgresql+psycopg://{rest}"


def alembic_config(url: str) -> Config:
    """An alembic `Config` built in code: migrations from the installed package, `url` as the target."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Passed as an attribute, not a main option: ConfigParser would read '%' in a password as interpolation.
    config.attributes["url"] = sqlalchemy_url(url)
    return config


def head_revision() -> str:
    """The newest revision this Protokollet knows."""
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None, "no migrations found"
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


def upgrade(url: str, *, sql: bool = False) -> None:
    """Bring the database to the newest revision (idempotent); `sql` prints the SQL instead."""
    command.upgrade(alembic_config(url), "head", sql=sql)


def ensure_current(url: str, revision: str | None) -> None:
    """Upgrade a database at `revision` (None: empty) to head, or refuse one from a newer Protokollet."""
    if revision is not None and revision not in known_revisions():
        raise StoreVersionError(
            f"database {redact(url)} has schema revision {revision}, unknown to this Protokollet "
            f"(newest known: {head_revision()}); upgrade Protokollet"
        )
    if revision != head_revision():
        try:
            upgrade(url)
        except SQLAlchemyError as exc:  # e.g. no right to create tables or the vector extension
            raise DatabaseUnavailable(
                f"cannot upgrade the schema of {redact(url)}: {first_line(exc)}"
            ) from exc


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (drivers add DETAIL/HINT lines), for one-line errors."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m protokollet.store.pgschema", description="Upgrade a Protokollet PostgreSQL schema."
    )
    parser.add_argument("url", help="postgresql:// URL of the database")
    parser.add_argument("--sql", action="store_true", help="print the SQL instead of running it")
    args = parser.parse_args(argv)
    try:
        upgrade(args.url, sql=args.sql)
    except (ProtokolletError, SQLAlchemyError) as exc:
        sys.exit(f"error: cannot upgrade {redact(args.url)}: {first_line(exc)}")


if __name__ == "__main__":
    main()
