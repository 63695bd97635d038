"""Writes through the API: an uploaded document is checked, parsed in a sandbox, stored and indexed.

Order matters: the extension and the content are checked before anything touches the disk; the
file is read in a child process under the parse limits (`protokollet.ingest.sandbox`); the store
writes it in one transaction; the index is rebuilt incrementally and swapped in atomically. A file
that fails at any step leaves nothing behind. Callers hold the writer lock around all of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from protokollet.errors import BadDocument, UnsupportedFormat
from protokollet.index.build import build_index
from protokollet.index.passages import IndexReport, PassageEmbedder
from protokollet.ingest.extract import extract_text
from protokollet.ingest.pipeline import SUPPORTED_EXTENSIONS, ingest_paths
from protokollet.ingest.sandbox import ParseLimits, run_limited
from protokollet.ingest.sniff import check_content
from protokollet.models import MetadataHints
from protokollet.service.api_models import UploadResponse
from protokollet.settings import Settings
from protokollet.store.open import open_store

_UNSAFE_NAME = re.compile(r"[^\w.\-]+")
UPLOADS_DIR = "uploads"
#: A control character as HTML form encoding sends it in a multipart file name ("%00", "%0A").
_ENCODED_CONTROL = re.compile(r"%(?:[01][0-9a-f]|7f)", re.IGNORECASE)
#: Longest uploaded file name accepted, as most file systems allow.
MAX_NAME_BYTES = 255


def safe_filename(name: str) -> str:
    """The last path component of an uploaded name, reduced to letters, digits, '.', '-' and '_'.

    No separator, no leading dot and no '..' survive, so the name can never leave its folder."""
    base = _UNSAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip("._")
    return base[:120] or "upload"


def check_upload_name(filename: str) -> None:
    """Refuse names that are not a plain file name (→ 422) instead of silently cleaning them.

    Browsers send only the base name, so a folder, a '..', a control character or an overlong name
    means a hand-made request; `safe_filename` stays as the second line of defence."""
    if (
        "/" in filename
        or "\\" in filename
        or filename.strip() in ("", ".", "..")
        or any(ord(char) < 32 or ord(char) == 127 for char in filename)
        or _ENCODED_CONTROL.search(filename)
        or len(filename.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES
    ):
        raise BadDocument(
            "the file name must be a plain name (no folders, no control characters, "
            f"at most {MAX_NAME_BYTES} bytes)"
        )


def check_upload_type(filename: str) -> str:
    """The lower-case extension when we can read it; otherwise `UnsupportedFormat` (→ 415).

    The name itself is checked first (`check_upload_name`)."""
    check_upload_name(filename)
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        accepted = ", ".join(sorted(s.lstrip(".") for s in SUPPORTED_EXTENSIONS))
        raise UnsupportedFormat(f"cannot read '{suffix or filename}' files; upload one of: {accepted}")
    return suffix


def save_upload(uploads_dir: Path, filename: str, data: bytes) -> Path:
    """Keep the upload under its content hash, so two municipalities' `protokoll.pdf` never overwrite
    each other and the same file sent twice is recognised as unchanged."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = uploads_dir / digest / safe_filename(filename)
    if not target.resolve().is_relative_to(uploads_dir.resolve()):  # unreachable by construction
        raise BadDocument(f"{filename}: refused file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # the folder goes only when empty
        path.parent.rmdir()


def ingest_upload(
    settings: Settings,
    model: Callable[[], PassageEmbedder],
    filename: str,
    data: bytes,
    hints: MetadataHints,
    index_behind: Callable[[], bool] = lambda: False,
) -> UploadResponse:
    """Store one uploaded file and re-index incrementally; a file that fails leaves nothing behind.

    `model` gives the embedder once the file has passed its checks (a bad file is a 4xx even while the
    model is missing) and before anything is stored. An unchanged file is indexed all the same when
    `index_behind()`: it is the retry of an upload whose server died between storing and indexing, and
    the caller, who never saw a response, is owed a searchable document."""
    check_upload_type(filename)
    check_content(data, filename)
    embedder = model()
    path = save_upload(settings.data_dir / UPLOADS_DIR, filename, data)
    # A connection of its own: the service's shared one keeps serving reads while this one writes.
    store = open_store(settings)
    try:
        limits = ParseLimits.from_settings(settings)
        outcome = ingest_paths([path], store, hints, progress=False, limits=limits).files[0]
        if outcome.status == "failed":
            _discard(path)
            error = outcome.error or "could not be read"
            raise BadDocument(error if error.startswith(path.name) else f"{filename}: {error}")
        report = None
        if outcome.status != "unchanged" or index_behind():
            report = build_index(settings, store, embedder, progress=False)
    finally:
        store.close()
    return UploadResponse(
        filename=filename,
        status=outcome.status,
        meetings=outcome.meetings,
        duplicate_meetings=outcome.duplicate_meetings,
        items=outcome.items,
        paragraphs=outcome.paragraphs,
        warnings=outcome.warnings,
        index=report,
    )


def reindex(settings: Settings, embedder: PassageEmbedder) -> IndexReport:
    """The incremental index build over what the store holds now (`protokollet index` over HTTP)."""
    store = open_store(settings)
    try:
        return build_index(settings, store, embedder, progress=False)
    finally:
        store.close()


def read_uploaded_text(settings: Settings, data: bytes, filename: str) -> str:
    """The text of a file that is only read, never stored (an agenda), under the same checks and limits."""
    check_upload_type(filename)
    check_content(data, filename)
    return run_limited(
        extract_text, data, filename, limits=ParseLimits.from_settings(settings), name=filename
    )
