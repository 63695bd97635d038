"""Storage behind one small interface: the embedded SQLite store is the default; `PROTOKOLLET_DATABASE_URL`
selects the PostgreSQL store (`postgres.py`) instead, with no change above this layer. Both are
`relational.RelationalStore`s: one implementation of the semantics, two connection disciplines."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from protokollet.models import Document, Meeting, MeetingSummary, ParagraphContext

#: `same(new, new_document_text, stored, stored_document_text)`: are two meetings copies of one sitting
#: although their fingerprints differ (a typo fixed in one copy)? Supplied by ingest, run by the store.
MeetingMatcher = Callable[[Meeting, str, Meeting, str], bool]


@dataclass(frozen=True)
class SaveResult:
    """What `Store.save_document` did, so the CLI can report it and tests can check it."""

    document_id: str
    status: str  # "added", "replaced" or "unchanged"
    meetings_added: int = 0
    meetings_skipped_duplicate: int = 0
    duplicate_of: list[str] = field(default_factory=list)  # the stored files those meetings came from
    items: int = 0
    paragraphs: int = 0
    warnings: list[str] = field(default_factory=list)


class Store(Protocol):
    """The operations every layer needs from storage; nothing else may touch the database directly."""

    def save_document(
        self, document: Document, same_meeting: MeetingMatcher | None = None, *, replace: bool = False
    ) -> SaveResult:
        """Store one document in a single transaction.

        Same source path and sha256 → no-op ("unchanged") unless `replace` (the file parsed again by a
        newer parser); same path, new content → the old rows are
        replaced; a meeting whose fingerprint is already stored (from another file) is stored once, and
        so is one that `same_meeting` judges a copy of a stored meeting with the same date.
        """
        ...

    def stored_sha256(self, source_path: str) -> str | None:
        """The sha256 stored for a source path (None if absent), so ingest can skip unchanged files early."""
        ...

    def meetings(self) -> list[MeetingSummary]: ...

    def meeting(self, meeting_id: str) -> Meeting | None: ...

    def meeting_with_fingerprint(self, fingerprint: str) -> str | None:
        """The id of the stored meeting with this content fingerprint, if any (one indexed lookup)."""
        ...

    def document_text(self, document_id: str) -> str | None: ...

    def paragraphs(self, ids: Sequence[str] | None = None) -> Iterator[ParagraphContext]:
        """All stored paragraphs (or those with the given ids) with their meeting and item context."""
        ...

    def paragraph_ids(self) -> set[str]: ...

    def paragraphs_for_case(self, case_number: str) -> list[ParagraphContext]:
        """Paragraphs of every item with exactly this case number (Dnr / ärendenummer), any meeting."""
        ...

    def close(self) -> None: ...
