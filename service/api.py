"""The HTTP API and the web page: one FastAPI app over the same library functions the CLI calls.

The heavy objects (embedding model, searcher, store) are made once when the app starts and shared by
all requests; the searcher notices a rebuilt index by itself, so an upload only has to re-index.
Every user-fixable problem becomes a 4xx (or a 503 while the model or index is missing) with one
readable line in `detail`, never a 500.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import ValidationError
from starlette.datastructures import UploadFile as StarletteUploadFile

from protokollet.errors import (
    BadDocument,
    IndexNotBuilt,
    InvalidQuery,
    ModelNotBuilt,
    ProtokolletError,
    WriterBusy,
)
from protokollet.index.embed.embedder import Embedder
from protokollet.index.passages import IndexReport
from protokollet.index.retrieval import IndexInfo, RetrievalIndex
from protokollet.index.search import Searcher
from protokollet.models import DocType, Meeting, MeetingSummary, MetadataHints
from protokollet.service.answer_models import AgendaPreparation, Answer, AnswerMethod
from protokollet.service.answerer import answer_method, choose_answerer
from protokollet.service.api_models import (
    AgendaRequest,
    AskRequest,
    ErrorResponse,
    Health,
    SearchParams,
    SearchResponse,
    UploadResponse,
)
from protokollet.service.auth import require_operator
from protokollet.service.catchup import IndexCatchUp, IndexLag, index_lag
from protokollet.service.middleware import add_middlewares
from protokollet.service.observability import Metrics, add_metrics_route
from protokollet.service.uploads import check_upload_type, ingest_upload, read_uploaded_text, reindex
from protokollet.settings import Settings, get_settings
from protokollet.store import Store
from protokollet.store.locking import writer_lock

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
}
#: Files read at once for agenda preparation (each in a child process of up to parse_max_memory_mb);
#: more are refused with 429 at once, so they never queue up in the worker threads.
PARSE_SLOTS = 2
#: Seconds a client is told to wait before retrying a refused write (409) or parse (429).
RETRY_AFTER_S = 10


# -- shared state ---------------------------------------------------------------------------------


@dataclass
class ServiceState:
    """The objects shared by all requests. The searcher is opened lazily when the index appears later."""

    settings: Settings
    store: Store
    embedder: Embedder | None = None
    model_problem: str | None = None
    _searcher: Searcher | None = None
    metrics: Metrics = field(default_factory=Metrics)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    parse_slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(PARSE_SLOTS)
    )
    slot_count: int = field(init=False)
    query_slots: threading.BoundedSemaphore = field(init=False)
    catchup: IndexCatchUp = field(init=False)

    def __post_init__(self) -> None:
        from protokollet.index.embed.encoders import usable_cpus

        self.slot_count = self.settings.query_concurrency or usable_cpus()
        self.query_slots = threading.BoundedSemaphore(self.slot_count)
        self.catchup = IndexCatchUp(self.settings, self.index_lag, self.model, self.metrics)

    def load_model(self) -> None:
        """Load the embedding model now (at startup), remembering why it failed instead of crashing."""
        if self.embedder is not None:
            return
        from protokollet.index.embed.embedder import load_embedder
        from protokollet.index.embed.encoders import cpu_threads

        # The query slots share the CPUs: each query runs on its share of them (one thread each on a
        # small server), which measured 10-20 % more requests per second than all threads per query.
        threads = max(1, cpu_threads() // self.slot_count)
        try:
            self.embedder = load_embedder(self.settings, threads=threads)
        except ProtokolletError as exc:
            self.model_problem = str(exc)
            log.warning("embedding model not loaded: %s", exc)

    def model(self) -> Embedder:
        """The embedding model, retrying the load once more if it failed at startup (built since?)."""
        if self.embedder is None:
            with self._lock:
                if self.embedder is None:
                    self.model_problem = None
                    self.load_model()
        if self.embedder is None:
            raise ModelNotBuilt(self.model_problem or "the embedding model is not loaded")
        return self.embedder

    def searcher(self) -> Searcher:
        """The shared searcher; raises why it cannot exist (model or index missing → 503)."""
        if self._searcher is None:
            embedder = self.model()
            with self._lock:
                if self._searcher is None:
                    self._searcher = Searcher(self.settings, embedder)
        return self._searcher

    def serving_index(self) -> RetrievalIndex | None:
        """The serving index version, None while there is none (or no model to search it with)."""
        try:
            return self.searcher().index
        except ProtokolletError:
            return None

    def index_info(self) -> IndexInfo | None:
        """What the serving index holds, None while there is none (for the metrics gauges)."""
        index = self.serving_index()
        return index.info if index is not None else None

    def index_lag(self) -> IndexLag:
        """How far the serving index is behind the store (all of it before the first index).

        Raises why the index cannot be read otherwise (no model, another model, database down): those
        are for an operator to fix, not for a background rebuild to paper over."""
        try:
            index: RetrievalIndex | None = self.searcher().index
        except IndexNotBuilt:
            index = None
        return index_lag(self.store.paragraph_ids(), index)

    def lag_gauge(self) -> float:
        """`index_lag().behind` for /metrics: NaN while it cannot be known."""
        try:
            return float(self.index_lag().behind)
        except ProtokolletError:
            return math.nan


def _state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


StateDep = Annotated[ServiceState, Depends(_state)]


# -- errors ---------------------------------------------------------------------------------------


def status_for(exc: ProtokolletError) -> int:
    """The HTTP status of a library error, as its class declares it (`protokollet/errors.py`)."""
    return exc.http_status


def _location(loc: tuple[int | str, ...]) -> str:
    where = [str(part) for part in loc if part not in ("body", "query", "path", "form")]
    return ".".join(where) or "request"


def validation_message(errors: list[Any]) -> str:
    """One line from pydantic's error list: "question: String should have at most 2000 characters"."""
    parts = [
        "request body is not valid JSON"
        if e.get("type") == "json_invalid"
        else f"{_location(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}"
        for e in errors[:5]
    ]
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    async def library_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProtokolletError)
        retry = {"Retry-After": str(RETRY_AFTER_S)} if isinstance(exc, WriterBusy) else None
        return JSONResponse({"detail": str(exc)}, status_code=status_for(exc), headers=retry)

    async def invalid_request(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError | ValidationError)
        errors = list(exc.errors())
        return JSONResponse({"detail": validation_message(errors)}, status_code=422)

    app.add_exception_handler(ProtokolletError, library_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(ValidationError, invalid_request)


# -- the app --------------------------------------------------------------------------------------


def create_app(
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """The API and page over `settings` (default: the environment). `embedder` lets a caller that
    already holds the model (tests, an embedding host) share it instead of loading it again.

    `routers` are served too: the layers above the service (the evals' comparison view) hand theirs
    in, so the service never imports them and the app is whole when it is made."""
    settings = settings or get_settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from protokollet.store.open import open_store

        state = ServiceState(
            settings=settings, store=open_store(settings), embedder=embedder, metrics=metrics
        )
        metrics.watch_index(state.index_info, state.lag_gauge)
        try:
            state.searcher()  # model and index now, not on the first question
        except ProtokolletError as exc:
            log.warning("search is not available yet: %s", exc)
        app.state.service = state
        state.catchup.start()  # stored paragraphs that an interrupted write left unindexed
        try:
            yield
        finally:
            state.catchup.stop()
            state.store.close()

    # FastAPIOffline: FastAPI whose /docs and /redoc load Swagger UI from the installed package, so the
    # API docs work on the offline machines this service runs on.
    app = FastAPIOffline(
        title="Protokollet",
        version="0.1.0",
        summary="Semantic search and cited answers over Swedish municipal and regional minutes.",
        lifespan=lifespan,
        responses=ERRORS,
    )
    add_middlewares(app, settings, metrics)
    _install_error_handlers(app)
    _add_page(app)
    _add_routes(app)
    for router in routers:
        app.include_router(router)
    add_metrics_route(app, metrics)
    return app


def _add_page(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        """Browsers ask for it whatever the page links; the page's own icon, not a 404."""
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


def _add_routes(app: FastAPI) -> None:
    @app.get("/healthz", response_model=Health, tags=["service"])
    def healthz(state: StateDep) -> Health:
        """Liveness, what is stored and indexed, and which model serves.

        "ok" only when every stored paragraph is searchable; "indexing" while the server is bringing
        the index up to the store by itself; "degraded" when search cannot run or nothing will catch up."""
        problem: str | None = None
        index: RetrievalIndex | None = None
        blocked = False  # search can't run for a reason no index build fixes
        try:
            index = state.searcher().index
        except IndexNotBuilt as exc:
            problem = str(exc)
        except ProtokolletError as exc:
            problem, blocked = str(exc), True
        stored = state.store.paragraph_ids()
        lag = index_lag(stored, index)
        status: Literal["ok", "indexing", "degraded"] = "ok"
        if lag.behind and stored and not blocked:
            catchup = state.catchup
            if catchup.enabled and catchup.error is None:
                status = "indexing"
            else:
                status = "degraded"
                problem = (
                    catchup.error
                    or problem
                    or (f"{lag.unindexed} stored paragraphs are not searchable; run `protokollet index`")
                )
        elif problem:
            status = "degraded"
        return Health(
            status=status,
            meetings=len(state.store.meetings()),
            paragraphs=lag.stored,
            indexed_paragraphs=index.info.paragraphs if index is not None else None,
            unindexed_paragraphs=lag.unindexed,
            index_lag=lag.behind,
            indexing=state.catchup.running,
            model=state.settings.model,
            model_loaded=state.embedder is not None,
            uploads_enabled=bool(state.settings.api_token and state.settings.api_token.get_secret_value()),
            problem=problem,
        )

    @app.get("/api/search", response_model=SearchResponse, tags=["search"])
    def search(state: StateDep, params: Annotated[SearchParams, Query()]) -> SearchResponse:
        """Hybrid (or dense / lexical) search over paragraphs, best first, filters applied before `k`."""
        with state.query_slots:
            hits = state.searcher().search(params.q, k=params.k, mode=params.mode, filters=params.filters())
        return SearchResponse(query=params.q, mode=params.mode, k=params.k, hits=hits)

    @app.post("/api/ask", response_model=Answer, tags=["answers"])
    def ask(state: StateDep, request: AskRequest) -> Answer:
        """A short Swedish answer, every sentence quoting its source verbatim with a citation.

        Extractive by default; phrased by the LLM when `PROTOKOLLET_LLM_BASE_URL` and `_MODEL` are set."""
        answer = choose_answerer(state.settings)
        # The LLM answerer mostly waits on its server: it holds no query slot.
        slot = (
            state.query_slots if answer_method(state.settings) == AnswerMethod.EXTRACTIVE else nullcontext()
        )
        with slot:
            return answer(
                request.question,
                state.searcher(),
                filters=request.filters(),
                k=request.k,
                settings=state.settings,
            )

    @app.post(
        "/api/agenda",
        response_model=AgendaPreparation,
        tags=["answers"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": AgendaRequest.model_json_schema()},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                            "required": ["file"],
                        }
                    },
                },
            }
        },
    )
    async def agenda(state: StateDep, request: Request) -> AgendaPreparation:
        """Earlier discussions of each item of a coming meeting's agenda: JSON `{text}` or a file upload."""
        from starlette.concurrency import run_in_threadpool

        agenda = await _read_agenda(request)
        return await run_in_threadpool(_prepare_agenda, state, agenda)

    @app.get("/api/meetings", response_model=list[MeetingSummary], tags=["meetings"])
    def meetings(state: StateDep) -> list[MeetingSummary]:
        """Every stored meeting, oldest first."""
        return state.store.meetings()

    @app.get("/api/meetings/{meeting_id}", response_model=Meeting, tags=["meetings"])
    def meeting(state: StateDep, meeting_id: str) -> Meeting:
        """One meeting with its items and paragraphs (ids and document offsets, so citations can link)."""
        found = state.store.meeting(meeting_id)
        if found is None:
            raise HTTPException(404, f"no meeting with id '{meeting_id}'")
        return found

    @app.post(
        "/api/documents",
        response_model=UploadResponse,
        tags=["documents"],
        dependencies=[Depends(require_operator)],
    )
    def upload(
        state: StateDep,
        file: Annotated[UploadFile, File(description="txt, md, html, pdf or docx")],
        body: Annotated[str | None, Form(max_length=200)] = None,
        municipality: Annotated[str | None, Form(max_length=200)] = None,
        date: Annotated[dt.date | None, Form(description="YYYY-MM-DD, when the text lacks it")] = None,
        doc_type: Annotated[DocType | None, Form()] = None,
    ) -> UploadResponse:
        """Ingest one document and re-index incrementally (operator token required).

        One write at a time: while another upload, re-index or CLI ingest runs, the answer is 409 at
        once (with Retry-After) rather than a worker thread parked on the lock."""
        filename = file.filename or "upload"
        check_upload_type(filename)
        hints = MetadataHints(
            body=body or None,
            municipality=municipality or None,
            date=date,
            doc_type=doc_type,
        )
        try:
            with writer_lock(state.settings), state.metrics.writing():
                return ingest_upload(
                    state.settings,
                    state.model,
                    filename,
                    file.file.read(),
                    hints,
                    index_behind=lambda: state.index_lag().behind > 0,
                )
        finally:
            state.catchup.request()  # a write that stored but could not index is caught up

    @app.post(
        "/api/index",
        response_model=IndexReport,
        tags=["documents"],
        dependencies=[Depends(require_operator)],
    )
    def reindex_documents(state: StateDep) -> IndexReport:
        """Bring the index up to date with the store, embedding only new text (operator token required).

        For documents stored by other means (`protokollet ingest` without `index`); 409 while another
        write runs."""
        embedder = state.model()
        with writer_lock(state.settings), state.metrics.writing():
            return reindex(state.settings, embedder)


