"""Line-level recognisers shared by the parser: item starts, section headings, case numbers,
document-type keywords, organ (body) and municipality names.

Each answers one question about one line, by general rules of how Swedish minutes are printed;
none knows any particular municipality or file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from protokollet.models import DocType

from .clean import SECTION_HEADINGS
from .dates import find_dates

# "§ 231", "§1", "§ 219 Ärendenummer SLK-2024-00074" — but not "§ 150 och den 6 mars", "§ 541.".
# A body's abbreviation may stand before the sign: "KF § 12      KS KF/2024:101", "BUN § 3".
# Markdown conversions may print the heading as a list item: "- § 87".
# A scanned protocol's OCR may read the sign as "$": "$ 26 Dnr KFT-2024-00060", "$42 Dnr ...".
_PARAGRAPH_SIGN_RE = re.compile(
    r"^[ \t]*(?:[-•*][ \t]+)?(?:[A-ZÅÄÖ]{1,6}[ \t]+)?[§$][ \t]*(\d{1,4})(?!\d)[ \t]*(.*)$"
)
# "5 Bredband", "5. Mötet öppnas", "11. (Siw tog över) Folkhälsocheferna" — not "13.00 Lunch".
_NUMBERED_RE = re.compile(r"^[ \t]*(\d{1,3})(\.?)[ \t]+(\S.*)$")
# A scanned protocol's "§" as OCR reads it: "& 1. Stämmans öppnande", "$& 10. Val av revisor", "8 7. Fråga
# om kallelse", "£ 12. ...". Only with the dot and a capitalised title (the run of numbers decides the rest).
_OCR_SIGN_RE = re.compile(r"^[ \t]*(?:[&$£]{1,2}|8|S)[ \t]*(\d{1,3})\.[ \t]+([A-ZÅÄÖ].*)$")
# The sign read as "8" and glued to the number, known by the case number after it: "842 Dnr KFT-2024-00073"
# is § 42 (a plain "842 Dnr ..." would be an unsigned number, which minutes do not print before a Dnr).
_OCR_EIGHT_RE = re.compile(r"^[ \t]*8(\d{1,3})[ \t]+((?:Dnr|Diarienr)\.?:?[ \t]*\S.*)$")
# "Ärende 2", "Ärende nr 3: Budget 2025", "Punkt 4" — a kallelse's section for one listed item.
_MARKED_RE = re.compile(
    r"^[ \t]*(?:ärende|punkt)(?:[ \t]+nr\.?)?[ \t]+(\d{1,3})(?!\d)[ \t]*[:.]?[ \t]*(.*)$", re.I
)


@dataclass(frozen=True)
class ItemStart:
    """A line that may open an agenda item."""

    line: int  # index into the line list
    number: int
    sign: bool  # printed with "§"
    rest: str  # text after the number on the same line
    marked: bool = False  # opened by a word ("Ärende 2"), numbered like a plain list
    single_line: bool = False  # an entry of an item list whose sections follow: it ends on its line
    listed: str = ""  # for a section of such a list: its entry's text (a case number printed only there)
    bare: bool = False  # a number alone on its line, its title on the next line


def item_start(text: str, index: int) -> ItemStart | None:
    """Recognise an agenda-item opening line, or None.

    What follows the number must look like a heading: nothing, a case number or a capitalised
    title. That rejects references in running text ("§ 150 och den 6 mars", "§ 541.").
    """
    m = _PARAGRAPH_SIGN_RE.match(text)
    if m:
        rest = m.group(2).strip()
        if rest[:1] == "." and rest[1:2].isspace() and rest[2:].lstrip()[:1].isupper():
            rest = rest[1:].strip()  # "§1. Föreningsstämmans öppnande" (but not "§ 541." ending a sentence)
        if rest == "" or rest[0].isupper() or rest[0] == "(" or _LEADING_CASE_RE.match(rest):
            return ItemStart(index, int(m.group(1)), True, rest)
        return None
    m = _OCR_SIGN_RE.match(text) or _OCR_EIGHT_RE.match(text)
    if m:
        return ItemStart(index, int(m.group(1)), True, m.group(2).strip())
    m = _MARKED_RE.match(text)
    if m:
        rest = m.group(2).strip()
        if rest == "" or rest[0].isupper() or _LEADING_CASE_RE.match(rest):
            return ItemStart(index, int(m.group(1)), False, rest, marked=True)
        return None
    m = _NUMBERED_RE.match(text)
    if m:
        number, dot, rest = int(m.group(1)), m.group(2), m.group(3).strip()
        if number == 0 or rest[0].isdigit():
            return None
        if rest[0].isupper() or rest[0] == "(" or (dot and rest[0].isalpha()):
            return ItemStart(index, number, False, rest)
    return None


def longest_sequence(starts: list[ItemStart], max_step: int) -> list[ItemStart]:
    """The longest run of starts whose numbers increase by at most `max_step` each time.

    Agenda items are numbered in printed order, so numbered list lines inside an item
    ("1. Styrning och ledning" under item 7) and cross-references cannot join the run.
    """
    if not starts:
        return []
    best = [1] * len(starts)
    back = [-1] * len(starts)
    for j, sj in enumerate(starts):
        for i in range(j):
            step = sj.number - starts[i].number
            if 0 < step <= max_step:
                better = best[i] + 1 > best[j]
                # Of equal runs, the closer number, and of the same "§" number the later line: an attendance
                # list's "Anna Ek, kommunrevisor § 50" comes before the item § 50 itself (a plain numbered
                # list inside an item repeats the agenda's numbers after it, so there the first one stays).
                previous = sj.number - starts[back[j]].number if back[j] >= 0 else 0
                later_sign = step == previous and starts[i].sign
                tie_closer = best[i] + 1 == best[j] and back[j] >= 0 and (step < previous or later_sign)
                if better or tie_closer:
                    best[j], back[j] = best[i] + 1, i
    end = max(range(len(starts)), key=lambda k: (best[k], -k))
    chain: list[ItemStart] = []
    while end >= 0:
        chain.append(starts[end])
        end = back[end]
    return chain[::-1]


_LIST_GAP = 6  # lines between entries of a list of items ("Ärendelista") at most, as a median


def without_item_list(starts: list[ItemStart]) -> list[ItemStart]:
    """Drop a compact list of the items ("Ärendelista": "§ 55 KS KF/2026:6" / "Meddelanden" / ...) whose
    numbers are printed again later as the items themselves; the list stays text of what precedes."""
    seen: set[int] = set()
    firsts: list[ItemStart] = []
    again: set[int] = set()
    for start in starts:
        if start.number in seen:
            again.add(start.number)
        else:
            firsts.append(start)
            seen.add(start.number)
    listed = [start for start in firsts if start.number in again]
    gaps = sorted(b.line - a.line for a, b in itertools.pairwise(listed))
    if len(listed) < 2 or gaps[len(gaps) // 2] > _LIST_GAP:
        return starts
    dropped = {id(start) for start in listed}
    return [start for start in starts if id(start) not in dropped]


def choose_items(candidates: list[ItemStart]) -> list[ItemStart]:
    """Pick the numbering style ("§", plain numbers, or "Ärende N") that yields the longest item
    sequence; a plain list of items followed by "Ärende N" sections for some of them gives both."""
    with_sign = longest_sequence(without_item_list([c for c in candidates if c.sign]), max_step=10)
    plain = longest_sequence([c for c in candidates if not (c.sign or c.marked or c.bare)], max_step=2)
    bare = longest_sequence([c for c in candidates if c.bare], max_step=1)
    if not with_sign and len(bare) > max(len(plain), 2):  # "1" / "Mötets öppnande" / ... / "2" / ...
        return bare
    marked = longest_sequence([c for c in candidates if c.marked], max_step=10)
    if _lists_items_of(plain, marked):
        entries = {start.number: start.rest for start in plain}
        sections = [replace(start, listed=entries[start.number]) for start in marked]
        detailed = {start.number for start in marked}
        listed = [replace(start, single_line=True) for start in plain if start.number not in detailed]
        return sorted(listed + sections, key=lambda start: start.line)
    if len(with_sign) >= 2 and 2 * len(with_sign) >= len(plain):
        return with_sign  # "§" numbers are the agenda; a longer numbered list is inside an item
    return max((with_sign, plain, marked), key=len)  # the first of equal length wins


def _lists_items_of(plain: list[ItemStart], marked: list[ItemStart]) -> bool:
    """Whether `plain` is a compact list of items (one line each) whose sections `marked` opens later."""
    return (
        len(plain) >= 2
        and bool(marked)
        and all(b.line - a.line <= 2 for a, b in itertools.pairwise(plain))
        and marked[0].line > plain[-1].line
        and {start.number for start in marked} <= {start.number for start in plain}
    )


# --- section headings -------------------------------------------------------------------------

# "Kommunstyrelsens beslut", "Barn- och utbildningsnämndens beslut", "SAMHÄLLSPLANERINGSNÄMNDENS BESLUT"
_OWN_DECISION_RE = re.compile(r"^(?:[a-zåäö]+- och |[a-zåäö-]+s )?[a-zåäö-]+s beslut$")


def section_kind(line: str) -> str | None:
    """ "decision", "proposal" or "other" when the line is a section heading, else None."""
    if len(line) > 60:
        return None
    key = " ".join(line.split()).rstrip(":").strip().lower()
    if not key or len(key) > 45:
        return None
    if key in {"beslut", "beslutet"} or _OWN_DECISION_RE.match(key):
        return "decision"
    if key in {"förslag till beslut", "förslag till beslut:"} or key.endswith("förslag till beslut"):
        return "proposal"
    if key in SECTION_HEADINGS:
        return "other"
    return None


# --- case numbers -----------------------------------------------------------------------------

_CASE_BODY = (
    # SLK-2024-00074, RS 2024/123, KS KF/2024:101
    r"[A-ZÅÄÖ]{1,8}(?:[ -][A-ZÅÄÖ]{1,8})?[ /-]?\d{2,4}[-/:.]\d{1,6}(?:[-/:.]\d{1,6})?"
    r"|\d{1,5}/\d{2,4}"  # 0509/23
    r"|[A-ZÅÄÖ]{2,8}\d{4,8}"  # RV240022
    r"|[A-ZÅÄÖ][a-zåäö]{1,7}/\d{4}:\d{1,6}"  # Bun/2015:603
)
_LABELLED_CASE_RE = re.compile(
    rf"\b(?:Ärendenummer|Ärendenr|Diarienummer|Diarienr|Dnr)\.?:?\s*({_CASE_BODY})", re.IGNORECASE
)
_PAREN_CASE_RE = re.compile(rf"\(\s*(?:Dnr\.?:?\s*)?({_CASE_BODY})\s*\)")


_LEADING_CASE_RE = re.compile(rf"^({_CASE_BODY})(?=\s|$)")
# At the end of a title, maybe with an archive code after it: "... obekväma tider Bun/2015:603   691".
_TRAILING_CASE_RE = re.compile(rf"(?<=\s)({_CASE_BODY})(?:\s+\d{{1,4}})?\s*$")


_LINE_CASE_RE = re.compile(
    rf"^(?:(?:Ärendenummer|Ärendenr|Diarienummer|Diarienr|Dnr)\.?:?\s*)?({_CASE_BODY})(?:\s+\d{{1,4}})?$",
    re.IGNORECASE,
)


def case_number_line(text: str) -> str | None:
    """The case number when a line is nothing else ("Bun/2019:49   600", "Dnr KS 2024/12")."""
    m = _LINE_CASE_RE.match(" ".join(text.split()))
    return m.group(1) if m else None


_BARE_YEAR_CASE_RE = re.compile(r"^(?:19|20)\d\d-\d{3,6}$")


def table_case_cell(cell: str) -> str | None:
    """The case number when a table cell holds nothing else; in a case column a bare year-serial
    ("2026-00488") is one too, although in running text it is not recognised."""
    text = " ".join(cell.split())
    return text if _BARE_YEAR_CASE_RE.match(text) else case_number_line(text)


def find_case_number(text: str) -> tuple[str, str] | None:
    """(case number, text with it removed) for "Ärendenummer X", "Dnr X", "(RV240022)", or a
    bare case number opening an item heading ("§ 3 0509/23")."""
    for regex in (_PAREN_CASE_RE, _LABELLED_CASE_RE, _LEADING_CASE_RE, _TRAILING_CASE_RE):
        m = regex.search(text)
        if m:
            stripped = (text[: m.start()] + text[m.end() :]).strip()
            return m.group(1), re.sub(r"\s{2,}", " ", stripped)
    return None


# --- document type ----------------------------------------------------------------------------

_DOC_WORDS: dict[str, DocType] = {
    "mötesanteckningar": DocType.MINNESANTECKNINGAR,
    "sammanträdesanteckningar": DocType.MINNESANTECKNINGAR,
    "protokoll": DocType.PROTOKOLL,
    "sammanträdesprotokoll": DocType.PROTOKOLL,
    "minnesanteckningar": DocType.MINNESANTECKNINGAR,
    "minnesanteckning": DocType.MINNESANTECKNINGAR,
    "kallelse": DocType.KALLELSE,
    "föredragningslista": DocType.KALLELSE,
    "dagordning": DocType.KALLELSE,
    "agenda": DocType.KALLELSE,
}
_DOC_ALT = "|".join(_DOC_WORDS)
_DOC_LINE_RE = re.compile(
    rf"^[\W_]*({_DOC_ALT})\b\s*(\(?nr\.?\s*\d+\)?|[–—:,-].*|fört\b.*|till\b.*|för\b.*)?\s*$",
    re.IGNORECASE,
)
_DOC_WORD_RE = re.compile(rf"\b({_DOC_ALT})\b", re.IGNORECASE)
#: Words after the document type from which a line ending in a full stop is a sentence, not a heading.
_SENTENCE_WORDS = 4
#: Words after the document type from which a line ending in a colon introduces a list, not a heading.
_LEAD_IN_WORDS = 2


def doc_type_line(line: str) -> DocType | None:
    """The document type a heading line announces ("MINNESANTECKNINGAR", "Protokoll nr 10",
    "Agenda – tidsplanering"); not a title such as "Protokoll från arbetsutskottet", nor a sentence
    ("Kallelse till stämman hade anslagits på föreningens anslagstavlor.") nor a list's lead-in
    ("Dagordning för stämman, paragraferna:")."""
    m = _DOC_LINE_RE.match(line)
    rest = m.group(2) or "" if m else ""
    if m is None or (len(rest.split()) >= _SENTENCE_WORDS and line.rstrip().endswith(".")):
        return None
    if line.rstrip().endswith(":") and len(re.findall(r"\w+", rest)) >= _LEAD_IN_WORDS:
        return None  # "Dagordning för stämman, paragraferna:" introduces the list of a protocol
    return _DOC_WORDS[m.group(1).lower()]


def doc_type_word(line: str) -> DocType | None:
    """Any document-type word in a running header ("Göteborgs Stad Kommunstyrelsen, protokoll")."""
    m = _DOC_WORD_RE.search(line)
    return _DOC_WORDS[m.group(1).lower()] if m else None


# --- municipality and body --------------------------------------------------------------------

_MUNICIPALITY_RE = re.compile(
    r"\bRegion\s+[A-ZÅÄÖ][a-zåäö]+(?:\s+läns?\b)?"
    r"|\b[A-ZÅÄÖ][a-zåäö]+s\s+(?:[Ss]tad|[Kk]ommun)\b"
    r"|\b[A-ZÅÄÖ][a-zåäö]+\s+kommun\b"
)
_ORGAN_RE = re.compile(
    r"(?:styrelse|styrelsen|fullmäktige|nämnd|nämnden|nämnderna|utskott|utskottet|beredning|"
    r"beredningen|rådet|råd|samverkansgrupp|grupp|gruppen|kommitté|kommittén|direktion|"
    r"direktionen|presidium|presidiet|delegation|delegationen|revisionen|revisorerna|"
    # An association's meeting is its body: "vårmöte", "föreningsstämma", "extrastämma", "styrelsemöte".
    r"(?:års|vår|höst|medlems|styrelse|sektions|extra)möte|(?:års|vår|höst|medlems|styrelse|sektions|extra)mötet|"
    r"stämma|stämman|föreningsstämma|extrastämma)$",
    re.IGNORECASE,
)
_ROLE_WORDS = frozenset(
    [
        "ordförande",
        "vice",
        "sekreterare",
        "ledamot",
        "ledamöter",
        "ersättare",
        "närvarande",
        "frånvarande",
        "justerare",
        "kommunalråd",
        "kommunalrådet",
        "oppositionsråd",
        "protokoll",
        "minnesanteckningar",
        "från",
        "till",
        "för",
        "och",
        "om",
        "i",
        "av",
    ]
)


_VERB_TAIL_RE = re.compile(
    r"\s+(?:kallas|kallar|sammanträder|sammanträde|sammanträdet|möte|mötet|har|hade|beslutade|beslutar)\b.*$",
    re.IGNORECASE,
)


_MEETING_OF_RE = re.compile(
    rf"^(?:{_DOC_ALT}|anteckningar)\s+från\s+(?:(.+?)s\s+(?:möte|sammanträde)\b"  # "... rådets möte"
    r"|\w*(?:möte|sammanträde)\s+(?:i|med)\s+(\S+))",  # "... arbetsmöte i NGP-gruppen ..."
    re.IGNORECASE,
)


_MEETING_MINUTES_RE = re.compile(
    r"\b((?:års|vår|höst|medlems|styrelse|sektions|extra)?)(?:mötes|(stämmo))protokoll(?:et)?\b",
    re.IGNORECASE,
)


def _meeting_of_minutes(match: re.Match[str]) -> str:
    meeting = match.group(1) + ("stämma" if match.group(2) else "möte")
    return meeting.upper() if match.group(0).isupper() else meeting


def body_name(line: str) -> tuple[str, bool] | None:
    """(organ name, pure) when the line names a meeting body.

    Strips a leading or trailing municipality, trailing document type, year and dates: "Göteborgs Stad
    Kommunstyrelsen, protokoll" → "Kommunstyrelsen"; "Samverkansgrupp hälsa 2023 2024-04-12" →
    "Samverkansgrupp hälsa". `pure` is False when a municipality or document type was stripped.
    """
    text = re.sub(r"\s+", " ", line).strip().lstrip("-–•* ").strip()
    if not text:
        return None
    # "IX Årsmötesprotokoll 2019", "Stämmoprotokoll": the minutes of a meeting that is the body.
    text = _MEETING_MINUTES_RE.sub(_meeting_of_minutes, text)
    # "Protokoll från Finansiella stabilitetsrådets möte den 10 februari 2014"
    meeting_of = _MEETING_OF_RE.match(text)
    if meeting_of:
        text = meeting_of.group(1) or meeting_of.group(2)
    pure = True
    lead = re.sub(rf"^(?:{_DOC_ALT})\b[\s,:–-]*", "", text, flags=re.IGNORECASE)  # "Föredragningslista, KS"
    if lead != text and lead:
        pure, text = False, lead
    # "Protokoll fört vid ordinarie föreningsstämma med": who keeps the minutes is no part of the name.
    text = re.sub(r"^(?:fört|förda|förd)\s+vid\s+", "", text, flags=re.IGNORECASE)
    stripped = re.sub(rf"[,\s]+(?:[-–]\s*)?(?:{_DOC_ALT})\b.*$", "", text, flags=re.IGNORECASE)
    if stripped != text:
        pure, text = False, stripped
    m = _MUNICIPALITY_RE.match(text)
    if m and m.end() < len(text):
        pure, text = False, text[m.end() :].strip(" ,")
    trailing = [m for m in _MUNICIPALITY_RE.finditer(text) if m.start() > 0 and m.end() == len(text)]
    if trailing:  # "Pensionärsrådet, Lilla kommun", "Kommunstyrelsen i Lilla kommun"
        pure, text = False, re.sub(r"(?:[,–-]|\s+i)?\s*$", "", text[: trailing[0].start()].rstrip())
    text = re.sub(
        r",?\s*\b(?:möte|mötet|sammanträde)\s+(?:nr\.?\s*)?\d+$", "", _VERB_TAIL_RE.sub("", text)
    ).rstrip(" ,")  # "Kommunstyrelsens verksamhetsutskott kallas till sammanträde"
    for found in reversed(find_dates(text)):
        text = (text[: found.start] + text[found.end :]).strip(" ,-–:")
    text = re.sub(r"(?:\s+(?:år\s+)?(?:\d{4}-\d{2}-\d{2}|(?:19|20)\d\d))+$", "", text, flags=re.IGNORECASE)
    text = text.strip(" ,-–:.")
    # "... föreningsstämma med" (the name on the next line), "... Samfällighetsförening den" (a date was cut)
    text = re.sub(r"(?:\s+(?:med|i|för|hos|den))+$", "", text, flags=re.IGNORECASE)
    words = text.split()
    if not 1 <= len(words) <= 6 or re.search(r"[\d.;:!?()@/]", text):
        return None
    if words[0].lower() in _ROLE_WORDS:
        return None
    # The organ word leads ("Kommunstyrelsens arbetsutskott") or ends the name ("Förskola & Grundskola
    # arbetsutskott").
    if not any(_ORGAN_RE.search(w.strip(",")) for w in [*words[:3], words[-1]]):
        return None
    return text[0].upper() + text[1:], pure
