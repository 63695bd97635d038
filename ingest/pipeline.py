"""Files on disk → stored documents: the I/O edge around the pure extract and parse functions.

Each file is handled on its own: a file that cannot be read, extracted or parsed is reported with a
one-line reason and the others still go in; the store writes a document in one transaction, so a
failure never leaves part of a file behind.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from protokollet.errors import ProtokolletError
from protokollet.ingest.extract import extract_text
from protokollet.ingest.inspect import FileInspection, inspect_document
from protokollet.ingest.parse import parse_document, same_meeting
from protokollet.ingest.sidecar import SIDECAR_SUFFIX, merge_hints, read_sidecar
from protokollet.models import Document, MetadataHints
from protokollet.store import Store

if TYPE_CHECKING:
    from protokollet.ingest.sandbox import ParseLimits

#: Extensions picked up when a folder is expanded. Files named explicitly are always tried.
SUPPORTED_EXTENSIONS = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})


@dataclass
class FileOutcome:
    """What happened to one file."""

    path: Path
    status: str  # "added", "replaced", "unchanged" or "failed"
    meetings: int = 0
    duplicate_meetings: int = 0
    duplicate_of: list[str] = field(default_factory=list)  # stored files holding those meetings
    items: int = 0
    paragraphs: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    inspection: FileInspection | None = None  # coverage and furniture of what was read


@dataclass
class IngestReport:
    """The outcome of one ingest run, file by file, for the CLI to print and tests to check."""

    files: list[FileOutcome] = field(default_factory=list)
    # Files inside expanded folders that were left out because of their extension.
    skipped: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "failed"]

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.files)

    @property
    def meetings(self) -> int:
        return sum(f.meetings for f in self.files)

    @property
    def items(self) -> int:
        return sum(f.items for f in self.files)

    @property
    def paragraphs(self) -> int:
        return sum(f.paragraphs for f in self.files)


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The files to ingest (folders expanded recursively, sorted, each file once) and the files in
    those folders skipped for their extension. Hidden files and `*.json` sidecars are left out
    silently; a path named explicitly is kept whatever its extension, so the user hears why it fails.
    """
    files: dict[Path, None] = {}
    skipped: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.setdefault(path.absolute(), None)
            continue
        for child in sorted(path.rglob("*")):
            if not child.is_file() or _is_hidden(child, path) or child.suffix.lower() == SIDECAR_SUFFIX:
                continue
            if child.suffix.lower() in SUPPORTED_EXTENSIONS:
                files.setdefault(child.absolute(), None)
            else:
                skipped.append(child)
    return list(files), skipped


def source_key(path: Path) -> str:
    """How a file is named in the store: its resolved absolute path, the same from any working dir."""
    return path.resolve().as_posix()


def read_document(
    data: bytes, filename: str, source: str, sha256: str, hints: MetadataHints | None
) -> Document:
    """File bytes → a parsed document (extract + structure): the pure part, the one a sandbox runs."""
    return parse_document(extract_text(data, filename), source_path=source, sha256=sha256, hints=hints)


def ingest_file(
    path: Path,
    store: Store,
    hints: MetadataHints | None,
    limits: ParseLimits | None = None,
    *,
    reparse: bool = False,
) -> FileOutcome:
    """Read, extract, parse and store one file; every user-fixable problem becomes `error`.

    With `limits` the reading runs in a child process under a time and memory limit (untrusted files).
    With `reparse` an unchanged file is parsed and stored again (after an upgrade of the parser).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileOutcome(path, "failed", error=f"cannot read: {exc.strerror or exc}")
    sha256 = hashlib.sha256(data).hexdigest()
    source = source_key(path)
    if not reparse and store.stored_sha256(source) == sha256:
        return FileOutcome(path, "unchanged")
    try:
        file_hints = merge_hints(hints, read_sidecar(path))
        if limits is None:
            document = read_document(data, path.name, source, sha256, file_hints)
        else:
            from protokollet.ingest.sandbox import run_limited

            args = (data, path.name, source, sha256, file_hints)
            document = run_limited(read_document, *args, limits=limits, name=path.name)
        result = store.save_document(document, same_meeting, replace=reparse)
    except ProtokolletError as exc:
        return FileOutcome(path, "failed", error=str(exc))
    except Exception as exc:  # one odd file must not stop a run over thousands
        return FileOutcome(path, "failed", error=f"unexpected {type(exc).__name__}: {exc}")
    return FileOutcome(
        path,
        result.status,
        meetings=result.meetings_added,
        duplicate_meetings=result.meetings_skipped_duplicate,
        duplicate_of=result.duplicate_of,
        items=result.items,
        paragraphs=result.paragraphs,
        warnings=[*document.warnings, *result.warnings],
        inspection=inspect_document(document, source),
    )


def inspect_file(path: Path, hints: MetadataHints | None = None) -> FileInspection:
    """Read and parse one file exactly as ingest would (sidecar included) and report; stores nothing."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileInspection(path=str(path), error=f"cannot read: {exc.strerror or exc}")
    try:
        sha256 = hashlib.sha256(data).hexdigest()
        document = read_document(
            data, path.name, source_key(path), sha256, merge_hints(hints, read_sidecar(path))
        )
    except ProtokolletError as exc:
        return FileInspection(path=str(path), error=str(exc))
    return inspect_document(document, str(path))


def ingest_paths(
    paths: Sequence[Path],
    store: Store,
    hints: MetadataHints | None = None,
    progress: bool = True,
    limits: ParseLimits | None = None,
    *,
    reparse: bool = False,
) -> IngestReport:
    """Ingest files and folders into `store`, file by file.

    `hints` (from command-line flags) fill metadata the text lacks; a file's sidecar JSON overrides them
    field by field (see `protokollet.ingest.sidecar`). Unchanged files (same path, same sha256) are
    skipped before extraction unless `reparse`; changed files replace their earlier version. `limits`
    sandboxes the reading of each file (see `protokollet.ingest.sandbox`); the CLI and the API pass
    them.
    """
    started = time.perf_counter()
    files, skipped = expand_paths(paths)
    report = IngestReport(skipped=skipped)
    for path in tqdm(files, desc="Ingesting", unit="file", disable=not progress, leave=False):
        report.files.append(ingest_file(path, store, hints, limits, reparse=reparse))
    report.seconds = time.perf_counter() - started
    return report
