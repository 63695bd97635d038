"""Comparing runs: the paired test, the per-question changes, the chart, the HTML report and the web API."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from protokollet.errors import BadEvalRun
from protokollet.evals.compare import MetricRow, compare_runs, paired_p_value
from protokollet.evals.metrics import CHANGE_METRICS
from protokollet.evals.report import chart_png, trend, write_report
from protokollet.evals.schema import EvalRun
from protokollet.evals.web import app_settings, router
from protokollet.settings import Settings

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_paired_test_separates_signal_from_noise() -> None:
    same = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    assert paired_p_value(same, same.copy()) == 1.0
    worse, better = np.zeros(30), np.ones(30)
    assert paired_p_value(worse, better) < 0.001  # 30 of 30 questions improved
    one_flip = np.zeros(30)
    one_flip[0] = 1.0
    assert paired_p_value(worse, one_flip) > 0.9  # one question in 30 is noise
    mixed_a = np.array([1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0], dtype=float)
    mixed_b = np.array([1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1], dtype=float)
    assert paired_p_value(mixed_a, mixed_b) == paired_p_value(mixed_a, mixed_b)  # fixed seed: reproducible
    # NaN = metric does not apply; a side with no scores at all has no test
    assert paired_p_value(np.array([np.nan, np.nan]), np.array([1.0, 0.0])) is None


def _moved(a: EvalRun, b: EvalRun) -> set[str]:
    by_id = {q.id: q for q in b.questions}
    return {
        q.id for q in a.questions if any(q.scores.get(m) != by_id[q.id].scores.get(m) for m in CHANGE_METRICS)
    }


def test_fewer_bad_quotes_is_a_gain_and_a_lower_score_a_loss() -> None:
    def row(metric: str, a: float, b: float) -> MetricRow:
        return MetricRow(
            metric=metric, description="", a=a, b=b, diff=b - a, p_value=0.5, n=10, significant=False
        )

    assert trend(row("bad_quotes", 0.009, 0.008)) == "up"
    assert trend(row("bad_quotes", 0.0, 0.02)) == "down"
    assert trend(row("must_mention", 0.7, 0.6)) == "down"
    assert trend(row("must_mention", 0.6, 0.6002)) == ""


def test_dense_vs_hybrid_flags_every_question_that_moved_and_writes_the_chart(
    dev_runs: dict[str, EvalRun], tmp_path: Path
) -> None:
    dense, hybrid = dev_runs["dense"], dev_runs["hybrid"]
    comparison = compare_runs(dense, hybrid, resamples=2000)
    moved = _moved(dense, hybrid)
    assert moved, "dense and hybrid ranked every question alike: the comparison has nothing to show"
    flagged = {c.id for c in comparison.better + comparison.worse + comparison.mixed}
    assert flagged == moved
    for change in comparison.better:
        assert all(c.b >= c.a for c in change.changes if c.a is not None and c.b is not None)
    row = {r.metric: r for r in comparison.rows}
    assert row["hit@5"].a == pytest.approx(dense.metrics["hit@5"])
    assert row["hit@5"].b == pytest.approx(hybrid.metrics["hit@5"])
    assert row["hit@5"].diff == pytest.approx(hybrid.metrics["hit@5"] - dense.metrics["hit@5"])
    assert all(r.p_value is None or 0.0 <= r.p_value <= 1.0 for r in comparison.rows)
    assert comparison.shared_questions == len(dense.questions) and not comparison.warnings

    png, html = write_report(comparison, tmp_path / "compare")
    assert png.read_bytes().startswith(PNG_SIGNATURE) and png.stat().st_size > 5000
    page = html.read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "dev-dense" in page and "hit@5" in page


def test_report_escapes_text_from_the_runs(dev_runs: dict[str, EvalRun], tmp_path: Path) -> None:
    dense, hybrid = dev_runs["dense"], dev_runs["hybrid"]
    moved = sorted(_moved(dense, hybrid))[0]
    sneaky = hybrid.model_copy(
        update={
            "questions": [
                q.model_copy(update={"question": "<script>alert(1)</script>"}) if q.id == moved else q
                for q in hybrid.questions
            ]
        }
    )
    _, html = write_report(compare_runs(sneaky, dense, resamples=500), tmp_path)
    page = html.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_runs_without_common_questions_cannot_be_compared(dev_runs: dict[str, EvalRun]) -> None:
    dense = dev_runs["dense"]
    other = dense.model_copy(
        update={"questions": [q.model_copy(update={"id": "x" + q.id}) for q in dense.questions]}
    )
    with pytest.raises(BadEvalRun, match="no question in common"):
        compare_runs(dense, other)


def test_web_lists_runs_compares_and_draws(dev_runs: dict[str, EvalRun], eval_settings: Settings) -> None:
    app = FastAPI()
    app.include_router(router)
    app.dependency_overrides[app_settings] = lambda: eval_settings
    client = TestClient(app)

    listing = client.get("/api/evals/runs").json()
    names = {run["name"]: run for run in listing}
    assert {"dev-dense", "dev-hybrid"} <= set(names)
    assert names["dev-hybrid"]["metrics"]["hit@5"] == pytest.approx(dev_runs["hybrid"].metrics["hit@5"])

    table = client.get("/api/evals/compare", params={"a": "dev-dense", "b": "dev-hybrid"})
    assert table.status_code == 200
    rows = {row["metric"]: row for row in table.json()["rows"]}
    assert rows["mrr@10"]["b"] == pytest.approx(dev_runs["hybrid"].metrics["mrr@10"])

    chart = client.get("/api/evals/compare.png", params={"a": "dev-dense", "b": "dev-hybrid"})
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
    assert chart.content.startswith(PNG_SIGNATURE)
    assert chart.content[:8] == chart_png(compare_runs(dev_runs["dense"], dev_runs["hybrid"]))[:8]

    assert client.get("/api/evals/compare", params={"a": "dev-dense", "b": "nosuchrun"}).status_code == 404
    assert client.get("/api/evals/compare", params={"a": "../x", "b": "dev-dense"}).status_code == 422
