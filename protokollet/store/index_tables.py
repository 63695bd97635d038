"""The search index's tables in PostgreSQL (`search_index`, `chunks`, `postings`, `lexicon`): who owns what.

Their schema has one owner, the store's migrations: revision 0002 creates `search_index`, `chunks` and
`lexicon`, 0003 adds `postings` and `search_index.embed_backend`. The DDL stays in those revisions and is
not shared from here on purpose: deployed databases have run them, so a revision must stay what it was,
and a table changes only by a new revision. Their rows have one writer, `protokollet.index.postgres.tables`
(`protokollet index` and `protokollet migrate`; the PostgreSQL bench fills its own scratch databases with
its helpers), and `protokollet.index.postgres.retrieval` reads them. The store only deletes through them:
removing a paragraph removes its chunks and their postings (ON DELETE CASCADE).

This module names, once, what the migrations and the writer must agree on beyond the DDL. It belongs to
the store (which may not import the index) and imports nothing, so both may import it. Its SQL is
written against the tables as of revision 0003 (the newest that touches them) and must stay valid there.

The tables at revision 0003:

- `search_index`: one row describing the serving index (version, model, dimension, embed_backend,
  paragraphs, chunks, fingerprint, average_length, decompound, created);
- `chunks`: id, paragraph_id (→ paragraphs, ON DELETE CASCADE), position, char_start, char_end,
  text_hash, embedding (untyped `vector`), terms (tsvector), length;
- `postings`: (term, chunk_id → chunks ON DELETE CASCADE) INCLUDE (tf, length), indexed by chunk_id;
- `lexicon`: term, chunks (document frequency), vocabulary (the analyzer's);
- and, made at index time by the writer for the model's dimension, the IVFFlat index on `chunks.embedding`
  (`protokollet.index.postgres.tables.ensure_vector_index`; before, an HNSW index, which it drops).
"""

from __future__ import annotations

#: The `chunks` columns a build writes, in the order of the writer's COPY rows.
CHUNK_COLUMNS = "id, paragraph_id, position, char_start, char_end, text_hash, embedding, terms, length"
#: A chunk's postings (term, chunk id, tf, chunk length) from its tsvector: tf is the lexeme's number of
#: stored positions (the writer keeps at most 256); the chunk's length rides along so BM25 is scored from
#: postings alone. Used by revision 0003 for databases indexed before it and by every index build since,
#: so both agree.
POSTINGS_OF_CHUNKS = (
    "SELECT t.lexeme, c.id, cardinality(t.positions), c.length FROM chunks c, unnest(c.terms) AS t"
)
