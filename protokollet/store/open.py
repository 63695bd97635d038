"""Pick and open the configured store; the one place that knows which backend a deployment uses."""

from __future__ import annotations

from protokollet.settings import Settings
from protokollet.store import Store


def open_store(settings: Settings) -> Store:
    """The PostgreSQL store when `database_url` is set (schema created or upgraded on open); otherwise the
    SQLite database in the data dir, or at `database_path` if set (created if needed)."""
    url = settings.postgres_url
    if url:
        from protokollet.store.postgres import PostgresStore

        return PostgresStore(url)
    from protokollet.store.sqlite import SqliteStore

    path = settings.resolved_database_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStore(path)
