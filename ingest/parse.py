"""Cleaned text → Meeting(s) → AgendaItem → Paragraph, with stable ids and fingerprints.

Pure. The steps:
1. clean the text (page headers out, but remembered with their position);
2. find header signals — header dates ("Datum: …", "Mötesdatum … 2024-04-12"), document-type
   headings, removed running headers — and group nearby ones into clusters;
3. start a new meeting where a cluster states a different date than the current meeting, or a
   new document-type heading (an agenda after minutes) follows items;
4. inside each meeting, take the longest increasing run of item numbers ("§ 219", "5.") as the
   agenda items;
5. split each item into paragraphs: blank-line blocks, a section heading ("Beslut",
   "Handlingar") opening the block after it, very short blocks merged forward.
Offsets always index `Document.text`, so `text[p.start:p.end] == p.text`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from protokollet.models import AgendaItem, DocType, Document, Meeting, MetadataHints, Paragraph, RemovedLine

from .clean import CleanText, clean_text, is_page_line
from .dates import find_dates, front_page_date, header_date, heading_date, labelled_date
from .metadata import Found, file_name_metadata, front_matter_metadata, labelled_body, labelled_municipality
from .places import mentions, official_name
from .structure import (
    ItemStart,
    body_name,
    case_number_line,
    choose_items,
    doc_type_line,
    doc_type_word,
    find_case_number,
    item_start,
    section_kind,
    table_case_cell,
)

#: The title of a meeting's opening item: what stands before its first numbered item (attendance,
#: justering, place and time). Kept and citable, so "Vem justerade?" can be answered.
FRONT_MATTER_TITLE = "Inledning och närvaro"
MIN_PARAGRAPH_CHARS = 60  # shorter blocks join the next one: a citation needs some substance
MAX_LEAD_IN_CHARS = 1200  # a paragraph ending in a colon joins the next one up to this size
#: A line of a list: "- Delaktighet", "• Vuxna: 200 kr/år", "2. Stadsmiljönämnden ges i uppdrag ...".
LIST_LINE_RE = re.compile(r"\s*(?:[•●▪◦*–-]|\d{1,2}[.)])\s")


def runs_on(before: str, after: str) -> bool:
    """Whether the text after a blank line goes on with the sentence before it.

    PDF text breaks a page (its header and footer cleaned away) or a column in mid-sentence, leaving a
    blank line: "främst kring\n\nresecentrum och Badhusparken." A block ending in a lower-case word or a
    comma, followed by one starting in lower case, is one sentence; apart, neither half says it."""
    before, after = before.rstrip(), after.lstrip()
    return bool(before and after) and (before[-1].islower() or before[-1] == ",") and after[0].islower()


#: An agenda item's stored title is cut (at a word, with " …") past this many characters; long enough
#: for whole titles: Göteborg's motion titles run to 250 characters.
ITEM_TITLE_CHARS = 300
_HEAD_TEXT_CHARS = 160  # a heading line longer than this also holds text, so it is cited too
_CLUSTER_GAP = 400  # header lines further apart than this (chars) belong to different headers
_MAX_TITLE_LINES = 5
_MAX_WRAPPED_TITLE_CHARS = 220
# Words that show a header belongs to the minutes of a sitting (not to a quoted extract or a letter).
_SITTING_RE = re.compile(
    r"\b(?:närvarande|ledamöter|beslutande|justerare|justering|justerande|deltagare|deltagande|"
    r"sekreterare|ordförande|plats och tid|tid och plats|frånvarande|ersättare|närvaro|kallade)\b",
    re.IGNORECASE,
)
_EXTRACT_RE = re.compile(r"\b(?:protokollsutdrag|utdrag|bestyrk\w*|skrivelse|remiss\w*)\b", re.IGNORECASE)
_SITTING_LOOKAHEAD = 40
_FRONT_PAGE_LINES = 40  # lines before the first item read for a meeting date when no header gave one
_CONTINUES_RE = re.compile(
    r"(?:,|\b(?:och|eller|samt|för|om|att|i|av|till|med|på|från|inom|mellan|vid|över|under|"
    r"avseende|gällande|kring|mot|den|det|de|en|ett|som|-|–))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """One line of the cleaned text with its offsets."""

    start: int
    end: int
    text: str
    blank: bool


def split_lines(text: str) -> list[Line]:
    """The cleaned text as lines with offsets (newlines excluded)."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw, not raw.strip()))
        pos += len(raw) + 1
    return lines


# --- meeting segmentation ---------------------------------------------------------------------


