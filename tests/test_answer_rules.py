"""The answerer's pure rules: what a question asks for, what a sentence states, what is furniture.

Examples are sentences and questions as they occur in the corpus's minutes (Nacka, Lomma, Kungsbacka,
Simrishamn, Göteborg), not made-up strings; no model or index is needed.
"""

from __future__ import annotations

import pytest

from protokollet.models import DocType, ParagraphContext
from protokollet.service.answer import recorded_over_announced
from protokollet.service.evidence import ScoredSentence
from protokollet.service.facts import FactKind, counts, is_furniture, sentence_facts
from protokollet.service.question import analyse_question, split_parts
from protokollet.service.sentences import Span


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Med 9 röster mot 4 hade kommunstyrelsen beslutat att avveckla verksamheten.", {"vote", "decision"}),
        ("Projektet har en budget på 175 070 tkr varav 39 120 tkr har upparbetats", {"money", "number"}),
        ("Utses att justera Mikael Carlsson", {"person"}),
        ("M och KD reserverar sig mot beslutet avseende den andra att-satsen.", {"reservation", "person"}),
        (
            "Kommunstyrelsen beslutar att utse JM AB till vinnare av markanvisningstävlingen.",
            {"organisation"},
        ),
        ("Nästa sammanträde ska äga rum fredagen den 6 september 2024 kl 09.00.", {"date"}),
    ],
)
def test_sentence_states_its_kind_of_fact(sentence: str, kinds: set[str]) -> None:
    assert kinds <= {kind.value for kind in sentence_facts(sentence)}


def test_list_numbers_dates_and_paragraph_references_are_not_figures() -> None:
    facts = sentence_facts("7. Redovisning av uppdrag 2024-06-19 § 261 förklaras fullgjort.")
    assert FactKind.NUMBER not in facts and FactKind.MONEY not in facts


def test_a_figure_must_count_the_asked_noun() -> None:
    assert not counts("I handlingsplanen anges tre målområden för bostadsförsörjningen.", "bostäder")
    assert counts("en nivå på strax över 300 anmälningar per termin", "anmälningar")


@pytest.mark.parametrize(
    "sentence",
    [
        "Beslut",
        "Protokollsutdrag skickas till Stadsmiljönämnden",
        "Stadsledningskontorets tjänsteutlåtande den 28 februari 2024.",
        "Yrkande från SD, M, D, L och KD den 17 april 2026.",
        "§ 5 Val av justerare ........................ 3",
    ],
)
def test_headings_contents_lines_and_lists_of_papers_are_furniture(sentence: str) -> None:
    assert is_furniture(sentence)


def test_short_content_is_not_furniture() -> None:
    assert not is_furniture("Ordförande: Marie Nilsson")
    assert not is_furniture("Antecknas.", "§ 244", "Minnesanteckningar", in_decision_section=True)
    assert is_furniture("Minnesanteckningar från Styrgrupp", "§ 244", "Minnesanteckningar från Styrgrupp")


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Vad kostar Gamla Ullevi?", [{"money"}]),
        ("Vem är ordförande i kommunstyrelsen?", [{"person"}]),
        ("Vad blir årshyran för de nya lokalerna för Fordonsprogrammet?", [{"money"}]),
        ("Vilken byggherre vann markanvisningstävlingen för Volten?", [{"organisation"}]),
        ("Hur föll omröstningen om stödet till brottsoffer?", [{"vote"}]),
        ("Från vilket datum ska den nya taxan gälla?", [{"date"}]),
        (
            "Vad tyckte kommunstyrelsen om motionen om bostadsbolag, och vilka reserverade sig?",
            [{"decision"}, {"reservation"}],
        ),
    ],
)
def test_question_kinds_per_part(question: str, kinds: list[set[str]]) -> None:
    parts = analyse_question(question).parts
    assert [{kind.value for kind in part.kinds} for part in parts] == kinds


def test_a_statement_before_the_question_asks_nothing() -> None:
    question = (
        "När nämnden behandlade granskningen ville Socialdemokraterna först skjuta upp ärendet. "
        "Hur slutade omröstningen om det?"
    )
    assert split_parts(question) == ["Hur slutade omröstningen om det"]
    assert {k.value for k in analyse_question(question).kinds} == {"vote"}


def test_a_named_kind_of_sum_must_be_that_sum() -> None:
    part = analyse_question("Vad blir årshyran för lokalerna?").parts[0]
    assert part.money_stems == ("hyr",)
    assert analyse_question("Vad kostar Gamla Ullevi?").parts[0].money_stems == ()


def _sentence(doc_type: DocType, text: str) -> ScoredSentence:
    context = ParagraphContext(
        paragraph_id=f"p-{doc_type}",
        text=text,
        start=0,
        end=len(text),
        item_id=f"i-{doc_type}",
        item_number="§ 185" if doc_type == DocType.PROTOKOLL else "11",
        item_title="Yttrande till mark- och miljödomstolen",
        case_number="2026-00123",
        meeting_id=f"m-{doc_type}",
        doc_type=doc_type,
        document_id=f"d-{doc_type}",
        source_path=f"{doc_type}.md",
    )
    return ScoredSentence(0, context, Span(0, len(text)), 1.0, 1.0, True, 1.0)


def test_minutes_of_the_matter_win_over_its_agenda() -> None:
    announced = _sentence(DocType.KALLELSE, "Förslag till beslut: Kommunstyrelsen lämnar rättegångsfullmakt.")
    recorded = _sentence(DocType.PROTOKOLL, "Kommunstyrelsen lämnar rättegångsfullmakt till planarkitekten.")
    assert recorded_over_announced([announced, recorded]) == [recorded]
    assert recorded_over_announced([announced]) == [announced]  # only the agenda: it is what there is
