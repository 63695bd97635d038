"""What the SQLite and the PostgreSQL store share: the `Store` semantics written once in portable SQL.

Both backends have the same tables and columns (schema.sql; the alembic migrations mirror it), so the
row ↔ model mapping, the save algorithm (unchanged / replaced / meeting dedup) and every read live here.
A backend only supplies connections (`Sql`), its transaction and locking discipline and its schema
management. Queries use `?` placeholders; column aliases are the model field names, so a row validates
straight into its pydantic model (ISO date strings and 0/1 flags from SQLite, `date` and `bool` from
PostgreSQL alike).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, Self, cast

from protokollet.models import (
    AgendaItem,
    Document,
    Meeting,
    MeetingSummary,
    Paragraph,
    ParagraphContext,
)
from protokollet.store import MeetingMatcher, SaveResult

Row = Mapping[str, Any]


class Sql(Protocol):
    """One connection as the shared code sees it: `?` placeholders, rows as mappings."""

    def rows(self, query: str, params: Sequence[Any] = ()) -> Sequence[Row]: ...

    def stream(self, query: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows one by one without holding the whole result in memory (paragraphs of a large corpus)."""
        ...

    def execute(self, query: str, params: Sequence[Any] = ()) -> None: ...

    def executemany(self, query: str, params: Sequence[Sequence[Any]]) -> None: ...

    def in_list(self, column: str, values: Sequence[str]) -> tuple[str, Sequence[Any]]:
        """A condition `column` is one of `values`, with its parameters, however many values there are."""
        ...


def derived_id(*parts: str) -> str:
    """A short stable id for rows the parser left without one."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def first(sql: Sql, query: str, params: Sequence[Any] = ()) -> Row | None:
    found = sql.rows(query, params)
    return found[0] if found else None


# -- writing ---------------------------------------------------------------------------------------


def save(
    sql: Sql, document: Document, same_meeting: MeetingMatcher | None, *, replace: bool = False
) -> SaveResult:
    """The body of `Store.save_document`, run inside the backend's write transaction.

    Same source path and sha256 → "unchanged" (unless `replace`: a file parsed again); same path, new
    sha256 → the old rows are deleted (cascading to meetings, items, paragraphs) and the new ones
    inserted → "replaced". A meeting already stored (from another file, or earlier in this one) is
    skipped and named in a warning, so a meeting attached to several files is indexed and cited once:
    found by its fingerprint, or, when `same_meeting` is given, by that check against stored meetings
    with the same date (both undated counts as the same) and as many items.
    """
    old = first(sql, "SELECT id, sha256 FROM documents WHERE source_path = ?", (document.source_path,))
    if old is not None and old["sha256"] == document.sha256 and not replace:
        return SaveResult(document_id=old["id"], status="unchanged")
    if old is not None:
        sql.execute("DELETE FROM documents WHERE id = ?", (old["id"],))
    document_id = _document_id(sql, document)
    sql.execute(
        "INSERT INTO documents (id, source_path, sha256, doc_type, text, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            document_id,
            document.source_path,
            document.sha256,
            str(document.doc_type),
            document.text,
            dt.datetime.now(dt.UTC).replace(microsecond=0),
        ),
    )
    added = skipped = items = paragraphs = 0
    warnings: list[str] = []
    duplicate_of: list[str] = []
    for ordinal, meeting in enumerate(document.meetings):
        where = _stored_fingerprint_source(sql, meeting.fingerprint)
        copy = "same meeting"
        if where is None and same_meeting is not None:
            where = _stored_copy_source(sql, meeting, document.text, same_meeting)
            copy = "a near-identical copy of this meeting"
        if where is not None:
            skipped += 1
            if where not in duplicate_of:
                duplicate_of.append(where)
            label = " ".join(x for x in (meeting.body, meeting.date and meeting.date.isoformat()) if x)
            warnings.append(f"{label or 'meeting'}: {copy} already stored from {where}; skipped")
            continue
        insert_meeting(sql, document_id, ordinal, meeting)
        added += 1
        items += len(meeting.items)
        paragraphs += sum(len(item.paragraphs) for item in meeting.items)
    return SaveResult(
        document_id=document_id,
        status="replaced" if old is not None else "added",
        meetings_added=added,
        meetings_skipped_duplicate=skipped,
        duplicate_of=duplicate_of,
        items=items,
        paragraphs=paragraphs,
        warnings=warnings,
    )


def _document_id(sql: Sql, document: Document) -> str:
    """The parser's id, unless empty or already used by another path (identical files)."""
    if document.id and first(sql, "SELECT 1 AS taken FROM documents WHERE id = ?", (document.id,)) is None:
        return document.id
    return derived_id("document", document.source_path, document.sha256)


