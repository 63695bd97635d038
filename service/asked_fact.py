"""Whether a sentence states the fact a part of the question asks for: a name at the asked post, the
year or term asked, a rate per head, a date still to come, a vote's result rather than how it is put.

These are the checks that make the answerer abstain on a near miss ("Vad kostar X?" answered by a sentence
about X that names no sum, or another year's sum); `answer.py` picks the lead sentences with them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator, Sequence

from protokollet.ingest.dates import DATE_RE, MONTH_NAMES, MONTHS, find_dates
from protokollet.ingest.places import place_in_words
from protokollet.service.acting_body import bodies_named
from protokollet.service.evidence import (
    MONTH_YEAR_RE,
    WORD_RE,
    ScoredSentence,
    is_opening_item,
)
from protokollet.service.facts import (
    ASKS_VICE_RE,
    CASE_NUMBER_RE,
    CITED_DECISION_RE,
    COUNTED_PREFIX,
    KRONA_UNITS,
    MONEY_RE,
    NOT_NAMES,
    ORGANISATION_RE,
    PERSON_RE,
    PLACE_NAME_RE,
    PRICE_LEVEL_RE,
    PROCEDURE_DATE_RE,
    PROPERTY_RE,
    VOTE_RE,
    WHEN_RE,
    FactKind,
    counted_word,
    counts,
    has_person,
    mentions_role,
    names_new_person,
    names_role_holder,
    only_other_roles,
)
from protokollet.service.question import (
    ASKED_COUNT,
    CHECKED_KINDS,
    INSTITUTION_RE,
    MONEY_STEMS,
    NOT_LED_TO,
    RATE_ASKED,
    QuestionPart,
)

#: Characters of a stem looked up in the sentence's text to place it.
MIN_STEM_CHARS = 5
#: A capitalised word of three letters or more ("Norrängens", "Torpaskolan"; not a party's "KD").
NAME_WORD_RE = re.compile(r"\b[A-ZÅÄÖ][a-zåäöéü]{2,}(?:-[A-ZÅÄÖa-zåäö]+)*\b")
#: "Vem är ordförande i X?": only a sentence that names the chair answers, not one electing X's members.
ASKS_CHAIR_RE = re.compile(r"\bordförande", re.IGNORECASE)
CHAIR = frozenset({"ordför"})


#: Stems of the roles a front-matter question asks for ("Vem var ordförande", "Vilka var frånvarande").
ROLE_RE = re.compile(
    r"ordför|sekreter|juster|närvar|frånvar|ersätt|ledamot|ledamöt|beslutand|tjänstgör|kommunalråd"
    r"|oppositionsråd|jäv|protokollför|mötesledar|ombud|revisor|suppleant|kassör"
)
#: "Vem är den nya arenachefen?", "Vad heter den nya enhetschefen?": a post the name must stand next to
#: (any name in the item will not do).
ASKS_POST_RE = re.compile(
    r"\b(?:(?:vem|vilka(?:\s+personer)?)\s+(?:är|var|blev|blir|har\s+blivit|ska\s+(?:vara|bli)|(anställdes|anställs"
    r"|har\s+anställts|rekryterades|har\s+rekryterats|tillsattes|har\s+tillsatts))|vad\s+heter)\s+(?:som\s+)?"
    r"(?:den\s+|det\s+)?"
    r"(?:(?:nya?|nye|tillträdande|ordinarie|tillförordnad|biträdande|permanent)\s+)*"
    r"(?:\w+-\s+(?:och|eller)\s+)?"  # "ny säkerhets- och beredskapschef"
    r"(\w*(?:chef|direktör|ansvarig|samordnare|controller|sekreterare|rekryterare|handläggare|strateg|rektor))",
    re.IGNORECASE,
)
#: "Vem förde protokollet?" asks for the protokollförare and "Vem ledde mötet?" for the ordförande, whose
#: role words the question does not use.
KEEPS_MINUTES_RE = re.compile(r"\bför(?:de|a|s|t)?\s+(?:\w+\s+)?protokoll", re.IGNORECASE)
#: A member moving in the meeting ("Lena Ferm (SD) yrkar bifall"; "Yrkandet från SD avslås" is decided).
MOVES_RE = re.compile(r"\byrkar\b", re.IGNORECASE)
#: An earlier decision cited by date and paragraph: "beslutade 2021-09-16, § 74", "den 14 mars 2024, § 27".
EARLIER_DECISION_RE = re.compile(r"\d{4}-\d\d-\d\d,?\s*§\s*\d+|\b\d{1,2}\s+\w+\s+\d{4},?\s*§\s*\d+")
#: "När hade nämnden gett förvaltningen uppdraget?": the commission's date, which the minutes cite as the
#: earlier decision that gave it ("i uppdrag att ge förslag till en måltidspolicy (BUN 2024-06-18, § 38)").
ASKS_COMMISSION_RE = re.compile(r"\bnär\b[^?]{0,80}\buppdrag\w*", re.IGNORECASE)
COMMISSION_RE = re.compile(r"\buppdra\w*", re.IGNORECASE)
#: A question for what a party wanted or moved ("Vad krävde V?", "Vilket tillägg ville SD göra?").
ASKS_PARTY_WANTED_RE = re.compile(r"\bkrävde\b|\bkräver\b|\bville\b|\byrkade\b|\bföreslog\b", re.IGNORECASE)
#: A question about the agenda itself, whose announced items answer it ("Vad stod i kallelsen ...?").
ASKS_AGENDA_RE = re.compile(r"\bkallelse\w*|\bdagordning\w*|\bföredragningslist\w*|\binför\b", re.IGNORECASE)
#: A question about the handling itself ("Hur länge har ärendet skjutits upp?", "När ska interpellationen
#: besvaras?"): the dates it was tabled or sent back on, or tabled to, are what it asks.
ASKS_HANDLING_RE = re.compile(
    r"\bskjut\w*\s+upp|\buppskjut\w*|\bbordl\w*|\båterremi\w*|\bbesvar(?:as|ad|at)\b|\bbehandlas\b"
    r"|\bavgöras\b|\btas\s+upp\b|\båterkomm\w*|\båterrapport\w*"
    # "Vilket datum kom svaret?", "När inkom motionen?": when a paper arrived ("Interpellationssvar inkom
    # 2023-04-03") is a step of the handling too.
    r"|\b(?:in)?kom\b|\binkommit\b|\blämnades\s+in\b",
    re.IGNORECASE,
)
#: How a vote is put, not what it is about: "Ja-röst innebär att bifalla ...", "Ordföranden ställer
#: proposition på förslagen", "finner att det finns två förslag till beslut". It answers how a matter was
#: decided or voted on, never what a proposal said.
VOTE_PROCEDURE_RE = re.compile(
    r"\b(?:ja|nej)-?röst\s+(?:innebär|betyder|för)\b|\bställer\s+(?:proposition|förslagen\s+mot)"
    r"|\bpropositionsordning|\bvoteringsproposition"
    r"|\b(?:finner|konstaterar)\s+att\s+det\s+finns\s+(?:\w+\s+){1,2}?förslag",
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
CHAIRS_RE = re.compile(rf"\b(?:ledde|leder|leda)\b{NOT_LED_TO}", re.IGNORECASE)
#: Leading a sitting or a body is chairing it ("Vem ledde sammanträdet?", "Vem ledde Kungsbackas
#: kommunstyrelses arbetsutskott ...?"); leading a working group is not ("Vem ska leda arbetsgruppen?").
CHAIRS_SITTING_RE = re.compile(
    r"\b(?:ledde|leder|leda)\s+(?:(?!som\b)[\w&-]+\s+){0,2}?\w*(?:möte|sammanträd|stämm|sittning|förhandling|nämnd"
    r"|utskott|styrelse|fullmäktige)",
    re.IGNORECASE,
)
#: A question for who was elected or appointed ("Vem valdes till ...", "Vem efterträder ...").
ASKS_ELECTED_RE = re.compile(
    r"\bvaldes\b|\bväljs\b|\butsågs\b|\butses\b|\befterträd\w*|\bnyvald\w*|\bta\s+över\s+som\b", re.IGNORECASE
)
#: Roles of the meeting itself, whose holders the minutes list without an election word.
MEETING_ROLES = frozenset({"juster", "ordför", "sekreter", "protokollför", "mötesledar"})
#: A person question about the sitting itself, which its front page answers (who took part, who was
#: there for the office, who presented): other person questions are about a matter, which it does not hold.
ASKS_SITTING_PEOPLE_RE = re.compile(
    r"\bdelt\w*|\bdelta\w*|\bnärv\w*|\bföredr\w*|\bövrig\w*|\bsammanträd\w*|\bmöte\w*|\bprotokoll\w*"
    r"|\bkallad\w*|\binsyn\w*|\btjänstem[aä]n\w*|\btjänstepers\w*|\b(?:var|fanns) med\b|\bpå plats\b"
    r"|\btjänstg\w*|\bställe\b|\bersatte\b|\bersätt\w*|\bfrånv\w*|\blämnade\s+(?:\w+\s+)?sammanträd\w*",
    re.IGNORECASE,
)
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
#: A year, not a figure ("2000.00", "2 000", "2020:1" are sums and references); a year labelling a figure
#: ("2017- 6,5 miljoner kr") is one.
ASKED_YEAR_RE = re.compile(r"(?<![\d/-])(?<!\d\s)((?:19|20)\d\d)(?![\d/]|[-–]\S|[.,:]\d|\s\d{3}\b)")
#: A span of years ("läsåret 2023/2024", "2024-2025", "2025/26"): a school or financial year, not two years.
SPAN_RE = re.compile(r"(?<![\d-])((?:19|20)\d\d)\s*[/–-]\s*((?:19|20)?\d\d)(?![\d-])")
#: Words accounts use for a kind of sum a question names otherwise: a year's "resultat" is its "utfall".
MONEY_STEM_ALIASES = {
    "resultat": ("utfall", "överskott", "underskott"),
    "underskott": ("resultat", "minus"),  # "ett resultat på minus 18,1 miljoner kronor"
    "överskott": ("resultat",),
    "lön": ("arvode",),
}
#: Words of a hire or an appointment: "tillsvidareanställs", "utses till", "erbjuds tjänsten".
#: "Rekryteringsprocess" and "anställningsform" name no hire.
HIRED_RE = re.compile(
    r"anställ(?!ning)\w*|\butse[sdt]\w*|\butsågs\b|\brekryter(?!ing)\w*|\berbjud\w*|\btillträd\w*|\btillsatt\w*"
    r"|\bförordna\w*",
    re.IGNORECASE,
)
#: A post held for good, as asked ("ny ordinarie chef"), and one held meanwhile ("tillförordnad chef").
PERMANENT_RE = re.compile(r"\b(?:ordinarie|permanent|tillsvidare)\b", re.IGNORECASE)
ACTING_RE = re.compile(r"\b(?:tillförordnad\w*|t\.\s?f\.|vikarie\w*|vikariera\w*|tf)\b", re.IGNORECASE)
#: A year a figure is compared with, not the year it is for: "jämfört med 2018", "än 2023".
COMPARED_YEAR_RE = re.compile(
    r"\b(?:jämfört\s+(?:med|mot)|i\s+jämförelse\s+med|än)\s+(?:år\s+|året\s+|(?:hösten|våren|sommaren|vintern)\s+)?"
    r"(?:19|20)\d\d\b",
    re.IGNORECASE,
)
#: A yes-or-no question whether a body granted, approved or adopted something ("Beviljade utskottet
#: planbesked?", "Godkände nämnden yttrandet?"), and a record that it only took note of information, which
#: says neither.
ASKS_IF_DECIDED_RE = re.compile(
    r"\s*(?:beviljade|godkände|antog|avslog|biföll|tillstyrkte|avstyrkte|fastställde)s?\b"
    # "Vilken fördelningsmodell beslutade nämnden att införa?": a thing decided, not that it took note
    r"|.*\bvilk(?:en|et|a)\s+(?:\w+\s+){1,5}?beslutade\b",
    re.IGNORECASE,
)
NOTED_ONLY_RE = re.compile(
    r"\b(?:notera[rs]?|anteckna[rs]?|ta[r]?\s+del\s+av|tagit\s+del\s+av|tog\s+del\s+av)\s+(?:\w+\s+)?"
    r"(?:informationen|redovisningen|dragningen)",
    re.IGNORECASE,
)
#: A post or task the asked person was given, which the answering sentence names: "Vem utsågs till
#: dataskyddsombud?", "Vem ska ansvara för utvärderingen?" (the word, or "ansvar").
ASKS_ASSIGNED_RE = re.compile(
    r"\b(?:utsågs|utses|utsedd|förordnades|förordnas)\s+till\s+(?:ny\s+|nytt\s+)?(\w{6,})"
    r"|\b(ansvar)(?:a|ar|ade)\s+för\b",
    re.IGNORECASE,
)
#: A year is the fact asked: "Vilket år ska skolan stå klar?".
ASKS_YEAR_RE = re.compile(
    r"\bvilket (?:år|årtal|läsår|verksamhetsår|budgetår)\b|\bvilka år\b|\bvilken termin\b", re.IGNORECASE
)
#: "Vilket datum", "vilken dag": a day is asked, which a month or a year does not give.
ASKS_DAY_RE = re.compile(r"\bvilk(?:et|a) datum\b|\bvilken dag\b|\bdatumet\b", re.IGNORECASE)
#: A sentence saying that something has not happened yet ("Dom är ännu inte meddelad", "har ännu inte
#: fattat beslut"): about the asked event, it says the fact is not there.
NOT_YET_RE = re.compile(
    r"\b(?:ännu\s+inte|inte\s+ännu|ännu\s+ej|ej\s+ännu|ännu\s+icke|i\s+avvaktan\s+på)\b", re.IGNORECASE
)
NOT_YET_CHARS = 30


def only_reporters(sentence: str, asked: str) -> bool:
    """Whether everyone the sentence names (besides whom the question names) is named as who informs."""
    if not REPORTER_RE.search(sentence):
        return False
    rest = REPORTER_RE.sub(" ", sentence)
    return not (has_person(rest) and names_new_person(rest, asked))


def named_with_title(sentence: ScoredSentence) -> str:
    """The sentence and its item's title, folded: a line of an item "Skattesats 2024" is about the tax."""
    return f"{sentence.text} {sentence.context.item_title}".casefold()


