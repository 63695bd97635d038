"""Protokollet: semantic search and cited answers over Swedish municipal and regional minutes.

Layers, imported one way only: ingest ← index ← service ← evals. Shared nouns live in
`protokollet.models`, configuration in `protokollet.settings`, storage behind `protokollet.store`.
"""

__version__ = "0.1.0"
