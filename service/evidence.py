"""Evidence for an answer: every sentence of the retrieved paragraphs, scored against the question.

A sentence scores by the weighted share of the question's content words it holds (stemmed by the
analyzer of the index the hits came from, rare words weighing more), the share its whole paragraph
holds, and the hit's rank; it also carries the kinds of fact it states (`facts.py`), so the answerer
can pick the sentence that holds the asked amount, name or date. Shared by the extractive answerer,
the LLM answerer, agenda preparation and `evals/calibrate.py`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from protokollet.index.chunking import SWEDISH_MONTHS
from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.retrieval import RetrievalIndex
from protokollet.index.search import Searcher, SearchFilters, SearchHit, SearchResults, hybrid_depth
from protokollet.ingest.dates import MONTHS, find_dates
from protokollet.ingest.parse import FRONT_MATTER_TITLE, LIST_LINE_RE
from protokollet.ingest.places import place_in_words
from protokollet.models import ParagraphContext
from protokollet.service.acting_body import acting_body, answers_for, asks_decision
from protokollet.service.facts import TALLY_RE, FactKind, is_furniture, sentence_facts, stated_lines
from protokollet.service.question import SITTING_WORDS, asked_kinds, asks_sitting
from protokollet.service.sentences import Span, split_sentences

#: Question words that ask for a decision rather than a discussion.
DECISION_QUESTION_RE = re.compile(r"\bbeslut\w*|\bbeslöt\b|\bklubba\w*|\bbifall\w*|\bavslog\b", re.IGNORECASE)
#: "i september 2024": a month the question names (full month names only, "mar" is a word too); "i december
#: samma år" is of the year named before it.
MONTH_YEAR_RE = re.compile(
    rf"\b({'|'.join(m for m in MONTHS if not any(o != m and o.startswith(m) for o in MONTHS))})"
    r"\s+((?:19|20)\d\d|samma\s+år)\b",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
#: Words before a date that make it the meeting's date: a meeting noun or a decision verb.
MEETING_DATE_CONTEXT_RE = re.compile(
    # a body's act ("Biföll kommunfullmäktige i Lomma den 24 april 2025 ...?") dates its meeting too
    r"\b(?:möte[t]?|sammanträde[t]?|sammanträdde|beslutade|beslöt|beslutades|fattade|biföll|avslog|godkände"
    r"|antog)\b",
    re.IGNORECASE,
)
MEETING_CONTEXT_CHARS = 40
#: A meeting named by its year: "vårmötet 2018", "på stämman 2025", "årsmötet år 2023", "sammanträdet 2024".
MEETING_YEAR_RE = re.compile(
    r"\b\w*(?:möte[t]?|stämma[n]?|sammanträde[t]?)\s+(?:år\s+)?((?:19|20)\d\d)\b(?![-/–]\d)", re.IGNORECASE
)
#: The month of a period that is a whole year.
WHOLE_YEAR = 0
#: A question about when a meeting is (its answer lies in earlier minutes, not in that meeting's own).
ASKS_WHEN_RE = re.compile(r"^\s*när\b|\bnästa\b|\bvilket datum\b|\bvilken dag\b", re.IGNORECASE)
#: Words every question about minutes may contain; they say what is asked, not what about.
GENERIC_WORDS = (
    "beslut beslutade beslutades besluta beslutat beslöt ärende ärendet ärenden fråga frågan frågor "
    "protokoll protokollet sammanträde sammanträdet möte mötet diskuterades diskuterade behandlades "
    "sades sagt står handlade gällde "
    # Words that name the kind of fact asked, not the topic: whether the fact is there is checked by
    # kind (`facts.py`), so they must not make a passage look on topic ("Vad kostar X?" vs a cost of Y).
    "kostar kostade kosta kostat kostnad kostnaden kostnader kostnaderna belopp beloppet summa summan "
    "pengar kronor datum datumet röstade röstning omröstning omröstningen röster rösterna votering "
    "voteringen röstsiffror utsågs utsåg utses utsedd utsedda sammanträdde sammanträder träffades möttes "
    "varade varat pågick pågått hölls hålls valdes valde vald valda väljs förde många fanns finns funnits "
    "båda bägge antecknades antecknade noterades noterade röstades ledde leder "
    # How a question is put, not what it is about: rare in minutes, so as topic words they would weigh
    # the most and match nothing ("Vad sa kommunstyrelsen ...", "Hur gick det för ...", "Ska staden ...").
    "sa sade säger tyckte tycker tycka tyckt ska skall få fick fått ta tog tagit gick gått går låta låter "
    "lät sitt sin sina hände hänt händer blir blev bli ställning ställde ställer ställa svarade svarat "
    "föll föreslog föreslogs gav gavs hand "
    # When in a period or a sitting, not what about: "i mitten av november", "när slutade mötet?" (the time a
    # sitting ended is asked of its opening lines; not "börjar", which a line of dates may answer by).
    "mitten slutet slutade avslutades avslutade "
    "sammanträdesrum sammanträdesrummet sammanträdeslokal sammanträdeslokalen "
    # Where an agenda question found its item ("På dagordningen stod punkten X"), not what X is about
    # (the agenda itself may be the topic: "Gjordes någon ändring i dagordningen?").
    "punkt punkten stod "
    # What a body does with a matter, which the minutes word otherwise ("antas", "godkänns").
    "antog antogs antagit godkände godkändes"
)
#: Where an agenda question found the item it quotes or names ("På ärendelistan till fullmäktige fanns punkten
#: ”...”"): the list is no topic then (it is when nothing is quoted: "Ändrades dagordningen?").
AGENDA_LOCATOR_RE = re.compile(
    r"\b(?:på|i|under)\s+(?:ärendelista|dagordning|föredragningslista|kallelse)n?\b(?=.*(?:\bpunkt|[”\"«]))",
    re.IGNORECASE | re.DOTALL,
)
#: Compounds of these ask for that kind or name the meeting ("slutvoteringen", "vårmötet", "extrastämman").
GENERIC_HEADS = ("votering", "omröstning", "röstning", "sammanträd", "möt", "stämm")
#: Party names as questions write them, and as minutes mostly do: "(SD)" after a name.
PARTY_ABBREVIATIONS = {
    "socialdemokrat": "s",
    "moderat": "m",
    "sverigedemokrat": "sd",
    "vänsterparti": "v",
    "centerparti": "c",
    "liberal": "l",
    "kristdemokrat": "kd",
    "miljöparti": "mp",
}
WORD_RE = re.compile(r"[\w-]+")
#: A local party ("Demokraterna", "Sjukvårdspartiet") is named by its abbreviation in the minutes.
PARTY_HEADS = ("parti", "demokrat")
#: Compound-head matching in `matched_terms`.
MIN_PREFIX = 5
PREFIX_SLACK = 2
#: A question's word may be the text's word with this many letters more ("programmet", "program") ...
INFLECTION_CHARS = 3
#: ... or a compound of this long a head ("cykelsatsning", "satsning") that weighs this share of it.
MIN_HEAD = 6
HEAD_SHARE = 0.6

#: An answer searches this many times the hits it draws on, for the decision sections of its items.
DECISION_LOOKAHEAD = 2
#: At most this many decision-section paragraphs are added from beyond the first hits, of the items of
#: the first `DECISION_ITEMS` hits (further down, an item's long decision, a budget's, crowds the answer).
MAX_ADDED_DECISIONS = 6
DECISION_ITEMS = 3

# Weights of the sentence score (sum 1 without the decision bonus).
W_SENTENCE = 0.5
W_CONTEXT = 0.3
W_RANK = 0.2
DECISION_BONUS = 0.15


@dataclass
class ScoredSentence:
    """One candidate sentence of one hit with the parts of its score (kept for calibration)."""

    rank: int
    context: ParagraphContext
    span: Span
    sentence_overlap: float
    context_overlap: float
    is_decision: bool
    score: float
    matter: int = -1
    terms: frozenset[str] = frozenset()  # the stems the sentence holds, to score it against a part
    #: The stems of the sentence and the `LEAD_UP` sentences before it in its paragraph: a figure or
    #: date often stands on its own line under the line that names what it is about.
    local_terms: frozenset[str] = frozenset()
    facts: frozenset[FactKind] = frozenset()  # the kinds of fact it states
    #: Names the question gives its matter that the sentence's item lacks (`names_missing`).
    lacks_names: frozenset[str] = frozenset()
    #: The question's words about the matter for this sentence's meeting, without years and numbers
    #: (empty when every word names the meeting).
    about: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return self.context.text[self.span.start : self.span.end]


def _about_meeting(question: str, start: int) -> bool:
    """Whether the words just before a date tie it to a meeting ("på mötet den", "beslutade KF den")."""
    return bool(MEETING_DATE_CONTEXT_RE.search(question[max(0, start - MEETING_CONTEXT_CHARS) : start]))


def named_periods(question: str, *, meeting_only: bool = False) -> list[tuple[int, int, int | None]]:
    """(year, month, day or None) of every date or month-and-year the question names, and (year,
    WHOLE_YEAR, None) for a meeting it names by its year ("vårmötet 2018").

    With `meeting_only`, only those the question presents as a meeting's date.
    """
    periods: list[tuple[int, int, int | None]] = [
        (m.date.year, m.date.month, m.date.day)
        for m in find_dates(question)
        if not meeting_only or _about_meeting(question, m.start)
    ]
    for match in MONTH_YEAR_RE.finditer(question):
        year = (
            match.group(2)
            if match.group(2)[0].isdigit()
            else next(iter(reversed(YEAR_RE.findall(question, 0, match.start()))), None)
        )
        if year is None:
            continue
        period = (int(year), MONTHS[match.group(1).lower()], None)
        if meeting_only and not _about_meeting(question, match.start()):
            continue
        if not any(p[:2] == period[:2] for p in periods):
            periods.append(period)
    for match in MEETING_YEAR_RE.finditer(question):
        year = int(match.group(1))
        if not any(p[0] == year for p in periods):
            periods.append((year, WHOLE_YEAR, None))
    return periods


def meeting_missing(question: str, hits: Sequence[SearchHit]) -> bool:
    """True when the question asks about a meeting on a named date and no hit is from then.

    "Vad beslutade kommunstyrelsen den 10 april 2024 ..." cannot be answered from other meetings,
    even when their text mentions that date ("bordläggs till sammanträdet den 10 april 2024"). Only
    dates the question ties to the meeting ("på mötet den ...", "beslutade X den ...") count: other
    dates are about the matter ("delårsrapport för augusti 2024"). A question asking when a meeting is
    ("När är nästa möte ...?") is answered from earlier minutes, so it does not count.
    """
    if ASKS_WHEN_RE.search(question):
        return False
    # A meeting at another period the question names is asked of too: "beslutades redan i januari 2024 –
    # varför fick nämnden ta upp det igen i december samma år?"
    periods = named_periods(question)
    return bool(named_periods(question, meeting_only=True)) and not any(
        in_periods(hit.context.date, periods) for hit in hits
    )


def in_periods(date: dt.date | None, periods: Sequence[tuple[int, int, int | None]]) -> bool:
    """Whether a meeting's date falls in one of the periods a question names."""
    return date is not None and any(
        date.year == year and month in (WHOLE_YEAR, date.month) and day in (None, date.day)
        for year, month, day in periods
    )


