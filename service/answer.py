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
from collections.abc import Sequence
from dataclasses import dataclass, field

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.search import Searcher, SearchFilters, SearchHit
from protokollet.ingest.dates import DATE_RE, MONTHS, find_dates
from protokollet.models import Citation, DocType, display_number
from protokollet.service.answer_models import NOT_IN_MINUTES, Answer, AnswerSentence
from protokollet.service.evidence import (
    MONTH_YEAR_RE,
    WHOLE_YEAR,
    WORD_RE,
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
    search_for_answer,
    term_weights_of,
    uniform_weight,
)
from protokollet.service.facts import (
    COUNTED_PREFIX,
    NOT_NAMES,
    ORGANISATION_RE,
    PERSON_RE,
    PRICE_LEVEL_RE,
    PROCEDURE_DATE_RE,
    VOTE_RE,
    WHEN_RE,
    FactKind,
    counts,
    has_person,
    is_furniture,
    mentions_role,
    names_new_person,
    names_role_holder,
    only_other_roles,
    other_role,
)
from protokollet.service.question import (
    CHECKED_KINDS,
    INSTITUTION_RE,
    QuestionAnalysis,
    QuestionPart,
    analyse_question,
)
from protokollet.service.sentences import display, split_sentences
from protokollet.service.verify import cite
from protokollet.settings import Settings

