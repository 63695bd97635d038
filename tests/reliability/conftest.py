"""Fixtures of the reliability suite, and its summary printed at the end of the run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rel_support import REPORT, SAMPLE_DIR, shifted_minutes

from protokollet.index.embed.embedder import Embedder
from protokollet.settings import Settings

#: Two small sample files: enough for real search, cheap to embed.
SMALL_SAMPLE = [
    SAMPLE_DIR / "seeds" / "002_59249985fcc24532.txt",
    SAMPLE_DIR / "seeds" / "003_4fd378ccd193ba1d.txt",
]


@pytest.fixture(scope="session")
def small_indexed_settings(
    tmp_path_factory: pytest.TempPathFactory,
    settings_with_model: Callable[[Path], Settings],
    embedder: Embedder,
) -> Settings:
    """A data dir holding two small sample files, ingested and indexed through the real pipeline."""
    from protokollet.index.build import build_index
    from protokollet.ingest.pipeline import ingest_paths
    from protokollet.store.open import open_store

    settings = settings_with_model(tmp_path_factory.mktemp("small-indexed") / "data")
    store = open_store(settings)
    try:
        report = ingest_paths(SMALL_SAMPLE, store, progress=False)
        assert not report.failed, report.failed
        build_index(settings, store, embedder, progress=False)
    finally:
        store.close()
    return settings


@pytest.fixture(scope="session")
def fresh_minutes() -> bytes:
    """Valid minutes never stored by any fixture: a sample file moved 40 years later."""
    text = (SAMPLE_DIR / "seeds" / "003_4fd378ccd193ba1d.txt").read_text(encoding="utf-8")
    return shifted_minutes(text, 40).encode("utf-8")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for heading, lines in REPORT.items():
        terminalreporter.section(heading)
        for line in lines:
            terminalreporter.write_line(line)
