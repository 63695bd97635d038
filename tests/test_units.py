"""Unit tests of small pure pieces: rank fusion (index/fusion.py), agenda-item structure
(ingest/structure.py) and the threshold choice of the calibration (evals/calibrate.py).

Lines and case numbers are as they occur in the corpus's minutes; no model or index is needed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from protokollet.evals.calibrate import Cut, best_threshold
from protokollet.index.fusion import min_max, ranked, reciprocal_rank_fusion, weighted_sum
from protokollet.ingest.structure import (
    case_number_line,
    doc_type_line,
    find_case_number,
    item_start,
    longest_sequence,
    section_kind,
)
from protokollet.models import DocType

# -- fusion -----------------------------------------------------------------------------------------


def test_rrf_rewards_agreement_and_needs_no_score_scale() -> None:
    scores = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], k=60)
    assert ranked(scores)[0] == "b"  # second and first beats first alone
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert set(scores) == {"a", "b", "c", "d"}


def test_weighted_sum_normalises_each_ranking_and_counts_absence_as_zero() -> None:
    dense = {"a": 0.9, "b": 0.5}
    lexical = {"b": 12.0, "c": 3.0}
    assert min_max(lexical) == {"b": 1.0, "c": 0.0}
    assert min_max({"x": 2.0, "y": 2.0}) == {"x": 1.0, "y": 1.0}
    fused = weighted_sum(dense, lexical, dense_weight=0.5)
    assert fused == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.0})
    assert ranked(weighted_sum(dense, lexical, dense_weight=1.0))[0] == "a"
    with pytest.raises(ValueError, match="dense_weight"):
        weighted_sum(dense, lexical, dense_weight=1.5)


def test_ranking_ties_keep_insertion_order() -> None:
    assert ranked({"x": 1.0, "y": 2.0, "z": 1.0}) == ["y", "x", "z"]


# -- structure --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("§ 12 Val av justerare", 12),
        ("§ 244 (Motion av Kristina Bergman Alme (L) om stöd till brottsoffer)", 244),
        ("Ärende 2 Budget 2025", 2),
        ("7. Redovisning av uppdrag", 7),
        # A scanned protocol's "§" as OCR read it (data/newdev/brf-imatra).
        ("& 1. Stämmans öppnande", 1),
        ("$& 10. Beslut om fastställande av resultat- och balansräkningen", 10),
        ("8 7. Fråga om kallelse behörigen skett", 7),
        ("§1. Föreningsstämmans öppnande", 1),
    ],
)
def test_item_openings_are_recognised(line: str, number: int) -> None:
    start = item_start(line, 0)
    assert start is not None and start.number == number


@pytest.mark.parametrize(
    "line",
    [
        "§ 150 och den 6 mars beslutade nämnden",
        "0. Inledning",
        "12 345 kronor",
        "8 10 Miljoner kronor",
        "§ 541.",
    ],
)
def test_references_in_running_text_open_no_item(line: str) -> None:
    assert item_start(line, 0) is None


def test_the_item_run_skips_numbered_lists_inside_items() -> None:
    lines = ["§ 5 Budget", "1. Styrning och ledning", "2. Uppföljning", "§ 6 Motion", "§ 7 Anmälan"]
    starts = [s for i, line in enumerate(lines) if (s := item_start(line, i)) is not None]
    assert [s.number for s in longest_sequence([s for s in starts if s.sign], max_step=3)] == [5, 6, 7]


def test_a_sentence_that_starts_with_a_document_type_is_no_heading() -> None:
    assert doc_type_line("Kallelse till sammanträde med kommunstyrelsen") == DocType.KALLELSE
    assert doc_type_line("Protokoll fört vid ordinarie föreningsstämma") == DocType.PROTOKOLL
    assert doc_type_line("Kallelse till stämman hade anslagits på föreningens anslagstavlor.") is None
    # Sjötungan's protocol lists its paragraphs under a lead-in; a bare "Dagordning:" is still a heading.
    assert doc_type_line("Dagordning för stämman, paragraferna: ") is None
    assert doc_type_line("Dagordning:") == DocType.KALLELSE


def test_section_headings_and_case_numbers() -> None:
    assert section_kind("Beslut") == "decision"
    assert section_kind("Kommunstyrelsens beslut") == "decision"
    assert section_kind("Förslag till beslut") == "proposal"
    assert section_kind("Kommunstyrelsen beslutar att godkänna avtalet med Ngs Group AB.") is None
    # Background, papers and an earlier body's proposal after the decision end its section.
    for heading in (
        "Ärende",
        "Handlingar i ärendet",
        "Ärendets tidigare behandling",
        "Beslutet expedieras till:",
    ):
        assert section_kind(heading) == "other"
    assert case_number_line("Dnr KS 2024/12") == "KS 2024/12"
    assert case_number_line("Bun/2019:49   600") == "Bun/2019:49"
    found = find_case_number("Ärendenummer: SLK-2024-00601")
    assert found is not None and "SLK-2024-00601" in found


# -- calibration ------------------------------------------------------------------------------------


def test_the_threshold_is_the_middle_of_the_best_run() -> None:
    cuts = [
        Cut(0.40, 0.90, 0.60),
        Cut(0.42, 0.88, 0.80),  # balanced 0.84
        Cut(0.44, 0.86, 0.82),  # 0.84
        Cut(0.46, 0.80, 0.88),  # 0.84
        Cut(0.48, 0.70, 0.90),
    ]
    assert cuts[1].balanced_accuracy == pytest.approx(0.84)
    assert best_threshold(cuts) == 0.44
    # With the target abstention: the lowest threshold that reaches it, though it answers less.
    assert best_threshold(cuts, 0.88) == 0.46
    assert best_threshold(cuts, 0.95) == 0.44  # none reaches it: the best balanced accuracy


def test_vector_rows_read_by_pread_or_one_mapping_equal_the_matrix(tmp_path: Path) -> None:
    """The serving index reads rescoring rows from vectors.npy without keeping them mapped (issue 22)."""
    from protokollet.index.dense import PREAD_MAX_ROWS, VectorRows

    matrix = np.random.default_rng(3).standard_normal((2 * PREAD_MAX_ROWS + 7, 8)).astype(np.float32)
    np.save(tmp_path / "vectors.npy", matrix)
    rows = VectorRows(tmp_path / "vectors.npy")
    few = np.array([5, 0, len(matrix) - 1, 5])
    many = np.arange(len(matrix))[::-1]
    assert len(rows) == len(matrix)
    assert np.array_equal(rows[few], matrix[few])
    assert len(many) > PREAD_MAX_ROWS and np.array_equal(rows[many], matrix[many])


def test_paragraph_table_opens_from_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo serves `data/index` relative to the repository: the read-only URI must still be valid."""
    from protokollet.index.paragraph_table import ParagraphTable, write_paragraph_table
    from protokollet.models import ParagraphContext

    context = ParagraphContext(
        paragraph_id="p1", text="Ärendet bordläggs.", start=0, end=18, item_id="i", item_number="§ 1",
        meeting_id="m", document_id="d", source_path="protokoll.md",
    )  # fmt: skip
    (tmp_path / "v").mkdir()
    write_paragraph_table(tmp_path / "v", [context])
    monkeypatch.chdir(tmp_path)
    table = ParagraphTable(Path("v") / "paragraphs.sqlite")
    try:
        assert table.contexts(["p1", "missing"]) == {"p1": context}
        assert table.ids_of_rows([0]) == ["p1"]
    finally:
        table.close()