@dataclass
class Evidence:
    """The numbers the abstention decision and `evals/calibrate.py` look at."""

    top_hit_score: float = 0.0
    best_sentence_overlap: float = 0.0
    best_context_overlap: float = 0.0
    confidence: float = 0.0  # share of the question's content words in the best hit (with its title)
    content_terms: int = 0
    meeting_missing: bool = False
    sentences: list[ScoredSentence] = field(default_factory=list)


@lru_cache(maxsize=1)
def _plain_analyzer() -> SwedishAnalyzer:
    return SwedishAnalyzer(decompound=False)


def with_decision_sections(hits: Sequence[SearchHit], k: int) -> list[SearchHit]:
    """The first `k` hits, then the decision section further down of an item that leads them without it.

    A question is about an item, and what the body decided is most often its answer; yet the decision
    ("Kommunfullmäktige avslår förslaget i motionen.") shares fewer words with the question than the
    item's background and the parties' statements, so it may rank just below the first `k`.
    """
    top = list(hits[:k])
    items = {hit.context.item_id for hit in top[:DECISION_ITEMS]}
    # An item with two decision paragraphs among them has its decision (one may be the heading's line).
    shown = Counter(hit.context.item_id for hit in top if hit.context.is_decision)
    items = {item for item in items if shown[item] < 2}
    added = [hit for hit in hits[k:] if hit.context.is_decision and hit.context.item_id in items]
    return top + added[:MAX_ADDED_DECISIONS]


