"""The extractive answerer over the real indexed sample corpus (real model, real store), on both retrieval
backends: embedded FAISS + BM25 files and PostgreSQL (pgvector + tsvector)."""

from __future__ import annotations

import datetime as dt

import pytest

from protokollet.index.embed.embedder import Embedder
from protokollet.index.search import Searcher, SearchFilters
from protokollet.models import Citation
from protokollet.service.answer import answer_question
from protokollet.service.answer_models import NOT_IN_MINUTES, Answer
from protokollet.service.facts import is_furniture
from protokollet.settings import Settings
from protokollet.store.open import open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def searcher(search_settings: Settings, embedder: Embedder) -> Searcher:
    """One searcher per retrieval backend (embedded files, PostgreSQL): every test runs on both."""
    return Searcher(search_settings, embedder)


def assert_citations_verbatim(answer: Answer, settings: Settings) -> None:
    """Every quote is the stored paragraph's text at its offsets, and the document's text at its own."""
    store = open_store(settings)
    try:
        paragraphs = {p.paragraph_id: p for p in store.paragraphs([c.paragraph_id for c in answer.citations])}
        for citation in answer.citations + answer.nearest:
            paragraph = paragraphs.get(citation.paragraph_id) or next(
                store.paragraphs([citation.paragraph_id])
            )
            assert paragraph.text[citation.quote_start : citation.quote_end] == citation.quote
            document = store.document_text(paragraph.document_id)
            assert document is not None and document[citation.start : citation.end] == citation.quote
    finally:
        store.close()


def cites(answer: Answer, date: str, item_number: str) -> list[Citation]:
    return [
        c for c in answer.citations if c.date == dt.date.fromisoformat(date) and c.item_number == item_number
    ]


def test_answer_cites_the_right_meeting_and_paragraph(searcher: Searcher, search_settings: Settings) -> None:
    answer = answer_question(
        "Ansluter sig staden till den regionala jämställdhetsstrategin för Västra Götaland?",
        searcher,
        settings=search_settings,
    )
    assert answer.answered, answer.model_dump_json(indent=2)
    assert cites(answer, "2024-09-25", "§ 744"), answer.text
    assert "Jämställt Västra Götaland" in answer.text
    assert 1 <= len(answer.sentences) <= 5
    for number, sentence in enumerate(answer.sentences, start=1):
        assert sentence.citations == [number] and sentence.text.endswith(f"[{number}]")
    assert_citations_verbatim(answer, search_settings)


def test_decision_question_quotes_the_decision(searcher: Searcher, search_settings: Settings) -> None:
    answer = answer_question(
        "Vad beslutades om ungdomsfullmäktiges deltagande på Bokmässan?", searcher, settings=search_settings
    )
    assert answer.answered
    assert cites(answer, "2026-04-22", "§ 284"), answer.text
    assert "80 tkr" in answer.text
    assert_citations_verbatim(answer, search_settings)


def test_quotes_say_more_than_the_item_heading(searcher: Searcher, search_settings: Settings) -> None:
    """The item's text starts with its heading; quoting it would only repeat what the citation names."""
    answer = answer_question(
        "Vad beslutades om fysisk aktivitet för unga?", searcher, settings=search_settings
    )
    assert answer.answered
    assert cites(answer, "2024-05-08", "5"), answer.text
    for citation in answer.citations:
        assert not is_furniture(citation.quote, citation.item_number, citation.item_title), citation.quote
    assert "Presidiet får i uppdrag" in answer.text


def test_same_matter_across_meetings_supporting_quotes_older_first(
    searcher: Searcher, search_settings: Settings
) -> None:
    """The answering quote comes first; the same case at the other meeting follows, in date order."""
    answer = answer_question(
        "Vad beslutade kommunstyrelsen om minnesanteckningarna från styrgruppen för miljö- och klimatmålen?",
        searcher,
        settings=search_settings,
    )
    assert answer.answered
    dates = [c.date for c in answer.citations if c.case_number == "SLK-2025-00326"]
    assert dt.date(2025, 3, 12) in dates and dt.date(2025, 8, 27) in dates, answer.text
    assert all("klimatmålen" in c.item_title for c in answer.citations), answer.text  # one matter only
    supporting = [c.date for c in answer.citations[1:] if c.date is not None]
    assert supporting == sorted(supporting)
    assert_citations_verbatim(answer, search_settings)