MAX_SENTENCES = 5
MAX_PER_PARAGRAPH = 3
#: A later or earlier meeting on the same matter joins when its best sentence reaches this share.
RELATIVE_SAME_MATTER = 0.4
#: A supporting sentence of the answer's matter joins when it scores at least this share of the lead.
RELATIVE_SUPPORT = 0.6
#: Item titles at least this similar (Jaccard over stems) are treated as the same matter.
TITLE_SIMILARITY = 0.6
LEAD_IN_TITLE_CHARS = 90
NEAREST = 3
#: "Vem är ordförande i X?": only a sentence that names the chair answers, not one electing X's members.
ASKS_CHAIR_RE = re.compile(r"\bordförande", re.IGNORECASE)
CHAIR = frozenset({"ordför"})
#: A history question's other items join the answer only when at least this share of its topic words
#: (and no fewer than the lead item's) are in them.
HISTORY_TOPIC = 0.6
#: Weights when choosing a part's lead sentence: the part's own words, then the whole question's score.
W_PART = 1.0
#: Characters of a stem looked up in the sentence's text to place it.
MIN_STEM_CHARS = 5
#: A capitalised word of three letters or more ("Norrängens", "Torpaskolan"; not a party's "KD").
NAME_WORD_RE = re.compile(r"\b[A-ZÅÄÖ][a-zåäöéü]{2,}(?:-[A-ZÅÄÖa-zåäö]+)*\b")
W_QUESTION = 0.5
#: How much the part's words in the lines before a sentence count, against the sentence's own.
W_LEAD_UP = 0.6
#: Items whose text covers at least this share of the best item's coverage count as on the topic.
RELATIVE_TOPIC = 0.8
#: A name this close (characters) to a word of the question is the name asked ("ordföranden Jonas Attenius").
NAME_NEAR_CHARS = 40
#: Stems of the roles a front-matter question asks for ("Vem var ordförande", "Vilka var frånvarande").
ROLE_RE = re.compile(
    r"ordför|sekreter|juster|närvar|frånvar|ersätt|ledamot|ledamöt|beslutand|tjänstgör|kommunalråd"
    r"|oppositionsråd|jäv|protokollför|mötesledar|ombud|revisor|suppleant|kassör"
)
#: "Vem är den nya arenachefen?": a post the name must stand next to (any name in the item will not do).
ASKS_POST_RE = re.compile(
    r"\bvem\s+(?:är|var|blev|blir|har\s+blivit|(anställdes|anställs|har\s+anställts|rekryterades"
    r"|har\s+rekryterats))\s+(?:som\s+)?(?:den\s+|det\s+)?"
    r"(?:(?:nya?|nye|tillträdande|ordinarie|tillförordnad|biträdande|permanent)\s+)*"
    r"(?:\w+-\s+(?:och|eller)\s+)?"  # "ny säkerhets- och beredskapschef"
    r"(\w*(?:chef|direktör|ansvarig|samordnare|controller|sekreterare|rekryterare|handläggare|strateg))",
    re.IGNORECASE,
)
#: "Vem förde protokollet?" asks for the protokollförare and "Vem ledde mötet?" for the ordförande, whose
#: role words the question does not use.
KEEPS_MINUTES_RE = re.compile(r"\bför(?:de|a|s|t)?\s+(?:\w+\s+)?protokoll", re.IGNORECASE)
#: A member moving in the meeting ("Lena Ferm (SD) yrkar bifall"; "Yrkandet från SD avslås" is decided).
MOVES_RE = re.compile(r"\byrkar\b", re.IGNORECASE)
#: An earlier decision cited by date and paragraph: "beslutade 2021-09-16, § 74", "den 14 mars 2024, § 27".
EARLIER_DECISION_RE = re.compile(r"\d{4}-\d\d-\d\d,?\s*§\s*\d+|\b\d{1,2}\s+\w+\s+\d{4},?\s*§\s*\d+")
#: A question for what a party wanted or moved ("Vad krävde V?", "Vilket tillägg ville SD göra?").
ASKS_PARTY_WANTED_RE = re.compile(r"\bkrävde\b|\bkräver\b|\bville\b|\byrkade\b|\bföreslog\b", re.IGNORECASE)
#: A question about the agenda itself, whose announced items answer it ("Vad stod i kallelsen ...?").
ASKS_AGENDA_RE = re.compile(r"\bkallelse\w*|\bdagordning\w*|\bföredragningslist\w*|\binför\b", re.IGNORECASE)
#: A question about the handling itself ("Hur länge har ärendet skjutits upp?", "När ska interpellationen
#: besvaras?"): the dates it was tabled or sent back on, or tabled to, are what it asks.
ASKS_HANDLING_RE = re.compile(
    r"\bskjut\w*\s+upp|\buppskjut\w*|\bbordl\w*|\båterremi\w*|\bbesvar(?:as|ad|at)\b|\bbehandlas\b"
    r"|\bavgöras\b|\btas\s+upp\b|\båterkomm\w*|\båterrapport\w*",
    re.IGNORECASE,
)
#: How a vote is put, not what it is about: "Ja-röst innebär att bifalla ...", "Ordföranden ställer
#: proposition på förslagen", "finner att det finns två förslag till beslut". It answers how a matter was
#: decided or voted on, never what a proposal said.
VOTE_PROCEDURE_RE = re.compile(
    r"\b(?:ja|nej)-?röst\s+(?:innebär|betyder|för)\b|\bställer\s+(?:proposition|förslagen\s+mot)"
    r"|\bpropositionsordning|\bvoteringsproposition|\bfinner\s+att\s+det\s+finns\s+\w+\s+förslag",
    re.IGNORECASE,
)
#: How a vote is to be cast, said before it: "Den som önskar bifalla X röstar ja och den som önskar avslå det
#: röstar nej", "Ja-röst innebär bifall", "Votering begärs". None of it says how the vote went.
VOTE_PUT_RE = re.compile(
    r"\bden\s+som\s+(?:önskar|vill)\b[^.]{0,200}?\brösta[r]?\s+(?:ja|nej)\b"
    r"|\b(?:ja|nej)-?röst\s+(?:innebär|betyder|för)\b[^.]*|\bvotering\s+begärs\b|\bröstar\s+(?:ja|nej)\b",
    re.IGNORECASE,
)
#: A question about what was moved or wanted ("Vad yrkade SD?", "Vad föreslog M?", "ville").
ASKS_MOTION_RE = re.compile(r"\byrk\w*|\bföreslog\w*|\bföreslå\w*|\bville\b", re.IGNORECASE)
CHAIRS_RE = re.compile(r"\b(?:ledde|leder|leda)\b", re.IGNORECASE)
#: A question for who was elected or appointed ("Vem valdes till ...", "Vem efterträder ...").
ASKS_ELECTED_RE = re.compile(
    r"\bvaldes\b|\bväljs\b|\butsågs\b|\butses\b|\befterträd\w*|\bnyvald\w*", re.IGNORECASE
)
#: Roles of the meeting itself, whose holders the minutes list without an election word.
MEETING_ROLES = frozenset({"juster", "ordför", "sekreter", "protokollför", "mötesledar"})
#: Words of an election or appointment, in the sentence or its item's title ("Val av ledamot ...").
ELECTION_RE = re.compile(
    r"\bval\b|\bv(?:ald|alda|aldes|alts|äljs|äljer|älja|äljes)\b|\bfyllnadsval\w*|\bomval\w*|\bnyval\w*"
    r"|\butse\w*|\butsåg\w*|\butsedd\w*|\befterträd\w*|\bentled\w*|\butnämn\w*|\bval av\b",
    re.IGNORECASE,
)
#: Words that say who leads: "ordförande", "leds av", "sammankallande", "projektledare", "ansvarig".
LEADS_RE = re.compile(
    r"\bled(?:er|de|s|des|a|are|aren|ning|ningen)\b|ordför|sammankall|ansvarig|\w+ledare\b", re.IGNORECASE
)
#: A year a question names ("för 2018", "år 2027"); not one of a span ("2019/2020", "2024-2025").
#: A year or a span of them ("2024", "2024-2025", "2025/26"): a period, not a day.
YEARS_RE = re.compile(r"\b(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b")
#: A year, not a figure ("2000.00", "2 000", "2020:1" are sums and references).
ASKED_YEAR_RE = re.compile(r"(?<![\d/-])(?<!\d\s)((?:19|20)\d\d)(?![\d/-]|[.,:]\d|\s\d{3}\b)")
#: A span of years ("läsåret 2023/2024", "2024-2025", "2025/26"): a school or financial year, not two years.
SPAN_RE = re.compile(r"(?<![\d-])((?:19|20)\d\d)\s*[/–-]\s*((?:19|20)?\d\d)(?![\d-])")
#: Words accounts use for a kind of sum a question names otherwise: a year's "resultat" is its "utfall".
MONEY_STEM_ALIASES = {"resultat": ("utfall", "överskott", "underskott"), "lön": ("arvode",)}
#: Words of a hire or an appointment: "tillsvidareanställs", "utses till", "erbjuds tjänsten".
#: "Rekryteringsprocess" and "anställningsform" name no hire.
HIRED_RE = re.compile(
    r"anställ(?!ning)\w*|\butse[sdt]\w*|\butsågs\b|\brekryter(?!ing)\w*|\berbjud\w*|\btillträd\w*",
    re.IGNORECASE,
)
#: A post held for good, as asked ("ny ordinarie chef"), and one held meanwhile ("tillförordnad chef").
PERMANENT_RE = re.compile(r"\b(?:ordinarie|permanent|tillsvidare)\b", re.IGNORECASE)
ACTING_RE = re.compile(r"\b(?:tillförordnad\w*|t\.\s?f\.|vikarie\w*|vikariera\w*|tf)\b", re.IGNORECASE)
#: A year a figure is compared with, not the year it is for: "jämfört med 2018", "än 2023".
COMPARED_YEAR_RE = re.compile(
    r"\b(?:jämfört\s+(?:med|mot)|i\s+jämförelse\s+med|än)\s+(?:år\s+|året\s+)?(?:19|20)\d\d\b", re.IGNORECASE
)
#: A school term: "höstterminen 2017", "vårtermin 2018", "VT 2018", "HT-19".
TERM_RE = re.compile(
    r"\b(vår|höst)termin(?:en)?\s+((?:19|20)?\d\d)\b|\b(?-i:(V|H)T)\s*-?\s*((?:19|20)?\d\d)\b", re.IGNORECASE
)
#: "Vilket belopp per elev ...": a rate per head, which a total does not give. Rates per time are not
#: checked: "2 mnkr årligen" answers "Hur mycket per år?".
PER_RE = re.compile(r"\bper\s+(\w+)", re.IGNORECASE)
TIME_UNITS = ("år", "månad", "vecka", "veck", "dag", "tim", "kvartal", "termin")
#: A question for a date still to come ("När ska översynen redovisas?", "Vilket datum ska förbundet vara
#: likviderat?"): a date before the meeting's year is not that.
ASKS_FUTURE_DATE_RE = re.compile(
    r"\b(?:när|vilket datum|vilken dag|vilken tidpunkt)\s+(?:ska|skall|skulle|kommer|planeras|beräknas)\b",
    re.IGNORECASE,
)
#: Words of a company's form, which a question naming the company may leave out.
ORGANISATION_FORMS = frozenset(
    {"ab", "aktiebolag", "aktiebolaget", "hb", "kb", "oy", "as", "asa", "ltd", "inc", "gmbh"}
)


