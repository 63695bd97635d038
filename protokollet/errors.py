"""Specific failures, each turned into one clear line (CLI) or a 4xx with a message (API) at the edge."""


class ProtokolletError(Exception):
    """Base class: anything the user can fix, reported without a traceback."""


class UnsupportedFormat(ProtokolletError):
    """The file's format is not one we can read (by extension and content)."""


class BadDocument(ProtokolletError):
    """The file could not be read or holds no usable text (empty, binary, broken PDF, bad encoding)."""


class ModelNotBuilt(ProtokolletError):
    """The bundled embedding model has not been built into the data dir yet."""


class ModelMismatch(ProtokolletError):
    """The index was built with another embedding model than the one configured."""


class IndexNotBuilt(ProtokolletError):
    """Search was asked for before `protokollet index` has run."""


class InvalidQuery(ProtokolletError):
    """A question, filter or date that cannot be used."""


class ParseLimitExceeded(BadDocument):
    """Reading a file ran past the parse time or memory limit (a hostile or pathological file)."""


class WriterBusy(ProtokolletError):
    """Another process (an ingest, index build or upload) is writing to the data dir right now."""


class StoreVersionError(ProtokolletError):
    """The database was written by a newer Protokollet than this one (schema version or revision)."""


class DatabaseUnavailable(ProtokolletError):
    """The configured database cannot be used: a malformed URL, or a server that refuses or is down."""
