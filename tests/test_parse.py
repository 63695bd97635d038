"""Parsing real minutes into meetings, agenda items and citable paragraphs."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from protokollet.ingest.extract import extract_text
from protokollet.ingest.metadata import labelled_body
from protokollet.ingest.parse import FRONT_MATTER_TITLE, is_opening, parse_document, runs_on, same_meeting
from protokollet.models import AgendaItem, DocType, Document, Meeting, MetadataHints

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
MakeFile = Callable[[list[str]], bytes]
ALL_FILES = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.glob("*/*.txt"))


def parse_text(raw: str, name: str, hints: MetadataHints | None = None) -> Document:
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return parse_document(raw, source_path=name, sha256=digest, hints=hints)


def numbered(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's printed agenda items, without the opening item made of its front matter."""
    return [item for item in meeting.items if not is_opening(item)]


@cache
def parsed(name: str) -> Document:
    return parse_text((SAMPLE / name).read_text(encoding="utf-8"), name)


def test_all_thirteen_sample_files_are_covered() -> None:
    assert len(ALL_FILES) == 13


# Determined by reading the files: seed 001 holds an agenda (kallelse, 2024-06-14), four
# samverkansgrupp minutes and, at its end, the programme of the SRB internat (another agenda).
MEETINGS_PER_FILE = {
    "seeds/001_9ff9e8eb64a94929.txt": 6,
    "seeds/002_59249985fcc24532.txt": 1,
    "seeds/003_4fd378ccd193ba1d.txt": 1,
    "seeds/004_f91937dbdf8dd34f.txt": 1,
} | {name: 1 for name in ALL_FILES if name.startswith("goteborg/")}


@pytest.mark.parametrize("name", ALL_FILES)
def test_meetings_per_file(name: str) -> None:
    assert len(parsed(name).meetings) == MEETINGS_PER_FILE[name]


# (first §, last §, § numbers absent from the text itself). The absent ones are not printed in
# the source at all (items left out of the published protocol), which the test also checks.
GOTEBORG_RANGES = {
    "goteborg/goteborg_kommunfullmaktige_2023-06-19.txt": (1, 20, set()),
    "goteborg/goteborg_kommunfullmaktige_2024-11-07.txt": (450, 451, set()),
    "goteborg/goteborg_kommunfullmaktige_2025-06-12.txt": (330, 367, set()),
    "goteborg/goteborg_kommunfullmaktige_2026-01-29.txt": (1, 36, set()),
    "goteborg/goteborg_kommunstyrelsen_2024-03-20.txt": (219, 267, set()),
    "goteborg/goteborg_kommunstyrelsen_2024-09-25.txt": (734, 789, {767, 782}),
    "goteborg/goteborg_kommunstyrelsen_2025-03-12.txt": (197, 245, set()),
    "goteborg/goteborg_kommunstyrelsen_2025-08-27.txt": (584, 640, set()),
    "goteborg/goteborg_kommunstyrelsen_2026-04-22.txt": (269, 317, {271}),
}


@pytest.mark.parametrize("name", sorted(GOTEBORG_RANGES))
def test_goteborg_paragraph_numbers_equal_printed_range(name: str) -> None:
    first, last, absent = GOTEBORG_RANGES[name]
    raw = (SAMPLE / name).read_text(encoding="utf-8")
    for number in absent:
        assert not re.search(rf"^§ ?{number}\b", raw, flags=re.MULTILINE)
    (meeting,) = parsed(name).meetings
    expected = [f"§ {n}" for n in range(first, last + 1) if n not in absent]
    assert [item.number for item in numbered(meeting)] == expected
    assert meeting.doc_type == DocType.PROTOKOLL
    assert meeting.body in {"Kommunstyrelsen", "Kommunfullmäktige"}
    assert meeting.date == dt.date.fromisoformat(name.rsplit("_", 1)[1].removesuffix(".txt"))


def test_kommunstyrelsen_2024_03_20_holds_49_items() -> None:
    (meeting,) = parsed("goteborg/goteborg_kommunstyrelsen_2024-03-20.txt").meetings
    assert len(meeting.items) == 49
    assert meeting.municipality == "Göteborgs Stad"
    by_number = {item.number: item for item in meeting.items}
    assert by_number["§ 219"].case_number == "SLK-2024-00074"
    assert by_number["§ 219"].title == "Anmälan av jäv vid sammanträdet"
    assert by_number["§ 220"].title == (
        "Redovisning av uppdrag att ta fram en plan för att uppnå ett max antal medarbetare för "
        "stadens chefer"
    )
    decision = by_number["§ 220"].decision or ""
    assert decision.startswith("På förslag av Daniel Bernmar (V):")
    assert "bordläggs till sammanträdet den 10 april 2024" in decision
    decided = [p for p in by_number["§ 220"].paragraphs if p.is_decision]
    assert len(decided) == 1 and "Tidigare behandling" not in decided[0].text


def test_unlabelled_case_number_after_paragraph_sign() -> None:
    (meeting,) = parsed("goteborg/goteborg_kommunfullmaktige_2023-06-19.txt").meetings
    item = next(i for i in meeting.items if i.number == "§ 3")
    assert item.case_number == "0509/23"
    assert item.title.startswith("Interpellation av Pär Gustafsson (L)")


