"""Sentence spans with offsets, so an answer quotes exactly what the paragraph says.

No maintained sentence splitter handles Swedish minutes (pysbd and syntok have no Swedish rules, and
minutes mix prose with hard-wrapped lines, list points and headings without a full stop), so this is a
small rule set: a sentence ends at . ! ? before a capital, digit or list marker (unless the word before
the stop is a known abbreviation), at a blank line (unless the sentence runs on over it, as a page break
leaves it in PDF text), and before a line that starts a list point.
Only offsets are returned; callers slice the original text and never re-join it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from protokollet.ingest.parse import runs_on

#: Words that end with a full stop without ending the sentence ("bl.a.", "t.ex.", "enl.").
_ABBREVIATION_LIST = (
    "bl.a t.ex t.o.m m.m m.fl dvs d.v.s s.k ca kl nr jfr enl resp osv o.s.v fr.o.m p.g.a pga mfl etc "
    "tjg tjänstg ordf sekr ang st kap bil jan feb mar apr jun jul aug sep sept okt nov dec"
)
ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())

#: A point where a sentence may end: the stop and the whitespace after it.
_END_RE = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“”(]?[A-ZÅÄÖ0-9•–-])")
#: A line break that starts a new list point or follows a blank line. A dash straight before a capital
#: is a list point typed without its space ("-Läromedel 5,5 av 5,7 mkr" above "-Kunskapsbidraget ...").
_BREAK_RE = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:[-–•*]\s|[-–][A-ZÅÄÖ]|\d{1,2}[.)]\s|[a-zåäö][)]\s))")
MIN_SENTENCE_CHARS = 3
#: Characters before a blank line looked at to see whether the sentence runs on over it (`runs_on`).
_RUN_ON_CHARS = 20


@dataclass(frozen=True)
class Span:
    """A sentence as [start, end) offsets into the text it was found in (whitespace trimmed)."""

    start: int
    end: int


def _is_word_char(char: str) -> bool:
    """What the regex class [\\w.] matches: letters, digits, underscore and the dot."""
    return char.isalnum() or char in "_."


def _is_abbreviation(text: str, stop: int) -> bool:
    """True when the stop at `stop` closes an abbreviation, an initial or a list number, not a sentence."""
    begin = stop  # the run of word characters and dots that ends at the stop (scanned back, not re-searched)
    while begin > 0 and _is_word_char(text[begin - 1]):
        begin -= 1
    if begin == stop:
        return False
    word = text[begin:stop].lower().rstrip(".")
    if word.isdigit() and not text[text.rfind("\n", 0, begin) + 1 : begin].strip():
        return True  # "1." opening a numbered list point
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _cut_points(text: str) -> list[int]:
    cuts: set[int] = set()
    for match in _END_RE.finditer(text):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        cuts.add(match.end())
    for match in _BREAK_RE.finditer(text):
        blank_line = match.group().count("\n") > 1  # a list point's line starts a sentence however
        if not blank_line or not runs_on(
            text[max(0, match.start() - _RUN_ON_CHARS) : match.start()],
            text[match.end() : match.end() + _RUN_ON_CHARS],
        ):
            cuts.add(match.start())
    return sorted(cuts)


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text`, in order, each trimmed of surrounding whitespace and non-empty."""
    spans: list[Span] = []
    begin = 0
    for cut in [*_cut_points(text), len(text)]:
        start, end = begin, cut
        start, end = _trimmed(text, start, end)
        if end - start >= MIN_SENTENCE_CHARS:
            spans.append(Span(start, end))
        begin = cut
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without surrounding whitespace nor whole lines of rules and signature lines
    ("_______", "-----"): they are no part of what the sentence says."""
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        first_end = text.find("\n", start, end)
        if first_end >= 0 and not any(ch.isalnum() for ch in text[start:first_end]):
            start = first_end
            continue
        last_start = text.rfind("\n", start, end)
        if last_start >= 0 and not any(ch.isalnum() for ch in text[last_start:end]):
            end = last_start
            continue
        return start, end


def display(text: str) -> str:
    """A quote for reading: hard line breaks from the PDF collapsed to spaces (the quote itself is kept)."""
    return " ".join(text.split())


_WORD_RE = re.compile(r"\w+")
#: How much longer than the other a quote may be and still only repeat it: "Beslut - X" after "- X",
#: or a decision worded as its proposal with "för fortsatt beredning" added, says nothing new; a quote
#: that adds a whole sentence of its own does.
REPEAT_EXTRA = 0.5


def same_words(one: str, other: str) -> bool:
    """Two quotes that say the same: equal word for word (case, punctuation, list marks and white space
    aside), or one inside the other with little around it."""
    a, b = (" ".join(_WORD_RE.findall(text.casefold())) for text in (one, other))
    shorter, longer = sorted((a, b), key=len)
    if not shorter:
        return a == b
    return f" {shorter} " in f" {longer} " and len(longer) <= (1 + REPEAT_EXTRA) * len(shorter)
