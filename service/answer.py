"""The default answerer: extractive, no language model, every sentence a verbatim quote with its citation.

It scores the sentences of the top search hits by how many of the question's content words (stemmed by
the same analyzer the lexical index uses) they contain, plus the hit's rank, prefers decision text for
"vad beslutades ..." questions, and presents the chosen sentences per matter (same case number, else a
similar item title), older meeting first. When the best evidence scores below the calibrated
`Settings.answer_min_score` it says the minutes hold no answer and shows the nearest passages instead.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from protokollet.index.chunking import SWEDISH_MONTHS
from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.search import Searcher, SearchFilters, SearchHit
from protokollet.ingest.dates import MONTHS, find_dates
from protokollet.models import Citation, ParagraphContext, display_number
from protokollet.service.answer_models import NOT_IN_MINUTES, Answer, AnswerSentence
from protokollet.service.sentences import Span, display, split_sentences
from protokollet.service.verify import cite
from protokollet.settings import Settings

WORD_RE = re.compile(r"\w+")
#: Question words that ask for a decision rather than a discussion.
DECISION_QUESTION_RE = re.compile(r"\bbeslut\w*|\bbeslöt\b|\bklubba\w*|\bbifall\w*|\bavslog\b", re.IGNORECASE)
#: Wording of a decision in Swedish minutes ("Kommunfullmäktige beslutar att", "Ärendet bordläggs").
DECISION_TEXT_RE = re.compile(
    r"\bbeslut(?:ar|ade|as|et)?\b|\bbordläggs\b|\bavslås\b|\bbifalls\b|\båterremitter\w*|\bantas\b"
    r"|\bgodkänn(?:er|s)\b|\bfastställ(?:er|s)\b|\bnoteras\b|\blägg(?:er|s) .{0,40}till handlingarna",
    re.IGNORECASE,
)
#: "i september 2024": a month the question names (full month names only, "mar" is a word too).
MONTH_YEAR_RE = re.compile(
    rf"\b({'|'.join(m for m in MONTHS if not any(o != m and o.startswith(m) for o in MONTHS))})"
    r"\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: Words before a date that make it the meeting's date: a meeting noun or a decision verb.
MEETING_DATE_CONTEXT_RE = re.compile(
    r"\b(?:möte[t]?|sammanträde[t]?|sammanträdde|beslutade|beslöt|beslutades|fattade)\b", re.IGNORECASE
)
MEETING_CONTEXT_CHARS = 40
#: Words every question about minutes may contain; they say what is asked, not what about.
GENERIC_WORDS = (
    "beslut beslutade beslutades besluta beslutat beslöt ärende ärendet ärenden fråga frågan frågor "
    "protokoll protokollet sammanträde sammanträdet möte mötet diskuterades diskuterade behandlades "
    "sades sagt står handlade gällde"
)
MAX_SENTENCES = 5
MAX_PER_PARAGRAPH = 2
#: A sentence joins the answer when it scores at least this share of the best sentence.
RELATIVE_KEEP = 0.6
#: A later or earlier meeting on the same matter joins when its best sentence reaches this share.
RELATIVE_SAME_MATTER = 0.4
#: Item titles at least this similar (Jaccard over stems) are treated as the same matter.
TITLE_SIMILARITY = 0.6
MAX_TITLE_CHARS = 90
NEAREST = 3
#: Shorter sentences are headings, not answers.
MIN_SENTENCE_WORDS = 3
#: Compound-head matching in `matched_terms`.
MIN_PREFIX = 5
PREFIX_SLACK = 2
#: Besides the best sentence, a sentence must share at least this share of the best one's overlap.
RELATIVE_OVERLAP = 0.5

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


def _about_meeting(question: str, start: int) -> bool:
    """Whether the words just before a date tie it to a meeting ("på mötet den", "beslutade KF den")."""
    return bool(MEETING_DATE_CONTEXT_RE.search(question[max(0, start - MEETING_CONTEXT_CHARS) : start]))


def named_periods(question: str, *, meeting_only: bool = False) -> list[tuple[int, int, int | None]]:
    """(year, month, day or None) of every date or month-and-year the question names.

    With `meeting_only`, only those the question presents as a meeting's date.
    """
    periods: list[tuple[int, int, int | None]] = [
        (m.date.year, m.date.month, m.date.day)
        for m in find_dates(question)
        if not meeting_only or _about_meeting(question, m.start)
    ]
    for match in MONTH_YEAR_RE.finditer(question):
        period = (int(match.group(2)), MONTHS[match.group(1).lower()], None)
        if meeting_only and not _about_meeting(question, match.start()):
            continue
        if not any(p[:2] == period[:2] for p in periods):
            periods.append(period)
    return periods


def meeting_missing(question: str, hits: Sequence[SearchHit]) -> bool:
    """True when the question asks what a meeting on a named date decided and no hit is from then.

    "Vad beslutade kommunstyrelsen den 10 april 2024 ..." cannot be answered from other meetings,
    even when their text mentions that date ("bordläggs till sammanträdet den 10 april 2024"). Only
    decision questions that tie the date to the meeting ("på mötet den ...", "beslutade X den ...")
    count: other dates in questions are about the matter ("delårsrapport för augusti 2024").
    """
    if not is_decision_question(question):
        return False
    periods = named_periods(question, meeting_only=True)
    dates = [hit.context.date for hit in hits if hit.context.date is not None]
    return bool(periods) and not any(
        date.year == year and date.month == month and day in (None, date.day)
        for year, month, day in periods
        for date in dates
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


def analyzer_of(searcher: Searcher) -> SwedishAnalyzer:
    """The searcher's own analyzer (it knows the corpus vocabulary for compounds), else a plain one."""
    if isinstance(searcher, Searcher):
        return searcher.index.analyzer
    return _plain_analyzer()


