"""Comparing two stored runs metric by metric, with a paired significance test, and question by question.

Every metric is the mean of per-question scores, so two runs over the same set can be compared pairwise:
a paired randomisation test (swap A and B per question; SciPy's `permutation_test`, 10 000 resamples,
fixed seed, exact when there are fewer distinct swaps) gives the probability of seeing a difference at
least this large if the change did nothing. On a set of 100 questions, a few points of hit@5 is often
noise; the p-value says so.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field
from scipy.stats import permutation_test

from protokollet.errors import BadEvalRun
from protokollet.evals.metrics import ALL_METRICS, CHANGE_METRICS, METRIC_DESCRIPTIONS
from protokollet.evals.schema import EvalRun, QuestionResult

RESAMPLES = 10_000
SEED = 20_240_320
ALPHA = 0.05


class RunSummary(BaseModel):
    """What identifies a run in a comparison."""

    name: str
    created: str
    set_name: str
    set_sha256: str
    mode: str
    k: int
    model: str
    index_fingerprint: str | None
    questions: int
    metrics: dict[str, float | None] = Field(default_factory=dict)

    @classmethod
    def of(cls, run: EvalRun) -> RunSummary:
        return cls(
            name=run.name,
            created=run.created.isoformat(timespec="seconds"),
            set_name=run.config.set_name,
            set_sha256=run.config.set_sha256,
            mode=run.config.mode,
            k=run.config.k,
            model=run.model,
            index_fingerprint=run.index_fingerprint,
            questions=len(run.questions),
            metrics=run.metrics,
        )


class MetricRow(BaseModel):
    """One metric of both runs: values, B − A, the paired p-value and on how many questions it rests."""

    metric: str
    description: str
    a: float | None
    b: float | None
    diff: float | None
    p_value: float | None
    n: int  # questions where the metric applies in at least one of the runs
    significant: bool


class ScoreChange(BaseModel):
    metric: str
    a: float | None
    b: float | None


class QuestionChange(BaseModel):
    """A question whose reciprocal rank, hit@5 or must-mention score moved between the runs."""

    id: str
    question: str
    direction: Literal["better", "worse", "mixed"]
    changes: list[ScoreChange]
    top_a: str | None = None  # label of A's first retrieved §
    top_b: str | None = None


class Comparison(BaseModel):
    a: RunSummary
    b: RunSummary
    shared_questions: int
    only_in_a: list[str] = Field(default_factory=list)
    only_in_b: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    rows: list[MetricRow]
    better: list[QuestionChange] = Field(default_factory=list)
    worse: list[QuestionChange] = Field(default_factory=list)
    mixed: list[QuestionChange] = Field(default_factory=list)
    resamples: int = RESAMPLES
    seed: int = SEED
    alpha: float = ALPHA


def _nanmean_difference(x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a resample may leave one side with no scores
        difference = np.nanmean(y, axis=axis) - np.nanmean(x, axis=axis)
    # A resample that leaves one side with nothing to average has no difference to speak of.
    return np.nan_to_num(difference, nan=0.0)


def paired_p_value(
    a: np.ndarray, b: np.ndarray, *, resamples: int = RESAMPLES, seed: int = SEED
) -> float | None:
    """Two-sided p-value of mean(b) − mean(a) under random swaps of each question's pair of scores.

    NaN marks a question where the metric does not apply in that run; such questions still take part
    in the swaps (the metric's mean is over the scores that exist). None when a side has no scores.
    """
    keep = ~(np.isnan(a) & np.isnan(b))
    a, b = a[keep], b[keep]
    if not len(a) or np.isnan(a).all() or np.isnan(b).all():
        return None
    if np.array_equal(a, b, equal_nan=True):
        return 1.0
    result = permutation_test(
        (a, b),
        _nanmean_difference,
        permutation_type="samples",
        vectorized=True,
        n_resamples=resamples,
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    )
    return float(min(1.0, result.pvalue))


def _scores(questions: list[QuestionResult], metric: str) -> np.ndarray:
    values = [q.scores.get(metric) for q in questions]
    return np.array([np.nan if value is None else value for value in values], dtype=float)


def _top_label(question: QuestionResult) -> str | None:
    return question.retrieved[0].label if question.retrieved else None


def question_change(a: QuestionResult, b: QuestionResult) -> QuestionChange | None:
    """How `CHANGE_METRICS` moved for one question; None when none of them changed."""
    changes: list[ScoreChange] = []
    ups = downs = 0
    for metric in CHANGE_METRICS:
        before, after = a.scores.get(metric), b.scores.get(metric)
        if before is None and after is None:
            continue
        if before is not None and after is not None and abs(after - before) < 1e-9:
            continue
        changes.append(ScoreChange(metric=metric, a=before, b=after))
        if before is not None and after is not None:
            ups += after > before
            downs += after < before
    if not changes:
        return None
    direction: Literal["better", "worse", "mixed"] = (
        "mixed" if (ups and downs) or not (ups or downs) else "better" if ups else "worse"
    )
    return QuestionChange(
        id=a.id,
        question=a.question,
        direction=direction,
        changes=changes,
        top_a=_top_label(a),
        top_b=_top_label(b),
    )


def compare_runs(
    a: EvalRun, b: EvalRun, *, resamples: int = RESAMPLES, seed: int = SEED, alpha: float = ALPHA
) -> Comparison:
    """A against B over the questions both runs hold (paired by question id)."""
    by_id_a = {q.id: q for q in a.questions}
    by_id_b = {q.id: q for q in b.questions}
    shared = [qid for qid in by_id_a if qid in by_id_b]
    if not shared:
        raise BadEvalRun(f"runs {a.name!r} and {b.name!r} have no question in common")
    notes: list[str] = []
    if a.config.set_sha256 != b.config.set_sha256:
        notes.append(
            f"the runs used different versions of the eval set ({a.config.set_name} vs {b.config.set_name});"
            f" compared on the {len(shared)} questions both hold"
        )
    if a.index_fingerprint != b.index_fingerprint:
        notes.append("the runs searched different indexes (the stored paragraphs differ)")
    questions_a = [by_id_a[qid] for qid in shared]
    questions_b = [by_id_b[qid] for qid in shared]
    rows: list[MetricRow] = []
    for metric in ALL_METRICS:
        scores_a, scores_b = _scores(questions_a, metric), _scores(questions_b, metric)
        applies = ~(np.isnan(scores_a) & np.isnan(scores_b))
        if not applies.any():
            continue
        mean_a = float(np.nanmean(scores_a)) if not np.isnan(scores_a).all() else None
        mean_b = float(np.nanmean(scores_b)) if not np.isnan(scores_b).all() else None
        p_value = paired_p_value(scores_a, scores_b, resamples=resamples, seed=seed)
        rows.append(
            MetricRow(
                metric=metric,
                description=METRIC_DESCRIPTIONS.get(metric, ""),
                a=mean_a,
                b=mean_b,
                diff=mean_b - mean_a if mean_a is not None and mean_b is not None else None,
                p_value=p_value,
                n=int(applies.sum()),
                significant=p_value is not None and p_value < alpha,
            )
        )
    changes = [c for qid in shared if (c := question_change(by_id_a[qid], by_id_b[qid])) is not None]
    return Comparison(
        a=RunSummary.of(a),
        b=RunSummary.of(b),
        shared_questions=len(shared),
        only_in_a=[qid for qid in by_id_a if qid not in by_id_b],
        only_in_b=[qid for qid in by_id_b if qid not in by_id_a],
        warnings=notes,
        rows=rows,
        better=[c for c in changes if c.direction == "better"],
        worse=[c for c in changes if c.direction == "worse"],
        mixed=[c for c in changes if c.direction == "mixed"],
        resamples=resamples,
        seed=seed,
        alpha=alpha,
    )