def says_not_yet(sentence: str, asked: str) -> bool:
    """Whether the sentence says that what the question asks about has not happened yet: "Dom är ännu
    inte meddelad" for "När meddelade domstolen dom?"."""
    return any(
        shares_words(sentence[max(0, found.start() - NOT_YET_CHARS) : found.end() + NOT_YET_CHARS], asked)
        for found in NOT_YET_RE.finditer(sentence)
    )


def shares_words(text: str, asked: str) -> bool:
    """Whether the text holds a longer word of the question, by its first letters ("meddelad" for
    "meddelade")."""
    return bool(word_prefixes(text) & word_prefixes(asked, MIN_STEM_CHARS))


def word_prefixes(text: str, shortest: int = 0) -> set[str]:
    """The first letters of the text's words (of at least `shortest` letters), folded: words compared so
    match across endings ("meddelad", "meddelade")."""
    return {word.casefold()[:MIN_STEM_CHARS] for word in WORD_RE.findall(text) if len(word) >= shortest}


#: A question for what a review or report found ("Vilka brister pekade Deloitte ut?", "Vilka
#: rekommendationer gav revisorerna?"): a sentence that names them uses the word, or its list's heading does;
#: minutes that only name the report ("Deloittes rapport") leave the findings in an appendix.
ASKS_FINDINGS_RE = re.compile(
    r"\bvilka\s+(?:\w+\s+)?(brist|rekommendation|slutsats|avvikelse|förbättringsområde|anmärkning)\w*",
    re.IGNORECASE,
)
#: "Vem skrev / lämnade / väckte medborgarförslaget?": the author, whose name stands by the paper's word
#: ("Medborgarförslag från Anna Ek", "Motion av Lena Ferm").
ASKS_AUTHOR_RE = re.compile(
    # "Vem i Socialdemokraterna skrev motionen ...?"
    r"\bvem\s+(?:(?:i|inom|av|från)\s+[\w-]+\s+)?(?:har\s+|hade\s+)?(?:skrev|skrivit|lämnade|lämnat|väckte|väckt|stod\s+bakom|står\s+bakom"
    r"|skickade|skickat|sände|sänt)\s+(?:in\s+)?"
    r"(?:\w+\s+)?[\w-]*(förslag|motion|interpellation|initiativ|skrivelse)",  # "e-förslaget" too
    re.IGNORECASE,
)
#: Who wrote a motion, as the minutes say it: "har inlämnats av Joakim Dahlström (M)", "Motion från Anna Ek
#: (S)", "väckt av", "Viktor Grimwood har inkommit med ett förslag".
AUTHORED_RE = re.compile(
    r"\b(?i:inlämna\w*|lämna\w*\s+in|väck\w*|skriv\w*|undertecknad\w*)\s+av\s+[A-ZÅÄÖ][\w-]+"
    # "Viktor Grimwood har inkommit med ett Jönköpingsförslag", "Anna Ek (S) lämnade in en motion"
    r"|\b[A-ZÅÄÖ][\w-]+\s+[A-ZÅÄÖ][\w-]+(?:\s+\([A-ZÅÄÖ]{1,3}\))?\s+(?:har\s+|hade\s+)?"
    r"(?i:inkommit\s+med|inkom\s+med|lämnat\s+in|lämnade\s+in|väckt|väckte)\b"
    r"|\b(?i:motion|medborgarförslag|interpellation|initiativ|skrivelse)\w*\s+(?:\w+\s+)?(?:från|av)\s+"
    r"[A-ZÅÄÖ][\w-]+\s+[A-ZÅÄÖ]"
)
#: "Vem äger fastigheten?", "Vem är ägare till Viken 7:40?": the owner, whom minutes name as one ("ägaren
#: Fastighets AB X", "ägs av"); a private owner they leave unnamed is not whoever else the item names.
ASKS_OWNER_RE = re.compile(
    r"\bvem\s+(?:äger|ägde|är\s+ägare|var\s+ägare|är\s+den\s+\w+\s+ägare)", re.IGNORECASE
)
OWNER_ROLES = ("ägare", "äger", "ägs", "ägde")
#: "Vem föredrog ärendet?", "Vilken tjänsteperson presenterade förslaget?", "Vem höll föreläsningen?": who
#: presented a matter, whose name stands by a word for presenting ("Birgitta Litsegård föredrar ärendet",
#: "Ekonomichef Jane Isgren redogör för ..."), not who moved or chaired.
ASKS_PRESENTER_RE = re.compile(
    r"\b(?:vem|vilk(?:en|a))\b.{0,60}?\b(?:föredr(?:og|ar|agit)|presentera(?:de|r|t)|redogjorde|redogör|informera(?:de|r|t)"
    r"|föreläste|höll\s+(?:i\s+)?(?:\w+\s+)?(?:föredrag|föreläsning|dragning|presentation)\w*)\b",
    re.IGNORECASE,
)
PRESENTS_RE = re.compile(
    r"\bföredr\w*|\bpresenter\w*|\bpresentation\w*|\bredogj\w*|\bredogör\w*|\binformer\w*|\bföreläs\w*"
    r"|\bdragning\w*|\bberättar\b|\bberättade\b|\bg(?:år|ick)\s+igenom\b|\bredovis\w*|\bbeskriv\w*"
    # an official attending an item presents it: "Lars Eriksson, bredbandskoordinator, deltar."
    r"|\bdeltar\b|\bdeltog\b",
    re.IGNORECASE,
)
#: Someone named as who informs or reports ("Ordförande Anna Carlsson (S) informerar om att resan till
#: Skolriksdagen sker med buss"): the name says who told, not who the question asks for.
REPORTER_RE = re.compile(
    rf"{PERSON_RE.pattern}(?:\s*\([A-ZÅÄÖ]{{1,3}}\))?(?:,\s*[\w -]{{1,40}},)?\s+"
    r"(?:informera(?:r|de)|redogör|redogjorde|föredra(?:r|git)|föredrog|presentera(?:r|de)|berätta(?:r|de))\b"
)
#: A longer span of years ("1990-2025") is a history, not a plan's years.
MAX_SPAN_YEARS = 10
#: A year a question sets the asked time against: "före höjningen till 2026", "efter bytet från 2024".
CONTRAST_YEAR_RE = re.compile(
    r"\b(?:före|innan|efter)\s+(?:\w+\s+){0,3}?(?:till|från|inför)\s+(?:år\s+)?(?:19|20)\d\d\b", re.IGNORECASE
)
#: A school term: "höstterminen 2017", "vårtermin 2018", "VT 2018", "HT-19".
TERM_RE = re.compile(
    r"\b(vår|höst)termin(?:en)?\s+((?:19|20)?\d\d)\b|\b(?-i:(V|H)T)\s*-?\s*((?:19|20)?\d\d)\b", re.IGNORECASE
)
#: How long something lasts, asked ("Hur länge ska projektet pågå?") and told ("under två års tid",
#: "i 18 månader", "tre veckor"): a span, not a date.
ASKS_DURATION_RE = re.compile(r"\bhur länge\b|\bhur lång tid\b", re.IGNORECASE)
DURATION_RE = re.compile(
    r"\b(?:\d+|ett|en|två|tre|fyra|fem|sex|sju|åtta|nio|tio|tolv|ett par|några)\s+"
    r"(?:år|års|månad\w*|veck\w*|dag(?:ar|s)?|timm\w*)\b",
    re.IGNORECASE,
)
#: When something lasts until, which answers how long it lasts as a span does: "gäller till och med
#: 2027-12-31", "t.o.m. 2026", "löper ut", "upphör", "planen 2021-2027"; a start date alone does not.
LASTS_UNTIL_RE = re.compile(
    r"\btill\s+(?:och\s+med\s+)?(?:den\s+|år\s+|utgången\s+av\s+|slutet\s+av\s+)?\d|\bt\.\s?o\.\s?m\."
    r"|\bupphör\w*|\blöper\s+ut\b|\bslutdatum\w*|\bfram\s+till\b|\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d\b(?![-–]\d)",
    re.IGNORECASE,
)
#: "Vilket belopp per elev ...": a rate per head, which a total does not give. Rates per time are not
#: checked: "2 mnkr årligen" answers "Hur mycket per år?".
PER_RE = re.compile(r"\bper\s+(\w+)", re.IGNORECASE)
#: A price asked per unit ("Vilket pris per studentmössa"): the price of one, whether or not "per" is written.
PRICE_PER_RE = re.compile(r"\b(?:styck)?pris\w*\s+per\b", re.IGNORECASE)
TIME_UNITS = (
    "år",
    "helår",
    "halvår",
    "läsår",
    "kalenderår",
    "budgetår",
    "månad",
    "vecka",
    "veck",
    "dag",
    "tim",
    "kvartal",
    "termin",
)
#: A question for a date still to come ("När ska översynen redovisas?", "Vilket datum ska förbundet vara
#: likviderat?"): a date before the meeting's year is not that.
ASKS_FUTURE_DATE_RE = re.compile(
    r"\b(?:när|vilket datum|vilken dag|vilken tidpunkt)\s+(?:ska|skall|skulle|kommer|planeras|beräknas)\b"
    # "När tillträder kommunen fastigheten?", "När öppnar skolan?": the present tense of an event to come.
    r"|\bnär\s+(?!(?:är|var|har|hade)\b)(?-i:[a-zåäö])\w*(?:ar|er)\b",
    re.IGNORECASE,
)
#: When an event asked for comes, and the words of a sentence that tells of it: "När ska tillbyggnaden
#: vara klar och tas i bruk?" (not answered by "budget för 2019" in passing) is told by "ska vara klar",
#: "tas i bruk hösten 2027", "inflyttning", "pågår till", an inquiry's "ska redovisas i december"; "När
#: tillträder kommunen fastigheten?" and "Vilken tillträdesdag gäller?" by the tillträde.
ASKED_EVENTS = (
    (
        re.compile(r"\b(?:klar|färdig\w*|i bruk|invig\w*|slutför\w*)\b", re.IGNORECASE),
        re.compile(
            r"\bklar\w*|\bfärdig\w*|\bi bruk\b|\binvig\w*|\bslutför\w*|\binflytt\w*|\bdriftsätt\w*|\bpågå\w*"
            r"|\bklart\b|\bavslut\w*|\bstart\w*|\böppn\w*|\bredovis\w*|\båterrapport\w*",
            re.IGNORECASE,
        ),
    ),
    (re.compile(r"\btillträd\w*", re.IGNORECASE), re.compile(r"\btillträd\w*", re.IGNORECASE)),
    # "När ska förvaltningen återkomma med upphandlingen?" is not answered by when the contract ends
    (
        re.compile(r"\båterkomm\w*", re.IGNORECASE),
        re.compile(r"\båterkomm\w*|\bredovis\w*|\båterrapport\w*|\bpresenter\w*|\btillbaka\b", re.IGNORECASE),
    ),
)
#: The chair putting a matter to the meeting ("Ordföranden (L) prövar om nämnden kan notera informationen"):
#: it names who chaired, nobody else.
CHAIR_PROCEDURE_RE = re.compile(
    r"\bordförande\w*\b.{0,40}\b(?:prövar|prövade|ställer\s+proposition|ställde\s+proposition|frågar\s+om)\b",
    re.IGNORECASE | re.DOTALL,  # "Ordföranden\n(S) prövar förslaget": a line may break inside it
)
#: A hire asked for anywhere in the question ("Vad heter den nya enhetschefen som skolan har anställt?");
#: "kommunens anställda" are its employees, not a hire.
ASKS_HIRE_RE = re.compile(r"\b(?:anställ(?!da\b)|rekryter|tillsat)\w*", re.IGNORECASE)
#: A new holder of a post asked for: "Vem föreslogs som ny utbildningsdirektör?" (the post's word).
ASKS_NEW_POST_RE = re.compile(
    r"\bny[ae]?\s+(?:tillträdande\s+|\w+\s+)?([a-zåäö-]*(?:direktör|chef|ordförande|ledamot|ersättare|rektor"
    r"|sekreterare|samordnare|handläggare|kassör|revisor|ombud|föreståndare|ansvarig|strateg|ekonom|jurist))\b",
    re.IGNORECASE,
)
#: Characters before a name looked at for the post it holds as a title ("Utbildningsdirektör Göran Isberg").
TITLE_CHARS = 40
#: A name right after a post's word: the post is that person's title.
TITLED_NAME_RE = re.compile(r"[,:]?\s+[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\s+[A-ZÅÄÖ][a-zåäöéü]+")


