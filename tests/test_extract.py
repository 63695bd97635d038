"""Reading files of every supported format, and refusing bad ones with a clear one-line reason."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from protokollet.errors import BadDocument, UnsupportedFormat
from protokollet.ingest.clean import clean_text
from protokollet.ingest.extract import extract_text

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


MakeFile = Callable[[list[str]], bytes]


def test_txt_utf8_and_cp1252() -> None:
    assert extract_text("§ 1 Mötet öppnas".encode(), "a.txt") == "§ 1 Mötet öppnas"
    assert extract_text("§ 1 Mötet öppnas".encode("cp1252"), "a.txt") == "§ 1 Mötet öppnas"
    assert extract_text("\ufeffBeslut".encode(), "a.TXT") == "Beslut"


def test_markdown_markup_removed_but_headings_and_front_matter_kept() -> None:
    """Bold marks go; heading marks and YAML front matter stay for the cleaner to read as structure."""
    raw = "---\nkommun: Lomma\n---\n## § 5 Budget\n\n**Beslut**\n\n---\n\nAntecknas."
    text = extract_text(raw.encode(), "m.md")
    assert text.split("\n")[:4] == ["---", "kommun: Lomma", "---", "## § 5 Budget"]
    assert "**" not in text and text.count("---") == 2
    cleaned = clean_text(text)
    assert cleaned.front_matter == {"kommun": "Lomma"}
    assert cleaned.text.split("\n")[0] == "§ 5 Budget" and cleaned.headings == {0: 2}


def test_html_keeps_blocks_as_lines() -> None:
    page = (
        "<html><head><title>x</title><style>p{}</style></head><body><h1>Protokoll</h1>"
        "<p>§ 1 Mötet &amp; <i>dagordningen</i></p><table><tr><td>2.</td><td>Val</td></tr></table>"
        "<script>var a = 1;</script></body></html>"
    )
    lines = [line for line in extract_text(page.encode(), "p.html").split("\n") if line]
    assert lines == ["Protokoll", "§ 1 Mötet & dagordningen", "2.\tVal"]


def test_pdf_text_from_corpus(make_pdf: MakeFile) -> None:
    lines = (SAMPLE / "seeds" / "004_f91937dbdf8dd34f.txt").read_text(encoding="utf-8").split("\n")
    text = extract_text(make_pdf([line.strip() for line in lines[:60]]), "m.pdf")
    assert "1. Mötet öppnades" in text
    assert "Tom Rymoen utsågs till justerare." in text


def test_docx_paragraphs_and_tables() -> None:
    document = docx.Document()
    document.add_paragraph("§ 1 Mötet öppnas")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "2.", "Val av justerare"
    table.cell(1, 0).text, table.cell(1, 1).text = "3.", "Dagordning"
    document.add_paragraph("Slut")
    buffer = io.BytesIO()
    document.save(buffer)
    lines = [line for line in extract_text(buffer.getvalue(), "p.docx").split("\n") if line]
    assert lines == ["§ 1 Mötet öppnas", "2.\tVal av justerare", "3.\tDagordning", "Slut"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\t\n", "blank.txt", "empty"),
        (b"\x00\x01\x02binary\x00", "x.txt", "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 4, "x.md", "binary"),
        (b"hello, not a pdf", "x.pdf", "not a PDF"),
        (b"PK\x03\x04 truncated zip", "x.docx", "docx"),
        (b"plain text", "x.docx", "not a Word"),
        (b"<html><body><script>x</script></body></html>", "x.html", "no text"),
    ],
)
def test_bad_documents(data: bytes, name: str, message: str) -> None:
    with pytest.raises(BadDocument) as caught:
        extract_text(data, name)
    text = str(caught.value)
    assert message in text and name in text and "\n" not in text


def test_truncated_and_empty_pdf(make_pdf: MakeFile) -> None:
    pdf = make_pdf(["§ 1 Mötet öppnas"])
    with pytest.raises(BadDocument, match=r"broken or truncated PDF|no text"):
        extract_text(pdf[: len(pdf) // 3], "cut.pdf")
    with pytest.raises(BadDocument, match="no text"):
        extract_text(make_pdf([""]), "blank.pdf")


@pytest.mark.parametrize("name", ["minutes.doc", "minutes.odt", "minutes", "bild.png"])
def test_unsupported_formats(name: str) -> None:
    with pytest.raises(UnsupportedFormat, match="unsupported format") as caught:
        extract_text(b"anything", name)
    assert ".pdf" in str(caught.value)


def test_pdf_without_poppler_falls_back_to_pypdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdftotext is preferred (measured, docs/evals.md); where it is not installed pypdf reads the file."""
    from protokollet.ingest import extract

    pdf = (
        Path(__file__).resolve().parents[1] / "data/corpus/nacka/ksvu-2021-02-09-protokoll.pdf"
    ).read_bytes()
    with_poppler = extract_text(pdf, "p.pdf")
    monkeypatch.setattr(extract, "PDFTOTEXT", "no-such-pdftotext")
    without = extract_text(pdf, "p.pdf")
    for text in (with_poppler, without):
        assert "Kommunstyrelsens verksamhetsutskott" in text and "KFKS 2021/1" in text
    assert with_poppler != without
