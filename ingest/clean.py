"""Cleaning: raw extracted text → the one text every offset refers to.

Pure functions. Steps: HTML fragments and entities out, whitespace normalised, words hyphenated
across line breaks re-joined, repeated page headers/footers and page numbers removed, blank-line
runs collapsed so one blank line separates blocks. Removed header lines are not thrown away: they
are returned with their position, because they often carry the only statement of the meeting's
body and date ("Mötesdatum / Samverkansgrupp hälsa 2023 / 2024-04-12" on every page).
"""

from __future__ import annotations

import html
import re
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
    r"utdragsbestyrkande)"
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
    r"\b(?:mötesdatum|sammanträdesdatum|sammanträdesdag|datum|protokoll|minnesanteckningar|"
    r"kallelse|föredragningslista|dagordning|justerandes|sida)\b",
    re.IGNORECASE,
)
# Section headings repeat in every item; they are content structure, never running headers.
SECTION_HEADINGS = frozenset(
    """beslut;förslag till beslut;beslutsunderlag;sammanfattning;ärendet i korthet;ärendebeskrivning;
    bakgrund;handlingar;handling;yrkanden;yrkande;propositionsordning;protokollsanteckning;
    protokollsanteckningar;protokollsutdrag skickas till;tidigare behandling;reservation;reservationer;
    särskilt yttrande;särskilda yttranden;omröstning;omröstningsresultat;beslutsgång;jäv;
    expedieras till;skickas till;beslutet skickas till;diskussion;diskussion/synpunkter;yttrande;
    yttranden;föredragande;ajournering;bilagor;bilaga;ärendet;motivering;beredning;överläggning;
    deltar ej i beslutet;deltar inte i beslutet;anteckning;anteckningar""".replace("\n", "").split(";")
)
_MIN_REPEATS = 3
_MAX_HEADER_LEN = 100
_NEIGHBOUR_SHARE = 0.6
_ANCHOR_COVERAGE = 0.5


@dataclass(frozen=True)
class HeaderHit:
    """A removed running-header line and the offset in the cleaned text where it stood."""

    pos: int
    line: str


@dataclass
class CleanText:
    """The cleaned text plus the header lines removed from it (kept as metadata evidence)."""

    text: str
    headers: list[HeaderHit] = field(default_factory=list)


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


def is_page_line(line: str) -> bool:
    """Page numbers and signature-box lines ("3 (53)", "Sida 2 av 7", "Justerandes signatur")."""
    return bool(_PAGE_LINE_RE.match(line.strip()))


def _header_shaped(key: str) -> bool:
    """Short, not a sentence, not a section heading."""
    if key in SECTION_HEADINGS or key.rstrip(":") in SECTION_HEADINGS:
        return False
    return len(key) <= _MAX_HEADER_LEN and not key.endswith((".", ":", ";", ",")) and (len(key.split()) <= 8)


def _looks_like_header(key: str) -> bool:
    return _header_shaped(key) and bool(_HEADER_WORD_RE.search(key) or find_dates(key))


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
    headers = {k for k in repeated if _looks_like_header(k)}
    nonblank = [i for i, k in enumerate(keys) if k]
    for _ in range(3):
        near: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for idx, i in enumerate(nonblank):
            k = keys[i]
            if k not in repeated or k in headers:
                continue
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


def remove_headers(text: str) -> CleanText:
    """Drop running headers and page lines, collapse blank runs; remember what was removed where."""
    lines = text.split("\n")
    keys = [_key(line) for line in lines]
    header_keys = find_header_keys(keys)
    out: list[str] = []
    hits: list[tuple[int, str]] = []  # (index into out, removed line)
    for line, key in zip(lines, keys, strict=True):
        if key and (key in header_keys or is_page_line(key)):
            hits.append((len(out), line.strip()))
            continue
        if not key:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    offsets: list[int] = []
    pos = 0
    for line in out:
        offsets.append(pos)
        pos += len(line) + 1
    final = "\n".join(out)
    headers = [HeaderHit(offsets[i] if i < len(offsets) else len(final), line) for i, line in hits]
    return CleanText(final, headers)


def clean_text(raw: str) -> CleanText:
    """The full cleaning pipeline; the returned text is what `Document.text` holds."""
    text = strip_html(raw)
    text = normalise_whitespace(text)
    text = dehyphenate(text)
    return remove_headers(text)