#: How much a matched question word counts: rare words say more about the matter than common ones.
TermWeight = Callable[[str], float]


def uniform_weight(term: str) -> float:
    return 1.0


def term_weights_of(searcher: Searcher) -> TermWeight:
    """Inverse document frequency over the searcher's lexical index (a word absent from it weighs most).

    A question whose rare words ("IFK", "1987") occur nowhere in the minutes is not answered by the
    common ones it shares with them ("Göteborg", "mål").
    """
    if not isinstance(searcher, Searcher):
        return uniform_weight
    index = searcher.index
    size = index.size

    def weight(term: str) -> float:
        return math.log((size + 1) / (index.document_frequency(term) + 0.5))

    return weight


def _coverage(wanted: set[str], found: set[str], weight: TermWeight) -> float:
    # fsum is exactly rounded, so the result does not depend on set order (which differs between
    # processes): every API replica gives the same confidence to the last digit.
    total = math.fsum(weight(term) for term in wanted)
    return math.fsum(weight(term) for term in found) / total if total > 0 else 0.0


def _metadata_terms(analyzer: SwedishAnalyzer, context: ParagraphContext) -> set[str]:
    """Terms a question may use to name the meeting (body, municipality, month, year), not the matter."""
    text = f"{context.body or ''} {context.municipality or ''}"
    if context.date:
        text += f" {SWEDISH_MONTHS[context.date.month - 1]} {context.date.year}"
    return set(analyzer.tokens(text))


def content_terms(analyzer: SwedishAnalyzer, question: str) -> set[str]:
    """The question's stemmed content words: stop words and generic minutes words removed."""
    generic = _generic_terms(analyzer)
    return {term for term in analyzer.tokens(question) if term not in generic}


@lru_cache(maxsize=8)
def _generic_terms(analyzer: SwedishAnalyzer) -> frozenset[str]:
    """GENERIC_WORDS as `analyzer` stems them (one analyzer per index version, so few)."""
    return frozenset(analyzer.tokens(GENERIC_WORDS))