def search_for_answer(
    searcher: Searcher, question: str, k: int, filters: SearchFilters | None = None
) -> SearchResults:
    """The hits an answer draws on: the `k` best, with the decision sections of their items."""
    hits = searcher.search(question, k=k * DECISION_LOOKAHEAD, filters=filters, depth=hybrid_depth(k))
    found = with_decision_sections(hits, k)
    if asks_sitting(question):
        found += opening_paragraphs(searcher, found)
    if FactKind.VOTE in asked_kinds(question):
        found += tally_paragraphs(searcher, found)
    return SearchResults(found, hits.from_index)


#: What a meeting's opening item prints about its sitting, searched for within one meeting.
SITTING_QUERY = "plats tid klockan lokal sammanträde sammanträdesdatum"
#: Paragraphs of one meeting searched for its opening item's lines.
SITTING_DEPTH = 40
#: Meetings whose opening item is completed for a question about a sitting (`opening_paragraphs`).
SITTING_MEETINGS = 2
#: What an item prints about how a vote went, searched for within the item's meeting.
TALLY_QUERY = "votering voteringen omröstning röster röstar ja nej avstår"
#: Paragraphs of one meeting searched for a vote's figures.
TALLY_DEPTH = 20
#: The leading items whose vote figures are completed for a question about a vote (`tally_paragraphs`).
TALLY_ITEMS = 2


def opening_paragraphs(searcher: Searcher, hits: Sequence[SearchHit]) -> list[SearchHit]:
    """The paragraphs of the opening items of the meetings of `hits` (the first `SITTING_MEETINGS`) that
    state a place or a time of the sitting: a question about where or when a sitting was held retrieves
    the meeting by its name and date, yet the place and the time stand in its opening item, maybe in a
    paragraph of their own ("Plats: ...", "Tid: ...")."""
    # The meetings whose opening item was retrieved, then those of the best hits: "Var höll nämnden sitt
    # sammanträde den 4 december?" may retrieve only items that mention the meeting.
    meetings = list(
        dict.fromkeys(
            [hit.context.meeting_id for hit in hits if is_opening_item(hit.context)]
            + [hit.context.meeting_id for hit in hits]
        )
    )
    wanted = {
        meeting: next(hit.context for hit in hits if hit.context.meeting_id == meeting)
        for meeting in meetings[:SITTING_MEETINGS]
    }
    return _within_meetings(
        searcher,
        SITTING_QUERY,
        SITTING_DEPTH,
        hits,
        wanted.values(),
        lambda found, near: (
            found.meeting_id == near.meeting_id
            and is_opening_item(found)
            and bool(stated_lines(found.text, place=True, time=True))
        ),
    )


def tally_paragraphs(searcher: Searcher, hits: Sequence[SearchHit]) -> list[SearchHit]:
    """The paragraphs of the leading items of `hits` (the first `TALLY_ITEMS`) that print a vote's figures:
    a question about how a vote went retrieves the item by its matter, yet the figures ("Ja: 23, Nej: 22",
    "med 33 röster mot 14") often stand in a paragraph of their own that shares no word with it. When
    the hits print figures already, nothing is added: another item's vote would only compete with them."""
    if any(TALLY_RE.search(hit.context.text) for hit in hits):
        return []
    items = {hit.context.item_id: hit.context for hit in reversed(hits)}
    leading = [items[item] for item in dict.fromkeys(hit.context.item_id for hit in hits)][:TALLY_ITEMS]
    return _within_meetings(
        searcher,
        TALLY_QUERY,
        TALLY_DEPTH,
        hits,
        leading,
        lambda found, near: found.item_id == near.item_id and bool(TALLY_RE.search(found.text)),
    )


def _within_meetings(
    searcher: Searcher,
    query: str,
    depth: int,
    hits: Sequence[SearchHit],
    near: Iterable[ParagraphContext],
    keep: Callable[[ParagraphContext, ParagraphContext], bool],
) -> list[SearchHit]:
    """Paragraphs not among `hits` that `query` finds lexically within the meeting of each of `near` and
    that `keep(found, near)` accepts: the lines a question's words never reach, sought where they stand."""
    seen = {hit.context.paragraph_id for hit in hits}
    added: list[SearchHit] = []
    for context in near:
        within = SearchFilters(
            body=context.body, date_from=context.date, date_to=context.date, doc_type=context.doc_type
        )
        for hit in searcher.search(query, k=depth, mode="lexical", filters=within):
            if hit.context.paragraph_id not in seen and keep(hit.context, context):
                seen.add(hit.context.paragraph_id)
                added.append(hit)
    return added


def index_of(hits: Sequence[SearchHit]) -> RetrievalIndex | None:
    """The index version the hits came from (`SearchResults.from_index`); None for hits made by hand."""
    index: RetrievalIndex | None = getattr(hits, "from_index", None)
    return index


def analyzer_of(index: RetrievalIndex | None) -> SwedishAnalyzer:
    """The index's own analyzer (it knows the corpus vocabulary for compounds), else a plain one."""
    return index.analyzer if index is not None else _plain_analyzer()


#: How much a matched question word counts: rare words say more about the matter than common ones.
TermWeight = Callable[[str], float]


def uniform_weight(term: str) -> float:
    return 1.0


def term_weights_of(index: RetrievalIndex | None) -> TermWeight:
    """Inverse document frequency over the searcher's lexical index (a word absent from it weighs most).

    A question whose rare words ("IFK", "1987") occur nowhere in the minutes is not answered by the
    common ones it shares with them ("Göteborg", "mål").
    """
    if index is None:
        return uniform_weight
    size = index.size

    def weight(term: str) -> float:
        return math.log((size + 1) / (index.document_frequency(term) + 0.5))

    return weight