def test_an_attendance_line_naming_a_paragraph_does_not_open_it() -> None:
    """Dev (Kungsbacka Teknik): "Hans-Åke Fryklund, kommunrevisor\n§ 50" in the list of who attended which
    item became item § 50, titled by the next attendee; the item itself follows the front matter."""
    raw = (
        "SAMMANTRÄDESPROTOKOLL\nNämnden för Teknik\nDatum 2025-05-14\n\n"
        "Övriga\nStefan Friberg, kommunrevisor § 50\nHans-Åke Fryklund, kommunrevisor\n§ 50\n"
        "Almina Bergstrand, Ernst & Young § 50\n\n"
        "§ 50\nDialog med revisionen - grundläggande granskning 2025\n\n"
        "Revisorerna informerar om granskningen.\n\n"
        "§ 51\nInformation från förvaltningen\n\nFörvaltningschefen informerar.\n\n"
        "§ 52\nUppföljning och prognos april 2025\n\nNämnden godkänner uppföljningen.\n"
    )
    (meeting,) = parse_text(raw, "teknik-2025-05-14-protokoll.md").meetings
    titles = {item.number: item.title for item in numbered(meeting)}
    assert titles["§ 50"].startswith("Dialog med revisionen")
    assert list(titles) == ["§ 50", "§ 51", "§ 52"]


def test_a_scanned_paragraph_sign_read_as_a_dollar_opens_its_item() -> None:
    """OCR of scanned minutes prints "§" as "$" ("$ 26 Dnr KFT-2024-00060", "$16 Val av valberedning");
    its items were lost in their neighbours. A "$" inside a line ("Hamberg (M) $ 26-47") opens nothing."""
    raw = (
        "SAMMANTRÄDESPROTOKOLL\nNämnden för Kultur & Fritid\nDatum 2024-03-20\n\n"
        "Bo Barknertz (M) för Annika Hamberg (M) $ 26-47\n\n"
        "$ 26 Dnr KFT-2024-00060\nInformation till nämnd: naturum Fjärås Bräcka\n\n"
        "Nämnden noterar informationen till protokollet.\n\n"
        "$27 Dnr KFT-2024-00081\nInformation till nämnd: Hanhals IF\n\n"
        "Nämnden noterar informationen till protokollet.\n\n"
        "$ 28 Dnr KFT-2024-00030\nBegäran om yttrande - Betänkande från Narkotikautredningen\n\n"
        "Nämnden avger yttrande på remissen.\n"
    )
    (meeting,) = parse_text(raw, "kultur-2024-03-20-protokoll.md").meetings
    assert [item.number for item in numbered(meeting)] == ["§ 26", "§ 27", "§ 28"]


def test_a_scanned_paragraph_sign_read_as_an_eight_before_a_case_number_opens_its_item() -> None:
    """The same scanned protocol prints "842 Dnr KFT-2024-00073" and "843 Dnr ..." for §§ 42 and 43 (OCR read
    "§" as "8" and joined it to the number); the two items had become part of § 41."""
    page = (
        "KUNGSBACKA KOMMUN SAMMANTRÄDESPROTOKOLL {n} (28)\nNämnden för Kultur & Fritid Datum\n2024-03-20\n\n"
    )
    raw = (
        page.format(n=22)
        + "$ 41 Dnr KFT-2024-00074\nInformation till nämnd: förändring av turistinformation\n\n"
        "Nämnden för Kultur & Fritid noterar informationen till protokollet.\n\n"
        + page.format(n=23)
        + "842 Dnr KFT-2024-00073\n\nInformation till nämnd: återrapportering av Socialdemokraternas\n"
        "initiativ kring Kungsbackas historia\n\nNämnden för Kultur & Fritid noterar informationen.\n\n"
        + page.format(n=24)
        + "843 Dnr KFT-2024-00076\nAnmälan av delegeringsbeslut mars 2024\n\n"
        "Redovisning av delegeringsbeslut förtecknade i protokoll 2024-03-20 godkänns.\n\n"
        + page.format(n=25)
        + "$ 44 Dnr KFT-2024-00077\nRedovisning av inkomna handlingar mars 2024\n\n"
        "Under perioden har 13 st skrivelser inkommit till nämnden för Kultur & Fritid.\n"
    )
    (meeting,) = parse_text(raw, "kultur-2024-03-20-protokoll.md").meetings
    items = {item.number: item for item in numbered(meeting)}
    assert list(items) == ["§ 41", "§ 42", "§ 43", "§ 44"]
    assert items["§ 43"].title == "Anmälan av delegeringsbeslut mars 2024"
    assert items["§ 42"].case_number == "KFT-2024-00073"
    # Without the case number after it, "842" is a number like any other (a sum, a count).
    (meeting,) = parse_text(raw.replace("842 Dnr KFT-2024-00073", "842 Information"), "k.md").meetings
    assert "§ 42" not in [item.number for item in numbered(meeting)]


def test_a_scanned_item_s_title_under_its_page_lines_is_found() -> None:
    """The same scan prints "$ 32" alone, then the page's "SAMMANTRÄDESPROTOKOLL", "Datum", the date and the
    case number, and only then the title; the item had been titled "SAMMANTRÄDESPROTOKOLL"."""
    raw = (
        "KUNGSBACKA KOMMUN SAMMANTRÄDESPROTOKOLL 10 (28)\nNämnden för Kultur & Fritid Datum\n2024-03-20\n\n"
        "$ 31 Dnr KFT-2024-00063\nInformation till nämnd: Cykelpilotprojektet\n\nBeslut\n\n"
        "Nämnden för Kultur & Fritid noterar informationen till protokollet.\n\n"
        "KUNGSBACKA KOMMUN\nNämnden för Kultur & Fritid\n\n$ 32\n\nSAMMANTRÄDESPROTOKOLL\n\nDatum\n\n"
        "2024-03-20\n\nDnr KFT-2024-00071\n\nKungsbackas mästare 2023\n\nBeslut\n\n11 (28)\n\n"
        "Nämnden för Kultur & Fritid beslutar att tilldela priset Kungsbackas mästare till Carl Nyqvist.\n\n"
        "$ 33 Dnr KFT-2024-00064\nÅrets eldsjäl\n\nBeslut\nNämnden beslutar att offentliggöra pristagaren.\n"
    )
    (meeting,) = parse_text(raw, "kultur-2024-03-20-protokoll.md").meetings
    items = {item.number: item for item in numbered(meeting)}
    assert list(items) == ["§ 31", "§ 32", "§ 33"]
    assert items["§ 32"].title == "Kungsbackas mästare 2023"
    assert items["§ 32"].case_number == "KFT-2024-00071"
    assert "Carl Nyqvist" in " ".join(p.text for p in items["§ 32"].paragraphs)


