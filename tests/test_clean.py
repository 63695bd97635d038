"""Cleaning: HTML fragments, hyphenation, whitespace and running page headers."""

from __future__ import annotations

from pathlib import Path

from protokollet.ingest.clean import clean_text, dehyphenate, is_page_line, strip_html

SEEDS = Path(__file__).resolve().parents[1] / "data" / "sample" / "seeds"


def test_html_fragments_and_entities() -> None:
    raw = "<p>Growth &amp; <i>Kraftsamling</i> barn</p> <p>Nästa stycke&nbsp;här</p>"
    text = strip_html(raw)
    assert "<" not in text and "&amp;" not in text
    assert "Growth & Kraftsamling barn" in text
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[1].startswith("Nästa stycke")


def test_table_row_cells_stay_on_one_line() -> None:
    raw = "<p>7. Camilla Pettersson</p>\t<p>Growth – ett projekt</p> <p>Mer text</p>"
    lines = [line for line in strip_html(raw).split("\n") if line.strip()]
    assert lines == ["7. Camilla Pettersson\tGrowth – ett projekt", "Mer text"]


def test_dehyphenation_keeps_real_hyphens() -> None:
    assert dehyphenate("arbeta före-\nbyggande") == "arbeta förebyggande"
    assert dehyphenate("Hälso-\noch sjukvård") == "Hälso-\noch sjukvård"
    assert dehyphenate("internat 2024-08-\n29—2024-08-30") == "internat 2024-08-29—2024-08-30"
    assert dehyphenate("platsansvarig RF-\nSISU och") == "platsansvarig RF-SISU och"
    assert dehyphenate("Hälso- och sjukvård") == "Hälso- och sjukvård"


def test_page_lines() -> None:
    signature_boxes = ["Justerandes sign  Utdragsbestyrkande", "Ordförandes signatur | Justerandes signatur"]
    for line in ["3 (53)", "Sida 2 av 7", "Justerandes signatur", "- 4 -", "Sida 3", *signature_boxes]:
        assert is_page_line(line), line
    for line in ["5 Muntlig information", "2024-04-12", "Beslut", "Justerandes signatur lämnas senare"]:
        assert not is_page_line(line), line


def _page(n: int, body: str) -> str:
    return f"Kommunstyrelsen\n\nProtokoll nr 9\nSammanträdesdatum: 2024-03-20\n\n{body}\n\n{n} (4)\n"


def test_repeated_headers_removed_and_remembered() -> None:
    raw = "".join(
        _page(n, f"§ {n} Ärende nummer {n}\n\nBeslut\n\nAntecknas.\n\nInformationen noteras.")
        for n in range(1, 5)
    )
    cleaned = clean_text(raw)
    assert "Sammanträdesdatum" not in cleaned.text
    assert "Protokoll nr 9" not in cleaned.text
    assert "(4)" not in cleaned.text
    # Section headings and recurring decisions repeat too, but they are content.
    assert cleaned.text.count("Beslut") == 4
    assert cleaned.text.count("Antecknas.") == 4
    removed = {hit.line for hit in cleaned.headers}
    assert {"Kommunstyrelsen", "Protokoll nr 9", "Sammanträdesdatum: 2024-03-20"} <= removed
    for hit in cleaned.headers:
        assert 0 <= hit.pos <= len(cleaned.text)


def test_a_running_header_naming_a_compound_document_type_is_removed() -> None:
    # As on every page of data/newdev/brf-sjotungan/stamma-2024-06-04-protokoll.pdf.
    # (A page apart: a header recurs once a page, and a page holds more than a few lines.)
    page = "Styrelsen redogjorde för ärendet.\nFrågan diskuterades.\n\n"
    raw = "".join(
        f"BRF SJÖTUNGAN\nÅRSMÖTESPROTOKOLL år 2024\n\n§{n}. Punkt {n}\n{page}Stämman beslöt enhälligt.\n\n"
        for n in range(1, 5)
    )
    cleaned = clean_text(raw)
    assert "ÅRSMÖTESPROTOKOLL" not in cleaned.text and "BRF SJÖTUNGAN" not in cleaned.text
    assert cleaned.text.count("Stämman beslöt enhälligt.") == 4


def test_whitespace_normalised_and_blank_runs_collapsed() -> None:
    cleaned = clean_text("Rad ett  \u00a0med\u00ad mellanslag \r\n\r\n \n\n\nRad två\n")
    assert cleaned.text == "Rad ett med mellanslag\n\nRad två"


def test_real_seed_headers_removed() -> None:
    raw = (SEEDS / "001_9ff9e8eb64a94929.txt").read_text(encoding="utf-8")
    text = clean_text(raw).text
    lines = {line.strip() for line in text.split("\n")}
    assert "Mötesdatum" not in lines
    assert "Samverkansgrupp hälsa 2023 2024-04-12" not in lines
    assert "MINNESANTECKNINGAR" not in lines
    # Content that merely repeats stays.
    assert text.count("Informationen noteras.") >= 10


def test_a_wrapped_title_line_that_recurs_is_content_not_a_header() -> None:
    """data/newdev33's Lomma protocol wraps every election title before its end date: "Val av ...
    för tiden 2023-01-01 –" / "2026-12-31". Removed as a header, the date left the titles and, as a
    dated header after items, opened a meeting of its own."""
    raw = "".join(
        f"KOMMUNFULLMÄKTIGE SAMMANTRÄDESPROTOKOLL\nSammanträdesdatum\n2022-12-01\n\n"
        f"§ {n}\n\nVal av {n} ledamöter i nämnd {n} för tiden 2023-01-01 –\n2026-12-31\n\n"
        "Beslut\n\nValet förrättas.\n\n"
        for n in range(91, 96)
    )
    cleaned = clean_text(raw)
    assert cleaned.text.count("2026-12-31") == 5
    assert "Sammanträdesdatum" not in cleaned.text and "2022-12-01" not in cleaned.text