async def _read_agenda(request: Request) -> str | tuple[bytes, str]:
    """The agenda as JSON text (`{"text": ...}`) or as an uploaded file's bytes and name (`file`)."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, StarletteUploadFile):
            raise InvalidQuery("file: send the agenda as a form field named 'file'")
        filename = upload.filename or "agenda.txt"
        check_upload_type(filename)
        data = await upload.read()
        if not data:
            raise BadDocument(f"{filename}: the file is empty")
        return data, filename
    if content_type.startswith("application/json"):
        try:
            return AgendaRequest.model_validate_json(await request.body()).text
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None
    raise HTTPException(415, 'send the agenda as JSON {"text": ...} or as a multipart file upload')


def _prepare_agenda(state: ServiceState, agenda: str | tuple[bytes, str]) -> AgendaPreparation:
    from protokollet.service.agenda import prepare_agenda

    text = agenda if isinstance(agenda, str) else _read_agenda_file(state, *agenda)
    with state.query_slots:
        return prepare_agenda(text, state.searcher(), state.store, settings=state.settings)


def _read_agenda_file(state: ServiceState, data: bytes, filename: str) -> str:
    """An uploaded agenda's text. Anyone may send one: it is read in the parse sandbox, a few at a time."""
    if not state.parse_slots.acquire(blocking=False):
        raise HTTPException(
            429,
            "too many files are being read right now; try again shortly",
            {"Retry-After": str(RETRY_AFTER_S)},
        )
    try:
        return read_uploaded_text(state.settings, data, filename)
    finally:
        state.parse_slots.release()
