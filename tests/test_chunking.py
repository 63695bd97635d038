"""Chunking: one chunk per paragraph, sentence-aligned splits that keep exact offsets, a context header."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from protokollet.index.chunking import chunk_header, chunk_paragraph, split_offsets, swedish_date
from protokollet.index.embed.embedder import Embedder
from protokollet.models import DocType, ParagraphContext

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def words(text: str) -> int:
    """A stand-in tokenizer for the pure tests: one token per word plus two specials."""
    return len(text.split()) + 2


def context(text: str, **overrides: object) -> ParagraphContext:
    fields: dict[str, object] = {
        "paragraph_id": "p1",
        "text": text,
        "start": 100,
        "end": 100 + len(text),
        "item_id": "i1",
        "item_number": "§ 231",
        "item_title": "Yttrande över remissen Bättre information om hyresbostäder",
        "case_number": "SLK-2024-00074",
        "meeting_id": "m1",
        "body": "Kommunstyrelsen",
        "municipality": "Göteborgs Stad",
        "date": dt.date(2024, 3, 20),
        "doc_type": DocType.PROTOKOLL,
        "document_id": "d1",
        "source_path": "x.txt",
    }
    fields.update(overrides)
    return ParagraphContext.model_validate(fields)


def long_sample_paragraph() -> str:
    """The longest blank-line-separated block of real sample text."""
    blocks = [
        " ".join(block.split())
        for path in sorted(SAMPLE.glob("*/*.txt"))
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    ]
    return max(blocks, key=len)


def test_swedish_date_uses_month_words() -> None:
    assert swedish_date(dt.date(2024, 3, 20)) == "20 mars 2024"
    assert swedish_date(dt.date(2025, 6, 1)) == "1 juni 2025"


def test_short_paragraph_is_one_chunk_with_its_item_as_context() -> None:
    paragraph = context("Beslut: Bifall.")
    [chunk] = chunk_paragraph(paragraph, words, max_tokens=512)
    assert (chunk.start, chunk.end) == (0, len(paragraph.text))
    assert chunk.chunk_id == "p1#0" and chunk.paragraph_id == "p1"
    for expected in (
        "Kommunstyrelsen",
        "Göteborgs Stad",
        "2024-03-20",
        "20 mars 2024",
        "§ 231",
        "hyresbostäder",
        "SLK-2024-00074",
    ):
        assert expected in chunk.text_for_embedding
        assert expected in chunk.text_for_lexical
    assert chunk.text_for_embedding.endswith("\n\nBeslut: Bifall.")


def test_header_leaves_out_what_is_unknown() -> None:
    header = chunk_header(
        context("Text.", body=None, municipality=None, date=None, case_number=None, doc_type=DocType.OKAND)
    )
    assert header == "§ 231 Yttrande över remissen Bättre information om hyresbostäder"


def test_long_paragraph_splits_on_sentences_within_budget_with_exact_offsets() -> None:
    sentences = [f"Mening nummer {n} handlar om ärende {n} och dess beslut." for n in range(60)]
    text = " ".join(sentences)
    paragraph = context(text)
    chunks = chunk_paragraph(paragraph, words, max_tokens=80)
    assert len(chunks) > 1
    header_tokens = words(chunk_header(paragraph) + "\n\n")
    covered: set[int] = set()
    for chunk in chunks:
        piece = text[chunk.start : chunk.end]
        assert chunk.text_for_embedding.endswith(piece)
        assert words(piece) <= 80 - header_tokens
        assert piece.startswith("Mening") and piece.endswith(".")  # whole sentences only
        covered.update(range(chunk.start, chunk.end))
    assert [c.chunk_id for c in chunks] == [f"p1#{n}" for n in range(len(chunks))]
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


def test_split_offsets_returns_whole_text_when_it_fits() -> None:
    assert split_offsets("En kort mening.", words, 50) == [(0, 15)]


@pytest.mark.slow
def test_real_tokenizer_keeps_every_chunk_inside_the_model_window(embedder: Embedder) -> None:
    text = long_sample_paragraph()
    assert embedder.count_tokens(text) > embedder.max_tokens  # the sample must need splitting
    chunks = chunk_paragraph(context(text), embedder.count_tokens, embedder.max_tokens)
    assert len(chunks) > 1
    for chunk in chunks:
        assert embedder.count_tokens(chunk.text_for_embedding) <= embedder.max_tokens
        assert chunk.text_for_embedding.endswith(text[chunk.start : chunk.end])
