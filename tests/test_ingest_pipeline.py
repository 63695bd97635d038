"""The ingest pipeline over the real sample corpus: folders, sidecars, re-ingest, bad files, duplicates."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from protokollet.errors import BadDocument
from protokollet.ingest.pipeline import expand_paths, ingest_paths, source_key
from protokollet.ingest.sidecar import merge_hints, parse_sidecar, read_sidecar
from protokollet.models import DocType, MetadataHints
from protokollet.store.sqlite import SqliteStore

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
SAMPLE_FILES = sorted(SAMPLE.rglob("*.txt"))

# A small protocol in the common "§ n" layout that states neither body nor date: hints must supply them.
UNDATED = """Protokoll

§ 1 Val av justerare
Beslut
Nämnden utser Anna Andersson att justera protokollet.

§ 2 Budget för 2025
Beslut
Nämnden godkänner förslaget till budget för 2025.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of data/sample."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "db.sqlite3") as s:
        yield s


def table_count(store: SqliteStore, table: str) -> int:
    with sqlite3.connect(store.path) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


# -- folder expansion and sidecars ---------------------------------------------------------------


def test_expand_paths_filters_folders_but_keeps_named_files(tmp_path: Path) -> None:
    (tmp_path / "sub" / ".git").mkdir(parents=True)
    for name in (
        "a.txt",
        "b.PDF",
        "sub/c.docx",
        "sub/c.docx.json",
        "a.json",
        ".hidden.txt",
        "sub/.git/x.txt",
    ):
        (tmp_path / name).write_text("x")
    (tmp_path / "notes.xyz").write_text("x")
    explicit = tmp_path / "notes.xyz"
    files, skipped = expand_paths([tmp_path, tmp_path / "a.txt", explicit])
    names = sorted(p.relative_to(tmp_path).as_posix() for p in files)
    assert names == ["a.txt", "b.PDF", "notes.xyz", "sub/c.docx"]
    assert skipped == [explicit]  # left out of the folder, but still tried because it was named


def test_sidecar_validation_names_the_file() -> None:
    assert parse_sidecar('{"body": "Kommunstyrelsen", "date": "2024-03-20"}', "x.json") == MetadataHints(
        body="Kommunstyrelsen", date=dt.date(2024, 3, 20)
    )
    for raw, reason in [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"bdy": "x"}', "unknown key"),
        ('{"date": "20 mars"}', "date"),
        ('{"doc_type": "faktura"}', "doc_type"),
    ]:
        with pytest.raises(BadDocument, match=reason) as info:
            parse_sidecar(raw, "dir/x.json")
        assert "dir/x.json" in str(info.value) and "\n" not in str(info.value)


def test_sidecar_lookup_and_precedence(tmp_path: Path) -> None:
    doc = tmp_path / "protokoll.pdf"
    doc.write_bytes(b"%PDF")
    assert read_sidecar(doc) is None
    (tmp_path / "protokoll.json").write_text('{"body": "Stem"}')
    assert read_sidecar(doc) == MetadataHints(body="Stem")
    (tmp_path / "protokoll.pdf.json").write_text('{"body": "Full name"}')
    assert read_sidecar(doc) == MetadataHints(body="Full name")  # <file>.json is preferred

    flags = MetadataHints(body="Flag body", municipality="Flag kommun")
    sidecar = MetadataHints(body="Sidecar body", doc_type=DocType.KALLELSE)
    assert merge_hints(flags, sidecar) == MetadataHints(
        body="Sidecar body", municipality="Flag kommun", doc_type=DocType.KALLELSE
    )
    assert merge_hints(flags, None) == flags
    assert merge_hints(None, sidecar) == sidecar
    assert merge_hints(None, None) is None


# -- ingesting the sample corpus -----------------------------------------------------------------