def new_post_unstated(sentence: str, title: str, asked: str) -> bool:
    """Whether the part asks a post's new holder and the sentence names the post only as the title of
    whoever holds it now, or not at all ("Utbildningsdirektör Göran Isberg informerar om förslag till
    ny utbildningsdirektör", "Projektsamordnare Johan Albertsson och utbildningsdirektör Göran Isberg
    redogör"): who is to hold it is not said. The item's title may name the post ("Val av ny ordförande")."""
    post = ASKS_NEW_POST_RE.search(asked)
    if post is None:
        return False
    word = post.group(1).casefold()
    stem = re.escape(word[: max(MIN_STEM_CHARS, len(word) - 2)])
    if re.search(rf"\bny[ae]?\s+\w*{stem}", sentence, re.IGNORECASE) and ELECTION_RE.search(sentence):
        return False  # "till ny ordförande ... väljs tidigare 1:e vice ordföranden Marie Nilsson (M)"
    mentioned = f"{title}\n{sentence}"
    untitled = [
        found
        for found in re.finditer(rf"(\w+\s+)?\w*{stem}\w*", mentioned, re.IGNORECASE)
        if not TITLED_NAME_RE.match(mentioned, found.end())
        or (found.group(1) or "").strip().casefold() in {"ny", "nya", "nye"}
    ]
    if not untitled:
        return True
    titled = re.compile(rf"(\w+\s+)?\w*{stem}\w*[,:]?\s*$")
    names = [
        match
        for match in PERSON_RE.finditer(sentence)
        if sum(name.casefold() not in NOT_NAMES for name in match.group(0).split()) >= 2
    ]
    if not names:
        return False
    for match in names:
        # "Utbildningsdirektör Göran Isberg" is one run of capitalised words: its title is its first.
        first = match.group(0).split()[0]
        start = match.start() + len(first) if titled.search(first.casefold()) else match.start()
        before = titled.search(sentence[max(0, start - TITLE_CHARS) : start].casefold())
        if before is None or (before.group(1) or "").strip() in {"ny", "nya", "nye"}:
            return False
    return True


