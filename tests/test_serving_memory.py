"""Serving from disk (issue 22): the paragraphs of a version live in `paragraphs.sqlite` and are read for
the hits only, BM25 and vectors are memory-mapped. The answers must be exactly those of the index held
wholly in memory, which is kept here as the reference: the same snapshot loaded by `load_snapshot`
(every paragraph and chunk as Python objects, as the embedded backend served it before).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from protokollet.evals.runner import load_eval_set
from protokollet.index.embed.embedder import Embedder
from protokollet.index.paragraph_table import META_FILE, TABLE_FILE
from protokollet.index.retrieval import (
    ChunkHit,
    IndexInfo,
    SearchFilters,
    active,
    best_chunk_per_paragraph,
)
from protokollet.index.retrieval_embedded import EmbeddedBackend, EmbeddedIndex
from protokollet.index.search import Searcher
from protokollet.index.snapshot import (
    CHUNK_PLACES_FILE,
    LEGACY_PARAGRAPHS_FILE,
    Snapshot,
    current_version,
    load_snapshot,
)
from protokollet.models import ParagraphContext
from protokollet.service.answer import answer_question
from protokollet.settings import Settings

QUESTIONS = 40


class InMemoryIndex(EmbeddedIndex):
    """The reference: one snapshot wholly in memory, filters tested paragraph by paragraph (analyzer,
    term statistics and the FAISS and BM25 searches are the embedded index's own)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot  # type: ignore[assignment]  # a Snapshot has the dense and lexical parts
        self.full = snapshot
        self.info = IndexInfo(
            backend="in-memory",
            version=snapshot.version,
            model=snapshot.manifest.model,
            dimension=snapshot.manifest.dimension,
            paragraphs=snapshot.manifest.paragraphs,
            chunks=snapshot.manifest.chunks,
            fingerprint=snapshot.manifest.paragraph_fingerprint,
        )

    def contexts(self, paragraph_ids: Sequence[str]) -> Mapping[str, ParagraphContext]:
        return {pid: self.full.paragraphs[pid] for pid in paragraph_ids if pid in self.full.paragraphs}

    def paragraph_ids(self) -> set[str]:
        return set(self.full.paragraphs)

    def _ranked(
        self,
        search: Callable[[int, np.ndarray | None], list[tuple[int, float]]],
        depth: int,
        filters: SearchFilters | None,
    ) -> list[ChunkHit]:
        chunks = self.full.chunks
        filters = active(filters)
        allowed = (
            None
            if filters is None
            else np.array([filters.matches(self.full.paragraphs[c.paragraph_id]) for c in chunks])
        )
        available = len(chunks) if allowed is None else int(allowed.sum())
        if available == 0:
            return []

        def retrieve(n: int) -> list[ChunkHit]:
            return [
                ChunkHit(chunks[p].paragraph_id, chunks[p].chunk_id, chunks[p].start, chunks[p].end, score)
                for p, score in search(n, allowed)
            ]

        return best_chunk_per_paragraph(retrieve, depth, available)


class FixedBackend:
    def __init__(self, index: InMemoryIndex) -> None:
        self.index = index

    def current(self) -> InMemoryIndex:
        return self.index

    def close(self) -> None:
        pass


def _answers(searcher: Searcher, settings: Settings, questions: list[str]) -> list[str]:
    answers = []
    for question in questions:
        answer = answer_question(question, searcher, settings=settings)
        quotes = [(c.paragraph_id, c.quote_start, c.quote_end) for c in [*answer.citations, *answer.nearest]]
        answers.append(f"{answer.text}\n{quotes}\n{answer.confidence!r}")
    return answers


@pytest.fixture(scope="module")
def questions() -> list[str]:
    return [question.question for question in load_eval_set("dev").questions[:QUESTIONS]]


def test_answers_served_from_disk_equal_the_in_memory_index(
    indexed_settings: Settings, embedder: Embedder, questions: list[str]
) -> None:
    served = Searcher(indexed_settings, embedder)
    assert isinstance(served.backend, EmbeddedBackend)
    reference = Searcher(
        indexed_settings,
        embedder,
        backend=FixedBackend(
            InMemoryIndex(load_snapshot(indexed_settings.resolved_index_dir, indexed_settings.model))
        ),
    )
    assert _answers(served, indexed_settings, questions) == _answers(reference, indexed_settings, questions)
    filters = SearchFilters(body="Kommunstyrelsen")
    for question in questions[:10]:
        ours = [(h.context, h.chunk_id, h.score) for h in served.search(question, k=10, filters=filters)]
        theirs = [(h.context, h.chunk_id, h.score) for h in reference.search(question, k=10, filters=filters)]
        assert ours == theirs


def test_a_version_of_the_older_format_is_upgraded_on_open(
    indexed_settings: Settings, embedder: Embedder, questions: list[str], tmp_path: Path
) -> None:
    """An index written before `paragraphs.sqlite` (paragraphs.jsonl, no chunk places) still serves, the
    same answers, after its files are added on first open."""
    index_dir = tmp_path / "index"
    shutil.copytree(indexed_settings.resolved_index_dir, index_dir)
    version = index_dir / (current_version(index_dir) or "")
    snapshot = load_snapshot(index_dir, indexed_settings.model)
    (version / LEGACY_PARAGRAPHS_FILE).write_text(
        "".join(context.model_dump_json() + "\n" for context in snapshot.paragraphs.values()),
        encoding="utf-8",
    )
    for name in (TABLE_FILE, META_FILE, CHUNK_PLACES_FILE):
        (version / name).unlink()
    older = indexed_settings.model_copy(update={"index_dir": index_dir})
    upgraded = Searcher(older, embedder)
    assert (version / TABLE_FILE).is_file() and (version / CHUNK_PLACES_FILE).is_file()
    served = Searcher(indexed_settings, embedder)
    assert _answers(upgraded, older, questions[:10]) == _answers(served, indexed_settings, questions[:10])
