"""`protokollet bench` at corpus size plus a small synthetic size: every section is present and sane.

No timing is asserted (benchmarks print figures; the machine is shared); what is checked is that the
figures exist, are positive where they must be, and that recall and the synthetic data are what the
method says they are.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from protokollet.bench.postgres_bench import PROBES_SWEEP, ensure_filled
from protokollet.bench.report import BenchReport
from protokollet.bench.run import parse_size
from protokollet.bench.search_bench import MODES
from protokollet.cli import app
from protokollet.errors import DatabaseUnavailable, InvalidQuery
from protokollet.index.dense import FLAT, IVF
from protokollet.index.snapshot import load_snapshot
from protokollet.settings import Settings, get_settings

SYNTHETIC = 5000
QUESTIONS = 8


@pytest.fixture(scope="module")
def bench_run(
    indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Path]]:
    """One run of the command: (JSON written, cache dir). Exact search up to 1000 vectors, so the
    synthetic size gets the approximate index and recall@10 is measured."""
    tmp = tmp_path_factory.mktemp("bench")
    out, cache = tmp / "bench.json", tmp / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROTOKOLLET_DATA_DIR", str(indexed_settings.data_dir))
        patch.setenv("PROTOKOLLET_EXACT_INDEX_MAX", "1000")
        get_settings.cache_clear()
        result = CliRunner().invoke(
            app,
            [
                "bench", "--sizes", f"corpus,{SYNTHETIC}", "--out", str(out), "--cache-dir", str(cache),
                "--questions", str(QUESTIONS), "--backends", "torch", "--embed-passages", "16",
                "--no-progress", "--markdown", str(tmp / "bench.md"),
            ],
        )  # fmt: skip
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "Search latency" in result.output and f"Wrote {out}" in result.output
    assert "| 5000 | 5,000 | IndexIVFScalarQuantizer | hybrid |" in (tmp / "bench.md").read_text(
        encoding="utf-8"
    )
    yield out, cache


@pytest.fixture(scope="module")
def report(bench_run: tuple[Path, Path]) -> BenchReport:
    return BenchReport.model_validate(json.loads(bench_run[0].read_text(encoding="utf-8")))


def test_parse_size() -> None:
    assert parse_size("corpus") is None
    assert parse_size("100k") == 100_000
    assert parse_size("1M") == 1_000_000
    assert parse_size("2500") == 2500
    for bad in ("", "lots", "-5", "0", "1g"):
        with pytest.raises(InvalidQuery):
            parse_size(bad)


def test_machine_ingest_and_build_sections(report: BenchReport, indexed_settings: Settings) -> None:
    assert report.machine.cores >= 1 and report.machine.cpu_model
    assert report.ingest is not None
    assert report.ingest.files == 13 and report.ingest.paragraphs > 3000
    assert report.ingest.paragraphs_per_s > 0 and report.ingest.megabytes > 0
    snapshot = load_snapshot(indexed_settings.resolved_index_dir, indexed_settings.model)
    assert report.build is not None
    assert report.build.embedded == 0  # every vector reused: the build time excludes embedding
    assert report.build.chunks == len(snapshot.chunks)
    assert report.build.seconds > 0


def test_embedding_section_has_the_baseline_or_says_why_not(report: BenchReport) -> None:
    if report.embedding:
        baseline = report.embedding[0]
        assert baseline["ratio_to_baseline"] == pytest.approx(1.0)
        assert baseline["mean_cosine"] == pytest.approx(1.0, abs=1e-4)
        assert baseline["passages_per_s"] > 0
    else:
        assert "not measured" in report.embedding_note


def test_corpus_size_measures_every_mode_end_to_end(report: BenchReport, indexed_settings: Settings) -> None:
    corpus = report.sizes[0]
    assert corpus.label == "corpus" and corpus.synthetic is None
    m = corpus.measurement
    assert m.paragraphs == len(
        load_snapshot(indexed_settings.resolved_index_dir, indexed_settings.model).paragraphs
    )
    assert [row.mode for row in m.search] == ["dense", "lexical", "hybrid", "ask"]
    for row in m.search:
        assert row.latency.calls == QUESTIONS
        assert 0 < row.latency.p50_ms <= row.latency.p95_ms <= row.latency.p99_ms
        assert row.includes_query_embedding == (row.mode != "lexical")
    assert m.query_embedding is not None and m.query_embedding.p50_ms > 0
    assert m.memory.faiss_bytes > 0 and m.memory.bm25_bytes > 0
    assert m.dense[0].index.startswith("exact") and m.dense[0].recall_at_10 == 1.0


def test_synthetic_size_is_distinct_paragraphs_with_calibrated_noise(
    report: BenchReport, bench_run: tuple[Path, Path], indexed_settings: Settings
) -> None:
    size = report.sizes[1]
    assert size.label == str(SYNTHETIC)
    build = size.synthetic
    assert build is not None and build.paragraphs == SYNTHETIC and build.copies == 2
    assert build.noise_sigma > 0
    assert build.copy_cosine_median == pytest.approx(build.corpus_nn_cosine_median, abs=0.005)
    m = size.measurement
    assert m.paragraphs == SYNTHETIC and m.index_type == IVF
    for row in m.search:
        if row.mode in ("dense", "hybrid"):
            assert row.recall_at_10 is not None and 0.5 <= row.recall_at_10 <= 1.0
        assert not row.includes_query_embedding
    assert {d.index.split(" ")[0] for d in m.dense} >= {"exact", "HNSW32"}
    assert any("(default)" in d.index for d in m.dense)
    assert all(0 <= d.recall_at_10 <= 1 for d in m.dense)
    # The synthetic index is a real snapshot: copies are distinct paragraphs with their own metadata.
    ann = next(bench_run[1].glob("synthetic/*/ann/index"))
    snapshot = load_snapshot(ann, indexed_settings.model)
    assert len(snapshot.paragraphs) == SYNTHETIC and snapshot.manifest.faiss_index_type == IVF
    copies = [c for c in snapshot.paragraphs.values() if c.paragraph_id.endswith("~1")]
    assert len(copies) == SYNTHETIC - build.source_paragraphs
    original = snapshot.paragraphs[copies[0].paragraph_id.removesuffix("~1")]
    assert copies[0].text == original.text
    assert copies[0].municipality != original.municipality and copies[0].meeting_id != original.meeting_id
    exact = next(bench_run[1].glob("synthetic/*/exact/index"))
    assert load_snapshot(exact, indexed_settings.model).manifest.faiss_index_type == FLAT


def test_targets_are_checked(report: BenchReport) -> None:
    names = {target.name for target in report.targets}
    assert "ask on the shared corpus" in names


def test_a_bad_size_is_refused_before_anything_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "--sizes", "corpus,lots", "--out", str(tmp_path / "x.json")])
    assert result.exit_code != 0 and isinstance(result.exception, InvalidQuery)
    assert not (tmp_path / "x.json").exists()


def test_postgres_section_measures_the_same_data_and_fills_once(
    bench_run: tuple[Path, Path], indexed_settings: Settings, postgres_url: str, tmp_path: Path
) -> None:
    """`--postgres`: corpus and the cached synthetic size, each in its own database holding the embedded
    bench's data (lexical search, scored alike on both, finds the same paragraphs); a second run refills
    nothing."""
    import psycopg

    from protokollet.store.pgschema import redact
    from protokollet.store.postgres import PostgresStore

    out, cache = tmp_path / "pg.json", bench_run[1]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROTOKOLLET_DATA_DIR", str(indexed_settings.data_dir))
        patch.setenv("PROTOKOLLET_EXACT_INDEX_MAX", "1000")  # the synthetic size cached by `bench_run`
        get_settings.cache_clear()
        result = CliRunner().invoke(
            app,
            [
                "bench", "--sizes", f"corpus,{SYNTHETIC}", "--only-search", "--postgres", postgres_url,
                "--out", str(out), "--cache-dir", str(cache), "--questions", str(QUESTIONS), "--no-progress",
            ],
        )  # fmt: skip
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "PostgreSQL IVFFlat alone" in result.output
    report = BenchReport.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert report.ingest is None and report.build is None  # --only-search
    assert [p.label for p in report.postgres] == ["corpus", str(SYNTHETIC)]
    corpus = load_snapshot(indexed_settings.resolved_index_dir, indexed_settings.model)
    ann = next(cache.glob(f"synthetic/{SYNTHETIC}-*/ann/index"))
    synthetic = load_snapshot(ann, indexed_settings.model)
    urls = []
    for measured, snapshot_dir, snapshot in zip(
        report.postgres, (None, ann), (corpus, synthetic), strict=True
    ):
        fill = measured.fill
        assert not fill.reused and fill.vector_index_seconds > 0 and measured.vector_index_used
        assert fill.vector_index.startswith("ivfflat lists ")
        assert (fill.paragraphs, fill.chunks) == (len(snapshot.paragraphs), len(snapshot.chunks))
        # A second run finds the database filled with the same data and fills nothing.
        url, again = ensure_filled(indexed_settings, postgres_url, measured.label, snapshot_dir)
        assert again.reused and again.model_copy(update={"reused": False}) == fill
        assert redact(url) == fill.database
        urls.append(url)
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM chunks").fetchone() == (len(snapshot.chunks),)
        assert [row.mode for row in measured.search] == list(MODES)
        for row in measured.search:
            assert row.latency.calls == row.embedded_latency.calls == QUESTIONS
            assert row.latency.p50_ms > 0 and row.embedded_latency.p50_ms > 0
            assert 0 <= row.recall_vs_embedded <= 1
            assert (row.recall_with_ties is None) == (row.mode == "hybrid")
        lexical = next(row for row in measured.search if row.mode == "lexical")
        assert lexical.recall_with_ties is not None and lexical.recall_with_ties >= 0.99  # scored alike
        assert {h.probes for h in measured.vector_index} >= set(PROBES_SWEEP)
        assert sum(h.configured for h in measured.vector_index) == 1
        assert all(0 <= h.recall_at_10 <= 1 and h.latency.p50_ms > 0 for h in measured.vector_index)
    assert all(row.recall_vs_embedded > 0.8 for row in report.postgres[0].search)
    # IVFFlat's lists come from a sampled k-means, so recall at few probes varies from build to build (20
    # of ~116 lists at corpus size has measured both sides of 0.8); at the configured probes it is high,
    # and probing more lists can only find more of the exact top 10.
    sweep = sorted(report.postgres[0].vector_index, key=lambda h: h.probes)
    assert all(h.recall_at_10 > 0.8 for h in sweep if h.configured)
    assert all(a.recall_at_10 <= b.recall_at_10 + 1e-9 for a, b in itertools.pairwise(sweep))
    # Copies are stored as `copy_context` makes them: the paragraphs PostgreSQL returns are the snapshot's.
    copies = [pid for pid in synthetic.paragraphs if pid not in corpus.paragraphs][::50]
    store = PostgresStore(urls[1])
    try:
        assert {c.paragraph_id: c for c in store.paragraphs(copies)} == {
            pid: synthetic.paragraphs[pid] for pid in copies
        }
    finally:
        store.close()


@pytest.mark.parametrize("url", ["http://localhost/db", "postgresql://nobody@/db?host=/nonexistent"])
def test_a_bad_postgres_url_is_refused_before_anything_runs(url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "--postgres", url, "--out", str(tmp_path / "x.json")])
    assert result.exit_code != 0 and isinstance(result.exception, DatabaseUnavailable)
    assert "\n" not in str(result.exception).strip()
    assert not (tmp_path / "x.json").exists()
