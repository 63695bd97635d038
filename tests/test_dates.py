"""Dates as Swedish minutes print them, and which of them count as a meeting date."""

from __future__ import annotations

import datetime as dt

import pytest

from protokollet.ingest.dates import find_dates, header_date, labelled_date, parse_date, standalone_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-14", D(2024, 6, 14)),
        ("14 juni 2024", D(2024, 6, 14)),
        ("den 6 september 2023", D(2023, 9, 6)),
        ("Fredag 21 mars 2025 kl 9-12", D(2025, 3, 21)),
        ("torsdagen den 27 juni 2023, klockan 16:00", D(2023, 6, 27)),
        ("3 okt. 2024", D(2024, 10, 3)),
        ("internat 2024-08-29—2024-08-30", D(2024, 8, 29)),
        ("250403", None),  # a signature date, not a meeting date
        ("16/5 12/9 och 21/11", None),
        ("2024-02-30", None),  # no such day
        ("Sammanträdesdatum 2025: 16/5", None),
        ("12.03.2024", D(2024, 3, 12)),  # day first, with the year
        ("12/3 2024", D(2024, 3, 12)),
        ("12/3/2024", D(2024, 3, 12)),
        ("2024.03.12", D(2024, 3, 12)),
        ("enligt avsnitt 3.1 2024 års budget", None),  # a section number
        ("Dnr KS 2024/123", None),
        ("31.02.2024", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Datum: 2024-06-14", D(2024, 6, 14)),
        ("Sammanträdesdatum: 2023-06-19", D(2023, 6, 19)),
        ("Mötesdatum 2024-04-12", D(2024, 4, 12)),
        ("Tid: Fredag 21 mars 2025 kl 9-12 kl 11-12 gemensamt möte", D(2025, 3, 21)),
        (" 2024-04-12 ", D(2024, 4, 12)),
        ("Onsdag 8 maj 2024", D(2024, 5, 8)),
        # Dates inside running text are not the meeting's date.
        ("Nästa sammanträde ska äga rum fredagen den 6 september 2024 kl 09.00.", None),
        ("Bordlagt den 6 mars 2024, § 185.", None),
        ("Justerade: Jari Mehtäläinen 250403", None),
        ("Mötesdatum", None),
    ],
)
def test_header_date(line: str, expected: dt.date | None) -> None:
    assert header_date(line) == expected


def test_labelled_and_standalone_are_distinct() -> None:
    assert labelled_date("2024-06-14") is None
    assert standalone_date("Datum: 2024-06-14") is None
    assert labelled_date("Tid: kl. 09:00-12:00") is None


def test_find_dates_reports_spans() -> None:
    text = "Protokoll 2024-08-21 och den 6 mars 2024."
    found = find_dates(text)
    assert [m.date for m in found] == [D(2024, 8, 21), D(2024, 3, 6)]
    assert [text[m.start : m.end] for m in found] == ["2024-08-21", "6 mars 2024"]
