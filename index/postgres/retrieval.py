"""The PostgreSQL retrieval backend: pgvector IVFFlat for dense search, BM25 in SQL over a postings table.

Stateless by design, so any number of API replicas over one database answer alike: every search reads
the `search_index` version row, and the only thing kept in memory (the analyzer's vocabulary and the
document frequencies looked up so far) belongs to one version and is dropped when the row changes.

Lexical search scores exactly as the embedded bm25s index does (Lucene idf, k1 1.5, b 0.75, same
analyzer terms): it sums the query terms' entries of `postings` (term, chunk, tf, chunk length; an
index-only range scan per term) per chunk and looks up only the best chunks' rows, so its cost follows
the query terms' postings, not the matching chunks' whole vocabularies (the tsvector expansion this
replaced took 2.5 s per hybrid query at 100k chunks). A term in most chunks (`kommun`) would still be
summed over all its postings, ~1 µs each, so common terms are pruned MaxScore-style (`_LexicalSearch`):
exact while the work stays within POSTINGS_BUDGET and the probe bound (`probe_bound`), approximate beyond
(at 1M chunks; recall measured in docs/deploy.md). Filters are SQL
conditions on the meeting; body and municipality are matched in Python against the distinct stored
values (few) so their case-insensitive substring rule is the embedded backend's to the letter.
Measured latency and IVFFlat recall, at corpus size, 100k and 1M chunks: docs/deploy.md.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg_pool import ConnectionPool

from protokollet.errors import DatabaseUnavailable, IndexNotBuilt, ModelMismatch
from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.postgres.tables import usable
from protokollet.index.retrieval import (
    PGVECTOR_IVFFLAT,
    ChunkHit,
    IndexInfo,
    SearchFilters,
    active,
    best_chunk_per_paragraph,
)
from protokollet.models import ParagraphContext
from protokollet.store.pgschema import check_url, redact
from protokollet.store.postgres import CONNECT_TIMEOUT_S, PostgresStore

BACKEND = "postgresql"
#: bm25s' defaults (method "lucene"), so both backends score lexical matches identically.
BM25_K1 = 1.5
BM25_B = 0.75
#: IVFFlat lists searched per query (pgvector's ivfflat.probes), with 2 * sqrt(chunks) lists
#: (`tables.ivfflat_lists`). Recall@10 of the chunk top 10 at 40 / 60 / 80 probes: 0.955 / 0.980 / 0.987 at
#: 100k chunks (632 lists; 60 probes 7.6 ms p50), 0.977 / 0.985 / 0.988 at 1M (2,000 lists; 26 ms p50):
#: docs/deploy.md.
IVFFLAT_PROBES = 60
#: hnsw.ef_search for a database still holding an older Protokollet's HNSW index (until its next index run).
LEGACY_HNSW_EF_SEARCH = 200
POOL_MAX_SIZE = 8

_CHUNK_COLUMNS = "c.paragraph_id, c.id, c.char_start, c.char_end"
_MEETING_JOIN = (
    " JOIN paragraphs p ON p.id = c.paragraph_id JOIN agenda_items i ON i.id = p.item_id"
    " JOIN meetings m ON m.id = i.meeting_id"
)

#: The score floor for pruning comes from the query terms held by at most this share of the chunks.
COMMON_SHARE = 0.02
#: The score floor that prunes common terms comes from the rarest terms: as many as hold this many chunks
#: per wanted hit, of which that many per wanted hit, the best on those terms, are scored fully.
SEED_CHUNKS = 4
#: A lexical search whose terms hold at most this many postings sums them all (no pruning needed).
FULL_POSTINGS = 20_000
#: Bounds on one lexical search's work, beyond which pruning is no longer exact (recall measured at 100k
#: and 1M chunks, docs/deploy.md): postings of essential terms summed (the most frequent ones beyond it
#: are pruned as if common), and postings probed by key to complete chunks with the common terms (the
#: chunks best on the others are completed). The chunks within reach of the top n grow with the corpus,
#: so the probes do too: one per CHUNKS_PER_PROBE chunks, within PROBES_MIN..PROBES_MAX. A probe costs
#: a few µs: 12,288 of them were half of a 100k search's p95, and 1,250 gave the same top 10 there.
POSTINGS_BUDGET = 60_000
CHUNKS_PER_PROBE = 80
PROBES_MIN = 1_024
PROBES_MAX = 12_288
#: One posting's BM25 (parameters k1, b, b, average length) and the query terms' postings (parameters:
#: terms, their weights), read by index-only scans of the primary key.
_BM25 = "sum(q.idf * t.tf / (t.tf + %s * (1 - %s + %s * t.length / %s)))"
_POSTINGS = "unnest(%s::text[], %s::float8[]) AS q(term, idf) JOIN postings t ON t.term = q.term"
_SCORE_POSTINGS = f"SELECT t.chunk_id, {_BM25} AS score FROM {_POSTINGS} GROUP BY t.chunk_id"
#: Chunks of a table `s` (chunk_id, score) with the other terms' postings of each added, probed by key.
_COMPLETED = (
    "SELECT s.chunk_id, s.score + coalesce(" + _BM25 + ", 0) AS score FROM {} s"
    " CROSS JOIN unnest(%s::text[], %s::float8[]) AS q(term, idf)"
    " LEFT JOIN postings t ON t.term = q.term AND t.chunk_id = s.chunk_id GROUP BY s.chunk_id, s.score"
)
#: The best n (parameter) chunks of `scored` and any tied with the n-th: the only ones whose rows are read.
_TOP = "top AS (SELECT chunk_id, score FROM scored ORDER BY score DESC FETCH FIRST %s ROWS WITH TIES)"
_CHUNKS_OF = " SELECT " + _CHUNK_COLUMNS + ", s.score FROM {} s JOIN chunks c ON c.id = s.chunk_id"

Conn = psycopg.Connection[tuple[Any, ...]]


class PostgresIndex:
    """One version of the index in the database (the `RetrievalIndex` protocol)."""

    def __init__(self, pool: ConnectionPool[Conn], store: PostgresStore, row: tuple[Any, ...]) -> None:
        self._pool = pool
        self._store = store
        (
            version,
            model,
            dimension,
            backend,
            paragraphs,
            chunks,
            fingerprint,
            average_length,
            decompound,
            created,
        ) = row
        self.version = str(version)
        self.dimension = int(dimension)
        self.average_length = float(average_length) or 1.0
        self.decompound = bool(decompound)
        self._chunks = int(chunks)
        self._frequencies: dict[str, int] = {}
        self._lock = threading.Lock()
        self._info = IndexInfo(
            backend=BACKEND,
            version=self.version,
            model=str(model),
            dimension=self.dimension,
            paragraphs=int(paragraphs),
            chunks=self._chunks,
            fingerprint=str(fingerprint),
            details={
                "index_type": PGVECTOR_IVFFLAT,
                "embed_backend": backend,  # None: indexed before the backend was recorded
                "created": created.isoformat(),
                "decompound": self.decompound,
                "average_length": self.average_length,
                "database": redact(store.url),
            },
        )

    @property
    def info(self) -> IndexInfo:
        return self._info

    @cached_property
    def analyzer(self) -> SwedishAnalyzer:
        with self._pool.connection() as conn:
            vocabulary = [str(term) for (term,) in conn.execute("SELECT term FROM lexicon WHERE vocabulary")]
        return SwedishAnalyzer(vocabulary, decompound=self.decompound)

    @property
    def size(self) -> int:
        return self._chunks

    @property
    def concurrent(self) -> bool:
        return True  # each half on its own pooled connection, computed by the server

    def document_frequency(self, term: str) -> int:
        return self.document_frequencies([term]).get(term, 0)

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """Frequencies of several terms in one query; remembered for this version's lifetime."""
        wanted = [term for term in dict.fromkeys(terms) if term not in self._frequencies]
        if wanted:
            with self._pool.connection() as conn:
                found: dict[str, int] = dict(
                    conn.execute("SELECT term, chunks FROM lexicon WHERE term = ANY(%s)", (wanted,))
                )
            with self._lock:
                for term in wanted:
                    self._frequencies[term] = int(found.get(term, 0))
        return {term: self._frequencies[term] for term in terms}

    def dense(self, vector: np.ndarray, depth: int, filters: SearchFilters | None) -> list[ChunkHit]:
        filters = active(filters)
        query = np.asarray(vector, dtype=np.float32)
        with self._pool.connection() as conn:
            where, params = self._filter_sql(conn, filters)
            if where is None:
                return []
            typed = f"vector({self.dimension})"
            distance = f"(c.embedding::{typed}) <#> %s::{typed}"

            def approximate(n: int) -> list[ChunkHit]:
                """The probed lists' chunks in order; filters apply to them after (may come back short)."""
                with conn.transaction():
                    conn.execute(
                        "SELECT set_config('ivfflat.probes', %s, true),"
                        " set_config('hnsw.ef_search', %s, true)",
                        (str(IVFFLAT_PROBES), str(LEGACY_HNSW_EF_SEARCH)),
                    )
                    rows = conn.execute(
                        f"SELECT {_CHUNK_COLUMNS}, -({distance}) AS score FROM chunks c"
                        f"{_MEETING_JOIN if where else ''} {where} ORDER BY {distance} LIMIT %s",
                        (query, *params, query, n),
                    ).fetchall()
                return _hits(rows)

            def exact(n: int) -> list[ChunkHit]:
                """Every passing chunk scored (no index on this expression): for selective filters."""
                plain = "c.embedding <#> %s::vector"
                rows = conn.execute(
                    f"SELECT {_CHUNK_COLUMNS}, -({plain}) AS score FROM chunks c{_MEETING_JOIN} {where}"
                    f" ORDER BY {plain}, c.position LIMIT %s",
                    (query, *params, query, n),
                ).fetchall()
                return _hits(rows)

            hits = best_chunk_per_paragraph(approximate, depth, self._chunks)
            if len(hits) < depth and (filters is not None or len(hits) < min(depth, self.info.paragraphs)):
                hits = best_chunk_per_paragraph(exact, depth, self._chunks)
            return hits

    def lexical(self, query: str, depth: int, filters: SearchFilters | None) -> list[ChunkHit]:
        filters = active(filters)
        terms = Counter(term for term in self.analyzer.tokens(query, query=True) if usable(term))
        frequencies = self.document_frequencies(list(terms))
        known = {term: count for term, count in terms.items() if frequencies[term] > 0}
        if not known:
            return []
        weights = {term: count * _idf(self._chunks, frequencies[term]) for term, count in known.items()}
        rarest_first = sorted(known, key=lambda term: (frequencies[term], term))
        rare = [term for term in rarest_first if frequencies[term] <= COMMON_SHARE * self._chunks]
        with self._pool.connection() as conn:
            where, params = self._filter_sql(conn, filters)
            if where is None:
                return []
            search = _LexicalSearch(conn, where, params, self.average_length, probe_bound(self._chunks))

            def retrieve(n: int) -> list[ChunkHit]:
                if sum(frequencies[term] for term in weights) <= FULL_POSTINGS:
                    return search.full(n, weights)  # few postings: all of them summed
                seeds, held = [], 0  # the rarest terms, until they hold a few times n chunks
                for term in rare or rarest_first[:1]:
                    seeds.append(term)
                    held += frequencies[term]
                    if held >= SEED_CHUNKS * n:
                        break
                floor = search.threshold(n, seeds, weights)
                common: dict[str, float] = {}
                for term in sorted(weights, key=lambda term: (weights[term], term)):  # least weight first
                    if sum(common.values()) + weights[term] > floor:
                        break
                    common[term] = weights[term]
                essential = {term: weight for term, weight in weights.items() if term not in common}
                for term in sorted(essential, key=lambda term: (-frequencies[term], term)):
                    if len(essential) == 1 or sum(frequencies[t] for t in essential) <= POSTINGS_BUDGET:
                        break
                    common[term] = essential.pop(term)  # beyond the budget: pruned as if common (approximate)
                if not common:
                    return search.full(n, weights)
                return search.pruned(n, essential, common, floor)

            return best_chunk_per_paragraph(retrieve, depth, self._chunks)

    def contexts(self, paragraph_ids: Sequence[str]) -> Mapping[str, ParagraphContext]:
        return {context.paragraph_id: context for context in self._store.paragraphs(list(paragraph_ids))}

    def paragraph_ids(self) -> set[str]:
        """The paragraphs with chunks now: the table may already hold a newer version than this one."""
        with self._pool.connection() as conn:
            return {str(pid) for (pid,) in conn.execute("SELECT DISTINCT paragraph_id FROM chunks")}

    @staticmethod
    def _filter_sql(conn: Conn, filters: SearchFilters | None) -> tuple[str | None, list[Any]]:
        """(WHERE clause on m, its parameters); clause None when no stored meeting can pass."""
        if filters is None:
            return "", []
        conditions: list[str] = []
        params: list[Any] = []
        for column, test, wanted in (
            ("body", filters.body_matches, filters.body),
            ("municipality", filters.municipality_matches, filters.municipality),
        ):
            if wanted:
                stored = [row[0] for row in conn.execute(f"SELECT DISTINCT {column} FROM meetings")]
                passing = [value for value in stored if value is not None and test(value)]
                if not passing:
                    return None, []
                conditions.append(f"m.{column} = ANY(%s)")
                params.append(passing)
        if filters.doc_type is not None:
            conditions.append("m.doc_type = %s")
            params.append(filters.doc_type.value)
        if filters.date_from is not None:
            conditions.append("m.date >= %s")
            params.append(filters.date_from)
        if filters.date_to is not None:
            conditions.append("m.date <= %s")
            params.append(filters.date_to)
        return "WHERE " + " AND ".join(conditions), params