PAGE_HEADERS = [
    "Göteborgs Stad Kommunstyrelsen, protokoll",
    "Göteborgs Stad Kommunfullmäktige, protokoll",
    "Göteborgs Stad Stadsledningskontoret protokoll",
    "Sammanträdesdatum:",
    "Mötesdatum",
    "MINNESANTECKNINGAR",
    "Samverkansgrupp hälsa 2023 2024-04-12",
    "Samverkansgrupp hälsa 2023 2024-05-08",
    "Samverkansgrupp Nära vård 2023 2024-05-03",
]
_PAGE_NUMBER_LINE = re.compile(r"^\d+ \(\d+\)$", re.MULTILINE)


@pytest.mark.parametrize("name", ALL_FILES)
def test_no_paragraph_contains_a_page_header(name: str) -> None:
    for meeting in parsed(name).meetings:
        for item in meeting.items:
            for para in item.paragraphs:
                for header in PAGE_HEADERS:
                    assert header not in para.text, (item.number, header)
                assert not _PAGE_NUMBER_LINE.search(para.text), item.number
                assert not re.search(r"^Protokoll (?:\(nr \d+\)|nr \d+)$", para.text, re.MULTILINE)


@pytest.mark.parametrize("name", ALL_FILES)
def test_offsets_slice_the_cleaned_text(name: str) -> None:
    document = parsed(name)
    previous_end = 0
    for meeting in document.meetings:
        assert meeting.start <= meeting.end <= len(document.text)
        for item in meeting.items:
            assert meeting.start <= item.start <= item.end <= meeting.end
            assert item.paragraphs, item.number
            for para in item.paragraphs:
                assert document.text[para.start : para.end] == para.text
                assert para.text.strip() == para.text and para.text
                assert item.start <= para.start and para.end <= item.end
                assert para.start >= previous_end  # in order, never overlapping
                previous_end = para.end


@pytest.mark.parametrize("name", ALL_FILES)
def test_ids_are_deterministic_and_well_formed(name: str) -> None:
    raw = (SAMPLE / name).read_text(encoding="utf-8")
    first, second = parse_text(raw, name), parse_text(raw, name)
    assert first.model_dump() == second.model_dump()
    assert first.id == first.sha256[:16]
    for meeting in first.meetings:
        assert meeting.id == meeting.fingerprint[:16] and len(meeting.fingerprint) == 64
        item_ids = [item.id for item in meeting.items]
        assert len(set(item_ids)) == len(item_ids)
        for item in meeting.items:
            para_ids = [p.id for p in item.paragraphs]
            assert len(set(para_ids)) == len(para_ids) and all(len(i) == 16 for i in para_ids)


SEED_MEETINGS = [
    # (file, index, doc type, body, municipality, date, item numbers)
    ("seeds/001_9ff9e8eb64a94929.txt", 0, DocType.KALLELSE, None, None, "2024-06-14", 14),
    ("seeds/001_9ff9e8eb64a94929.txt", 1, DocType.MINNESANTECKNINGAR, "Samverkansgrupp hälsa",
     "Region Västmanland", "2024-04-12", 8),
    ("seeds/001_9ff9e8eb64a94929.txt", 2, DocType.MINNESANTECKNINGAR, "Samverkansgrupp hälsa",
     "Region Västmanland", "2024-05-08", 6),
    ("seeds/001_9ff9e8eb64a94929.txt", 3, DocType.MINNESANTECKNINGAR,
     "Samverkansgrupp Kompetensförsörjning", "Region Västmanland", "2024-04-26", 9),
    ("seeds/001_9ff9e8eb64a94929.txt", 4, DocType.MINNESANTECKNINGAR, "Samverkansgrupp Nära vård",
     "Region Västmanland", "2024-05-03", 11),
    ("seeds/001_9ff9e8eb64a94929.txt", 5, DocType.KALLELSE, None, None, None, 1),
    ("seeds/002_59249985fcc24532.txt", 0, DocType.OKAND, "Samverkansgrupp hälsa",
     "Region Västmanland", "2024-04-12", 8),
    ("seeds/003_4fd378ccd193ba1d.txt", 0, DocType.MINNESANTECKNINGAR,
     "Specifika samverkansrådet för folkhälsa", "Region Örebro län", "2025-03-21", 14),
    ("seeds/004_f91937dbdf8dd34f.txt", 0, DocType.OKAND, None, None, None, 11),
]  # fmt: skip


@pytest.mark.parametrize(("name", "index", "kind", "body", "municipality", "date", "items"), SEED_MEETINGS)
def test_seed_meeting_metadata(
    name: str,
    index: int,
    kind: DocType,
    body: str | None,
    municipality: str | None,
    date: str | None,
    items: int,
) -> None:
    meeting = parsed(name).meetings[index]
    assert meeting.doc_type == kind
    assert meeting.body == body
    assert meeting.municipality == municipality
    assert meeting.date == (dt.date.fromisoformat(date) if date else None)
    assert len(numbered(meeting)) == items