def is_decision_question(question: str) -> bool:
    return bool(DECISION_QUESTION_RE.search(question))


def is_decision_text(context: ParagraphContext, sentence: str) -> bool:
    return context.is_decision or bool(DECISION_TEXT_RE.search(sentence))


def matched_terms(wanted: set[str], tokens: set[str]) -> set[str]:
    """The wanted terms found among `tokens`, exactly or as the head of a compound.

    Swedish questions name a matter by a shorter form than the minutes ("förskolan" vs
    "Förskolenämndens"); a term also matches a token that shares all but its last
    `PREFIX_SLACK` characters (and at least `MIN_PREFIX` of them).
    """
    found = wanted & tokens
    for term in wanted - found:
        if len(term) < MIN_PREFIX or not term.isalpha():
            continue
        head = term[: max(MIN_PREFIX, len(term) - PREFIX_SLACK)]
        if any(token.startswith(head) for token in tokens):
            found.add(term)
    return found


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


def repeats_heading(sentence: str, item_number: str, item_title: str) -> bool:
    """Whether the sentence only repeats the item's number and title (minutes often open an item's
    text with its heading)."""
    words = set(WORD_RE.findall(sentence.casefold()))
    return bool(words) and words <= set(WORD_RE.findall(f"{item_number} {item_title}".casefold()))


def score_sentences(
    question: str, hits: Sequence[SearchHit], analyzer: SwedishAnalyzer, weight: TermWeight = uniform_weight
) -> tuple[list[ScoredSentence], int]:
    """Every sentence of every hit, scored; also the number of content terms the question has.

    Overlaps are the weighted share of the question's content words a sentence (or its whole
    paragraph with the item's number, title and case number) contains.
    """
    terms = content_terms(analyzer, question)
    wants_decision = is_decision_question(question)
    named = named_case_hits(question, hits)
    scored: list[ScoredSentence] = []
    for rank, hit in enumerate(hits):
        context = hit.context
        if named and context.case_number not in named:
            continue
        wanted = terms - _metadata_terms(analyzer, context) or terms
        if not wanted:
            continue
        header = f"{context.item_number} {context.item_title} {context.case_number or ''} "
        words = analyzer.terms_at(header + context.text)  # analysed once; sentences take their share
        around = {term for _, terms in words for term in terms}
        context_overlap = _coverage(wanted, matched_terms(wanted, around), weight)
        rank_weight = 1.0 / (1.0 + best_rank(rank, hit))
        offsets = [at for at, _ in words]
        spans = split_sentences(context.text)
        for position, span in enumerate(spans):
            sentence = context.text[span.start : span.end]
            if len(sentence.split()) < MIN_SENTENCE_WORDS:
                continue  # a heading ("Beslut", "Handlingar") says nothing on its own
            if (
                position == 0
                and len(spans) > 1
                and repeats_heading(sentence, context.item_number, context.item_title)
            ):
                continue  # the heading opening the text (the citation names it); alone, it is the content
            inside = words[
                bisect_left(offsets, len(header) + span.start) : bisect_left(offsets, len(header) + span.end)
            ]
            found = {term for _, terms in inside for term in terms}
            overlap = _coverage(wanted, matched_terms(wanted, found), weight)
            decision = is_decision_text(context, sentence)
            score = W_SENTENCE * overlap + W_CONTEXT * context_overlap + W_RANK * rank_weight
            if wants_decision and decision:
                score += DECISION_BONUS
            scored.append(ScoredSentence(rank, context, span, overlap, context_overlap, decision, score))
    return scored, len(terms)


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


def _title_stems(analyzer: SwedishAnalyzer, title: str) -> frozenset[str]:
    """Title words without numbers: a matter recurs with other dates ("Minnesanteckningar 2025-02-10")."""
    return frozenset(term for term in analyzer.tokens(title) if not any(ch.isdigit() for ch in term))


