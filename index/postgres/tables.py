"""Writing the search index into PostgreSQL: chunks, postings, lexicon, version row. This module writes
those tables, their schema is the store's migrations' (`protokollet.store.index_tables` says who owns what).

One writer at a time: a session advisory lock serialises `protokollet index` runs from several workers
(the second waits, then finds every vector stored and re-embeds nothing). The write itself is one
transaction, so readers (every API replica) see the old index until the new one is complete; rows are
replaced only where they changed, and stored vectors are kept by (chunk id, text hash) when the model,
dimension and embedding backend are the ones that computed them. Postings are derived from each chunk's
stored terms in SQL, in the same transaction, so they always agree with `chunks`.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from pydantic import ConfigDict
from tqdm import tqdm

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.snapshot import ChunkRecord, paragraph_fingerprint
from protokollet.store.index_tables import CHUNK_COLUMNS, POSTINGS_OF_CHUNKS
from protokollet.store.pgschema import redact
from protokollet.store.postgres import CONNECT_TIMEOUT_S, lock_key

#: Advisory lock held by whoever writes the index (migrate or index), for the whole run.
INDEX_LOCK = lock_key("index", "search")
#: The dense index is pgvector IVFFlat (k-means lists, inner product) with IVFFLAT_LISTS_PER_ROOT times the
#: square root of the chunks as lists. Chosen by measurement (docs/deploy.md): at 1M chunks (130 near-copies
#: of each) HNSW (m 24, ef_construction 128) found 0.70 of the exact top 10 at ef_search 200 and 0.92 at its
#: maximum 1000, and took 869 s to build; IVFFlat with 2,000 lists finds 0.985 at 60 probes in 26 ms and
#: builds in 149 s. More lists than pgvector's advice (chunks / 1000) scan fewer vectors for the same recall:
#: at 100k chunks 100 lists need 20 probes (20% of the vectors) for 0.84; 632 lists, 60 probes give 0.98.
IVFFLAT_LISTS_PER_ROOT = 2
#: pgvector's largest number of lists.
IVFFLAT_MAX_LISTS = 32_768
#: An index whose lists are off the wanted number by more than this factor (the chunks grew or shrank
#: fourfold since it was built) is rebuilt by the next index run, so its lists fit the data again.
IVFFLAT_LISTS_SLACK = 2.0
#: Longest lexeme PostgreSQL accepts in a tsvector is 2047 bytes; longer terms are left out.
MAX_LEXEME_BYTES = 2046
#: tsvector limits: positions up to 16383, at most 256 positions per lexeme (BM25 tf is capped there).
MAX_POSITION = 16383
MAX_POSITIONS_PER_TERM = 256


class IndexedChunk(ChunkRecord):
    """One chunk to store: a `ChunkRecord` (what the `chunks` table keeps of it besides vector and terms)
    with the text its terms, and its vector when none is stored yet, are computed from (not stored)."""

    model_config = ConfigDict(frozen=True)

    text: str


@dataclass(frozen=True)
class WriteResult:
    version: str
    paragraphs: int
    chunks: int
    inserted: int
    removed: int


def vector_index_name(dimension: int) -> str:
    return f"chunks_embedding_ivfflat_{dimension}"


def hnsw_index_name(dimension: int) -> str:
    """The HNSW index Protokollet built before IVFFlat (dropped by the next index run)."""
    return f"chunks_embedding_hnsw_{dimension}"


def ivfflat_lists(chunks: int) -> int:
    """IVFFlat lists for `chunks` vectors: IVFFLAT_LISTS_PER_ROOT * sqrt(chunks), at least 1."""
    return max(1, min(IVFFLAT_MAX_LISTS, round(IVFFLAT_LISTS_PER_ROOT * math.sqrt(chunks))))


def quote_lexeme(term: str) -> str:
    """A term as a quoted tsvector/tsquery lexeme (any character allowed inside the quotes)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def usable(term: str) -> bool:
    return 0 < len(term.encode("utf-8")) <= MAX_LEXEME_BYTES


def tsvector_literal(terms: Sequence[str]) -> str:
    """The analyzer's terms of one chunk as a tsvector with positions (so PostgreSQL keeps each tf)."""
    positions: dict[str, list[int]] = {}
    for position, term in enumerate(terms, start=1):
        if usable(term):
            at = positions.setdefault(term, [])
            if len(at) < MAX_POSITIONS_PER_TERM:
                at.append(min(position, MAX_POSITION))
    return " ".join(
        f"{quote_lexeme(term)}:{','.join(map(str, dict.fromkeys(at)))}" for term, at in positions.items()
    )


def connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    """A connection that understands `vector` values (numpy arrays in, numpy arrays out)."""
    from protokollet.errors import DatabaseUnavailable

    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        raise DatabaseUnavailable(f"cannot use PostgreSQL database {redact(url)}: {exc}") from exc
    register_vector(conn)
    return conn


