"""Cleaning: raw extracted text → the one text every offset refers to.

Pure functions. Steps: HTML fragments and entities out, whitespace normalised, words hyphenated
across line breaks re-joined, repeated page headers/footers and page numbers removed, blank-line
runs collapsed so one blank line separates blocks. Removed header lines are not thrown away: they
are returned with their position, because they often carry the only statement of the meeting's
body and date ("Mötesdatum / Samverkansgrupp hälsa 2023 / 2024-04-12" on every page).
"""

from __future__ import annotations

import html
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from .dates import find_dates
from .extract import BLOCK_TAGS

_TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>\n]*)?/?>")
_ENTITY_RE = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_SPACE_RE = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_PRIVATE_BULLET_RE = re.compile(r"[\uf000-\uf8ff]")  # Symbol-font bullets from Word/PDF exports

# Words that legitimately follow a dangling hyphen ("Hälso- och sjukvård", "för- eller eftervård").
_HYPHEN_KEEPERS = frozenset(["och", "eller", "samt", "respektive", "resp", "till", "som", "än"])
_HYPHEN_WORD_RE = re.compile(r"([a-zåäöéü])-[ \t]*\n[ \t]*([a-zåäöéü]+)")
_HYPHEN_DIGIT_RE = re.compile(r"(\d)-[ \t]*\n[ \t]*(\d)")
_HYPHEN_UPPER_RE = re.compile(r"([A-ZÅÄÖ0-9]{2})-[ \t]*\n[ \t]*([A-ZÅÄÖ])")

# Page numbers and signature boxes: removed wherever they stand alone on a line. A page's signature
# boxes often come out of a PDF side by side, as one line of labels ("Justerandes sign  Utdragsbestyrkande").
_SIGNATURE_LABEL = (
    r"(?:(?:justerandes?|ordförandes|sekreterarens)\s+(?:signatur|sign)\.?|justerare(?:ns)?\s+signatur|"
    r"utdragsbestyrkande|protokollsutdrag intygas:?)"
)
_PAGE_LINE_RE = re.compile(
    r"^(?:\d{1,4}\s*\(\s*\d{1,4}\s*\)|sida\s+\d{1,4}(?:\s*(?:av|\(|/)\s*\d{1,4}\)?)?|"
    r"-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}\s+av\s+\d{1,4}|"
    rf"{_SIGNATURE_LABEL}(?:[\s|]+{_SIGNATURE_LABEL})*)$",
    re.IGNORECASE,
)
# What marks a repeated line as a running header: a label, a document type or a date. Organ names
# alone do not ("Kulturnämnden" recurs in distribution lists); they join headers as neighbours.
_HEADER_WORD_RE = re.compile(
    r"\b(?:mötesdatum|sammanträdesdatum|sammanträdesdag|datum|\w*protokoll|\w*minnesanteckningar|"
    r"\w*kallelse|föredragningslista|dagordning|justerandes|sida)\b",
    re.IGNORECASE,
)
# Section headings repeat in every item; they are content structure, never running headers. Each one
# also ends a decision section: the background ("Ärende", "Sammanfattning av ärendet"), the papers
# ("Handlingar i ärendet") and an earlier body's proposal ("Ärendets tidigare behandling") often follow
# the decision, and must not read as what was decided.
SECTION_HEADINGS = frozenset(
    re.split(
        r"\s*;\s*",
        """beslut;förslag till beslut;beslutsunderlag;sammanfattning;ärendet i korthet;
    ärendebeskrivning;ärende;sammanfattning av ärendet;beskrivning av ärendet;handlingar i ärendet;
    ärendets beredning;ärendets tidigare behandling;beslutet expedieras till;expediering;bedömning;
    förvaltningens bedömning;ekonomiska konsekvenser;bakgrund;handlingar;handling;yrkanden;yrkande;
    propositionsordning;protokollsanteckning;protokollsanteckningar;protokollsutdrag skickas till;
    tidigare behandling;reservation;reservationer;särskilt yttrande;särskilda yttranden;omröstning;
    omröstningsresultat;beslutsgång;jäv;expedieras till;skickas till;beslutet skickas till;diskussion;
    diskussion/synpunkter;yttrande;yttranden;föredragande;ajournering;bilagor;bilaga;ärendet;motivering;
    beredning;överläggning;deltar ej i beslutet;deltar inte i beslutet;anteckning;anteckningar""",
    )
)
_MIN_REPEATS = 3
_MAX_HEADER_LEN = 100
_NEIGHBOUR_SHARE = 0.6
_ANCHOR_COVERAGE = 0.5


