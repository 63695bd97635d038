"""Search over the indexed sample corpus, on both retrieval backends (embedded files, PostgreSQL):
hybrid beats either side alone, filters, dedupe, errors, CLI."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

import pytest
from typer.testing import CliRunner

from protokollet.cli import app
from protokollet.errors import InvalidQuery
from protokollet.index.embed.embedder import Embedder
from protokollet.index.search import Mode, Searcher, SearchFilters, SearchHit
from protokollet.models import DocType
from protokollet.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def searcher(search_settings: Settings, embedder: Embedder) -> Searcher:
    """One searcher per retrieval backend (embedded files, PostgreSQL): every test runs on both."""
    return Searcher(search_settings, embedder)


def rank_of(hits: list[SearchHit], body: str, date: str, item: str) -> int | None:
    """1-based rank of the first hit in the given meeting's agenda item, None when absent."""
    for rank, hit in enumerate(hits, start=1):
        context = hit.context
        if context.body == body and str(context.date) == date and context.item_number == item:
            return rank
    return None


# A paraphrase: the minutes use other words than the question, so BM25 misses it.
# ("avstod från att delta" / "avfallsföreskrifter" vs "deltar inte i beslutet" / "föreskrifter för
# avfallshantering").
PARAPHRASE_QUESTION = (
    "Vilka ledamöter avstod från att delta i beslutet om nya avfallsföreskrifter i september 2024?"
)
PARAPHRASE_TARGET = ("Kommunstyrelsen", "2024-09-25", "§ 753")
# An exact case number: one token the embedding model cannot tell from its neighbours.
CASE_QUESTION = "Vad beslutades i ärende 0497/22?"
CASE_TARGET = ("Kommunfullmäktige", "2023-06-19", "§ 7")


def top5(searcher: Searcher, question: str, mode: Mode) -> list[SearchHit]:
    return searcher.search(question, k=5, mode=mode)


def test_hybrid_finds_a_paraphrase_that_lexical_search_misses(searcher: Searcher) -> None:
    assert rank_of(top5(searcher, PARAPHRASE_QUESTION, "lexical"), *PARAPHRASE_TARGET) is None
    assert rank_of(top5(searcher, PARAPHRASE_QUESTION, "dense"), *PARAPHRASE_TARGET) is not None
    assert rank_of(top5(searcher, PARAPHRASE_QUESTION, "hybrid"), *PARAPHRASE_TARGET) is not None


def test_hybrid_finds_a_case_number_that_dense_search_misses(searcher: Searcher) -> None:
    assert rank_of(top5(searcher, CASE_QUESTION, "dense"), *CASE_TARGET) is None
    assert rank_of(top5(searcher, CASE_QUESTION, "lexical"), *CASE_TARGET) == 1
    assert rank_of(top5(searcher, CASE_QUESTION, "hybrid"), *CASE_TARGET) is not None


def test_weighted_fusion_is_an_alternative_ranking(searcher: Searcher) -> None:
    hits = searcher.search(CASE_QUESTION, k=5, fusion="weighted", dense_weight=0.5)
    assert rank_of(hits, *CASE_TARGET) is not None
    assert all(0.0 <= hit.score <= 1.0 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_hits_carry_the_index_version_they_came_from(searcher: Searcher) -> None:
    hits = searcher.search("föräldrastödsstrategin", k=3)
    assert hits and hits.from_index.info.version == searcher.index.info.version
    assert all(hit.context.paragraph_id in hits.from_index.paragraph_ids() for hit in hits)


def test_hits_are_distinct_paragraphs_with_ranks_and_exact_chunk_offsets(searcher: Searcher) -> None:
    hits = searcher.search("budget och investeringar för skolan", k=20)
    assert len(hits) == 20
    assert len({hit.context.paragraph_id for hit in hits}) == 20
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    for hit in hits:
        assert hit.dense_rank is not None or hit.lexical_rank is not None
        assert 0 <= hit.chunk_start < hit.chunk_end <= len(hit.context.text)


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_filters_exclude_what_they_should_and_still_fill_k(searcher: Searcher, mode: Mode) -> None:
    question = "beslut om budget"
    unfiltered = searcher.search(question, k=10, mode=mode)
    assert any("kommunfullmäktige" in (hit.context.body or "").lower() for hit in unfiltered)

    filters = SearchFilters(
        body="kommunSTYRELSEN", date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)
    )
    hits = searcher.search(question, k=10, mode=mode, filters=filters)
    assert len(hits) == 10
    for hit in hits:
        assert hit.context.body == "Kommunstyrelsen"
        assert hit.context.date is not None and dt.date(2025, 1, 1) <= hit.context.date <= dt.date(
            2025, 12, 31
        )


