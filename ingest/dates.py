"""Dates as Swedish minutes write them: "2024-06-14", "14 juni 2024", "Fredag 21 mars 2025", "14.06.2024".

A meeting date is only taken from header-like lines (a date standing alone, or after a label such as
"Datum:" or "Sammanträdesdatum:"), because running text is full of other dates ("bordlagt den
6 mars 2024", "justeras den 27 juni"). Compact forms such as "250403" are never read as dates: in
minutes they are signature dates, case numbers or phone fragments.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from protokollet.swedish import MONTH_NAMES

#: Abbreviations minutes write besides the full names, by month number.
_ABBREVIATIONS: dict[int, tuple[str, ...]] = {
    1: ("jan",),
    2: ("feb",),
    3: ("mar",),
    4: ("apr",),
    6: ("jun",),
    7: ("jul",),
    8: ("aug",),
    9: ("sept", "sep"),
    10: ("okt",),
    11: ("nov",),
    12: ("dec",),
}
#: Month word (full name or abbreviation, lower case) → month number.
MONTHS: dict[str, int] = {
    word: number
    for number, name in enumerate(MONTH_NAMES, start=1)
    for word in (name, *_ABBREVIATIONS.get(number, ()))
}
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(WEEKDAYS)
_ISO = r"(?<![\d.-])(?P<y>(?:19|20)\d\d)(?P<sep>[-.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d])"
_WRITTEN = rf"(?<!\d)(?P<wd>[0-3]?\d)(?::e|:a)?\.?\s+(?P<wm>{_MONTH_ALT})\.?,?\s+(?P<wy>(?:19|20)\d\d)(?!\d)"
# Day first with the year: "12.03.2024", "12/3 2024", "12/3/2024" (never "3.1 2024": a section number).
_NUMERIC = (
    r"(?<![\d./-])(?P<nd>[0-3]?\d)(?:\.(?P<nm>[01]?\d)\.|/(?P<sm>[01]?\d)[/ ])(?P<ny>(?:19|20)\d\d)(?!\d)"
)
DATE_RE = re.compile(rf"{_ISO}|{_WRITTEN}|{_NUMERIC}", re.IGNORECASE)

# Labels that introduce the meeting's own date in a header ("Tid: Fredag 21 mars 2025 kl 9-12").
_LABELS = (
    r"sammanträdesdatum|sammanträdesdag|mötesdatum|mötesdag|datum och tid|plats och tid|"
    r"tid och plats|datum|tid|sammanträde|dag|mötestid"
)
_LABELLED_RE = re.compile(rf"^\s*(?:{_LABELS})\s*:?\s+(?P<rest>.+)$", re.IGNORECASE)
_STANDALONE_RE = re.compile(
    rf"^\s*(?:(?:{_WEEKDAY_ALT})(?:en)?\s+)?(?:den\s+)?(?P<date>.+?)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text, with its character span."""

    date: dt.date
    start: int
    end: int


def _build(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every valid ISO, written or day-first numeric date in `text`, in order (invalid days are skipped)."""
    found: list[DateMatch] = []
    for m in DATE_RE.finditer(text):
        if m.group("y"):
            date = _build(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        elif m.group("wy"):
            date = _build(int(m.group("wy")), MONTHS[m.group("wm").lower()], int(m.group("wd")))
        else:
            date = _build(int(m.group("ny")), int(m.group("nm") or m.group("sm")), int(m.group("nd")))
        if date is not None:
            found.append(DateMatch(date, m.start(), m.end()))
    return found


def parse_date(text: str) -> dt.date | None:
    """The first date in `text`, or None ("250403" and "6/5" are not dates here)."""
    dates = find_dates(text)
    return dates[0].date if dates else None


def standalone_date(line: str) -> dt.date | None:
    """The date when the line is nothing but a date (optionally with weekday / "den")."""
    m = _STANDALONE_RE.match(line)
    if not m:
        return None
    inner = m.group("date")
    dates = find_dates(inner)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(inner):
        return dates[0].date
    return None


def labelled_date(line: str) -> dt.date | None:
    """The date after a header label: "Datum: 2024-06-14", "Tid: Fredag 21 mars 2025 kl 9-12"."""
    m = _LABELLED_RE.match(line)
    if not m:
        return None
    rest = m.group("rest")
    dates = find_dates(rest)
    # The date must open the value (after an optional weekday/"den"), not sit deep in a sentence.
    if not dates:
        return None
    prefix = rest[: dates[0].start].strip().lower()
    prefix = re.sub(rf"^(?:{_WEEKDAY_ALT})(?:en)?\b", "", prefix).strip()
    prefix = re.sub(r"^(?:den|kl\.?|,)\b", "", prefix).strip(" ,")
    return dates[0].date if prefix == "" else None


# "24.12.06" (yy.mm.dd): accepted only in a heading, where nothing else of that shape stands.
_SHORT_YMD_RE = re.compile(r"(?<![\d.])(\d\d)\.(\d\d)\.(\d\d)(?![\d.])")
_MAX_HEADING_WORDS = 14


def heading_date(line: str) -> dt.date | None:
    """The date a short heading states anywhere in it ("Mötesanteckningar: IT-rådet 7 februari 2025",
    "Sammanfattning 24.12.06", "Föredragningslista, Kommunstyrelsen 2026-05-20")."""
    if len(line.split()) > _MAX_HEADING_WORDS:
        return None
    dates = find_dates(line)
    if dates:
        return dates[0].date
    m = _SHORT_YMD_RE.search(line)
    return _build(2000 + int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


# Dates of other events that a front page prints beside the meeting's own.
_OTHER_EVENT_RE = re.compile(
    r"utskick|justera|justering|anslag|publicer|expedier|bevis|skickad|inkom|daterad|upprättad|senast|"
    r"tidigare|föregående|nästa|kommande|födelse|personnummer",
    re.IGNORECASE,
)
_MAX_FRONT_LINE_WORDS = 10
#: The sentence that opens an association's minutes names its meeting's date however long it is:
#: "Protokoll fört vid ordinarie föreningsstämma med HSB:s Bostadsrättsförening Imatra den 28 april 2022."
_MINUTES_OF_RE = re.compile(
    r"^\W*(?:protokoll|mötesprotokoll|stämmoprotokoll|årsmötesprotokoll)\s+(?:fört|förd|förda|hållet|från)\s+vid\b",
    re.IGNORECASE,
)
_MAX_MINUTES_OF_WORDS = 30


def front_page_date(line: str) -> dt.date | None:
    """The date of a short front-page line that is not about another event: "Digitalt möte 29 augusti
    2023", "2020-03-13 Zoom", "2023-07-25 kl 09.00 Kilagårds Gröna" (but not "Utskicksdatum 2021-02-01")."""
    limit = _MAX_MINUTES_OF_WORDS if _MINUTES_OF_RE.match(line) else _MAX_FRONT_LINE_WORDS
    if len(line.split()) > limit or _OTHER_EVENT_RE.search(line):
        return None
    dates = find_dates(line)
    return dates[0].date if dates else None


def header_date(line: str) -> dt.date | None:
    """The meeting date a header line states, if it is a header date line at all."""
    return labelled_date(line) or standalone_date(line)