#: A new member or officer asked for ("Vem blir ny ledamot i fullmäktige efter X?", "Vem blev ny
#: ordförande?"): the attendance list's substitute for the day ("Ingrid Strömgren (M) ersätter Jonna
#: Tingberg (M)") is no new member, nor its chair ("Carl Tönsgård, ordförande") a new chair.
ASKS_NEW_MEMBER_RE = re.compile(
    r"\bny(?:a|e)?\s+(?:ordinarie\s+)?(?:ledamot|ledamöter|ersättare|styrelseledamot|(?:vice\s+)?ordförande"
    r"|kassör|sekreterare)\b",
    re.IGNORECASE,
)
#: How much a charge changes ("Hur mycket ska avfallstaxan höjas?"): minutes state the change as a
#: percentage as often as a sum ("taxan behöver höjas med 12 procent").
ASKS_CHANGE_RE = re.compile(
    r"\bhur mycket\b.{0,120}\b(?:höj|sänk|ök|minsk)(?:a|as|s|er|te|tes|ts|t|des|de|ade|ades|ar)\b",
    re.IGNORECASE,
)
PERCENT_RE = re.compile(r"\d\s*%|\d\s+procent\b", re.IGNORECASE)
#: A time of day asked ("Vilken tid på dagen ska sammanträdena börja?", "Hur dags öppnar ...?") is a clock
#: time: the day a meeting is held does not say it.
ASKS_CLOCK_RE = re.compile(
    r"\btid(?:en)? på dagen\b|\bklockslag\w*|\bhur dags\b|\bklockan hur mycket\b"
    r"|\bvilken tid (?:ska \w+ )?(?:börja\w*|start\w*|slut\w*|öppna\w*|stäng\w*)\b",
    re.IGNORECASE,
)
CLOCK_RE = re.compile(r"\bkl(?:ockan|\.)?\s*\d{1,2}\b|\b\d{1,2}[.:]\d\d\b(?![.:]\d)", re.IGNORECASE)
#: A period asked ("Under vilken period ska samrådet pågå?", "Mellan vilka datum ...?") is a span: a day
#: alone does not say it, a span of days, weeks, a term or an end does.
ASKS_PERIOD_RE = re.compile(
    r"\bunder vilken (?:period|tid)\b|\bmellan vilka (?:datum|dagar|veckor|månader)\b", re.IGNORECASE
)
PERIOD_RE = re.compile(
    # "8–9 maj", "vecka 12-15" (not an ISO date's hyphens)
    rf"{DURATION_RE.pattern}|{LASTS_UNTIL_RE.pattern}|(?<![\d-])\d{{1,2}}\s*[-–]\s*\d{{1,2}}(?![\d-])|\bveck[ao]\s+\d"
    r"|\bunder\s+(?:våren|hösten|sommaren|vintern|\w*terminen|perioden|tiden)\b"
    # "25 maj - 23 juni 2024": from a day of one month to a day of another
    rf"|\b(?:{'|'.join(MONTHS)})\.?\s*[-–]\s*\d",
    re.IGNORECASE,
)


def states_period(sentence: str) -> bool:
    """Whether the sentence gives a span of time, or its first and last day ("anslaget sätts upp
    2018-05-25 ... tas ned 2018-06-18")."""
    return bool(PERIOD_RE.search(sentence)) or len(DATE_RE.findall(sentence)) >= 2


#: A kind of fact asked, the question's words that let another form answer it, that form, and what a
#: sentence must state to answer that question at all (or None): "Hur mycket ska taxan höjas?" by "med 12
#: procent" (or a sum); "Hur länge ska projektet pågå?" by "under två års tid", and only by a span or an end
#: ("gäller till och med 2029-12-31"), never by the day it starts.
ANSWERED_OTHERWISE: tuple[
    tuple[FactKind, re.Pattern[str], Callable[[str], object], Callable[[str], object] | None], ...
] = (
    (FactKind.MONEY, ASKS_CHANGE_RE, PERCENT_RE.search, None),
    (FactKind.DATE, ASKS_CLOCK_RE, CLOCK_RE.search, CLOCK_RE.search),
    # "Under vilken period ska samrådet pågå?" is not answered by an earlier day
    (FactKind.DATE, ASKS_PERIOD_RE, states_period, states_period),
    (
        FactKind.DATE,
        ASKS_DURATION_RE,
        DURATION_RE.search,
        re.compile(f"{DURATION_RE.pattern}|{LASTS_UNTIL_RE.pattern}", re.I).search,
    ),
)
#: A share asked for ("Hur stor ägarandel ...?", "Vilken andel ...?") is stated as one, not as a sum.
ASKS_SHARE_RE = re.compile(
    # "Hur hög var sjukfrånvaron i procent?": a share asked by its unit
    # ("Hur stor del av underskottet stod VA för?" asks a sum as often as a share: not checked)
    r"\b(?:hur stor|vilken)\s+(?:\w+\s+)?\w*andel(?:en)?\b|\bi procent\b|\bhur (?:många|stor) procent\b",
    re.IGNORECASE,
)
SHARE_RE = re.compile(
    # "kommunala skolor andel (%) 94,2": a table's column names the unit once, before its figures
    r"\d\s*%|\(%\)|\bprocent\w*|\bhälften\b|\bhalva\b|\w*(?:tredjedel|fjärdedel|femtedel)\w*|\bvar\s+\w+\s+av\b",
    re.IGNORECASE,
)
#: An area asked for ("Hur stor är fastigheten till ytan?", "Vilken areal har tomten?") is stated in a unit
#: of area: a price or a property's number is no answer.
ASKS_AREA_RE = re.compile(
    # "Hur stor boarea ...?", "Vilken bruttoarea ...?": an area's compounds too
    r"\btill\s+ytan\b|\bhur\s+stor\s+(?:\w+\s+){0,2}?\w*(?:yta|area|areal)\b"
    r"|\bvilken\s+(?:\w+\s+)?\w*(?:yta|area|areal)\b"
    r"|\bhur\s+många\s+(?:kvadratmeter|kvm|hektar)\b",
    re.IGNORECASE,
)
AREA_RE = re.compile(
    r"\d\s*(?:kvm|m2|m²|km2|km²|ha|hektar|kvadratmeter|kvadratkilometer)\b|\bkvadratmeter\b|\bhektar\b",
    re.IGNORECASE,
)
#: A sum asked for in kronor ("Hur många kronor motsvarar gränsen?"): "3 prisbasbelopp" does not say it.
ASKS_KRONOR_RE = re.compile(r"\bhur\s+många\s+kronor\b|\bi\s+kronor\b", re.IGNORECASE)
KRONOR_RE = re.compile(
    rf"\d\s*(?:{KRONA_UNITS}|(?:tusen|miljon\w*|miljard\w*)\s+(?:kr|kronor)\b)", re.IGNORECASE
)
#: A length or distance asked for: "Hur lång vattenkabel ...?", "Vilket avstånd till skolan ...?"; not a
#: time ("hur lång tid") nor progress ("hur långt har arbetet kommit").
ASKS_LENGTH_RE = re.compile(
    r"\bhur\s+(?:lång|långa)\b(?!\s+(?:tid|tider|period|perioder)\b)"
    r"|\bhur\s+långt\b(?!\s+(?:i\s+förväg|innan|före|efter)\b|[^?]{0,40}\bkommit\b)"
    r"|\bhur\s+(?:bred|brett|breda|djup|djupt|djupa)\b"
    r"|\bvilk(?:et|en)\s+(?:\w+\s+)?(?:avstånd|längd|bredd|djup)\b",
    re.IGNORECASE,
)
#: A length: "150 meter", "3,5 km", "2 mil", "ca 40 m".
LENGTH_RE = re.compile(r"\d\s*(?:m|meter|km|kilometer|cm|mm|mil|millimeter|centimeter)\b", re.IGNORECASE)
#: A figure asked for as it is now ("Hur många elever går på skolan i dag?") ...
ASKS_NOW_RE = re.compile(r"\bi dag\b|\bidag\b|\bnu\b|\bför närvarande\b|\bi nuläget\b", re.IGNORECASE)
#: ... is not stated by a figure of the past ("Skolan har historiskt haft över 500 elever").
PAST_FIGURE_RE = re.compile(r"\bhistoriskt\b|\bförr\b|\bsom mest\b", re.IGNORECASE)
#: A court's ruling asked for ("När meddelade förvaltningsrätten dom ...?", "När kom domen?").
ASKS_RULING_RE = re.compile(r"\bdom(?:en)?\b|\bdomslut\w*|\butslag\w*", re.IGNORECASE)
#: A sentence that tells of a ruling: "dom", "domen", "dömde", "avgjorde", "meddelade beslut".
RULING_RE = re.compile(
    r"\bdom(?:en|ar|arna|slut\w*)?\b|\bdöm(?:de|t|s)\b|\butslag\w*|\bavgj\w*|\bmeddela(?:de|t|des|ts)\b",
    re.IGNORECASE,
)
#: Words of a company's form, which a question naming the company may leave out.
ORGANISATION_FORMS = frozenset(
    {"ab", "aktiebolag", "aktiebolaget", "hb", "kb", "oy", "as", "asa", "ltd", "inc", "gmbh"}
    # ... and the words that introduce one ("företaget PR vård LSS")
    | {"företag", "företaget", "bolag", "bolaget", "leverantör", "leverantören", "entreprenör"}
    | {"entreprenören", "konsult", "konsulten"}
)


