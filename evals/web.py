"""API for the web page's "Utvärdering" view: the stored runs, a comparison of two, and its chart.

The lead mounts `router` on the app. Runs are read from `<data_dir>/evals/runs/` on every request (they
are small and written atomically), so a run stored by the CLI shows up without a restart.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel

from protokollet.errors import ProtokolletError
from protokollet.evals.compare import Comparison, compare_runs
from protokollet.evals.report import chart_png
from protokollet.evals.runner import list_runs, load_run
from protokollet.evals.schema import EvalRun
from protokollet.settings import Settings, get_settings

router = APIRouter(prefix="/api/evals", tags=["evals"])

#: Metrics shown in the run list.
HEADLINE_METRICS = ("hit@1", "hit@5", "mrr@10", "ndcg@10", "must_mention", "citation_validity")


class RunListing(BaseModel):
    name: str
    created: dt.datetime
    set_name: str
    mode: str
    k: int
    model: str
    questions: int
    metrics: dict[str, float | None]


def app_settings(request: Request) -> Settings:
    """The app's settings (`create_app(settings)` keeps them on `app.state.service`), else the environment."""
    settings = getattr(getattr(request.app.state, "service", None), "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


SettingsDep = Annotated[Settings, Depends(app_settings)]
RunName = Annotated[str, Query(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


def _load(name: str, settings: Settings) -> EvalRun:
    try:
        return load_run(name, settings)
    except ProtokolletError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


def _compare(a: str, b: str, settings: Settings) -> Comparison:
    try:
        return compare_runs(_load(a, settings), _load(b, settings))
    except ProtokolletError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


@router.get("/runs", response_model=list[RunListing])
def runs(settings: SettingsDep) -> list[RunListing]:
    """Stored runs, newest first, with their headline metrics."""
    return [
        RunListing(
            name=run.name,
            created=run.created,
            set_name=run.config.set_name,
            mode=run.config.mode,
            k=run.config.k,
            model=run.model,
            questions=len(run.questions),
            metrics={metric: run.metrics.get(metric) for metric in HEADLINE_METRICS},
        )
        for run in list_runs(settings)
    ]


@router.get("/compare", response_model=Comparison)
def compare(a: RunName, b: RunName, settings: SettingsDep) -> Comparison:
    """Every metric of A and B, B − A, the paired p-value, and the questions that moved."""
    return _compare(a, b, settings)


@router.get("/compare.png", response_class=Response, responses={200: {"content": {"image/png": {}}}})
def compare_png(a: RunName, b: RunName, settings: SettingsDep) -> Response:
    """The comparison chart: grouped bars per metric with the difference written above."""
    return Response(content=chart_png(_compare(a, b, settings)), media_type="image/png")
