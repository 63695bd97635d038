"""Pick and open the configured store; the one place that knows which backend a deployment uses."""

from __future__ import annotations

from protokollet.settings import Settings
from protokollet.store import Store


def open_store(settings: Settings) -> Store:
    """Open (creating if needed) the SQLite database in the data dir, or at `database_path` if set."""
    from protokollet.store.sqlite import SqliteStore

    path = settings.resolved_database_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStore(path)
