"""Eval runs over the real sample index: stored, consistent with their metrics, guarded in CI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from protokollet.cli import app
from protokollet.errors import BadEvalRun
from protokollet.evals.runner import SETS_DIR, check_citation, list_runs, load_eval_set, load_run, runs_dir
from protokollet.evals.schema import EvalQuestion, EvalRun
from protokollet.models import Citation
from protokollet.settings import Settings, get_settings
from protokollet.store.open import open_store

#: CI floor for hybrid hit@5 on evals/sets/dev.jsonl over the sample corpus.
#: Measured 0.912 (114 of 125 answerable questions) on 2026-11-25 with
#: `protokollet eval run dev --mode hybrid` (data/sample ingested and indexed, bundled e5-small-q4; the
#: session fixture gave the same figure). The margin is two standard errors of a proportion at n = 125:
#: 2 * sqrt(0.912 * 0.088 / 125) = 0.051, so the guard trips on a real loss of about seven questions, not on
#: the one or two questions a harmless change moves.
HYBRID_HIT_AT_5_FLOOR = 0.86


def test_hybrid_hit_at_5_stays_above_the_floor(dev_runs: dict[str, EvalRun]) -> None:
    run = dev_runs["hybrid"]
    hit5 = run.metrics["hit@5"]
    assert hit5 is not None
    missed = [q.id for q in run.questions if q.scores.get("hit@5") == 0.0]
    assert hit5 >= HYBRID_HIT_AT_5_FLOOR, f"hybrid hit@5 fell to {hit5:.3f}; missed: {missed}"


def test_run_is_stored_with_its_config_model_and_index(
    dev_runs: dict[str, EvalRun], eval_settings: Settings
) -> None:
    run = dev_runs["hybrid"]
    path = runs_dir(eval_settings) / "dev-hybrid.json"
    assert json.loads(path.read_text(encoding="utf-8"))["name"] == "dev-hybrid"
    assert load_run("dev-hybrid", eval_settings) == run
    assert load_run(str(path), eval_settings) == run
    assert not [p for p in runs_dir(eval_settings).iterdir() if p.name.startswith(".")], (
        "temporary files left"
    )
    assert {r.name for r in list_runs(eval_settings)} >= {"dev-dense", "dev-hybrid"}

    manifest = json.loads(
        (eval_settings.resolved_index_dir / run.index_manifest["version"] / "manifest.json").read_text()
    )
    assert run.index_fingerprint == manifest["paragraph_fingerprint"]
    assert run.model == manifest["model"] == eval_settings.model
    assert run.config.mode == "hybrid" and run.config.k == 10 and run.config.set_name == "dev"
    assert run.config.set_sha256 == load_eval_set("dev").sha256
    assert len(run.questions) == len(load_eval_set("dev").questions)
    assert run.timings["retrieve_ms_mean"] > 0 and run.timings["answer_ms_mean"] > 0


def test_ranked_items_are_distinct_paragraph_labels_and_agree_with_the_metrics(
    dev_runs: dict[str, EvalRun],
) -> None:
    for run in dev_runs.values():
        for question in run.questions:
            ranks = [item.rank for item in question.retrieved]
            assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= run.config.k
            items = [item.item_id for item in question.retrieved]
            assert len(items) == len(set(items)), "an agenda item was ranked twice"
            if not question.expected:
                assert question.scores["hit@5"] is None
                continue
            top5 = any(item.relevant for item in question.retrieved[:5])
            assert question.scores["hit@5"] == float(top5), question.id
            first = next((item.rank for item in question.retrieved if item.relevant), None)
            assert question.scores["mrr@10"] == pytest.approx(1 / first if first else 0.0), question.id


def test_answers_are_scored_and_a_forged_quote_is_caught(
    dev_runs: dict[str, EvalRun], eval_settings: Settings
) -> None:
    run = dev_runs["hybrid"]
    answered = [q for q in run.questions if q.answer is not None and q.answer.citations]
    assert answered, "no question got a cited answer"
    assert run.metrics["citation_validity"] == 1.0, (
        "an answer quoted text that is not in the stored paragraph"
    )
    eval_set = {q.id: q for q in load_eval_set("dev").questions}
    question = answered[0]
    check = question.answer.citations[0] if question.answer else None
    assert check is not None and check.verbatim
    store = open_store(eval_settings)
    try:
        stored = next(iter(store.paragraphs([check.paragraph_id])))
    finally:
        store.close()
    from protokollet.models import Citation

    forged = Citation(
        meeting_id=stored.meeting_id,
        body=stored.body,
        date=stored.date,
        item_number=stored.item_number,
        document=stored.source_path,
        paragraph_id=stored.paragraph_id,
        quote=check.quote + " och mer därtill",
        quote_start=0,
        quote_end=0,
        start=0,
        end=0,
    )
    assert not check_citation(forged, eval_set[question.id], stored).verbatim
    # The right words at the wrong offsets fail too: the eval checks what the product checks.
    assert check.quote in stored.text
    misplaced = forged.model_copy(
        update={"quote": check.quote, "quote_start": 1, "quote_end": 1 + len(check.quote)}
    )
    assert stored.text[1 : 1 + len(check.quote)] == check.quote or not (
        check_citation(misplaced, eval_set[question.id], stored).verbatim
    )
    for result in run.questions:
        if result.answer is not None and not result.answerable and not result.answer.answered:
            assert result.scores["abstention_recall"] == 1.0


@pytest.fixture
def cli_env(eval_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The CLI reads settings from the environment: point it at the eval data dir and shared index."""
    monkeypatch.setenv("PROTOKOLLET_DATA_DIR", str(eval_settings.data_dir))
    monkeypatch.setenv("PROTOKOLLET_INDEX_DIR", str(eval_settings.resolved_index_dir))
    monkeypatch.setenv("PROTOKOLLET_DATABASE_PATH", str(eval_settings.resolved_database_path))
    get_settings.cache_clear()
    yield eval_settings
    get_settings.cache_clear()


