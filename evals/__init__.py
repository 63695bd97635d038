"""Evals: stored eval sets, runs through the real retrieval and answer code, metrics and comparisons."""
