"""Eval metrics on tiny hand-made runs, checked against values worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from protokollet.evals.metrics import (
    aggregate,
    answer_scores,
    mentioned_facts,
    normalise_item_number,
    rank_items,
    ref_matches,
    retrieval_scores,
    snippet_recall,
)
from protokollet.evals.schema import AnswerResult, CitationCheck, ExpectedRef, QuestionResult
from protokollet.models import ParagraphContext


def ctx(
    pid: str,
    item: str,
    number: str,
    *,
    body: str = "Kommunstyrelsen",
    date: str = "2024-03-20",
    source: str = "data/sample/goteborg/ks.txt",
    text: str = "",
) -> ParagraphContext:
    return ParagraphContext(
        paragraph_id=pid,
        text=text or f"text of {pid}",
        start=0,
        end=1,
        item_id=item,
        item_number=number,
        meeting_id="m-" + date,
        body=body,
        date=dt.date.fromisoformat(date),
        document_id="d1",
        source_path=source,
    )


@pytest.mark.parametrize(
    ("printed", "normal"),
    [
        ("§ 231", "231"),
        ("§231", "231"),
        ("231.", "231"),
        ("Punkt 7", "7"),
        ("§ 12 a", "12a"),
        ("07", "7"),
        ("5.1", "5.1"),
        ("§ 12 Anmälan", "12"),
    ],
)
def test_item_numbers_are_normalised(printed: str, normal: str) -> None:
    assert normalise_item_number(printed) == normal


@pytest.mark.parametrize(
    ("expected", "stored", "match"),
    [
        ("2.1", "2", True),
        ("punkt 14", "14.2", True),
        ("2.1", "2.2", False),
        ("2", "12", False),
        ("12", "1", False),
    ],
)
def test_a_sub_point_matches_the_point_that_holds_it(expected: str, stored: str, match: bool) -> None:
    """ "2 Mötesfunktionärer" holds "2.1 Val av mötesordförande": stored as one, it is the cited place."""
    ref = ExpectedRef(item=expected)
    assert ref_matches(ref, item_number=stored, date=None, body=None, source=None) is match


def test_every_given_key_must_match() -> None:
    hit = {
        "item_number": "§ 231",
        "date": dt.date(2024, 3, 20),
        "body": "Kommunstyrelsen",
        "source": "/data/x/goteborg_ks.txt",
    }
    assert ref_matches(ExpectedRef(item="231"), **hit)
    assert ref_matches(ExpectedRef(body="KOMMUNSTYRELSEN", date=dt.date(2024, 3, 20)), **hit)
    assert ref_matches(ExpectedRef(source="goteborg_ks.txt", item="§231"), **hit)
    assert not ref_matches(ExpectedRef(item="231", date=dt.date(2024, 3, 21)), **hit)
    assert not ref_matches(ExpectedRef(item="23"), **hit)
    assert not ref_matches(ExpectedRef(body="Kommunfullmäktige"), **hit)
    assert not ref_matches(ExpectedRef(source="other.txt"), **hit)
    assert not ref_matches(ExpectedRef(item="231"), **{**hit, "item_number": None})


def test_paragraphs_of_one_item_count_once_and_each_expected_entry_once() -> None:
    expected = [ExpectedRef(item="§ 2"), ExpectedRef(item="§ 5")]
    hits = [
        (ctx("p1", "i1", "§ 1"), 0.9),
        (ctx("p2", "i2", "§ 2"), 0.8),
        (ctx("p3", "i2", "§ 2"), 0.7),  # same item as p2: not a new rank
        (ctx("p4", "i3", "§ 3"), 0.6),
        (ctx("p5", "i5", "§ 5"), 0.5),
        (ctx("p6", "i6", "§ 6"), 0.4),
    ]
    items = rank_items(hits, expected, k=4)
    assert [(i.rank, i.paragraph_id, i.relevant, i.expected_index) for i in items] == [
        (1, "p1", False, None),
        (2, "p2", True, 0),
        (3, "p4", False, None),
        (4, "p5", True, 1),
    ]
    assert items[1].label == "Kommunstyrelsen 2024-03-20 § 2"
    # a second item matching an already found entry is not counted again
    again = rank_items(
        [(ctx("a", "i1", "§ 2"), 1.0), (ctx("b", "i9", "§ 2", date="2025-01-01"), 0.5)],
        [ExpectedRef(item="2")],
        k=10,
    )
    assert [i.relevant for i in again] == [True, False]


def _items(relevant_at: dict[int, int], length: int) -> list:
    hits = []
    for rank in range(1, length + 1):
        number = f"§ {100 + relevant_at[rank]}" if rank in relevant_at else f"§ {rank}"
        hits.append((ctx(f"p{rank}", f"i{rank}", number), 1.0 / rank))
    return hits


def test_retrieval_metrics_equal_hand_computed_values() -> None:
    # qa: two expected §§, one found at rank 2;  qb: one expected, found at rank 1;
    # qc: one expected, found at rank 7;        qd: one expected, never found.
    expected = {
        "qa": [ExpectedRef(item="100"), ExpectedRef(item="101")],
        "qb": [ExpectedRef(item="100")],
        "qc": [ExpectedRef(item="100")],
        "qd": [ExpectedRef(item="100")],
    }
    layouts = {"qa": {2: 0}, "qb": {1: 0}, "qc": {7: 0}, "qd": {}}
    rankings = {qid: rank_items(_items(layouts[qid], 10), expected[qid], k=10) for qid in expected}
    scores = retrieval_scores(rankings, {qid: len(refs) for qid, refs in expected.items()})

    log2 = math.log2
    by_hand = {
        "qa": {
            "hit@1": 0,
            "hit@5": 1,
            "hit@10": 1,
            "mrr@10": 1 / 2,
            "recall@10": 1 / 2,
            "ndcg@10": (1 / log2(3)) / (1 + 1 / log2(3)),
        },
        "qb": {"hit@1": 1, "hit@5": 1, "hit@10": 1, "mrr@10": 1, "recall@10": 1, "ndcg@10": 1},
        "qc": {"hit@1": 0, "hit@5": 0, "hit@10": 1, "mrr@10": 1 / 7, "recall@10": 1, "ndcg@10": 1 / log2(8)},
        "qd": {"hit@1": 0, "hit@5": 0, "hit@10": 0, "mrr@10": 0, "recall@10": 0, "ndcg@10": 0},
    }
    for qid, metrics in by_hand.items():
        for metric, value in metrics.items():
            assert scores[qid][metric] == pytest.approx(value), (qid, metric)

    results = [
        QuestionResult(id=qid, question=qid, answerable=True, scores=dict(scores[qid])) for qid in scores
    ]
    means, counts = aggregate(results, ["hit@5", "mrr@10"])
    assert means["hit@5"] == pytest.approx(2 / 4)
    assert means["mrr@10"] == pytest.approx((1 / 2 + 1 + 1 / 7 + 0) / 4)
    assert counts == {"hit@5": 4, "mrr@10": 4}


def test_snippets_and_facts_ignore_case_and_spacing() -> None:
    assert snippet_recall(["Det fanns 8884  barn", "saknas"], ["... det fanns 8884 barn i länet"]) == 0.5
    assert snippet_recall([], ["x"]) is None
    assert mentioned_facts(
        ["8884", "Jämställt Västra Götaland"], "Staden ansluter till jämställt västra\nGötaland."
    ) == (["Jämställt Västra Götaland"], ["8884"])


def _citation(
    verbatim: bool, expected: bool, *, furniture: bool = False, repeat: bool = False
) -> CitationCheck:
    return CitationCheck(
        paragraph_id="p",
        label="KS",
        quote="q",
        verbatim=verbatim,
        expected=expected,
        furniture=furniture,
        repeat=repeat,
    )


def test_answer_metrics_per_question_and_aggregated() -> None:
    answered = AnswerResult(
        answered=True,
        text="…",
        mentioned=["a"],
        missing=["b"],
        citations=[
            _citation(True, True),
            _citation(True, False, furniture=True),
            _citation(False, True, repeat=True),
        ],
    )
    abstained = AnswerResult(answered=False, text="Protokollen innehåller inget svar på den frågan.")
    q1 = answer_scores(True, ["a", "b"], answered)
    assert q1 == {
        "answer_rate": 1.0,
        "must_mention": 0.5,
        "citation_validity": pytest.approx(2 / 3),
        "citation_precision": pytest.approx(2 / 3),
        "abstention_precision": None,
        "abstention_recall": None,
        "bad_quotes": pytest.approx(2 / 3),
    }
    q2 = answer_scores(False, [], abstained)  # right to abstain
    assert q2["abstention_precision"] == 1.0 and q2["abstention_recall"] == 1.0
    assert q2["must_mention"] is None and q2["citation_validity"] is None and q2["answer_rate"] is None
    q3 = answer_scores(True, ["x"], abstained)  # wrongly abstained
    assert q3 == {
        "answer_rate": 0.0,
        "must_mention": 0.0,
        "citation_validity": None,
        "citation_precision": None,
        "abstention_precision": 0.0,
        "abstention_recall": None,
        "bad_quotes": None,
    }
    q4 = answer_scores(False, [], answered)  # answered what the minutes do not hold
    assert q4["abstention_recall"] == 0.0 and q4["abstention_precision"] is None

    results = [
        QuestionResult(id=f"q{i}", question="?", answerable=True, scores=s)
        for i, s in enumerate([q1, q2, q3, q4])
    ]
    means, counts = aggregate(results)
    assert means["abstention_precision"] == pytest.approx(1 / 2)  # q2 right, q3 wrong
    assert means["abstention_recall"] == pytest.approx(1 / 2)  # q2 abstained, q4 did not
    assert means["must_mention"] == pytest.approx(0.25) and counts["must_mention"] == 2
    assert means["citation_validity"] == pytest.approx((2 / 3 + 2 / 3) / 2)
    assert means["hit@5"] is None and counts["hit@5"] == 0
