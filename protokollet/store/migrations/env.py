"""Alembic environment for the PostgreSQL store, run by `protokollet.store.pgschema` (no alembic.ini).

The URL comes in `config.attributes["url"]` (a SQLAlchemy URL for the psycopg 3 driver). Migrations run
in one transaction under a transaction-level advisory lock, so API replicas and ingest workers starting at
once upgrade the schema exactly once: the others wait, then find it current.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

#: Advisory lock key held while migrating (any constant bigint not used for anything else).
MIGRATION_LOCK_KEY = 0x50524F544F4B  # "PROTOK"


def run_migrations_offline() -> None:
    """`alembic upgrade --sql`: print the SQL for a DBA instead of running it."""
    context.configure(url=context.config.attributes["url"], literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(context.config.attributes["url"], poolclass=NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=False)
        with context.begin_transaction():
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
