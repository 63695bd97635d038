"""Percentiles, computed one way for every figure that reports them (eval timings, benchmark latencies).

A leaf module (numpy only) so that evals and bench, two layers apart, share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def percentiles(values: Iterable[float], qs: Sequence[float]) -> list[float]:
    """The `qs` percentiles (0-100) of `values`, interpolated linearly between the closest ranks (numpy's
    default, the same as `statistics.quantiles(method="inclusive")`); all 0.0 when there are no values."""
    data = np.asarray(list(values), dtype=np.float64)
    if not len(data):
        return [0.0 for _ in qs]
    return [float(p) for p in np.percentile(data, list(qs))]


def percentile(values: Iterable[float], q: float) -> float:
    """One percentile of `values` (see `percentiles`)."""
    return percentiles(values, [q])[0]