#: A verb of the question that no minutes hold ("bestämde", "granskade", "budgeterade") weighs this share
#: of an unseen word: it is more often the question's wording than a topic the minutes lack.
UNSEEN_VERB_SHARE = 0.3
#: Past and passive verb forms ("bestämde", "avsatte", "ändrades", "utvecklats", "räknas"); "-nde" are
#: nouns ("yttrande", "boende").
VERB_FORM_RE = re.compile(r"(?:de|te|des|tes|ats|as)$", re.IGNORECASE)
MIN_VERB_CHARS = 6
#: No term is this (not a word character, and a valid text value for a database): what `weight` gives a
#: term absent from the minutes.
_ABSENT = "∅"


def paraphrase_weight(words: Sequence[QuestionWord], weight: TermWeight) -> TermWeight:
    """`weight`, with the terms of the question's verbs that occur nowhere in the minutes weighing
    `UNSEEN_VERB_SHARE` as much. A name ("IFK", "Volten"), a figure or a noun ("läxhjälp") the minutes
    lack still weighs most: its absence says the minutes are about something else."""
    unseen = weight(_ABSENT)
    verbs = {
        term
        for word in words
        if word.verb and not word.capitalised
        for term in word.terms
        if not any(ch.isdigit() for ch in term) and weight(term) >= unseen
    }
    if not verbs:
        return weight
    return lambda term: weight(term) * UNSEEN_VERB_SHARE if term in verbs else weight(term)


def coverage(wanted: set[str], found: set[str], weight: TermWeight) -> float:
    # fsum is exactly rounded, so the result does not depend on set order (which differs between
    # processes): every API replica gives the same confidence to the last digit.
    total = math.fsum(weight(term) for term in wanted)
    return math.fsum(weight(term) for term in found) / total if total > 0 else 0.0


def _metadata_terms(analyzer: SwedishAnalyzer, context: ParagraphContext) -> set[str]:
    """Terms a question may use to name the meeting (body, municipality, day, month, year), not the
    matter: "den 18 december 2018" names the meeting, and its "18" is not a word the text must hold."""
    text = f"{context.body or ''} {context.municipality or ''}"
    if context.date:
        date = context.date
        text += f" {date.day} {SWEDISH_MONTHS[date.month - 1]} {date.year} {date.isoformat()}"
    return set(analyzer.tokens(text))


#: What may follow a body's stem in a word that names it ("nämndens", "verksamhetsutskottets"); a
#: compound that goes on is about something else ("nämndbudget" for the body "Nämnden för Kultur & Fritid").
#: So may the organ's kind after a stem of its name ("tekniknämnden" for "Nämnden för Teknik"). The
#: stem may have lost a doubled consonant ("verksamhetsutskot" + "tets").
BODY_INFLECTION_RE = re.compile(
    r"[bdfgklmnprstv]?(?:e|en|ens|et|ets|n|ns|na|nas|er|ers|s)?"
    r"|s?(?:nämnd|styrelse|utskott|fullmäktige|beredning|råd)(?:e|en|ens|et|ets|n|ns|s)?"
)


def _body_stems(analyzer: SwedishAnalyzer, context: ParagraphContext) -> list[str]:
    """The stems of the words of the meeting's body and municipality, each whole (no compound parts)."""
    words = analyzer.terms_at(f"{context.body or ''} {context.municipality or ''}")
    return [found[0] for _, found in words if found and len(found[0]) >= MIN_PREFIX]


@dataclass(frozen=True)
class QuestionWord:
    """One content word of the question: its terms, the municipality it names, if it is one, and whether
    it is part of a name ("LiTHe kods", "Långasands Byalags": capitalised inside the question)."""

    terms: frozenset[str]
    place: str | None = None
    name: bool = False
    capitalised: bool = False  # written with a capital inside the question: a proper name
    abbreviation: bool = False  # "VU", "SOU", "EU:s", "VU-kallelsen": often spelt out in the minutes
    follows: bool = False  # nothing but space between it and the content word before it
    verb: bool = False  # written as a past or passive verb ("bestämde", "granskade", "räknas")
    party: bool = False  # a party, as its abbreviation ("Liberalerna": "l")


def topic_terms(
    analyzer: SwedishAnalyzer,
    words: Sequence[QuestionWord],
    terms: set[str],
    context: ParagraphContext,
    naming: frozenset[str] = frozenset(),
) -> set[str]:
    """The terms of `topic_words`, as one set."""
    return {term for group in topic_words(analyzer, words, terms, context, naming) for term in group}


def names_the_meeting(word: QuestionWord, naming: frozenset[str]) -> bool:
    """Whether a name in the question is the one the meeting's title block or file name gives (the
    organisation: "LiTHe kods vårmöte", "HSB:s bostadsrättsförening Sjötungan")."""
    if not word.name or not naming:
        return False
    main = max(word.terms, key=len, default="")
    return bool(word.terms & naming) or (
        len(main) >= MIN_NAME_PREFIX and any(token.startswith(main) for token in naming)
    )


def topic_words(
    analyzer: SwedishAnalyzer,
    words: Sequence[QuestionWord],
    terms: set[str],
    context: ParagraphContext,
    naming: frozenset[str] = frozenset(),
) -> list[frozenset[str]]:
    """The question's content terms that are about the matter, for a passage of this meeting: without
    the words that name its meeting, inflected too ("verksamhetsutskottets" for the body
    "Verksamhetsutskottet", with all of that word's compound parts), without the municipality
    ("Nackas") unless the meeting is known to be another one's (Kungsbacka on "Varbergs detaljplan"),
    and without the organisation its title block or file name gives (`naming`, `meeting_names`)."""
    kept = [group for _, group in matter_words(analyzer, words, context, naming)]
    return kept or [frozenset({term}) for term in terms]