def asked_roles(text: str) -> frozenset[str]:
    """The role stems a person question names ("ordför" for "Vem var ordförande?")."""
    roles = {match.group(0) for match in ROLE_RE.finditer(text.casefold())}
    if KEEPS_MINUTES_RE.search(text):
        roles.add("protokollför")
    if CHAIRS_RE.search(text):
        roles.add("ordför")
    return frozenset(roles)


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


def takes_effect_on(text: str) -> bool:
    """Whether the text dates when something takes effect ("Taxan träder i kraft den 1 januari 2027")."""
    for date in DATE_RE.finditer(text):
        near = text[max(0, date.start() - NAME_NEAR_CHARS) : date.end() + NAME_NEAR_CHARS]
        if TAKES_EFFECT_RE.search(near) and not CEASES_RE.search(near):
            return True
    return False


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
            if matter < 0:
                matter = len(titles)
                titles.append((stems, matter))
        if case:
            by_case.setdefault(case, matter)
        by_item[context.item_id] = matter
        meetings.setdefault(matter, set()).add(context.meeting_id)
        sentence.matter = matter


#: Kinds that name what is asked; beside one of them a decision word only sets the scene ("Vad ska X
#: betala enligt avtalet som kommunstyrelsen godkände?" asks for the amount, wherever it is stated).
SPECIFIC_KINDS = frozenset({FactKind.MONEY, FactKind.NUMBER, FactKind.PERSON, FactKind.ORGANISATION})


