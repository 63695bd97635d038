"""Combining the dense and the lexical ranking into one.

Reciprocal rank fusion needs no score calibration (BM25 scores and cosine similarities live on
different scales), so it is the default; a weighted sum of min-max normalised scores is kept as the
alternative for when one retriever should count more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: The constant from Cormack et al. (2009); it damps the influence of the very first ranks.
RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Score of each key: the sum of 1 / (k + rank) over the rankings it appears in (rank from 1)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def min_max(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores rescaled to [0, 1]; all-equal scores become 1 (they are all the best there is)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high == low:
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


def weighted_sum(
    dense: Mapping[str, float], lexical: Mapping[str, float], dense_weight: float = 0.5
) -> dict[str, float]:
    """`dense_weight` · dense + (1 − `dense_weight`) · lexical, each min-max normalised; missing = 0."""
    if not 0.0 <= dense_weight <= 1.0:
        raise ValueError("dense_weight must lie in [0, 1]")
    dense_norm, lexical_norm = min_max(dense), min_max(lexical)
    return {
        key: dense_weight * dense_norm.get(key, 0.0) + (1.0 - dense_weight) * lexical_norm.get(key, 0.0)
        for key in dense_norm.keys() | lexical_norm.keys()
    }


def ranked(scores: Mapping[str, float]) -> list[str]:
    """Keys by descending score; ties keep insertion order so results are deterministic."""
    return sorted(scores, key=lambda key: -scores[key])