def test_near_miss_cost_is_not_answered(searcher: Searcher, search_settings: Settings) -> None:
    """Gamla Ullevi appears only in a motion's title; no cost is recorded, so no amount of another
    matter (a donation fund's millions for Gamlestads Torg) may be given as the answer."""
    answer = answer_question("Vad kostar Gamla Ullevi?", searcher, settings=search_settings)
    assert not answer.answered, answer.text
    assert answer.text == NOT_IN_MINUTES and not answer.citations
    assert answer.nearest and not any("Gamlestads Torg" in c.quote for c in answer.nearest)
    assert_citations_verbatim(answer, search_settings)


def test_first_sentence_names_the_chair(searcher: Searcher, search_settings: Settings) -> None:
    answer = answer_question("Vem är ordförande i kommunstyrelsen?", searcher, settings=search_settings)
    assert answer.answered, answer.notes
    first = answer.sentences[0]
    assert "Jonas Attenius" in first.text, first.text
    cited = answer.citations[first.citations[0] - 1]
    assert cited.body == "Kommunstyrelsen" and "Jonas Attenius" in cited.quote
    assert_citations_verbatim(answer, search_settings)


def test_decision_answer_stays_on_its_case(searcher: Searcher, search_settings: Settings) -> None:
    """The staffing-plan question is answered by its tabling decision alone: no plan against racism,
    no HR decision from other meetings that share words with it, no heading quoted as a sentence."""
    answer = answer_question(
        "Vad beslutades om planen för ett max antal medarbetare för stadens chefer?",
        searcher,
        settings=search_settings,
    )
    assert answer.answered
    assert {c.case_number for c in answer.citations} == {"SLK-2021-01137"}, answer.text
    assert "bordläggs" in answer.sentences[0].text
    quotes = [" ".join(c.quote.split()) for c in answer.citations]
    assert len(quotes) == len(set(quotes))
    assert not any(is_furniture(c.quote, c.item_number, c.item_title) for c in answer.citations)


def test_a_decision_asked_of_a_body_is_not_another_bodys(
    searcher: Searcher, search_settings: Settings
) -> None:
    """Physical activity for the young was discussed by a working group (Samverkansgrupp hälsa), not
    decided by the kommunstyrelse: asked of the kommunstyrelse, the group's note is no answer; asked of
    no body, it is."""
    asked = answer_question(
        "Vad beslutade kommunstyrelsen om fysisk aktivitet för unga?", searcher, settings=search_settings
    )
    assert all("kommunstyrelse" in f"{c.body} {c.quote}".casefold() for c in asked.citations), asked.text
    unasked = answer_question(
        "Vad beslutades om fysisk aktivitet för unga?", searcher, settings=search_settings
    )
    assert unasked.answered and any("Samverkansgrupp" in (c.body or "") for c in unasked.citations)


def test_question_the_minutes_cannot_answer(searcher: Searcher, search_settings: Settings) -> None:
    answer = answer_question(
        "Hur många mål gjorde IFK Göteborg i allsvenskan säsongen 1987?", searcher, settings=search_settings
    )
    assert not answer.answered
    assert answer.text == NOT_IN_MINUTES and not answer.citations and not answer.sentences
    assert answer.nearest
    assert_citations_verbatim(answer, search_settings)


def test_filters_restrict_the_cited_meetings(searcher: Searcher, search_settings: Settings) -> None:
    filters = SearchFilters(body="kommunfullmäktige")
    answer = answer_question(
        "Vem utsågs till ledamot i Göteborgsregionens förbundsfullmäktige?",
        searcher,
        filters=filters,
        settings=search_settings,
    )
    assert answer.answered
    assert all("kommunfullmäktige" in (c.body or "").casefold() for c in answer.citations)
