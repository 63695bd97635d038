-- Protokollet storage schema, version 1.
-- Plain types only (TEXT ids, ISO-8601 dates as TEXT, INTEGER offsets and flags) so a PostgreSQL
-- backend can mirror it table for table. Offsets are named char_start/char_end because END is a
-- reserved word in PostgreSQL; they index into documents.text.

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    source_path TEXT NOT NULL UNIQUE,
    sha256      TEXT NOT NULL,
    doc_type    TEXT NOT NULL,
    text        TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE meetings (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    -- NULL when the parser gave none; UNIQUE still lets several NULLs coexist (SQLite and PostgreSQL).
    fingerprint  TEXT UNIQUE,
    body         TEXT,
    municipality TEXT,
    date         TEXT,
    doc_type     TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    char_start   INTEGER NOT NULL,
    char_end     INTEGER NOT NULL
);

CREATE TABLE agenda_items (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    number      TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    case_number TEXT,
    decision    TEXT,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL
);

CREATE TABLE paragraphs (
    id          TEXT PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    is_decision INTEGER NOT NULL DEFAULT 0
);

-- Foreign-key columns are indexed so cascading deletes and joins do not scan whole tables.
CREATE INDEX meetings_document_id ON meetings (document_id);
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_body ON meetings (body);
CREATE INDEX agenda_items_meeting_id ON agenda_items (meeting_id);
CREATE INDEX agenda_items_case_number ON agenda_items (case_number);
CREATE INDEX paragraphs_item_id ON paragraphs (item_id);
