"""Both stores (SQLite and PostgreSQL, parametrized): round trip, idempotent re-ingest, replacement without
orphans, atomic saves, dedup, concurrent writers; then what is particular to each backend."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pydantic import SecretStr

from protokollet.errors import DatabaseUnavailable, StoreVersionError
from protokollet.models import AgendaItem, DocType, Document, Meeting, Paragraph
from protokollet.settings import Settings
from protokollet.store import SaveResult, relational
from protokollet.store.open import open_store
from protokollet.store.postgres import PostgresStore
from protokollet.store.relational import RelationalStore
from protokollet.store.sqlite import SCHEMA_VERSION, SqliteStore

TABLES = ("documents", "meetings", "agenda_items", "paragraphs")


def make_meeting(text_parts: list[str], body: str, date: dt.date, items: list[list[str]]) -> Meeting:
    """A meeting whose paragraphs are appended to `text_parts`, with offsets into the joined text."""
    offset = sum(len(p) for p in text_parts)
    start = offset
    agenda: list[AgendaItem] = []
    for n, paragraphs in enumerate(items, start=1):
        item_start = offset
        stored: list[Paragraph] = []
        for ordinal, text in enumerate(paragraphs):
            stored.append(
                Paragraph(
                    ordinal=ordinal, text=text, start=offset, end=offset + len(text), is_decision=ordinal == 0
                )
            )
            text_parts.append(text + "\n")
            offset += len(text) + 1
        agenda.append(
            AgendaItem(
                ordinal=n - 1,
                number=f"§ {n}",
                title=f"Ärende {n}",
                case_number=f"DNR-2024-{n:04d}",
                decision=paragraphs[0],
                start=item_start,
                end=offset,
                paragraphs=stored,
            )
        )
    fingerprint = hashlib.sha256(f"{body}|{date}|{items}".encode()).hexdigest()
    return Meeting(
        body=body,
        municipality="Testkommun",
        date=date,
        doc_type=DocType.PROTOKOLL,
        title=f"{body} {date}",
        fingerprint=fingerprint,
        start=start,
        end=offset,
        items=agenda,
    )


def make_document(source_path: str, meetings: list[tuple[str, dt.date, list[list[str]]]]) -> Document:
    parts: list[str] = []
    built = [make_meeting(parts, body, date, items) for body, date, items in meetings]
    text = "".join(parts)
    return Document(
        source_path=source_path,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        doc_type=DocType.PROTOKOLL,
        text=text,
        meetings=built,
    )


KS = ("Kommunstyrelsen", dt.date(2024, 3, 20), [["Beslut om budget.", "Bakgrund."], ["Anmälan av jäv."]])
KF = ("Kommunfullmäktige", dt.date(2023, 6, 19), [["Motion avslås."], ["Val av revisorer.", "Mer text."]])


def without_ids(meeting: Meeting) -> dict[str, object]:
    data = meeting.model_dump(exclude={"id"})
    for item in data["items"]:
        item.pop("id")
        for paragraph in item["paragraphs"]:
            paragraph.pop("id")
    return data


@dataclass(frozen=True)
class StoreFactory:
    """One database of one backend: `open()` makes a new store on it (its own connections, as another
    process would), `row_counts()` counts rows with the backend's own driver, behind the store's back."""

    backend: str
    open: Callable[[], RelationalStore]
    count: Callable[[str], int]

    def row_counts(self) -> dict[str, int]:
        return {table: self.count(table) for table in TABLES}


def sqlite_count(path: Path) -> Callable[[str], int]:
    def count(table: str) -> int:
        with closing(sqlite3.connect(path)) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    return count


def postgres_count(url: str) -> Callable[[str], int]:
    def count(table: str) -> int:
        with psycopg.connect(url) as conn:
            row = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
            assert row is not None
            return int(row[0])

    return count


@pytest.fixture(params=["sqlite", "postgres"])
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite3"
        return StoreFactory("sqlite", lambda: SqliteStore(path), sqlite_count(path))
    url: str = request.getfixturevalue("postgres_url")
    return StoreFactory("postgres", lambda: PostgresStore(url), postgres_count(url))


def test_round_trip(store_factory: StoreFactory) -> None:
    document = make_document("/a/ks.txt", [KS, KF])
    with store_factory.open() as store:
        result = store.save_document(document)
        assert (result.status, result.meetings_added, result.items, result.paragraphs) == ("added", 2, 4, 6)

        summaries = store.meetings()
        assert [s.body for s in summaries] == ["Kommunfullmäktige", "Kommunstyrelsen"]  # by date
        assert [(s.items, s.paragraphs) for s in summaries] == [(2, 3), (2, 3)]
        assert all(s.source_path == "/a/ks.txt" for s in summaries)

        ks_summary = summaries[1]
        meeting = store.meeting(ks_summary.id)
        assert meeting is not None
        assert without_ids(meeting) == without_ids(document.meetings[0])  # every field survives
        assert all(i.id and all(p.id for p in i.paragraphs) for i in meeting.items)  # ids were assigned
        assert store.meeting("no-such-id") is None

        contexts = list(store.paragraphs())
        assert len(contexts) == 6 == len(store.paragraph_ids())
        text = store.document_text(result.document_id)
        assert text == document.text
        assert store.document_text("no-such-id") is None
        for ctx in contexts:  # offsets quote the stored text exactly
            assert text[ctx.start : ctx.end] == ctx.text
        first = contexts[0]
        assert (first.body, first.item_number, first.is_decision, first.date) == (
            "Kommunstyrelsen",
            "§ 1",
            True,
            dt.date(2024, 3, 20),
        )
        assert list(store.paragraphs()) == contexts  # stable order
        picked = [contexts[4].paragraph_id, contexts[1].paragraph_id]
        assert [c.paragraph_id for c in store.paragraphs(picked)] == [
            contexts[1].paragraph_id,
            contexts[4].paragraph_id,
        ]
        assert list(store.paragraphs([])) == []
        case = store.paragraphs_for_case("DNR-2024-0002")
        assert [c.text for c in case] == ["Anmälan av jäv.", "Val av revisorer.", "Mer text."]
        assert store.paragraphs_for_case("DNR-0000") == []
        assert store.stored_sha256("/a/ks.txt") == document.sha256
        assert store.stored_sha256("/a/other.txt") is None


def test_same_file_again_is_unchanged(store_factory: StoreFactory) -> None:
    document = make_document("/a/ks.txt", [KS])
    with store_factory.open() as store:
        first = store.save_document(document)
        ids = store.paragraph_ids()
        again = store.save_document(document)
    assert again.status == "unchanged" and again.document_id == first.document_id
    assert store_factory.row_counts() == {"documents": 1, "meetings": 1, "agenda_items": 2, "paragraphs": 3}
    with store_factory.open() as store:  # reopening keeps everything (and does not recreate the schema)
        assert store.paragraph_ids() == ids


def test_changed_file_replaces_rows_without_orphans(store_factory: StoreFactory) -> None:
    with store_factory.open() as store:
        store.save_document(make_document("/a/ks.txt", [KS, KF]))
        assert store_factory.row_counts() == {
            "documents": 1,
            "meetings": 2,
            "agenda_items": 4,
            "paragraphs": 6,
        }
        changed = make_document("/a/ks.txt", [("Kommunstyrelsen", dt.date(2024, 3, 20), [["Nytt beslut."]])])
        result = store.save_document(changed)
        assert result.status == "replaced"
        assert store_factory.row_counts() == {
            "documents": 1,
            "meetings": 1,
            "agenda_items": 1,
            "paragraphs": 1,
        }
        assert [c.text for c in store.paragraphs()] == ["Nytt beslut."]
        assert store.stored_sha256("/a/ks.txt") == changed.sha256


def test_failure_mid_save_leaves_nothing_and_keeps_previous_version(
    store_factory: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store_factory.open() as store:
        old = make_document("/a/ks.txt", [KS])
        store.save_document(old)
        before = store_factory.row_counts()
        old_ids = store.paragraph_ids()

        real_insert = relational.insert_meeting
        calls = 0

        def failing_insert(sql: relational.Sql, document_id: str, ordinal: int, meeting: Meeting) -> None:
            nonlocal calls
            calls += 1
            if calls % 2 == 0:  # the first meeting with all its rows is already written
                raise RuntimeError("disk on fire")
            real_insert(sql, document_id, ordinal, meeting)

        monkeypatch.setattr(relational, "insert_meeting", failing_insert)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.save_document(make_document("/a/ks.txt", [KF, KS]))  # a replacement
        with pytest.raises(RuntimeError):
            store.save_document(make_document("/b/new.txt", [KF, ("Nämnd", dt.date(2025, 1, 1), [["x"]])]))
        assert calls == 4

        assert store_factory.row_counts() == before
        assert store.paragraph_ids() == old_ids
        assert store.stored_sha256("/a/ks.txt") == old.sha256
        assert store.stored_sha256("/b/new.txt") is None
        monkeypatch.undo()
        assert store.save_document(make_document("/b/new.txt", [KF])).status == "added"  # still usable


def test_duplicate_meeting_is_stored_once(store_factory: StoreFactory) -> None:
    with store_factory.open() as store:
        store.save_document(make_document("/a/ks.txt", [KS]))
        result = store.save_document(make_document("/b/bundle.txt", [KF, KS]))
        assert (result.status, result.meetings_added, result.meetings_skipped_duplicate) == ("added", 1, 1)
        assert len(result.warnings) == 1 and "/a/ks.txt" in result.warnings[0]
        assert (result.items, result.paragraphs) == (2, 3)  # only what was stored
        assert [s.source_path for s in store.meetings()] == ["/b/bundle.txt", "/a/ks.txt"]
        # Identical content under another path: the document is kept, every meeting is a duplicate.
        copy = store.save_document(make_document("/c/copy.txt", [KS]))
        assert (copy.status, copy.meetings_added, copy.meetings_skipped_duplicate) == ("added", 0, 1)
    assert store_factory.row_counts() == {"documents": 3, "meetings": 2, "agenda_items": 4, "paragraphs": 6}


def test_parser_ids_are_kept_and_identical_document_ids_do_not_collide(store_factory: StoreFactory) -> None:
    document = make_document("/a/ks.txt", [KS])
    document.id = "doc-1"
    document.meetings[0].id = "m-1"
    document.meetings[0].items[0].id = "i-1"
    document.meetings[0].items[0].paragraphs[0].id = "p-1"
    with store_factory.open() as store:
        assert store.save_document(document).document_id == "doc-1"
        assert store.meeting("m-1") is not None
        assert "p-1" in store.paragraph_ids()
        twin = store.save_document(document.model_copy(update={"source_path": "/b/ks.txt"}))
        assert twin.status == "added" and twin.document_id != "doc-1"


def run_together(writers: list[Callable[[], None]]) -> list[BaseException]:
    """Run each writer in its own thread, released at the same moment; the exceptions they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(writers))

    def run(writer: Callable[[], None]) -> None:
        try:
            start.wait()
            writer()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(writer,)) for writer in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_writers_are_serialised(store_factory: StoreFactory) -> None:
    store_factory.open().close()

    def writer(n: int) -> Callable[[], None]:
        def write() -> None:
            with store_factory.open() as store:  # one connection per writer, as separate processes would
                for k in range(5):
                    body = f"Nämnd {n}"
                    store.save_document(
                        make_document(f"/w{n}/{k}.txt", [(body, dt.date(2024, 1, k + 1), [[f"{n}-{k}"]])])
                    )

        return write

    assert run_together([writer(n) for n in range(4)]) == []
    assert store_factory.row_counts() == {
        "documents": 20,
        "meetings": 20,
        "agenda_items": 20,
        "paragraphs": 20,
    }


