"""What an eval set and an eval run look like on disk, validated with pydantic.

An eval set is JSONL, one question per line (the format is documented in `evals/sets/README.md`). A bad
line is reported by file name and line number with the offending field, so whoever edits the set can fix
it without reading a traceback. A run is one JSON file holding its configuration, the model and index it
ran against and every per-question result, so two runs can be compared long after the index changed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from protokollet.errors import BadEvalSet

# -- eval set -------------------------------------------------------------------------------------------


class ExpectedRef(BaseModel):
    """One place in the minutes that answers the question; every key given must match a hit.

    `item` (the § or point number) is compared normalised ("§ 231", "§231" and "231" are the same),
    `date` exactly, `body` case-insensitively and `source` by file name (basename) only.
    """

    model_config = ConfigDict(extra="forbid")

    item: str | None = None
    date: dt.date | None = None
    body: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> ExpectedRef:
        if not any(value is not None for value in (self.item, self.date, self.body, self.source)):
            raise ValueError("an expected entry needs at least one of item, date, body, source")
        return self

    def describe(self) -> str:
        """Short label such as "Kommunstyrelsen 2024-03-20 § 231"."""
        parts = [self.body, self.date.isoformat() if self.date else None, self.item, self.source]
        return " ".join(part for part in parts if part)


class EvalQuestion(BaseModel):
    """One question of an eval set with what a good retrieval and a good answer must contain."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    answerable: bool = True
    expected: list[ExpectedRef] = Field(default_factory=list)
    snippets: list[str] = Field(default_factory=list)  # verbatim text from the answering paragraph(s)
    must_mention: list[str] = Field(default_factory=list)  # facts the answer text must contain
    tags: list[str] = Field(default_factory=list)
    notes: str = ""

    @field_validator("question")
    @classmethod
    def _strip(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @model_validator(mode="after")
    def _consistent(self) -> EvalQuestion:
        if self.answerable and not self.expected:
            raise ValueError("an answerable question needs at least one 'expected' entry")
        if not self.answerable and (self.expected or self.must_mention):
            raise ValueError("an unanswerable question must have no 'expected' and no 'must_mention'")
        return self


class EvalSet(BaseModel):
    """A loaded eval set: its name (file stem), where it came from and a hash of its bytes."""

    name: str
    path: str
    sha256: str
    questions: list[EvalQuestion]


#: Phrases for the pydantic error types a set author is most likely to meet.
_ERROR_PHRASES = {
    "list_type": "must be a list",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "model_type": "must be an object",
    "dict_type": "must be an object",
}


def _describe_error(error: Any) -> str:
    location = ".".join(str(part) for part in error["loc"])
    phrase = _ERROR_PHRASES.get(error["type"])
    if phrase is None:
        phrase = str(error["msg"]).removeprefix("Value error, ")
    return f"'{location}' {phrase}" if location else phrase


def parse_eval_line(line: str, *, where: str) -> EvalQuestion:
    """One JSONL line → `EvalQuestion`; `where` ("dev.jsonl line 12") prefixes every error."""
    try:
        payload = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadEvalSet(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(payload, dict):
        raise BadEvalSet(f"{where}: must be a JSON object")
    try:
        return EvalQuestion.model_validate(payload)
    except ValidationError as exc:
        raise BadEvalSet(f"{where}: {_describe_error(exc.errors()[0])}") from None


def parse_eval_set(text: str, *, name: str, path: str = "", sha256: str = "") -> EvalSet:
    """JSONL text → `EvalSet`; blank lines are skipped, ids must be unique."""
    questions: list[EvalQuestion] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{Path(path).name or name} line {number}"
        question = parse_eval_line(line, where=where)
        if question.id in seen:
            raise BadEvalSet(f"{where}: id '{question.id}' already used on line {seen[question.id]}")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise BadEvalSet(f"{Path(path).name or name}: holds no questions")
    return EvalSet(name=name, path=path, sha256=sha256, questions=questions)


# -- eval run -------------------------------------------------------------------------------------------


class RetrievedItem(BaseModel):
    """One ranked agenda item (§) of a retrieval: the best paragraph of that item and whether it counts."""

    rank: int
    paragraph_id: str
    item_id: str
    meeting_id: str
    label: str  # "Kommunstyrelsen 2024-03-20 § 231"
    source: str
    score: float
    relevant: bool
    expected_index: int | None = None  # which `expected` entry it matched (first match only)


class CitationCheck(BaseModel):
    """One citation of an answer and what the eval found when it checked it against the store."""

    paragraph_id: str
    label: str
    quote: str
    verbatim: bool  # the quote is the stored paragraph's text at the cited offsets (`verify.py`'s check)
    expected: bool  # the cited § is one of the expected ones
    furniture: bool = False  # a heading alone, a table-of-contents line or a list of papers
    repeat: bool = False  # the same words as an earlier quote of its meeting in this answer (`same_words`)


class AnswerResult(BaseModel):
    """What the answerer said for one question, reduced to what the metrics need."""

    answered: bool
    text: str
    citations: list[CitationCheck] = Field(default_factory=list)
    mentioned: list[str] = Field(default_factory=list)  # the must-mention facts found in the text
    missing: list[str] = Field(default_factory=list)


class QuestionResult(BaseModel):
    """Everything one question produced; `scores` holds its per-question metric values.

    A score is None where the metric does not apply (e.g. retrieval metrics on an unanswerable
    question, citation validity when nothing was cited); a run's metric is the mean of the non-None
    scores, which is what makes a paired test between two runs possible.
    """

    id: str
    question: str
    answerable: bool
    expected: list[ExpectedRef] = Field(default_factory=list)
    retrieved: list[RetrievedItem] = Field(default_factory=list)
    answer: AnswerResult | None = None
    scores: dict[str, float | None] = Field(default_factory=dict)
    retrieve_ms: float = 0.0
    answer_ms: float = 0.0


class RunConfig(BaseModel):
    """How a run was made: which set, which retrieval mode and depth, whether answers were scored."""

    set_name: str
    set_path: str
    set_sha256: str
    mode: str
    k: int
    answer_k: int
    answers: bool = True


class EvalRun(BaseModel):
    """A stored eval run: `<data_dir>/evals/runs/<name>.json`."""

    format_version: int = 1
    name: str
    created: dt.datetime
    config: RunConfig
    model: str
    index_fingerprint: str | None = None
    index_manifest: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, float | None] = Field(default_factory=dict)
    counts: dict[str, int] = Field(default_factory=dict)  # questions each metric was averaged over
    timings: dict[str, float] = Field(default_factory=dict)
    questions: list[QuestionResult] = Field(default_factory=list)
    #: The LangChain-tutorial baseline's retrieval metrics on the same questions (`eval run --baseline`).
    baseline: dict[str, float | None] = Field(default_factory=dict)
