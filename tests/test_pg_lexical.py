"""PostgreSQL lexical search prunes common query terms (MaxScore-style, `retrieval._LexicalSearch`) and
still returns exactly what summing every posting of every query term returns: the same chunks in the same
order with the same scores, on the sample corpus' dev questions, questions made of very common terms,
and filtered searches."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from protokollet.index.postgres import retrieval
from protokollet.index.retrieval import ChunkHit, SearchFilters
from protokollet.index.search import Searcher, hybrid_depth
from protokollet.settings import Settings

pytestmark = pytest.mark.slow

DEV_SET = Path(__file__).resolve().parent.parent / "evals" / "sets" / "dev.jsonl"
COMMON = (
    "Vad beslutade kommunen och kommunstyrelsen om protokollet?",
    "Vad beslutade kommunfullmäktige den 11 september 2025 om kompiskortet för barn med LSS-insatser?",
)
FILTERS = (
    None,
    SearchFilters(municipality="göteborg"),
    SearchFilters(body="kommunstyrelsen", date_from=dt.date(2025, 1, 1)),
)


def _hits(index: retrieval.PostgresIndex, query: str, filters: SearchFilters | None) -> list[ChunkHit]:
    return index.lexical(query, hybrid_depth(10), filters)


def _untied(hits: list[ChunkHit]) -> list[str | None]:
    """The chunk ids in order, None where a neighbour scores the same but for rounding (the terms are summed
    in another order when pruned, so equal scores may differ in their last bit and swap places)."""
    scores = [hit.score for hit in hits]
    return [
        None
        if any(
            0 <= j < len(hits) and j != i and scores[j] == pytest.approx(scores[i], rel=1e-9)
            for j in (i - 1, i + 1)
        )
        else hit.chunk_id
        for i, hit in enumerate(hits)
    ]


def test_pruned_lexical_search_equals_full_scoring(
    postgres_indexed_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = Searcher(postgres_indexed_settings).index
    assert isinstance(index, retrieval.PostgresIndex)
    questions = [json.loads(line)["question"] for line in DEV_SET.read_text(encoding="utf-8").splitlines()]
    queries = [*COMMON, *questions[:40]]
    terms = index.analyzer.tokens(COMMON[0], query=True)
    most = max(index.document_frequencies(terms).values())
    assert most > 0.5 * index.size  # a term in most chunks

    # Pruning on every search, with no bound on its work (the bounds that make it approximate never bind).
    monkeypatch.setattr(retrieval, "FULL_POSTINGS", 0)
    monkeypatch.setattr(retrieval, "POSTINGS_BUDGET", 10**12)
    monkeypatch.setattr(retrieval, "PROBES_MIN", 10**12)
    monkeypatch.setattr(retrieval, "PROBES_MAX", 10**12)
    pruned_calls = 0
    pruned = retrieval._LexicalSearch.pruned

    def counted(self: retrieval._LexicalSearch, *args: object) -> list[ChunkHit]:
        nonlocal pruned_calls
        pruned_calls += 1
        return pruned(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(retrieval._LexicalSearch, "pruned", counted)
    found = {
        (query, i): _hits(index, query, filters) for query in queries for i, filters in enumerate(FILTERS)
    }
    # Searches whose floor lets no term count as common sum every posting; the rest were pruned.
    assert pruned_calls >= 10, pruned_calls

    monkeypatch.setattr(retrieval, "FULL_POSTINGS", 10**12)  # every posting summed
    for (query, i), hits in found.items():
        full = _hits(index, query, FILTERS[i])
        assert [hit.score for hit in hits] == pytest.approx([hit.score for hit in full], rel=1e-9)
        assert _untied(hits) == _untied(full), (query, FILTERS[i])
    assert any(found[(query, 0)] for query in COMMON) and any(found[(query, 1)] for query in queries)
