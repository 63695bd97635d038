"""Swedish words that more than one stage reads or writes: the month names.

A leaf module (imports nothing of Protokollet) so that ingest, which reads dates in minutes, and index,
which writes them into chunk headers, share one list without importing each other.
"""

from __future__ import annotations

#: The months in order, lower case: `MONTH_NAMES[date.month - 1]`.
MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
