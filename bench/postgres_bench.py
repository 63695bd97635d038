"""PostgreSQL section of `protokollet bench`: the embedded bench's data, served by pgvector + SQL BM25.

Each size gets its own database on the given server (`<db>_bench_<size>`, created through the given URL's
connection). At corpus size it holds the configured data dir, moved by `migrate`; at a synthetic size it
holds the cached snapshot `ensure_synthetic` wrote (the one the embedded bench measures): the corpus is
migrated, then every copy's documents, meetings, items and paragraphs are derived in SQL the way
`copy_context` derives them, and every chunk is written with the snapshot's own vector and the terms of
its copy's header and body (as the synthetic BM25 index counts them). The IVFFlat index is built once,
after the fill, and timed. A fingerprint row (`bench_fill`) says what a database holds, so a second run
measures without filling again; a database filled before the vector index changed gets the current one
built (and timed) without filling again.

Measured with fixed query vectors (retrieval only): `Searcher.search` latency per mode on PostgreSQL and
on the embedded index over the same data, recall@10 of PostgreSQL against embedded exact search, and
IVFFlat recall@10 against exact SQL (the same query without the index) at several probes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import psycopg
from psycopg import sql
from pydantic import BaseModel, SecretStr
from tqdm import tqdm

from protokollet.bench.measure import Latency, recall_at_k, timed_calls
from protokollet.bench.search_bench import MODES, FixedQueryEmbedder
from protokollet.bench.synthetic import MUNICIPALITIES
from protokollet.errors import BenchDataMismatch, DatabaseUnavailable
from protokollet.index.chunking import chunk_header
from protokollet.index.postgres.migrate import migrate
from protokollet.index.postgres.retrieval import IVFFLAT_PROBES
from protokollet.index.postgres.tables import (
    built_lists,
    chunk_row,
    connect,
    ensure_vector_index,
    hnsw_index_name,
    index_writer,
    vector_index_name,
    write_lexicon,
)
from protokollet.index.search import Mode, Searcher, SearchHit
from protokollet.index.snapshot import Snapshot, load_snapshot, paragraph_fingerprint, read_manifest
from protokollet.settings import Settings
from protokollet.store.index_tables import CHUNK_COLUMNS, POSTINGS_OF_CHUNKS
from protokollet.store.pgschema import check_url, first_line, redact
from protokollet.store.postgres import CONNECT_TIMEOUT_S, create_database

K = 10
#: probes whose IVFFlat recall is reported besides the configured one.
PROBES_SWEEP = (20, 40, 80)
#: Least memory for the one vector index build after a fill (the default 64 MB is too little for IVFFlat's
#: k-means sample at 1M chunks); a server configured with more keeps its setting.
MAINTENANCE_WORK_MEM = "1GB"
#: Bumped when the fill changes, so databases filled by an older bench are filled again (3: the vector
#: index is no longer part of the fill's fingerprint; it is checked, and rebuilt if needed, on every run).
FILL_FORMAT = 3
FILL_TABLE = "bench_fill"
#: Relative score difference taken as a tie (the backends compute scores in float32 vs float64).
SCORE_TOLERANCE = 1e-4
_NAME_PART = re.compile(r"[^a-z0-9_]+")


class PostgresFill(BaseModel):
    """What a bench database holds and what filling it cost (the costs of the run that filled it)."""

    database: str  # URL without password
    paragraphs: int
    chunks: int
    reused: bool
    fill_seconds: float  # the vector index build included when it was built with the fill
    vector_index: str  # as `describe_vector_index` says, e.g. "ivfflat lists 2002"
    vector_index_seconds: float  # its build, with the fill or later on a filled database


class PostgresSearchRow(BaseModel):
    """One mode through `Searcher.search` on PostgreSQL and on the embedded index over the same data."""

    mode: str
    latency: Latency
    embedded_latency: Latency
    recall_vs_embedded: float  # recall@10 of PostgreSQL's paragraphs against `truth_index` (embedded)
    #: The same, counting a hit that scores at least the exact 10th score as found (ties at the cut-off,
    #: which each backend breaks its own way); dense and lexical only, whose scores both backends share.
    recall_with_ties: float | None = None


class VectorIndexRecallRow(BaseModel):
    """The IVFFlat index alone: chunk top 10 through the index vs the same SQL without it."""

    probes: int
    configured: bool
    recall_at_10: float
    latency: Latency


class PostgresMeasurement(BaseModel):
    label: str
    fill: PostgresFill
    embedded_index: str  # what the embedded latencies were measured on
    truth_index: str  # the embedded index recall is measured against (exact: IndexFlatIP)
    search: list[PostgresSearchRow]
    vector_index: list[VectorIndexRecallRow]
    vector_index_used: bool  # the planner took the IVFFlat index for the approximate query (EXPLAIN)
    #: Bytes on disk: each search table with its indexes (the IVFFlat index also apart), and the database.
    storage: dict[str, int] = {}
    load_before: float  # 1-minute load average: the machine may be shared
    load_after: float


def check_server(url: str) -> None:
    """Fail now, in one line, when `url` is no PostgreSQL URL or its server does not answer."""
    check_url(url)
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        raise DatabaseUnavailable(f"cannot use PostgreSQL {redact(url)}: {first_line(exc)}") from exc


def database_name(url: str, label: str) -> str:
    """`<database of url>_bench_<label>` as a plain identifier (at most 63 characters)."""
    base = _NAME_PART.sub("_", urlsplit(url).path.lstrip("/").lower()) or "postgres"
    suffix = "_bench_" + _NAME_PART.sub("_", label.lower())
    name = base[: 63 - len(suffix)] + suffix
    return name if re.match(r"[a-z_]", name) else ("p" + name)[:63]


def fill_fingerprint(settings: Settings, snapshot_dir: Path | None) -> str:
    """What a database filled for this size holds: the corpus or synthetic snapshot it came from (a
    rebuilt snapshot has a new creation time)."""
    corpus = read_manifest(settings.resolved_index_dir)
    parts = [FILL_FORMAT, corpus.paragraph_fingerprint, corpus.created.isoformat()]
    if snapshot_dir is not None:
        synthetic = read_manifest(snapshot_dir)
        parts += [synthetic.paragraph_fingerprint, synthetic.created.isoformat()]
    return ":".join(map(str, parts))


def ensure_filled(
    settings: Settings, url: str, label: str, snapshot_dir: Path | None, *, progress: bool = True
) -> tuple[str, PostgresFill]:
    """(URL of the size's database, what it holds): filled with the corpus (`snapshot_dir` None) or the
    synthetic snapshot at `snapshot_dir`, unless it already holds exactly that."""
    fingerprint = fill_fingerprint(settings, snapshot_dir)
    name = database_name(url, label)
    target = urlsplit(url)._replace(path=f"/{name}").geturl()
    stored = _stored_fill(url, name, target, fingerprint)
    if stored is not None:
        with connect(target) as conn:
            conn.autocommit = True
            if stored.vector_index != describe_vector_index(conn):
                seconds = build_vector_index(conn)
                stored = stored.model_copy(
                    update={"vector_index": describe_vector_index(conn), "vector_index_seconds": seconds}
                )
                conn.execute(
                    f"UPDATE {FILL_TABLE} SET fill = %s",
                    (stored.model_copy(update={"reused": False}).model_dump_json(),),
                )
        return target, stored
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    create_database(url, name)
    started = time.perf_counter()
    migrate(settings, target, progress=progress)
    if snapshot_dir is not None:
        add_synthetic_copies(settings, target, load_snapshot(snapshot_dir, settings.model), progress=progress)
    with connect(target) as conn:
        conn.autocommit = True
        index_seconds = build_vector_index(conn)
        conn.execute("VACUUM (ANALYZE)")
        row = conn.execute("SELECT paragraphs, chunks FROM search_index").fetchone()
        assert row is not None
        fill = PostgresFill(
            database=redact(target),
            paragraphs=int(str(row[0])),
            chunks=int(str(row[1])),
            reused=False,
            fill_seconds=time.perf_counter() - started,
            vector_index=describe_vector_index(conn),
            vector_index_seconds=index_seconds,
        )
        conn.execute(f"CREATE TABLE {FILL_TABLE} (fingerprint text NOT NULL, fill jsonb NOT NULL)")
        conn.execute(f"INSERT INTO {FILL_TABLE} VALUES (%s, %s)", (fingerprint, fill.model_dump_json()))
    return target, fill


def _stored_fill(admin_url: str, name: str, url: str, fingerprint: str) -> PostgresFill | None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            return None
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass(%s)", (FILL_TABLE,)).fetchone() in (None, (None,)):
            return None
        row = conn.execute(f"SELECT fill FROM {FILL_TABLE} WHERE fingerprint = %s", (fingerprint,)).fetchone()
    if row is None:
        return None
    return PostgresFill.model_validate(row[0]).model_copy(update={"reused": True})


def describe_vector_index(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    """The database's vector index as "ivfflat lists N" ("none" without one)."""
    row = conn.execute("SELECT dimension FROM search_index").fetchone()
    assert row is not None
    lists = built_lists(conn, vector_index_name(int(str(row[0]))))
    return "none" if lists is None else f"ivfflat lists {lists}"


def build_vector_index(conn: psycopg.Connection[tuple[object, ...]]) -> float:
    """Seconds to build the IVFFlat index (dropped first) the way `protokollet index` builds it."""
    row = conn.execute("SELECT dimension FROM search_index").fetchone()
    assert row is not None
    dimension = int(str(row[0]))
    conn.execute(
        "SELECT set_config('maintenance_work_mem', (greatest(pg_size_bytes(current_setting("
        "'maintenance_work_mem')), pg_size_bytes(%s)) / 1024)::bigint || 'kB', false)",
        (MAINTENANCE_WORK_MEM,),
    )
    conn.execute(f"DROP INDEX IF EXISTS {vector_index_name(dimension)}")
    started = time.perf_counter()
    with conn.transaction():
        ensure_vector_index(conn, dimension)  # also drops an HNSW index of an older bench
    return time.perf_counter() - started


def add_synthetic_copies(settings: Settings, url: str, synthetic: Snapshot, *, progress: bool = True) -> None:
    """Turn a database holding the migrated corpus into `synthetic`: copies' rows, every chunk's vector and
    terms as the snapshot has them, postings, lexicon, version row (no vector index: build one after)."""
    corpus_ids = set(load_snapshot(settings.resolved_index_dir, settings.model).paragraphs)
    copies: list[tuple[str, str, int]] = []
    for paragraph_id in synthetic.paragraphs:
        if paragraph_id not in corpus_ids:
            source, _, number = paragraph_id.rpartition("~")
            if source not in corpus_ids or not number.isdigit():
                raise BenchDataMismatch(
                    f"synthetic paragraph {paragraph_id} is no copy of a corpus paragraph; "
                    "the synthetic cache was made from another corpus (delete it or use another --cache-dir)"
                )
            copies.append((paragraph_id, source, int(number)))
    analyzer = synthetic.lexical.analyzer
    cached: dict[str, list[str]] = {}

    def tokens(text: str) -> list[str]:
        if text not in cached:
            cached[text] = analyzer.tokens(text)
        return cached[text]

    terms: list[list[str]] = []
    with index_writer(url) as conn, conn.transaction():
        dimension = synthetic.manifest.dimension
        conn.execute(f"DROP INDEX IF EXISTS {vector_index_name(dimension)}")  # built once, after the fill
        conn.execute(f"DROP INDEX IF EXISTS {hnsw_index_name(dimension)}")
        conn.execute("CREATE TEMP TABLE copies (id text, source text, copy int) ON COMMIT DROP")
        with conn.cursor().copy("COPY copies (id, source, copy) FROM STDIN") as copy:
            for row in copies:
                copy.write_row(row)
        _copy_rows(conn)
        conn.execute("CREATE TEMP TABLE new_chunks (LIKE chunks) ON COMMIT DROP")
        vectors = synthetic.dense.vectors
        with conn.cursor().copy(f"COPY new_chunks ({CHUNK_COLUMNS}) FROM STDIN") as copy:
            for position, chunk in enumerate(
                tqdm(synthetic.chunks, desc="Writing chunks", unit="chunk", disable=not progress)
            ):
                context = synthetic.paragraphs[chunk.paragraph_id]
                # Header and body tokenised apart, as the synthetic BM25 index counts them.
                chunk_terms = tokens(chunk_header(context)) + tokens(context.text[chunk.start : chunk.end])
                terms.append(chunk_terms)
                copy.write_row(
                    chunk_row(chunk, position, np.asarray(vectors[position], dtype=np.float32), chunk_terms)
                )
        # The corpus' chunks take the snapshot's vectors, order and terms (it may be older than the index).
        updated = conn.execute(
            "UPDATE chunks c SET position = n.position, embedding = n.embedding, terms = n.terms,"
            " length = n.length FROM new_chunks n WHERE n.id = c.id"
        ).rowcount
        present = conn.execute("SELECT count(*) FROM chunks").fetchone()
        if present is None or updated != int(str(present[0])):
            raise BenchDataMismatch(
                "the synthetic snapshot's chunks do not match the migrated corpus' chunks"
            )
        conn.execute(
            "INSERT INTO chunks SELECT n.* FROM new_chunks n WHERE n.id NOT IN (SELECT id FROM chunks)"
        )
        _refill_postings(conn)
        write_lexicon(conn, terms, analyzer)
        counted = conn.execute("SELECT count(*), coalesce(avg(length), 0) FROM chunks").fetchone()
        assert counted is not None
        conn.execute(
            "UPDATE search_index SET version = %s, paragraphs = %s, chunks = %s, fingerprint = %s,"
            " average_length = %s, created = %s",
            (
                f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-bench",
                len(synthetic.paragraphs),
                int(str(counted[0])),
                paragraph_fingerprint(synthetic.paragraphs),
                float(str(counted[1])),
                dt.datetime.now(dt.UTC),
            ),
        )


def _refill_postings(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """All postings derived anew from `chunks.terms`, loaded without indexes and indexed after (sorting
    once instead of ~40M random B-tree inserts at 1M chunks). The foreign key is not checked row by row
    (every row comes from a chunk in the same statement); the indexes are the ones revision 0003 made."""
    conn.execute("DELETE FROM postings")
    conn.execute("ALTER TABLE postings DROP CONSTRAINT postings_pkey")
    conn.execute("DROP INDEX postings_chunk_id")
    conn.execute("SET LOCAL session_replication_role = replica")
    conn.execute("INSERT INTO postings (term, chunk_id, tf, length) " + POSTINGS_OF_CHUNKS)
    conn.execute("SET LOCAL session_replication_role = origin")
    conn.execute(
        "ALTER TABLE postings ADD CONSTRAINT postings_pkey PRIMARY KEY (term, chunk_id) INCLUDE (tf, length)"
    )
    conn.execute("CREATE INDEX postings_chunk_id ON postings (chunk_id)")


def _copy_rows(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Documents, meetings, items and paragraphs of every copy listed in temp table `copies`, derived from
    their source rows as `copy_context` derives a copy's context (ids `~n`, municipality, date + n weeks)."""
    conn.execute(
        "CREATE TEMP TABLE copy_of ON COMMIT DROP AS SELECT c.id, c.copy, p.id AS paragraph, i.id AS item,"
        " m.id AS meeting, m.document_id AS document FROM copies c JOIN paragraphs p ON p.id = c.source"
        " JOIN agenda_items i ON i.id = p.item_id JOIN meetings m ON m.id = i.meeting_id"
    )
    conn.execute(
        "INSERT INTO documents (id, source_path, sha256, doc_type, text, ingested_at)"
        " SELECT d.id || '~' || k.copy, 'synthetic/' || k.copy || '/' || d.source_path, d.sha256, d.doc_type,"
        " d.text, d.ingested_at FROM (SELECT DISTINCT document, copy FROM copy_of) k"
        " JOIN documents d ON d.id = k.document"
    )
    conn.execute(
        "INSERT INTO meetings (id, document_id, ordinal, fingerprint, body, municipality, date, doc_type,"
        " title, char_start, char_end)"
        " SELECT m.id || '~' || k.copy, m.document_id || '~' || k.copy, m.ordinal,"
        " m.fingerprint || '~' || k.copy,"
        " m.body, (%s::text[])[(k.copy - 1) %% %s + 1], m.date + 7 * k.copy, m.doc_type, m.title,"
        " m.char_start, m.char_end FROM (SELECT DISTINCT meeting, copy FROM copy_of) k"
        " JOIN meetings m ON m.id = k.meeting",
        (list(MUNICIPALITIES), len(MUNICIPALITIES)),
    )
    conn.execute(
        "INSERT INTO agenda_items (id, meeting_id, ordinal, number, title, case_number, decision,"
        " char_start, char_end) SELECT i.id || '~' || k.copy, i.meeting_id || '~' || k.copy, i.ordinal,"
        " i.number, i.title, i.case_number, i.decision, i.char_start, i.char_end"
        " FROM (SELECT DISTINCT item, copy FROM copy_of) k"
        " JOIN agenda_items i ON i.id = k.item"
    )
    conn.execute(
        "INSERT INTO paragraphs (id, item_id, ordinal, text, char_start, char_end, is_decision)"
        " SELECT k.id, p.item_id || '~' || k.copy, p.ordinal, p.text, p.char_start, p.char_end, p.is_decision"
        " FROM copy_of k JOIN paragraphs p ON p.id = k.paragraph"
    )


def vector_index_recall(url: str, queries: np.ndarray) -> tuple[list[VectorIndexRecallRow], bool]:
    """IVFFlat recall@10 (chunks) at several probes against the same ORDER BY without the index, and
    whether the planner used the index for the approximate query."""
    with connect(url) as conn:
        conn.autocommit = True
        row = conn.execute("SELECT dimension FROM search_index").fetchone()
        assert row is not None
        typed = f"vector({int(str(row[0]))})"
        approximate = f"SELECT id FROM chunks ORDER BY (embedding::{typed}) <#> %s::{typed} LIMIT {K}"
        exact = f"SELECT id FROM chunks ORDER BY embedding <#> %s::vector, position LIMIT {K}"
        plan = conn.execute("EXPLAIN " + approximate, (queries[0],)).fetchall()
        used = any(vector_index_name(int(str(row[0]))) in str(line[0]) for line in plan)
        truth = [[str(cid) for (cid,) in conn.execute(exact, (q,))] for q in queries]

        def search_at(probes: int) -> Any:
            def search(query: np.ndarray) -> list[str]:
                with conn.transaction():
                    conn.execute("SELECT set_config('ivfflat.probes', %s, true)", (str(probes),))
                    return [str(cid) for (cid,) in conn.execute(approximate, (query,))]

            return search

        rows = []
        for probes in sorted({*PROBES_SWEEP, IVFFLAT_PROBES}):
            latency, found = timed_calls(list(queries), search_at(probes))
            rows.append(
                VectorIndexRecallRow(
                    probes=probes,
                    configured=probes == IVFFLAT_PROBES,
                    recall_at_10=recall_at_k(found, truth, K),
                    latency=latency,
                )
            )
    return rows, used


def storage_bytes(url: str) -> dict[str, int]:
    """Bytes on disk of the search tables (each with its indexes), the IVFFlat index apart, the database."""
    with connect(url) as conn:
        row = conn.execute("SELECT dimension FROM search_index").fetchone()
        assert row is not None
        sizes = {
            str(table): int(str(size))
            for table, size in conn.execute(
                "SELECT t, pg_total_relation_size(t::regclass) FROM unnest(%s::text[]) AS t",
                (["chunks", "postings", "lexicon"],),
            )
        }
        counted = conn.execute(
            "SELECT pg_relation_size(to_regclass(%s)), pg_database_size(current_database())",
            (vector_index_name(int(str(row[0]))),),
        ).fetchone()
        assert counted is not None
        sizes["ivfflat index (in chunks)"] = int(str(counted[0] or 0))
        sizes["database"] = int(str(counted[1]))
    return sizes


def _paragraphs(
    searcher: Searcher, questions: list[str], mode: Mode
) -> tuple[Latency, list[list[SearchHit]]]:
    return timed_calls(questions, lambda q: searcher.search(q, k=K, mode=mode))


def _ids(results: list[list[SearchHit]]) -> list[list[str]]:
    return [[hit.context.paragraph_id for hit in hits] for hits in results]


def recall_with_ties(found: list[list[SearchHit]], truth: list[list[SearchHit]], k: int = K) -> float:
    """Recall@k where a found hit also counts when it scores at least the exact k-th score (less a
    rounding tolerance): copies that tie with the k-th result are as correct as it is (the rule of
    ann-benchmarks' recall). Only for modes whose scores mean the same on both sides."""
    shares = []
    for hits, exact in zip(found, truth, strict=True):
        if not exact[:k]:
            continue
        cutoff = exact[:k][-1].score
        cutoff -= SCORE_TOLERANCE * max(1.0, abs(cutoff))
        wanted = {hit.context.paragraph_id for hit in exact[:k]}
        correct = sum(hit.context.paragraph_id in wanted or hit.score >= cutoff for hit in hits[:k])
        shares.append(min(1.0, correct / len(exact[:k])))
    return float(np.mean(shares)) if shares else 1.0


def measure_postgres(
    settings: Settings,
    url: str,
    label: str,
    index_dir: Path | None,
    exact_index_dir: Path | None,
    questions: list[str],
    query_vectors: dict[str, np.ndarray],
    *,
    progress: bool = True,
) -> PostgresMeasurement:
    """Fill (or reuse) the size's database and measure it against the embedded index over the same data.

    `index_dir`/`exact_index_dir`: the synthetic snapshot's chosen and exact index (None at corpus size:
    the configured index, which is also the truth when it is exact)."""
    load_before = os.getloadavg()[0]
    database, fill = ensure_filled(settings, url, label, index_dir, progress=progress)
    embedder = FixedQueryEmbedder(query_vectors)
    embedded_settings = settings.model_copy(update={"database_url": None})
    if index_dir is not None:
        embedded_settings = embedded_settings.model_copy(update={"index_dir": index_dir})
    embedded = Searcher(embedded_settings, embedder)
    embedded_index = str(embedded.index.info.details.get("faiss_index_type", ""))
    postgres = Searcher(settings.model_copy(update={"database_url": SecretStr(database)}), embedder)
    truth_searcher = (
        Searcher(embedded_settings.model_copy(update={"index_dir": exact_index_dir}), embedder)
        if exact_index_dir is not None
        else embedded
    )
    truth_index = str(truth_searcher.index.info.details.get("faiss_index_type", ""))
    rows: list[PostgresSearchRow] = []
    try:
        for mode in MODES:
            latency, found = _paragraphs(postgres, questions, mode)
            embedded_latency, _ = _paragraphs(embedded, questions, mode)
            _, truth = _paragraphs(truth_searcher, questions, mode)
            shared_scores = mode in ("dense", "lexical")
            rows.append(
                PostgresSearchRow(
                    mode=mode,
                    latency=latency,
                    embedded_latency=embedded_latency,
                    recall_vs_embedded=recall_at_k(_ids(found), _ids(truth), K),
                    recall_with_ties=recall_with_ties(found, truth) if shared_scores else None,
                )
            )
    finally:
        postgres.backend.close()
    recall, used = vector_index_recall(database, np.stack([query_vectors[q.strip()] for q in questions]))
    storage = storage_bytes(database)
    return PostgresMeasurement(
        label=label,
        fill=fill,
        embedded_index=embedded_index,
        truth_index=truth_index,
        search=rows,
        vector_index=recall,
        vector_index_used=used,
        storage=storage,
        load_before=load_before,
        load_after=os.getloadavg()[0],
    )