def test_cli_runs_a_small_set_and_compares(
    cli_env: Settings, dev_runs: dict[str, EvalRun], tmp_path: Path
) -> None:
    subset = tmp_path / "mini.jsonl"
    lines = (SETS_DIR / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:4]
    subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "run",
            str(subset),
            "--name",
            "mini-lexical",
            "--mode",
            "lexical",
            "--no-answers",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "hit@5" in result.stdout and "Saved to" in result.stdout
    stored = load_run("mini-lexical", cli_env)
    assert stored.config.mode == "lexical" and len(stored.questions) == 4 and not stored.config.answers
    assert stored.metrics["must_mention"] is None  # answers were not asked for

    result = CliRunner().invoke(app, ["eval", "compare", "dev-dense", "dev-hybrid", "--resamples", "1000"])
    assert result.exit_code == 0, result.output
    assert "B − A" in result.stdout and "hit@5" in result.stdout
    assert (cli_env.data_dir / "evals" / "compare" / "dev-dense__vs__dev-hybrid.png").stat().st_size > 1000

    result = CliRunner().invoke(app, ["eval", "list"])
    assert result.exit_code == 0 and "dev-hybrid" in result.stdout and "mini-lexical" in result.stdout


def test_unknown_run_and_bad_name_are_clear_errors(eval_settings: Settings) -> None:
    with pytest.raises(BadEvalRun, match="no eval run 'nosuchrun'"):
        load_run("nosuchrun", eval_settings)
    with pytest.raises(BadEvalRun, match="may only hold letters"):
        load_run("../etc/passwd", eval_settings)


def _cited(quote: str, date: str, paragraph: str, body: str = "IX Årsmöte") -> Citation:
    """A citation of `quote` as the whole stored paragraph, of the meeting of `body` on `date`."""
    return Citation(
        meeting_id=f"m-{date}",
        body=body,
        date=dt.date.fromisoformat(date),
        item_number="14",
        document="minutes.pdf",
        paragraph_id=paragraph,
        quote=quote,
        quote_start=0,
        quote_end=len(quote),
        start=0,
        end=len(quote),
    )


def test_the_same_words_from_two_meetings_are_no_repeat() -> None:
    """A chair re-elected at the next årsmöte: one sentence, two meetings, two facts; twice from one
    meeting it is a repeat."""
    quote = "Mötet väljer Elis Hirwing till ordförande."
    question = EvalQuestion(id="x", question="Vem valdes till ordförande 2019 och 2020?", answerable=False)
    first, other_year = _cited(quote, "2019-07-29", "p1"), _cited(quote, "2020-03-23", "p2")
    again = _cited(quote, "2019-07-29", "p3")
    assert not check_citation(other_year, question, None, [first]).repeat
    assert check_citation(again, question, None, [first, other_year]).repeat


def test_a_decision_quoted_again_in_its_proposals_words_is_a_repeat() -> None:
    """Jönköping BUN 2020-03-24 § 30 (data/newdev46): the decision under its heading after the same words
    as a list point is shown twice to the reader, so the eval counts it as a repeat."""
    hired = "- Charlotte Olsson anställs som verksamhetschef grundskola med tillträde efter överenskommelse."
    body = "Barn- och utbildningsnämnden"
    question = EvalQuestion(
        id="x", question="Vem anställdes som verksamhetschef grundskola?", answerable=False
    )
    first = _cited(hired, "2020-03-24", "p2", body)
    again = _cited("Barn- och utbildningsnämndens beslut\n\n" + hired, "2020-03-24", "p3", body)
    other = _cited(
        "Befattningen som verksamhetschef grundskola har ledigförklarats.", "2020-03-24", "p1", body
    )
    assert check_citation(again, question, None, [first]).repeat
    assert not check_citation(other, question, None, [first]).repeat