@contextmanager
def index_writer(url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection holding the index writer lock (waits while another worker writes the index)."""
    with connect(url) as conn:
        conn.autocommit = True
        conn.execute("SELECT pg_advisory_lock(%s)", (INDEX_LOCK,))
        try:
            conn.autocommit = False
            yield conn
            conn.rollback()  # nothing is pending after a completed write; leaves the transaction state
            conn.autocommit = True
            # Fresh postings are all-visible after this, so lexical search reads them by index-only scans
            # (autovacuum would get there too, later); the planner gets their statistics.
            conn.execute("VACUUM (ANALYZE) postings, chunks")
        finally:
            conn.rollback()
            conn.autocommit = True
            conn.execute("SELECT pg_advisory_unlock(%s)", (INDEX_LOCK,))


def chunk_row(
    chunk: ChunkRecord, position: int, vector: np.ndarray | None, terms: Sequence[str]
) -> tuple[object, ...]:
    """One row of `CHUNK_COLUMNS` for COPY (a None vector: stored already, filled in from `chunks`)."""
    return (
        chunk.chunk_id,
        chunk.paragraph_id,
        position,
        chunk.start,
        chunk.end,
        chunk.text_hash,
        vector,
        tsvector_literal(terms),
        len(terms),
    )


def stored_vectors(
    conn: psycopg.Connection[tuple[object, ...]], model: str, dimension: int, backend: str
) -> set[tuple[str, str]]:
    """(chunk id, text hash) of the stored vectors that the configured model can reuse: same model and
    dimension, and the same embedding backend (close to another backend's vectors, not equal)."""
    row = conn.execute("SELECT model, dimension, embed_backend FROM search_index").fetchone()
    conn.commit()
    if row is None or row != (model, dimension, backend):
        return set()
    pairs = {(str(cid), str(h)) for cid, h in conn.execute("SELECT id, text_hash FROM chunks")}
    conn.commit()
    return pairs


def write_index(
    conn: psycopg.Connection[tuple[object, ...]],
    *,
    model: str,
    dimension: int,
    backend: str,
    chunks: Sequence[IndexedChunk],
    new_vectors: dict[str, np.ndarray],
    analyzer: SwedishAnalyzer,
    progress: bool = True,
) -> WriteResult:
    """Make `chunks` the serving index in one transaction; `new_vectors` holds the chunks not stored yet."""
    terms = [
        analyzer.tokens(chunk.text)
        for chunk in tqdm(chunks, desc="Analysing", unit="chunk", disable=not progress)
    ]
    with conn.transaction():
        row = conn.execute("SELECT model, dimension, embed_backend FROM search_index").fetchone()
        if row is not None and row != (model, dimension, backend):
            # Vectors of another model or backend are useless. DELETE, not TRUNCATE: readers go on
            # with the old rows until commit; postings first, so the cascade finds none left to delete.
            conn.execute("DELETE FROM postings")
            conn.execute("DELETE FROM chunks")
            conn.execute(f"DROP INDEX IF EXISTS {vector_index_name(int(str(row[1])))}")
            conn.execute(f"DROP INDEX IF EXISTS {hnsw_index_name(int(str(row[1])))}")
        conn.execute(
            "CREATE TEMP TABLE new_chunks (LIKE chunks) ON COMMIT DROP;"
            " ALTER TABLE new_chunks ALTER COLUMN embedding DROP NOT NULL"
        )
        with conn.cursor().copy(f"COPY new_chunks ({CHUNK_COLUMNS}) FROM STDIN") as copy:
            for position, (chunk, chunk_terms) in tqdm(
                enumerate(zip(chunks, terms, strict=True)),
                total=len(chunks),
                desc="Writing",
                unit="chunk",
                disable=not progress,
            ):
                copy.write_row(chunk_row(chunk, position, new_vectors.get(chunk.chunk_id), chunk_terms))
        removed = conn.execute(  # their postings go with them (ON DELETE CASCADE)
            "DELETE FROM chunks c WHERE NOT EXISTS"
            " (SELECT 1 FROM new_chunks n WHERE n.id = c.id AND n.text_hash = c.text_hash)"
        ).rowcount
        # Kept chunks whose terms changed (a re-learned vocabulary splits compounds anew) get new postings.
        conn.execute(
            "CREATE TEMP TABLE retermed ON COMMIT DROP AS SELECT c.id FROM chunks c"
            " JOIN new_chunks n ON n.id = c.id WHERE (c.terms, c.length) IS DISTINCT FROM (n.terms, n.length)"
        )
        conn.execute("DELETE FROM postings p USING retermed r WHERE p.chunk_id = r.id")
        conn.execute(
            "UPDATE chunks c SET position = n.position, char_start = n.char_start, char_end = n.char_end,"
            " terms = n.terms, length = n.length FROM new_chunks n"
            " WHERE c.id = n.id AND (c.position, c.char_start, c.char_end, c.length, c.terms)"
            " IS DISTINCT FROM (n.position, n.char_start, n.char_end, n.length, n.terms)"
        )
        conn.execute(
            # A paragraph deleted by a concurrent ingest since it was read is left out by the join.
            "CREATE TEMP TABLE added ON COMMIT DROP AS SELECT n.id FROM new_chunks n"
            " JOIN paragraphs p ON p.id = n.paragraph_id"
            " WHERE n.embedding IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = n.id)"
        )
        inserted = conn.execute(
            "INSERT INTO chunks SELECT n.* FROM new_chunks n JOIN added a ON a.id = n.id"
        ).rowcount
        conn.execute(
            "INSERT INTO postings (term, chunk_id, tf, length) "
            + POSTINGS_OF_CHUNKS
            + " WHERE c.id IN (SELECT id FROM added UNION ALL SELECT id FROM retermed)"
        )
        write_lexicon(conn, terms, analyzer)
        ensure_vector_index(conn, dimension)
        paragraph_ids = [str(pid) for (pid,) in conn.execute("SELECT DISTINCT paragraph_id FROM chunks")]
        counted = conn.execute("SELECT count(*), coalesce(avg(length), 0) FROM chunks").fetchone()
        assert counted is not None
        total, average_length = int(str(counted[0])), float(str(counted[1]))
        version = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
        conn.execute("DELETE FROM search_index")
        conn.execute(
            "INSERT INTO search_index (version, model, dimension, embed_backend, paragraphs, chunks,"
            " fingerprint, average_length, decompound, created)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                version,
                model,
                dimension,
                backend,
                len(paragraph_ids),
                total,
                paragraph_fingerprint(paragraph_ids),
                average_length,
                analyzer.decompound,
                dt.datetime.now(dt.UTC),
            ),
        )
    return WriteResult(
        version=version, paragraphs=len(paragraph_ids), chunks=total, inserted=inserted, removed=removed
    )


def ensure_vector_index(conn: psycopg.Connection[tuple[object, ...]], dimension: int) -> bool:
    """The IVFFlat index for `dimension` with lists fitting the stored chunks; True when it was (re)built.

    Kept while its lists are within IVFFLAT_LISTS_SLACK of the wanted number (k-means again on every index
    run would cost minutes at 1M chunks for nothing). A rebuild creates the new index before dropping the
    old one, so readers keep searching (CREATE INDEX blocks only writers) until the transaction commits.
    An HNSW index of an older Protokollet is dropped: the next index run after an upgrade converts it."""
    name = vector_index_name(dimension)
    counted = conn.execute("SELECT count(*) FROM chunks").fetchone()
    assert counted is not None
    wanted = ivfflat_lists(int(str(counted[0])))
    built = built_lists(conn, name)
    rebuilt = built is None or not (wanted / IVFFLAT_LISTS_SLACK <= built <= wanted * IVFFLAT_LISTS_SLACK)
    if rebuilt:
        conn.execute(f"DROP INDEX IF EXISTS {name}_new")
        conn.execute(
            f"CREATE INDEX {name}_new ON chunks USING ivfflat ((embedding::vector({int(dimension)}))"
            f" vector_ip_ops) WITH (lists = {wanted})"
        )
        conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute(f"ALTER INDEX {name}_new RENAME TO {name}")
    conn.execute(f"DROP INDEX IF EXISTS {hnsw_index_name(dimension)}")
    return rebuilt


def built_lists(conn: psycopg.Connection[tuple[object, ...]], name: str) -> int | None:
    """The lists of IVFFlat index `name` as CREATE INDEX stored them; None when there is no such index."""
    row = conn.execute("SELECT reloptions FROM pg_class WHERE oid = to_regclass(%s)", (name,)).fetchone()
    if row is None:
        return None
    stored: list[str] = list(row[0] or [])  # type: ignore[call-overload]  # reloptions: text[] or NULL
    options = dict(option.split("=", 1) for option in stored)
    return int(options["lists"]) if "lists" in options else None


def write_lexicon(
    conn: psycopg.Connection[tuple[object, ...]], terms: Sequence[Sequence[str]], analyzer: SwedishAnalyzer
) -> None:
    """Document frequencies of every term (BM25's idf, the answerer's weights) and the analyzer vocabulary."""
    frequencies: Counter[str] = Counter()
    for chunk_terms in terms:
        frequencies.update({term for term in chunk_terms if usable(term)})
    vocabulary = {term for term in analyzer.vocabulary if usable(term)}
    conn.execute("DELETE FROM lexicon")  # not TRUNCATE: readers keep the old rows until commit
    with conn.cursor().copy("COPY lexicon (term, chunks, vocabulary) FROM STDIN") as copy:
        for term in frequencies.keys() | vocabulary:
            copy.write_row((term, frequencies.get(term, 0), term in vocabulary))