def test_sample_corpus_ingests_and_reingest_is_a_no_op(corpus: Path, store: SqliteStore) -> None:
    report = ingest_paths([corpus], store, progress=False)
    assert [f.error for f in report.failed] == []
    assert len(report.files) == len(SAMPLE_FILES) == 13
    assert report.count("added") == 13
    assert report.meetings == len(store.meetings()) == table_count(store, "meetings")
    assert report.items == table_count(store, "agenda_items")
    assert report.paragraphs == table_count(store, "paragraphs") > 1000
    # Every Göteborg file is one protocol: one meeting with agenda items and paragraphs.
    for outcome in report.files:
        if outcome.path.parent.name == "goteborg":
            assert (outcome.meetings, outcome.duplicate_meetings) == (1, 0), outcome
            assert outcome.items >= 2 and outcome.paragraphs > 100, outcome
    # The seeds bundle one meeting's notes twice (a kallelse carries earlier notes that also come as a
    # file of their own): it is stored once.
    assert sum(f.duplicate_meetings for f in report.files) >= 1
    with sqlite3.connect(store.path) as conn:
        fingerprints = [r[0] for r in conn.execute("SELECT fingerprint FROM meetings")]
    assert len(fingerprints) == len(set(fingerprints))
    # Offsets quote the cleaned text exactly.
    texts: dict[str, str] = {}
    for ctx in store.paragraphs():
        text = texts.setdefault(ctx.document_id, store.document_text(ctx.document_id) or "")
        assert text[ctx.start : ctx.end] == ctx.text

    ids = store.paragraph_ids()
    again = ingest_paths([corpus], store, progress=False)
    assert again.count("unchanged") == 13 and again.meetings == 0
    assert store.paragraph_ids() == ids


def test_changed_file_is_replaced(corpus: Path, store: SqliteStore) -> None:
    path = next(corpus.glob("goteborg/*kommunstyrelsen*.txt"))
    ingest_paths([path], store, progress=False)
    paragraphs_before = table_count(store, "paragraphs")
    text = path.read_text(encoding="utf-8")
    cut = text.rindex("\n§ ")  # drop the last agenda item
    path.write_text(text[:cut] + "\n", encoding="utf-8")
    report = ingest_paths([path], store, progress=False)
    assert [f.status for f in report.files] == ["replaced"]
    assert table_count(store, "documents") == 1
    assert table_count(store, "paragraphs") == report.paragraphs < paragraphs_before
    assert store.stored_sha256(source_key(path)) is not None


def test_bad_files_fail_alone_and_leave_nothing(corpus: Path, store: SqliteStore) -> None:
    good_pdf_head = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    bad = {
        "empty.txt": b"",
        "junk.pdf": bytes(range(256)) * 8,
        "truncated.pdf": good_pdf_head,
        "binary.txt": bytes(range(256)) * 8,
    }
    for name, data in bad.items():
        (corpus / name).write_bytes(data)
    (corpus / "broken.txt").write_text(UNDATED, encoding="utf-8")
    (corpus / "broken.txt.json").write_text('{"date": "not a date"}')
    report = ingest_paths([corpus], store, progress=False)

    failed = {f.path.name: f.error or "" for f in report.failed}
    assert set(failed) == {*bad, "broken.txt"}
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert "broken.txt.json" in failed["broken.txt"]
    assert report.count("added") == 13  # every good file still went in
    stored = {Path(s.source_path).name for s in store.meetings()}
    assert stored.isdisjoint(failed)
    with sqlite3.connect(store.path) as conn:
        paths = {Path(r[0]).name for r in conn.execute("SELECT source_path FROM documents")}
    assert paths.isdisjoint(failed)


def test_hints_fill_missing_metadata_and_sidecar_wins(tmp_path: Path, store: SqliteStore) -> None:
    plain = tmp_path / "namnd.txt"
    plain.write_text(UNDATED, encoding="utf-8")
    with_sidecar = tmp_path / "other" / "namnd.txt"
    with_sidecar.parent.mkdir()
    with_sidecar.write_text(UNDATED.replace("Anna", "Bertil"), encoding="utf-8")
    (with_sidecar.parent / "namnd.json").write_text('{"body": "Byggnadsnämnden", "date": "2024-05-02"}')

    flags = MetadataHints(body="Kulturnämnden", municipality="Testkommun", date=dt.date(2024, 5, 1))
    report = ingest_paths([tmp_path], store, flags, progress=False)
    assert report.failed == [] and report.meetings == 2
    by_source = {Path(s.source_path).parent.name: s for s in store.meetings()}
    assert (by_source[tmp_path.name].body, by_source[tmp_path.name].date) == (
        "Kulturnämnden",
        dt.date(2024, 5, 1),
    )
    side = by_source["other"]
    assert (side.body, side.date, side.municipality) == ("Byggnadsnämnden", dt.date(2024, 5, 2), "Testkommun")