@dataclass(frozen=True)
class HeaderHit:
    """A removed line of page furniture and the offset in the cleaned text where it stood.

    `kind`: "header" (a running header/footer), "page" (page number or signature box), "toc" (a table
    of contents entry with a dot leader) or "yaml" (a line of YAML front matter, read as metadata).
    """

    pos: int
    line: str
    kind: str = "header"


@dataclass
class CleanText:
    """The cleaned text, the furniture removed from it (kept as metadata evidence and reported),
    the Markdown headings (offset of the line → level) and the YAML front matter's fields."""

    text: str
    headers: list[HeaderHit] = field(default_factory=list)
    headings: dict[int, int] = field(default_factory=dict)
    front_matter: dict[str, str] = field(default_factory=dict)

    @property
    def furniture_chars(self) -> int:
        """Characters removed as furniture (each line counted with its line break)."""
        return sum(len(hit.line) + 1 for hit in self.headers)


def strip_html(text: str) -> str:
    """Remove HTML tags and decode entities; block-tag boundaries become line breaks.

    Cells of one table row stay on one line (their tab separators survive), so a row reads
    "7. Presenter<TAB>Subject ..." as it did in the source.
    """
    if "<" in text:

        def _tag(m: re.Match[str]) -> str:
            return "\n" if m.group(1).lower() in BLOCK_TAGS else ""

        # A block closing and the next opening with only spaces between: one line break.
        text = re.sub(r"</(?:p|div|li)>[ ]*<(?:p|div|li)(?:\s[^<>\n]*)?>", "\n", text, flags=re.I)
        text = re.sub(r"(\t)[ ]*<(?:p|div|li)(?:\s[^<>\n]*)?>", r"\1", text, flags=re.I)
        text = re.sub(r"</(?:p|div|li)>[ ]*(\t)", r"\1", text, flags=re.I)
        text = _TAG_RE.sub(_tag, text)
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def normalise_whitespace(text: str) -> str:
    """Unify line ends and spaces, drop invisible characters; keep tabs between table columns."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    text = _PRIVATE_BULLET_RE.sub("•", text)
    text = _SPACE_RE.sub(" ", text)
    lines = [re.sub(r" *\t *", "\t", line).strip() for line in text.split("\n")]
    return "\n".join("" if not line.strip() else line for line in lines)


def dehyphenate(text: str) -> str:
    """Re-join words split across line breaks ("före-\\nbyggande" → "förebyggande").

    Keeps real hyphens: "Hälso- och sjukvård" (the next word is a conjunction), dates split as
    "2024-08-\\n29" (→ "2024-08-29") and abbreviations like "RF-\\nSISU" (→ "RF-SISU").
    """

    def _word(m: re.Match[str]) -> str:
        if m.group(2).lower() in _HYPHEN_KEEPERS:
            return m.group(0)
        return m.group(1) + m.group(2)

    text = _HYPHEN_WORD_RE.sub(_word, text)
    text = _HYPHEN_DIGIT_RE.sub(r"\1-\2", text)
    return _HYPHEN_UPPER_RE.sub(r"\1-\2", text)


_WS_RE = re.compile(r"\s+")


def _key(line: str) -> str:
    return _WS_RE.sub(" ", line).strip().lower()


# A table of contents entry: a title, a dot leader and a page number ("Årsredovisning 2024 ....... 4").
# As a table row, the page number in the last cell: "§ 3<TAB>Anmälan om delegationsbeslut<TAB>6".
_TOC_LINE_RE = re.compile(
    r"^\S.*?(?:\.{4,}|…{2,}|(?:\. ){4,}|_{4,})[ .…_]*\d{1,4}$|^§\s*\d{1,4}\b[^\t]*(?:\t[^\t]+)?\t\d{1,3}$"
)
# A Markdown heading ("## § 5 Budget", "# Mötesanteckningar 7 februari 2025").
_MD_HEADING_RE = re.compile(r"^#{1,6}[ \t]+(?=\S)")
_FENCE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_MAX_FRONT_MATTER_LINES = 60


def split_front_matter(text: str) -> tuple[dict[str, str], list[str], str]:
    """(fields, raw lines, rest) of a leading YAML front matter block (`---` … `---`), if any.

    Converted minutes often carry their metadata there (`kommun: Lomma`, `datum: 2024-03-14`); it is
    metadata, not content, so it leaves the text and is reported as read. Fields are flattened to
    strings; anything that is not a mapping of scalars is not front matter and stays text.
    """
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, [], text
    close = next(
        (i for i in range(1, min(len(lines), _MAX_FRONT_MATTER_LINES)) if _FENCE_RE.match(lines[i])), None
    )
    if close is None:
        return {}, [], text
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[1:close]))
    except yaml.YAMLError:
        return {}, [], text
    if not isinstance(data, dict):
        return {}, [], text
    fields = {
        str(key).strip().lower(): str(value).strip()
        for key, value in data.items()
        if value is not None and not isinstance(value, dict | list)
    }
    return fields, lines[: close + 1], "\n".join(lines[close + 1 :])


def is_toc_line(line: str) -> bool:
    """A table-of-contents entry with a dot leader and a page number: never content to quote."""
    return bool(_TOC_LINE_RE.match(line.strip()))


def is_page_line(line: str) -> bool:
    """Page numbers and signature-box lines ("3 (53)", "Sida 2 av 7", "Justerandes signatur")."""
    return bool(_PAGE_LINE_RE.match(line.strip()))


# A body's own section of an item: "Barn- och utbildningsnämndens beslut", "... behandling".
_BODY_SECTION_RE = re.compile(r"s (?:beslut|behandling|yttrande|förslag)$")


#: A line that opens with a list bullet: an entry of a list, never a page's header or footer.
_BULLET_RE = re.compile(r"^[•●▪◦*–-]\s")


#: The title of a vote table ("Voteringsprotokoll Ja Nej Avstår"), printed once per vote: content.
_VOTE_TABLE_RE = re.compile(r"^(?:voterings|omröstnings)\w*")


def _header_shaped(key: str) -> bool:
    """Short, not a sentence, not a section heading (nor a line that ends with one: "BARN- OCH
    UTBILDNINGSNÄMNDENS BEHANDLING 2021-01-26 Yrkanden" opens a section, however often it recurs), not a
    bulleted list entry ("- Protokoll SBNAU 2026-03-16" under every item's papers is a paper, and read as
    a running header its date would open a sitting of the arbetsutskott in the middle of the minutes), nor
    a vote table's title (Lomma prints "Voteringsprotokoll Ja Nej Avstår" over each vote's roll call: read
    as a header, it took the rows of names beside it along as furniture)."""
    if _BULLET_RE.match(key) or _VOTE_TABLE_RE.match(key):
        return False
    bare = key.rstrip(":")
    words = bare.split()
    if any(" ".join(words[k:]) in SECTION_HEADINGS for k in range(len(words))):
        return False
    if _BODY_SECTION_RE.search(bare):
        return False
    return len(key) <= _MAX_HEADER_LEN and not key.endswith((".", ":", ";", ",")) and (len(key.split()) <= 8)


# "... den 7 maj 2018", "för tiden till och med 2026-12-31": a date inside a phrase, not a header's date.
_PHRASE_BEFORE_DATE_RE = re.compile(
    r"(?:^|\s)(?:den|från|av|med|till|om|per|före|efter|sedan|senast|inom|under|fr\.?o\.?m\.?|t\.?o\.?m\.?)\s*$"
)


# A paper the body decides on, dated: an entry of an item's list of papers, however often it recurs.
_PAPER_RE = re.compile(
    r"\w*(?:skrivelse|utlåtande|yttrande|promemoria|bilaga|underlag|rapport|motion|remiss|missiv|utdrag"
    r"|sammanställning|förteckning|lista|ritning|karta|beställning|ansökan|beskrivning|utredning|avtal|kalkyl"
    r"|intyg|illustration|fotografi)\w*",
    re.IGNORECASE,
)


def is_paper(key: str) -> bool:
    """A dated entry of an item's list of papers ("Planritning, 2024-03-15", "Förvaltningens
    tjänsteskrivelse, 2025-10-01"): content however often it recurs, never a page header."""
    dates = find_dates(key)
    return bool(dates) and bool(_PAPER_RE.search(key[: dates[0].start]))


