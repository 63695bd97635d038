"""SqliteStore: round trip, idempotent re-ingest, replacement without orphans, atomic saves, dedup."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest

from protokollet.models import AgendaItem, DocType, Document, Meeting, Paragraph
from protokollet.store.sqlite import SCHEMA_VERSION, SqliteStore, StoreVersionError

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


def row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


def test_round_trip(db: Path) -> None:
    document = make_document("/a/ks.txt", [KS, KF])
    with SqliteStore(db) as store:
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
        assert store.stored_sha256("/a/ks.txt") == document.sha256
        assert store.stored_sha256("/a/other.txt") is None


def test_same_file_again_is_unchanged(db: Path) -> None:
    document = make_document("/a/ks.txt", [KS])
    with SqliteStore(db) as store:
        first = store.save_document(document)
        ids = store.paragraph_ids()
        again = store.save_document(document)
    assert again.status == "unchanged" and again.document_id == first.document_id
    assert row_counts(db) == {"documents": 1, "meetings": 1, "agenda_items": 2, "paragraphs": 3}
    with SqliteStore(db) as store:  # reopening keeps everything (and does not recreate the schema)
        assert store.paragraph_ids() == ids


def test_changed_file_replaces_rows_without_orphans(db: Path) -> None:
    with SqliteStore(db) as store:
        store.save_document(make_document("/a/ks.txt", [KS, KF]))
        assert row_counts(db) == {"documents": 1, "meetings": 2, "agenda_items": 4, "paragraphs": 6}
        changed = make_document("/a/ks.txt", [("Kommunstyrelsen", dt.date(2024, 3, 20), [["Nytt beslut."]])])
        result = store.save_document(changed)
        assert result.status == "replaced"
        assert row_counts(db) == {"documents": 1, "meetings": 1, "agenda_items": 1, "paragraphs": 1}
        assert [c.text for c in store.paragraphs()] == ["Nytt beslut."]
        assert store.stored_sha256("/a/ks.txt") == changed.sha256


def test_failure_mid_save_leaves_nothing_and_keeps_previous_version(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SqliteStore(db) as store:
        old = make_document("/a/ks.txt", [KS])
        store.save_document(old)
        before = row_counts(db)
        old_ids = store.paragraph_ids()

        real_insert = SqliteStore._insert_meeting
        calls = 0

        def failing_insert(self: SqliteStore, document_id: str, ordinal: int, meeting: Meeting) -> None:
            nonlocal calls
            calls += 1
            if calls % 2 == 0:  # the first meeting with all its rows is already written
                raise RuntimeError("disk on fire")
            real_insert(self, document_id, ordinal, meeting)

        monkeypatch.setattr(SqliteStore, "_insert_meeting", failing_insert)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.save_document(make_document("/a/ks.txt", [KF, KS]))  # a replacement
        with pytest.raises(RuntimeError):
            store.save_document(make_document("/b/new.txt", [KF, ("Nämnd", dt.date(2025, 1, 1), [["x"]])]))
        assert calls == 4

        assert row_counts(db) == before
        assert store.paragraph_ids() == old_ids
        assert store.stored_sha256("/a/ks.txt") == old.sha256
        assert store.stored_sha256("/b/new.txt") is None
        monkeypatch.undo()
        assert store.save_document(make_document("/b/new.txt", [KF])).status == "added"  # still usable


def test_duplicate_meeting_is_stored_once(db: Path) -> None:
    with SqliteStore(db) as store:
        store.save_document(make_document("/a/ks.txt", [KS]))
        result = store.save_document(make_document("/b/bundle.txt", [KF, KS]))
        assert (result.status, result.meetings_added, result.meetings_skipped_duplicate) == ("added", 1, 1)
        assert len(result.warnings) == 1 and "/a/ks.txt" in result.warnings[0]
        assert (result.items, result.paragraphs) == (2, 3)  # only what was stored
        assert [s.source_path for s in store.meetings()] == ["/b/bundle.txt", "/a/ks.txt"]
        # Identical content under another path: the document is kept, every meeting is a duplicate.
        copy = store.save_document(make_document("/c/copy.txt", [KS]))
        assert (copy.status, copy.meetings_added, copy.meetings_skipped_duplicate) == ("added", 0, 1)
    assert row_counts(db) == {"documents": 3, "meetings": 2, "agenda_items": 4, "paragraphs": 6}


def test_parser_ids_are_kept_and_identical_document_ids_do_not_collide(db: Path) -> None:
    document = make_document("/a/ks.txt", [KS])
    document.id = "doc-1"
    document.meetings[0].id = "m-1"
    document.meetings[0].items[0].id = "i-1"
    document.meetings[0].items[0].paragraphs[0].id = "p-1"
    with SqliteStore(db) as store:
        assert store.save_document(document).document_id == "doc-1"
        assert store.meeting("m-1") is not None
        assert "p-1" in store.paragraph_ids()
        twin = store.save_document(document.model_copy(update={"source_path": "/b/ks.txt"}))
        assert twin.status == "added" and twin.document_id != "doc-1"


def test_concurrent_writers_are_serialised(db: Path) -> None:
    SqliteStore(db).close()
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with SqliteStore(db) as store:  # one connection per writer, as separate processes would
                for k in range(5):
                    body = f"Nämnd {n}"
                    store.save_document(
                        make_document(f"/w{n}/{k}.txt", [(body, dt.date(2024, 1, k + 1), [[f"{n}-{k}"]])])
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert row_counts(db) == {"documents": 20, "meetings": 20, "agenda_items": 20, "paragraphs": 20}


def test_newer_schema_is_refused(db: Path) -> None:
    SqliteStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreVersionError, match="upgrade"):
        SqliteStore(db)


def test_wal_and_foreign_keys_are_on(db: Path) -> None:
    with SqliteStore(db) as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO meetings (id, document_id, ordinal, doc_type, char_start, char_end)"
                " VALUES ('m', 'missing-doc', 0, 'protokoll', 0, 0)"
            )


def test_near_identical_copy_is_stored_once_with_the_parsers_check(db: Path) -> None:
    from protokollet.ingest.parse import same_meeting

    words = " ".join(f"ord{i}" for i in range(150))
    original = ("Samverkansgrupp hälsa", dt.date(2024, 4, 12), [[words], ["Övriga frågor togs upp."]])
    fixed_typo = (original[0], original[1], [[words.replace("ord75", "ord075")], ["Övriga frågor togs upp."]])
    other_day = (original[0], dt.date(2024, 5, 8), original[2])
    with SqliteStore(db) as store:
        store.save_document(make_document("/a/bundle.txt", [original]))
        copy = store.save_document(make_document("/b/notes.txt", [fixed_typo]), same_meeting)
        assert (copy.meetings_added, copy.meetings_skipped_duplicate) == (0, 1)
        assert "near-identical" in copy.warnings[0] and "/a/bundle.txt" in copy.warnings[0]
        # Without the check, or on another date, it is a meeting of its own.
        assert store.save_document(make_document("/c/notes.txt", [fixed_typo])).meetings_added == 1
        assert (
            store.save_document(make_document("/d/notes.txt", [other_day]), same_meeting).meetings_added == 1
        )