def asked_roles(text: str) -> frozenset[str]:
    """The role stems a person question names ("ordför" for "Vem var ordförande?")."""
    roles = {match.group(0) for match in ROLE_RE.finditer(text.casefold())}
    if KEEPS_MINUTES_RE.search(text):
        roles.add("protokollför")
    if "protokollför" in roles:
        roles.add("sekreter")  # municipal minutes print who kept them as their "Sekreterare"
    if CHAIRS_SITTING_RE.search(text):
        roles.add("ordför")
    return frozenset(roles)


#: Kinds that name what is asked; beside one of them a decision word only sets the scene ("Vad ska X
#: betala enligt avtalet som kommunstyrelsen godkände?" asks for the amount, wherever it is stated).
SPECIFIC_KINDS = frozenset({FactKind.MONEY, FactKind.NUMBER, FactKind.PERSON, FactKind.ORGANISATION})


#: Kinds of fact a budget or list states for many matters at once, so the sentence stating one must
#: name the matter too; so does a date, which an item of information gives for several events ("När ska
#: kommunpolisen informera?" is not answered by the strategy day "den 10 juni" of the same report).
ABOUT_KINDS = frozenset({FactKind.MONEY, FactKind.NUMBER, FactKind.ORGANISATION, FactKind.DATE})


def checked_kinds(part: QuestionPart) -> frozenset[FactKind]:
    """The kinds of fact the part asks for that a sentence must state to answer it."""
    kinds = part.kinds & frozenset(CHECKED_KINDS)
    if kinds & SPECIFIC_KINDS and not kinds & {FactKind.VOTE, FactKind.RESERVATION}:
        kinds -= {FactKind.DECISION}
    if kinds & {FactKind.VOTE, FactKind.RESERVATION, FactKind.REASON}:
        # The tally ("Ja: 24, Nej: 20.") or the reservation ("X (SD) reserverar sig") answers "Hur röstade ...
        # när KF beslutade Y?" and "Vilka reserverade sig när ...?"; the decision joins as support. So does
        # a reason: "Varför fick nämnden ta upp beslutet igen?" asks why, not what was decided.
        kinds -= {FactKind.DECISION}
    return kinds


def asked_years(asked: str) -> set[str]:
    """The years a question asks about; a month or date it names is its meeting's ("som kommunstyrelsen
    behandlade i augusti 2026")."""
    # "under 2025, före höjningen till 2026", "jämfört med 2018": years set against the asked one.
    asked = COMPARED_YEAR_RE.sub(" ", CONTRAST_YEAR_RE.sub(" ", asked))
    return set(ASKED_YEAR_RE.findall(MONTH_YEAR_RE.sub(" ", DATE_RE.sub(" ", asked))))


def another_years(sentence: str, asked: str, title: str = "") -> bool:
    """Whether the sentence states its figures for years, none of which the question asks about; a
    sentence naming no year states its item's ("Delårsrapport augusti 2025": that year's prognosis)."""
    years = asked_years(asked)
    own = COMPARED_YEAR_RE.sub(" ", sentence)  # "+1 miljon kronor, en förbättring jämfört med 2018"
    stated = set(ASKED_YEAR_RE.findall(own)) or set(ASKED_YEAR_RE.findall(title)) | span_years(title)
    return bool(years) and bool(stated) and not years & stated


def span_years(text: str) -> set[str]:
    """Every year of the spans the text names: "VIP 2021-2023" plans 2021, 2022 and 2023 (not 2024)."""
    years: set[str] = set()
    for first, last in year_spans(text):
        end = int(first[:2] + last)  # `year_spans` keeps the second year's last two digits
        years |= {str(year) for year in range(int(first), end + 1) if end - int(first) <= MAX_SPAN_YEARS}
    return years


def years_only(sentence: str, asked: str) -> bool:
    """Whether the sentence dates nothing but by years while the question already names its year: "När
    hölls stämman 2025?" is not answered by "ansvarsfrihet för verksamhetsåret 2024-2025"; "Vilket år ska
    skolan stå klar (beslut hösten 2024)?" is, by "klart år 2028", a year the question does not name."""
    years = asked_years(asked)
    if not years:
        return False
    if ASKS_YEAR_RE.search(asked) and (set(ASKED_YEAR_RE.findall(sentence)) - years or year_spans(sentence)):
        return False  # "Från vilket läsår ...?" is answered by "från och med läsåret 2022/2023"
    return not DATE_RE.search(sentence) and not WHEN_RE.search(YEARS_RE.sub(" ", sentence))


def dates_only_asked(sentence: str, asked: str) -> bool:
    """Whether every date and month the sentence names is one the question names already: "När ska
    Signeshus stå klart enligt projektinformationen i juni 2025?" is not answered by "Nämnden noterar
    projektinformation juni 2025 till protokollet"."""
    folded = " ".join(asked.casefold().split())
    named = [
        match.group(0)
        for pattern in (DATE_RE, WHEN_RE)
        for match in pattern.finditer(sentence)
        if not YEARS_RE.fullmatch(match.group(0))  # a bare year is `years_only`'s
    ]
    return bool(named) and all(" ".join(date.casefold().split()) in folded for date in named)


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


def names_new_place(sentence: str, asked: str) -> bool:
    """Whether the sentence names a place the question does not: "Var i Huskvarna ligger lägenheten?" is
    not answered by "pedagogisk omsorg i Huskvarna", nor "Var ska hallen byggas?" by "ingick i
    Iseråsprojektet" when the question names that project."""
    asked_words = word_prefixes(asked)
    # "KS/KF 2023:94" is a case number, not a property ("Borgeby 15:38").
    sentence = CASE_NUMBER_RE.sub(" ", sentence)
    names = (next(group for group in match.groups() if group) for match in PLACE_NAME_RE.finditer(sentence))
    return any(word_prefixes(re.sub(r"\d", " ", name)) - asked_words for name in names)


#: "Vilka två verksamheter ...?": which ones, of a number the question gives.
ASKS_WHICH_OF_COUNT_RE = re.compile(
    # "Vilka var de fyra utvecklingsområden ...?" too
    r"\b(?:vilka|vad\s+heter)\s+(?:(?:var|är|blev|blir)\s+)?(?:de\s+)?(två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d+)\s+(\w+)",
    re.IGNORECASE,
)


#: How far after a sentence giving a number the ones it counts may be named ("Två verksamheter har fått
#: varningar. Det gäller Sjötäppan och Ektorp.").
NAMED_AFTER_CHARS = 300


def count_unnamed(asked: str, matter: Sequence[ScoredSentence]) -> bool:
    """Whether the question asks which ones of a number it gives ("Vilka två verksamheter fick varningar?")
    and the matter gives that number ("Två verksamheter har även tilldelats varningar") with no name of its
    own (not the question's, not a municipality's) in it or just after it."""
    which = ASKS_WHICH_OF_COUNT_RE.search(asked)
    if which is None:
        return False
    count, noun = which.group(1), which.group(2).casefold()
    pattern = re.compile(rf"\b{count}\s+(\w+)", re.IGNORECASE)
    windows = [
        s.context.text[s.span.start : s.span.end + NAMED_AFTER_CHARS]
        for s in matter
        if any(counted_word(found.group(1).casefold(), noun, s.text) for found in pattern.finditer(s.text))
    ]
    asked_words = word_prefixes(asked)
    return bool(windows) and not any(
        place_in_words([match.group(0)]) is None
        for window in windows
        for line in window.split("\n")
        for match in inner_names(line, asked_words)
    )


def municipalities(text: str) -> set[str]:
    """The municipalities a text names by their place name ("Malmö stad", "Lommas", "i Kungsbacka")."""
    found = set()
    for word in NAME_WORD_RE.findall(text):
        place = place_in_words([word]) or (place_in_words([word[:-1]]) if word.endswith("s") else None)
        if place:
            found.add(place)
    return found


def names_another_municipality(sentence: str, asked: str) -> bool:
    """Whether the sentence names a municipality, not the one the question asks about: its figures are
    that other municipality's ("Malmö stad tilldelas ytterligare två ledamotposter" for Lomma's)."""
    asked_places = municipalities(asked)
    stated = municipalities(sentence)
    return bool(asked_places) and bool(stated) and not asked_places & stated


def names_another_body(sentence: str, asked: str) -> bool:
    """Whether the sentence names a body of a kind the question names ("socialnämnden" where it asks of
    "kultur- och fritidsnämnden") and not the question's: its figures are that other body's."""
    asked_bodies = {body for body in bodies_named(asked) if body.qualifier}
    stated = {body for body in bodies_named(sentence) if body.qualifier}
    return any(
        any(body.kind == kind for body in stated) and not asked_bodies & stated
        for kind in {body.kind for body in asked_bodies}
    )


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
    if PRICE_PER_RE.search(asked):
        # "Vilket pris per studentmössa ...?": a price is one unit's, "studentmössor ... 350 och 400 kronor"
        return bool(re.search(rf"\b{stem}", sentence.casefold()))
    return bool(re.search(rf"(?:\bper\s+(?:\w+\s+)?|/\s*){stem}", sentence.casefold()))