#: Kinds of fact a budget or list states for many matters at once, so the sentence stating one must
#: name the matter too.
ABOUT_KINDS = frozenset({FactKind.MONEY, FactKind.NUMBER, FactKind.ORGANISATION})


def checked_kinds(part: QuestionPart) -> frozenset[FactKind]:
    """The kinds of fact the part asks for that a sentence must state to answer it."""
    kinds = part.kinds & frozenset(CHECKED_KINDS)
    if kinds & SPECIFIC_KINDS and not kinds & {FactKind.VOTE, FactKind.RESERVATION}:
        kinds -= {FactKind.DECISION}
    if kinds & {FactKind.VOTE, FactKind.RESERVATION}:
        # The tally ("Ja: 24, Nej: 20.") or the reservation ("X (SD) reserverar sig") answers "Hur röstade ...
        # när KF beslutade Y?" and "Vilka reserverade sig när ...?"; the decision joins as support.
        kinds -= {FactKind.DECISION}
    return kinds


def asked_years(asked: str) -> set[str]:
    """The years a question asks about; a month or date it names is its meeting's ("som kommunstyrelsen
    behandlade i augusti 2026")."""
    return set(ASKED_YEAR_RE.findall(MONTH_YEAR_RE.sub(" ", DATE_RE.sub(" ", asked))))


