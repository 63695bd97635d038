"""The learned lead check (`service/lead_check.py`) with the real bundled model and the shipped adapter."""

from __future__ import annotations

import pytest

from protokollet.service.answer import lead_check
from protokollet.service.lead_check import ADAPTER_FILE, adapter_base_model
from protokollet.settings import Settings

CHAIR = "Vem är ordförande i kommunstyrelsen?"
#: The sample's kommunstyrelse 2024-09-25, § 772: the chair named at his post.
CHAIR_SENTENCE = (
    "Ordföranden Jonas Attenius (S) ställer propositioner på yrkandena och finner att kommunstyrelsen "
    "beslutat avstyrka motionen."
)
#: dev-muni57 oA23 (a set the shipped adapter was not trained on): the fund's other sum, not how much it fell.
COST = (
    "Hur mycket minskade resultatfonden för Kungsbacka bredbandsnät under 2025 enligt den årsredovisning som "
    "Tekniknämnden godkände i februari 2026?"
)
COST_LEAD = (
    "Kungsbacka bredbandsnät Ombudget kommer att ske med 0,5 miljoner kronor, dessa medel avser bidrag från "
    "Post och telestyrelsen för utbyggnad i glesbygd."
)


def test_the_adapter_ships_for_the_bundled_model() -> None:
    assert ADAPTER_FILE.is_file()
    assert adapter_base_model() == Settings().model


#: The operating point the docs measure (docs/answers.md, sessions 29, 31 and 34); the default is off.
ON = 0.1


@pytest.fixture(scope="module")
def check_settings(bundled_model_settings: Settings) -> Settings:
    return bundled_model_settings.model_copy(update={"answer_lead_check_min": ON})


def test_the_check_is_off_by_default_and_for_another_model(check_settings: Settings) -> None:
    assert Settings().answer_lead_check_min == 0
    assert lead_check(check_settings.model_copy(update={"answer_lead_check_min": 0.0})) is None
    other = check_settings.model_copy(update={"model": "intfloat/multilingual-e5-base"})
    assert lead_check(other) is None


def test_a_sentence_that_names_the_asked_person_passes_and_one_that_does_not_is_held(
    check_settings: Settings,
) -> None:
    """The chair named at his post clears the threshold; a sum re-budgeted for the broadband net does not
    say how much its fund fell."""
    check = lead_check(check_settings)
    assert check is not None
    floor = check_settings.answer_lead_check_min
    (chair,) = check(CHAIR, [CHAIR_SENTENCE])
    (cost,) = check(COST, [COST_LEAD])
    assert chair >= floor > cost
    assert check(CHAIR, []) == []


def test_training_pairs_label_what_the_minutes_state() -> None:
    """A near miss's sentences are all "no"; an answerable question's sentence with a must-mention fact
    is "yes", one of an item it does not expect and without the fact "no", and one of the expected item
    without the fact is left out (it may state the fact in other words)."""
    from protokollet.evals.lead_check_training import Candidate, Planned, training_pairs
    from protokollet.evals.schema import EvalQuestion

    answerable = EvalQuestion(
        id="a1",
        question="Vem är ordförande i kommunstyrelsen?",
        expected=[{"item": "§ 772", "date": "2024-09-25"}],
        must_mention=["Jonas Attenius"],
    )
    near_miss = EvalQuestion(id="u1", question="Vad kostar Gamla Ullevi?", answerable=False)
    named = Candidate(CHAIR_SENTENCE, expected_item=True, holds_fact=True)
    same_item = Candidate(
        "Kommunstyrelsen beslutar att avstyrka motionen.", expected_item=True, holds_fact=False
    )
    elsewhere = Candidate("Kommunfullmäktiges ordförande förklarar mötet öppnat.", False, False)
    motion = Candidate("Motion om att förvärva Gamla Ullevi och Bravida Arena", False, False)
    planned = [
        Planned("dev", answerable, True, [named], [named, same_item, elsewhere]),
        Planned("dev", near_miss, True, [motion], [motion, Candidate("Beslut", False, False)]),
    ]
    assert training_pairs(planned) == [
        (answerable.question, CHAIR_SENTENCE, 1),
        (answerable.question, elsewhere.text, 0),
        (near_miss.question, motion.text, 0),
    ]


def test_the_held_out_curve_counts_what_each_threshold_withholds() -> None:
    from protokollet.evals.lead_check_training import Planned, curve, curve_png
    from protokollet.evals.schema import EvalQuestion

    answerable = EvalQuestion(id="a", question="Vem?", expected=[{"item": "§ 1"}])
    near_miss = EvalQuestion(id="u", question="Vad kostar det?", answerable=False)
    scored = [
        (Planned("dev", answerable, True, [], []), 0.3),
        (Planned("dev", answerable, True, [], []), 0.08),
        (Planned("dev", near_miss, True, [], []), 0.06),
    ]
    by_threshold = {c.threshold: (c.withheld, c.caught) for c in curve(scored)}
    assert by_threshold[0.05] == (0, 0)
    assert by_threshold[0.1] == (1, 1)
    assert by_threshold[0.5] == (2, 1)
    assert curve_png(curve(scored)).startswith(b"\x89PNG")
