"""Calibrate the answerer's abstention threshold on the development sets instead of picking it by hand.

    python -m protokollet.evals.calibrate --set dev=DIR --set dev-corpus=DIR [--report blind=DIR]

Each `--set` names an eval set and the data dir whose index it was written for (the sample and the
corpus are separate indexes). Every question is searched once; then the whole extractive answerer
(topic threshold plus the asked-fact checks) runs at each candidate `answer_min_score`, and the
threshold printed is the middle of the best run of balanced accuracy over the pooled sets (answered
when answerable, abstained when not), so it does not sit on one question's exact score. With
`--target-abstention 0.9` it is instead the lowest threshold that abstains on at least that share of the
unanswerable questions: on the dev sets (2026-12-03) that was 0.58, which answered 80.7 % instead of
93.2 % of the 207 answerable questions (26 fewer) to abstain on one more of the 41 unanswerable ones, so
it is not the default. `--report` sets are shown with the same curve and never chosen from: that
is how the held-out blind set's curve is shown without tuning on it.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from protokollet.errors import ProtokolletError
from protokollet.evals.runner import load_eval_set
from protokollet.index.search import Searcher, SearchHit
from protokollet.service.answer import answer_from_hits
from protokollet.service.evidence import analyzer_of, index_of, search_for_answer, term_weights_of
from protokollet.settings import Settings, get_settings

#: Thresholds tried: 0.00, 0.02, ..., 1.00.
GRID = tuple(round(step * 0.02, 2) for step in range(51))
#: Rows of the printed curve (every 0.05).
SHOWN = tuple(round(step * 0.05, 2) for step in range(21))


@dataclass
class Question:
    """One question with what the answerer needs to answer it again at another threshold."""

    set_name: str
    answerable: bool
    text: str
    hits: list[SearchHit]
    searcher: Searcher


@dataclass(frozen=True)
class Cut:
    """One threshold: answer when the evidence reaches it."""

    threshold: float
    answered_when_answerable: float  # true positive rate
    abstained_when_unanswerable: float  # true negative rate

    @property
    def balanced_accuracy(self) -> float:
        return (self.answered_when_answerable + self.abstained_when_unanswerable) / 2


def collect(spec: str, k: int) -> list[Question]:
    """Search every question of `SET=DATA_DIR` (or `SET` on the configured data dir) once."""
    name, _, data_dir = spec.partition("=")
    settings = get_settings() if not data_dir else Settings(data_dir=Path(data_dir))
    searcher = Searcher(settings)
    questions = load_eval_set(name).questions
    return [
        Question(name, q.answerable, q.question, search_for_answer(searcher, q.question, k), searcher)
        for q in tqdm(questions, desc=f"search {name}", unit="q")
    ]


def evaluate(questions: Sequence[Question], threshold: float) -> Cut:
    """Run the whole answerer at `threshold` and count who answered and who abstained."""
    answered = {True: 0, False: 0}
    totals = {True: 0, False: 0}
    for question in questions:
        answer = answer_from_hits(
            question.text,
            question.hits,
            analyzer=analyzer_of(index_of(question.hits)),
            min_score=threshold,
            weight=term_weights_of(index_of(question.hits)),
        )
        totals[question.answerable] += 1
        answered[question.answerable] += answer.answered
    tpr = answered[True] / totals[True] if totals[True] else 0.0
    tnr = 1 - answered[False] / totals[False] if totals[False] else 0.0
    return Cut(threshold, tpr, tnr)


def best_threshold(cuts: Sequence[Cut], target_abstention: float | None = None) -> float:
    """The lowest threshold that abstains on `target_abstention` of the unanswerable questions (it answers
    the most of those that do); without a target, or when no threshold reaches it, the middle of the
    first run of thresholds with the best balanced accuracy."""
    if target_abstention is not None:
        enough = [cut for cut in cuts if cut.abstained_when_unanswerable >= target_abstention - 1e-9]
        if enough:
            return min(enough, key=lambda cut: (-cut.answered_when_answerable, cut.threshold)).threshold
    top = max(cut.balanced_accuracy for cut in cuts)

    def is_top(cut: Cut) -> bool:  # equal up to float rounding: (0.86 + 0.82) / 2 vs (0.88 + 0.80) / 2
        return math.isclose(cut.balanced_accuracy, top, abs_tol=1e-9)

    first = next(i for i, cut in enumerate(cuts) if is_top(cut))
    last = first
    while last + 1 < len(cuts) and is_top(cuts[last + 1]):
        last += 1
    return round((cuts[first].threshold + cuts[last].threshold) / 2, 3)


def print_curve(title: str, cuts: Sequence[Cut]) -> None:
    print(f"\n{title}")
    print(f"{'threshold':>10}{'answered|ans':>15}{'abstained|unans':>17}{'bal.acc':>9}")
    for cut in cuts:
        if cut.threshold in SHOWN:
            print(
                f"{cut.threshold:>10.2f}{cut.answered_when_answerable:>15.1%}"
                f"{cut.abstained_when_unanswerable:>17.1%}{cut.balanced_accuracy:>9.3f}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m protokollet.evals.calibrate", description="Calibrate answer_min_score."
    )
    parser.add_argument(
        "--set", action="append", help="calibration set, SET or SET=DATA_DIR (repeatable; default: dev)"
    )
    parser.add_argument("--report", action="append", default=[], help="set shown, never chosen from")
    parser.add_argument("--k", type=int, default=None, help="hits the answerer draws on (Settings.answer_k)")
    parser.add_argument(
        "--target-abstention",
        type=float,
        default=0.0,
        help="abstention on unanswerable questions to reach, e.g. 0.9 (default 0: best balanced accuracy)",
    )
    args = parser.parse_args(argv)
    try:
        k = args.k or get_settings().answer_k
        pooled = [q for spec in args.set or ["dev"] for q in collect(spec, k)]
        cuts = [evaluate(pooled, threshold) for threshold in GRID]
        print_curve(f"calibration sets ({', '.join(args.set or ['dev'])}), {len(pooled)} questions", cuts)
        for spec in args.report:
            reported = collect(spec, k)
            print_curve(f"reported only: {spec}", [evaluate(reported, t) for t in GRID])
    except ProtokolletError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    chosen = best_threshold(cuts, args.target_abstention or None)
    print(f"\ncurrent answer_min_score={get_settings().answer_min_score:.3f}")
    cut = evaluate(pooled, chosen)
    print(
        f"→ set answer_min_score = {chosen:.3f} (answered {cut.answered_when_answerable:.1%} of answerable, "
        f"abstained on {cut.abstained_when_unanswerable:.1%} of unanswerable, "
        f"balanced accuracy {cut.balanced_accuracy:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
