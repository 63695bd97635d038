"""Request and response models that exist only because of HTTP; answers, citations, meetings and hits
are the shared models and go out as they are."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from protokollet.index.passages import IndexReport
from protokollet.index.search import Mode, SearchFilters, SearchHit
from protokollet.models import DocType

#: Longest question accepted; a real question is a sentence or two, anything longer is a mistake or abuse.
MAX_QUESTION_CHARS = 2000
#: Longest pasted agenda accepted (a long kallelse is some 100 000 characters).
MAX_AGENDA_CHARS = 500_000
MAX_K = 50

Question = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION_CHARS)
]
OptionalText = Annotated[str | None, StringConstraints(strip_whitespace=True, max_length=200)]


class FilterFields(BaseModel):
    """The search filters as the page and the CLI name them (`from`, `to`, `type`)."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    body: OptionalText = None
    municipality: OptionalText = None
    date_from: dt.date | None = Field(default=None, alias="from")
    date_to: dt.date | None = Field(default=None, alias="to")
    doc_type: DocType | None = Field(default=None, alias="type")

    def filters(self) -> SearchFilters | None:
        """The search layer's filters, or None when nothing restricts the search (empty text = no filter)."""
        filters = SearchFilters(
            body=self.body or None,
            municipality=self.municipality or None,
            date_from=self.date_from,
            date_to=self.date_to,
            doc_type=self.doc_type,
        )
        return None if filters.is_empty() else filters


class SearchParams(FilterFields):
    """`GET /api/search` query parameters: `q`, `k`, `mode` and the filters."""

    q: Question = Field(description="the query")
    k: int = Field(default=10, ge=1, le=MAX_K)
    mode: Mode = "hybrid"


class AskRequest(FilterFields):
    """`POST /api/ask`: a question in Swedish and optional filters."""

    question: Question
    k: int | None = Field(
        default=None,
        ge=1,
        le=MAX_K,
        description="search hits the answer may draw on (default: the server's answer_k)",
    )


class AgendaRequest(BaseModel):
    """`POST /api/agenda` as JSON: the agenda text (a pasted föredragningslista or kallelse)."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_AGENDA_CHARS)]


class SearchResponse(BaseModel):
    query: str
    mode: Mode
    k: int
    hits: list[SearchHit]


class UploadResponse(BaseModel):
    """What happened to an uploaded document: stored (or unchanged) and, when new, indexed."""

    filename: str
    status: Literal["added", "replaced", "unchanged"]
    meetings: int
    duplicate_meetings: int
    items: int
    paragraphs: int
    warnings: list[str]
    index: IndexReport | None = Field(
        default=None,
        description="the re-index run: when the store changed, or when the index had not caught up with it",
    )


class Health(BaseModel):
    """Liveness plus what is being served.

    `status`: "ok" when every stored paragraph is searchable; "indexing" while the server brings the
    index up to the store by itself (searches answer from the previous version meanwhile); "degraded"
    while search cannot run, or stored paragraphs stay unsearchable (`problem` says why)."""

    status: Literal["ok", "indexing", "degraded"]
    meetings: int
    paragraphs: int
    indexed_paragraphs: int | None
    unindexed_paragraphs: int = Field(description="stored paragraphs that no search finds yet")
    index_lag: int = Field(description="paragraphs by which the index differs from the store")
    indexing: bool = Field(description="an index build started by the server itself is running")
    model: str
    model_loaded: bool
    uploads_enabled: bool
    problem: str | None = None


class ErrorResponse(BaseModel):
    """Every 4xx/5xx body: one readable line in `detail`."""

    detail: str