def matter_words(
    analyzer: SwedishAnalyzer,
    words: Sequence[QuestionWord],
    context: ParagraphContext,
    naming: frozenset[str],
) -> list[tuple[QuestionWord, frozenset[str]]]:
    """The question's words that are about the matter for a passage of this meeting (`topic_words`),
    each with its terms less the meeting's own."""
    meeting = _metadata_terms(analyzer, context)
    bodies = _body_stems(analyzer, context)
    kept: list[tuple[QuestionWord, frozenset[str]]] = []
    for word in words:
        main = max(word.terms, key=len, default="")
        if any(main.startswith(stem) and BODY_INFLECTION_RE.fullmatch(main[len(stem) :]) for stem in bodies):
            continue
        if word.place is not None and context.municipality in (None, word.place):
            continue
        if names_the_meeting(word, naming):
            continue
        if word.terms - meeting:
            kept.append((word, word.terms - meeting))
    return kept


def names_missing(
    about: Sequence[tuple[QuestionWord, frozenset[str]]], item_terms: set[str], weight: TermWeight
) -> frozenset[str]:
    """The names the question gives its matter (of `about`, `matter_words`'s words: "Volten", "Mats
    Arnsmar", a party) that the item's text does not hold: an item without them is about another place,
    person, party or case, however many of the other words it shares."""
    names: list[list[frozenset[str]]] = []  # runs of capitalised words: "Business Region Göteborg"
    in_name = False
    for word, group in about:
        if word.party:
            names.append([group])  # "politisk sekreterare för Liberalerna": an item of V's is another's
            in_name = False
            continue
        main = max(word.terms, key=len, default="")
        proper = word.capitalised and not word.abbreviation and not main.endswith(PARTY_HEADS)
        if proper and in_name and word.follows:
            names[-1].append(group)
        elif proper:
            names.append([group])
        in_name = proper
    return frozenset(
        max(name[0], key=len)
        for name in names
        if not any(
            matched_terms(set(group), item_terms, weight) or same_name(group, item_terms) for group in name
        )
    )


#: A name compounded ("Europaparlamentsvalet") names what the text names by its first part
#: ("Val till Europaparlamentet") when they share this many letters, and this share of the shorter word.
MIN_SHARED_NAME = 8
SHARED_NAME_SHARE = 0.7


def same_name(group: frozenset[str], item_terms: set[str]) -> bool:
    """Whether a term of the question's name and a word of the item begin alike for most of the shorter."""
    for term in group:
        for token in item_terms:
            shorter = min(len(term), len(token))
            shared = next((i for i, (a, b) in enumerate(zip(term, token, strict=False)) if a != b), shorter)
            if shared >= MIN_SHARED_NAME and shared >= SHARED_NAME_SHARE * shorter:
                return True
    return False


def word_coverage(words: Sequence[frozenset[str]], found: set[str], weight: TermWeight) -> float:
    """The weighted share of the question's words found, each word weighing as its rarest term and
    counting as found by its best-weighted matched term: a compound ("grundskolan": grundskolan, grund,
    skolan) is one word of the question, not three, so it cannot outweigh a rare word the text lacks."""
    total = math.fsum(max(weight(term) for term in word) for word in words if word)
    got = math.fsum(max((weight(term) for term in word & found), default=0.0) for word in words)
    return got / total if total > 0 else 0.0


PARTY_MENTION_RE = re.compile(
    rf"\(({'|'.join(v.upper() for v in PARTY_ABBREVIATIONS.values())})\)"
    # a party of two letters written bare, as the subject of a motion: "MP yrkar följande tilläggsyrkande",
    # "tilläggsyrkandet från MP" (one letter alone, "S" or "M", may be anything)
    r"|(?<![\w(])(SD|MP|KD)(?![\w)])"
)
#: Parties listed bare: "Partigrupperna M och KD samt SD avstår", "S, V och MP yrkar": in a list of parties
#: one letter is a party too (alone it may be anything).
PARTY_LIST_RE = re.compile(
    r"(?<![\w(-])(?:SD|MP|KD|[SMVCL])(?:(?:,\s*|\s+(?:och|samt)\s+)(?:SD|MP|KD|[SMVCL]))+(?![\w)-])"
)


#: The minutes' procedural words and the plain ones a question uses for them: an item that was
#: "bordlagd" or "återremitterad" was put off ("sköts upp"), "ajournerades" paused, "återupptogs" went on;
#: a "skattesats" is the "kommunalskatt".
PLAIN_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("bordl", "återremi"), ("sköt", "skjut", "skjutit", "uppskjut")),
    (("ajourn",), ("paus",)),
    (("återuppt", "återupptog"), ("fortsat", "fortsät")),
    (("finansier", "bekost"), ("betal",)),
    (("förslag", "initiativ", "motion"), ("idé",)),
    # "Vilken kommunalskatt beslutades, och hur utföll voteringen?": "skattesatsen ... Voteringen utfaller"
    (("skattesat", "utdebiter"), ("kommunalskat",)),
    (("utfall",), ("utföll",)),
)


def plain_words(terms: Iterable[str]) -> frozenset[str]:
    """The text's terms with the plain words for its procedural ones (`PLAIN_WORDS`) added."""
    found = frozenset(terms)
    added = {
        plain
        for formal, plains in PLAIN_WORDS
        if any(t.startswith(formal) for t in found)
        for plain in plains
    }
    return found | added


def party_terms(text: str) -> set[str]:
    """The party names a text writes as "(SD)" after a member's name, as the stems a question uses."""
    named = {(match.group(1) or match.group(2)).lower() for match in PARTY_MENTION_RE.finditer(text)}
    listed = (re.findall(r"[A-Z]+", match.group()) for match in PARTY_LIST_RE.finditer(text))
    named |= {name.lower() for names in listed for name in names}
    return {stem for stem, abbreviation in PARTY_ABBREVIATIONS.items() if abbreviation in named}


def party_stem(term: str) -> str | None:
    return next((stem for stem in PARTY_ABBREVIATIONS if term.startswith(stem)), None)


#: Where the meeting was held ("Tekniks sammanträde i Galaxen", "stämman på Folkets hus"): a room
#: named in the front matter, not a word the matter's text holds.
MEETING_PLACE_RE = re.compile(
    r"\b(?:sammanträde|sammanträdet|möte|mötet|stämma|stämman|årsmöte|årsmötet)\s+(?:i|på)\s+"
    r"((?:[A-ZÅÄÖ][\w-]*)(?:\s+[A-ZÅÄÖ][\w-]*)*)"
)