def test_kompetens_items_use_paragraph_signs_and_ignore_numbered_questions() -> None:
    meeting = parsed("seeds/001_9ff9e8eb64a94929.txt").meetings[3]
    assert [i.number for i in numbered(meeting)] == [f"§ {n}" for n in range(9, 18)]


def test_numbered_list_inside_an_item_is_not_an_item() -> None:
    (meeting,) = parsed("seeds/004_f91937dbdf8dd34f.txt").meetings
    assert [i.number for i in numbered(meeting)] == [str(n) for n in range(1, 12)]
    item7 = numbered(meeting)[6]
    assert item7.title.startswith("Tema: Förstudie barnfattigdom")
    assert any("1. Styrning och ledning" in p.text for p in item7.paragraphs)


def test_table_layout_with_html_fragments() -> None:
    (meeting,) = parsed("seeds/003_4fd378ccd193ba1d.txt").meetings
    document = parsed("seeds/003_4fd378ccd193ba1d.txt")
    assert "<p>" not in document.text and "</p>" not in document.text
    assert [i.number for i in numbered(meeting)] == [str(n) for n in range(1, 15)]
    assert numbered(meeting)[6].title.startswith("Growth")
    assert numbered(meeting)[8].title.startswith("Teman till kommande möten")


def test_a_lead_in_ending_in_a_colon_stays_with_what_it_introduces() -> None:
    """ "... till följande helägda dotterbolag med som högst nedan angivna belopp:" above the companies:
    apart, the list's paragraph would not say what the companies get."""
    (meeting,) = parsed("goteborg/goteborg_kommunfullmaktige_2024-11-07.txt").meetings
    (item,) = [i for i in meeting.items if i.number == "§ 451"]
    (listed,) = [p for p in item.paragraphs if "Got Event AB" in p.text]
    assert "nedan angivna belopp:" in listed.text


NEWDEV3 = Path(__file__).resolve().parents[1] / "data" / "newdev3" / "kungsbacka"


@pytest.mark.parametrize(
    ("folder", "name", "body", "date", "numbers"),
    [
        # "Sammanställning från EDP Vision, 2025-10-01" under Beslutsunderlag of several items.
        (
            "newdev6",
            "miljo-2025-10-09-protokoll-113-115-117-127.md",
            "Nämnden för Miljö & Hälsoskydd",
            dt.date(2025, 10, 9),
            [113, 114, 115, *range(117, 128)],
        ),
        # "Planritning, 2024-03-15" and "Samhällsbyggnadskontorets tjänsteskrivelse, 2024-04-05" in the
        # lists of several items, next to the page header: the file had become seven meetings.
        (
            "newdev8",
            "bygg-au-2024-04-18-protokoll.md",
            "Byggnadsnämndens arbetsutskott",
            dt.date(2024, 4, 18),
            list(range(114, 131)),
        ),
        # "Sammanträdesprotokoll, 1999-05-20" listed among an item's dated papers, with "Ordförande ...
        # finner" below it: an earlier meeting's minutes as a paper, not a new sitting (was three meetings).
        (
            "newdev13",
            "fg-2025-05-14-protokoll.md",
            "Nämnden för Förskola & Grundskola",
            dt.date(2025, 5, 14),
            list(range(47, 60)),
        ),
    ],
)
def test_a_dated_paper_under_several_items_opens_no_meeting(
    folder: str, name: str, body: str, date: dt.date, numbers: list[int]
) -> None:
    """Kungsbacka's minutes list dated papers under Beslutsunderlag of several items: papers, not a
    running header, so the file stays one meeting with all its items."""
    path = NEWDEV3.parents[1] / folder / "kungsbacka" / name
    (meeting,) = parse_text(path.read_text(encoding="utf-8"), name).meetings
    assert (meeting.body, meeting.date) == (body, date)
    assert [i.number for i in numbered(meeting)] == [f"§ {n}" for n in numbers]


def test_a_lead_in_s_list_stays_whole_across_blank_lines() -> None:
    """Kungsbacka's Vård & Omsorg PDF text prints a decided list of indicators in pairs separated by
    blank lines: the whole list stays with "antar följande indikatorer ...:", so each one can be quoted
    with what it is."""
    name = "vo-2025-11-13-protokoll.md"
    folder = NEWDEV3.parents[1] / "newdev5" / "kungsbacka"
    (meeting,) = parse_text((folder / name).read_text(encoding="utf-8"), name).meetings
    (item,) = [i for i in meeting.items if i.number == "§ 166"]
    (listed,) = [p for p in item.paragraphs if "antar följande indikatorer" in p.text]
    assert "- Delaktighet" in listed.text and "- Personcentrering" in listed.text


def test_a_sentence_broken_by_a_blank_line_stays_one_paragraph() -> None:
    """Kungsbacka's Teknik 2024-01-17 PDF text breaks "främst kring" from "resecentrum och Badhusparken."
    with a blank line: apart, "Var ska satsningen göras?" finds the place in a paragraph of its own that
    says nothing of the lighting."""
    name = "teknik-2024-01-17-protokoll.md"
    folder = NEWDEV3.parents[1] / "newdev32" / "kungsbacka"
    (meeting,) = parse_text((folder / name).read_text(encoding="utf-8"), name).meetings
    (item,) = [i for i in meeting.items if i.number == "§ 19"]
    (lit,) = [p for p in item.paragraphs if "trygghetsbelysning i centrum" in p.text]
    assert "resecentrum och Badhusparken." in lit.text
    # A block ending a sentence, or one before a capital, still ends its paragraph.
    assert not runs_on("Nämnden noterar informationen.", "beslutet skickas till kommunstyrelsen")
    assert not runs_on("Beslutsunderlag", "Tjänsteskrivelse, 2024-01-02")
    assert runs_on("gäller vid havet, insjöar och", "vattendrag och omfattar land")


