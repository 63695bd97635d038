"""Postings for lexical search, and the embedding backend of the serving index.

`postings` holds one row per (term, chunk) with the term's frequency in the chunk and the chunk's
length (BM25's normalisation, copied so scoring needs no chunk rows), keyed by term first and covering
tf and length, so BM25 reads only the query terms' index entries (an index-only range scan each) instead
of expanding every lexeme of every matching chunk's tsvector; `chunk_id` is indexed too, so removing a
chunk removes its postings without a scan. The rows are derived from `chunks.terms` (lexeme, number of
positions), here for a database indexed before this revision and by `protokollet index` afterwards, so
an upgraded database searches, with the same scores, without re-indexing. `chunks.terms` stays: it is
the chunk's analysed text (what postings are derived from, and what a downgrade needs); its GIN index
goes, since no query uses it any more and it only slowed every index write.

`search_index.embed_backend` records what computed the vectors (torch, onnx-int8, ...): stored vectors are
reused only by the same model, dimension and backend. Rows written before this revision say NULL (not
recorded), so the next `protokollet index` embeds everything once rather than mixing backends.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

from protokollet.store.index_tables import POSTINGS_OF_CHUNKS

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE postings (
            term text NOT NULL,
            chunk_id text NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            tf integer NOT NULL,
            length integer NOT NULL,
            PRIMARY KEY (term, chunk_id) INCLUDE (tf, length)
        )
        """
    )
    op.execute("INSERT INTO postings (term, chunk_id, tf, length) " + POSTINGS_OF_CHUNKS)
    op.execute("CREATE INDEX postings_chunk_id ON postings (chunk_id)")
    op.execute("ANALYZE postings")  # the planner's statistics now; autovacuum marks the rows all-visible
    op.execute("DROP INDEX IF EXISTS chunks_terms")
    op.execute("ALTER TABLE search_index ADD COLUMN embed_backend text")


def downgrade() -> None:
    op.execute("ALTER TABLE search_index DROP COLUMN embed_backend")
    op.execute("CREATE INDEX IF NOT EXISTS chunks_terms ON chunks USING gin (terms)")
    op.execute("DROP TABLE postings")