def _stored_fingerprint_source(sql: Sql, fingerprint: str) -> str | None:
    if not fingerprint:
        return None
    row = first(
        sql,
        "SELECT d.source_path FROM meetings m JOIN documents d ON d.id = m.document_id"
        " WHERE m.fingerprint = ?",
        (fingerprint,),
    )
    return str(row["source_path"]) if row else None


def _stored_copy_source(sql: Sql, meeting: Meeting, text: str, same_meeting: MeetingMatcher) -> str | None:
    """Where a stored meeting that `same_meeting` judges a copy of `meeting` comes from, if any."""
    candidates = sql.rows(
        "SELECT m.id, d.source_path, d.text FROM meetings m JOIN documents d ON d.id = m.document_id"
        " WHERE m.date IS NOT DISTINCT FROM ?"
        " AND (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) = ?",
        (meeting.date, len(meeting.items)),
    )
    for row in candidates:
        stored = read_meeting(sql, row["id"])
        if stored is not None and same_meeting(meeting, text, stored, row["text"]):
            return str(row["source_path"])
    return None


def insert_meeting(sql: Sql, document_id: str, ordinal: int, meeting: Meeting) -> None:
    """Insert one meeting with its items and paragraphs; rows without a parser id get a derived one."""
    meeting_id = meeting.id or derived_id("meeting", document_id, str(ordinal))
    sql.execute(
        "INSERT INTO meetings (id, document_id, ordinal, fingerprint, body, municipality, date,"
        " doc_type, title, char_start, char_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            meeting_id,
            document_id,
            ordinal,
            meeting.fingerprint or None,
            meeting.body,
            meeting.municipality,
            meeting.date,
            str(meeting.doc_type),
            meeting.title,
            meeting.start,
            meeting.end,
        ),
    )
    for item_ordinal, item in enumerate(meeting.items):
        item_id = item.id or derived_id("item", meeting_id, str(item_ordinal))
        sql.execute(
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
        sql.executemany(
            "INSERT INTO paragraphs (id, item_id, ordinal, text, char_start, char_end, is_decision)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    p.id or derived_id("paragraph", item_id, str(p_ordinal)),
                    item_id,
                    p_ordinal,
                    p.text,
                    p.start,
                    p.end,
                    p.is_decision,
                )
                for p_ordinal, p in enumerate(item.paragraphs)
            ],
        )


# -- reading ---------------------------------------------------------------------------------------

_SUMMARIES = (
    "SELECT m.id, m.body, m.municipality, m.date, m.doc_type, d.source_path,"
    " (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items,"
    " (SELECT COUNT(*) FROM paragraphs p JOIN agenda_items i ON i.id = p.item_id"
    "   WHERE i.meeting_id = m.id) AS paragraphs"
    " FROM meetings m JOIN documents d ON d.id = m.document_id"
    " ORDER BY m.date IS NULL, m.date, m.body, d.source_path, m.ordinal"
)

_CONTEXTS = (
    "SELECT p.id AS paragraph_id, p.text, p.char_start AS start, p.char_end AS end, p.is_decision,"
    " i.id AS item_id, i.number AS item_number, i.title AS item_title, i.case_number,"
    " m.id AS meeting_id, m.body, m.municipality, m.date, m.doc_type,"
    " d.id AS document_id, d.source_path"
    " FROM paragraphs p"
    " JOIN agenda_items i ON i.id = p.item_id"
    " JOIN meetings m ON m.id = i.meeting_id"
    " JOIN documents d ON d.id = m.document_id"
)
_CONTEXT_ORDER = " ORDER BY d.source_path, m.ordinal, i.ordinal, p.ordinal"