def test_a_dated_paper_in_every_items_list_and_a_contents_date_open_no_meeting() -> None:
    """Kungsbacka's Kultur & Fritid minutes list "Förvaltningen för Kultur & Fritids tjänsteskrivelse,
    2025-10-01" under Beslutsunderlag of ten items, and a contents line holds "Sista svarsdag
    2025-10-21": neither is a running header, so the file is one meeting and the papers stay text."""
    name = "kultur-2025-10-22-protokoll.md"
    (meeting,) = parse_text((NEWDEV3 / name).read_text(encoding="utf-8"), name).meetings
    assert (meeting.body, meeting.date) == ("Nämnden för Kultur & Fritid", dt.date(2025, 10, 22))
    assert [i.number for i in numbered(meeting)] == [f"§ {n}" for n in range(92, 108)]
    text = " ".join(p.text for i in meeting.items for p in i.paragraphs)
    assert text.count("Förvaltningen för Kultur & Fritids tjänsteskrivelse, 2025-10-01") >= 9


def test_a_bulleted_paper_in_every_items_list_opens_no_meeting() -> None:
    """Lomma's samhällsbyggnadsnämnd lists "- Protokoll SBNAU 2026-03-16" (its arbetsutskott's minutes)
    under Beslutsunderlag of ten items. A bulleted entry is a paper, not a running header whose date
    opens a sitting: the file is one meeting of 2026-03-23 with §§ 7-19, and the entries stay text."""
    name = "sbn-2026-03-23-protokoll.txt"
    path = NEWDEV3.parents[1] / "newdev45" / "lomma" / name
    (meeting,) = parse_text(path.read_text(encoding="utf-8"), name).meetings
    assert (meeting.body, meeting.date) == ("Samhällsbyggnadsnämnden", dt.date(2026, 3, 23))
    assert [i.number for i in numbered(meeting)] == [f"§ {n}" for n in range(7, 20)]
    text = " ".join(p.text for i in meeting.items for p in i.paragraphs)
    assert text.count("Protokoll SBNAU 2026-03-16") == 10  # every entry of the file


def test_a_body_field_that_abbreviates_the_body_beats_an_agenda_title() -> None:
    """Lomma's barn- och utbildningsnämnd states "Beslutande organ:   BUN" (and BUN in its running header);
    its contents list holds "Byggande av gymnasieskola, rapport från styrgruppen", which had become the
    body because "styrgruppen" is an organ's word."""
    name = "bun-2024-02-06-protokoll.txt"
    path = NEWDEV3.parents[1] / "newdev47" / "lomma" / name
    (meeting,) = parse_text(path.read_text(encoding="utf-8"), name).meetings
    assert (meeting.body, meeting.date) == ("Barn- och utbildningsnämnden", dt.date(2024, 2, 6))
    assert labelled_body("Organ:   KS-AU") == "Kommunstyrelsens arbetsutskott"
    assert labelled_body("Beslutande organ: KUFN") == "KUFN"  # an abbreviation of its own, as written
    assert labelled_body("Organ: rapport från arbetet") is None


def test_a_dated_line_under_each_entry_of_one_list_opens_no_meeting() -> None:
    """Lomma's fullmäktige lists e-förslag with "Behandlad av kommunstyrelsen 2026-02-25" under three in a
    row: a line recurring within one list is content, not a page's running header whose date opens a
    sitting of 2026-02-25 (whose "body" was "Behandlas av samhällsbyggnadsnämnden i vår")."""
    name = "kf-2026-03-12-protokoll.txt"
    path = NEWDEV3.parents[1] / "newdev24" / "lomma" / name
    (meeting,) = parse_text(path.read_text(encoding="utf-8"), name).meetings
    assert (meeting.body, meeting.date) == ("Kommunfullmäktige", dt.date(2026, 3, 12))
    text = " ".join(p.text for i in meeting.items for p in i.paragraphs)
    assert text.count("Behandlad av kommunstyrelsen 2026-02-25") == 3


def test_a_vote_tables_title_and_its_roll_call_stay_text() -> None:
    """Lomma's fullmäktige prints "Voteringsprotokoll Ja Nej Avstår" over each of its roll calls (six in
    2025-08-28): a table's title, not a page header, and the members' rows beside it stay text too."""
    name = "kf-2025-08-28-protokoll.txt"
    path = NEWDEV3.parents[1] / "newdev14" / "lomma" / name
    (meeting,) = parse_text(path.read_text(encoding="utf-8"), name).meetings
    text = " ".join(p.text for i in meeting.items for p in i.paragraphs)
    assert text.count("Voteringsprotokoll") == 6
    assert text.count("Jonas Olsson (SD)") == 4  # every row of his, as in the file


def test_an_organ_word_may_end_the_bodys_name() -> None:
    name = "fg-au-2025-10-02-protokoll.md"
    (meeting,) = parse_text((NEWDEV3 / name).read_text(encoding="utf-8"), name).meetings
    assert meeting.body == "Förskola & Grundskola arbetsutskott"


def test_kallelse_proposals_are_not_decisions() -> None:
    meeting = parsed("seeds/001_9ff9e8eb64a94929.txt").meetings[0]
    assert meeting.doc_type == DocType.KALLELSE
    assert all(not p.is_decision for i in meeting.items for p in i.paragraphs)
    assert all(i.decision is None for i in meeting.items)
    assert numbered(meeting)[4].case_number == "RV240022"
    assert numbered(meeting)[4].title == "Minnesanteckningar Samverkansgrupper 2024"


