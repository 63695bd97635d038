"""The default answerer: extractive, no language model, every sentence a verbatim quote with its citation.

1. Search, then score every sentence of the hits against the question (`evidence.py`).
2. Abstain when the best passage covers too little of the question (`Settings.answer_min_score`,
   calibrated on the dev sets), or when the question asks a kind of fact (an amount, a date, a name,
   vote figures) that no sentence about the topic states: "Vad kostar X?" is not answered by a
   sentence about X that names no sum.
3. Answer from one matter: the item of the best sentence and the same case at other meetings (same
   case number, or a similar title). Other matters that merely share words are left out.
4. The first sentence answers: per part of the question ("vad beslutades ... och vem reserverade
   sig?"), the sentence of that matter that holds the asked kind of fact and most of the part's words;
   for a decision, the body's decision text. Then the supporting quotes: the rest of the decision, the
   vote figures and reservations when recorded, the same case at other meetings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.search import Searcher, SearchFilters, SearchHit
from protokollet.ingest.dates import DATE_RE
from protokollet.models import Citation, DocType, ParagraphContext, display_number
from protokollet.service.answer_models import NOT_IN_MINUTES, Answer, AnswerSentence
from protokollet.service.asked_fact import (
    ABOUT_KINDS,
    ASKED_YEAR_RE,
    ASKS_AGENDA_RE,
    ASKS_MOTION_RE,
    ASKS_PARTY_WANTED_RE,
    CHAIR_PROCEDURE_RE,
    COMPARED_YEAR_RE,
    EARLIER_DECISION_RE,
    MIN_STEM_CHARS,
    MOVES_RE,
    ROLE_RE,
    VOTE_PROCEDURE_RE,
    asked_roles,
    checked_kinds,
    count_unnamed,
    names_party,
    span_years,
    states_asked_fact,
    which_unnamed,
    year_spans,
)
from protokollet.service.evidence import (
    WHOLE_YEAR,
    Evidence,
    ScoredSentence,
    TermWeight,
    analyzer_of,
    content_terms,
    coverage,
    gather_evidence,
    in_periods,
    index_of,
    is_opening_item,
    matched_terms,
    named_periods,
    party_stem,
    party_terms,
    question_words,
    search_for_answer,
    term_weights_of,
    uniform_weight,
)
from protokollet.service.facts import (
    RESERVATION_RE,
    FactKind,
    has_person,
    is_furniture,
    names_role_holder,
    other_role,
)
from protokollet.service.question import (
    PLACE_NOUN,
    QuestionAnalysis,
    QuestionPart,
    analyse_question,
)
from protokollet.service.sentences import Span, display, same_words, split_sentences
from protokollet.service.sitting import sitting_lines
from protokollet.service.verify import cite
from protokollet.settings import Settings

MAX_SENTENCES = 5
MAX_PER_PARAGRAPH = 3
#: Kinds of fact a later part asks that the matter states in figures: where none is there, the question
#: asks what the minutes do not hold, and its other part alone is not the answer.
FIGURE_KINDS = frozenset({FactKind.MONEY, FactKind.NUMBER, FactKind.DATE})
#: A question asking what position a body took ("Tillstyrkte nämnden förslaget?", "Vilken hållning tog
#: nämnden i sitt remissyttrande?"); not one naming the matter by it ("den taxa som AU ställde sig bakom").
ASKS_STANCE_RE = re.compile(
    r"^\s*(?:tillstyrk|avstyrk)\w*|^\s*ställ(?:de|er)\b[^?.,]{0,80}?\b(?:bakom|positiv\w*|negativ\w*)"
    r"|\bvilk(?:en|et)\s+(?:\w+\s+)?(?:hållning|ståndpunkt|ställningstagande|inställning)\b",
    re.IGNORECASE,
)
#: A sentence stating a position: a decision for or against, or what the body thinks.
STANCE_RE = re.compile(
    r"\b(?:tillstyrk\w*|avstyrk\w*|ställ(?:er|de|t)\s+sig|instämm\w*|ans(?:er|åg)|bifall\w*|avslå\w*"
    r"|avslag\w*|positiv\w*|negativ\w*|välkomna\w*|stöd(?:jer|er|de)|motsätt\w*|invänd\w*|delar"
    r"|besvarad\w*|kritisk\w*|avråd\w*|förord\w*)\b",
    re.IGNORECASE,
)
#: A question for what a study, review or measurement found: "Vad kom granskningen fram till?", "Vad visade
#: mätningarna?", "Vilka slutsatser drog utredningen?" (not what a court or a group "kom fram till").
_STUDY = (
    r"\w*(?:granskning|undersökning|utredning|mätning|utvärdering|enkät|kartläggning|analys"
    r"|inspektion|tillsyn)\w*"
)
#: The auditors, whose conclusions are findings too: "Vad kom Kommunrevisionen fram till?" (not "Vad har
#: fullmäktige beslutat om att ersätta X som revisor?").
_AUDITORS = r"\w*revision(?:en)?|\w*revisor\w*"
ASKS_FINDING_RE = re.compile(
    rf"\bvad\s+(?:kom|har|hade|visade|visar|konstaterade|fann)\b[^?]{{0,80}}?\b(?:{_STUDY})"
    rf"|\bvilk(?:en|et|a)\s+(?:\w+\s+)?(?:slutsats\w*|resultat)\b[^?]{{0,80}}?\b(?:{_STUDY})"
    rf"|\bvad\s+(?:kom|har|hade)\s+(?:\w+\s+){{0,2}}?(?:{_AUDITORS})\b[^?]{{0,40}}?\bfram\s+till\b",
    re.IGNORECASE,
)
#: A sentence stating a finding: "Granskningen visar att ...", "Revisorerna bedömer att ...".
FINDING_RE = re.compile(
    r"\b(?:visar|visade|visat|konstaterar|konstaterade|konstaterats|bedömer|bedömde|framgår|fann|finner)\b"
    r"|\bfram\s+till\b|\bslutsats\w*|\bresultat\w*\s+(?:visar|blev|är|var)\b|\bpekar\s+på\b",
    re.IGNORECASE,
)
#: A question for how a court ruled: "Hur dömde förvaltningsrätten?", "Vad blev domen?", "Hur gick det i
#: kammarrätten?", "Vad hade Förvaltningsrätten i Malmö kommit fram till?".
_COURT = r"(?:förvaltnings|kammar|tings|hov)rätt\w*|\w*domstol\w*"
ASKS_VERDICT_RE = re.compile(
    r"\b(?:hur|vad)\s+(?:dömde|döm(?:de|t)s|har\s+\w+\s+dömt)\b"
    r"|\bvad\s+blev\s+(?:[\w-]+\s+){0,3}?(?:dom(?:en)?|domslut\w*|utslag\w*)\b"
    rf"|\bhur\s+(?:gick|slutade)\s+det\s+(?:i|för|med)\s+(?:[\w-]+\s+){{0,2}}?(?:{_COURT})"
    rf"|\bvad\s+(?:kom|har|hade)\s+(?:{_COURT})[^?]{{0,40}}?\bfram\s+till\b",
    re.IGNORECASE,
)
#: A sentence stating a court's ruling, as a finite verb: "Förvaltningsrätten upphäver det överklagade
#: beslutet", "överklagandet avslogs"; not the decision appealed ("beslut att avslå begäran") nor an interim
#: order while the case is tried ("beslutar att nämndens beslut inte ska gälla i avvaktan på ...").
VERDICT_RE = re.compile(
    r"\b(?:avslår|avslog|avslogs|avslagits|bifaller|biföll|bifölls|bifallits|upphäver|upphävde|upphävdes"
    r"|upphävs|upphävts|fastställer|fastställde|avvisar|avvisade|avvisades|undanröjer|undanröjde"
    r"|återförvisar|återförvisade|ogillar|ogillade|dömer|dömde|dömdes|döms|friade|friar)\b"
    r"|\bfick\s+(?:\w+\s+)?rätt\b|\bvann\s+målet\b|\bförlorade\s+målet\b",
    re.IGNORECASE,
)
#: How a part asks for a figure ("hur mycket", "hur många", "när", "vad kostar", "från vilket datum");
#: "Vilket bidrag var störst?" and "Vilken taxa upphör?" ask which one, which a name may answer.
ASKS_FIGURE_RE = re.compile(
    r"\bhur\s+(?:mycket|många|stor[at]?|hög[at]?|lång[at]?|länge)\b|\bnär\b|\bkost(?:ar|ade|at|a)\b"
    r"|\bvilke[nt]\s+(?:datum|dag|månad|år|tidpunkt)\b",
    re.IGNORECASE,
)
#: A capitalised word inside a question (a name: "Nackalistan", "Vickan"), not the one that opens it.
NAME_IN_QUESTION_RE = re.compile(r"(?<=\s)[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖa-zåäö]+)*\b")
#: A person's name in a question ("Varför ville Mats Gerdau bordlägga ...?"): the reason is theirs, even when
#: the minutes' title block names them (as chair) and so the name does not count as the matter's.
PERSON_IN_QUESTION_RE = re.compile(r"(?<=\s)([A-ZÅÄÖ][a-zåäöé]+)\s+([A-ZÅÄÖ][a-zåäöé]+)\b")
#: Letters of a name compared with a sentence ("Nackalistans" ~ "Nackalistan").
MIN_NAME_STEM = 5
#: Kinds of fact whose sentence must name the asked matter itself, not only in the lines leading up to it.
OWN_SENTENCE_KINDS = frozenset({FactKind.PLACE, FactKind.REASON})
#: A later or earlier meeting on the same matter joins when its best sentence reaches this share.
RELATIVE_SAME_MATTER = 0.4
#: A supporting sentence of the answer's matter joins when it scores at least this share of the lead.
RELATIVE_SUPPORT = 0.6
#: Item titles at least this similar (Jaccard over stems) are treated as the same matter.
TITLE_SIMILARITY = 0.6
#: A title with at least this many stems, all of them in another item's title, names the same matter.
MIN_CONTAINED_TITLE = 4
LEAD_IN_TITLE_CHARS = 90
NEAREST = 3
#: A history question's other items join the answer only when at least this share of its topic words
#: (and no fewer than the lead item's) are in them.
HISTORY_TOPIC = 0.6
#: Weights when choosing a part's lead sentence: the part's own words, then the whole question's score.
W_PART = 1.0
W_QUESTION = 0.5
#: How much the part's words in the lines before a sentence count, against the sentence's own.
W_LEAD_UP = 0.6
#: Items whose text covers at least this share of the best item's coverage count as on the topic.
RELATIVE_TOPIC = 0.8
#: A name this close (characters) to a word of the question is the name asked ("ordföranden Jonas Attenius").
NAME_NEAR_CHARS = 40
#: "När är nästa möte", "när träffas X nästa gång", "när har X sitt möte i september".
ASKS_MEETING_TIME_RE = re.compile(
    r"\bnär\b.{0,60}\b(?:möte\w*|sammanträd\w*|träffas|träff\w*)|\bnästa (?:möte|sammanträde)\b",
    re.IGNORECASE,
)
MEETING_WORD_RE = re.compile(r"\bmöte\w*|\bsammanträd\w*|\bträff\w*", re.IGNORECASE)
ASKS_YEAR_RE = re.compile(r"\bvilket år\b|\bvilka år\b|\bhur länge\b", re.IGNORECASE)
#: Words saying when something takes effect or starts ("gäller från", "träder i kraft", "fr.o.m.").
TAKES_EFFECT_RE = re.compile(
    r"\bgäll\w*|\bi kraft\b|\bfr(?:ån och med|\.\s?o\.\s?m\.?)|\bbörja\w*|\bstart\w*", re.IGNORECASE
)
#: "... upphör att gälla den 31 december": the date something ends, not when it takes effect.
CEASES_RE = re.compile(r"\bupphör\w*(?:\s+att)?\s+gäll\w*|\bslutar\s+gäll\w*", re.IGNORECASE)


#: Words saying by when something is due: "senast den 6 november 2023", "sista dag för svar".
DEADLINE_RE = re.compile(r"\bsenast\b|\bsista\s+(?:dag|datum)\w*|\bdeadline\b|\bsvarsdatum\w*", re.IGNORECASE)
#: The kinds of date a question may ask ("Från vilket datum gäller taxan?", "Senast när ska svaret
#: lämnas?") and the words next to a date that make it one of that kind.
DATE_CUES = (TAKES_EFFECT_RE, DEADLINE_RE)


def dated_by(text: str, cue: re.Pattern[str]) -> bool:
    """Whether a date of the text stands by the cue: "Taxan träder i kraft den 1 januari 2027" (not "...
    upphör att gälla den 31 december"), "Svar ska lämnas senast den 6 november"."""
    for date in DATE_RE.finditer(text):
        near = text[max(0, date.start() - NAME_NEAR_CHARS) : date.end() + NAME_NEAR_CHARS]
        if cue.search(near) and not CEASES_RE.search(near):
            return True
    return False


#: A question about sending a matter back or putting it off: "Återremitterades utvärderingen?", "Vad hände
#: med förslaget att skicka tillbaka avtalet?", "ville bordlägga".
ASKS_REFERRAL_RE = re.compile(
    r"\båterremi\w*|\bskick\w*\s+tillbaka\b|\bbordl\w*|\bskjut\w*\s+upp\b", re.IGNORECASE
)
#: The body's ruling on that: "beslutar att ärendet ska avgöras idag", "finner att ärendet ska avgöras vid
#: dagens sammanträde", "har beslutat att återremittera ärendet", "beslutar att bordlägga ärendet".
REFERRAL_RULED_RE = re.compile(
    r"\b(?:beslut\w*|finner|förklarar)\b[^.]{0,120}?\b(?:avgör\w*|återremitt\w*|bordl\w*)", re.IGNORECASE
)


#: What only a meeting's opening item answers besides names and dates: where, who took part.
ASKS_OPENING_RE = re.compile(
    r"\bvar\b|\bvar(?:t)? (?:hölls|höll|äger|ägde)\b|\bplats\w*|\blokal\w*|\bnärvar\w*|\bfrånvar\w*"
    r"|\bdelt(?:og|agit|agare)\w*|\bjuster\w*|\bupprop\w*",
    re.IGNORECASE,
)


#: Words of a standing item's title: items every meeting has ("Övriga frågor", "Val av justerare",
#: "Anmälan av delegationsbeslut", "Inledning och närvaro"). Same title, another matter each meeting.
STANDING_ITEM_WORDS = frozenset(
    re.findall(
        r"\w+",
        "inledning närvaro närvarande närvaroförteckning upprop öppnande öppnas mötet mötets "
        "sammanträdet sammanträdets avslutning avslutande avslutas justering justerare justera "
        "protokollsjustering protokollet protokoll föregående dagordning dagordningen föredragningslista "
        "föredragningslistan övriga övrigt frågor fråga delegationsbeslut delegeringsbeslut "
        "ordförandebeslut anmälningar anmälan meddelanden information informationsärenden nästa möte tid "
        "plats sekreterare fullmakter eventuella val av och om samt fastställande godkännande "
        "upprättande tidpunkt för",
    )
)


def is_standing_item(title: str) -> bool:
    """Whether an item title only names a standing item of every meeting (not a case)."""
    words = re.findall(r"[^\W\d_]+", title.casefold())
    return bool(words) and all(word in STANDING_ITEM_WORDS for word in words)


def _title_stems(analyzer: SwedishAnalyzer, title: str) -> frozenset[str]:
    """Title words without numbers: a matter recurs with other dates ("Minnesanteckningar 2025-02-10")."""
    return frozenset(term for term in analyzer.tokens(title) if not any(ch.isdigit() for ch in term))


def assign_matters(sentences: Sequence[ScoredSentence], analyzer: SwedishAnalyzer) -> None:
    """Group sentences by matter: same case number, else item titles with similar stems, never two
    items of one meeting ("Årsbokslut 2020 för Välfärd skola" is not "... för Välfärd samhällsservice":
    an agenda lists each matter once)."""
    by_case: dict[str, int] = {}
    titles: list[tuple[frozenset[str], int]] = []
    by_item: dict[str, int] = {}
    meetings: dict[int, set[str]] = {}  # matter → the meetings whose items it holds
    for sentence in sentences:
        context = sentence.context
        if context.item_id in by_item:
            sentence.matter = by_item[context.item_id]
            continue
        matter = -1
        case = (context.case_number or "").strip().upper()
        if case and case in by_case:
            matter = by_case[case]
        elif not case and is_standing_item(context.item_title):
            matter = len(titles)  # its own matter: the same standing item at another meeting is not it
            titles.append((frozenset(), matter))
        else:
            stems = _title_stems(analyzer, context.item_title)
            for other, number in titles:
                union = stems | other
                if context.meeting_id in meetings.get(number, ()):
                    continue
                if stems and union and len(stems & other) / len(union) >= TITLE_SIMILARITY:
                    matter = number
                    break
                shorter = min(stems, other, key=len)
                if len(shorter) >= MIN_CONTAINED_TITLE and shorter <= stems & other:
                    # A kallelse's table row holds the title and then the proposal ("HEBERG 2:4 -
                    # Förhandsbesked för ... BN-2024- 000429 Förslag till beslut ..."): the whole title of
                    # the minutes' item is in it.
                    matter = number
                    break
            if matter < 0:
                matter = len(titles)
                titles.append((stems, matter))
        if case:
            by_case.setdefault(case, matter)
        by_item[context.item_id] = matter
        meetings.setdefault(matter, set()).add(context.meeting_id)
        sentence.matter = matter


class PartScorer:
    """Scores sentences against one part of the question (its own content words, weighted)."""

    def __init__(
        self,
        part: QuestionPart,
        analyzer: SwedishAnalyzer,
        weight: TermWeight,
        parties: frozenset[str] = frozenset(),
    ) -> None:
        self.part = part
        self.terms = content_terms(analyzer, part.text)
        if parties and not any(party_stem(term) for term in self.terms):
            # "..., och hur motiverade de sin reservation?": the party the first part asked about.
            self.terms |= parties
        self.weight = weight
        self.roles = asked_roles(part.text) if FactKind.PERSON in part.kinds else frozenset()
        #: A decision question that asks what came of a matter, not what someone moved.
        self.outcome = FactKind.DECISION in part.kinds and not ASKS_MOTION_RE.search(part.text)

    def overlap(self, sentence: ScoredSentence) -> float:
        """The part's words in the sentence, or (discounted) in it and the lines just before it."""
        if not self.terms:
            return 0.0
        own = coverage(self.terms, matched_terms(self.terms, set(sentence.terms), self.weight), self.weight)
        local = coverage(
            self.terms, matched_terms(self.terms, set(sentence.local_terms), self.weight), self.weight
        )
        return max(own, W_LEAD_UP * local)

    def score(self, sentence: ScoredSentence) -> float:
        bonus = 0.2 if FactKind.DECISION in self.part.kinds and sentence.is_decision else 0.0
        if sentence.context.is_decision and FactKind.DECISION in self.part.kinds:
            bonus += 0.1  # the body's own decision section, not a proposal quoted in the background
        for kind in (FactKind.VOTE, FactKind.RESERVATION):
            if kind in self.part.kinds and kind in sentence.facts:
                bonus += 0.3
        if FactKind.VOTE in self.part.kinds and {FactKind.VOTE, FactKind.NUMBER} <= sentence.facts:
            bonus += 0.2  # the figures ("röstar Ja (7)", "9 röster mot 4"), not only the proposition
        if FactKind.PERSON in self.part.kinds:
            named = self.terms_near_name(sentence)
            bonus += 0.3 if named else 0.0
            # The asked role next to a name: "Frånvarande: - Per Sikora", "ordförande Anna Ek",
            # "Protokollförare Jessica Bolonassos" for "Vem förde protokollet?".
            if any(ROLE_RE.match(term) for term in named) or self.role_near_name(sentence):
                bonus += 0.3
        if FactKind.DATE in self.part.kinds and DATE_RE.search(sentence.text):
            bonus += 0.2  # a whole date ("30 september 2019") answers "när" better than a year
            if any(cue.search(self.part.text) and dated_by(sentence.text, cue) for cue in DATE_CUES):
                bonus += 0.3  # "från vilket datum gäller X": the date it takes effect, not any date
        return W_PART * self.overlap(sentence) + W_QUESTION * sentence.score + bonus

    def role_near_name(self, sentence: ScoredSentence) -> bool:
        """Whether a role the part asks for stands next to a name in or just before the sentence."""
        text, start, end = sentence.context.text, sentence.span.start, sentence.span.end
        window = text[max(0, start - NAME_NEAR_CHARS) : end]
        lowered = window.casefold()
        for role in self.roles:
            for found in re.finditer(re.escape(role), lowered):
                if other_role(lowered, found.start(), found.end(), self.part.text):
                    continue  # "1:e vice ordförande" is not the ordförande
                if has_person(window[found.start() : found.end() + NAME_NEAR_CHARS]):
                    return True
        return False

    def terms_near_name(self, sentence: ScoredSentence) -> list[str]:
        """The part's words that stand next to a name ("ordföranden Jonas Attenius (S)",
        "Utses att justera Mikael Carlsson"): that name is the one asked for. The word may stand just
        before the sentence, as a list's heading does ("Frånvarande:" above "- Per Sikora")."""
        text, start, end = sentence.context.text, sentence.span.start, sentence.span.end
        lowered = text.casefold()
        found = []
        for term in matched_terms(self.terms, set(sentence.local_terms), self.weight):
            at = lowered.find(term[:MIN_STEM_CHARS], max(0, start - NAME_NEAR_CHARS), end)
            if ROLE_RE.match(term) and other_role(lowered, at, at + len(term), self.part.text):
                continue  # "ordförande för stämman" does not say who chairs the association
            near = text[max(start, at - NAME_NEAR_CHARS) : min(end, at + len(term) + NAME_NEAR_CHARS)]
            if at >= 0 and has_person(near):
                found.append(term)
        return found


#: A question about who checked the minutes: "Vem justerade protokollet?", "Vilka var justerare?" (not
#: "efter justeringen i mars": a budget is adjusted too).
ASKS_CHECKER_RE = re.compile(
    r"\bjusterare\b|\bprotokolljuster\w*|\bjuster\w*\s+(?:\w+\s+){0,2}protokoll", re.IGNORECASE
)


def lead_of_answer(
    sentences: Sequence[ScoredSentence], analysis: QuestionAnalysis, min_score: float
) -> ScoredSentence:
    """The sentence whose matter the answer is about: among items on the topic (their text covers
    enough of the question), the best-scoring sentence, preferring one that states the asked fact.

    So "Hur mycket kostar X?" is answered from the item about X that names an amount, not from one
    that only discusses X, and never from an item off the topic because it holds a sum.
    """
    floor = max(min_score, RELATIVE_TOPIC * max(s.context_overlap for s in sentences))
    first = analysis.parts[0]
    on_topic = [s for s in sentences if s.context_overlap >= floor]
    # "... sammanträdet i maj 2020": the items on the topic of the meeting the question names, when it
    # has any (the named meeting's item need not be the best on the topic, only on it).
    periods = named_periods(analysis.question)
    # A meeting named by its year only ("vårmötet 2018") is one of that year's: of those, the on-topic items.
    dated = [p for p in periods if p[1] != WHOLE_YEAR]
    named = [s for s in sentences if s.context_overlap >= min_score and in_periods(s.context.date, dated)]
    named = named or [s for s in on_topic if in_periods(s.context.date, periods)]
    on_topic = named or on_topic

    roles = asked_roles(first.text) if FactKind.PERSON in first.kinds else frozenset()
    if roles:
        # "Vem ledde LiTHe kods höstmöte i november 2019?": every word names the meeting, so any of its
        # items may hold the answer; the one where the asked role stands by a name does.
        # Who checked the minutes is asked of the meeting whatever else the question names ("..., och vem
        # tjänstgjorde i stället för Erik Lindqvist?"): its opening item's "Protokolljusterare" line answers.
        checking = bool(ASKS_CHECKER_RE.search(first.text))
        holders = [
            s
            for s in sentences
            if (not s.about or (checking and is_opening_item(s.context)))
            and states_asked_fact(s, first)
            and names_role_holder(s.text, roles, first.text)
        ]
        # Of the meeting the question names: "Vem justerade protokollet den 18 november 2025?" is not
        # answered by the checker of another meeting of the body whose lines score as well, also when
        # the named meeting's front page sets the role as a heading over the name (then it is found below).
        holders = [s for s in holders if in_periods(s.context.date, periods)] if periods else holders
        if holders:
            return max(holders, key=lambda s: (s.score, -s.rank, -s.span.start))
    if not ASKS_AGENDA_RE.search(analysis.question):
        # A kallelse announces proposals; the minutes of the matter, when they are on the topic too,
        # record what was decided ("Förslag till beslut" in the kallelse vs the vote in the protokoll).
        on_topic = [s for s in on_topic if s.context.doc_type != DocType.KALLELSE] or on_topic
    stating = [s for s in on_topic if checked_kinds(first) and states_asked_fact(s, first)]
    on_topic = stating or on_topic
    if not (first.kinds & {FactKind.PERSON, FactKind.DATE} or ASKS_OPENING_RE.search(analysis.question)):
        # The opening item (attendance, place, time) names the meeting; it answers who, when and where.
        on_topic = [s for s in on_topic if not is_opening_item(s.context)] or on_topic

    return max(on_topic, key=lambda s: (s.score, -s.rank, -s.span.start))


def meeting_time(sentences: Sequence[ScoredSentence], question: str) -> ScoredSentence | None:
    """For "När är nästa möte ...?": the best sentence that dates a meeting ("Nästa möte hålls den 6 maj
    2022"), wherever in the minutes it stands; such a line rarely shares the question's topic words.
    Only when the question asks for that date first: in "Vem var ordförande när nämnden sammanträdde den
    18 april?" the meeting sets the scene."""
    first = analyse_question(question).parts[0]
    if FactKind.DATE not in first.kinds or not ASKS_MEETING_TIME_RE.search(first.text):
        return None
    if DATE_RE.search(first.text):
        return None  # "När hölls sammanträdet den 18 april 2024?" names the day; it asks the hour
    dated = [s for s in sentences if MEETING_WORD_RE.search(s.text) and DATE_RE.search(s.text)]
    return max(dated, key=lambda s: (s.score, -s.rank, -s.span.start), default=None)


def recorded_over_announced(
    matter: list[ScoredSentence], periods: Sequence[tuple[int, int, int | None]] = ()
) -> list[ScoredSentence]:
    """The matter's sentences without those of a kallelse when minutes of the matter are there too: the
    agenda announces a proposal, the minutes record what was decided (and an agenda is never cited as a
    decision when the decision is at hand). A kallelse stays when the question names its meeting and
    no minutes of the matter are from then."""
    recorded = [s for s in matter if s.context.doc_type != DocType.KALLELSE]
    if not any(in_periods(s.context.date, periods) for s in recorded):
        recorded += [s for s in matter if s not in recorded and in_periods(s.context.date, periods)]
    return recorded if recorded and len(recorded) < len(matter) else matter


def about_matter(sentence: ScoredSentence, part: QuestionPart, weight: TermWeight) -> bool:
    """Whether the sentence stating a fact the part asks names the matter the question asks about.

    A motion and the decision section are about their item's matter, so the reason they give needs no
    name ("yrkar att ärendet återremitteras för att förtydliga skrivningen"); a reason is never about
    someone or something the question names and it does not ("Varför deltog inte Nackalistan ...?")."""
    if not sentence.about:
        return True
    kinds = checked_kinds(part)
    # Asked why someone reserved, the reservation's grounds ("reserverar sig mot beslutet ..., med följande
    # motivering: ...") are about the item it is entered under, as the decision's are.
    grounds = (
        sentence.context.is_decision
        or bool(MOTIVATION_SECTION_RE.match(sentence.context.text))
        or (FactKind.RESERVATION in part.kinds and bool(RESERVATION_RE.search(sentence.text)))
    )
    title = sentence.context.item_title.casefold()
    located = {name.casefold() for name in LOCATED_NAME_RE.findall(part.text)}
    if FactKind.REASON in kinds and any(
        not (grounds and (name.casefold()[:MIN_NAME_STEM] in title or name.casefold() in located))
        for name in unnamed_names(part.text, sentence)
    ):
        # "Varför deltog inte Nackalistan ...?" is answered only where Nackalistan is named; what names the
        # item itself (its title's "Lyngås 3:8", the question's "i Onsala") need not be repeated in its
        # decision or its grounds
        return False
    itself = bool(kinds & OWN_SENTENCE_KINDS)
    if matched_terms(set(sentence.about), set(sentence.terms if itself else sentence.local_terms), weight):
        return True
    return FactKind.REASON in kinds and (grounds or bool(MOVES_RE.search(sentence.text)))


#: A name the question gives as where its matter is: "på Lyngås 3:8 i Onsala".
LOCATED_NAME_RE = re.compile(r"\b(?:i|på)\s+([A-ZÅÄÖ][a-zåäöé]+)")
#: A paragraph that gives the decision's grounds under its own heading ("Beslutsmotivering", "Skäl för
#: beslutet"): about its item's matter, as the decision section is.
MOTIVATION_SECTION_RE = re.compile(
    r"\s*(?:besluts)?motivering\b|\s*skäl(?:en)?\s+för\s+beslut", re.IGNORECASE
)


#: The noun of the place asked for ("På vilken adress", "vilken lokal"): the kind of fact, not the matter.
ASKED_PLACE_NOUN_RE = re.compile(rf"\bvilk(?:en|et|a)\s+(?:\w+\s+)?(?:{PLACE_NOUN})\w*", re.IGNORECASE)
#: Question words shorter than this ("stor", "äga") say how, not what, and are no noun of the matter.
MIN_PLACE_NOUN = 6


def names_rarest(sentence: ScoredSentence, nouns: Sequence[frozenset[str]], weight: TermWeight) -> bool:
    """Whether the sentence, or the lines leading up to it, holds the rarest of the part's nouns that are
    about its matter: "Var hölls modersmålsfesten som ledamöterna deltog i?" is not answered by the line
    above it in a list of visits ("har deltagit vid verksamhetsbesök på Råslätts förskoleområde")."""
    about = [group & sentence.about for group in nouns if group & sentence.about]
    if not about:
        return True
    rarest = max(about, key=lambda group: max((weight(term), term) for term in group))
    # "tömningsstationen" is named by the minutes' "latrintömningsstation" too
    return bool(matched_terms(set(rarest), set(sentence.local_terms), weight)) or any(
        found.endswith(term)
        for found in sentence.local_terms
        for term in rarest
        if len(term) >= MIN_PLACE_NOUN
    )


def _named_in(name: str, terms: frozenset[str]) -> bool:
    return any(term.startswith(name.casefold()[:MIN_NAME_STEM]) for term in terms)


def unnamed_names(asked: str, sentence: ScoredSentence) -> list[str]:
    """The names the question gives (capitalised words about the matter, not its first word) that neither
    the sentence nor the lines leading up to it hold."""
    people = {word for pair in PERSON_IN_QUESTION_RE.findall(asked) for word in pair}
    return [
        name
        for name in NAME_IN_QUESTION_RE.findall(asked)
        if (name in people or _named_in(name, sentence.about)) and not _named_in(name, sentence.local_terms)
    ]


def lead_sentences(
    analysis: QuestionAnalysis,
    matter: Sequence[ScoredSentence],
    analyzer: SwedishAnalyzer,
    weight: TermWeight,
) -> tuple[list[ScoredSentence], list[QuestionPart]]:
    """Per part, the sentence of the matter that answers it; also the parts no sentence answers."""
    leads: list[ScoredSentence] = []
    missing: list[QuestionPart] = []
    parties = frozenset(
        stem
        for term in content_terms(analyzer, analysis.parts[0].text)
        if (stem := party_stem(term)) is not None
    )
    for part in analysis.parts:
        scorer = PartScorer(part, analyzer, weight, parties)
        candidates = [s for s in matter if states_asked_fact(s, part)]
        if checked_kinds(part) & (ABOUT_KINDS | OWN_SENTENCE_KINDS):
            # The fact must be about the matter: "Vilket företag vann upphandlingen av skolmåltider?" is
            # not answered by a company named in a budget line that shares only the year. A figure may
            # stand under the line that names it (its lead-up counts); a place or a reason must name it
            # itself: "Var ska seminariet hållas?" is not answered by the next invitation's "på Jönköping
            # University", nor "Varför ...?" by an information item's "För att undvika ..." on another matter.
            candidates = [s for s in candidates if about_matter(s, part, weight)]
        if FactKind.PLACE in checked_kinds(part):
            # "På vilken adress ...": the kind of fact asked, not a noun of the matter
            asked = ASKED_PLACE_NOUN_RE.sub(" ", part.text)
            nouns = [
                word.terms
                for word in question_words(analyzer, asked, content_terms(analyzer, asked))
                if not (word.verb or word.capitalised)
                and max(len(term) for term in word.terms) >= MIN_PLACE_NOUN
            ]
            candidates = [s for s in candidates if names_rarest(s, nouns, weight)]
        # "... när den togs upp i mars 2018": of a matter over several meetings, the one the part names.
        periods = named_periods(part.text) or named_periods(analysis.question)
        candidates = [s for s in candidates if in_periods(s.context.date, periods)] or candidates
        if not checked_kinds(part) & {
            FactKind.PERSON,
            FactKind.DECISION,
            FactKind.VOTE,
            FactKind.RESERVATION,
        }:
            # "Vad krävde V?", "Hur stor budgetram ...?": how a vote is put names a proposal, not what it
            # says; it may still name who chaired ("Vem är ordförande?") or how the matter was decided.
            candidates = [s for s in candidates if not VOTE_PROCEDURE_RE.search(s.text)]
        own = {stem for term in content_terms(analyzer, part.text) if (stem := party_stem(term)) is not None}
        if own and ASKS_PARTY_WANTED_RE.search(part.text):
            # "Vad krävde Vänsterpartiet i sitt tilläggsyrkande?": what the party moved, in a sentence that
            # names it, not the body's decision on the budget.
            # A motion or initiative titled by its party ("Initiativ från Ermin Škorić (S) m. fl.") holds
            # what the party wants outside the body's decision section ("2. Nämnden avsätter 20 miljoner").
            candidates = [
                s
                for s in candidates
                if own & party_terms(s.text)
                or names_party(s.text, own)
                or (not s.context.is_decision and own & party_terms(s.context.item_title))
            ]
        if not candidates:
            missing.append(part)
            continue
        if checked_kinds(part) & {FactKind.MONEY, FactKind.NUMBER} and not ASKS_MOTION_RE.search(part.text):
            # "Hur stor budgetram fick nämnden?" is not answered by "SD yrkar att budgeten utökas med 4 mnkr".
            candidates = [s for s in candidates if not MOVES_RE.search(s.text)]
            if not candidates:
                missing.append(part)
                continue
        if FactKind.DECISION in part.kinds and ASKS_REFERRAL_RE.search(part.text):
            # "Återremitterades utvärderingen?" is answered by the ruling on it ("beslutar att ärendet ska
            # avgöras vid dagens sammanträde"), not by the decision on the matter itself.
            candidates = [s for s in candidates if REFERRAL_RULED_RE.search(s.text)] or candidates
        if scorer.outcome:  # "Lena Ferm (SD) yrkar bifall till motionen." is a motion, not what came of it
            candidates = [s for s in candidates if not MOVES_RE.search(s.text)] or candidates
            # "Fullmäktige beslutade därefter, 2021-09-16, § 74, att återremittera ärendet": an earlier
            # decision told in the background, not what this meeting decided.
            candidates = [s for s in candidates if not EARLIER_DECISION_RE.search(s.text)] or candidates
        # Two parts asking a fact each ("vad ska betalas, och vad var avgiften tidigare") want two facts.
        fresh = (
            [s for s in candidates if not any(_overlaps(s, lead) for lead in leads)]
            if checked_kinds(part)
            else []
        )
        if scorer.roles and not any(s.about for s in candidates):
            # "Vem förde protokollet vid Sjötungans extrastämma 2025?": every other word names the meeting,
            # so the asked role next to a name ("Protokollförare Jessica Bolonassos") is what answers.
            fresh = [s for s in (fresh or candidates) if scorer.role_near_name(s)] or fresh
        if FactKind.DATE in part.kinds and not ASKS_YEAR_RE.search(part.text):
            # "Från vilket datum ...": a whole date answers it, a year in passing does not.
            fresh = [s for s in (fresh or candidates) if DATE_RE.search(s.text)] or fresh
            for cue in DATE_CUES:  # "Från vilket datum gäller taxan?": when it takes effect
                if cue.search(part.text):
                    fresh = [s for s in (fresh or candidates) if dated_by(s.text, cue)] or fresh
        best = max(fresh or candidates, key=lambda s: (scorer.score(s), -s.rank, -s.span.start))
        if best not in leads:
            leads.append(best)
    return leads, missing


def supporting_sentences(
    analysis: QuestionAnalysis, matter: Sequence[ScoredSentence], leads: Sequence[ScoredSentence]
) -> list[ScoredSentence]:
    """The rest of the answer: the decision text, votes and reservations of the lead items, and the
    best sentences of the same matter at other meetings."""
    if not leads:
        return []
    lead_items = {s.context.item_id for s in leads}
    top = max(s.score for s in leads)
    support: list[ScoredSentence] = []
    wants = analysis.kinds
    for sentence in sorted(matter, key=lambda s: (-s.score, s.rank, s.span.start)):
        if sentence in leads:
            continue
        in_lead_item = sentence.context.item_id in lead_items
        if (
            (
                in_lead_item
                and wants & {FactKind.DECISION, FactKind.VOTE}
                and (sentence.context.is_decision or {FactKind.VOTE, FactKind.RESERVATION} & sentence.facts)
            )
            or (
                in_lead_item
                and (wants & sentence.facts - {FactKind.DECISION})
                and sentence.score >= (RELATIVE_SUPPORT * top)
            )
            or (in_lead_item and sentence.score >= RELATIVE_SUPPORT * top and sentence.sentence_overlap > 0)
        ):
            support.append(sentence)
    # The same case at other meetings (tabled, then decided): its best sentence; of the meetings the
    # question names, when it names any ("på stämman 2024": not the same standing item of 2025).
    covered = {s.context.meeting_id for s in [*leads, *support]}
    # ("När har gruppen sitt möte i september?" names the date asked for, not the minutes' meeting.)
    periods = named_periods(analysis.question) if FactKind.DATE not in wants else []
    # For a decision question, what the body decided at each meeting ("först i VU, sedan i KS").
    decided = analysis.wants_decision
    for sentence in sorted(
        matter, key=lambda s: (not (decided and s.context.is_decision), -s.score, s.rank, s.span.start)
    ):
        meeting = sentence.context.meeting_id
        if meeting in covered or sentence.score < RELATIVE_SAME_MATTER * top:
            continue
        if periods and not in_periods(sentence.context.date, periods):
            continue
        if sentence.sentence_overlap > 0 or sentence.is_decision:
            covered.add(meeting)
            support.append(sentence)
    return support


#: A quote's first line that only labels what follows: "Utbildningsförvaltningens förslag till beslut:",
#: "Barn- och utbildningsnämndens beslut" above a blank line.
LABEL_LINE_RE = re.compile(r"[^\n]*:[ \t]*\n|[^\n.]*\n[ \t]*\n")
LABEL_MAX_WORDS = 8
#: A field's label is capitalised words ("Utses att justera"), its value a name or a date. Not "Tid:" or
#: "sammanträde": a label with a colon on a line of its own heads a column of labels whose values stand
#: in another column, in another order.
LABEL_RE = re.compile(r"[A-ZÅÄÖ][^\W\d_ -]*(?:[ -]+[^\W\d_]+)*")
VALUE_MAX_WORDS = 4


def quote_key(text: str) -> str:
    """What a quote says, for spotting the same words twice: without the heading or label lines it starts
    with ("Beslut\nKommunstyrelsen beslutar att ..." says what "Kommunstyrelsen beslutar att ..." says)."""
    while True:
        lines = text.split("\n", 1)
        label = LABEL_LINE_RE.match(text)
        if len(lines) > 1 and is_furniture(lines[0]):
            text = lines[1]
        elif label and len(label.group().split()) <= LABEL_MAX_WORDS and text[label.end() :].strip():
            text = text[label.end() :]
        else:
            return display(text).casefold()


def _dedupe(sentences: Sequence[ScoredSentence], limit: int) -> list[ScoredSentence]:
    """At most `limit` sentences, none quoted twice: the same words of one meeting count once, also when
    two files hold that meeting (body and date, not the stored meeting); at another meeting the same
    words ("Antecknas.") are that meeting's own decision."""
    chosen: list[ScoredSentence] = []
    seen: list[tuple[str, str]] = []
    per_paragraph: dict[str, int] = {}
    for sentence in sentences:
        context = sentence.context
        meeting = f"{(context.body or '').casefold()} {context.date}" if context.date else context.meeting_id
        key = quote_key(sentence.text)
        paragraph = context.paragraph_id
        if per_paragraph.get(paragraph, 0) >= MAX_PER_PARAGRAPH:
            continue
        if any(meeting == other_meeting and same_words(key, other) for other_meeting, other in seen):
            continue  # the decision in its proposal's words, or the same words in two files of the meeting
        if any(_overlaps(sentence, other) for other in chosen):
            continue  # a pair of sentences and one of its halves quote the same words
        seen.append((meeting, key))
        per_paragraph[paragraph] = per_paragraph.get(paragraph, 0) + 1
        chosen.append(sentence)
        if len(chosen) == limit:
            break
    return chosen


def _overlaps(one: ScoredSentence, other: ScoredSentence) -> bool:
    return (
        one.context.paragraph_id == other.context.paragraph_id
        and one.span.start < other.span.end
        and other.span.start < one.span.end
    )


def order_support(support: Sequence[ScoredSentence]) -> list[ScoredSentence]:
    """Supporting quotes for reading: older meeting first, then in document order."""

    def key(s: ScoredSentence) -> tuple[str, str, int, int]:
        date = s.context.date.isoformat() if s.context.date else "9999"
        return (date, s.context.source_path, s.context.start, s.span.start)

    return sorted(support, key=key)


def _shorten(text: str, limit: int = LEAD_IN_TITLE_CHARS) -> str:
    text = display(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lead_in(citation: Citation) -> str:
    """Where the quoted sentence comes from, in Swedish: "Kommunstyrelsen 2024-03-20, § 220 (Titel):",
    "..., punkt 3 (Titel):", "..., (Inledning och närvaro):" for the opening item, which has no number."""
    date = citation.date.isoformat() if citation.date else "odaterat"
    title = f"({_shorten(citation.item_title)})" if citation.item_title else ""
    where = " ".join(part for part in (display_number(citation.item_number), title) if part)
    return f"{citation.body or 'Okänt organ'} {date}, {where}:"


def with_label(sentence: ScoredSentence) -> ScoredSentence:
    """A front page's bare value quoted with the label line right above it ("Utses att justera\n\n
    Gabriella Lönn"): such pages set each field's label as a heading over its value, and the name or date
    alone does not say what it is."""
    if not is_opening_item(sentence.context) or len(sentence.text.split()) > VALUE_MAX_WORDS:
        return sentence
    before = sentence.context.text[: sentence.span.start].rstrip()
    start = before.rfind("\n") + 1
    label = before[start:].strip()
    if not LABEL_RE.fullmatch(label) or len(label.split()) > LABEL_MAX_WORDS or not is_furniture(label):
        return sentence  # not a rule line ("____") or a run of paragraphs ("§ 55-§ 65")
    return replace(sentence, span=Span(before.index(label, start), sentence.span.end))


def compose(sentences: Sequence[ScoredSentence]) -> tuple[list[AnswerSentence], list[Citation]]:
    """Answer sentences with one citation each; the source is named once per item, a front page's value
    with its label (`with_label`)."""
    answer_sentences: list[AnswerSentence] = []
    citations: list[Citation] = []
    previous_item = ""
    for sentence in map(with_label, sentences):
        citation = cite(sentence.context, sentence.span.start, sentence.span.end)
        citations.append(citation)
        number = len(citations)
        prefix = "" if sentence.context.item_id == previous_item else lead_in(citation) + " "
        previous_item = sentence.context.item_id
        answer_sentences.append(
            AnswerSentence(text=f"{prefix}{display(citation.quote)} [{number}]", citations=[number])
        )
    return answer_sentences, citations


def nearest_citations(
    hits: Sequence[SearchHit], evidence: Evidence | None = None, limit: int = NEAREST
) -> list[Citation]:
    """The closest passages on the topic when there is no answer: per item about the topic (its text
    covers nearly as much of the question as the best item's), its best-scoring content sentence; never
    a heading, a list of papers or an item that only shares a word. Without evidence, first sentences."""
    if evidence is None or not evidence.sentences:
        first = [(hit, split_sentences(hit.context.text)) for hit in hits[:limit]]
        return [cite(hit.context, spans[0].start, spans[0].end) for hit, spans in first if spans]
    floor = RELATIVE_TOPIC * max(s.context_overlap for s in evidence.sentences)
    best_of_item: dict[str, ScoredSentence] = {}
    for sentence in evidence.sentences:
        current = best_of_item.get(sentence.context.item_id)
        if sentence.context_overlap >= floor and (current is None or sentence.score > current.score):
            best_of_item[sentence.context.item_id] = sentence
    nearest: list[Citation] = []
    for hit in hits:
        best = best_of_item.pop(hit.context.item_id, None)
        if best is not None:
            nearest.append(cite(best.context, best.span.start, best.span.end))
        if len(nearest) == limit:
            break
    return nearest


def opening_line(context: ParagraphContext, span: Span) -> ScoredSentence:
    """A line of a meeting's opening item quoted for where and when it was held (no overlap scores:
    it is chosen for what it states, not for the words it shares)."""
    return ScoredSentence(0, context, span, 0.0, 0.0, is_decision=False, score=0.0)


def not_answered(
    question: str,
    hits: Sequence[SearchHit],
    confidence: float,
    *,
    note: str = "",
    evidence: Evidence | None = None,
) -> Answer:
    return Answer(
        question=question,
        answered=False,
        text=NOT_IN_MINUTES,
        nearest=nearest_citations(hits, evidence),
        confidence=confidence,
        notes=[note] if note else [],
    )


#: A year named with a season or term: "hösten 2022", "våren 2023", "höstterminen 2017".
SEASON_YEAR_RE = re.compile(
    r"\b(?:höst|vår|sommar|vinter)(?:en|terminen|termin)?\s+((?:19|20)\d\d)\b", re.IGNORECASE
)


def years_missing(question: str, matter: Sequence[ScoredSentence]) -> list[str]:
    """The years the question names when none of them is the matter's meeting year (or the year before
    it) or in its text: "Vilken medlemsavgift beslutade föreningen för 2018?" is not answered by the fee
    a 2017 meeting set for 2017."""
    years = sorted(set(ASKED_YEAR_RE.findall(question)))
    if not years:
        return []
    # "hösten 2022": a season of a year is no year's accounts, so only that year's meetings are about it.
    seasons = set(SEASON_YEAR_RE.findall(question))
    for sentence in matter:
        context = sentence.context
        if context.date is not None:
            # The year's accounts, reports and discharge come before the next year's meeting.
            held = {str(context.date.year)} | ({str(context.date.year - 1)} - seasons)
            if held & set(years):
                return []
        # "189 färre barn jämfört med hösten 2022" is about the meeting's autumn, not 2022's.
        stated = COMPARED_YEAR_RE.sub(" ", f"{context.item_title} {context.text}")
        if any(year in stated for year in years) or span_years(context.item_title) & set(years):
            return []  # "VIP 2021-2023" is about 2022 too
    return years


def spans_missing(question: str, matter: Sequence[ScoredSentence]) -> list[str]:
    """The spans of years the question names when the matter names other spans and none of them: "Hur
    stor andel var behöriga läsåret 2023/2024?" is not answered by the report on 2024/2025."""
    asked = year_spans(question)
    if not asked:
        return []
    stated: set[tuple[str, str]] = set()
    for sentence in matter:
        stated |= year_spans(f"{sentence.context.item_title} {sentence.context.text}")
    if not stated or asked & stated:
        return []
    return sorted(f"{first}/{second}" for first, second in asked)


def abstention_reason(evidence: Evidence, min_score: float) -> str | None:
    """Why the evidence is too weak to answer from (None when it is strong enough)."""
    if evidence.content_terms == 0:
        return "the question has no content words"
    if evidence.meeting_missing:
        return "no stored meeting on the date the question names"
    if evidence.confidence < min_score:
        return f"evidence {evidence.confidence:.2f} below answer_min_score {min_score:.2f}"
    return None


def _kinds_label(parts: Sequence[QuestionPart]) -> str:
    return ", ".join(sorted({kind.value for part in parts for kind in checked_kinds(part)}))


#: Scores (question, sentences) -> one probability per sentence that it states what is asked.
LeadScorer = Callable[[str, Sequence[str]], list[float]]


@dataclass
class AnswerPlan:
    """What the minutes hold for a question: the evidence, the matter and per part its lead sentence,
    or why there is no answer. Both answerers (extractive and LLM) abstain by the same plan."""

    evidence: Evidence
    analysis: QuestionAnalysis
    matter: list[ScoredSentence] = field(default_factory=list)
    leads: list[ScoredSentence] = field(default_factory=list)
    missing: list[QuestionPart] = field(default_factory=list)
    reason: str | None = None  # why there is no answer (None: there is one)
    sitting: bool = False  # a question about where or when the sitting was held (`service/sitting.py`)


def plan_answer(
    question: str,
    hits: Sequence[SearchHit],
    *,
    analyzer: SwedishAnalyzer,
    min_score: float,
    weight: TermWeight = uniform_weight,
    check: LeadScorer | None = None,
    check_min: float = 0.0,
) -> AnswerPlan:
    """Decide whether the hits answer the question and from which matter and sentences (pure, but for
    `check`: the learned lead check of `service/lead_check.py`, which can only withhold an answer)."""
    evidence = gather_evidence(question, hits, analyzer, weight)
    analysis = analyse_question(question)
    sitting = sitting_lines(question, hits, analyzer)
    if sitting is not None:
        # Where and when a sitting was held: its opening item's place and time lines, or no answer.
        plan = AnswerPlan(evidence, analysis, sitting=True)
        plan.leads = plan.matter = [opening_line(context, span) for context, span in sitting]
        plan.reason = None if plan.leads else "the opening item states no place or time of the sitting"
        return plan
    plan = AnswerPlan(evidence, analysis, reason=abstention_reason(evidence, min_score))
    if plan.reason is not None:
        return plan
    if not evidence.sentences:
        plan.reason = "no content sentence in the passages"
        return plan
    assign_matters(evidence.sentences, analyzer)
    best = meeting_time(evidence.sentences, question) or lead_of_answer(
        evidence.sentences, analysis, min_score
    )
    plan.matter = recorded_over_announced(
        [s for s in evidence.sentences if s.matter == best.matter], named_periods(question)
    )
    if best.lacks_names:
        plan.reason = f"the passages about the topic do not name {', '.join(sorted(best.lacks_names))}"
        return plan
    if years := years_missing(question, plan.matter):
        plan.reason = f"the passages about the topic are not about {' or '.join(years)}"
        return plan
    if spans := spans_missing(question, plan.matter):
        plan.reason = f"the passages about the topic are not about {' or '.join(spans)}"
        return plan
    plan.leads, plan.missing = lead_sentences(analysis, plan.matter, analyzer, weight)
    with_sitting_parts(plan, hits, analyzer)
    if not plan.leads or analysis.parts[0] in plan.missing:
        # The first part is what the question is about: "Vilken budget för 2026 antog KF, och hur röstade
        # partierna?" is not answered by the votes on another year's budget.
        plan.reason = f"no {_kinds_label(plan.missing)} in the passages about the topic"
    elif unstated := [
        part
        for part in plan.missing
        if figure_unstated(part, plan.matter) or place_unstated(part, plan.matter)
    ]:
        plan.reason = f"no {_kinds_label(unstated)} in the passages about the topic"
    elif stance_unstated(analysis.parts[0], plan.matter):
        # "Ställde sig nämnden bakom förslaget i promemorian?" is not answered by "godkänner yttrandet och
        # översänder det": the minutes record that a statement was made, not what it says.
        plan.reason = "no position taken in the passages about the topic"
    elif any(count_unnamed(part.text, plan.matter) for part in analysis.parts):
        plan.reason = "the passages about the topic give the number, not which ones"
    elif which_unnamed(analysis.parts[0], plan.matter):
        # "Vilka aktuella frågor tog kommundirektören upp?" is not answered by "lämnar en redogörelse för
        # aktuella frågor": the minutes say that there were some, not which. (Of a later part, the things
        # may be named without the noun: "vilka material ...?" by "fasaden utförs i tegel".)
        plan.reason = "the passages about the topic do not say which ones"
    elif any(finding_unstated(part, plan.matter) for part in analysis.parts):
        # "Vad kom granskningen fram till?" is not answered by "Granskningsrapport från revisionen" in a list
        # of reports, nor "Hur dömde förvaltningsrätten?" by "Förvaltningsrättens dom avseende ..." in a list
        # of letters: the minutes record that a report or a ruling came, not what it says.
        plan.reason = "no finding in the passages about the topic"
    if plan.reason is None and check is not None and plan.leads:
        checked = max(check(question, [s.text for s in plan.leads]))
        if checked < check_min:
            plan.reason = (
                f"the lead sentences do not state what is asked (lead check {checked:.2f} < {check_min:.2f})"
            )
    return plan


def procedure(sentence: str) -> bool:
    """Whether the sentence tells how the chair put the matter ("Ordföranden konstaterar att det finns ett
    förslag till beslut", "prövar förslaget och finner att nämnden bifaller det") or what someone moved:
    it states no position and no finding of its own."""
    return any(rule.search(sentence) for rule in (MOVES_RE, VOTE_PROCEDURE_RE, CHAIR_PROCEDURE_RE))


def takes_position(sentence: str) -> bool:
    """Whether the sentence states a position, not how the matter was put or what someone moved."""
    return bool(STANCE_RE.search(sentence)) and not procedure(sentence)


def stance_unstated(part: QuestionPart, matter: Sequence[ScoredSentence]) -> bool:
    """Whether the part asks a body's position and no sentence of the matter takes one."""
    return bool(ASKS_STANCE_RE.search(part.text)) and not any(takes_position(s.text) for s in matter)


def finding_unstated(part: QuestionPart, matter: Sequence[ScoredSentence]) -> bool:
    """Whether the part asks what a study or review found, or how a court ruled, and no sentence of the
    matter states a finding or a ruling."""
    return any(
        asks.search(part.text) and not any(states.search(s.text) and not procedure(s.text) for s in matter)
        for asks, states in ((ASKS_FINDING_RE, FINDING_RE), (ASKS_VERDICT_RE, VERDICT_RE))
    )


def figure_unstated(part: QuestionPart, matter: Sequence[ScoredSentence]) -> bool:
    """Whether a part asking how much, how many or when finds no such figure in the whole matter.

    The time of the sitting ("och när avslutades mötet?") is asked of the meeting, not of the matter."""
    return (
        bool(checked_kinds(part) & FIGURE_KINDS)
        and ASKS_FIGURE_RE.search(part.text) is not None
        and ASKS_MEETING_TIME_RE.search(part.text) is None
        and not any(states_asked_fact(s, part) for s in matter)
    )


def place_unstated(part: QuestionPart, matter: Sequence[ScoredSentence]) -> bool:
    """Whether a part asking where ("..., och var hölls den?") finds no place in the whole matter: the
    question is then about a place the minutes do not give, not one to answer in part. (Who, asked so,
    is still answered in part: on the dev sets that rule cost seven answers for one abstention.)"""
    return FactKind.PLACE in checked_kinds(part) and not any(states_asked_fact(s, part) for s in matter)


def with_sitting_parts(plan: AnswerPlan, hits: Sequence[SearchHit], analyzer: SwedishAnalyzer) -> None:
    """A part asking where or when the sitting was held ("Vem justerade protokollet ..., och i vilken lokal
    hölls mötet?") is answered by the place and time lines of the opening item the answer draws on."""
    if len(plan.analysis.parts) < 2 or not any(is_opening_item(s.context) for s in plan.matter):
        return
    meeting = next(s.context.meeting_id for s in plan.matter if is_opening_item(s.context))
    quoted = {(s.context.paragraph_id, s.span) for s in plan.leads}
    for part in plan.analysis.parts:
        lines = [
            line for line in sitting_lines(part.text, hits, analyzer) or [] if line[0].meeting_id == meeting
        ]
        if not lines:
            continue
        plan.leads += [opening_line(c, span) for c, span in lines if (c.paragraph_id, span) not in quoted]
        plan.missing = [missing for missing in plan.missing if missing is not part]


def same_topic(plan: AnswerPlan, sentences: Sequence[ScoredSentence]) -> list[ScoredSentence]:
    """For a question about a matter's history, the sentences of other items that are as much about its
    topic as the lead's item: a plan adopted by the board under one title is appealed under another at
    the council, and the title-based matter keeps them apart."""
    if not plan.analysis.asks_history or not plan.leads:
        return []
    top = max(s.context_overlap for s in plan.leads)
    return [
        s
        for s in sentences
        if s.matter != plan.leads[0].matter
        and s.context_overlap >= max(HISTORY_TOPIC, top)
        and not s.lacks_names
    ]


def answer_from_hits(
    question: str,
    hits: Sequence[SearchHit],
    *,
    analyzer: SwedishAnalyzer,
    min_score: float,
    weight: TermWeight = uniform_weight,
    check: LeadScorer | None = None,
    check_min: float = 0.0,
) -> Answer:
    """The answer over given hits (pure: no search, no I/O), so it can be tested and calibrated alone."""
    plan = plan_answer(
        question,
        hits,
        analyzer=analyzer,
        min_score=min_score,
        weight=weight,
        check=check,
        check_min=check_min,
    )
    evidence = plan.evidence
    if plan.reason is not None:
        return not_answered(question, hits, evidence.confidence, note=plan.reason, evidence=evidence)
    if plan.sitting:
        sentences, citations = compose(plan.leads)
        return Answer.cited(question, sentences, citations, evidence.confidence)
    support = order_support(
        supporting_sentences(plan.analysis, [*plan.matter, *same_topic(plan, evidence.sentences)], plan.leads)
    )
    # When quotes must be left out, asked vote figures and reservations stay in, then the decision text in
    # reading order (its numbered points belong together), then the other sentences best first.
    asked = plan.analysis.kinds & {FactKind.VOTE, FactKind.RESERVATION}
    first = [s for s in support if asked & s.facts]
    rest = [s for s in support if s not in first]
    decided = [s for s in rest if s.context.is_decision]
    others = sorted((s for s in rest if not s.context.is_decision), key=lambda s: -s.score)
    picked = _dedupe([*plan.leads, *first, *decided, *others], MAX_SENTENCES)
    chosen = [s for s in picked if s in plan.leads] + order_support(
        [s for s in picked if s not in plan.leads]
    )
    sentences, citations = compose(chosen)
    notes = [f"not stated in the minutes: {part.text}" for part in plan.missing]
    return Answer.cited(question, sentences, citations, evidence.confidence, notes=notes)


def answer_question(
    question: str,
    searcher: Searcher,
    *,
    filters: SearchFilters | None = None,
    k: int | None = None,
    settings: Settings,
) -> Answer:
    """Search, then answer from the top `k` hits (`Settings.answer_k` by default) with verbatim, cited
    sentences (or say there is none)."""
    question = question.strip()
    if not question:
        from protokollet.errors import InvalidQuery

        raise InvalidQuery("the question is empty")
    hits = search_for_answer(searcher, question, k or settings.answer_k, filters)
    index = index_of(hits)  # the version searched, for the analyzer and term statistics too
    return answer_from_hits(
        question,
        hits,
        analyzer=analyzer_of(index),
        min_score=settings.answer_min_score,
        weight=term_weights_of(index),
        check=lead_check(settings),
        check_min=settings.answer_lead_check_min,
    )


def lead_check(settings: Settings) -> LeadScorer | None:
    """The learned lead check when it is on and fits the model (its adapters were trained on the bundled
    model's layers; another model answers by the rules alone)."""
    if settings.answer_lead_check_min <= 0:
        return None
    from protokollet.index.embed.embedder import resolve_model_path
    from protokollet.service.lead_check import adapter_base_model, lead_check_for

    if adapter_base_model() != settings.model:
        return None
    return lead_check_for(resolve_model_path(settings))
