"""A snapshot's paragraphs on disk, read for the hits only: the serving process keeps none in memory.

At a million paragraphs the contexts as Python objects took ~3.9 GB of a 4.6 GB serving process
(docs/performance.md). Here each version writes `paragraphs.sqlite` (the contexts as JSON, keyed by a
row number) and `paragraph_meta.npz` (the filterable columns as integer codes per row), and a query reads
the contexts of its k hits by primary key. SQLite rather than the store: a snapshot is immutable and
must answer for exactly the paragraphs it was built from, whatever the store holds meanwhile.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from protokollet.models import ParagraphContext

TABLE_FILE = "paragraphs.sqlite"
META_FILE = "paragraph_meta.npz"
#: Rows per INSERT batch when writing and ids per SELECT when reading (SQLite's variable limit is 32 766).
BATCH = 900


def write_paragraph_table(directory: Path, contexts: Iterable[ParagraphContext]) -> None:
    """`paragraphs.sqlite` and `paragraph_meta.npz` for `contexts`, in order (row i = the i-th context)."""
    body: list[str | None] = []
    municipality: list[str | None] = []
    doc_type: list[str | None] = []
    dates: list[int] = []
    connection = sqlite3.connect(directory / TABLE_FILE)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")  # the whole version directory is fsynced after
        connection.execute(
            "CREATE TABLE paragraphs"
            " (row INTEGER PRIMARY KEY, paragraph_id TEXT NOT NULL UNIQUE, context TEXT NOT NULL)"
        )
        batch: list[tuple[int, str, str]] = []
        for row, context in enumerate(contexts):
            batch.append((row, context.paragraph_id, context.model_dump_json()))
            body.append(context.body)
            municipality.append(context.municipality)
            doc_type.append(context.doc_type.value)
            dates.append(context.date.toordinal() if context.date else 0)
            if len(batch) == BATCH:
                connection.executemany("INSERT INTO paragraphs VALUES (?, ?, ?)", batch)
                batch.clear()
        connection.executemany("INSERT INTO paragraphs VALUES (?, ?, ?)", batch)
        connection.commit()
    finally:
        connection.close()
    (body_codes, body_values), (place_codes, place_values), (type_codes, type_values) = (
        _codes(body),
        _codes(municipality),
        _codes(doc_type),
    )
    values = {"body": body_values, "municipality": place_values, "doc_type": type_values}
    np.savez(
        directory / META_FILE,
        date=np.asarray(dates, dtype=np.int32),
        body=body_codes,
        municipality=place_codes,
        doc_type=type_codes,
        values=np.asarray(json.dumps(values)),
    )


def _codes(values: Sequence[str | None]) -> tuple[np.ndarray, list[str | None]]:
    distinct = list(dict.fromkeys(values))
    position = {value: code for code, value in enumerate(distinct)}
    return np.fromiter((position[v] for v in values), dtype=np.int32, count=len(values)), distinct


def has_paragraph_table(directory: Path) -> bool:
    return (directory / TABLE_FILE).is_file() and (directory / META_FILE).is_file()


@dataclass(frozen=True)
class Column:
    """One filterable text column: a code per row (paragraph, or chunk) into the distinct values."""

    codes: np.ndarray
    values: list[str | None]

    def take(self, rows: np.ndarray) -> Column:
        """The column over other rows (each chunk gets its paragraph row's code)."""
        return Column(self.codes[rows], self.values)

    def where(self, test: Callable[[str | None], bool]) -> np.ndarray:
        """Boolean mask over rows: `test` runs once per distinct value, not once per row."""
        table = np.fromiter((test(value) for value in self.values), dtype=bool, count=len(self.values))
        return table[self.codes]


@dataclass(frozen=True)
class ParagraphMeta:
    """The filterable columns of every paragraph row (a few bytes a row)."""

    body: Column
    municipality: Column
    doc_type: Column
    date: np.ndarray  # date.toordinal(), 0 = undated


def read_paragraph_meta(directory: Path) -> ParagraphMeta:
    with np.load(directory / META_FILE) as data:
        values = json.loads(str(data["values"]))
        return ParagraphMeta(
            body=Column(data["body"], values["body"]),
            municipality=Column(data["municipality"], values["municipality"]),
            doc_type=Column(data["doc_type"], values["doc_type"]),
            date=data["date"],
        )


class ParagraphTable:
    """Read-only access to a version's `paragraphs.sqlite`, from any thread (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()  # a file URI must be absolute; data dirs are often given relative
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def contexts(self, paragraph_ids: Sequence[str]) -> Mapping[str, ParagraphContext]:
        """The contexts of those ids the version holds (others are left out)."""
        found: dict[str, ParagraphContext] = {}
        for start in range(0, len(paragraph_ids), BATCH):
            batch = list(paragraph_ids[start : start + BATCH])
            marks = ",".join("?" * len(batch))
            for paragraph_id, context in self._connection().execute(
                f"SELECT paragraph_id, context FROM paragraphs WHERE paragraph_id IN ({marks})", batch
            ):
                found[paragraph_id] = ParagraphContext.model_validate_json(context)
        return found

    def ids_of_rows(self, rows: Sequence[int]) -> list[str]:
        """Paragraph ids of row numbers, in the order given."""
        unique = sorted(set(rows))
        ids: dict[int, str] = {}
        for start in range(0, len(unique), BATCH):
            batch = unique[start : start + BATCH]
            marks = ",".join("?" * len(batch))
            ids.update(
                self._connection().execute(
                    f"SELECT row, paragraph_id FROM paragraphs WHERE row IN ({marks})", batch
                )
            )
        return [ids[row] for row in rows]

    def paragraph_ids(self) -> Iterator[str]:
        for (paragraph_id,) in self._connection().execute("SELECT paragraph_id FROM paragraphs ORDER BY row"):
            yield paragraph_id

    def all_contexts(self) -> Iterator[ParagraphContext]:
        for (context,) in self._connection().execute("SELECT context FROM paragraphs ORDER BY row"):
            yield ParagraphContext.model_validate_json(context)

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