def test_minutes_decision_after_proposal() -> None:
    meeting = parsed("seeds/001_9ff9e8eb64a94929.txt").meetings[1]
    item3 = numbered(meeting)[2]
    assert item3.decision == (
        "Redovisat förslag till extra sammanträdesdatum för samverkansgrupp hälsa godkänns."
    )
    flags = [(p.text.split("\n")[0], p.is_decision) for p in item3.paragraphs]
    assert ("Förslag till beslut", False) in flags and ("Beslut", True) in flags


def test_same_meeting_in_two_files_is_recognised() -> None:
    """Seed 002 is the 2024-04-12 Samverkansgrupp hälsa minutes also printed inside seed 001.

    The two copies differ by two typos ("Utvädering"/"Utvärdering", "viderautveckla"/
    "viderutveckla"), so exact content fingerprints cannot agree; `same_meeting` must.
    """
    one, two = parsed("seeds/001_9ff9e8eb64a94929.txt"), parsed("seeds/002_59249985fcc24532.txt")
    inside, alone = one.meetings[1], two.meetings[0]
    assert same_meeting(inside, one.text, alone, two.text)
    assert [i.title for i in inside.items] == [i.title for i in alone.items]
    for other in (one.meetings[2], one.meetings[4]):
        assert not same_meeting(other, one.text, alone, two.text)


def test_fingerprint_ignores_line_breaks_and_headers() -> None:
    raw = (SAMPLE / "seeds/002_59249985fcc24532.txt").read_text(encoding="utf-8")
    rewrapped = raw.replace(". ", ".\n").replace("Mötesdatum\n", "Mötesdatum\n\nSida 1 av 3\n")
    a, b = parse_text(raw, "a.txt"), parse_text(rewrapped, "b.txt")
    assert a.meetings[0].fingerprint == b.meetings[0].fingerprint
    assert a.meetings[0].id == b.meetings[0].id


def test_missing_metadata_warns_and_hints_fill_it() -> None:
    name = "seeds/004_f91937dbdf8dd34f.txt"
    raw = (SAMPLE / name).read_text(encoding="utf-8")
    bare = parse_text(raw, name)
    assert any("no meeting date" in w for w in bare.warnings)
    assert any("no body" in w for w in bare.warnings)
    hints = MetadataHints(
        body="Specifika samverkansrådet för folkhälsa",
        municipality="Region Örebro län",
        date=dt.date(2022, 2, 4),
        doc_type=DocType.PROTOKOLL,
    )
    hinted = parse_text(raw, name, hints)
    (meeting,) = hinted.meetings
    assert (meeting.body, meeting.date, meeting.doc_type) == (hints.body, hints.date, hints.doc_type)
    assert meeting.municipality == "Region Örebro län"
    assert hinted.warnings == []
    # What the operator states (flags, sidecar) comes before what the text states, and says so.
    other = parse_text((SAMPLE / "seeds/002_59249985fcc24532.txt").read_text("utf-8"), "x", hints)
    assert other.meetings[0].date == dt.date(2022, 2, 4)
    assert other.meetings[0].sources["date"] == "sidecar or command-line flag"
    bare_other = parse_text((SAMPLE / "seeds/002_59249985fcc24532.txt").read_text("utf-8"), "x")
    assert bare_other.meetings[0].date == dt.date(2024, 4, 12)


def test_signature_date_is_not_the_meeting_date() -> None:
    (meeting,) = parsed("seeds/003_4fd378ccd193ba1d.txt").meetings
    assert meeting.date == dt.date(2025, 3, 21)  # "Justerade: … 250403" is ignored


def test_document_doc_type_is_the_main_type() -> None:
    assert parsed("seeds/001_9ff9e8eb64a94929.txt").doc_type == DocType.MINNESANTECKNINGAR
    assert parsed("goteborg/goteborg_kommunstyrelsen_2025-03-12.txt").doc_type == DocType.PROTOKOLL


def _item_signature(document: Document) -> list[tuple[str, str, str | None]]:
    return [(i.number, i.title, i.case_number) for m in document.meetings for i in m.items]


@pytest.fixture(scope="module")
def corpus_lines() -> list[str]:
    """Göteborg kommunstyrelsen 2024-03-20 up to § 236 (§ 219–235), as printed."""
    raw = (SAMPLE / "goteborg/goteborg_kommunstyrelsen_2024-03-20.txt").read_text(encoding="utf-8")
    lines = raw.split("\n")
    return lines[: next(n for n, line in enumerate(lines) if line.startswith("§ 236"))]


def test_pdf_parses_into_the_same_items_as_text(corpus_lines: list[str], make_pdf: MakeFile) -> None:
    from_text = parse_text("\n".join(corpus_lines), "ks.txt")
    text = extract_text(make_pdf(corpus_lines), "ks.pdf")
    from_pdf = parse_text(text, "ks.pdf")
    assert len(numbered(from_text.meetings[0])) == 17
    assert _item_signature(from_pdf) == _item_signature(from_text)

    # PDF text keeps the words and lines but not the blank lines between them.
    def decisions(document: Document) -> list[str]:
        return [" ".join((i.decision or "").split()) for i in document.meetings[0].items]

    assert decisions(from_pdf) == decisions(from_text)


def test_docx_parses_into_the_same_items_as_text(corpus_lines: list[str], make_docx: MakeFile) -> None:
    from_text = parse_text("\n".join(corpus_lines), "ks.txt")
    from_docx = parse_text(extract_text(make_docx(corpus_lines), "ks.docx"), "ks.docx")
    assert _item_signature(from_docx) == _item_signature(from_text)
    texts = [[p.text for p in i.paragraphs] for m in from_docx.meetings for i in m.items]
    assert texts == [[p.text for p in i.paragraphs] for m in from_text.meetings for i in m.items]