def test_filter_on_municipality_and_type(searcher: Searcher) -> None:
    hits = searcher.search("folkhälsa", k=10, filters=SearchFilters(municipality="örebro"))
    assert hits and all("örebro" in (hit.context.municipality or "").lower() for hit in hits)
    hits = searcher.search("folkhälsa", k=10, filters=SearchFilters(doc_type=DocType.KALLELSE))
    assert all(hit.context.doc_type is DocType.KALLELSE for hit in hits)
    assert searcher.search("folkhälsa", k=5, filters=SearchFilters(body="ingen sådan nämnd")) == []


@pytest.mark.parametrize("query", ["", "   \n\t"])
def test_empty_query_is_invalid(searcher: Searcher, query: str) -> None:
    with pytest.raises(InvalidQuery):
        searcher.search(query)


def test_reversed_date_range_is_invalid(searcher: Searcher) -> None:
    with pytest.raises(InvalidQuery):
        searcher.search(
            "budget", filters=SearchFilters(date_from=dt.date(2025, 1, 1), date_to=dt.date(2024, 1, 1))
        )


def test_cli_search_prints_json_hits(search_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTOKOLLET_DATA_DIR", str(search_settings.data_dir))
    if search_settings.database_url is not None:
        monkeypatch.setenv("PROTOKOLLET_DATABASE_URL", search_settings.database_url.get_secret_value())
    from protokollet.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            app, ["search", CASE_QUESTION, "-k", "3", "--mode", "lexical", "--body", "fullmäktige", "--json"]
        )
        assert result.exit_code == 0, result.output
        hits = json.loads(result.output)
        assert len(hits) == 3
        assert hits[0]["context"]["item_number"] == CASE_TARGET[2]
        assert all(hit["context"]["body"] == "Kommunfullmäktige" for hit in hits)

        text = CliRunner().invoke(app, ["search", CASE_QUESTION, "-k", "2", "--mode", "lexical"])
        assert text.exit_code == 0 and CASE_TARGET[2] in text.output

        bad_date = CliRunner().invoke(app, ["search", "budget", "--from", "2024-13-01"])
        assert bad_date.exit_code == 2 and "--from" in bad_date.output
        bad_type = CliRunner().invoke(app, ["search", "budget", "--type", "brev"])
        assert bad_type.exit_code == 2 and "--type" in bad_type.output
    finally:
        get_settings.cache_clear()


class _Halves:
    """The serving index with `concurrent` as given; with a barrier, its dense and lexical halves each wait
    there for the other, so a search completes only when they run at once."""

    def __init__(self, index: Any, concurrent: bool, barrier: threading.Barrier | None = None) -> None:
        self._index = index
        self.concurrent = concurrent
        self._barrier = barrier

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)

    def dense(self, *args: Any) -> Any:
        if self._barrier is not None:
            self._barrier.wait()
        return self._index.dense(*args)

    def lexical(self, *args: Any) -> Any:
        if self._barrier is not None:
            self._barrier.wait()
        return self._index.lexical(*args)


class _Backend:
    def __init__(self, index: _Halves) -> None:
        self._index = index

    def current(self) -> _Halves:
        return self._index

    def close(self) -> None:
        pass


def test_hybrid_runs_dense_and_lexical_at_once_where_they_wait_on_a_database(
    searcher: Searcher, embedder: Embedder
) -> None:
    index = searcher.index
    assert index.concurrent == (index.info.backend == "postgresql")
    at_once = Searcher(
        searcher.settings, embedder, backend=_Backend(_Halves(index, True, threading.Barrier(2, timeout=10)))
    )
    one_by_one = Searcher(searcher.settings, embedder, backend=_Backend(_Halves(index, False)))
    for question in (PARAPHRASE_QUESTION, CASE_QUESTION):
        hits = at_once.search(question, k=10)
        assert [(h.context.paragraph_id, h.score, h.dense_rank, h.lexical_rank) for h in hits] == [
            (h.context.paragraph_id, h.score, h.dense_rank, h.lexical_rank)
            for h in one_by_one.search(question, k=10)
        ]