def question_words(analyzer: SwedishAnalyzer, question: str, terms: set[str]) -> list[QuestionWord]:
    """The question's content words with their terms; a capitalised place name ("Nackas", "i Lomma")
    with the municipality it names; a party ("Sverigedemokraternas") as one term, not its parts."""
    words: list[QuestionWord] = []
    previous_end = 0
    venues = [m.span(1) for m in MEETING_PLACE_RE.finditer(question)]
    for at, found in analyzer.terms_at(question):
        group = frozenset(term for term in found if term in terms)
        if not group or any(start <= at < end for start, end in venues):
            continue
        party = party_stem(max(group, key=len))
        if party is not None:
            words.append(QuestionWord(frozenset({party}), party=True))
            continue
        surface = WORD_RE.match(question, at)
        text = surface.group() if surface else ""
        place = None
        if text[:1].isupper():
            place = place_in_words([text]) or (place_in_words([text[:-1]]) if text.endswith("s") else None)
        # A name: capitalised inside the question, or the word right after one ("LiTHe kods").
        initial = not question[:at].strip() or question[:at].rstrip()[-1:] in ".?!:"
        after_name = bool(words) and words[-1].name and not question[previous_end:at].strip()
        capitalised = text[:1].isupper() and not initial
        abbreviation = re.split(r"[:-]", text)[0].isupper()
        follows = bool(words) and not question[previous_end:at].strip()
        verb = len(text) >= MIN_VERB_CHARS and bool(VERB_FORM_RE.search(text)) and not text.endswith("nde")
        words.append(
            QuestionWord(group, place, capitalised or after_name, capitalised, abbreviation, follows, verb)
        )
        previous_end = at + len(text)
    return words


def content_terms(analyzer: SwedishAnalyzer, question: str) -> set[str]:
    """The question's stemmed content words: stop words and generic minutes words removed."""
    question = AGENDA_LOCATOR_RE.sub(" ", question)
    generic = _generic_terms(analyzer)
    if asks_sitting(question):
        # "..., och hur länge pågick mötet?": the words of a sitting's place and time are no topic (the
        # opening item answers them, `service/sitting.py`).
        generic |= sitting_terms(analyzer)
    # A compound of a vote or meeting word asks for that kind: "slutvoteringen" like "voteringen" (not
    # so a sum's: "sjuklönekostnader" names which costs).
    return {
        term for term in analyzer.tokens(question) if term not in generic and not term.endswith(GENERIC_HEADS)
    }


@lru_cache(maxsize=8)
def sitting_terms(analyzer: SwedishAnalyzer, *, months: bool = False) -> frozenset[str]:
    """SITTING_WORDS (and, asked for, the month names) as `analyzer` stems them (one analyzer per index
    version, so few)."""
    return frozenset(analyzer.tokens(f"{SITTING_WORDS} {' '.join(MONTHS) if months else ''}"))


@lru_cache(maxsize=8)
def _generic_terms(analyzer: SwedishAnalyzer) -> frozenset[str]:
    """GENERIC_WORDS as `analyzer` stems them (one analyzer per index version, so few)."""
    return frozenset(analyzer.tokens(GENERIC_WORDS))


#: Persons in a title block's attendance lines ("Anna Ek (S)") are not the organisation.
PERSON_WITH_PARTY_RE = re.compile(r"[A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)+\s*\([A-ZÅÄÖ]{1,3}\)")
TITLE_BLOCK_CHARS = 240
MIN_NAME_PREFIX = 4


def meeting_names(analyzer: SwedishAnalyzer, hits: Sequence[SearchHit]) -> dict[str, frozenset[str]]:
    """Per meeting of the hits, the terms that name it: its file's name and folder, and the title block
    (first lines) of its opening item when that is among the hits ("LiTHe kods vårmöte 2018 - Protokoll",
    "Extra Föreningsstämma 2025 i HSB:s bostadsrättsförening Sjötungan i Tyresö"). A question names the
    organisation so ("Vem förde protokollet vid Sjötungans stämma?"), and the items of the meeting do
    not repeat it: as a topic word it would turn every item away."""
    first: dict[str, ParagraphContext] = {}
    paths: dict[str, str] = {}
    for hit in hits:
        context = hit.context
        source = PurePosixPath(context.source_path.replace("\\", "/"))
        paths[context.meeting_id] = f"{source.parent.name} {source.stem}"
        current = first.get(context.meeting_id)
        if is_opening_item(context) and (current is None or context.start < current.start):
            first[context.meeting_id] = context
    names: dict[str, frozenset[str]] = {}
    for meeting, file_name in paths.items():
        block = ""
        if meeting in first:
            block = first[meeting].text[:TITLE_BLOCK_CHARS].split("\n\n")[0]
            block = PERSON_WITH_PARTY_RE.sub(" ", block)
        names[meeting] = frozenset(analyzer.tokens(f"{re.sub(r'[-_]', ' ', file_name)} {block}"))
    return names


def is_opening_item(context: ParagraphContext) -> bool:
    """The item ingest makes of what stands before a meeting's first numbered item."""
    return not context.item_number and context.item_title == FRONT_MATTER_TITLE


def is_decision_question(question: str) -> bool:
    return bool(DECISION_QUESTION_RE.search(question))


def matched_terms(wanted: set[str], tokens: set[str], weight: TermWeight = uniform_weight) -> set[str]:
    """The wanted terms found among `tokens`, exactly or as the head of a compound.

    Swedish questions name a matter by a shorter form than the minutes ("förskolan" vs
    "Förskolenämndens"); a term also matches a token that shares all but its last
    `PREFIX_SLACK` characters (and at least `MIN_PREFIX` of them), or a token the term inflects or ends
    in (`_inflects_or_heads`).
    """
    found = wanted & tokens
    for term in wanted - found:
        if len(term) < MIN_PREFIX or not term.isalpha():
            continue
        head = term[: max(MIN_PREFIX, len(term) - PREFIX_SLACK)]
        if any(token.startswith(head) or _inflects_or_heads(term, token, weight) for token in tokens):
            found.add(term)
    return found


