"""Which answerer answers: one rule for the API, the CLI and the evals.

The extractive answerer (`answer.py`) is the default; the LLM answerer (`llm.py`) phrases the same
planned answer when an OpenAI-compatible endpoint is configured. Both have the same signature, so a
caller asks here once and calls what it gets.
"""

from __future__ import annotations

from typing import Protocol

from protokollet.index.search import Searcher, SearchFilters
from protokollet.service.answer_models import Answer, AnswerMethod
from protokollet.settings import Settings


class Answerer(Protocol):
    def __call__(
        self,
        question: str,
        searcher: Searcher,
        *,
        filters: SearchFilters | None = None,
        k: int | None = None,
        settings: Settings,
    ) -> Answer: ...


def answer_method(settings: Settings, *, llm: bool | None = None) -> AnswerMethod:
    """The LLM when asked for (`llm=True`), or, unless refused (`llm=False`), when one is configured."""
    from protokollet.service.llm import llm_configured

    wanted = llm_configured(settings) if llm is None else llm
    return AnswerMethod.LLM if wanted else AnswerMethod.EXTRACTIVE


def choose_answerer(settings: Settings, *, llm: bool | None = None) -> Answerer:
    """The answer function `answer_method` names (the LLM module is imported only when it is used)."""
    if answer_method(settings, llm=llm) == AnswerMethod.LLM:
        from protokollet.service.llm import answer_question_with_llm

        return answer_question_with_llm
    from protokollet.service.answer import answer_question

    return answer_question