def test_concurrent_saves_of_one_file_and_of_one_meeting_store_each_once(store_factory: StoreFactory) -> None:
    """Writers racing on the same file, and on different files holding the same meeting, neither fail
    (no unique-constraint error) nor store anything twice."""
    store_factory.open().close()
    stores = [store_factory.open() for _ in range(4)]
    same_file = make_document("/a/ks.txt", [KS])
    copies = [make_document(f"/copy/{n}.txt", [KF]) for n in range(4)]
    results: list[SaveResult] = []

    def saver(store: RelationalStore, document: Document) -> Callable[[], None]:
        return lambda: results.append(store.save_document(document))

    try:
        assert run_together([saver(store, same_file) for store in stores]) == []
        assert sorted(r.status for r in results) == ["added", "unchanged", "unchanged", "unchanged"]
        results.clear()
        assert run_together([saver(store, copy) for store, copy in zip(stores, copies, strict=True)]) == []
        assert sorted(r.meetings_added for r in results) == [0, 0, 0, 1]
    finally:
        for store in stores:
            store.close()
    assert store_factory.row_counts() == {"documents": 5, "meetings": 2, "agenda_items": 4, "paragraphs": 6}


def test_near_identical_copy_is_stored_once_with_the_parsers_check(store_factory: StoreFactory) -> None:
    from protokollet.ingest.parse import same_meeting

    words = " ".join(f"ord{i}" for i in range(150))
    original = ("Samverkansgrupp hälsa", dt.date(2024, 4, 12), [[words], ["Övriga frågor togs upp."]])
    fixed_typo = (original[0], original[1], [[words.replace("ord75", "ord075")], ["Övriga frågor togs upp."]])
    other_day = (original[0], dt.date(2024, 5, 8), original[2])
    with store_factory.open() as store:
        store.save_document(make_document("/a/bundle.txt", [original]))
        copy = store.save_document(make_document("/b/notes.txt", [fixed_typo]), same_meeting)
        assert (copy.meetings_added, copy.meetings_skipped_duplicate) == (0, 1)
        assert "near-identical" in copy.warnings[0] and "/a/bundle.txt" in copy.warnings[0]
        # Without the check, or on another date, it is a meeting of its own.
        assert store.save_document(make_document("/c/notes.txt", [fixed_typo])).meetings_added == 1
        assert (
            store.save_document(make_document("/d/notes.txt", [other_day]), same_meeting).meetings_added == 1
        )