def another_years(sentence: str, asked: str, title: str = "") -> bool:
    """Whether the sentence states its figures for years, none of which the question asks about; a
    sentence naming no year states its item's ("Delårsrapport augusti 2025": that year's prognosis)."""
    years = asked_years(asked)
    own = COMPARED_YEAR_RE.sub(" ", sentence)  # "+1 miljon kronor, en förbättring jämfört med 2018"
    stated = set(ASKED_YEAR_RE.findall(own)) or set(ASKED_YEAR_RE.findall(title))
    return bool(years) and bool(stated) and not years & stated


def years_only(sentence: str, asked: str) -> bool:
    """Whether the sentence dates nothing but by years while the question already names its year: "När
    hölls stämman 2025?" is not answered by "ansvarsfrihet för verksamhetsåret 2024-2025"."""
    if not asked_years(asked):
        return False
    return not DATE_RE.search(sentence) and not WHEN_RE.search(YEARS_RE.sub(" ", sentence))


def school_terms(text: str) -> set[tuple[str, str]]:
    """The school terms a text names, as ("v" or "h", year): "höstterminen 2017", "VT 2018", "ht-19"."""
    return {
        ((match.group(1) or match.group(3))[0].casefold(), (match.group(2) or match.group(4))[-2:])
        for match in TERM_RE.finditer(text)
    }


def another_terms(sentence: str, asked: str) -> bool:
    """Whether the sentence states its figures for school terms, none of which the question asks about."""
    terms = school_terms(asked)
    stated = school_terms(sentence)
    return bool(terms) and bool(stated) and not terms & stated


def names_new_organisation(sentence: str, asked: str) -> bool:
    """Whether the sentence names a company the question does not: "Vilket företag granskade Förvaltnings
    AB Framtiden?" is not answered by a sentence naming Förvaltnings AB Framtiden alone."""
    words = {word.casefold() for word in WORD_RE.findall(asked)}
    return any(
        {word.casefold() for word in WORD_RE.findall(match.group(0))} - words - ORGANISATION_FORMS
        for match in ORGANISATION_RE.finditer(sentence)
    )


def year_spans(text: str) -> set[tuple[str, str]]:
    """The spans of years a text names, each as (first year, last two digits of the second)."""
    return {(first, second[-2:]) for first, second in SPAN_RE.findall(DATE_RE.sub(" ", text))}


def states_rate(sentence: str, asked: str) -> bool:
    """Whether the sentence states the rate the question asks ("per elev"), or the question asks none."""
    match = PER_RE.search(asked)
    unit = match.group(1).casefold() if match else ""
    if not unit or unit.startswith(TIME_UNITS) or unit in MONTHS or unit == "den" or unit[0].isdigit():
        return True  # "delårsrapporten per augusti", "per den 31 december": as of a date, no rate
    stem = re.escape(unit[:COUNTED_PREFIX])
    return bool(re.search(rf"(?:\bper\s+(?:\w+\s+)?|/\s*){stem}", sentence.casefold()))


