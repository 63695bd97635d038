"""Train the lead check (`service/lead_check.py`) on dev sets, and show how it separates held-out ones.

    python -m protokollet.evals.lead_check_training --set dev=DIR ... [--test dev-muni43=DIR ...] \
        [--out service/lead_check_adapter.safetensors]

Each `--set` / `--test` names an eval set and the data dir whose index it was written for, as for
`evals/calibrate.py`. Every question is answered by the rules (`plan_answer`, without this check); then:
- a near-miss (unanswerable) question paired with each of its lead and best-scored sentences is a "no":
  the asked fact is in none of them;
- an answerable question paired with a sentence holding one of its must-mention facts is a "yes", and with
  a sentence of an item the set does not expect, holding none, a "no" (sentences of the expected item
  without the fact are left out: they may state it in other words).
The printed curve is on the `--test` sets only (never trained on): per threshold, how many answered
answerable questions the check would withhold and how many answered near misses it would catch.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from protokollet.errors import ProtokolletError
from protokollet.evals.metrics import context_matches, normalise_text
from protokollet.evals.runner import load_eval_set
from protokollet.evals.schema import EvalQuestion
from protokollet.index.embed.embedder import load_embedder, resolve_model_path
from protokollet.index.search import Searcher
from protokollet.models import ParagraphContext
from protokollet.service.answer import plan_answer
from protokollet.service.evidence import analyzer_of, index_of, search_for_answer, term_weights_of
from protokollet.service.lead_check import ADAPTER_FILE, LeadCheck, PairScorer, encode_pairs, save_adapter
from protokollet.settings import Settings

#: Best-scored evidence sentences per question paired besides the leads.
TOP_SENTENCES = 8
MIN_SENTENCE_CHARS = 15
EPOCHS = 1
BATCH = 16
LEARNING_RATE = 5e-4
SEED = 0
#: The set nothing is tuned on (docs/evals.md).
HELD_OUT = "blind"
#: Thresholds of the printed curve.
SHOWN = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)


@dataclass(frozen=True)
class Candidate:
    text: str
    expected_item: bool  # the sentence is in an item the question expects
    holds_fact: bool  # it holds one of the question's must-mention facts


@dataclass(frozen=True)
class Planned:
    """One question as the rules answer it: whether they answer, their leads and the best sentences."""

    set_name: str
    question: EvalQuestion
    answered: bool
    leads: list[Candidate]
    best: list[Candidate]


def plan_set(name: str, data_dir: Path) -> list[Planned]:
    """Every question of set `name` answered by the rules over the index in `data_dir`."""
    settings = Settings(data_dir=data_dir)
    searcher = Searcher(settings, load_embedder(settings))
    planned = []
    for question in load_eval_set(name).questions:
        hits = search_for_answer(searcher, question.question, settings.answer_k)
        index = index_of(hits)
        plan = plan_answer(
            question.question,
            hits,
            analyzer=analyzer_of(index),
            min_score=settings.answer_min_score,
            weight=term_weights_of(index),
        )

        def candidate(text: str, context: ParagraphContext, question: EvalQuestion = question) -> Candidate:
            expected = any(context_matches(ref, context) for ref in question.expected)
            facts = [m for m in question.must_mention if normalise_text(m) in normalise_text(text)]
            return Candidate(text, expected, bool(facts))

        best = sorted(plan.evidence.sentences, key=lambda s: -s.score)[:TOP_SENTENCES]
        planned.append(
            Planned(
                name,
                question,
                plan.reason is None,
                [candidate(s.text, s.context) for s in plan.leads],
                [candidate(s.text, s.context) for s in best],
            )
        )
    return planned


def training_pairs(planned: Sequence[Planned]) -> list[tuple[str, str, int]]:
    """(question, sentence, 1 if it states the asked fact else 0), as the module docstring says."""
    pairs = []
    for item in planned:
        q = item.question
        seen = set()
        for c in [*item.leads, *item.best]:
            if c.text in seen or len(c.text) < MIN_SENTENCE_CHARS:
                continue
            seen.add(c.text)
            if not q.answerable:
                pairs.append((q.question, c.text, 0))
            elif c.holds_fact:
                pairs.append((q.question, c.text, 1))
            elif q.must_mention and not c.expected_item:
                pairs.append((q.question, c.text, 0))
    return pairs


def train(pairs: list[tuple[str, str, int]], model_path: str) -> LeadCheck:
    """Adapters and head trained on `pairs` (one epoch, one-cycle schedule, positives weighted up to the
    negatives' count), as the check the service would run."""
    from transformers import AutoTokenizer

    random.seed(SEED)
    torch.manual_seed(SEED)
    tokenizer = AutoTokenizer.from_pretrained(model_path)
    model = PairScorer(model_path)
    optimiser = torch.optim.AdamW(list(model.trained().values()), lr=LEARNING_RATE, weight_decay=0.01)
    positives = sum(label for _, _, label in pairs)
    loss_of = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor((len(pairs) - positives) / max(1, positives))
    )
    steps = EPOCHS * math.ceil(len(pairs) / BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, LEARNING_RATE, total_steps=steps, pct_start=0.1)
    order = list(pairs)
    started = time.monotonic()
    model.train()
    from tqdm import tqdm

    with tqdm(total=steps, desc="Training", unit="batch") as bar:
        for _ in range(EPOCHS):
            random.shuffle(order)
            for start in range(0, len(order), BATCH):
                batch = order[start : start + BATCH]
                logits = model(encode_pairs(tokenizer, [b[0] for b in batch], [b[1] for b in batch]))
                loss = loss_of(logits, torch.tensor([float(b[2]) for b in batch]))
                loss.backward()
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
                bar.update()
                if bar.n % 25 == 0:
                    bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
    print(f"trained on {len(pairs)} pairs ({positives} yes) in {time.monotonic() - started:.0f} s")
    return LeadCheck(tokenizer, model)


