"""Small measuring helpers shared by the benchmark sections: latency percentiles, memory, disk size."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import BaseModel

from protokollet.stats import percentiles

T = TypeVar("T")
R = TypeVar("R")


class Latency(BaseModel):
    """Milliseconds per call over `calls` calls."""

    calls: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float

    @classmethod
    def of(cls, seconds: Iterable[float]) -> Latency:
        values = np.asarray(list(seconds), dtype=np.float64) * 1000
        if not len(values):
            return cls(calls=0, p50_ms=0.0, p95_ms=0.0, p99_ms=0.0, mean_ms=0.0)
        p50, p95, p99 = percentiles(values, [50, 95, 99])
        return cls(calls=len(values), p50_ms=p50, p95_ms=p95, p99_ms=p99, mean_ms=float(values.mean()))


def timed_calls(inputs: Iterable[T], call: Callable[[T], R], *, warmup: int = 3) -> tuple[Latency, list[R]]:
    """Call `call` on each input (the first `warmup` inputs once untimed first); latency and results."""
    items = list(inputs)
    for item in items[:warmup]:
        call(item)
    seconds: list[float] = []
    results: list[R] = []
    for item in items:
        started = time.perf_counter()
        results.append(call(item))
        seconds.append(time.perf_counter() - started)
    return Latency.of(seconds), results


def rss_bytes() -> int:
    """Resident memory of this process after a garbage collection (Linux /proc; peak RSS elsewhere)."""
    gc.collect()
    try:
        resident_pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def rss_file_bytes() -> int:
    """The part of the resident memory that is file pages (memory-mapped index files, libraries): clean
    pages the kernel drops under pressure and reads again, unlike the anonymous rest (0 off Linux)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("RssFile:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def total_memory_bytes() -> int:
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


def tree_bytes(path: Path) -> int:
    """Bytes of the files under `path` (or of `path` itself)."""
    if path.is_file():
        return path.stat().st_size
    return sum(child.stat().st_size for child in path.rglob("*") if child.is_file())


def per_million(value: float, count: int) -> float:
    return value / count * 1_000_000 if count else 0.0


def recall_at_k(found: list[list[str]], truth: list[list[str]], k: int = 10) -> float:
    """Mean share of the exact top-k that the approximate top-k contains (queries with hits only)."""
    shares = [len(set(f[:k]) & set(t[:k])) / len(t[:k]) for f, t in zip(found, truth, strict=True) if t]
    return float(np.mean(shares)) if shares else 1.0