MINNESANTECKNINGAR_ELSEWHERE = """MINNESANTECKNINGAR
Pensionärsrådet, Tranemo kommun
Tid: Tisdagen den 5 mars 2024, kl. 10.00–12.00

1. Mötets öppnande
Ordföranden hälsade alla välkomna och öppnade mötet.

2. Information om färdtjänst
Trafikhandläggaren informerade om nya regler för färdtjänst från den 1 juli 2024.

Justerandes sign   Utdragsbestyrkande

3. Nästa möte
Nästa möte hålls den 14 maj 2024.
"""


def test_layout_of_another_municipality() -> None:
    """A layout none of the sample files has: the body named with its municipality after a comma, the
    date in words, and the page's signature boxes side by side on one line."""
    document = parse_document(
        MINNESANTECKNINGAR_ELSEWHERE,
        source_path="pensionarsradet.txt",
        sha256=hashlib.sha256(MINNESANTECKNINGAR_ELSEWHERE.encode()).hexdigest(),
    )
    (meeting,) = document.meetings
    assert (meeting.body, meeting.municipality) == ("Pensionärsrådet", "Tranemo kommun")
    assert meeting.date == dt.date(2024, 3, 5) and meeting.doc_type is DocType.MINNESANTECKNINGAR
    assert [(i.number, i.title) for i in meeting.items] == [
        ("", FRONT_MATTER_TITLE),
        ("1", "Mötets öppnande"),
        ("2", "Information om färdtjänst"),
        ("3", "Nästa möte"),
    ]
    texts = [p.text for i in meeting.items for p in i.paragraphs]
    assert not any("Utdragsbestyrkande" in text for text in texts), texts


KALLELSE_WITH_SECTIONS = """KALLELSE
Kommunfullmäktige i Storumans kommun
Tid: Måndagen den 22 april 2024 kl. 18.30

Ärenden
1 Val av justerare
2 Budget 2025 och flerårsplan 2026-2027 Dnr KS 2024/145
3 Svar på interpellation om bredband på landsbygden

Ärende 2
Budget 2025 och flerårsplan 2026-2027
Kommunstyrelsen föreslår fullmäktige att fastställa budget 2025 med en skattesats på 22,14 kronor.
"""


def test_kallelse_listing_items_then_sections_for_some() -> None:
    """The list names every item; an "Ärende N" section holds one item's text and takes the case number
    printed in the list. Listed items without a section keep their own line."""
    (meeting,) = parse_document(KALLELSE_WITH_SECTIONS, source_path="kallelse.txt", sha256="0" * 64).meetings
    items = {item.number: item for item in numbered(meeting)}
    assert sorted(items) == ["1", "2", "3"]
    budget = items["2"]
    assert (budget.title, budget.case_number) == ("Budget 2025 och flerårsplan 2026-2027", "KS 2024/145")
    assert [p.text for p in budget.paragraphs] == [
        "Kommunstyrelsen föreslår fullmäktige att fastställa budget 2025 med en skattesats på 22,14 kronor."
    ]
    assert [p.text for p in items["3"].paragraphs] == ["3 Svar på interpellation om bredband på landsbygden"]


@pytest.mark.parametrize(
    ("header", "body", "date"),
    [
        ("Föredragningslista, Kommunstyrelsen 2026-05-20", "Kommunstyrelsen", dt.date(2026, 5, 20)),
        (
            "# Mötesanteckningar: Styrgruppen för e-hälsa 7 februari 2025",
            "Styrgruppen för e-hälsa",
            dt.date(2025, 2, 7),
        ),
        (
            "# Sammanfattning 24.12.06\n\nOrgan  Barn- och utbildningsnämnden",
            "Barn- och utbildningsnämnden",
            dt.date(2024, 12, 6),
        ),
        (
            "PROTOKOLL\nBeslutande organ: Kommunfullmäktige\nSammanträdesdatum 2024-03-14",
            "Kommunfullmäktige",
            dt.date(2024, 3, 14),
        ),
        # Associations: the meeting is the body (LiTHe kod, HSB:s Bostadsrättsförening Imatra).
        ("LiTHe kods vårmöte 2018 - Protokoll (2018-05-29)", "LiTHe kods vårmöte", dt.date(2018, 5, 29)),
        ("Brf Ekens årsmötesprotokoll 2021\n2021-03-03", "Brf Ekens årsmöte", dt.date(2021, 3, 3)),
        (
            "PROTOKOLL\nfört vid ordinarie föreningsstämma med\nHSB:s Bostadsrättsförening Imatra i\n"
            "Akalla den 28 april 2022 i\nAkalla By",
            "Ordinarie föreningsstämma",
            dt.date(2022, 4, 28),
        ),
    ],
)
def test_header_layouts_of_other_municipalities(header: str, body: str, date: dt.date) -> None:
    """Header lines as other municipalities print them (the layouts named in the ingest issue)."""
    text = f"{header}\n\n1. Mötets öppnande\nOrdföranden öppnade mötet.\n\n2. Budget\nBudgeten diskuterades."
    (meeting,) = parse_text(text, "x.md").meetings
    assert (meeting.body, meeting.date) == (body, date), meeting.sources


