"""The search index in PostgreSQL: chunks with vectors and lexical terms, the lexicon, the version row.

`chunks.embedding` is an untyped `vector`: the dimension belongs to the embedding model and is decided
at index time, when `protokollet index` creates the HNSW index on the expression
`(embedding::vector(<dimension>))` for that model. `chunks.terms` holds the analyzer's terms (Snowball
Swedish stems as in PostgreSQL's `swedish` configuration, plus compound parts and whole codes) with their
positions, so BM25 is computed in SQL from term frequencies and the `lexicon`'s document frequencies.
`position` is the chunk's place in index order (store order), which breaks score ties the way the
embedded index does. `search_index` holds one row describing the serving index; its `version` changes
on every rebuild.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute(
        """
        CREATE TABLE search_index (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            version text NOT NULL,
            model text NOT NULL,
            dimension integer NOT NULL,
            paragraphs integer NOT NULL,
            chunks integer NOT NULL,
            fingerprint text NOT NULL,
            average_length double precision NOT NULL,
            decompound boolean NOT NULL,
            created timestamptz NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE chunks (
            id text PRIMARY KEY,
            paragraph_id text NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
            position integer NOT NULL,
            char_start integer NOT NULL,
            char_end integer NOT NULL,
            text_hash text NOT NULL,
            embedding vector NOT NULL,
            terms tsvector NOT NULL,
            length integer NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX chunks_paragraph_id ON chunks (paragraph_id)")
    op.execute("CREATE INDEX chunks_terms ON chunks USING gin (terms)")
    op.execute(
        """
        CREATE TABLE lexicon (
            term text PRIMARY KEY,
            chunks integer NOT NULL,
            vocabulary boolean NOT NULL
        )
        """
    )


def downgrade() -> None:
    for table in ("lexicon", "chunks", "search_index"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
