"""Response models for answers and agenda preparation, shared by the answerers, the CLI and the API so
an answer means the same thing (and serialises the same way) everywhere."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from protokollet.models import Citation, DocType

#: What the user sees when the minutes hold no answer (never a guess).
NOT_IN_MINUTES = "Protokollen innehåller inget svar på den frågan."


class AnswerMethod(StrEnum):
    """Which answerer wrote the text: extractive (default, no language model) or an LLM."""

    EXTRACTIVE = "extractive"
    LLM = "llm"


class AnswerSentence(BaseModel):
    """One sentence of the answer and the citations (1-based numbers into `Answer.citations`) behind it."""

    text: str
    citations: list[int] = Field(default_factory=list)


class Answer(BaseModel):
    """A short Swedish answer where every sentence carries at least one verified citation.

    When `answered` is false, `text` says the minutes hold no answer and `nearest` lists the closest
    passages so the user can judge for themselves.
    """

    question: str
    answered: bool
    text: str  # the whole answer, sentences joined, each ending with its "[n]" markers
    sentences: list[AnswerSentence] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    nearest: list[Citation] = Field(default_factory=list)
    confidence: float = 0.0  # the evidence score compared with `Settings.answer_min_score`
    method: AnswerMethod = AnswerMethod.EXTRACTIVE
    notes: list[str] = Field(default_factory=list)  # e.g. citations dropped by verification

    @classmethod
    def cited(
        cls,
        question: str,
        sentences: list[AnswerSentence],
        citations: list[Citation],
        confidence: float,
        method: AnswerMethod = AnswerMethod.EXTRACTIVE,
        notes: list[str] | None = None,
    ) -> Answer:
        """An answered question: the text is the cited sentences in order, whichever answerer chose them."""
        return cls(
            question=question,
            answered=True,
            text=" ".join(s.text for s in sentences),
            sentences=sentences,
            citations=citations,
            confidence=confidence,
            method=method,
            notes=notes or [],
        )


class MatchReason(StrEnum):
    """Why an earlier meeting was linked to an agenda item."""

    CASE_NUMBER = "case_number"  # same Dnr / ärendenummer
    MEANING = "meaning"  # found by hybrid search on the item's title and text


class EarlierMeeting(BaseModel):
    """An earlier meeting that discussed or decided the same matter, with the passages that show it."""

    meeting_id: str
    body: str | None
    municipality: str | None = None
    date: dt.date | None
    doc_type: DocType = DocType.OKAND
    reason: MatchReason
    score: float = 0.0
    citations: list[Citation] = Field(default_factory=list)


class AgendaItemPreparation(BaseModel):
    """One item of the uploaded agenda and its history in the stored minutes, newest meeting first."""

    number: str
    title: str = ""
    case_number: str | None = None
    text: str = ""
    earlier: list[EarlierMeeting] = Field(default_factory=list)


class AgendaPreparation(BaseModel):
    """Preparation for a coming meeting: every agenda item with its earlier discussions and decisions."""

    body: str | None = None
    municipality: str | None = None
    date: dt.date | None = None
    items: list[AgendaItemPreparation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
