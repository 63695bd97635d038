"""The Swedish lexical index: stemming, decompounding learned from the corpus, codes kept findable."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from protokollet.index.lexical import LexicalIndex, SwedishAnalyzer

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture(scope="module")
def sample_blocks() -> list[str]:
    """The real sample corpus as blank-line-separated blocks (a stand-in for stored paragraphs)."""
    return [
        block.strip()
        for path in sorted(SAMPLE.glob("*/*.txt"))
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        if block.strip()
    ]


@pytest.fixture(scope="module")
def analyzer(sample_blocks: list[str]) -> SwedishAnalyzer:
    return SwedishAnalyzer.learn(sample_blocks)


def test_inflections_share_a_stem_and_stop_words_are_dropped(analyzer: SwedishAnalyzer) -> None:
    assert analyzer.tokens("barnen") == analyzer.tokens("barn")
    assert analyzer.tokens("ungdomar") == analyzer.tokens("ungdom")
    assert analyzer.tokens("och att som för") == []


def test_codes_and_paragraph_signs_stay_findable(analyzer: SwedishAnalyzer) -> None:
    terms = analyzer.tokens("§ 231 Ärendenummer SLK-2024-00074, Dnr 0509/23 (RV240022)")
    assert "§231" in terms
    assert "slk-2024-00074" in terms
    assert "0509/23" in terms
    assert "rv240022" in terms
    assert analyzer.tokens("§231") == ["§231"]
    # A word after the number is not a letter suffix of the §: "§ 283 i kommunstyrelsen".
    assert "§283" in analyzer.tokens("Vad handlade § 283 i kommunstyrelsen?")


def test_compounds_are_split_into_known_corpus_words(analyzer: SwedishAnalyzer) -> None:
    terms = analyzer.tokens("folkhälsoarbetet")
    assert analyzer.tokens("folkhälsa")[0] in terms
    assert analyzer.tokens("arbete")[0] in terms
    # A word whose would-be parts are not corpus words is left alone.
    assert analyzer.compound_parts("qwxzyvbnmkl") == []


def test_queries_split_only_compounds_the_corpus_does_not_know(analyzer: SwedishAnalyzer) -> None:
    known = analyzer.tokens("kommunstyrelsen", query=True)
    assert known == [analyzer.stem("kommunstyrelsen")]
    assert len(analyzer.tokens("kommunstyrelsen")) > 1  # documents keep the parts
    unknown = analyzer.tokens("folkhälsomötet", query=True)
    assert analyzer.tokens("folkhälsa")[0] in unknown


def test_decompounding_lets_a_simple_word_find_its_compounds(sample_blocks: list[str]) -> None:
    with_parts = LexicalIndex.build(sample_blocks, decompound=True)
    without_parts = LexicalIndex.build(sample_blocks, decompound=False)

    def found(index: LexicalIndex, query: str) -> set[str]:
        return {sample_blocks[position] for position, _ in index.search(query, k=len(sample_blocks))}

    # "arbetet" as a word of its own must not be what matches, so ask for the compound's first part.
    compound_only = {block for block in found(with_parts, "folkhälsa") if "folkhälsa" not in block.lower()}
    assert any("folkhälsoarbetet" in block.lower() for block in compound_only)
    assert not found(without_parts, "folkhälsa") & compound_only


def test_index_round_trip_and_mask(tmp_path: Path, sample_blocks: list[str]) -> None:
    index = LexicalIndex.build(sample_blocks)
    hits = index.search("SLK-2024-00074", k=5)
    assert hits and "SLK-2024-00074" in sample_blocks[hits[0][0]]
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded.search("SLK-2024-00074", k=5) == hits

    allowed = np.ones(len(sample_blocks), dtype=bool)
    allowed[[position for position, _ in hits]] = False
    assert all(allowed[position] for position, _ in loaded.search("SLK-2024-00074", k=5, allowed=allowed))
    assert loaded.search("ordetfinnsinte", k=5) == []