def assign_matters(sentences: Sequence[ScoredSentence], analyzer: SwedishAnalyzer) -> None:
    """Group sentences by matter: same case number, else item titles with similar stems."""
    by_case: dict[str, int] = {}
    titles: list[tuple[frozenset[str], int]] = []
    by_item: dict[str, int] = {}
    for sentence in sentences:
        context = sentence.context
        if context.item_id in by_item:
            sentence.matter = by_item[context.item_id]
            continue
        matter = -1
        case = (context.case_number or "").strip().upper()
        if case and case in by_case:
            matter = by_case[case]
        else:
            stems = _title_stems(analyzer, context.item_title)
            for other, number in titles:
                union = stems | other
                if stems and union and len(stems & other) / len(union) >= TITLE_SIMILARITY:
                    matter = number
                    break
            if matter < 0:
                matter = len(titles)
                titles.append((stems, matter))
        if case:
            by_case.setdefault(case, matter)
        by_item[context.item_id] = matter
        sentence.matter = matter


def select_sentences(
    sentences: Sequence[ScoredSentence], *, wants_decision: bool, max_sentences: int = MAX_SENTENCES
) -> list[ScoredSentence]:
    """The few sentences that answer: the best ones, then other meetings of the same matter, in order."""
    ranked = sorted(sentences, key=lambda s: (-s.score, s.rank, s.span.start))
    if not ranked:
        return []
    best = ranked[0]
    chosen: list[ScoredSentence] = []
    per_paragraph: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()

    def take(candidate: ScoredSentence) -> None:
        key = (
            candidate.context.meeting_id,
            display(candidate.context.text[candidate.span.start : candidate.span.end]),
        )
        if key in seen or per_paragraph.get(candidate.context.paragraph_id, 0) >= MAX_PER_PARAGRAPH:
            return
        seen.add(key)
        per_paragraph[candidate.context.paragraph_id] = (
            per_paragraph.get(candidate.context.paragraph_id, 0) + 1
        )
        chosen.append(candidate)

    def relevant(candidate: ScoredSentence) -> bool:
        # Sentences of the best item may answer without repeating the question's words (the item's
        # title or case number carried the match); elsewhere a sentence must share them itself.
        same_item = candidate.context.item_id == best.context.item_id
        if candidate is best or (wants_decision and candidate.is_decision and same_item):
            return True
        enough = candidate.sentence_overlap >= RELATIVE_OVERLAP * best.sentence_overlap
        return enough and (candidate.sentence_overlap > 0 or same_item)

    for candidate in ranked:
        if len(chosen) >= max_sentences or candidate.score < RELATIVE_KEEP * best.score:
            break
        if relevant(candidate):
            take(candidate)
    # The same matter at other meetings (a case tabled, then decided) belongs in the same answer.
    covered = {s.context.meeting_id for s in chosen if s.matter == best.matter}
    for candidate in ranked:
        if len(chosen) >= max_sentences or candidate.score < RELATIVE_SAME_MATTER * best.score:
            break
        if (
            candidate.matter == best.matter
            and candidate.context.meeting_id not in covered
            and relevant(candidate)
        ):
            covered.add(candidate.context.meeting_id)
            take(candidate)
    return order_for_reading(chosen, first_matter=best.matter)


def order_for_reading(chosen: Sequence[ScoredSentence], *, first_matter: int) -> list[ScoredSentence]:
    """Matter by matter (the best first), older meeting first, then in document order."""
    matter_rank: dict[int, float] = {}
    for sentence in chosen:
        matter_rank[sentence.matter] = max(matter_rank.get(sentence.matter, 0.0), sentence.score)
    matter_rank[first_matter] = float("inf")

    def key(s: ScoredSentence) -> tuple[float, str, str, int, int]:
        date = s.context.date.isoformat() if s.context.date else "9999"
        return (-matter_rank[s.matter], date, s.context.source_path, s.context.start, s.span.start)

    return sorted(chosen, key=key)


