"""Eval metrics: what counts as a relevant hit, the retrieval metrics (computed by ranx) and the answer
metrics, all kept per question so two runs can be compared question by question.

Retrieval is judged per agenda item, not per paragraph: several paragraphs of the same § count once, at
the rank of the first, and each expected entry can be found once. Otherwise a long § would fill the top
ten with copies of one hit and inflate every metric.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath, PureWindowsPath
from typing import Any

from ranx import Qrels, Run, evaluate

from protokollet.evals.schema import AnswerResult, ExpectedRef, QuestionResult, RetrievedItem
from protokollet.models import ParagraphContext

#: Our metric name → ranx metric name. ranx's `hit_rate@k` is 1 when a relevant item is in the top k.
RANX_METRICS = {
    "hit@1": "hit_rate@1",
    "hit@5": "hit_rate@5",
    "hit@10": "hit_rate@10",
    "mrr@10": "mrr@10",
    "ndcg@10": "ndcg@10",
    "recall@10": "recall@10",
}
RETRIEVAL_METRICS = (*RANX_METRICS, "snippet@10")
ANSWER_METRICS = (
    "answer_rate",
    "must_mention",
    "citation_validity",
    "citation_precision",
    "abstention_precision",
    "abstention_recall",
    "bad_quotes",
)
ALL_METRICS = (*RETRIEVAL_METRICS, *ANSWER_METRICS)
#: Metrics where less is better (a chart colours their fall as a gain).
LOWER_IS_BETTER = frozenset({"bad_quotes"})
#: The three metrics that decide whether a question "got better" or "got worse" between two runs.
CHANGE_METRICS = ("mrr@10", "hit@5", "must_mention")
METRIC_DESCRIPTIONS = {
    "hit@1": "an expected § is ranked first",
    "hit@5": "an expected § is among the top 5",
    "hit@10": "an expected § is among the top 10",
    "mrr@10": "1 / rank of the first expected § (0 beyond 10)",
    "ndcg@10": "graded ranking quality of all expected §§ in the top 10",
    "recall@10": "share of the expected §§ found in the top 10",
    "snippet@10": "share of the verbatim answer snippets present in the top 10 paragraphs",
    "answer_rate": "answerable questions that got an answer (not an abstention)",
    "must_mention": "share of the must-mention facts the answer text contains",
    "citation_validity": "share of citations whose quote is verbatim in the stored paragraph",
    "citation_precision": "share of citations that cite an expected §",
    "abstention_precision": "abstentions that were on unanswerable questions",
    "abstention_recall": "unanswerable questions the answerer abstained on",
    "bad_quotes": "share of citations that are a heading alone, a contents line, a list of papers, a repeat",
}

_ITEM_NUMBER_RE = re.compile(r"(\d+(?:\.\d+)*)\s*([a-zåäö])?(?![\wåäö])", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")


# -- relevance ------------------------------------------------------------------------------------------


def normalise_item_number(number: str) -> str:
    """ "§ 231", "§231", "231." and "Punkt 231" → "231"; "§ 12 a" → "12a"; leading zeros dropped."""
    match = _ITEM_NUMBER_RE.search(number)
    if match is None:
        return re.sub(r"[\W_]+", "", number.casefold())
    digits = ".".join(part.lstrip("0") or "0" for part in match.group(1).split("."))
    return digits + (match.group(2) or "").casefold()


def same_item(one: str, other: str) -> bool:
    """The same item, or a sub-point ("2.1") and the point that holds it ("2"): minutes that number
    sub-points may be stored either way, and the point's text holds the sub-point's."""
    a, b = normalise_item_number(one), normalise_item_number(other)
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def normalise_text(text: str) -> str:
    """Case-folded with runs of white space made one space: how facts and snippets are looked up."""
    return _SPACE_RE.sub(" ", text.casefold()).strip()


def _basename(path: str) -> str:
    return PureWindowsPath(path).name if "\\" in path else PurePath(path).name


def ref_matches(
    expected: ExpectedRef, *, item_number: str | None, date: Any, body: str | None, source: str | None
) -> bool:
    """True when every key the expected entry gives matches the hit's metadata."""
    if expected.item is not None and (item_number is None or not same_item(expected.item, item_number)):
        return False
    if expected.date is not None and expected.date != date:
        return False
    if expected.body is not None and (body is None or normalise_text(expected.body) != normalise_text(body)):
        return False
    return not (
        expected.source is not None and (source is None or _basename(expected.source) != _basename(source))
    )


def context_matches(expected: ExpectedRef, context: ParagraphContext) -> bool:
    return ref_matches(
        expected,
        item_number=context.item_number,
        date=context.date,
        body=context.body,
        source=context.source_path,
    )


def item_label(context: ParagraphContext) -> str:
    """ "Kommunstyrelsen 2024-03-20 § 231", the same label a citation shows."""
    date = context.date.isoformat() if context.date else "odaterat"
    return f"{context.body or 'okänt organ'} {date} {context.item_number}".strip()