def _looks_like_header(key: str) -> bool:
    """Header-shaped and naming a label, a document type or a date, but not a date in a phrase:
    "tjänsteskrivelse den 7 maj 2018" repeated in every item's list of documents is content."""
    if not _header_shaped(key):
        return False
    if _HEADER_WORD_RE.search(key):
        return True
    dates = find_dates(key)
    if not dates or is_paper(key):
        return False  # "Förvaltningens tjänsteskrivelse, 2025-10-01" under Beslutsunderlag in every item
    return not _PHRASE_BEFORE_DATE_RE.search(key[: dates[0].start])


#: The end of a line that the next line completes: a range's dash, or a phrase a date ends.
_LEADS_ON_RE = re.compile(r"\s[–—-]$")


def _leads_on(key: str) -> bool:
    """Whether a (normalised) line ends unfinished, so the line after it completes it."""
    if not key or is_page_line(key):
        return False  # a footer's "- 4 -" ends its page; the next page's header does not complete it
    return bool(_LEADS_ON_RE.search(key) or _PHRASE_BEFORE_DATE_RE.search(key))


#: Lines between two prints of a running header, at the least (the median gap): a page holds more.
_MIN_PAGE_LINES = 8


def _once_a_page(key: str, keys: list[str]) -> bool:
    """Whether the line recurs as a page's header does, a page apart, not as the entries of one list:
    "Behandlad av kommunstyrelsen 2026-02-25" under three e-förslag in a row is content."""
    lines = [i for i, k in enumerate(keys) if k == key]
    return statistics.median(b - a for a, b in itertools.pairwise(lines)) >= _MIN_PAGE_LINES