@dataclass
class Signal:
    """Evidence of a meeting header at a position: a date, a document type, a body."""

    pos: int
    date: dt.date | None = None
    doc_type: DocType | None = None
    heading: bool = False  # a document-type heading still in the text (not a running header)
    removed: bool = False  # a removed running header
    label: bool = False  # a labelled date ("Datum: …"), strong enough on its own
    page: bool = False  # a removed page number / signature line: no header evidence
    text: str = ""  # the line, to say where a date was read


def _signals(lines: list[Line], cleaned: CleanText) -> list[Signal]:
    found: list[Signal] = []
    for line in lines:
        if line.blank:
            continue
        kind = doc_type_line(line.text)
        heading = kind is not None or line.start in cleaned.headings
        date = header_date(line.text) or (heading_date(line.text) if heading else None)
        if date or kind:
            found.append(
                Signal(
                    line.start,
                    date,
                    kind,
                    heading=heading,
                    label=labelled_date(line.text) is not None,
                    text=line.text.strip(),
                )
            )
    for hit in cleaned.headers:
        if hit.kind == "toc":
            continue  # a contents line's date ("Sista svarsdag 2025-10-21 .... 14") is an item's
        dates = find_dates(hit.line)
        found.append(
            Signal(
                hit.pos,
                dates[0].date if dates else None,
                doc_type_word(hit.line),
                removed=True,
                page=is_page_line(hit.line),
                text=hit.line,
            )
        )
    return sorted(found, key=lambda s: s.pos)


def _clusters(signals: list[Signal], starts: list[int]) -> list[list[Signal]]:
    """Group signals that form one header: close together, no item start between them."""
    groups: list[list[Signal]] = []
    for sig in signals:
        if groups:
            last = groups[-1][-1]
            # A removed header sits at the offset of the line after it, which may be an item start.
            between = any(last.pos <= s < sig.pos for s in starts)
            if not between and sig.pos - last.pos <= _CLUSTER_GAP:
                groups[-1].append(sig)
                continue
        groups.append([sig])
    return groups


def _block_bounds(lines: list[Line]) -> list[tuple[int, int]]:
    """(first, last) line indexes of each blank-line separated block."""
    blocks: list[tuple[int, int]] = []
    first: int | None = None
    for i, line in enumerate(lines):
        if line.blank:
            if first is not None:
                blocks.append((first, i - 1))
                first = None
        elif first is None:
            first = i
    if first is not None:
        blocks.append((first, len(lines) - 1))
    return blocks


def _extend_back(pos: int, lines: list[Line], floor: int) -> int:
    """Move a meeting start back over a short title block or two ("SRB internat 29-30 aug")."""
    blocks = [b for b in _block_bounds(lines) if lines[b[1]].end < pos and lines[b[0]].start > floor]
    for first, last in reversed(blocks[-2:]):
        text = lines[first].text.strip()
        if first != last or len(text) > 60 or text.endswith((".", ",", ":", ";")) or text.isdigit():
            break  # a sentence, a long block or a stray page number ends the title
        pos = lines[first].start
    return pos


@dataclass
class _MeetingDraft:
    start: int
    date: dt.date | None = None
    date_source: str = ""
    doc_types: list[DocType] = field(default_factory=list)


def _opens_sitting(part: list[Signal], lines: list[Line], line_index: dict[int, int]) -> bool:
    """Whether a header found after items opens the minutes of another sitting.

    A running header next to its own date does (it repeats on every page of that meeting). Otherwise the
    header must announce a document type, not be marked as an extract or a letter ("Protokollsutdrag",
    "Skrivelse"), and be followed by what minutes of a sitting print first: attendance, justering,
    place and time. Quoted extracts and letters inside an item fail that and stay in the item.
    """
    running = [s for s in part if s.removed and not s.page]
    if running and any(s.date for s in part):
        return True
    headings = [s for s in part if s.heading and s.doc_type]
    if not headings:
        return False
    if _listed_paper(lines, line_index.get(headings[0].pos, 0)):
        return False
    first = line_index.get(part[0].pos, 0)
    before = " ".join(lines[i].text for i in range(max(0, first - 3), first + 1))
    if _EXTRACT_RE.search(before):
        return False
    after = " ".join(lines[i].text for i in range(first, min(len(lines), first + _SITTING_LOOKAHEAD)))
    return bool(_SITTING_RE.search(after))


def _dated_entry(text: str) -> bool:
    """A line of a list of papers: a name, a comma and the date that ends it ("Planritning, 2025-03-19")."""
    dates = find_dates(text)
    if not dates or text[dates[-1].end :].strip():
        return False
    return text[: dates[-1].start].rstrip().endswith(",")