def _inflects_or_heads(term: str, token: str, weight: TermWeight) -> bool:
    """Whether the question's `term` is the text's `token` inflected ("programmet" for "program") or a
    compound whose last part it is ("bilparkering" for "parkering": Swedish compounds end in their head),
    when that part says nearly as much ("försöksverksamhet" is not found as "verksamhet")."""
    if len(token) < MIN_PREFIX or not token.isalpha():
        return False
    if term.startswith(token):
        return len(term) - len(token) <= INFLECTION_CHARS
    return len(token) >= MIN_HEAD and term.endswith(token) and weight(token) >= HEAD_SHARE * weight(term)


def best_rank(position: int, hit: SearchHit) -> int:
    """The hit's best 0-based rank in any retriever: a paragraph the dense model ranks first is strong
    evidence even when the fused list puts it lower because the lexical index missed it."""
    ranks = [position] + [r - 1 for r in (hit.dense_rank, hit.lexical_rank) if r is not None]
    return min(ranks)


def named_case_hits(question: str, hits: Sequence[SearchHit]) -> set[str]:
    """Case numbers of the hits that the question names ("Vad hände med ärende SLK-2024-00845?").

    Such a question is about that case only, so other hits are not used for the answer.
    """
    words = {word.strip(".,;:?!()\"'").casefold() for word in question.split()}
    return {
        hit.context.case_number
        for hit in hits
        if hit.context.case_number and hit.context.case_number.casefold() in words
    }


#: Two adjacent short sentences are also quoted as one: a list point and its figure ("• Norra piren."
#: "Prognos: 6 500 000 kr") or a proposal and its vote often stand on two lines.
PAIR_MAX_CHARS = 160
PAIR_PENALTY = 0.05
#: A line of the list of items a front page prints: "§ 138 Informationsärenden Information kamerabevakning
#: Flextidsavtal inom förskolan ..." names the items, it says nothing of them (a line naming a party,
#: "§ 103 Karl-Gustav Nilsson (S), ersätter ...", is who attended).
AGENDA_LINE_RE = re.compile(r"\W*§[ \t]*\d+[ \t]+[A-ZÅÄÖ](?![^\n]*\([A-ZÅÄÖ]{1,3}\))")
#: A list point typed without the space after its dash ("-Läromedel 5,5 av 5,7 mkr"); with it, `LIST_LINE_RE`.
UNSPACED_POINT_RE = re.compile(r"\s*[-–][A-ZÅÄÖ]")
#: An introducing line and its list are quoted together up to this length.
LIST_MAX_CHARS = 400
#: Sentences before a sentence whose words count (discounted) as its context: "• Norra piren – vågbrytare
#: hamninlopp." "Inväntar projektplan." "Prognos: 6 500 000 kr".
LEAD_UP = 2


def two_points(text: str, first: Span, second: Span) -> bool:
    """Whether two adjacent sentences are two points of a list, each its own: as one quote, one lends its
    figure or body to the other ("-Läromedel 5,5 av 5,7 mkr" beside "-Kunskapsbidraget mindre än väntat";
    a council's "- att ... flyttar upp" beside "- att till ny ersättare i socialnämnden väljs ...")."""
    return all(
        LIST_LINE_RE.match(text, at) or UNSPACED_POINT_RE.match(text, at)
        for at in (first.start, second.start)
    )


def quotable_spans(
    context: ParagraphContext, sentences: Sequence[Span] | None = None
) -> list[tuple[Span, bool]]:
    """The paragraph's content sentences (no headings, contents lines or lists of papers), and each
    pair of adjacent short ones as one more candidate; each with whether it is a pair. `sentences`:
    the paragraph's sentences when the caller has split it already."""
    spans = [
        span
        for span in (split_sentences(context.text) if sentences is None else sentences)
        if not is_furniture(
            context.text[span.start : span.end],
            context.item_number,
            context.item_title,
            in_decision_section=context.is_decision,
        )
        and not (is_opening_item(context) and AGENDA_LINE_RE.match(context.text, span.start))
    ]
    pairs = [
        Span(first.start, second.end)
        for first, second in itertools.pairwise(spans)
        if first.end - first.start <= PAIR_MAX_CHARS
        and second.end - second.start <= PAIR_MAX_CHARS
        and not context.text[first.end : second.start].strip()  # adjacent: nothing dropped between
        and not two_points(context.text, first, second)
    ]
    # "Mötet fastställer medlemsavgiften till:" says nothing without the lines it introduces: quoted only
    # with them (the list that follows directly, else the next sentence).
    leads_in: set[Span] = set()
    for at, first in enumerate(spans):
        if not context.text[first.start : first.end].rstrip().endswith(":"):
            continue
        end = first.end
        for item in spans[at + 1 :]:
            text = context.text[item.start : item.end]
            if context.text[end : item.start].strip() or not LIST_LINE_RE.match(text):
                break
            if item.end - first.start > LIST_MAX_CHARS:
                break
            end = item.end
        if end > first.end:
            pairs = [pair for pair in pairs if pair.start != first.start] + [Span(first.start, end)]
        if any(pair.start == first.start for pair in pairs):
            leads_in.add(first)
    # "Med anledning av det måste nämnden ...": a sentence that points back is quoted with the one before.
    leads_in |= {
        span
        for span in spans
        if POINTS_BACK_RE.match(context.text[span.start : span.end])
        and any(pair.end == span.end and pair.start < span.start for pair in pairs)
    }
    return [(span, False) for span in spans if span not in leads_in] + [(span, True) for span in pairs]


#: A sentence opening by pointing back at the one before: its reason or consequence is there.
POINTS_BACK_RE = re.compile(
    r"\s*(?:med anledning av (?:det|detta)|av (?:den|denna) anledning|därför|därmed"
    r"|detta innebär|det innebär|detta (?:medför|betyder|leder|gör)"
    # "För att lösa detta behövs en extra stängningsdag": the problem is the sentence before
    r"|för att \w+ (?:detta|dessa|det här))\b",
    re.IGNORECASE,
)


class _Located:
    """A paragraph's analysed words (after its header), to take the terms of any span of its text."""

    def __init__(self, words: list[tuple[int, list[str]]], header_chars: int) -> None:
        self.words = words
        self.offsets = [at for at, _ in words]
        self.header_chars = header_chars

    def between(self, start: int, end: int) -> frozenset[str]:
        low = bisect_left(self.offsets, self.header_chars + start)
        high = bisect_left(self.offsets, self.header_chars + end)
        return frozenset(term for _, terms in self.words[low:high] for term in terms)