#: "Vilka aktuella frågor ...", "Vilka utvecklingsområden ...": the things asked for, by their noun.
ASKS_WHICH_RE = re.compile(r"\s*vilka\s+(?:\w+a\s+)?(\w{4,})\b", re.IGNORECASE)
#: A day and month written with a slash and no year: "Bun 12/6", "den 3/10".
DAY_SLASH_MONTH_RE = re.compile(r"(?<![\d/.-])[0-3]?\d/([01]?\d)(?![\d/.-])")
#: The month a day is asked in: "Vilket datum i oktober 2026 ...", "Vilken dag i juni ...".
ASKS_DAY_IN_MONTH_RE = re.compile(
    rf"\b(?:vilket datum|vilken dag|vilka datum|vilka dagar|när)\s+i\s+({'|'.join(MONTH_NAMES)})\b",
    re.IGNORECASE,
)


def asked_month(asked: str) -> int | None:
    """The month the question asks a day in, as its number; None when it names none."""
    match = ASKS_DAY_IN_MONTH_RE.search(asked)
    return MONTHS[match.group(1).casefold()] if match else None


def names_month(sentence: str, month: int) -> bool:
    """Whether the sentence names a day of `month`, by name ("14 oktober") or as a date ("2026-10-14")."""
    words = re.findall(r"[^\W\d_]+", sentence)
    return any(MONTHS.get(word.casefold()) == month for word in words) or month in day_months(sentence)


def day_months(sentence: str) -> set[int]:
    """The months of the days the sentence gives: "14 oktober", a meeting plan's "Bun 12/6", "2026-10-14"."""
    months = {MONTHS[match.group(2).casefold()] for match in DAY_MONTH_RE.finditer(sentence)}
    months |= {int(found) for found in DAY_SLASH_MONTH_RE.findall(sentence)}
    return months | {found.date.month for found in find_dates(sentence)}


def days_in_other_months(sentence: str, asked: str) -> bool:
    """Whether the sentence dates its event only in months the question does not name: "Var hölls
    jämställdhetskonferensen i februari 2020?" is not answered by "Konferens ”16 kommuner” Skövde, 23-24
    april" (another event, named beside it)."""
    months = {MONTHS[match.group(1).casefold()] for match in MONTH_YEAR_RE.finditer(asked)}
    days = day_months(sentence)
    return bool(months) and bool(days) and not months & days


def dates_in_other_years(sentence: str, asked: str) -> bool:
    """Whether every date the sentence gives is of a year the question does not ask: "Vilket datum hålls
    nämndens första sammanträde 2023?" is not answered by the papers' "2022-10-06" and "2022-10-13"."""
    years = {int(year) for year in asked_years(asked)}
    if not years or DAY_MONTH_RE.search(sentence) or DAY_SLASH_MONTH_RE.search(sentence):
        return False
    found = find_dates(sentence)
    return bool(found) and not any(date.date.year in years for date in found)


#: A day and month without a year: "14 maj", "den 3 oktober".
DAY_MONTH_RE = re.compile(
    rf"\b(\d{{1,2}})\s+({'|'.join(name for name in MONTHS if len(name) >= 3)})\b(?!\s+\d{{4}})", re.IGNORECASE
)


