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
