"""Calibrate the answerer's abstention threshold on an eval set instead of picking it by hand.

    python -m protokollet.evals.calibrate [--set dev] [--k 8]

Runs every question through search and the extractive answerer's evidence scoring, then sweeps a
threshold over each evidence feature and reports how well it separates answerable from unanswerable
questions (balanced accuracy, and F1 of abstaining). The threshold for `confidence` — the number the
answerer compares with `Settings.answer_min_score` — is printed as the value to put in settings: the
middle of the best-scoring interval, so it does not sit on one question's exact score. Needs a built
index (`protokollet ingest` + `protokollet index`) over the corpus the set was written for.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from tqdm import tqdm

from protokollet.errors import ProtokolletError
from protokollet.evals.runner import load_eval_set
from protokollet.evals.schema import EvalQuestion
from protokollet.index.search import Searcher
from protokollet.service.answer import abstention_reason, analyzer_of, gather_evidence, term_weights_of
from protokollet.settings import Settings, get_settings

FEATURES = ("confidence", "best_sentence_overlap", "top_hit_score")


@dataclass(frozen=True)
class Row:
    """One question's label and evidence features."""

    id: str
    answerable: bool
    features: dict[str, float]
    forced: bool = False  # abstains whatever the threshold (no content words, or the named meeting is absent)


@dataclass(frozen=True)
class Cut:
    """One threshold of a sweep: answer when the feature is at least `threshold`."""

    threshold: float
    answered_when_answerable: float  # true positive rate
    abstained_when_unanswerable: float  # true negative rate
    balanced_accuracy: float
    abstain_f1: float


def collect(questions: Sequence[EvalQuestion], searcher: Searcher, k: int) -> list[Row]:
    """Evidence features of every question (search + sentence scoring, no answer composed)."""
    analyzer = analyzer_of(searcher)
    weight = term_weights_of(searcher)
    rows: list[Row] = []
    for question in tqdm(questions, desc="questions", unit="q"):
        hits = searcher.search(question.question, k=k)
        evidence = gather_evidence(question.question, hits, analyzer, weight)
        values = {name: float(getattr(evidence, name)) for name in FEATURES}
        forced = abstention_reason(evidence, min_score=-1.0) is not None
        rows.append(Row(question.id, question.answerable, values, forced))
    return rows


def evaluate(rows: Sequence[Row], feature: str, threshold: float) -> Cut:
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    tp = sum(not r.forced and r.features[feature] >= threshold for r in answerable)
    tn = sum(r.forced or r.features[feature] < threshold for r in unanswerable)
    fn = len(answerable) - tp  # wrongly abstained
    tpr = tp / len(answerable) if answerable else 0.0
    tnr = tn / len(unanswerable) if unanswerable else 0.0
    precision = tn / (tn + fn) if tn + fn else 0.0
    f1 = 2 * precision * tnr / (precision + tnr) if precision + tnr else 0.0
    return Cut(threshold, tpr, tnr, (tpr + tnr) / 2, f1)


def sweep(rows: Sequence[Row], feature: str) -> list[Cut]:
    """Every distinct threshold worth trying: midpoints between neighbouring observed values."""
    values = sorted({r.features[feature] for r in rows})
    candidates = [values[0] - 1e-9, *((a + b) / 2 for a, b in itertools.pairwise(values))]
    candidates.append(values[-1] + 1e-9)
    return [evaluate(rows, feature, threshold) for threshold in candidates]


def best_cut(rows: Sequence[Row], feature: str) -> Cut:
    """The threshold with the best balanced accuracy (then abstention F1) for `feature`.

    Several neighbouring thresholds often tie; the middle of the first tied run is taken so the value
    keeps a margin to the questions on either side (it classifies like one of the tied cuts).
    """
    cuts = sweep(rows, feature)
    top = max((c.balanced_accuracy, c.abstain_f1) for c in cuts)
    first = next(i for i, c in enumerate(cuts) if (c.balanced_accuracy, c.abstain_f1) == top)
    last = first
    while last + 1 < len(cuts) and (cuts[last + 1].balanced_accuracy, cuts[last + 1].abstain_f1) == top:
        last += 1
    return evaluate(rows, feature, (cuts[first].threshold + cuts[last].threshold) / 2)


def calibrate(rows: Sequence[Row]) -> dict[str, Cut]:
    """The best cut for every feature."""
    return {feature: best_cut(rows, feature) for feature in FEATURES}


def _print_table(rows: Sequence[Row], results: dict[str, Cut], settings: Settings) -> None:
    n_pos = sum(r.answerable for r in rows)
    print(f"{len(rows)} questions: {n_pos} answerable, {len(rows) - n_pos} unanswerable")
    forced = [r for r in rows if r.forced]
    print(
        f"abstaining before any threshold (named meeting absent, no content words): {len(forced)}, "
        f"of them unanswerable: {sum(not r.answerable for r in forced)}"
    )
    for row in sorted(rows, key=lambda r: r.features["confidence"]):
        mark = "answerable" if row.answerable else "UNANSWERABLE"
        flag = " (forced)" if row.forced else ""
        print(f"  {row.id:<8}{row.features['confidence']:.3f}  {mark}{flag}")
    header = ("threshold", "answered|ans", "abstained|unans", "bal.acc", "F1(abst)")
    print(f"{'feature':<24}" + "".join(f"{name:>17}" for name in header))
    for feature, cut in results.items():
        print(
            f"{feature:<24}{cut.threshold:>17.4f}{cut.answered_when_answerable:>17.1%}"
            f"{cut.abstained_when_unanswerable:>17.1%}{cut.balanced_accuracy:>17.3f}{cut.abstain_f1:>17.3f}"
        )
    current = evaluate(rows, "confidence", settings.answer_min_score)
    print(
        f"current answer_min_score={settings.answer_min_score:.4f}: "
        f"balanced accuracy {current.balanced_accuracy:.3f}"
    )
    print(f"→ set answer_min_score = {results['confidence'].threshold:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m protokollet.evals.calibrate", description="Calibrate answer_min_score."
    )
    parser.add_argument("--set", default="dev", help="eval set name or JSONL path (default: dev)")
    parser.add_argument("--k", type=int, default=8, help="search hits the answerer draws on (default: 8)")
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
        eval_set = load_eval_set(args.set)
        rows = collect(eval_set.questions, Searcher(settings), args.k)
        _print_table(rows, calibrate(rows), settings)
    except ProtokolletError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
