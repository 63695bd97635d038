"""Stored but not searchable: a state the server notices and leaves by itself.

A server killed after an upload was stored but before its index swap, or a `protokollet ingest` run
without `index`, leaves paragraphs in the store that no search can find. Nothing else would bring them
into the index until someone ran `protokollet index`, and nothing would tell anyone to. So the server
compares what is stored with what is indexed (at start, after every write through it, and every
`index_check_interval_s`) and, when they differ, runs the incremental index build in one background
thread under the writer lock, like `protokollet index`; questions go on being answered from the serving
version until the new one is swapped in. `/healthz` says "indexing" while behind, `/metrics` exposes
the lag in paragraphs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from protokollet.errors import ProtokolletError, WriterBusy
from protokollet.index.passages import IndexReport, PassageEmbedder
from protokollet.index.retrieval import RetrievalIndex
from protokollet.index.snapshot import paragraph_fingerprint
from protokollet.service.observability import Metrics
from protokollet.service.uploads import reindex
from protokollet.settings import Settings
from protokollet.store.locking import writer_lock

log = logging.getLogger(__name__)

#: Seconds before trying again while another writer (an upload, a CLI ingest) holds the lock.
BUSY_RETRY_S = 2.0
#: Seconds `stop` waits for a running build to swap in (a killed build is safe too, only wasted).
STOP_WAIT_S = 30.0


@dataclass(frozen=True)
class IndexLag:
    """How far the serving index is from the store, in paragraphs."""

    stored: int
    unindexed: int  # stored, not searchable
    stale: int  # still searchable, no longer stored (a replaced or removed document)

    @property
    def behind(self) -> int:
        return self.unindexed + self.stale


def index_lag(stored_ids: set[str], index: RetrievalIndex | None) -> IndexLag:
    """Compare the store's paragraphs with the index's; the fingerprint spares the id sets when equal."""
    if index is None:
        return IndexLag(stored=len(stored_ids), unindexed=len(stored_ids), stale=0)
    if paragraph_fingerprint(stored_ids) == index.info.fingerprint:
        return IndexLag(stored=len(stored_ids), unindexed=0, stale=0)
    indexed = index.paragraph_ids()
    return IndexLag(
        stored=len(stored_ids), unindexed=len(stored_ids - indexed), stale=len(indexed - stored_ids)
    )


class IndexCatchUp:
    """One background thread that brings the index up to the store whenever they differ."""

    def __init__(
        self,
        settings: Settings,
        lag: Callable[[], IndexLag],
        embedder: Callable[[], PassageEmbedder],
        metrics: Metrics,
    ) -> None:
        self.settings = settings
        self._lag = lag
        self._embedder = embedder
        self._metrics = metrics
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        #: True while a build runs; `error` says why the last attempt failed (None after a success).
        self.running = False
        self.error: str | None = None
        self.last_report: IndexReport | None = None

    @property
    def enabled(self) -> bool:
        return self.settings.auto_index

    def start(self) -> None:
        """Start the thread (when `auto_index` is on); its first check runs at once."""
        if not self.enabled or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="index-catch-up", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Check now rather than at the next interval (called after every write)."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(STOP_WAIT_S)

    def _loop(self) -> None:
        wait = 0.0
        while not self._stopping.is_set():
            if wait:
                self._wake.wait(wait)
                self._wake.clear()
            if self._stopping.is_set():
                return
            wait = self.run_once()

    def run_once(self) -> float:
        """One check, and one build when behind; returns the seconds until the next check."""
        interval = self.settings.index_check_interval_s
        try:
            if self._lag().behind == 0:
                self.error = None
                return interval
            embedder = self._embedder()
            with writer_lock(self.settings), self._metrics.writing():
                lag = self._lag()  # another writer may have indexed while this one waited
                if lag.behind == 0:
                    return interval
                log.info(
                    "bringing the index up to the store: %d stored paragraphs not searchable, %d removed",
                    lag.unindexed,
                    lag.stale,
                )
                self.running = True
                try:
                    report = reindex(self.settings, embedder)
                finally:
                    self.running = False
        except WriterBusy:
            return BUSY_RETRY_S
        except ProtokolletError as exc:
            self.error = str(exc)
            log.warning("could not bring the index up to the store: %s", exc)
            return interval
        except Exception as exc:  # a background thread has no caller to raise to: keep serving, say why
            self.error = f"{type(exc).__name__}: {exc}"
            log.exception("could not bring the index up to the store")
            return interval
        self.last_report = report
        log.info(
            "index brought up to the store: version %s, %d paragraphs (%d chunks embedded)",
            report.version,
            report.paragraphs,
            report.embedded,
        )
        left = self._lag().behind  # more may have been stored meanwhile: then build again at once
        self.error = None
        return 0.0 if left and left != lag.behind else interval