# -- SQLite only -----------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


def test_newer_schema_is_refused(db: Path) -> None:
    SqliteStore(db).close()
    with closing(sqlite3.connect(db)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreVersionError, match="upgrade"):
        SqliteStore(db)


def test_wal_and_foreign_keys_are_on(db: Path) -> None:
    with SqliteStore(db) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()["journal_mode"] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()["foreign_keys"] == 1
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO meetings (id, document_id, ordinal, doc_type, char_start, char_end)"
                " VALUES ('m', 'missing-doc', 0, 'protokoll', 0, 0)"
            )


# -- PostgreSQL only -------------------------------------------------------------------------------


def test_postgres_tables_mirror_the_sqlite_schema(db: Path, postgres_url: str) -> None:
    SqliteStore(db).close()
    PostgresStore(postgres_url).close()
    with closing(sqlite3.connect(db)) as conn:
        sqlite_columns = {
            table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")] for table in TABLES
        }
    with psycopg.connect(postgres_url) as conn:
        postgres_columns = {
            table: [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " ORDER BY ordinal_position",
                    (table,),
                )
            ]
            for table in TABLES
        }
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert postgres_columns == sqlite_columns
    assert revision is not None


def test_open_store_picks_the_backend_from_the_settings(tmp_path: Path, postgres_url: str) -> None:
    with closing(open_store(Settings(data_dir=tmp_path, database_url=SecretStr(postgres_url)))) as store:
        assert isinstance(store, PostgresStore)
    assert not (tmp_path / "protokollet.sqlite3").exists()
    with closing(open_store(Settings(data_dir=tmp_path, database_url=SecretStr("")))) as store:
        assert isinstance(store, SqliteStore)
    assert (tmp_path / "protokollet.sqlite3").is_file()