def rank_items(
    hits: Sequence[tuple[ParagraphContext, float]], expected: Sequence[ExpectedRef], k: int
) -> list[RetrievedItem]:
    """Paragraph hits (best first) → the first `k` distinct agenda items, each judged against `expected`.

    An item is relevant when it matches an expected entry not already matched by a higher item.
    """
    items: list[RetrievedItem] = []
    seen_items: set[str] = set()
    found: set[int] = set()
    for context, score in hits:
        if context.item_id in seen_items:
            continue
        seen_items.add(context.item_id)
        matched = next(
            (i for i, ref in enumerate(expected) if i not in found and context_matches(ref, context)), None
        )
        if matched is not None:
            found.add(matched)
        items.append(
            RetrievedItem(
                rank=len(items) + 1,
                paragraph_id=context.paragraph_id,
                item_id=context.item_id,
                meeting_id=context.meeting_id,
                label=item_label(context),
                source=_basename(context.source_path),
                score=score,
                relevant=matched is not None,
                expected_index=matched,
            )
        )
        if len(items) == k:
            break
    return items


def snippet_recall(snippets: Sequence[str], texts: Iterable[str]) -> float | None:
    """Share of `snippets` found verbatim (case and white space aside) in any of `texts`."""
    if not snippets:
        return None
    haystack = [normalise_text(text) for text in texts]
    found = sum(1 for snippet in snippets if any(normalise_text(snippet) in text for text in haystack))
    return found / len(snippets)


# -- retrieval metrics (ranx) ---------------------------------------------------------------------------


def _doc_id(item: RetrievedItem) -> str:
    return f"expected-{item.expected_index}" if item.relevant else f"item-{item.rank}-{item.paragraph_id}"


def retrieval_scores(
    rankings: Mapping[str, Sequence[RetrievedItem]], expected_counts: Mapping[str, int]
) -> dict[str, dict[str, float]]:
    """Per-question retrieval metrics from ranx: question id → our metric name → score.

    `rankings` holds the deduplicated items of every question with at least one expected entry;
    `expected_counts` how many expected entries each has (the relevant "documents" of its qrels).
    """
    if not rankings:
        return {}
    qrels = Qrels({qid: {f"expected-{i}": 1 for i in range(expected_counts[qid])} for qid in rankings})
    run = Run({qid: {_doc_id(item): 1.0 / item.rank for item in items} for qid, items in rankings.items()})
    return ranx_scores(qrels, run)


def ranx_scores(qrels: Qrels, run: Run) -> dict[str, dict[str, float]]:
    """ranx's per-query scores for `RANX_METRICS`, keyed by query id then by our metric name."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's uint64→int64 cast notice inside ranx
        evaluate(qrels, run, list(RANX_METRICS.values()), make_comparable=True)
    scores: dict[str, dict[str, float]] = {qid: {} for qid in qrels.get_query_ids()}
    for ours, theirs in RANX_METRICS.items():
        for qid, value in run.scores[theirs].items():
            scores[qid][ours] = float(value)
    return scores


# -- answer metrics -------------------------------------------------------------------------------------


def mentioned_facts(facts: Sequence[str], text: str) -> tuple[list[str], list[str]]:
    """(found, missing) must-mention facts in the answer text, case and white space aside."""
    haystack = normalise_text(text)
    found = [fact for fact in facts if normalise_text(fact) in haystack]
    return found, [fact for fact in facts if fact not in found]


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def answer_scores(
    answerable: bool, must_mention: Sequence[str], answer: AnswerResult
) -> dict[str, float | None]:
    """Per-question answer metrics; None where a metric does not apply to this question."""
    abstained = not answer.answered
    cited = answer.citations if answer.answered else []
    return {
        "answer_rate": (0.0 if abstained else 1.0) if answerable else None,
        "must_mention": (len(answer.mentioned) / len(must_mention)) if answerable and must_mention else None,
        "citation_validity": _share([citation.verbatim for citation in cited]),
        "citation_precision": _share([citation.expected for citation in cited]) if answerable else None,
        "abstention_precision": (0.0 if answerable else 1.0) if abstained else None,
        "abstention_recall": (1.0 if abstained else 0.0) if not answerable else None,
        "bad_quotes": _share([citation.furniture or citation.repeat for citation in cited]),
    }


# -- aggregation ----------------------------------------------------------------------------------------


def mean_or_none(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None and not math.isnan(value)]
    return sum(present) / len(present) if present else None


def aggregate(
    questions: Sequence[QuestionResult], metrics: Sequence[str] = ALL_METRICS
) -> tuple[dict[str, float | None], dict[str, int]]:
    """Run-level metrics (mean of the per-question scores that apply) and how many questions each used."""
    means: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    for metric in metrics:
        values = [q.scores.get(metric) for q in questions]
        means[metric] = mean_or_none(values)
        counts[metric] = sum(1 for value in values if value is not None)
    return means, counts