def find_header_keys(keys: list[str]) -> set[str]:
    """Lines (normalised) that are running page headers/footers.

    Anchors: lines that repeat (≥3 times), are short, not sentences, and name a date, a document
    type or a label. Other repeated lines join them when they travel with an anchor: most of
    their own occurrences sit within two lines of it AND they accompany most of its occurrences
    ("M" logo letters, an organ name split over two lines). A name in a vote table that now and
    then lands next to a page header fails the second test.
    """
    counts = Counter(k for k in keys if k)
    repeated = {k for k, n in counts.items() if n >= _MIN_REPEATS and _header_shaped(k)}
    ending = Counter(k for before, k in itertools.pairwise(keys) if k and _leads_on(before))
    # A line that mostly ends what the line above began is content however often it recurs: the
    # election titles' "för tiden 2023-01-01 –" wrapping "2026-12-31", every one of them.
    headers = {
        k for k in repeated if _looks_like_header(k) and ending[k] * 2 < counts[k] and _once_a_page(k, keys)
    }
    nonblank = [i for i, k in enumerate(keys) if k]
    for _ in range(3):
        near: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for idx, i in enumerate(nonblank):
            k = keys[i]
            if k not in repeated or k in headers or is_paper(k):
                continue  # a paper listed under the page header of several items still is a paper
            window = {keys[j] for j in nonblank[max(0, idx - 2) : idx + 3] if j != i}
            anchors = {a for a in window if a in headers}
            if anchors:
                near[k] += 1
                pairs.update((k, a) for a in anchors)
        grown = {
            k
            for (k, a), n in pairs.items()
            if near[k] / counts[k] >= _NEIGHBOUR_SHARE and n / counts[a] >= _ANCHOR_COVERAGE
        }
        if not grown:
            break
        headers |= grown
    return headers


def _furniture_kind(line: str, key: str, header_keys: set[str]) -> str | None:
    if key in header_keys:
        return "header"
    if is_page_line(key):
        return "page"
    if is_toc_line(line):  # the line itself: a table row's cells are tab-separated
        return "toc"
    return None


def remove_headers(text: str) -> CleanText:
    """Drop running headers, page lines and table-of-contents entries, collapse blank runs, and take
    the marks off Markdown headings; remember what was removed where and which lines were headings."""
    lines = text.split("\n")
    levels: list[int] = []
    for n, line in enumerate(lines):
        m = _MD_HEADING_RE.match(line)
        levels.append(len(line.split(None, 1)[0]) if m else 0)
        if m:
            lines[n] = line[m.end() :].rstrip(" #")
    keys = [_key(line) for line in lines]
    header_keys = find_header_keys(keys)
    out: list[str] = []
    out_levels: list[int] = []
    hits: list[tuple[int, str, str]] = []  # (index into out, removed line, kind)
    for line, key, level in zip(lines, keys, levels, strict=True):
        kind = _furniture_kind(line, key, header_keys) if key else None
        if kind is not None:
            hits.append((len(out), line.strip(), kind))
            continue
        if not key:
            if out and out[-1] != "":
                out.append("")
                out_levels.append(0)
            continue
        out.append(line)
        out_levels.append(level)
    while out and out[-1] == "":
        out.pop()
    offsets: list[int] = []
    pos = 0
    for line in out:
        offsets.append(pos)
        pos += len(line) + 1
    final = "\n".join(out)
    headers = [
        HeaderHit(offsets[i] if i < len(offsets) else len(final), line, kind) for i, line, kind in hits
    ]
    headings = {offsets[i]: level for i, level in enumerate(out_levels) if level}
    return CleanText(final, headers, headings)


def clean_text(raw: str) -> CleanText:
    """The full cleaning pipeline; the returned text is what `Document.text` holds."""
    fields, fence, raw = split_front_matter(raw)
    text = strip_html(raw)
    text = normalise_whitespace(text)
    text = dehyphenate(text)
    cleaned = remove_headers(text)
    cleaned.front_matter = fields
    cleaned.headers[:0] = [HeaderHit(0, line.strip(), "yaml") for line in fence if line.strip()]
    return cleaned
