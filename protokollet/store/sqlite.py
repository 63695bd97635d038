"""The default `Store`: one SQLite file (stdlib `sqlite3`), safe for one writer at a time and many readers.

Writes run in `BEGIN IMMEDIATE` transactions so concurrent ingests queue on the database lock (with a
busy timeout) instead of failing or interleaving; WAL mode lets readers (the API) keep reading meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from protokollet.errors import ProtokolletError
from protokollet.models import (
    AgendaItem,
    DocType,
    Document,
    Meeting,
    MeetingSummary,
    Paragraph,
    ParagraphContext,
)
from protokollet.store import MeetingMatcher, SaveResult

#: Bump together with a migration step in `_migrate` whenever `schema.sql` changes.
SCHEMA_VERSION = 1
#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 60.0


class StoreVersionError(ProtokolletError):
    """The database was written by a newer Protokollet than this one."""


def _derived_id(*parts: str) -> str:
    """A short stable id for rows the parser left without one."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class SqliteStore:
    """`Store` backed by one SQLite database file (or ":memory:")."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so a document is exactly one transaction.
        # check_same_thread=False: the API shares one store between worker threads; writes take `_lock`.
        self._conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    # -- schema -----------------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Create the schema on a new database; refuse one from a newer version."""
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreVersionError(
                f"database {self.path} has schema version {version}, this Protokollet supports "
                f"{SCHEMA_VERSION}; upgrade Protokollet"
            )
        if version == 0:
            schema = resources.files("protokollet.store").joinpath("schema.sql").read_text("utf-8")
            schema = schema.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
            schema = schema.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ")
            # One script in one transaction: a second process racing us waits, then finds it all there.
            with self._lock:
                try:
                    self._conn.executescript(
                        f"BEGIN IMMEDIATE;\n{schema}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
                    )
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise

    # -- writing ----------------------------------------------------------------------------------

    def save_document(self, document: Document, same_meeting: MeetingMatcher | None = None) -> SaveResult:
        """Store one document in a single transaction; any error rolls all of it back.

        Same source path and sha256 → "unchanged"; same path, new sha256 → the old rows are deleted
        (cascading to meetings, items, paragraphs) and the new ones inserted → "replaced". A meeting
        already stored (from another file, or earlier in this one) is skipped and named in a warning,
        so a meeting attached to several files is indexed and cited once: found by its fingerprint, or,
        when `same_meeting` is given, by that check against stored meetings with the same date (both
        undated counts as the same) and as many items. Both checks run inside the write transaction,
        so concurrent ingests cannot both store one meeting.
        """
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                result = self._save(document, same_meeting)
                self._conn.execute("COMMIT")
                return result
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _save(self, document: Document, same_meeting: MeetingMatcher | None) -> SaveResult:
        conn = self._conn
        old = conn.execute(
            "SELECT id, sha256 FROM documents WHERE source_path = ?", (document.source_path,)
        ).fetchone()
        if old is not None and old["sha256"] == document.sha256:
            return SaveResult(document_id=old["id"], status="unchanged")
        if old is not None:
            conn.execute("DELETE FROM documents WHERE id = ?", (old["id"],))
        document_id = self._document_id(document)
        conn.execute(
            "INSERT INTO documents (id, source_path, sha256, doc_type, text, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                document_id,
                document.source_path,
                document.sha256,
                str(document.doc_type),
                document.text,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )
        added = skipped = items = paragraphs = 0
        warnings: list[str] = []
        for ordinal, meeting in enumerate(document.meetings):
            where = self._stored_fingerprint_source(meeting.fingerprint)
            copy = "same meeting"
            if where is None and same_meeting is not None:
                where = self._stored_copy_source(meeting, document.text, same_meeting)
                copy = "a near-identical copy of this meeting"
            if where is not None:
                skipped += 1
                label = " ".join(x for x in (meeting.body, _iso(meeting.date)) if x) or "meeting"
                warnings.append(f"{label}: {copy} already stored from {where}; skipped")
                continue
            self._insert_meeting(document_id, ordinal, meeting)
            added += 1
            items += len(meeting.items)
            paragraphs += sum(len(item.paragraphs) for item in meeting.items)
        return SaveResult(
            document_id=document_id,
            status="replaced" if old is not None else "added",
            meetings_added=added,
            meetings_skipped_duplicate=skipped,
            items=items,
            paragraphs=paragraphs,
            warnings=warnings,
        )

    def _document_id(self, document: Document) -> str:
        """The parser's id, unless empty or already used by another path (identical files)."""
        if document.id:
            taken = self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (document.id,)).fetchone()
            if taken is None:
                return document.id
        return _derived_id("document", document.source_path, document.sha256)

    def _stored_fingerprint_source(self, fingerprint: str) -> str | None:
        if not fingerprint:
            return None
        row = self._conn.execute(
            "SELECT d.source_path FROM meetings m JOIN documents d ON d.id = m.document_id"
            " WHERE m.fingerprint = ?",
            (fingerprint,),
        ).fetchone()
        return str(row["source_path"]) if row else None

    def _stored_copy_source(self, meeting: Meeting, text: str, same_meeting: MeetingMatcher) -> str | None:
        """Where a stored meeting that `same_meeting` judges a copy of `meeting` comes from, if any."""
        rows = self._conn.execute(
            "SELECT m.id, d.source_path, d.text FROM meetings m JOIN documents d ON d.id = m.document_id"
            " WHERE m.date IS ? AND (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) = ?",
            (_iso(meeting.date), len(meeting.items)),
        ).fetchall()
        for row in rows:
            stored = self.meeting(row["id"])
            if stored is not None and same_meeting(meeting, text, stored, row["text"]):
                return str(row["source_path"])
        return None

    def _insert_meeting(self, document_id: str, ordinal: int, meeting: Meeting) -> None:
        meeting_id = meeting.id or _derived_id("meeting", document_id, str(ordinal))
        self._conn.execute(
            "INSERT INTO meetings (id, document_id, ordinal, fingerprint, body, municipality, date,"
            " doc_type, title, char_start, char_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                meeting_id,
                document_id,
                ordinal,
                meeting.fingerprint or None,
                meeting.body,
                meeting.municipality,
                _iso(meeting.date),
                str(meeting.doc_type),
                meeting.title,
                meeting.start,
                meeting.end,
            ),
        )
        for item_ordinal, item in enumerate(meeting.items):
            item_id = item.id or _derived_id("item", meeting_id, str(item_ordinal))
            self._conn.execute(
                "INSERT INTO agenda_items (id, meeting_id, ordinal, number, title, case_number, decision,"
                " char_start, char_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id,
                    meeting_id,
                    item_ordinal,
                    item.number,
                    item.title,
                    item.case_number,
                    item.decision,
                    item.start,
                    item.end,
                ),
            )
            self._conn.executemany(
                "INSERT INTO paragraphs (id, item_id, ordinal, text, char_start, char_end, is_decision)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.id or _derived_id("paragraph", item_id, str(p_ordinal)),
                        item_id,
                        p_ordinal,
                        p.text,
                        p.start,
                        p.end,
                        int(p.is_decision),
                    )
                    for p_ordinal, p in enumerate(item.paragraphs)
                ],
            )

    # -- reading ----------------------------------------------------------------------------------

    def stored_sha256(self, source_path: str) -> str | None:
        row = self._conn.execute(
            "SELECT sha256 FROM documents WHERE source_path = ?", (source_path,)
        ).fetchone()
        return str(row["sha256"]) if row else None

    def meetings(self) -> list[MeetingSummary]:
        """Every stored meeting, oldest first (undated last), without text."""
        rows = self._conn.execute(
            "SELECT m.id, m.body, m.municipality, m.date, m.doc_type, d.source_path,"
            " (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items,"
            " (SELECT COUNT(*) FROM paragraphs p JOIN agenda_items i ON i.id = p.item_id"
            "   WHERE i.meeting_id = m.id) AS paragraphs"
            " FROM meetings m JOIN documents d ON d.id = m.document_id"
            " ORDER BY m.date IS NULL, m.date, m.body, d.source_path, m.ordinal"
        ).fetchall()
        return [
            MeetingSummary(
                id=r["id"],
                body=r["body"],
                municipality=r["municipality"],
                date=_date(r["date"]),
                doc_type=DocType(r["doc_type"]),
                items=r["items"],
                paragraphs=r["paragraphs"],
                source_path=r["source_path"],
            )
            for r in rows
        ]

    def meeting(self, meeting_id: str) -> Meeting | None:
        """One meeting with its items and paragraphs in printed order."""
        m = self._conn.execute("SELECT * FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
        if m is None:
            return None
        items: dict[str, AgendaItem] = {}
        for i in self._conn.execute(
            "SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY ordinal", (meeting_id,)
        ):
            items[i["id"]] = AgendaItem(
                id=i["id"],
                ordinal=i["ordinal"],
                number=i["number"],
                title=i["title"],
                case_number=i["case_number"],
                decision=i["decision"],
                start=i["char_start"],
                end=i["char_end"],
            )
        for p in self._conn.execute(
            "SELECT p.* FROM paragraphs p JOIN agenda_items i ON i.id = p.item_id"
            " WHERE i.meeting_id = ? ORDER BY i.ordinal, p.ordinal",
            (meeting_id,),
        ):
            items[p["item_id"]].paragraphs.append(
                Paragraph(
                    id=p["id"],
                    ordinal=p["ordinal"],
                    text=p["text"],
                    start=p["char_start"],
                    end=p["char_end"],
                    is_decision=bool(p["is_decision"]),
                )
            )
        return Meeting(
            id=m["id"],
            body=m["body"],
            municipality=m["municipality"],
            date=_date(m["date"]),
            doc_type=DocType(m["doc_type"]),
            title=m["title"],
            fingerprint=m["fingerprint"] or "",
            start=m["char_start"],
            end=m["char_end"],
            items=list(items.values()),
        )

    def document_text(self, document_id: str) -> str | None:
        row = self._conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        return str(row["text"]) if row else None

    def paragraphs(self, ids: Sequence[str] | None = None) -> Iterator[ParagraphContext]:
        """Paragraphs with their item, meeting and document context, in a stable order (source path,
        then printed order), so an index built twice from the same store lines up the same way."""
        sql = (
            "SELECT p.id AS paragraph_id, p.text, p.char_start, p.char_end, p.is_decision,"
            " i.id AS item_id, i.number AS item_number, i.title AS item_title, i.case_number,"
            " m.id AS meeting_id, m.body, m.municipality, m.date, m.doc_type,"
            " d.id AS document_id, d.source_path"
            " FROM paragraphs p"
            " JOIN agenda_items i ON i.id = p.item_id"
            " JOIN meetings m ON m.id = i.meeting_id"
            " JOIN documents d ON d.id = m.document_id"
        )
        params: tuple[Any, ...] = ()
        if ids is not None:
            # One JSON parameter instead of one placeholder per id: no limit on how many are asked for.
            sql += " WHERE p.id IN (SELECT value FROM json_each(?))"
            params = (json.dumps(list(ids)),)
        sql += " ORDER BY d.source_path, m.ordinal, i.ordinal, p.ordinal"
        for r in self._conn.execute(sql, params):
            yield ParagraphContext(
                paragraph_id=r["paragraph_id"],
                text=r["text"],
                start=r["char_start"],
                end=r["char_end"],
                is_decision=bool(r["is_decision"]),
                item_id=r["item_id"],
                item_number=r["item_number"],
                item_title=r["item_title"],
                case_number=r["case_number"],
                meeting_id=r["meeting_id"],
                body=r["body"],
                municipality=r["municipality"],
                date=_date(r["date"]),
                doc_type=DocType(r["doc_type"]),
                document_id=r["document_id"],
                source_path=r["source_path"],
            )

    def paragraph_ids(self) -> set[str]:
        return {row[0] for row in self._conn.execute("SELECT id FROM paragraphs")}

    def paragraphs_for_case(self, case_number: str) -> list[ParagraphContext]:
        """Paragraphs of every item filed under exactly this case number (uses its index)."""
        ids = [
            row[0]
            for row in self._conn.execute(
                "SELECT p.id FROM paragraphs p JOIN agenda_items i ON i.id = p.item_id"
                " WHERE i.case_number = ?",
                (case_number,),
            )
        ]
        return list(self.paragraphs(ids)) if ids else []

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
