"""Citation verification and sentence spans, on paragraphs parsed and stored from the sample corpus."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest

from protokollet.ingest.parse import parse_document
from protokollet.models import ParagraphContext
from protokollet.service.sentences import display, split_sentences
from protokollet.service.verify import cite, find_quote, is_verbatim, verify_citations
from protokollet.store.sqlite import SqliteStore

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "goteborg"


@pytest.fixture(scope="module")
def stored_paragraphs(tmp_path_factory: pytest.TempPathFactory) -> list[ParagraphContext]:
    """Every paragraph of one real protocol, parsed and stored as ingest would."""
    path = SAMPLE / "goteborg_kommunstyrelsen_2024-03-20.txt"
    text = path.read_text(encoding="utf-8")
    document = parse_document(text, source_path=str(path), sha256=hashlib.sha256(text.encode()).hexdigest())
    with SqliteStore(tmp_path_factory.mktemp("verify") / "store.sqlite3") as store:
        store.save_document(document)
        return list(store.paragraphs())


def _long_paragraph(paragraphs: list[ParagraphContext]) -> ParagraphContext:
    return next(p for p in paragraphs if len(split_sentences(p.text)) >= 2 and "\n" in p.text)


def test_sentence_spans_are_verbatim_slices_in_order(stored_paragraphs: list[ParagraphContext]) -> None:
    for paragraph in stored_paragraphs:
        spans = split_sentences(paragraph.text)
        assert spans, paragraph.text
        for span, following in itertools.pairwise(spans):
            assert span.end <= following.start
        for span in spans:
            sentence = paragraph.text[span.start : span.end]
            assert sentence == sentence.strip() and sentence


def test_sentence_split_keeps_abbreviations_and_splits_list_points() -> None:
    text = (
        "Ärendet gäller bl.a. arvoden t.ex. för ordförande. Beslutet:\n"
        "1. Förslaget bifalls.\n2. Ärendet avslutas den 10 april 2024. Nästa möte"
    )
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "Ärendet gäller bl.a. arvoden t.ex. för ordförande.",
        "Beslutet:",
        "1. Förslaget bifalls.",
        "2. Ärendet avslutas den 10 april 2024.",
        "Nästa möte",
    ]


def test_cite_places_quote_in_paragraph_and_document(
    stored_paragraphs: list[ParagraphContext], tmp_path: Path
) -> None:
    paragraph = _long_paragraph(stored_paragraphs)
    span = split_sentences(paragraph.text)[1]
    citation = cite(paragraph, span.start, span.end)
    document = (SAMPLE / "goteborg_kommunstyrelsen_2024-03-20.txt").read_text(encoding="utf-8")
    cleaned = parse_document(document, source_path="x", sha256="x").text
    assert is_verbatim(citation, paragraph.text, cleaned)
    assert citation.item_number == paragraph.item_number and citation.body == paragraph.body
    with pytest.raises(ValueError):
        cite(paragraph, 0, len(paragraph.text) + 1)


def test_find_quote_accepts_only_verbatim_text_up_to_whitespace(
    stored_paragraphs: list[ParagraphContext],
) -> None:
    paragraph = _long_paragraph(stored_paragraphs)
    wrapped = paragraph.text[: paragraph.text.index("\n") + 20]
    # A model that unwraps the PDF's hard line breaks still cites the paragraph's own characters.
    found = find_quote(paragraph, display(wrapped))
    assert found is not None and found.quote == wrapped.strip()
    assert find_quote(paragraph, wrapped.upper()) is None  # re-cased: not verbatim
    assert find_quote(paragraph, "Kommunstyrelsen beslutar att bevilja 5 miljarder kronor.") is None
    assert find_quote(paragraph, paragraph.text[:5]) is None  # too short to prove anything


def test_verify_citations_drops_altered_quotes(stored_paragraphs: list[ParagraphContext]) -> None:
    paragraph = _long_paragraph(stored_paragraphs)
    span = split_sentences(paragraph.text)[0]
    good = cite(paragraph, span.start, span.end)
    altered = good.model_copy(update={"quote": good.quote.replace(good.quote[0], "X", 1)})
    shifted = good.model_copy(update={"start": good.start + 1, "end": good.end + 1})
    unknown = good.model_copy(update={"paragraph_id": "no-such-paragraph"})
    result = verify_citations(
        [good, altered, shifted, unknown], {p.paragraph_id: p for p in stored_paragraphs}
    )
    assert result.kept == [good]
    assert len(result.dropped) == 3