def _listed_paper(lines: list[Line], index: int) -> bool:
    """Whether line `index` is an entry of an item's list of papers: dated like its neighbours. An earlier
    meeting's minutes listed there ("Sammanträdesprotokoll, 1999-05-20") are a paper, not a new sitting."""
    if not _dated_entry(lines[index].text):
        return False
    near = lines[max(0, index - 3) : index] + lines[index + 1 : index + 4]
    return any(_dated_entry(line.text) for line in near if not line.blank)


def segment_meetings(lines: list[Line], cleaned: CleanText) -> list[_MeetingDraft]:
    """Split the document where a new meeting header begins."""
    line_index = {line.start: i for i, line in enumerate(lines)}
    starts = [
        line.start for i, line in enumerate(lines) if not line.blank and item_start(line.text, i) is not None
    ]
    drafts = [_MeetingDraft(0)]
    for cluster in _clusters(_signals(lines, cleaned), starts):
        cur = drafts[-1]
        # A bare date line in running text is not a header unless something else says so.
        strong = any((s.removed and not s.page) or s.heading or s.label for s in cluster)
        dated = [k for k, s in enumerate(cluster) if s.date and strong]
        if any(cluster[k].date == cur.date for k in dated):
            dated = []  # the current meeting's own running header: dates near it are content
        has_items = any(cur.start <= s < cluster[0].pos for s in starts)
        split_at: int | None = None
        if dated and cur.date is not None:
            differing = [k for k in dated if cluster[k].date != cur.date]
            if differing:
                # Skip the old meeting's own trailing header lines (same date) before the new one.
                same_before = [k for k in dated if k < differing[0]]
                split_at = same_before[-1] + 1 if same_before else 0
        elif not dated and has_items and cur.doc_types:
            headings = [k for k, s in enumerate(cluster) if s.heading and s.doc_type]
            if headings and cluster[headings[0]].doc_type != cur.doc_types[0]:
                split_at = headings[0]
        if (
            split_at is not None
            and has_items
            and dated
            and not _opens_sitting(cluster[split_at:], lines, line_index)
        ):
            split_at = None
            dated = []
        part = cluster
        if split_at is not None:
            pos = cluster[split_at].pos
            floor = max((s for s in starts if s < pos), default=cur.start)
            cur = _MeetingDraft(_extend_back(pos, lines, floor))
            drafts.append(cur)
            part = cluster[split_at:]
        dates = [s.date for s in part if s.date]
        # After items, only a running header still dates the meeting; other dates there are content.
        settled = has_items and split_at is None and not any(s.removed and not s.page for s in part)
        if dates and strong and cur.date is None and not settled:
            dated_signal = next(s for s in part if s.date)
            kind = "running header" if dated_signal.removed else "line"
            cur.date, cur.date_source = dates[0], f"{kind} '{dated_signal.text}'"
        if not settled:
            cur.doc_types.extend(s.doc_type for s in part if s.doc_type)
    return drafts


# --- items and paragraphs ---------------------------------------------------------------------


@dataclass
class _Unit:
    """A run of lines that becomes (part of) a paragraph."""

    first: int
    last: int
    section: str | None  # kind of the section heading this unit sits under
    heading: bool = False  # the unit is a section heading line


@dataclass
class _ItemDraft:
    number: str
    title: str
    case_number: str | None
    start: int
    end: int
    paragraphs: list[tuple[int, int, str | None]]  # (start, end, section kind)


#: A page's own lines that a scan may print between a bare "§ 32" and its title: "SAMMANTRÄDESPROTOKOLL",
#: "Datum", "2024-03-20", "11 (28)".
_PAGE_LINE_RE = re.compile(
    r"(?:(?:sammanträdes)?protokoll|kallelse|protokollsutdrag|datum|sammanträdesdatum|sida\s+\d+(?:\s+av\s+\d+)?"
    r"|\d{4}-\d\d-\d\d|\d+\s*\(\d+\))",
    re.IGNORECASE,
)


def _after_page_lines(lines: list[Line], first: int, last: int) -> tuple[int, str | None]:
    """The index after the page's own lines (and a case-number line among them) that follow a bare item
    heading, with that case number: a scan prints "$ 32", then "SAMMANTRÄDESPROTOKOLL", "Datum",
    "2024-03-20", "Dnr KFT-2024-00071", and only then the title "Kungsbackas mästare 2023"."""
    i, case, skipped = first, None, False
    while i <= last:
        text = " ".join(lines[i].text.split())
        if lines[i].blank:
            i += 1
            continue
        if _PAGE_LINE_RE.fullmatch(text):
            skipped = True
        elif skipped and case is None and (found := case_number_line(text)):
            case = found
        else:
            break
        i += 1
    return (i, case) if skipped and i <= last else (first, None)