def test_unknown_schema_revision_is_refused(postgres_url: str) -> None:
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreVersionError, match=r"9999.*upgrade Protokollet"):
        PostgresStore(postgres_url)


UNREACHABLE = "postgresql://user:hemligt@127.0.0.1:1/protokoll"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user:hemligt@db/protokoll", "must be a postgresql:// URL"),
        ("postgresql://user:hemligt@[db/protokoll", "not a valid URL"),
        (UNREACHABLE, "cannot use PostgreSQL database postgresql://user:\\*\\*\\*@127.0.0.1:1/protokoll: "),
    ],
)
def test_bad_database_url_is_one_clear_line(url: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match=message) as raised:
        open_store(Settings(data_dir=tmp_path, database_url=SecretStr(url)))
    assert "\n" not in str(raised.value) and "hemligt" not in str(raised.value)


def test_cli_reports_an_unreachable_database_in_one_line(tmp_path: Path) -> None:
    cli = subprocess.run(
        [sys.executable, "-c", "from protokollet.cli import main; main()", "meetings"],
        env={
            "PATH": "/usr/bin:/bin",
            "PROTOKOLLET_DATABASE_URL": UNREACHABLE,
            "PROTOKOLLET_DATA_DIR": str(tmp_path),
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 1
    assert cli.stderr.startswith("error: cannot use PostgreSQL database") and cli.stderr.count("\n") == 1
    assert "Traceback" not in cli.stderr and "hemligt" not in cli.stderr


SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def ingest_in_lockstep(url: str, barrier: Any, outcomes: Any) -> None:
    """One ingest worker process: opens its store, waits for the other, then ingests the sample corpus
    and reports each file's (path, status, error)."""
    from protokollet.ingest.pipeline import ingest_paths

    with PostgresStore(url) as store:
        barrier.wait(timeout=120)
        report = ingest_paths([SAMPLE], store, progress=False)
    outcomes.put([(str(f.path), f.status, f.error) for f in report.files])


def test_two_ingest_processes_at_once_store_the_sample_corpus_once(
    tmp_path: Path, make_postgres_database: Callable[[str], str]
) -> None:
    """Two worker processes released at the same moment ingest the same 13 files into one Postgres, file
    by file in the same order, so they race on every file: none fails, each file is added by exactly one
    of them, and the rows are those of one ingest into SQLite (cross-file meeting dedup included)."""
    url = make_postgres_database("double_ingest")
    PostgresStore(url).close()  # the schema exists before the race (its creation is tested elsewhere)
    context = multiprocessing.get_context("spawn")
    barrier, outcomes = context.Barrier(2), context.Queue()
    workers = [context.Process(target=ingest_in_lockstep, args=(url, barrier, outcomes)) for _ in range(2)]
    for worker in workers:
        worker.start()
    reports = [outcomes.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    files = len(list(SAMPLE.rglob("*.txt")))
    assert [len(report) for report in reports] == [files, files]
    assert [(error, status) for report in reports for _, status, error in report if error] == []
    statuses = sorted(
        tuple(sorted(pair)) for pair in zip(*[[s for _, s, _ in r] for r in reports], strict=True)
    )
    assert statuses == [("added", "unchanged")] * files
    with SqliteStore(tmp_path / "once.sqlite3") as once:
        from protokollet.ingest.pipeline import ingest_paths

        ingest_paths([SAMPLE], once, progress=False)
    assert {t: postgres_count(url)(t) for t in TABLES} == {
        t: sqlite_count(tmp_path / "once.sqlite3")(t) for t in TABLES
    }
