"""Documents, meetings, agenda items and paragraphs: the tables of schema.sql (SQLite schema version 1).

Same tables, columns, ids and character offsets as the embedded store, with PostgreSQL's own types
where SQLite has none: DATE for meeting dates, BOOLEAN for the decision flag, TIMESTAMPTZ for the ingest
time. Text that lists are sorted by (body, source path) is compared bytewise (COLLATE "C") as SQLite
does, so both backends list and index in the same order whatever the server's locale.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _child_of(parent: str, column: str) -> list[sa.Column[Any]]:
    """The leading columns of a row that belongs to a `parent` row: its id, the parent's id (rows go
    with their parent), its position among the parent's rows."""
    return [
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column(column, sa.Text, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
    ]


def _offsets() -> list[sa.Column[Any]]:
    """Where the row's text lies in documents.text."""
    return [
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("source_path", sa.Text(collation="C"), nullable=False, unique=True),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("doc_type", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "meetings",
        *_child_of("documents", "document_id"),
        # NULL when the parser gave none; UNIQUE lets several NULLs coexist.
        sa.Column("fingerprint", sa.Text, unique=True),
        sa.Column("body", sa.Text(collation="C")),
        sa.Column("municipality", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("doc_type", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        *_offsets(),
    )
    op.create_table(
        "agenda_items",
        *_child_of("meetings", "meeting_id"),
        sa.Column("number", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("case_number", sa.Text),
        sa.Column("decision", sa.Text),
        *_offsets(),
    )
    op.create_table(
        "paragraphs",
        *_child_of("agenda_items", "item_id"),
        sa.Column("text", sa.Text, nullable=False),
        *_offsets(),
        sa.Column("is_decision", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    # Foreign-key columns are indexed so cascading deletes and joins do not scan whole tables.
    op.create_index("meetings_document_id", "meetings", ["document_id"])
    op.create_index("meetings_date", "meetings", ["date"])
    op.create_index("meetings_body", "meetings", ["body"])
    op.create_index("agenda_items_meeting_id", "agenda_items", ["meeting_id"])
    op.create_index("agenda_items_case_number", "agenda_items", ["case_number"])
    op.create_index("paragraphs_item_id", "paragraphs", ["item_id"])


def downgrade() -> None:
    for table in ("paragraphs", "agenda_items", "meetings", "documents"):
        op.drop_table(table)