class _LexicalSearch:
    """BM25 top n in SQL for one query's connection and filter: every posting of every query term (`full`),
    or, for a query with common terms, MaxScore-style pruning that reads the common terms' postings only for
    the few chunks that can still reach the top n (`threshold`, then `pruned`).

    A term adds weight * tf / (tf + k) with k > 0 to a chunk's score: always less than its weight (idf times
    its count in the query). `threshold` scores a few chunks fully, so the n-th best of them, the floor,
    is a score that n chunks reach. The common terms are the lightest ones whose weights sum to at most the
    floor: a chunk holding none of the others scores below that sum, so below the floor, and cannot be in
    the top n; nor can one whose score from the other (essential) terms is s with s + that sum <= floor.
    `pruned` sums the essential terms' postings and probes the common terms' postings by primary key for
    the chunks left. The result is the full query's: same chunks, same order (score, then position), as
    long as the essential terms hold at most POSTINGS_BUDGET postings and the chunks left need at most
    `probes` probes. Beyond the budget the most frequent essential terms are pruned like common ones, and
    beyond `probes` only the chunks best on the essential terms are completed: approximate, so that a
    query of frequent terms over a million chunks costs tens of thousands of postings, not millions.
    """

    def __init__(self, conn: Conn, where: str, params: list[Any], average_length: float, probes: int) -> None:
        self.conn = conn
        self.where = where
        self.params = params
        self.scoring = [BM25_K1, BM25_B, BM25_B, average_length]
        self.probes = probes

    def full(self, n: int, weights: Mapping[str, float]) -> list[ChunkHit]:
        """Every posting of the query terms summed per chunk."""
        scored = f"WITH scored AS MATERIALIZED ({_SCORE_POSTINGS})"
        arguments = [*self.scoring, list(weights), list(weights.values())]
        if self.where:  # every scored chunk's meeting is looked up
            sql = f"{scored}{_CHUNKS_OF.format('scored')}{_MEETING_JOIN} {self.where}"
            arguments += [*self.params, n]
        else:  # only the best n chunks, and any tied with the n-th, are looked up
            sql = f"{scored}, {_TOP}{_CHUNKS_OF.format('top')}"
            arguments += [n, n]
        rows = self.conn.execute(f"{sql} ORDER BY s.score DESC, c.position LIMIT %s", arguments).fetchall()
        return _hits(rows)

    def threshold(self, n: int, seeds: Sequence[str], weights: Mapping[str, float]) -> float:
        """A score n passing chunks reach (0 if the seeds' chunks are fewer): the n-th best full score among
        the SEED_CHUNKS * n passing chunks that score best on the seed terms alone."""
        rest = {term: weight for term, weight in weights.items() if term not in seeds}
        row = self.conn.execute(
            f"WITH {self._candidates({term: weights[term] for term in seeds})},"
            " pool AS (SELECT chunk_id, score FROM passing ORDER BY score DESC LIMIT %s),"
            f" scored AS ({_COMPLETED.format('pool')})"
            " SELECT score FROM scored ORDER BY score DESC OFFSET %s LIMIT 1",
            [
                *self._candidate_arguments(seeds, weights),
                SEED_CHUNKS * n,
                *self._probe_arguments(rest),
                n - 1,
            ],
        ).fetchone()
        return 0.0 if row is None else float(row[0])

    def pruned(
        self, n: int, essential: Mapping[str, float], common: Mapping[str, float], floor: float
    ) -> list[ChunkHit]:
        """The top n, given a score `floor` that n passing chunks reach: exactly the full query's when the
        common terms' weights sum to at most the floor and completing the chunks left takes at most
        `probes` probes (the n-th best passing score on the essential terms alone is another such floor:
        the higher one prunes); otherwise those left with the best essential scores are completed."""
        rows = self.conn.execute(
            f"WITH {self._candidates(essential)},"
            " cut AS (SELECT greatest(%s, (SELECT score FROM passing ORDER BY score DESC OFFSET %s LIMIT 1))"
            " AS v),"
            " survivors AS (SELECT chunk_id, score FROM passing, cut WHERE score + %s > cut.v"
            " ORDER BY score DESC LIMIT %s),"
            f" scored AS ({_COMPLETED.format('survivors')}),"
            f" {_TOP}{_CHUNKS_OF.format('top')} ORDER BY s.score DESC, c.position LIMIT %s",
            [
                *self._candidate_arguments(list(essential), essential),
                floor,
                n - 1,
                sum(common.values()),
                max(1, self.probes // len(common)),
                *self._probe_arguments(common),
                n,
                n,
            ],
        ).fetchall()
        return _hits(rows)

    def _candidates(self, weights: Mapping[str, float]) -> str:
        """CTEs `partial` (chunks holding any of the terms, scored on them) and `passing` (those the
        filter lets through)."""
        passing = (
            f"SELECT s.chunk_id, s.score FROM partial s JOIN chunks c ON c.id = s.chunk_id{_MEETING_JOIN}"
            f" {self.where}"
            if self.where
            else "SELECT chunk_id, score FROM partial"
        )
        return f"partial AS MATERIALIZED ({_SCORE_POSTINGS}), passing AS MATERIALIZED ({passing})"

    def _candidate_arguments(self, terms: Sequence[str], weights: Mapping[str, float]) -> list[Any]:
        return [*self.scoring, list(terms), [weights[term] for term in terms], *self.params]

    def _probe_arguments(self, weights: Mapping[str, float]) -> list[Any]:
        return [*self.scoring, list(weights), list(weights.values())]


def probe_bound(chunks: int) -> int:
    """Key probes one pruned lexical search may spend completing chunks, for an index of `chunks` chunks."""
    return min(PROBES_MAX, max(PROBES_MIN, chunks // CHUNKS_PER_PROBE))


def _idf(chunks: int, frequency: int) -> float:
    """Lucene's idf, as bm25s computes it."""
    return math.log(1 + (chunks - frequency + 0.5) / (frequency + 0.5))


def _hits(rows: Sequence[tuple[Any, ...]]) -> list[ChunkHit]:
    return [
        ChunkHit(paragraph_id=pid, chunk_id=cid, chunk_start=start, chunk_end=end, score=float(score))
        for pid, cid, start, end, score in rows
    ]


class PostgresBackend:
    """The database's serving index; a rebuilt one (new version row) is picked up on the next search."""

    def __init__(self, url: str, model: str) -> None:
        self.url = check_url(url)
        self.model = model
        self._store = PostgresStore(url)  # creates or upgrades the schema, reads paragraph contexts
        self._pool: ConnectionPool[Conn] = ConnectionPool(
            url, min_size=1, max_size=POOL_MAX_SIZE, configure=register_vector, open=False, name="retrieval"
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except Exception as exc:
            self.close()
            raise DatabaseUnavailable(f"cannot use PostgreSQL database {redact(url)}: {exc}") from exc
        self._lock = threading.Lock()
        self._current: PostgresIndex | None = None
        self.current()  # fail now (no index, other model) rather than on the first question

    def current(self) -> PostgresIndex:
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT version, model, dimension, embed_backend, paragraphs, chunks, fingerprint,"
                " average_length, decompound, created FROM search_index"
            ).fetchone()
        if row is None:
            raise IndexNotBuilt(f"no search index in {redact(self.url)}; run `protokollet index` first")
        current = self._current
        if current is None or current.version != row[0]:
            index = PostgresIndex(self._pool, self._store, row)
            if index.info.model != self.model:
                raise ModelMismatch(
                    f"the index was built with model {index.info.model!r} but {self.model!r} is configured; "
                    "run `protokollet index` to rebuild it with the configured model"
                )
            with self._lock:
                self._current = current = index
        return current

    def close(self) -> None:
        self._pool.close()
        self._store.close()