def read_meeting(sql: Sql, meeting_id: str) -> Meeting | None:
    """One meeting with its items and paragraphs in printed order."""
    meeting = first(
        sql,
        "SELECT id, body, municipality, date, doc_type, title, COALESCE(fingerprint, '') AS fingerprint,"
        " char_start AS start, char_end AS end FROM meetings WHERE id = ?",
        (meeting_id,),
    )
    if meeting is None:
        return None
    items = {
        row["id"]: AgendaItem.model_validate(row)
        for row in sql.rows(
            "SELECT id, ordinal, number, title, case_number, decision, char_start AS start,"
            " char_end AS end FROM agenda_items WHERE meeting_id = ? ORDER BY ordinal",
            (meeting_id,),
        )
    }
    for row in sql.rows(
        "SELECT p.item_id, p.id, p.ordinal, p.text, p.char_start AS start, p.char_end AS end,"
        " p.is_decision FROM paragraphs p JOIN agenda_items i ON i.id = p.item_id"
        " WHERE i.meeting_id = ? ORDER BY i.ordinal, p.ordinal",
        (meeting_id,),
    ):
        items[row["item_id"]].paragraphs.append(Paragraph.model_validate(row))
    return Meeting.model_validate({**meeting, "items": list(items.values())})


class RelationalStore(ABC):
    """A `Store` over tables shaped like schema.sql; subclasses supply connections and transactions."""

    @abstractmethod
    def _reading(self) -> AbstractContextManager[Sql]:
        """A connection for reads (the latest committed data)."""

    @abstractmethod
    def _writing(self, document: Document) -> AbstractContextManager[Sql]:
        """A connection inside one write transaction that no other writer of this document, or of
        any of its meetings, can interleave with; committed on a clean exit, rolled back on error."""

    def save_document(
        self, document: Document, same_meeting: MeetingMatcher | None = None, *, replace: bool = False
    ) -> SaveResult:
        """Store one document in a single transaction; any error rolls all of it back (see `save`)."""
        with self._writing(document) as sql:
            return save(sql, document, same_meeting, replace=replace)

    def stored_sha256(self, source_path: str) -> str | None:
        with self._reading() as sql:
            row = first(sql, "SELECT sha256 FROM documents WHERE source_path = ?", (source_path,))
        return str(row["sha256"]) if row else None

    def meetings(self) -> list[MeetingSummary]:
        """Every stored meeting, oldest first (undated last), without text."""
        with self._reading() as sql:
            return [MeetingSummary.model_validate(row) for row in sql.rows(_SUMMARIES)]

    def meeting(self, meeting_id: str) -> Meeting | None:
        with self._reading() as sql:
            return read_meeting(sql, meeting_id)

    def meeting_with_fingerprint(self, fingerprint: str) -> str | None:
        if not fingerprint:
            return None
        with self._reading() as sql:
            row = first(sql, "SELECT id FROM meetings WHERE fingerprint = ?", (fingerprint,))
        return str(row["id"]) if row else None

    def document_text(self, document_id: str) -> str | None:
        with self._reading() as sql:
            row = first(sql, "SELECT text FROM documents WHERE id = ?", (document_id,))
        return str(row["text"]) if row else None

    def paragraphs(self, ids: Sequence[str] | None = None) -> Iterator[ParagraphContext]:
        """Paragraphs with their item, meeting and document context, in a stable order (source path,
        then printed order), so an index built twice from the same store lines up the same way."""
        with self._reading() as sql:
            query, params = _CONTEXTS, cast(Sequence[Any], ())
            if ids is not None:
                condition, params = sql.in_list("p.id", ids)
                query += f" WHERE {condition}"
            for row in sql.stream(query + _CONTEXT_ORDER, params):
                yield ParagraphContext.model_validate(row)

    def paragraph_ids(self) -> set[str]:
        with self._reading() as sql:
            return {row["id"] for row in sql.stream("SELECT id FROM paragraphs")}

    def paragraphs_for_case(self, case_number: str) -> list[ParagraphContext]:
        """Paragraphs of every item filed under exactly this case number (uses its index)."""
        with self._reading() as sql:
            ids = [
                row["id"]
                for row in sql.rows(
                    "SELECT p.id FROM paragraphs p JOIN agenda_items i ON i.id = p.item_id"
                    " WHERE i.case_number = ?",
                    (case_number,),
                )
            ]
        return list(self.paragraphs(ids)) if ids else []

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