def score_sentences(
    question: str, hits: Sequence[SearchHit], analyzer: SwedishAnalyzer, weight: TermWeight = uniform_weight
) -> tuple[list[ScoredSentence], int]:
    """Every sentence of every hit, scored; also the number of content terms the question has.

    Overlaps are the weighted share of the question's content words a sentence (or its item: the
    number, title and case number with every retrieved paragraph of it) contains.
    """
    terms = content_terms(analyzer, question)
    asked = question_words(analyzer, question, terms)
    weight = paraphrase_weight(asked, weight)
    wants_decision = is_decision_question(question)
    named = named_case_hits(question, hits)
    acting = acting_body(question)
    decided = asks_decision(question)
    naming = meeting_names(analyzer, hits)
    analysed = []
    item_terms: dict[str, set[str]] = {}  # an item's words over all its retrieved paragraphs
    item_texts: dict[str, str] = {}
    for hit in hits:
        context = hit.context
        header = f"{context.item_number} {context.item_title} {context.case_number or ''} "
        item_texts[context.item_id] = item_texts.get(context.item_id, header) + context.text
        words = analyzer.terms_at(header + context.text)  # analysed once; sentences take their share
        item = item_terms.setdefault(context.item_id, set())
        item.update(term for _, found in words for term in found)
        item.update(party_terms(header + context.text))
        item.update(plain_words(item))
        analysed.append((header, words))
    scored: list[ScoredSentence] = []
    for rank, (hit, (header, words)) in enumerate(zip(hits, analysed, strict=True)):
        context = hit.context
        if named and context.case_number not in named:
            continue
        if acting and not answers_for(acting, context.body, item_texts[context.item_id], decided=decided):
            continue  # another body's act on the matter: "Vad beslutade kommunstyrelsen ...?"
        about_words = matter_words(analyzer, asked, context, naming.get(context.meeting_id, frozenset()))
        groups = [group for _, group in about_words] or [frozenset({term}) for term in terms]  # `topic_words`
        wanted = {term for group in groups for term in group}
        about = frozenset(
            term for _, group in about_words for term in group if not any(ch.isdigit() for ch in term)
        )
        if not wanted:
            continue
        # The item is the unit a question is about: the list of who attended and who checked the
        # minutes may be one paragraph of the opening item and the secretary another.
        # Word by word: the confidence must not rise because the question's compounds split into parts.
        context_overlap = word_coverage(
            groups, matched_terms(wanted, item_terms[context.item_id], weight), weight
        )
        lacking = names_missing(about_words, item_terms[context.item_id], weight)
        rank_weight = 1.0 / (1.0 + best_rank(rank, hit))
        located = _Located(words, len(header))
        # Where every sentence starts, headings too: "Frånvarande:" above "- Per Sikora" says what it is.
        sentences = split_sentences(context.text)
        starts = [span.start for span in sentences]
        for span, pair in quotable_spans(context, sentences):
            sentence = context.text[span.start : span.end]
            found = plain_words(located.between(span.start, span.end) | party_terms(sentence))
            before = starts[max(0, bisect_right(starts, span.start) - 1 - LEAD_UP)] if starts else span.start
            # the lead-up's words and a party as written ("Johan Tolinsson (S)"); a pair is its own
            start = min(before, span.start)
            local = (
                found
                if pair
                else plain_words(
                    located.between(start, span.end) | party_terms(context.text[start : span.end])
                )
            )
            overlap = coverage(wanted, matched_terms(wanted, set(found), weight), weight)
            facts = sentence_facts(sentence, in_decision_section=context.is_decision)
            if decided_clause(context.text, span, starts):
                facts |= {FactKind.DECISION}
            decision = FactKind.DECISION in facts
            score = W_SENTENCE * overlap + W_CONTEXT * context_overlap + W_RANK * rank_weight
            if wants_decision and decision:
                score += DECISION_BONUS
            if pair:
                score -= PAIR_PENALTY  # one sentence that answers reads better than two
            scored.append(
                ScoredSentence(
                    rank,
                    context,
                    span,
                    overlap,
                    context_overlap,
                    decision,
                    score,
                    -1,
                    found,
                    local,
                    facts,
                    lacking,
                    about,
                )
            )
    return scored, len(terms)


#: "Stämman beslutar," / "att föreningen skall införa IMD": the att-clause under the line is the decision.
DECIDES_LINE_RE = re.compile(r"\b(?:beslutar|beslöt|beslutade|besluta)\s*[,:]?\s*$", re.IGNORECASE)
ATT_CLAUSE_RE = re.compile(r"^\s*att\s")


def decided_clause(text: str, span: Span, starts: Sequence[int]) -> bool:
    """Whether the sentence is an att-clause under a line that says the body decides ("Stämman
    beslutar,"): on its own it names no decision, yet it is what was decided."""
    if not ATT_CLAUSE_RE.match(text[span.start : span.end]):
        return False
    index = bisect_left(starts, span.start)
    return index > 0 and bool(DECIDES_LINE_RE.search(text[starts[index - 1] : span.start]))


def gather_evidence(
    question: str, hits: Sequence[SearchHit], analyzer: SwedishAnalyzer, weight: TermWeight = uniform_weight
) -> Evidence:
    """Scored sentences plus the summary numbers used to decide whether to answer at all."""
    sentences, n_terms = score_sentences(question, hits, analyzer, weight)
    evidence = Evidence(
        top_hit_score=hits[0].score if hits else 0.0,
        content_terms=n_terms,
        meeting_missing=meeting_missing(question, hits),
    )
    evidence.sentences = sentences
    if sentences:
        evidence.best_sentence_overlap = max(s.sentence_overlap for s in sentences)
        evidence.best_context_overlap = max(s.context_overlap for s in sentences)
        # Of the features tried by evals/calibrate.py (sentence score, sentence overlap, hit score),
        # this one separated answerable from unanswerable dev questions best.
        evidence.confidence = evidence.best_context_overlap
    return evidence