def answered_scores(check: LeadCheck, planned: Sequence[Planned]) -> list[tuple[Planned, float]]:
    """For each question the rules answer, the best score of its lead sentences (what the service checks)."""
    return [
        (item, max(check(item.question.question, [c.text for c in item.leads])))
        for item in planned
        if item.answered and item.leads
    ]


@dataclass(frozen=True)
class Cut:
    """What one threshold does to the held-out answers: answerable ones withheld, near misses caught."""

    threshold: float
    withheld: int
    of_answerable: int
    caught: int
    of_near_misses: int


def curve(scored: Sequence[tuple[Planned, float]]) -> list[Cut]:
    answerable = [s for item, s in scored if item.question.answerable]
    near_misses = [s for item, s in scored if not item.question.answerable]
    return [
        Cut(
            t,
            sum(s < t for s in answerable),
            len(answerable),
            sum(s < t for s in near_misses),
            len(near_misses),
        )
        for t in SHOWN
    ]


def print_curve(cuts: Sequence[Cut]) -> None:
    print(f"held out: {cuts[0].of_answerable} answerable and {cuts[0].of_near_misses} near misses answered")
    print("threshold  answerable withheld  near misses caught")
    for c in cuts:
        withheld = f"{c.withheld:4d} of {c.of_answerable:<4d}"
        print(f"{c.threshold:9.2f}  {withheld}         {c.caught:3d} of {c.of_near_misses}")


def curve_png(cuts: Sequence[Cut], *, dpi: int = 110) -> bytes:
    """Per threshold, the share of held-out answers withheld: answerable ones (lost) and near misses
    (caught)."""
    from io import BytesIO

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 4.2), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    xs = [c.threshold for c in cuts]
    axes.plot(
        xs, [c.caught / c.of_near_misses for c in cuts], "o-", color="#2a9d8f", label="near misses caught"
    )
    axes.plot(
        xs, [c.withheld / c.of_answerable for c in cuts], "s-", color="#e76f51", label="answerable withheld"
    )
    for c in cuts:
        axes.annotate(
            f"{c.caught}/{c.of_near_misses}",
            (c.threshold, c.caught / c.of_near_misses),
            fontsize=8,
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
        )
        axes.annotate(
            f"{c.withheld}/{c.of_answerable}",
            (c.threshold, c.withheld / c.of_answerable),
            fontsize=8,
            textcoords="offset points",
            xytext=(0, -12),
            ha="center",
        )
    axes.set_xlabel("answer_lead_check_min")
    axes.set_ylabel("share of the rules' answers withheld")
    axes.set_title("Lead check on held-out dev sets: what each threshold withholds")
    axes.legend(loc="upper left")
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _named_dirs(values: Sequence[str]) -> list[tuple[str, Path]]:
    out = []
    for value in values:
        name, _, folder = value.partition("=")
        if not folder:
            raise SystemExit(f"error: expected NAME=DIR, got {value!r}")
        out.append((name, Path(folder)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], help="NAME=DIR: a dev set to train on")
    parser.add_argument("--test", action="append", default=[], help="NAME=DIR: a dev set held out")
    parser.add_argument("--out", type=Path, default=ADAPTER_FILE, help="where the adapter is written")
    parser.add_argument("--chart", type=Path, help="write the held-out curve as a PNG here")
    args = parser.parse_args(argv)
    sets, tests = _named_dirs(args.set), _named_dirs(args.test)
    if not sets:
        parser.error("at least one --set NAME=DIR")
    if any(name == HELD_OUT for name, _ in sets):
        parser.error(f"'{HELD_OUT}' is held out: it is reported, never trained on")
    try:
        model_path = resolve_model_path(Settings(data_dir=sets[0][1]))
        planned = [p for name, folder in sets for p in plan_set(name, folder)]
        held_out = [p for name, folder in tests for p in plan_set(name, folder)]
    except ProtokolletError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    pairs = training_pairs(planned)
    check = train(pairs, model_path)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_adapter(
        check.model,
        args.out,
        Settings(data_dir=sets[0][1]).model,
        {"sets": [n for n, _ in sets], "pairs": len(pairs)},
    )
    print(f"wrote {args.out}")
    if held_out:
        cuts = curve(answered_scores(check, held_out))
        print_curve(cuts)
        if args.chart:
            args.chart.write_bytes(curve_png(cuts))
            print(f"chart: {args.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
