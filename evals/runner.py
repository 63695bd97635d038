"""Running an eval set through the real search and answer code, and storing the run.

Retrieval is measured with the requested mode (`dense`, `lexical`, `hybrid`); answers always come from
`answer_question`, i.e. the production path, so answer metrics move with the index, the model and the
answerer, not with `--mode`. A run is written atomically to `<data_dir>/evals/runs/<name>.json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tqdm import tqdm

from protokollet.errors import BadEvalRun, BadEvalSet
from protokollet.evals.metrics import (
    ALL_METRICS,
    RANX_METRICS,
    aggregate,
    answer_scores,
    mean_or_none,
    mentioned_facts,
    rank_items,
    ref_matches,
    retrieval_scores,
    snippet_recall,
)
from protokollet.evals.schema import (
    AnswerResult,
    CitationCheck,
    EvalQuestion,
    EvalRun,
    EvalSet,
    QuestionResult,
    RunConfig,
    parse_eval_set,
)
from protokollet.models import Citation, ParagraphContext
from protokollet.service.facts import is_furniture
from protokollet.service.sentences import same_words
from protokollet.service.verify import verify_citations
from protokollet.settings import Settings
from protokollet.stats import percentile
from protokollet.store import Store

if TYPE_CHECKING:
    from protokollet.evals.baseline import BaselineIndex
    from protokollet.index.search import Searcher

Mode = Literal["dense", "lexical", "hybrid"]
MODES: tuple[Mode, ...] = ("dense", "lexical", "hybrid")
#: Where stored eval sets live; `eval run dev` means `evals/sets/dev.jsonl`.
SETS_DIR = Path(__file__).resolve().parent / "sets"
#: Paragraphs asked for per wanted agenda item, so `k` distinct §§ remain after deduplication.
PARAGRAPHS_PER_ITEM = 5
_RUN_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


# -- sets -----------------------------------------------------------------------------------------------


def resolve_set_path(name_or_path: str) -> Path:
    """A path to a JSONL file, or the name of a stored set under `evals/sets/` (with or without .jsonl)."""
    candidate = Path(name_or_path)
    if candidate.is_file():
        return candidate
    stored = SETS_DIR / (candidate.name if candidate.suffix == ".jsonl" else f"{candidate.name}.jsonl")
    if "/" not in name_or_path and stored.is_file():
        return stored
    available = ", ".join(sorted(path.stem for path in SETS_DIR.glob("*.jsonl"))) or "none"
    raise BadEvalSet(f"no eval set {name_or_path!r} (not a file; stored sets: {available})")


def load_eval_set(name_or_path: str) -> EvalSet:
    """Read and validate an eval set; every bad line is reported by file and line number."""
    path = resolve_set_path(name_or_path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadEvalSet(f"{path.name}: not UTF-8 text") from None
    except OSError as exc:
        raise BadEvalSet(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_eval_set(text, name=path.stem, path=str(path), sha256=hashlib.sha256(data).hexdigest())


# -- running --------------------------------------------------------------------------------------------


def repeats(citation: Citation, earlier: Sequence[Citation]) -> bool:
    """The same words as an earlier quote of its meeting (`same_words`: also a decision quoted again in
    its proposal's words); the same words recorded at two meetings (a chair re-elected) are two facts."""
    return any(
        (other.body, other.date) == (citation.body, citation.date) and same_words(citation.quote, other.quote)
        for other in earlier
    )


def check_citation(
    citation: Citation,
    question: EvalQuestion,
    stored: ParagraphContext | None,
    earlier: Sequence[Citation] = (),
) -> CitationCheck:
    """Is the quote the stored paragraph's text at its offsets (the product's own check), is the cited §
    one of the expected ones, and is the quote furniture or a repeat of an earlier quote of its meeting?"""
    verbatim = stored is not None and bool(verify_citations([citation], {stored.paragraph_id: stored}).kept)
    return CitationCheck(
        paragraph_id=citation.paragraph_id,
        label=citation.label(),
        quote=citation.quote,
        verbatim=verbatim,
        furniture=is_furniture(
            citation.quote,
            citation.item_number,
            citation.item_title,
            in_decision_section=stored is not None and stored.is_decision,
        ),
        repeat=repeats(citation, earlier),
        expected=any(
            ref_matches(
                ref,
                item_number=citation.item_number,
                date=citation.date,
                body=citation.body,
                source=citation.document,
            )
            for ref in question.expected
        ),
    )


def _answer(
    question: EvalQuestion, searcher: Searcher, store: Store, settings: Settings, answer_k: int
) -> AnswerResult:
    from protokollet.service.answerer import choose_answerer

    # The extractive answerer: a stored run must not depend on an LLM endpoint's mood (or availability).
    answer = choose_answerer(settings, llm=False)(question.question, searcher, k=answer_k, settings=settings)
    cited_ids = [citation.paragraph_id for citation in answer.citations]
    stored = {context.paragraph_id: context for context in store.paragraphs(cited_ids)}
    found, missing = mentioned_facts(question.must_mention, answer.text if answer.answered else "")
    return AnswerResult(
        answered=answer.answered,
        text=answer.text,
        citations=[
            check_citation(c, question, stored.get(c.paragraph_id), answer.citations[:i])
            for i, c in enumerate(answer.citations)
        ],
        mentioned=found,
        missing=missing,
    )


def evaluate_question(
    question: EvalQuestion,
    searcher: Searcher,
    store: Store | None,
    settings: Settings,
    *,
    mode: Mode,
    k: int,
    answer_k: int,
) -> QuestionResult:
    """Search (and answer) one question; scores are filled in later, for all questions at once."""
    started = time.perf_counter()
    hits = searcher.search(question.question, k=k * PARAGRAPHS_PER_ITEM, mode=mode)
    retrieve_ms = (time.perf_counter() - started) * 1000
    retrieved = rank_items([(hit.context, hit.score) for hit in hits], question.expected, k)
    top_items = {item.item_id for item in retrieved}
    result = QuestionResult(
        id=question.id,
        question=question.question,
        answerable=question.answerable,
        expected=question.expected,
        retrieved=retrieved,
        retrieve_ms=retrieve_ms,
    )
    if question.answerable:
        texts = [hit.context.text for hit in hits if hit.context.item_id in top_items]
        result.scores["snippet@10"] = snippet_recall(question.snippets, texts)
    if store is not None:
        started = time.perf_counter()
        result.answer = _answer(question, searcher, store, settings, answer_k)
        result.answer_ms = (time.perf_counter() - started) * 1000
        result.scores.update(answer_scores(question.answerable, question.must_mention, result.answer))
    return result


def score_retrieval(questions: Sequence[EvalQuestion], results: Sequence[QuestionResult]) -> None:
    """Fill every result's ranx retrieval scores (None on questions without expected entries)."""
    judged = {q.id: q for q in questions if q.expected}
    rankings = {r.id: r.retrieved for r in results if r.id in judged}
    scores = retrieval_scores(rankings, {qid: len(q.expected) for qid, q in judged.items()})
    for result in results:
        per_question = scores.get(result.id)
        for metric in RANX_METRICS:
            result.scores[metric] = per_question[metric] if per_question is not None else None
        result.scores.setdefault("snippet@10", None)


def baseline_retrieval(
    questions: Sequence[EvalQuestion], baseline: BaselineIndex, *, k: int, progress: bool = True
) -> dict[str, float | None]:
    """The LangChain-tutorial baseline's retrieval metrics on the same questions, judged the same way."""
    judged = [q for q in questions if q.expected]
    rankings = {
        q.id: rank_items(baseline.search(q.question, k * PARAGRAPHS_PER_ITEM), q.expected, k)
        for q in tqdm(judged, desc="baseline", unit="q", disable=not progress)
    }
    scores = retrieval_scores(rankings, {q.id: len(q.expected) for q in judged})
    return {metric: mean_or_none(s.get(metric) for s in scores.values()) for metric in RANX_METRICS}


def run_eval(
    eval_set: EvalSet,
    searcher: Searcher,
    settings: Settings,
    *,
    store: Store | None,
    name: str,
    mode: Mode = "hybrid",
    k: int = 10,
    answer_k: int | None = None,
    progress: bool = True,
    baseline: BaselineIndex | None = None,
) -> EvalRun:
    """Run every question of `eval_set`; answers are scored only when a `store` is given, and the
    LangChain-tutorial baseline's retrieval beside ours when a `baseline` index is given."""
    answer_k = answer_k or settings.answer_k
    if mode not in MODES:
        raise BadEvalRun(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    check_run_name(name)
    started = time.perf_counter()
    results = [
        evaluate_question(q, searcher, store, settings, mode=mode, k=k, answer_k=answer_k)
        for q in tqdm(
            eval_set.questions, desc=f"eval {eval_set.name} ({mode})", unit="q", disable=not progress
        )
    ]
    score_retrieval(eval_set.questions, results)
    metrics, counts = aggregate(results, ALL_METRICS)
    info = searcher.index.info
    retrieve_ms = [r.retrieve_ms for r in results]
    answer_ms = [r.answer_ms for r in results if r.answer is not None]
    return EvalRun(
        name=name,
        created=dt.datetime.now(dt.UTC),
        config=RunConfig(
            set_name=eval_set.name,
            set_path=eval_set.path,
            set_sha256=eval_set.sha256,
            mode=mode,
            k=k,
            answer_k=answer_k,
            answers=store is not None,
        ),
        model=info.model,
        index_fingerprint=info.fingerprint,
        index_manifest={"backend": info.backend, "version": info.version, **info.details},
        metrics=metrics,
        counts=counts,
        timings={
            "total_s": time.perf_counter() - started,
            "retrieve_ms_mean": statistics.fmean(retrieve_ms) if retrieve_ms else 0.0,
            "retrieve_ms_p95": percentile(retrieve_ms, 95),
            "answer_ms_mean": statistics.fmean(answer_ms) if answer_ms else 0.0,
            "answer_ms_p95": percentile(answer_ms, 95),
        },
        questions=results,
        baseline=baseline_retrieval(eval_set.questions, baseline, k=k, progress=progress) if baseline else {},
    )


# -- storing --------------------------------------------------------------------------------------------


def runs_dir(settings: Settings) -> Path:
    return settings.data_dir / "evals" / "runs"


def check_run_name(name: str) -> str:
    """Run names become file names: letters, digits, '.', '_' and '-' only."""
    if not _RUN_NAME_RE.match(name):
        raise BadEvalRun(f"run name {name!r} may only hold letters, digits, '.', '_' and '-' (at most 100)")
    return name


def default_run_name(set_name: str, mode: str, now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{set_name}-{mode}-{stamp}"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and `os.replace`, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp creates 0600; a run is meant to be read by the team
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def save_run(run: EvalRun, settings: Settings) -> Path:
    path = runs_dir(settings) / f"{check_run_name(run.name)}.json"
    atomic_write_text(path, run.model_dump_json(indent=1))
    return path


def load_run(name_or_path: str, settings: Settings) -> EvalRun:
    """A stored run by name (under the runs dir) or by path to its JSON file."""
    candidate = Path(name_or_path)
    path = candidate if candidate.suffix == ".json" and candidate.is_file() else None
    if path is None:
        path = (
            runs_dir(settings)
            / f"{check_run_name(candidate.stem if candidate.suffix == '.json' else name_or_path)}.json"
        )
    if not path.is_file():
        known = ", ".join(run.name for run in list_runs(settings)[:10]) or "none stored yet"
        raise BadEvalRun(f"no eval run {name_or_path!r} (known: {known})")
    try:
        return EvalRun.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BadEvalRun(f"{path.name}: not a readable eval run ({str(exc).splitlines()[0]})") from None


def list_runs(settings: Settings) -> list[EvalRun]:
    """Every readable stored run, newest first (unreadable files are skipped)."""
    runs: list[EvalRun] = []
    for path in runs_dir(settings).glob("*.json"):
        try:
            runs.append(EvalRun.model_validate_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(runs, key=lambda run: run.created, reverse=True)