def _day_of(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dates_only_before(sentence: ScoredSentence) -> bool:
    """Whether every date the sentence states (after the dates of procedure) is on or before its meeting
    day, and every bare year before its meeting's year: none of them is a date still to come."""
    meeting = sentence.context.date
    text = PRICE_LEVEL_RE.sub(" ", PROCEDURE_DATE_RE.sub(" ", sentence.text))
    if meeting is None:
        return False
    days = [found.date for found in find_dates(text)]
    # "inför nämndsammanträde 14 maj": a day without its year is the one nearest the meeting, so "Nästa
    # möte hålls den 27 januari" in December's minutes is next year's.
    for number, month in DAY_MONTH_RE.findall(DATE_RE.sub(" ", text)):
        near = [
            day
            for year in (meeting.year - 1, meeting.year, meeting.year + 1)
            if (day := _day_of(year, MONTHS[month.casefold()], int(number))) is not None
        ]
        if near:
            days.append(min(near, key=lambda day: abs((day - meeting).days)))
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


#: Kinds of institution a name shows by its own words ("Torpaskolan", "Norrängens förskola", "Göteborgs
#: universitet", "Karolinska institutet"); providers and organisations are named in all kinds of ways, so a
#: name of theirs need not show it.
INSTITUTION_KINDS = (
    "förskol",
    "skol",
    "förening",
    "klubb",
    "boende",
    "hemtjänst",
    "universit",
    "högskol",
    "institut",
)
#: A narrower kind asked stands for itself: "Vilka förskolor ...?" is not answered by "Strandskolan".
NARROWER_KINDS = {"förskol": "skol", "högskol": "skol"}
#: The words after a name that may still be part of it ("Råslätts grundskolor", "Sandlyckans vård- och
#: omsorgsboende"); a comma or a § ends it.
NEXT_WORDS_RE = re.compile(r"(?:\s+(?:och\s+)?[\wÅÄÖåäöé-]+){0,3}")


def next_word(text: str, start: int) -> str:
    """The word after `start`, folded ("förskola" after "Anna Dalins")."""
    found = re.match(r"\W*(\w+)", text[start:])
    return found.group(1).casefold() if found else ""


def inner_names(line: str, asked_words: set[str]) -> Iterator[re.Match[str]]:
    """The capitalised words of a line that may be names: not opening the line or a sentence, and not a
    word of the question (`asked_words`, `word_prefixes`)."""
    for match in NAME_WORD_RE.finditer(line):
        before = line[: match.start()].rstrip(" -–•*\t")
        if not before or before.endswith((".", ":", "!", "?")):
            continue  # a line or sentence opens with a capital
        if match.group(0).casefold()[:MIN_STEM_CHARS] not in asked_words:
            yield match


#: A body named by what it serves ("nämnden för Gymnasium & Arbetsmarknad", "förvaltningen för Individ &
#: Familjeomsorg"): its capitalised words name no school, association or provider.
BODY_OF_RE = re.compile(
    r"\b(?i:nämnd|förvaltning|utskott)\w*\s+för\s+[A-ZÅÄÖ][\wåäö-]*(?:\s*(?:&|och)\s+[A-ZÅÄÖ][\wåäö-]*)?"
)
#: A party's mark after a name: "Pontus Jensen (S)".
PARTY_MARK_RE = re.compile(r"\s*\([A-ZÅÄÖ]{1,3}\)")


def names_new_institution(sentence: str, asked: str) -> bool:
    """Whether the sentence names a school, association or provider the question does not ("till
    Norrängens förskola"): a capitalised word inside a line that is not a person's name, a party or a word
    of the question. "På vilka skolor ska kameror sättas upp?" is not answered by "i brottsutsatta skolor"."""
    asked_words = word_prefixes(asked)
    kinds = tuple(
        kind
        for kind in INSTITUTION_KINDS
        if re.search(rf"\bvilk\w*\s+{ASKED_COUNT}(?:\w+\s+)?\w*{kind}", asked, re.I)
    )
    kinds = tuple(kind for kind in kinds if not any(NARROWER_KINDS.get(narrow) == kind for narrow in kinds))
    # A politician's name may break across lines ("och Pontus\nJensen (S) inkom"); their party mark
    # tells it from a list of schools one a line.
    broken = " ".join(
        match.group(0)
        for match in PERSON_RE.finditer(sentence)
        if "\n" in match.group(0) and PARTY_MARK_RE.match(sentence, match.end())
    )
    for line in BODY_OF_RE.sub(" ", sentence).split("\n"):
        people = (
            broken
            + " "
            + " ".join(
                match.group(0)
                for match in PERSON_RE.finditer(line)
                if sum(word.casefold() not in NOT_NAMES for word in match.group(0).split()) >= 2
                # "Anna Dalins förskola" is a school named after someone, not a person
                and not any(kind in next_word(line, match.end()) for kind in kinds)
            )
        )
        for match in inner_names(line, asked_words):
            word = match.group(0)
            if word in people or word.casefold() in NOT_NAMES:
                continue
            # "Torpaskolan", "Sandlyckans vård- och omsorgsboende" name a school or home; "Inspektionen för
            # vård och omsorg" names none.
            following = NEXT_WORDS_RE.match(line, match.end())
            near = f"{word}{following.group(0) if following else ''}".casefold()
            if kinds and word.casefold().startswith(kinds):
                continue  # "Skola utan läxor": the kind's own noun names no school
            if not kinds or any(kind in near for kind in kinds):
                return True
    return False


#: Words between a kind of sum and its amount: "tilläggsanslag om 68,7 mnkr", "bidrag på 20 000 kr".
SUM_NOUN_GAP = r"\w*\s+(?:\S+\s+){0,2}"


def named_sums(text: str) -> tuple[str, ...]:
    """The kinds of sum the text names ("bidrag" in "Internbudget 2021 samt bidrag per elev")."""
    folded = text.casefold()
    return tuple(stem for stem in MONEY_STEMS if stem in folded)


def names_other_sum(sentence: str, stems: tuple[str, ...]) -> bool:
    """Whether the (folded) sentence's amount is named as a kind of sum other than `stems`."""
    others = [stem for stem in MONEY_STEMS if stem not in stems]
    return any(
        re.search(rf"{re.escape(stem)}{SUM_NOUN_GAP}$", sentence[: found.start()])
        for found in MONEY_RE.finditer(sentence)
        for stem in others
    )


#: Words between the asked kind of sum and its amount, another kind's word among them ("överskott på
#: driftbudgeten om 0,6 miljoner kronor").
ASKED_SUM_GAP = r"\w*\s+(?:\S+\s+){0,3}"


def only_other_sums(sentence: str, asked: Sequence[str]) -> bool:
    """Whether every amount of the (folded) sentence is named, just before it, as a kind of sum other than
    the asked ones: "Hur stort överskott gav skogsförvaltningen?" is not answered by "ett budgetunderskott
    på 5,6 miljoner kronor. ... ett överskott inom skogsförvaltningen" (the nearest kind names the sum)."""
    amounts = list(MONEY_RE.finditer(sentence))
    for found in amounts:
        before = sentence[: found.start()]
        if any(re.search(rf"{re.escape(word)}{ASKED_SUM_GAP}$", before) for word in asked):
            return False  # "ett överskott på driftbudgeten om 0,6 miljoner kronor": the asked kind heads it
        named = [
            (match.start(), word)
            for word in {*MONEY_STEMS, *asked}
            if (match := re.search(rf"{re.escape(word)}{SUM_NOUN_GAP}$", before))
        ]
        if not named or max(named)[1] in asked:
            return False
    return bool(amounts)


#: The dates of the minutes themselves: their notice, checking and keeping ("Anslaget tas ned: 2025-07-03").
RECORD_DATE_RE = re.compile(r"\banslag\w*|\bjustering\w*|\bjusterades\b|\bförvaringsplats\w*", re.IGNORECASE)
#: A question about those: "När justerades protokollet?", "Hur länge satt anslaget uppe?".
ASKS_RECORD_RE = re.compile(r"\bjuster\w*|\banslag\w*|\bprotokoll\w*", re.IGNORECASE)


#: A party's adjective and the abbreviation the minutes print after its members' names.
PARTY_OF_ADJECTIVE = {
    "sverigedemokratisk": "SD",
    "socialdemokratisk": "S",
    "moderat": "M",
    "liberal": "L",
    "kristdemokratisk": "KD",
    "centerpartistisk": "C",
    "vänsterpartistisk": "V",
    "miljöpartistisk": "MP",
}
#: "Vilken sverigedemokratisk ledamot ...?", "Vilka moderata politiker ...?": a member of that party.
ASKS_PARTY_MEMBER_RE = re.compile(
    rf"\bvilk(?:en|a) ({'|'.join(PARTY_OF_ADJECTIVE)})(?:a|e)? (?:ledamot|ledamöter|politiker|ersättare)\b",
    re.IGNORECASE,
)


def asked_things(asked: str) -> str | None:
    """The stem of the noun "Vilka X ...?" asks for ("aktuella frågor" → "fråg"), or None."""
    match = ASKS_WHICH_RE.match(asked)
    if match is None:
        return None
    noun = match.group(1).casefold()
    return noun[: max(MIN_STEM_CHARS, len(noun) - 2)]


def names_only_the_asked(sentence: str, asked: str) -> bool:
    """Whether the sentence ends on the very things "Vilka X ...?" asks for, naming none of them: "Vilka
    aktuella frågor tog kommundirektören upp?" is not answered by "... lämnar kommundirektören en redogörelse
    för aktuella frågor.", nor "Vilka utvecklingsområden ...?" by "... utifrån identifierade
    utvecklingsområden." (A name the question does not give, or a list after a colon, may name them.)"""
    stem = asked_things(asked)
    words = WORD_RE.findall(sentence)
    if stem is None or ":" in sentence or not words:
        return False
    asked_words = {word.casefold() for word in WORD_RE.findall(asked)}
    named = any(  # a name inside the sentence, not a heading run into it ("Ärendebeskrivning Vid ...")
        word[:1].isupper() and before[:1].islower() and word.casefold() not in asked_words
        for before, word in itertools.pairwise(words)
    )
    return words[-1].casefold().startswith(stem) and not named


def which_unnamed(part: QuestionPart, matter: Sequence[ScoredSentence]) -> bool:
    """Whether "Vilka X ...?" (asking no other kind of fact) finds the matter mentioning X only by that
    noun (`names_only_the_asked`), in every sentence that mentions X at all."""
    stem = asked_things(part.text)
    if stem is None or checked_kinds(part):
        return False
    mentions = [s for s in matter if stem in s.text.casefold()]
    return bool(mentions) and all(names_only_the_asked(s.text, part.text) for s in mentions)


#: A figure asked in its unit, with the kinds it is asked as and the unit a sentence must state: "Hur stor
#: ägarandel har kommunen?" is not answered by the sum it guarantees, "Hur stor är fastigheten till ytan?"
#: not by "köpeskilling om 60 500 kr", "Hur många kronor motsvarar gränsen?" not by "3 prisbasbelopp",
#: "Vilket avstånd krävs för skolskjuts?" not by "inga ändringar i rätten".
ASKED_IN_UNIT: tuple[tuple[frozenset[FactKind], re.Pattern[str], re.Pattern[str]], ...] = (
    (frozenset({FactKind.MONEY, FactKind.NUMBER}), ASKS_SHARE_RE, SHARE_RE),
    (frozenset({FactKind.MONEY, FactKind.NUMBER}), ASKS_AREA_RE, AREA_RE),
    (frozenset({FactKind.MONEY, FactKind.NUMBER}), ASKS_KRONOR_RE, KRONOR_RE),
    (frozenset({FactKind.NUMBER}), ASKS_LENGTH_RE, LENGTH_RE),
)


#: A question about an earlier decision on the matter: "När beslutade nämnden ursprungligen om ...?",
#: "När reviderades den senast?", "När antogs planen första gången?".
ASKS_EARLIER_DECISION_RE = re.compile(
    r"\bursprungligen\b|\bförsta\s+gången\b"
    r"|\b(?:reviderades|ändrades|uppdaterades|antogs|beslutades)\s+(?:\w+\s+){0,2}?senast\b"
    # "Vilket datum hade kommunfullmäktige fattat beslut om den taxa som skulle upphöra?": a decision before
    r"|\bhade\s+(?:[\w-]+\s+){1,3}?(?:beslutat|fattat\s+beslut|antagit|fastställt)\b",
    re.IGNORECASE,
)


def states_asked_fact(sentence: ScoredSentence, part: QuestionPart) -> bool:
    """Whether the sentence states every checked kind of fact the part asks for (or it asks none)."""
    wanted = checked_kinds(part)
    if wanted & {FactKind.MONEY, FactKind.NUMBER} and another_years(
        sentence.text, part.text, sentence.context.item_title
    ):
        return False  # "lånevolym under 2025 ... 75,5 miljarder" does not say 2027's
    if wanted & {FactKind.MONEY, FactKind.NUMBER} and another_terms(sentence.text, part.text):
        return False  # "från vårterminen 2017 ... 300 anmälningar" does not say the autumn's
    if wanted & {FactKind.MONEY, FactKind.NUMBER} and names_another_municipality(sentence.text, part.text):
        return False  # "Malmö stad tilldelas två ledamotposter" is not how many Lomma kommun has
    if wanted & {FactKind.MONEY, FactKind.NUMBER} and names_another_body(sentence.text, part.text):
        return False  # "att tilldela socialnämnden 600 tkr" is not what kultur- och fritidsnämnden got
    if (
        wanted & {FactKind.MONEY, FactKind.NUMBER}
        and ASKS_NOW_RE.search(part.text)
        and PAST_FIGURE_RE.search(sentence.text)
    ):
        return False  # "Hur många elever går där i dag?" is not answered by "har historiskt haft över 500"
    if any(
        wanted & kinds and asks.search(part.text) and not states.search(sentence.text)
        for kinds, asks, states in ASKED_IN_UNIT
    ):
        return False  # a share, an area, kronor or a length asked is stated in its unit
    if FactKind.NUMBER in wanted and FactKind.MONEY in sentence.facts and part.counted is None:
        wanted = wanted - {FactKind.NUMBER}  # "Hur mycket ...": the amount; "Hur många X": not a sum
    # "Vem ska leda arbetsgruppen?": a name by a word for leading ("Erik leder arbetet med stöd av Tomas").
    leads = (
        [m.group(0).casefold() for m in LEADS_RE.finditer(sentence.text)]
        if CHAIRS_RE.search(part.text)
        else []
    )
    leader = bool(leads) and names_role_holder(sentence.text, leads, part.text)
    if (
        FactKind.PERSON in wanted
        and CHAIR_PROCEDURE_RE.search(sentence.text)
        and not (CHAIRS_SITTING_RE.search(part.text) or ASKS_CHAIR_RE.search(part.text))
    ):
        # "Vem har begärt detaljplanen?", "Vem ska leda arbetsgruppen?": not "Ordföranden (L) prövar om ..."
        return False
    if (
        FactKind.PERSON in wanted
        and is_opening_item(sentence.context)
        and not asked_roles(part.text)
        and not ASKS_SITTING_PEOPLE_RE.search(f"{part.before} {part.text}")
    ):
        return False  # "Vem lämnade in e-förslaget?" is not answered by the list of who sat in the meeting
    if (
        FactKind.PERSON in wanted
        and PERMANENT_RE.search(part.text)
        and ACTING_RE.search(f"{sentence.text} {sentence.context.item_title}")
    ):
        return False  # "Vem är det ordinarie dataskyddsombudet?" is not answered by who stands in for it
    new_member = FactKind.PERSON in wanted and ASKS_NEW_MEMBER_RE.search(part.text)
    elected = (
        FactKind.PERSON in wanted
        and ASKS_ELECTED_RE.search(part.text)
        # "Vem valdes till ny 1:e vice ordförande i nämnden?": a deputy's post is no role of the sitting
        and (not asked_roles(part.text) & MEETING_ROLES or ASKS_VICE_RE.search(part.text))
    )
    if (new_member or elected) and is_opening_item(sentence.context):
        # "Vem blir ny ledamot?", "Vem valdes att ersätta Jonna Tingberg (M)?" are not answered by who
        # stood in for a member that day, nor by the agenda's "Avsägelse ... samt fyllnadsval" line.
        return False
    if (
        FactKind.PERSON in wanted
        and ASKS_HIRE_RE.search(part.text)
        and not ASKS_POST_RE.search(part.text)
        and not HIRED_RE.search(sentence.text)
    ):
        return False  # "Vem rekryterades till den nya funktionen?" is not answered by who reported on it
    if FactKind.PERSON in wanted and new_post_unstated(sentence.text, sentence.context.item_title, part.text):
        return False  # "Vem föreslogs som ny utbildningsdirektör?" is not "Utbildningsdirektör Göran Isberg"
    if (
        FactKind.PERSON in wanted
        and not names_new_person(sentence.text, f"{part.before} {part.text}")
        and not leader
    ):
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
    if roles and new_member and not any(role in sentence.text.casefold() for role in roles):
        return False  # "Vem blir ny ledamot i fullmäktige?" is not answered by who became ersättare elsewhere
    assigned = ASKS_ASSIGNED_RE.search(part.text) if FactKind.PERSON in wanted else None
    if assigned and not any(
        sentence.text.casefold().find(word.casefold()[: max(MIN_STEM_CHARS, len(word) - 2)]) >= 0
        for word in assigned.groups()
        if word
    ):
        return False  # "Vem ska ansvara för utvärderingen?" is not answered by who raised the matter
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
        ((post.group(1) or ASKS_HIRE_RE.search(part.text)) and not HIRED_RE.search(sentence.text))
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
    if (
        FactKind.DECISION in wanted
        and ASKS_IF_DECIDED_RE.match(part.text)
        and NOTED_ONLY_RE.search(sentence.text)
    ):
        return False  # "Beviljade utskottet planbesked?" is not answered by "noterar informationen"
    for kind, asks, tells, required in ANSWERED_OTHERWISE:
        if kind not in wanted or not asks.search(part.text):
            continue
        if required is not None and not required(sentence.text):
            return False  # "Hur länge gäller avtalet?" is not answered by the day it starts
        if tells(sentence.text):
            wanted = wanted - {kind}
    if (
        FactKind.DATE in wanted
        and ASKS_COMMISSION_RE.search(part.text)
        and COMMISSION_RE.search(sentence.text)
        and EARLIER_DECISION_RE.search(sentence.text)
    ):
        wanted = wanted - {FactKind.DATE}  # "gav nämnden förvaltningen i uppdrag ... (BUN 2024-06-18, § 38)"
    if FactKind.VOTE in wanted and not VOTE_RE.search(VOTE_PUT_RE.sub(" ", sentence.text)):
        return False  # "Den som önskar bifalla yrkandet röstar ja ..." puts the vote; it is not its result
    if (
        FactKind.DATE in wanted
        and ASKS_EARLIER_DECISION_RE.search(part.text)
        and CITED_DECISION_RE.search(sentence.text)
    ):
        # "När beslutade nämnden ursprungligen om förteckningen?" is answered by the earlier decision the
        # minutes cite ("som initialt beslutades 2025-03-19 § 35"), a date of the case's handling otherwise.
        wanted = wanted - {FactKind.DATE}
    if not wanted <= sentence.facts:
        return False
    if wanted and says_not_yet(sentence.text, part.text):
        return False  # "Dom är ännu inte meddelad" says the asked fact is not there
    party = ASKS_PARTY_MEMBER_RE.search(part.text) if FactKind.PERSON in wanted else None
    if party and f"({PARTY_OF_ADJECTIVE[party.group(1).casefold()]})" not in sentence.text:
        return False  # "Vilken sverigedemokratisk ledamot frågade?" is not answered by the förvaltningschef
    author = ASKS_AUTHOR_RE.search(part.text) if FactKind.PERSON in wanted else None
    if (
        author
        and not names_role_holder(sentence.text, [author.group(1).casefold()], part.text)
        and not AUTHORED_RE.search(sentence.text)
    ):
        return False  # "Vem skrev medborgarförslaget?" is not answered by the chair's motion to refer it back
    if (
        FactKind.PERSON in wanted
        and ASKS_PRESENTER_RE.search(part.text)
        and not PRESENTS_RE.search(sentence.text)
    ):
        return False  # "Vem föredrog ärendet?" is not answered by "Per Hoel (SD) yrkar ..."
    if (
        FactKind.PERSON in wanted
        and not PRESENTS_RE.search(part.text)  # "Vem redovisade resultatet?", "Vem gick igenom rutinerna?"
        and not ASKS_AUTHOR_RE.search(part.text)  # "X (V) redogör i motionen för ..." wrote it
        and only_reporters(sentence.text, f"{part.before} {part.text}")
    ):
        return False  # "Vilka ledamöter skulle resa?" is not answered by who informed about the journey
    if (
        FactKind.PERSON in wanted
        and ASKS_OWNER_RE.search(part.text)
        and not names_role_holder(PROPERTY_RE.sub(" ", sentence.text), OWNER_ROLES, part.text)
    ):
        return False  # "Vem äger fastigheten?": not the chair who put it, nor "Ägaren till Åsa 5:96"
    rate = re.search(RATE_ASKED, part.text, re.IGNORECASE) if FactKind.NUMBER in checked_kinds(part) else None
    if rate and rate.group(1).casefold()[:MIN_STEM_CHARS] not in named_with_title(sentence):
        return False  # "Vilken skattesats ...?" is not answered by the dates of next year's meetings
    findings = ASKS_FINDINGS_RE.search(part.text)
    # The sentence's and its lead-up's stems: a list's heading ("följande brister:") says what its points are.
    if findings and not any(
        term.startswith(findings.group(1).casefold()[:MIN_STEM_CHARS]) for term in sentence.local_terms
    ):
        return False  # "Vilka brister pekade revisorerna ut?" is not answered by "Deloittes rapport"
    noun = part.counted if FactKind.NUMBER in wanted else None
    if noun is not None and not counts(sentence.text, noun):
        return False
    if (
        FactKind.DATE in wanted
        and RECORD_DATE_RE.search(sentence.text)
        and not ASKS_RECORD_RE.search(part.text)
    ):
        return (
            False  # "Anslaget tas ned: 2025-07-03" dates the minutes' notice, not "När ska stationen öppna?"
        )
    if FactKind.DATE in wanted and (
        years_only(sentence.text, part.text) or dates_only_asked(sentence.text, part.text)
    ):
        return False
    if FactKind.DATE in wanted and any(
        asks.search(part.text) and not tells.search(sentence.text) for asks, tells in ASKED_EVENTS
    ):
        return False  # "När ska tillbyggnaden vara klar?" is not answered by "budget för 2019"
    day = FactKind.DATE in wanted and ASKS_DAY_RE.search(part.text)
    if day and not (DATE_RE.search(sentence.text) or day_months(sentence.text)):
        return False  # "Vilket datum blir stängningsdagen?" is not answered by "i mars 2025"
    if day and dates_in_other_years(sentence.text, part.text):
        return False  # "Vilket datum ... 2023?" is not answered by the papers' "2022-10-06"
    month = asked_month(part.text) if FactKind.DATE in wanted else None
    if month and not names_month(sentence.text, month):
        return False  # "Vilket datum i oktober sammanträder nämnden?" is not answered by "2025-08-19"
    if FactKind.DATE in wanted and ASKS_RULING_RE.search(part.text) and not RULING_RE.search(sentence.text):
        return False  # "När meddelade domstolen dom?" is not answered by the date the appeal was lodged
    if FactKind.DATE in wanted and ASKS_FUTURE_DATE_RE.search(part.text) and dates_only_before(sentence):
        return False  # "När ska översynen redovisas?" is not answered by "vann laga kraft januari 2022"
    if FactKind.MONEY in wanted and not states_rate(sentence.text, part.text):
        return False  # "Vilket belopp per elev ...?" is not answered by a total of 20,4 miljoner kronor
    if (
        FactKind.PLACE in wanted
        and FactKind.DATE not in wanted  # asked when too, the month it names dates its meeting, not the event
        and days_in_other_months(sentence.text, f"{part.before} {part.text}")
    ):
        return False  # "Var hölls konferensen i februari?" is not answered by another's "Skövde, 23-24 april"
    if FactKind.PLACE in wanted and not names_new_place(sentence.text, f"{part.before} {part.text}"):
        return False  # "Var i Huskvarna ligger lägenheten?" is not answered by "i Huskvarna"
    if FactKind.ORGANISATION in wanted and not names_new_organisation(sentence.text, part.text):
        return False  # the company the question names is not the one it asks for
    stems = part.money_stems
    if not stems:
        return True
    asked = [word for stem in stems for word in (stem, *MONEY_STEM_ALIASES.get(stem, ()))]
    if PRICE_PER_RE.search(part.text):
        asked.append("kost")  # one unit's price is what one costs: "fått ner kostnaden till 350 kronor"
    own = sentence.text.casefold()
    if any(word in own for word in asked):
        return not only_other_sums(own, asked)
    # The kind of sum may be named by the item's title: a line of the item "Budget" is a budget's, but a
    # sentence naming another kind ("tilläggsanslag om 68,7 mnkr" in "Förhyrning av skollokaler") is not.
    titled = any(word in named_with_title(sentence) for word in asked)
    return titled and not names_other_sum(own, (*stems, *named_sums(sentence.context.item_title)))