def test_the_sentence_that_opens_an_associations_minutes_dates_them() -> None:
    """However long, "Protokoll fört vid ... den 3 mars 2021" names the meeting and its date."""
    text = (
        "Protokoll fört vid ordinarie föreningsstämma för Brf Eken den 3 mars 2021.\n\n"
        "§1 Ordförande\nTill ordförande för stämman valdes Anna Ek.\n\n"
        "§2 Sekreterare\nTill sekreterare för stämman valdes Per Ek."
    )
    (meeting,) = parse_text(text, "x.txt").meetings
    assert (meeting.body, meeting.date) == ("Ordinarie föreningsstämma för Brf Eken", dt.date(2021, 3, 3))


def test_a_quoted_extract_inside_an_item_is_not_a_meeting() -> None:
    """A protokollsutdrag of another body quoted in an item keeps its dates and headings in that item."""
    text = (
        "PROTOKOLL\nKommunstyrelsen\nSammanträdesdatum 2024-05-06\n\nNärvarande: Anna Ek (S), ordförande\n\n"
        "§ 12 Yttrande över detaljplan\nKommunstyrelsen yttrar sig enligt förslaget.\n\n"
        "Protokollsutdrag\nPROTOKOLL\nByggnadsnämnden\nSammanträdesdatum 2024-04-02\n"
        "§ 40 Detaljplan för Norra hamnen\nNämnden föreslår att planen antas.\n\n"
        "§ 13 Val av ombud\nAnna Ek (S) väljs till ombud."
    )
    (meeting,) = parse_text(text, "ks.txt").meetings
    assert (meeting.body, meeting.date) == ("Kommunstyrelsen", dt.date(2024, 5, 6))
    numbered_items = [item.number for item in numbered(meeting)]
    assert numbered_items[0] == "§ 12" and numbered_items[-1] == "§ 13"
    assert any("Byggnadsnämnden" in p.text for item in meeting.items for p in item.paragraphs)


def test_front_matter_is_the_opening_item_and_municipality_must_be_real() -> None:
    text = (
        "Möjligheternas kommun\nKommunstyrelsen\nSammanträdesdatum 2024-05-06\n\n"
        "Närvarande ledamöter: Anna Ek (S), ordförande, Bo Lind (M)\nJusterare: Bo Lind (M)\n\n"
        "§ 1 Val av justerare\nBo Lind (M) utses att justera protokollet."
    )
    (meeting,) = parse_text(text, "ks.txt").meetings
    assert meeting.municipality is None  # a slogan is not a municipality
    opening = meeting.items[0]
    assert opening.title == FRONT_MATTER_TITLE and "Justerare: Bo Lind (M)" in opening.paragraphs[-1].text


def test_a_heading_that_ends_an_item_with_nothing_after_it_keeps_its_text() -> None:
    raw = (
        "Kommunfullmäktige\nSammanträdesdatum 2024-05-02\n\n"
        "§ 12 Val av ersättare i kulturnämnden\n\n"
        "Beslut\nKommunfullmäktige väljer Anna Berg (S) till ersättare i kulturnämnden.\n\n"
        "Beslutet expedieras till:\n\n"
        "§ 13 Anmälan av delegationsbeslut\n\nAnmälan av delegationsbeslut noteras.\n"
    )
    (meeting,) = parse_text(raw, "kf.txt").meetings
    item = next(i for i in meeting.items if i.number == "§ 12")
    assert item.paragraphs[-1].text.endswith("Beslutet expedieras till:")
    assert "väljer Anna Berg" in item.paragraphs[-1].text  # with the paragraph before, not alone


NEWDEV = Path(__file__).resolve().parents[1] / "data" / "newdev"


def parsed_file(path: Path) -> Document:
    extracted = extract_text(path.read_bytes(), path.name)
    return parse_document(
        extracted, source_path=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest()
    )


def test_a_scanned_protocol_whose_paragraph_sign_ocr_misread_keeps_its_items() -> None:
    # Read from the PDF: "& 1. Stämmans öppnande" ... "8 7. Fråga om kallelse behörigen skett" ... "& 21.",
    # and in § 7 the sentence "Kallelse till stämman hade anslagits på föreningens anslagstavlor."
    (meeting,) = parsed_file(NEWDEV / "brf-imatra" / "stamma-2022-04-28-protokoll.pdf").meetings
    assert meeting.doc_type == DocType.PROTOKOLL and meeting.date == dt.date(2022, 4, 28)
    items = {item.number: item for item in numbered(meeting)}
    assert list(items) == [f"§ {n}" for n in range(1, 22)]
    assert items["§ 7"].title == "Fråga om kallelse behörigen skett"
    assert "anse sig behörigen kallad" in " ".join(p.text for p in items["§ 7"].paragraphs)
    assert items["§ 13"].title.startswith("Val av styrelseledamöter")


def test_markdown_notes_take_their_items_from_the_crowded_heading_level() -> None:
    # "# Möte 2023-02-07" and "# Öppnar mötet 11:45", then nine "##" sections of which each is a point.
    (meeting,) = parsed_file(NEWDEV / "datavetenskapsdivisionen" / "styrelsen-2023-02-07.md").meetings
    titles = [item.title for item in meeting.items]
    assert {"Beslutsbarhet", "Protokolljusterare", "Mötessekeretare", "Beslutpunkter"} <= set(titles)
    judge = next(item for item in meeting.items if item.title == "Protokolljusterare")
    assert "Lukas är protokolljusterare" in judge.paragraphs[0].text


def test_a_file_name_with_an_iso_date_between_hyphens_dates_an_undated_agenda() -> None:
    """The Government Offices' annotated agenda prints no date; its file name does."""
    text = "# Kommenterad dagordning\n\n1. Godkännande av dagordningen\n\n2. Rådets slutsatser om arbetsmiljö"
    (meeting,) = parse_text(text, "kommenterad-dagordning-epsco-2022-03-14.md").meetings
    assert meeting.date == dt.date(2022, 3, 14)