def _title_lines(lines: list[Line], first: int, last: int) -> int:
    """Index after the title lines that follow a bare item heading ("§ 220 Ärendenummer …")."""
    i = first
    while i <= last and lines[i].blank:
        i += 1
    end = i
    while end <= last and end - i < _MAX_TITLE_LINES:
        line = lines[end]
        if line.blank or section_kind(line.text) is not None:
            break
        text = line.text.strip()
        if end > i:
            prev = lines[end - 1].text.strip()
            starts_upper = text[:1].isupper()
            if starts_upper and not _CONTINUES_RE.search(prev):
                break
            if prev.endswith((".", "!", "?", ":")):
                break
        end += 1
    return end


def _wrapped_title_end(lines: list[Line], first: int, last: int, start: str) -> int:
    """Index after the lines that continue a title up to a section heading ("Beslut"), else `first`.

    A title that wraps ("Motion av A (KD), B (KD), Johanna" / "Holmdahl (KD) om ...") runs on with no
    blank line up to the item's first section heading; a sentence (ending in ".") is body text.
    """
    if not start:  # the title stands on the lines after a bare heading, maybe after a blank line
        while first <= last and lines[first].blank:
            first += 1
    end = first
    size = len(start)
    while end <= last and end - first < _MAX_TITLE_LINES and not lines[end].blank:
        text = lines[end].text.strip()
        if section_kind(text) is not None:
            return end if end > first else first
        size += len(text) + 1
        if text.endswith((".", "!", "?", ":")) or size > _MAX_WRAPPED_TITLE_CHARS:
            return first
        end += 1
    return first