def dates_only_before(sentence: ScoredSentence) -> bool:
    """Whether every date the sentence states (after the dates of procedure) is on or before its meeting
    day, and every bare year before its meeting's year: none of them is a date still to come."""
    meeting = sentence.context.date
    text = PRICE_LEVEL_RE.sub(" ", PROCEDURE_DATE_RE.sub(" ", sentence.text))
    if meeting is None:
        return False
    days = [found.date for found in find_dates(text)]
    years = {int(year) for year in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", DATE_RE.sub(" ", text))}
    if not days and not years:
        return False
    return all(day <= meeting for day in days) and all(year < meeting.year for year in years)


def names_party(sentence: str, stems: set[str]) -> bool:
    """Whether the sentence names one of the parties by its name ("Vänsterpartiets tilläggsyrkande")."""
    return any(stem in word for word in sentence.casefold().split() for stem in stems)


def hired_on_line(sentence: str, post: str) -> bool:
    """Whether a line names someone hired or appointed to the post: "- Claes Tidanå tillsvidareanställs som
    avdelningschef på samordningsavdelningen" (the name further from the post than a role's label)."""
    return any(
        post in line.casefold() and has_person(line) and HIRED_RE.search(line)
        for line in sentence.split("\n")
    )


def names_new_institution(sentence: str, asked: str) -> bool:
    """Whether the sentence names a school, association or provider the question does not ("till
    Norrängens förskola"): a capitalised word inside a line that is not a person's name, a party or a word
    of the question. "På vilka skolor ska kameror sättas upp?" is not answered by "i brottsutsatta skolor"."""
    asked_words = {word.casefold()[:MIN_STEM_CHARS] for word in WORD_RE.findall(asked)}
    for line in sentence.split("\n"):
        people = " ".join(match.group(0) for match in PERSON_RE.finditer(line))
        for match in NAME_WORD_RE.finditer(line):
            word = match.group(0)
            before = line[: match.start()].rstrip(" -–•*\t")
            if not before or before.endswith((".", ":", "!", "?")) or word in people:
                continue  # a line or sentence opens with a capital
            if word.casefold()[:MIN_STEM_CHARS] not in asked_words and word.casefold() not in NOT_NAMES:
                return True
    return False


def states_asked_fact(sentence: ScoredSentence, part: QuestionPart) -> bool:
    """Whether the sentence states every checked kind of fact the part asks for (or it asks none)."""
    wanted = checked_kinds(part)
    if wanted & {FactKind.MONEY, FactKind.NUMBER} and another_years(
        sentence.text, part.text, sentence.context.item_title
    ):
        return False  # "lånevolym under 2025 ... 75,5 miljarder" does not say 2027's
    if wanted & {FactKind.MONEY, FactKind.NUMBER} and another_terms(sentence.text, part.text):
        return False  # "från vårterminen 2017 ... 300 anmälningar" does not say the autumn's
    if FactKind.NUMBER in wanted and FactKind.MONEY in sentence.facts and part.counted is None:
        wanted = wanted - {FactKind.NUMBER}  # "Hur mycket ...": the amount; "Hur många X": not a sum
    # "Vem ska leda arbetsgruppen?": a name by a word for leading ("Erik leder arbetet med stöd av Tomas").
    leads = (
        [m.group(0).casefold() for m in LEADS_RE.finditer(sentence.text)]
        if CHAIRS_RE.search(part.text)
        else []
    )
    leader = bool(leads) and names_role_holder(sentence.text, leads, part.text)
    if FactKind.PERSON in wanted and not names_new_person(sentence.text, part.text) and not leader:
        return False  # only the people the question names: "Vem efterträder Jesper Wiman?"
    if (
        FactKind.PERSON in wanted
        and ASKS_ELECTED_RE.search(part.text)
        and not asked_roles(part.text)
        & MEETING_ROLES  # "Justerare: Tom Backman" answers "Vilka valdes att justera?"
        and not ELECTION_RE.search(f"{sentence.text} {sentence.context.item_title}")
    ):
        return False  # "Vem valdes att efterträda X?" is not answered by "Avsägelse från Y av uppdrag ..."
    roles = asked_roles(part.text) if FactKind.PERSON in wanted else frozenset()
    if roles and only_other_roles(sentence.text, roles, part.text):
        return False  # "Till ordförande för stämman valdes ..." for "Vem blev ny ordförande i föreningen?"
    if roles and names_role_holder(sentence.text, roles, part.text):
        wanted = wanted - {FactKind.PERSON}  # "Att: Lukas är protokolljusterare"
    elif (
        roles & CHAIR
        and ASKS_CHAIR_RE.search(part.text)
        and not (mentions_role(sentence.text, CHAIR, part.text) and has_person(sentence.text))
    ):
        return False  # "Vem är ordförande i rådet?" is not answered by who was elected a member of it
    elif CHAIRS_RE.search(part.text):
        if not leads:
            return False  # "Vem ska leda arbetsgruppen?" is not answered by the name of who reported on it
        if leader:
            wanted = wanted - {FactKind.PERSON}
    elif (post := ASKS_POST_RE.search(part.text)) and not (
        names_role_holder(sentence.text, [post.group(2).casefold()], part.text)
        or hired_on_line(sentence.text, post.group(2).casefold())
    ):
        return False  # "Vem är den nya arenachefen?" is not answered by the förvaltningschef who told of one
    elif post and (
        (post.group(1) and not HIRED_RE.search(sentence.text))
        or (PERMANENT_RE.search(part.text) and ACTING_RE.search(sentence.text))
    ):
        # "Vem rekryterades som ordinarie chef?" is not answered by who holds the post and reports, nor by
        # who acts in it "under pågående rekryteringsprocess".
        return False
    if (
        FactKind.DATE in wanted
        and ASKS_HANDLING_RE.search(part.text)
        and PROCEDURE_DATE_RE.search(sentence.text)
    ):
        wanted = wanted - {
            FactKind.DATE
        }  # "Bordlagt den 24 januari 2024" for "Hur länge har det skjutits upp?"
    if FactKind.ORGANISATION in wanted and INSTITUTION_RE.search(part.text):
        if not names_new_institution(sentence.text, part.text):
            return False  # "Vilka idrottsföreningar ...": a name, not a company's form, answers
        wanted = wanted - {FactKind.ORGANISATION}
    if FactKind.VOTE in wanted and not VOTE_RE.search(VOTE_PUT_RE.sub(" ", sentence.text)):
        return False  # "Den som önskar bifalla yrkandet röstar ja ..." puts the vote; it is not its result
    if not wanted <= sentence.facts:
        return False
    noun = part.counted if FactKind.NUMBER in wanted else None
    if noun is not None and not counts(sentence.text, noun):
        return False
    if FactKind.DATE in wanted and years_only(sentence.text, part.text):
        return False
    if FactKind.DATE in wanted and ASKS_FUTURE_DATE_RE.search(part.text) and dates_only_before(sentence):
        return False  # "När ska översynen redovisas?" is not answered by "vann laga kraft januari 2022"
    if FactKind.MONEY in wanted and not states_rate(sentence.text, part.text):
        return False  # "Vilket belopp per elev ...?" is not answered by a total of 20,4 miljoner kronor
    if FactKind.ORGANISATION in wanted and not names_new_organisation(sentence.text, part.text):
        return False  # the company the question names is not the one it asks for
    stems = part.money_stems
    # The kind of sum may be named by the item's title: a line of the item "Budget" is a budget's.
    named = f"{sentence.text} {sentence.context.item_title}".casefold()
    return not stems or any(
        word in named for stem in stems for word in (stem, *MONEY_STEM_ALIASES.get(stem, ()))
    )


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
            if TAKES_EFFECT_RE.search(self.part.text) and takes_effect_on(sentence.text):
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
        holders = [
            s
            for s in sentences
            if not s.about and states_asked_fact(s, first) and names_role_holder(s.text, roles, first.text)
        ]
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
    2022"), wherever in the minutes it stands; such a line rarely shares the question's topic words."""
    if not ASKS_MEETING_TIME_RE.search(question):
        return None
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
        if checked_kinds(part) & ABOUT_KINDS:
            # The fact must be about the matter: "Vilket företag vann upphandlingen av skolmåltider?" is
            # not answered by a company named in a budget line that shares only the year.
            candidates = [
                s
                for s in candidates
                if not s.about or matched_terms(set(s.about), set(s.local_terms), weight)
            ]
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
            candidates = [s for s in candidates if own & party_terms(s.text) or names_party(s.text, own)]
        if not candidates:
            missing.append(part)
            continue
        if checked_kinds(part) & {FactKind.MONEY, FactKind.NUMBER} and not ASKS_MOTION_RE.search(part.text):
            # "Hur stor budgetram fick nämnden?" is not answered by "SD yrkar att budgeten utökas med 4 mnkr".
            candidates = [s for s in candidates if not MOVES_RE.search(s.text)]
            if not candidates:
                missing.append(part)
                continue
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
            if TAKES_EFFECT_RE.search(part.text):  # "Från vilket datum gäller taxan?": when it takes effect
                fresh = [s for s in (fresh or candidates) if takes_effect_on(s.text)] or fresh
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


def quote_key(text: str) -> str:
    """What a quote says, for spotting the same words twice: without the heading lines it starts with
    ("Beslut\nKommunstyrelsen beslutar att ..." says what "Kommunstyrelsen beslutar att ..." says)."""
    lines = text.split("\n")
    while len(lines) > 1 and is_furniture(lines[0]):
        lines.pop(0)
    return display("\n".join(lines)).casefold()


def _dedupe(sentences: Sequence[ScoredSentence], limit: int) -> list[ScoredSentence]:
    """At most `limit` sentences, none quoted twice: the same words of one meeting count once, also when
    two files hold that meeting (body and date, not the stored meeting); at another meeting the same
    words ("Antecknas.") are that meeting's own decision."""
    chosen: list[ScoredSentence] = []
    seen: set[tuple[str, str]] = set()
    per_paragraph: dict[str, int] = {}
    for sentence in sentences:
        context = sentence.context
        meeting = f"{(context.body or '').casefold()} {context.date}" if context.date else context.meeting_id
        key = (meeting, quote_key(sentence.text))
        paragraph = context.paragraph_id
        if key in seen or per_paragraph.get(paragraph, 0) >= MAX_PER_PARAGRAPH:
            continue
        if any(_overlaps(sentence, other) for other in chosen):
            continue  # a pair of sentences and one of its halves quote the same words
        seen.add(key)
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


def years_missing(question: str, matter: Sequence[ScoredSentence]) -> list[str]:
    """The years the question names when none of them is the matter's meeting year (or the year before
    it) or in its text: "Vilken medlemsavgift beslutade föreningen för 2018?" is not answered by the fee
    a 2017 meeting set for 2017."""
    years = sorted(set(ASKED_YEAR_RE.findall(question)))
    if not years:
        return []
    for sentence in matter:
        context = sentence.context
        # The year's accounts, reports and discharge come before the next year's meeting.
        if context.date is not None and {str(context.date.year), str(context.date.year - 1)} & set(years):
            return []
        if any(year in f"{context.item_title} {context.text}" for year in years):
            return []
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


def plan_answer(
    question: str,
    hits: Sequence[SearchHit],
    *,
    analyzer: SwedishAnalyzer,
    min_score: float,
    weight: TermWeight = uniform_weight,
) -> AnswerPlan:
    """Decide whether the hits answer the question and from which matter and sentences (pure)."""
    evidence = gather_evidence(question, hits, analyzer, weight)
    analysis = analyse_question(question)
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
    if not plan.leads or analysis.parts[0] in plan.missing:
        # The first part is what the question is about: "Vilken budget för 2026 antog KF, och hur röstade
        # partierna?" is not answered by the votes on another year's budget.
        plan.reason = f"no {_kinds_label(plan.missing)} in the passages about the topic"
    return plan


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
) -> Answer:
    """The answer over given hits (pure: no search, no I/O), so it can be tested and calibrated alone."""
    plan = plan_answer(question, hits, analyzer=analyzer, min_score=min_score, weight=weight)
    evidence = plan.evidence
    if plan.reason is not None:
        return not_answered(question, hits, evidence.confidence, note=plan.reason, evidence=evidence)
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
    )
