"""Agenda preparation over the real indexed sample corpus: recurring case numbers and similar matters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from protokollet.errors import BadDocument, InvalidQuery
from protokollet.index.embed.embedder import Embedder
from protokollet.index.search import Searcher
from protokollet.service.agenda import prepare_agenda, prepare_agenda_file
from protokollet.service.answer_models import AgendaItemPreparation, MatchReason
from protokollet.settings import Settings
from protokollet.store import Store
from protokollet.store.open import open_store

pytestmark = pytest.mark.slow

# A kommunstyrelsen agenda written the way Göteborg prints its items; only the first item's case number
# recurs in the sample (2024-03-20 § 219 and 2024-09-25 § 734).
AGENDA = """Göteborgs Stad Kommunstyrelsen
Föredragningslista
Sammanträde 2024-09-25

§ 734 Ärendenummer SLK-2024-00074
Anmälan av jäv vid sammanträdet

§ 735 Ärendenummer SLK-2030-99999
Anslutning till strategin Jämställt Västra Götaland, uppföljning

§ 736 Ärendenummer SLK-2030-99998
Kaninuppfödning på taket till stadshuset
"""


@pytest.fixture(scope="module")
def searcher(indexed_settings: Settings, embedder: Embedder) -> Searcher:
    return Searcher(indexed_settings, embedder)


@pytest.fixture(scope="module")
def store(indexed_settings: Settings) -> Iterator[Store]:
    opened = open_store(indexed_settings)
    yield opened
    opened.close()


def _item(items: list[AgendaItemPreparation], number: str) -> AgendaItemPreparation:
    return next(item for item in items if item.number == number)


def test_recurring_case_number_finds_the_earlier_meeting_not_its_own(
    searcher: Searcher, store: Store, indexed_settings: Settings
) -> None:
    preparation = prepare_agenda(AGENDA, searcher, store, settings=indexed_settings)
    assert preparation.date == dt.date(2024, 9, 25)
    assert [item.number for item in preparation.items] == ["§ 734", "§ 735", "§ 736"]
    jav = _item(preparation.items, "§ 734")
    assert jav.case_number == "SLK-2024-00074"
    by_case = [m for m in jav.earlier if m.reason is MatchReason.CASE_NUMBER]
    assert [m.date for m in by_case] == [dt.date(2024, 3, 20)]
    assert by_case[0].citations[0].item_number == "§ 219"
    # The agenda's own meeting (stored as minutes) and anything later are never "earlier".
    assert all(
        m.date is None or m.date < dt.date(2024, 9, 25) for item in preparation.items for m in item.earlier
    )
    for item in preparation.items:
        for meeting in item.earlier:
            for citation in meeting.citations:
                paragraph = next(store.paragraphs([citation.paragraph_id]))
                assert paragraph.text[citation.quote_start : citation.quote_end] == citation.quote


def test_matter_without_case_number_match_is_found_by_meaning(
    searcher: Searcher, store: Store, indexed_settings: Settings
) -> None:
    later = AGENDA.replace("2024-09-25", "2025-01-15")
    preparation = prepare_agenda(later, searcher, store, settings=indexed_settings)
    strategy = _item(preparation.items, "§ 735")
    assert strategy.earlier and strategy.earlier[0].reason is MatchReason.MEANING
    assert any(c.item_number == "§ 744" for m in strategy.earlier for c in m.citations)
    # A dated agenda now sees 2024-09-25 as earlier too, newest first among case-number matches.
    dates = [m.date for m in _item(preparation.items, "§ 734").earlier if m.reason is MatchReason.CASE_NUMBER]
    assert dates == [dt.date(2024, 9, 25), dt.date(2024, 3, 20)]
    assert not _item(preparation.items, "§ 736").earlier


def test_agenda_from_uploaded_file_and_bad_input(
    searcher: Searcher, store: Store, indexed_settings: Settings
) -> None:
    preparation = prepare_agenda_file(
        AGENDA.encode("utf-8"), "kallelse.txt", searcher, store, settings=indexed_settings
    )
    assert len(preparation.items) == 3
    with pytest.raises(InvalidQuery):
        prepare_agenda("   ", searcher, store, settings=indexed_settings)
    with pytest.raises(BadDocument):
        prepare_agenda(
            "Bara en rad prosa utan några punkter alls.", searcher, store, settings=indexed_settings
        )