def _short_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= ITEM_TITLE_CHARS:
        return text
    cut = text[:ITEM_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def _units(lines: list[Line], first: int, last: int) -> list[_Unit]:
    """Blank-line blocks, cut again before and after each section-heading line."""
    units: list[_Unit] = []
    section: str | None = None
    run_start: int | None = None
    for i in range(first, last + 1):
        line = lines[i]
        kind = section_kind(line.text) if not line.blank else None
        if line.blank or kind is not None:
            if run_start is not None:
                units.append(_Unit(run_start, i - 1, section))
                run_start = None
            if kind is not None:
                section = kind
                units.append(_Unit(i, i, section, heading=True))
            continue
        if run_start is None:
            run_start = i
    if run_start is not None:
        units.append(_Unit(run_start, last, section))
    return units


def _paragraph_spans(lines: list[Line], units: list[_Unit]) -> list[tuple[int, int, str | None]]:
    """Merge units into paragraphs: headings open the next block, short blocks join the next."""
    spans: list[tuple[int, int, str | None]] = []
    pending: list[_Unit] = []
    list_open = False  # the last paragraph is a lead-in's list, which may go on after a blank line

    def flush() -> None:
        nonlocal list_open
        content = [u for u in pending if not u.heading]
        if content:
            section = content[-1].section
            spans.append((lines[pending[0].first].start, lines[pending[-1].last].end, section))
            block = lines[pending[0].first : pending[-1].last + 1]
            list_open = bool(LIST_LINE_RE.match(block[-1].text)) and any(
                line.text.rstrip().endswith(":") for line in block
            )
        pending.clear()

    for index, unit in enumerate(units):
        if (
            not unit.heading
            and not pending
            and list_open
            and LIST_LINE_RE.match(lines[unit.first].text)
            and lines[unit.last].end - spans[-1][0] < MAX_LEAD_IN_CHARS
        ):
            # "antar följande indikatorer:" with its points in blank-line-separated groups, as PDF text
            # prints them: the list stays one paragraph with the line that says what it lists.
            spans[-1] = (spans[-1][0], lines[unit.last].end, spans[-1][2])
            continue
        if unit.heading:
            if any(not u.heading for u in pending):
                flush()
            pending.append(unit)
            continue
        pending.append(unit)
        size = lines[pending[-1].last].end - lines[pending[0].first].start
        # A block ending in a colon leads in to the next ("Mötet väljer följande till ledamöter:" above
        # the names): apart, the list's paragraph would not say what it lists.
        leads_in = lines[pending[-1].last].text.rstrip().endswith(":") and size < MAX_LEAD_IN_CHARS
        following = units[index + 1] if index + 1 < len(units) else None
        goes_on = (
            following is not None
            and not following.heading
            and runs_on(lines[unit.last].text, lines[following.first].text)
        )
        if size >= MIN_PARAGRAPH_CHARS and not leads_in and not goes_on:
            flush()
    if pending and spans and all(u.heading for u in pending):
        # Headings with nothing after them ("Beslutet expedieras till:" ending the item) stay with the
        # paragraph before: no text is lost and no heading stands alone.
        spans[-1] = (spans[-1][0], lines[pending[-1].last].end, spans[-1][2])
        pending.clear()
    flush()
    return spans


def _build_item(lines: list[Line], start: ItemStart, last: int) -> _ItemDraft:
    head = lines[start.line]
    number = f"§ {start.number}" if start.sign else str(start.number) if start.number else ""
    rest = start.rest
    case_number: str | None = None
    found = find_case_number(rest)
    if found:
        case_number, rest = found
    elif listed := find_case_number(start.listed):  # printed only in the list of items
        case_number = listed[0]
    body_first = start.line + 1
    include_head = False
    if rest:
        title = rest
        columns = [c.strip() for c in rest.split("\t") if c.strip()]
        case_cell = next((k for k, c in enumerate(columns) if table_case_cell(c)), None)
        if case_number is None and case_cell is not None and len(columns) > 1:
            # A table row with a case-number column ("4. | Title | 2026-00488 | Förslag ..."): the
            # title is the first other cell, the rest is the item's text (the row is cited).
            case_number = table_case_cell(columns[case_cell])
            title = next(c for k, c in enumerate(columns) if k != case_cell)
        elif len(columns) > 1 and len(columns[0]) <= 40:
            title = " ".join(columns[1:])
        # A heading line that also holds text ("14. Mötet avslutas, Siw tackade för mötet") is cited.
        include_head = len(title) > _HEAD_TEXT_CHARS or "\t" in rest or len(rest.split()) >= 6
        wrapped = _wrapped_title_end(lines, body_first, last, title)
        if wrapped > body_first and not include_head:
            title = " ".join([title, *(lines[i].text.strip() for i in range(body_first, wrapped))])
            body_first = wrapped
        title = _short_title(title)
    else:
        body_first, on_page = _after_page_lines(lines, body_first, last)
        case_number = case_number or on_page
        title_end = max(
            _title_lines(lines, body_first, last), _wrapped_title_end(lines, body_first, last, "")
        )
        title_text = " ".join(lines[i].text.strip() for i in range(body_first, title_end))
        if case_number is None:
            found = find_case_number(title_text)
            if found:
                case_number, title_text = found
        title = _short_title(title_text)
        body_first = title_end
    if case_number is None:  # printed on its own line under the title ("Bun/2019:49   600")
        following = [line for line in lines[body_first : last + 1] if not line.blank][:2]
        case_number = next((c for line in following if (c := case_number_line(line.text))), None)
    units = _units(lines, body_first, last)
    if include_head:  # opens the first paragraph, like a section heading does
        units.insert(0, _Unit(start.line, start.line, None, heading=len(rest) <= _HEAD_TEXT_CHARS))
    spans = _paragraph_spans(lines, units)
    if not spans:  # a title-only item ("1 Ordförande hälsar välkomna"): cite its heading
        end_line = max(start.line, body_first - 1)
        while end_line > start.line and lines[end_line].blank:
            end_line -= 1
        spans = [(head.start + (len(head.text) - len(head.text.lstrip())), lines[end_line].end, None)]
    end = lines[last].end
    return _ItemDraft(number, title.strip(" -–:"), case_number, head.start, end, spans)


_BARE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\.?\s*$")
_MAX_BARE_TITLE_WORDS = 14


def _bare_number_start(lines: list[Line], i: int) -> ItemStart | None:
    """A number alone on its line with the item's title on the next line ("1" / "Mötets öppnande")."""
    m = _BARE_NUMBER_RE.match(lines[i].text)
    if not m or int(m.group(1)) == 0:
        return None
    following = [line for line in lines[i + 1 : i + 3] if not line.blank]
    if not following:
        return None
    title = following[0].text.strip()
    if not title[:1].isupper() or len(title.split()) > _MAX_BARE_TITLE_WORDS or section_kind(title):
        return None
    return ItemStart(i, int(m.group(1)), False, "", bare=True)


def _opening_item(lines: list[Line], first: int, end: int) -> _ItemDraft | None:
    """What stands before the first numbered item (attendance, justering, place and time) as an item."""
    spans = _paragraph_spans(lines, _units(lines, first, end - 1))
    if not spans:
        return None
    return _ItemDraft("", FRONT_MATTER_TITLE, None, spans[0][0], spans[-1][1], spans)


def _heading_items(
    lines: list[Line], first: int, last: int, headings: dict[int, int], chosen: list[ItemStart]
) -> list[ItemStart]:
    """Markdown headings as the items of notes whose numbered lines are a list, not the agenda.

    Used when nothing is numbered with "§", the numbered items are not themselves headings, and the
    headings at the item level are at least as many. The item level is the shallowest level (below a lone
    document title) with at least half as many headings as the most crowded one: "# Möte 2023-02-07" /
    "# Öppnar mötet 11:45" above nine "## Beslutsbarhet", "## Protokolljusterare", ... are not two items.
    """
    if any(c.sign for c in chosen):
        return chosen
    found = [
        i
        for i in range(first, last)
        if lines[i].start in headings
        and section_kind(lines[i].text) is None
        and doc_type_line(lines[i].text) is None
    ]
    if len(found) < 2 or (all(lines[c.line].start in headings for c in chosen) and chosen):
        return chosen
    levels = Counter(headings[lines[i].start] for i in found)
    top = min(levels)
    if levels[top] == 1 and len(levels) > 1:  # one top heading: the document's title
        del levels[top]
    most = max(levels.values())
    level = min(level for level, count in levels.items() if 2 * count >= most)
    heads = [i for i in found if headings[lines[i].start] == level]
    if len(heads) < max(2, len(chosen)):
        return chosen
    starts: list[ItemStart] = []
    for i in heads:
        numbered = item_start(lines[i].text, i)
        text = lines[i].text.strip()
        starts.append(numbered or ItemStart(i, 0, False, text))
    return starts


# --- ids and fingerprints ---------------------------------------------------------------------


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_for_fingerprint(text: str) -> str:
    """Lowercase letters and digits only: line breaks, headers' spacing, punctuation vanish."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def meeting_fingerprint(meeting: Meeting) -> str:
    """sha256 of the meeting's normalised paragraph text (preamble and page headers excluded)."""
    content = "".join(p.text for item in _numbered(meeting) for p in item.paragraphs)
    return _sha(normalise_for_fingerprint(content))


def is_opening(item: AgendaItem) -> bool:
    """The meeting's opening item (its front matter), which two copies of one meeting may cut apart
    differently, so fingerprints and the near-duplicate check leave it out."""
    return item.number == "" and item.title == FRONT_MATTER_TITLE


def _numbered(meeting: Meeting) -> list[AgendaItem]:
    return [item for item in meeting.items if not is_opening(item)]


def _shingles(text: str, size: int = 5) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def same_meeting(a: Meeting, a_text: str, b: Meeting, b_text: str, threshold: float = 0.85) -> bool:
    """Near-duplicate check for one meeting printed in two files.

    Copies of the same minutes differ by typos fixed in one version ("Utvädering" →
    "Utvärdering"), so fingerprints can differ; here dates must agree when both are known,
    item numbers must match, and the paragraph texts (from `a_text` / `b_text`, the documents'
    cleaned texts) must share most of their 5-word shingles.
    """
    if a.date and b.date and a.date != b.date:
        return False
    if [i.number for i in _numbered(a)] != [i.number for i in _numbered(b)]:
        return False
    sa = _shingles(" ".join(a_text[p.start : p.end] for i in _numbered(a) for p in i.paragraphs))
    sb = _shingles(" ".join(b_text[p.start : p.end] for i in _numbered(b) for p in i.paragraphs))
    if not sa or not sb:
        return False
    return len(sa & sb) / len(sa | sb) >= threshold


def _assign_ids(meeting: Meeting) -> None:
    meeting.fingerprint = meeting_fingerprint(meeting)
    meeting.id = meeting.fingerprint[:16]
    for item in meeting.items:
        item.id = _sha(f"{meeting.id}|{item.ordinal}|{item.number}")[:16]
        for para in item.paragraphs:
            para.id = _sha(f"{item.id}|{para.ordinal}|{para.text}")[:16]


# --- metadata ---------------------------------------------------------------------------------


def _body_from(lines: list[Line], headers: list[str]) -> tuple[str, str] | None:
    """(body, where) from the meeting's preamble lines, else from its running headers.

    A labelled line ("Beslutande organ: Kommunfullmäktige", "Organ  BUN") wins; then a line that is
    only a body's name; then a line naming a body among other words (a municipality, a document type).
    """
    impure: tuple[str, str] | None = None
    for line in lines:
        text = line.text.strip()
        if labelled := labelled_body(text):
            return labelled, f"line '{text}'"
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if nxt and nxt[0].islower() and len(nxt.split()) <= 4 and not re.search(r"[.:;]", nxt):
            joined = body_name(f"{text} {nxt}")
            if joined and joined[1]:
                return joined[0], f"lines '{text} {nxt}'"
            if joined and impure is None:
                impure = joined[0], f"lines '{text} {nxt}'"
        found = body_name(text)
        if found and found[1]:
            return found[0], f"line '{text}'"
        if found and impure is None:
            impure = found[0], f"line '{text}'"
    for header in headers:
        found = body_name(header)
        if found:
            return found[0], f"running header '{header}'"
    return impure


_LETTERHEAD_LINES = 12
# After the name in an address footer: "Nacka kommun, 131 81 Nacka", "Region Örebro län, Box 1613".
_POSTAL_RE = re.compile(r"\s*,?\s*(?:\d{3} ?\d{2}\b|box\s+\d+)", re.IGNORECASE)


def _municipality_from(lines: list[Line], headers: list[str], meeting: list[Line]) -> tuple[str, str] | None:
    """(municipality, where): a labelled line, a letterhead or running header that names one, a line
    of the meeting that is nothing but the name (an address footer), else the one named most often in
    the preamble; only Sweden's real municipalities and regions count."""
    texts = [line.text.strip() for line in lines if not line.blank]
    for text in texts:
        if labelled := labelled_municipality(text):
            return labelled, f"line '{text}'"
    letterhead = [(t, "line") for t in texts[:_LETTERHEAD_LINES]] + [(h, "running header") for h in headers]
    for text, kind in letterhead:
        hits = mentions(text)
        if hits and (official_name(text) or body_name(text) or len(text.split()) <= 6):
            return hits[0][0], f"{kind} '{text}'"
    for line in meeting:  # a line that is only the name, or an address that starts with it
        hits = mentions(line.text)
        address = hits and hits[0][1] == 0 and _POSTAL_RE.match(line.text[hits[0][2] :])
        if name := official_name(line.text) or (hits[0][0] if address else None):
            return name, f"line '{line.text.strip()}'"
    counts = Counter(name for text in texts for name, _, _ in mentions(text))
    if counts:
        name = counts.most_common(1)[0][0]
        return name, f"named {counts[name]}x before the first item"
    return None


def _metadata(
    preamble: list[Line],
    meeting: list[Line],
    headers: list[str],
    draft: _MeetingDraft,
    *,
    inferred: DocType,
    hints: MetadataHints | None,
    front_matter: dict[str, str],
    source_path: str,
    first_meeting: bool,
) -> Found:
    """Body, date, municipality and type of one meeting, each with where it was read (see `metadata`)."""
    found = Found()
    if hints is not None:
        for name, value in hints.model_dump(exclude_none=True).items():
            found.offer(name, value, "sidecar or command-line flag")
    front_matter_metadata(front_matter, found)
    if labelled := _body_from(preamble, headers):
        found.offer("body", *labelled)
    found.offer("date", draft.date, draft.date_source)
    if municipality := _municipality_from(preamble, headers, meeting):
        found.offer("municipality", *municipality)
    if draft.doc_types:
        found.offer("doc_type", Counter(draft.doc_types).most_common(1)[0][0], "document-type heading")
    file_name_metadata(source_path, found, with_date=first_meeting)
    if inferred != DocType.OKAND:
        found.offer("doc_type", inferred, "proposals without decisions")
    return found


def _infer_doc_type(kinds: list[DocType], items: list[_ItemDraft]) -> DocType:
    if kinds:
        return Counter(kinds).most_common(1)[0][0]
    sections = [kind for item in items for (_, _, kind) in item.paragraphs]
    if sections.count("proposal") >= 2 and "decision" not in sections:
        return DocType.KALLELSE  # proposals and no decisions: an announced agenda
    return DocType.OKAND


def _describe(index: int, meeting: Meeting) -> str:
    return f"meeting {index + 1} ({meeting.body or 'unknown body'}, {meeting.date or 'no date'})"


# --- the entry point --------------------------------------------------------------------------


def parse_document(
    raw_text: str, *, source_path: str, sha256: str, hints: MetadataHints | None = None
) -> Document:
    """Parse extracted text into a Document whose offsets refer to its cleaned `text`."""
    cleaned = clean_text(raw_text)
    text = cleaned.text
    lines = split_lines(text)
    drafts = segment_meetings(lines, cleaned)
    line_starts = [line.start for line in lines]
    meetings: list[Meeting] = []
    warnings: list[str] = []
    for n, draft in enumerate(drafts):
        end = drafts[n + 1].start if n + 1 < len(drafts) else len(text)
        first = next((i for i, s in enumerate(line_starts) if s >= draft.start), len(lines))
        last = max(first, next((i for i, s in enumerate(line_starts) if s >= end), len(lines)))
        candidates = [
            c
            for i in range(first, last)
            if not lines[i].blank
            and (c := item_start(lines[i].text, i) or _bare_number_start(lines, i)) is not None
        ]
        chosen = _heading_items(lines, first, last, cleaned.headings, choose_items(candidates))
        items = [
            _build_item(
                lines,
                s,
                s.line if s.single_line else (chosen[k + 1].line - 1 if k + 1 < len(chosen) else last - 1),
            )
            for k, s in enumerate(chosen)
        ]
        preamble_end = chosen[0].line if chosen else last
        if items and (opening := _opening_item(lines, first, preamble_end)) is not None:
            items.insert(0, opening)
        doc_type = _infer_doc_type(draft.doc_types, items)
        if not items and last > first:  # no numbered items: the whole meeting is one item
            spans = _paragraph_spans(lines, _units(lines, first, last - 1))
            if spans:
                title = _short_title(lines[first].text.strip()) if not lines[first].blank else ""
                items = [_ItemDraft("", title, None, spans[0][0], spans[-1][1], spans)]
        headers = [h.line for h in cleaned.headers if draft.start <= h.pos < end and h.kind == "header"]
        if draft.date is None:  # no header line dated it: a short front-page line may
            front = lines[first : min(preamble_end, first + _FRONT_PAGE_LINES)]
            dated = next(((d, line) for line in front if (d := front_page_date(line.text))), None)
            if dated:
                draft.date, draft.date_source = dated[0], f"front-page line '{dated[1].text.strip()}'"
        found = _metadata(
            lines[first:preamble_end],
            lines[first:last],
            headers,
            draft,
            inferred=doc_type,
            hints=hints,
            front_matter=cleaned.front_matter if n == 0 else {},
            source_path=source_path,
            first_meeting=n == 0,
        )
        meeting = Meeting(
            body=found.values.get("body"),
            municipality=found.values.get("municipality"),
            date=found.values.get("date"),
            doc_type=found.values.get("doc_type", DocType.OKAND),
            start=draft.start,
            end=end,
            sources=found.sources,
        )
        for k, item in enumerate(items):
            paragraphs = [
                Paragraph(
                    ordinal=j,
                    text=text[s:e],
                    start=s,
                    end=e,
                    is_decision=kind == "decision" and meeting.doc_type != DocType.KALLELSE,
                )
                for j, (s, e, kind) in enumerate(item.paragraphs)
            ]
            decision = "\n\n".join(
                re.sub(r"^\s*\S[^\n]*\n+", "", p.text, count=1)
                if section_kind(p.text.split("\n", 1)[0]) == "decision"
                else p.text
                for p in paragraphs
                if p.is_decision
            ).strip()
            meeting.items.append(
                AgendaItem(
                    ordinal=k,
                    number=item.number,
                    title=item.title,
                    case_number=item.case_number,
                    decision=decision or None,
                    start=item.start,
                    end=item.end,
                    paragraphs=paragraphs,
                )
            )
        meeting.title = " ".join(
            part
            for part in (
                meeting.doc_type.value.capitalize() if meeting.doc_type != DocType.OKAND else "",
                meeting.body or "",
                meeting.date.isoformat() if meeting.date else "",
            )
            if part
        )
        _assign_ids(meeting)
        if meeting.items or n == 0 or len(drafts) == 1:
            meetings.append(meeting)
    for n, meeting in enumerate(meetings):
        if meeting.date is None:
            warnings.append(f"{_describe(n, meeting)}: no meeting date in the text or metadata")
        if meeting.body is None:
            warnings.append(f"{_describe(n, meeting)}: no body (organ) in the text or metadata")
        if not meeting.items:
            warnings.append(f"{_describe(n, meeting)}: no agenda items found")
    return Document(
        id=sha256[:16],
        source_path=source_path,
        sha256=sha256,
        doc_type=_main_doc_type(meetings),
        text=text,
        meetings=meetings,
        warnings=warnings,
        removed=[RemovedLine(kind=hit.kind, text=hit.line) for hit in cleaned.headers],
    )


def _main_doc_type(meetings: list[Meeting]) -> DocType:
    """The type of the meetings holding most items (an agenda attached to minutes is not main)."""
    weight: Counter[DocType] = Counter()
    for meeting in meetings:
        weight[meeting.doc_type] += len(meeting.items) or 1
    known = [(n, t) for t, n in weight.items() if t != DocType.OKAND]
    if known:
        return max(known)[1]
    return DocType.OKAND
