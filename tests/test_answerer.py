"""One rule chooses the answerer for the API, the CLI and the evals (`service/answerer.py`)."""

from __future__ import annotations

from protokollet.service.answer import answer_question
from protokollet.service.answer_models import AnswerMethod
from protokollet.service.answerer import answer_method, choose_answerer
from protokollet.service.llm import answer_question_with_llm
from protokollet.settings import Settings

PLAIN = Settings(llm_base_url=None, llm_model=None)
WITH_LLM = Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="any")


def test_extractive_unless_an_llm_is_configured() -> None:
    assert answer_method(PLAIN) == AnswerMethod.EXTRACTIVE
    assert choose_answerer(PLAIN) is answer_question
    assert answer_method(WITH_LLM) == AnswerMethod.LLM
    assert choose_answerer(WITH_LLM) is answer_question_with_llm


def test_a_caller_may_ask_for_either() -> None:
    assert choose_answerer(WITH_LLM, llm=False) is answer_question  # the evals' stored runs
    assert choose_answerer(PLAIN, llm=True) is answer_question_with_llm  # `ask --llm`: says what is missing