def _shorten(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    text = display(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lead_in(citation: Citation) -> str:
    """Where the quoted sentence comes from, in Swedish: "Kommunstyrelsen 2024-03-20, § 220 (Titel):",
    "..., punkt 3 (Titel):", "..., (Inledning och närvaro):" for the opening item, which has no number."""
    date = citation.date.isoformat() if citation.date else "odaterat"
    title = f"({_shorten(citation.item_title)})" if citation.item_title else ""
    where = " ".join(part for part in (display_number(citation.item_number), title) if part)
    return f"{citation.body or 'Okänt organ'} {date}, {where}:"


def compose(sentences: Sequence[ScoredSentence]) -> tuple[list[AnswerSentence], list[Citation]]:
    """Answer sentences with one citation each; the source is named once per item."""
    answer_sentences: list[AnswerSentence] = []
    citations: list[Citation] = []
    previous_item = ""
    for sentence in sentences:
        citation = cite(sentence.context, sentence.span.start, sentence.span.end)
        citations.append(citation)
        number = len(citations)
        prefix = "" if sentence.context.item_id == previous_item else lead_in(citation) + " "
        previous_item = sentence.context.item_id
        answer_sentences.append(
            AnswerSentence(text=f"{prefix}{display(citation.quote)} [{number}]", citations=[number])
        )
    return answer_sentences, citations


def nearest_citations(hits: Sequence[SearchHit], limit: int = NEAREST) -> list[Citation]:
    """The top hits as citations of their first sentence, shown when there is no answer."""
    nearest: list[Citation] = []
    for hit in hits[:limit]:
        spans = split_sentences(hit.context.text)
        if spans:
            nearest.append(cite(hit.context, spans[0].start, spans[0].end))
    return nearest


def not_answered(question: str, hits: Sequence[SearchHit], confidence: float, *, note: str = "") -> Answer:
    return Answer(
        question=question,
        answered=False,
        text=NOT_IN_MINUTES,
        nearest=nearest_citations(hits),
        confidence=confidence,
        notes=[note] if note else [],
    )


def abstention_reason(evidence: Evidence, min_score: float) -> str | None:
    """Why the evidence is too weak to answer from (None when it is strong enough)."""
    if evidence.content_terms == 0:
        return "the question has no content words"
    if evidence.meeting_missing:
        return "no stored meeting on the date the question names"
    if evidence.confidence < min_score:
        return f"evidence {evidence.confidence:.2f} below answer_min_score {min_score:.2f}"
    return None


def answer_from_hits(
    question: str,
    hits: Sequence[SearchHit],
    *,
    analyzer: SwedishAnalyzer,
    min_score: float,
    weight: TermWeight = uniform_weight,
) -> Answer:
    """The answer over given hits (pure: no search, no I/O), so it can be tested and calibrated alone."""
    evidence = gather_evidence(question, hits, analyzer, weight)
    reason = abstention_reason(evidence, min_score)
    if reason is not None:
        return not_answered(question, hits, evidence.confidence, note=reason)
    assign_matters(evidence.sentences, analyzer)
    chosen = select_sentences(evidence.sentences, wants_decision=is_decision_question(question))
    if not chosen:
        return not_answered(question, hits, evidence.confidence)
    sentences, citations = compose(chosen)
    return Answer.cited(question, sentences, citations, evidence.confidence)


def answer_question(
    question: str, searcher: Searcher, *, filters: SearchFilters | None = None, k: int = 8, settings: Settings
) -> Answer:
    """Search, then answer from the top `k` hits with verbatim, cited sentences (or say there is none)."""
    question = question.strip()
    if not question:
        from protokollet.errors import InvalidQuery

        raise InvalidQuery("the question is empty")
    hits = searcher.search(question, k=k, filters=filters)
    return answer_from_hits(
        question,
        hits,
        analyzer=analyzer_of(searcher),
        min_score=settings.answer_min_score,
        weight=term_weights_of(searcher),
    )
