"""What kind of fact a sentence of the minutes holds (an amount, a date, a name, a vote, a reservation),
and whether it is furniture (a heading, a table-of-contents line, a list of documents) rather than content.

The answerer uses these to answer "Hur mycket ...?" with the sentence that holds the amount, and to say
"not in the minutes" when the passages about the topic hold no fact of the asked kind: the question
"Vad kostar X?" is not answered by a sentence about X that names no sum. The rules are about the
language of Swedish minutes in general, not about any one municipality's layout.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from enum import StrEnum

from protokollet.ingest.clean import SECTION_HEADINGS
from protokollet.ingest.dates import DATE_RE, MONTHS
from protokollet.service.sentences import Span


class FactKind(StrEnum):
    """Kinds of fact a question can ask for and a sentence can hold."""

    MONEY = "money"
    NUMBER = "number"
    DATE = "date"
    PERSON = "person"
    VOTE = "vote"
    RESERVATION = "reservation"
    DECISION = "decision"
    ORGANISATION = "organisation"
    REPLY = "reply"  # what someone answered to a question put to them
    REASON = "reason"  # why: "eftersom ...", "med anledning av ...", "motiveras av ..."
    PLACE = "place"  # where: "i Rumlaborg", "Storgatan 37", "KYVIK 4:132", "Kungsbackarummet"


_MONTH_ALT = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
#: "409 miljoner kronor", "175 070 tkr", "1,2 mnkr", "200 kr/fastighet", "3 mdkr", "12 000 SEK", "€ 5",
#: and sums in base amounts, as fees and arvoden are set: "1,5 prisbasbelopp", "5 % av inkomstbasbeloppet".
#: The units of a sum in kronor ("kr", "tkr", "mnkr", "SEK").
KRONA_UNITS = r"kr\b|kronor|sek\b|tkr|mkr|mnkr|mdkr|msek|ksek"
MONEY_RE = re.compile(
    # "60 (73) kronor per timme": a budget's figure with last year's (or another case's) in brackets
    rf"\d[\d  ]*(?:[.,]\d+)?(?:\s*\(\d[\d  ]*(?:[.,]\d+)?\))?\s*(?:{KRONA_UNITS}|euro|€"
    r"|(?:%|procent)?\s*(?:av\s+)?(?:ett\s+|det\s+)?(?:pris|inkomst)?basbelopp\w*"
    r"|(?:miljon|miljoner|miljard|miljarder|tusen)\s+(?:kr|kronor|euro)"
    # millions without a currency, where no other noun follows: "statsbidraget uppgår till 57 miljoner och"
    r"|(?:miljon|miljoner|miljard|miljarder)\b(?=\s*(?:[.,;:)]|$|(?:och|samt|till|för|i|per|från|inom|under)\b)))"
    r"|(?:kr|sek)\s*\d"
    # a sum of nothing answers what something costs: "Ingen kostnad.", "utan kostnad för deltagarna"
    r"|\b(?:ingen|utan)\s+kostnad\b",
    re.IGNORECASE,
)
#: The words of a budget or of accounts, whose lines print amounts without a currency.
ACCOUNTS_RE = re.compile(
    r"\b(?:utgift|utgifter|inkomst|inkomster|intäkt|intäkter|kostnader|budget|budgeten|resultaträkning|"
    r"balansräkning|tillgångar|skulder|saldo)\b",
    re.IGNORECASE,
)
#: An amount as accounts print it: "5000.00", "62,892.08", "12 500" (not a year or a list number).
AMOUNT_RE = re.compile(
    r"(?<![\w.,:-])\d+(?:[  ,]\d{3})*[.,]\d{2}(?![\w.,:-])|(?<![\w.,:-])\d{1,3}(?:[  ]\d{3})+(?![\w.,:-])"
)
#: A sum named by its kind and printed without a currency: "mot en köpeskilling på 4 152 000", "en årshyra
#: om 250 000".
PRICED_RE = re.compile(
    r"\b(?:köpeskilling|köpesumma|köpeskillingen|\w*hyr(?:a|an)|ersättning(?:en)?|arvode[t]?|belopp(?:et)?)"
    r"\s+(?:på|om|med|av|till)\s+(?:ca\.?\s+|cirka\s+)?\d{1,3}(?:[ \u00a0]\d{3})+(?![\w.,:-])",
    re.IGNORECASE,
)
#: A figure: "47 lägenheter", "18 månader", "30 procent", "tre". Dates, § numbers, list numbers and
#: case numbers are removed first (`_without_references`), so "7. Redovisning ... 2024-06-19 § 261" has none.
NUMBER_RE = re.compile(
    r"(?<![\w-])\d+(?:[  ]\d{3})*(?:[.,]\d+)?(?![\w-])"
    r"|(?<![\w/-])\d{1,3}[-–]\d{1,3}(?![\w-]|\.\w)"  # a range: "20-25 elever", "5–7 år"
    r"|\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|hundra|tusen|hälften|dubbelt)\b"
    # about so many: "ett fyrtiotal skolskogar", "ett hundratal"
    r"|\b\w*(?:tio|tjugo|ton|hundra|tusen)tal\b",
    re.IGNORECASE,
)
_REFERENCE_RE = re.compile(
    r"§§?\s*\d+(?:\s*[-–,]\s*\d+)*|^\s*\d{1,2}[.)]\s|(?-i:\b[A-ZÅÄÖ]{2,}[- ]?\d{4}[-/:.]\d+\b)|\bdnr\.?\s*\S+"
    r"|\b\d{1,4}/\d{2,4}\b|\bp(?:unkt)?\s*\d+\b|\b(?:not|sid(?:an)?|s\.|bilaga|bil\.|nr\.?|tabell|figur|diagram)\s*\d+\b"
    # an ordinal ("1:e vice ordförande") and a property ("Fjelie 2:12") count nothing
    r"|\b\d+:[ae]\b|(?-i:\b[A-ZÅÄÖ][\wåäö-]+\s+\d{1,4}:\d{1,4}\b)",
    re.IGNORECASE,
)
#: A case number with its filing code ("Bun/2024:233 041"), taken out before its year is.
_FILED_CASE_RE = re.compile(r"\b[A-ZÅÄÖ][A-Za-zåäö]+/(?:19|20)\d\d:\d+(?:\s+\d{3}\b)?")
#: A time or a month in running text ("kl. 18.00", "i mars", "vecka 12", "senast 2026").
WHEN_RE = re.compile(
    rf"\bkl\.?\s*\d{{1,2}}(?:[.:]\d\d)?|\b\d{{1,2}}[.:]\d\d\b|\b(?:\d{{1,2}}(?::[ae])?\s+)?(?:{_MONTH_ALT})\b"
    r"|\bvecka\s+\d|\b(?:19|20)\d\d\b(?!\s+st(?:\.|ycken\b|\b))"  # not "2013 stycken kränkningsärenden"
    r"|\b\d{1,2}\s+maj\b"  # the short month with its day ("den 13-14 maj"), not as any three letters
    # "sammanträdet i maj", not "Maj-Britt"
    r"|\b(?:i|under|till|från|efter|före|innan|senast|sedan)\s+(?-i:maj)\b"
    # a meeting to come ("besvaras vid nästkommande sammanträde"): a date in the body's calendar
    r"|\b(?:nästkommande|nästa|kommande)\s+(?:sammanträde|möte|fullmäktigesammanträde|nämndsammanträde)\b"
    # a start set by an event: "träder i kraft när de första bostäderna är klara för inflyttning"
    r"|\b(?:träder|trädde|träda)\s+i\s+kraft\s+(?:när|då|i\s+samband\s+med)\b",
    re.IGNORECASE,
)
_NAME_PART = r"[A-ZÅÄÖÉ][a-zåäöéèüæø]+(?:-?[A-ZÅÄÖÉ][a-zåäöéèüæø]+)?"
#: "Anna Carlsson", "Eva Öhbom Ekdahl", "Lisa Andersson (M)", "Per-Olof Kronström", "AnneMarie Grennhag".
PERSON_RE = re.compile(rf"\b{_NAME_PART}(?:\s+(?:{_NAME_PART}|af|von|de)){{1,3}}\b")
#: A party abbreviation after a name or alone as the subject: "(M)", "M och KD reserverar sig"; not a
#: list's letter ("C. Diskussion kring stadgeändring", "B) Samarbete").
PARTY_RE = re.compile(
    # "(f.d. M)": a member who has left the party
    r"\((?:f\.\s?d\.\s?)?(?:S|M|SD|C|V|KD|L|MP|FP|NL|FB|SPI|MED|ÖP|VP|LPo|D)\)|\b(?:S|M|SD|C|V|KD|L|MP)\b(?![.)])"
)
#: Words that open a sentence or name an organ; a pair of them is not a person ("Kommunstyrelsen Beslut").
NOT_NAMES = frozenset(
    [
        # words that open a sentence: "Den Kungsbackaövergripande rapporten ..." names no one
        "den",
        "det",
        "denna",
        "detta",
        "dessa",
        "en",
        "ett",
        "om",
        "när",
        "vi",
        "för",
        "inom",
        "under",
        "efter",
        "enligt",
        "eftersom",
        "där",
        "på",
        "vid",
        "från",
        "till",
        "med",
        "av",
        "kommunstyrelsen",
        "kommunfullmäktige",
        "kommunfullmäktiges",
        "kommunstyrelsens",
        "nämnden",
        "nämndens",
        "beslut",
        "ordförande",
        "ordföranden",
        "sekreterare",
        "justerare",
        "ledamöter",
        "ersättare",
        "protokoll",
        "protokollet",
        "paragraf",
        "sammanträde",
        "mötet",
        "föreslår",
        "beslutar",
        "yrkande",
        "yrkanden",
        "förslag",
        "ärendet",
        "ärende",
        "region",
        "kommun",
        "barn",
        "utbildningsnämnden",
        "samhällsplaneringsnämnden",
        "valnämnden",
        "revisionen",
        "arbetsutskottet",
        "verksamhetsutskottet",
        "styrelsen",
        "styrelsens",
        "årsmötet",
        "byalag",
        "sveriges",
        # an organisation's words: "Socialtjänsten Centrum inom Göteborgs Stad" names no one
        "stad",
        "stads",
        "staden",
        "kommuns",
        "kommunen",
        "regionen",
        "socialtjänsten",
        "förvaltningen",
        "förvaltningens",
        "centrum",
        "länsstyrelsen",
        # "C Företaget Dagbarnvårdare ekonomisk förening" names an association, no one
        "företaget",
        "föreningen",
        "bolaget",
        "stiftelsen",
    ]
)
VOTE_RE = re.compile(
    r"\bröst(?:er|erna|ade|ar|ning|ningen)?\b|\bja-röst|\bnej-röst|\bvoter\w*|\bomröstning\w*"
    r"|\bröstsiffr\w*|\benhällig\w*|\bmed \d+ (?:röster|ja)|\bavstår\b|\bavstod\b|\bröstar\b"
    r"|\bja\s*[:=]?\s*\d+\W{1,3}nej\s*[:=]?\s*\d+",  # a tally: "Resultat: Ja: 236, Nej: 16, Blankt: 0"
    re.IGNORECASE,
)
#: A vote's figures: "Ja: 23, Nej: 22", "8 JA-röster", "Ja 33", "med 9 röster mot 2", "röstar Ja (7)".
TALLY_RE = re.compile(
    r"\b\d+\s+(?:ja|nej)(?:-?röst\w*)?\b|\b(?:ja|nej)(?:-?röster)?\s*[:=(]?\s*\d+\b|\b\d+\s+röster\b",
    re.IGNORECASE,
)
#: A company: "JM AB", "Ngs Group Aktiebolag", "Pedagogpoolen i Sverige AB", "företaget PR vård LSS".
ORGANISATION_RE = re.compile(
    r"\b[A-ZÅÄÖ0-9][\w&.-]*(?:\s+(?:i\s+)?[A-ZÅÄÖ0-9][\w&.-]*)*\s+(?:AB|Aktiebolag|HB|KB|Oy|AS|ASA|Ltd|Inc|GmbH)\b"
    r"|\b(?:AB|Aktiebolaget)\s+[A-ZÅÄÖ]\w+"
    # "av företaget PR vård LSS", "leverantören Tieto": a company named by the word for one
    r"|(?:\b[Ff]|\Bf)öretag(?:et)?\s+[A-ZÅÄÖ0-9][\w&.-]*"  # "revisionsföretaget PwC" too
    r"|\b(?:[Bb]olag(?:et)?|[Ll]everantör(?:en)?|[Ee]ntreprenör(?:en)?|[Kk]onsult(?:en)?)"
    r"\s+[A-ZÅÄÖ0-9][\w&.-]*"
    # the audit firms municipal auditors hire, named alone: "revisorerna har uppdragit Deloitte att granska"
    r"|\b(?:Deloitte|PwC|KPMG|EY|Ernst\s*&\s*Young|Grant\s+Thornton|BDO|(?:Forvis\s+)?Mazars"
    r"|(?:Öhrlings\s+)?PricewaterhouseCoopers)\b"
    # a supplier named as what was procured: "Grönsakshallen Sorunda i Hässleholm är upphandlad, 2020-2022"
    r"|\b[A-ZÅÄÖ][\w&.-]*(?:\s+(?:i\s+)?[A-ZÅÄÖ0-9][\w&.-]*)+\s+(?:är|blev|har\s+blivit)\s+upphandla[dt]\b"
)
#: A stated reason: "eftersom verksamheten saknar finansiering", "med anledning av", "på grund av"; its words
#: may be broken over lines ("för\natt underlätta för hyresgäster").
REASON_RE = re.compile(
    # not "fyllnadsval med anledning härav": that points back at the matter, it gives no reason
    r"\beftersom\b|\bpå\s+grund\s+av\b|\bmed\s+anledning\s+av\b|\bmed\s+hänvisning\s+till\b|\bdärför\b"
    r"|\bskäl\w*"
    r"|\banledning(?!\s+(?:härav|därav)\b)\w*|\b\w*motiver\w*"  # "Beslutsmotivering"
    r"|\bi\s+syfte\s+att\b|\borsak\w*|\bberor\s+på\b|\bmot\s+bakgrund\s+av\b|\bför\s+att\b"
    r"|\bdå\s+\w+\s+(?:är|var|har|hade|saknar|inte)\b"
    # "... visat felaktigheter, varför ett justerat förslag nu presenteras"; "till följd av stormen";
    # "Schemaramen slutar vid 17.00 vilket gör det svårt att ...": a cause stated before its effect
    r"|,\s*varför\b|\btill\s+följd\s+av\b|\bvilket gör (?:det )?(?:svårt|omöjligt|ogörligt)\b"
    # "Resterande del av bidraget betalas ut 2026 och därmed är det nödvändigt att ombudgetera": the cause
    # before the consequence
    r"|\bdärmed\s+(?:är|var|blir|blev)\s+det\s+(?:nödvändigt|nödvändig|motiverat|angeläget)\b"
    # "Yttrandet hinner inte behandlas i nämnd utan hanteras som ett ordförandebeslut": lack of time
    r"|\b(?:hinner|hann)\s+(?:\w+\s+)?inte\b"
    # a cause or a weighing in other words: "med hänsyn till", "i och med att", "det allmänna intresset väger
    # tyngre än det enskilda"
    r"|\bmed\s+(?:hänsyn|tanke)\s+(?:till|på)\b|\bi\s+och\s+med\s+att\b|\bsom\s+en\s+följd\s+av\b"
    r"|\bväger\s+tyngre\b|\böverväger\b"
    r"|\btill\s+förmån\s+för\b"  # a reservation's grounds: "reserverar oss till förmån för vårt yrkande"
    # grounds in other words: "Den här uppdateringen grundar sig i att nya delegater tillkommit"
    r"|\bgrundar\s+sig\s+(?:i|på)\b",
    re.IGNORECASE,
)
RESERVATION_RE = re.compile(r"\breserver\w*|\breservation\w*", re.IGNORECASE)
#: What a reply said, not only that there was one: "svarar att fläktar är kostsamma", "Svar: ...",
#: "menar att ...". Minutes often record only "Ordföranden Anna Ek (M) besvarar frågan.", which is no reply.
REPLY_RE = re.compile(
    r"\b(?:be)?svara\w*\s+(?:\w+\s+){0,3}?(?:att|med att)\b|\bsvar(?:et)?\s*:\s*\S"
    r"|\b(?:menar|menade|anser|ansåg|förklarar|förklarade|framhåller|framhöll|påpekar|påpekade|uppger|uppgav"
    r"|berättar|berättade|konstaterar|konstaterade|understryker|underströk|betonar|betonade)\s+att\b",
    re.IGNORECASE,
)
#: The wording of a decision: "beslutar att", "bordläggs", "avslås", "återremitteras", "antas".
#: A sentence that supposes a decision ("I det fall nämnden beslutar om en modell ...") states none.
CONDITIONAL_RE = re.compile(
    r"\s*(?:i det fall|för det fall|om|ifall|under förutsättning att)\b", re.IGNORECASE
)
DECISION_RE = re.compile(
    r"\bbeslut(?:ar|ade|ades|as|at|ats|et|en)?\b|\bbeslöts?\b|\bbordl\w+|\bavsl(?:ås|og|ogs|ag)\b"
    r"|\bbifall(?:s|es|er|a)?\b|\bbiföll?s?\b|\butsågs?\b|\bgavs? .{0,40}\bi uppdrag\b"
    r"|\båterremitter\w*|\bantas\b|\bantogs?\b|\bantag(?:en|et|na|its?)\b|\bbeslutad\b"
    r"|\bgodkän(?:ner|ns|de|des|ts|t|d|da)\b|\bfastställ(?:er|s|de|des|ts|d|da)\b"
    r"|\bnoteras\b|\bbeviljade?s?\b"
    r"|\blägg(?:er|s) .{0,40}till handlingarna|\bbesvarad\b|\btillstyrk\w*|\bvalde?s?\b|\butses\b"
    r"|\buppdra(?:r|s|git)?\b|\bges i uppdrag\b|\bbeviljas\b|\bföreslå(?:r|s)\b|\bförklara(?:s|des)\b"
    r"|\bans(?:es|ågs)\b|\banteckna(?:s|r|des|de)\b|\bnotera(?:s|r)\b|\butgår\b|\butgick\b|\bavförs\b",
    re.IGNORECASE,
)

#: What a motion proposes is the matter, not a decision on it: "Motionärerna föreslår ...", "I motionen
#: föreslås ...".
MOTION_PROPOSES_RE = re.compile(
    r"\bmotionär\w*\s+(?:\w+\s+)?föreslår\b|\bmotionen\s+föreslås\b|\bmotionen\s+föreslår\b"
    # "My Lundgren föreslår i ett medborgarförslag att ...", "I medborgarförslaget föreslås ..."
    r"|\bföreslår\s+i\s+(?:ett|en|sitt|sin)\s+(?:\w+\s+)?(?:medborgarförslag|motion|e-förslag|skrivelse)\w*"
    r"|\b(?:medborgarförslaget|e-förslaget|förslagsställaren)\s+(?:föreslås|föreslår)\b",
    re.IGNORECASE,
)

#: A whole decision in a word or two ("Antecknas.", "Ärendet bordläggs."), unlike the heading "Beslut".
SHORT_DECISION_RE = re.compile(
    r"\b(?:antecknas|noteras|bordläggs|avslås|bifalls|bifalles|godkänns|antas|fastställs|återremitteras"
    r"|handlingarna|besvarad|besvarade|beviljas|tillstyrks|avstyrks|avskrivs|upphävs|utgår|avförs)\b",
    re.IGNORECASE,
)
#: An earlier decision cited by date and paragraph: "uppdrag 2023-04-27 § 25", "den 14 februari 2024, § 27".
CITED_DECISION_RE = re.compile(r"\d{4}-\d\d-\d\d,?\s*§\s*\d+|\b\d{1,2}\s+\w+\s+\d{4},?\s*§\s*\d+")
#: The date of a step of the case's handling, not of what the case is about: "Bordlagt den 4 juni 2025",
#: "Yrkande från D den 9 april 2026", "upprättad den 28 februari 2025", "inkom den 29 februari 2024".
PROCEDURE_DATE_RE = re.compile(
    r"\b(?:bordla\w*|\w*yrkande\w*(?:\s+från\s+[\w ,]{1,40}?)?|tilläggsyrkande\w*(?:\s+från\s+[\w ,]{1,40}?)?"
    r"|upprätta[dt]\w*|revidera[dt]\w*|datera[dt]\w*|inkom\w*|inkommen|tjänsteutlåtande\w*|skrivelse\w*"
    r"|yttrande\w*(?:\s+från\s+[\w ,]{1,40}?)?)\s+(?:den\s+)?\d{1,2}\s+\w+\s+\d{4}"
    r"(?:,?\s*(?:§\s*\d+\s*)?(?:,|och|samt)\s+(?:den\s+)?\d{1,2}\s+\w+\s+\d{4})*"
    r"|\b(?:bordla\w*|upprätta[dt]\w*|revidera[dt]\w*|datera[dt]\w*|inkom\w*)\s+(?:den\s+)?\d{4}-\d\d-\d\d"
    # "återkomma med tidsplan till nämndens sammanträde den 9 oktober": a meeting the matter returns to
    r"|\b(?:till|vid|på|inför)\s+(?:\w+s\s+)?(?:sammanträde[tn]?|möte[tn]?)\s+(?:den\s+)?\d{1,2}\s+(?:"
    + _MONTH_ALT
    + r")(?:\s+\d{4})?"
    # "en skrivelse från den 17 april 2026"; "bordläggs till sammanträdet den 10 april 2024"
    r"|\bskrivelse\w*\s+från\s+(?:den\s+)?\d{1,2}\s+\w+\s+\d{4}"
    r"|\bbordl\w*\s+till\s+(?:sammanträdet\s+|mötet\s+)?(?:den\s+)?\d{1,2}\s+\w+\s+\d{4}"
    # an earlier decision cited by date and paragraph
    rf"|{CITED_DECISION_RE.pattern}",
    re.IGNORECASE,
)
#: A sub-point's heading line: "14.2 Val av styrelseledamöter" (no sentence ends in it).
SUBPOINT_HEADING_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+[^.!?:;]+$")
#: A line in capitals this short is a heading ("BARN- OCH UTBILDNINGSNÄMNDENS BEHANDLING").
MAX_CAPS_HEADING_WORDS = 12
MAX_SUBPOINT_HEADING_WORDS = 7
#: A table-of-contents line: dot or dash leaders, or a title followed by a page number.
TOC_RE = re.compile(
    r"(?:\.{4,}|…{2,}|_{4,}|-{5,}|\s{3,})\s*\d{1,3}\s*$"
    # any line "§ 61  Informationsärenden  6 - 7": an entry with its page or pages
    # (not "§ 103 Karl-Gustav Nilsson (S), ersätter Per Bengtsson (S) §§ 102-105": paragraphs, not pages)
    r"|(?m:^\s*§\s*\d+\s+.{3,80}(?<!§)\s\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*$)"
)
#: The labels of a front page's fields that are long enough to pass for content.
FRONT_LABEL_RE = re.compile(
    r"(?:justeringens\s+plats\s+och\s+tid|plats\s+och\s+tid\s+för\s+justering(?:en)?"
    r"|datum\s+för\s+anslagets?\s+(?:uppsättande|nedtagande)|förvaringsplats\s+för\s+protokollet)\s*:?",
    re.IGNORECASE,
)
#: The year an amount's prices are counted in, not a date: "280 mnkr (prisnivå 2024)", "i 2025 års priser".
PRICE_LEVEL_RE = re.compile(
    r"\bprisnivå\s+(?:år\s+)?\d{4}|\b\d{4}\s+års\s+(?:prisnivå|priser|penningvärde)", re.IGNORECASE
)
#: A year that names a goal or a document, not when something happens: "nämndens målbild 2030",
#: "Agenda 2030", "Vision 2040".
LABEL_YEAR_RE = re.compile(r"\b(?:målbild|vision|agenda|mål)\w*\s+(?:19|20)\d\d\b", re.IGNORECASE)
#: A person's date of birth, written between commas after the name: "Stefan Sandqvist, 1959-04-09,
#: anställas som ekonomichef" dates no event of the matter.
BIRTH_DATE_RE = re.compile(r"\b[A-ZÅÄÖ][a-zåäöé]+\s+[A-ZÅÄÖ][a-zåäöé]+,\s*(?:19|20)\d\d-\d\d-\d\d(?=\s*,)")
#: A property's designation, whose figures are no time of day: "Fjelie 2:12", "Skörvalla 1:116".
PROPERTY_RE = re.compile(r"\b[A-ZÅÄÖ][\wåäö-]+\s+\d{1,4}:\d{1,4}\b")
#: A case number, whose year is no date: "Bun/2022:676", "KS 2024/123", "Dnr 2025-00123".
CASE_NUMBER_RE = re.compile(
    r"\b[A-ZÅÄÖ][A-Za-zÅÄÖåäö]+[/ .-]?\s?(?:19|20)\d\d[:/]\d+\b|\b[A-ZÅÄÖ]{2,}[ -]?(?:19|20)\d\d-\d{3,}\b"
    r"|\b(?i:dnr)\.?\s*\S+"
)
#: Sentences that list papers or recipients, not content: "Protokollsutdrag skickas till ...".
DOCUMENT_LIST_RE = re.compile(
    r"^\s*(?:protokollsutdrag|expedieras|beslutsunderlag|handlingar|bilag[aor]\w*|underlag"
    r"|tjänsteskrivelse|tjänsteutlåtande|skrivelse|beslutet skickas|beslut skickas|sändlista"
    r"|beslutet expedieras|kopia till|för kännedom|justerandes signatur|utdragsbestyrkande|signaturer?)\b",
    re.IGNORECASE,
)
#: An e-signing service's stamp on the signed file, not the minutes' content: "Det här dokumentet är
#: digitalt signerat", "Transaktionsidentitet: ...", "Undertecknat av följande personer", a signer's
#: "Datum: 2024-10-21 16:43:57", Scrive's "Verifikat Transaktion 0923...".
SIGNING_STAMP_RE = re.compile(
    r"\bdokumentet\s+är\s+(?:digitalt|elektroniskt)\s+signerat|\btransaktionsidentitet\b"
    r"|\bverifikat\s+transaktion\b|\bundertecknat\s+av\s+följande\b|\bunderskriftstjänst\b"
    # a signer's time to the second: "JENNY THORBJÖRNSSON Datum: 2024-10-21 16:43:57"
    r"|\bdatum:\s*\d{4}-\d\d-\d\d\s+\d\d:\d\d:\d\d\b",
    re.IGNORECASE,
)
#: A line of a list of papers: "Stadsledningskontorets tjänsteutlåtande den 28 februari 2024.",
#: "Yrkande från SD, M och KD den 17 april 2026." (the papers an item lists, not what it says).
DOCUMENT_REF_RE = re.compile(
    # the paper's owner may be several words: "Förvaltningen för Tekniks", "Förvaltningen för Kultur &
    # Fritids"
    r"^\s*(?:(?:[\wåäöÅÄÖ&-]+\s+){0,4}[\wåäöÅÄÖ-]+s\s+)?"
    r"(?:\w*yrkande|skrivelse|tjänsteutlåtande|tjänsteskrivelse|protokollsutdrag|motion"
    r"|bilaga|remiss|missiv|komplettering|protokoll|reservation|särskilt yttrande)\b[^.!?]{0,120}?"
    rf"(?:\d{{4}}-\d\d-\d\d|\d{{1,2}} (?:{_MONTH_ALT}) \d{{4}})\.?\s*$",
    re.IGNORECASE,
)
#: The first line of a list of papers: a paper and its date ("Förvaltningen för Tekniks tjänsteskrivelse,
#: 2025-04-28", "NTE Protokollsutdrag 2018-05-16 § 57").
PAPER_LINE_RE = re.compile(
    r"^.{0,60}\b(?:tjänsteskrivelse|tjänsteutlåtande|protokollsutdrag|missiv|remissvar)\w*\b.{0,20}"
    r"\d{4}-\d\d-\d\d[^.]{0,40}$",
    re.IGNORECASE,
)
#: A line of a list of papers that names no kind of paper: a title and its date ("Årsrapport 2024 – Qvalify
#: AB, 2025-01-30"); two such lines in one sentence are a list, not what the item says.
DATED_TITLE_LINE_RE = re.compile(r"^[^\n]{3,120},\s*\d{4}-\d\d-\d\d\.?\s*$", re.MULTILINE)
#: Shorter than this many words and no verb-like word: a heading, not an answer.
MIN_CONTENT_WORDS = 4


#: A question put at the meeting ("- Fråga om hur mycket föreningen amorterar per år.", "Vad kostar
#: det?"): it names what was asked, not the answer, so it states no fact ("Frågan om X bordläggs" does).
ASKED_RE = re.compile(r"^[\s\-–•*]*(?:fråga|frågor)\s+(?:om|från|till|kring|angående)\b", re.IGNORECASE)


def asks(sentence: str) -> bool:
    """Whether the sentence is a question put, not a statement."""
    return sentence.rstrip().endswith("?") or bool(ASKED_RE.match(sentence))


#: A place named: after a word of place ("i Rumlaborg", "på bryggorna Östanvik", "vid Kalkberget"), a
#: street address ("Storgatan 37"), a property ("KYVIK 4:132"), a room or hall ("Kungsbackarummet"), or
#: no room at all ("Digitalt möte 6 november 2023").
PLACE_NAME_RE = re.compile(
    r"\b(?:i|på|vid|inom|utanför|intill|längs|nära|bredvid|mellan|(?:söder|norr|öster|väster)\s+om)\s+"
    r"(?:[a-zåäö]+\s+)?([A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*)*)"
    r"|\b([A-ZÅÄÖ][\w-]*(?:gatan|vägen|gata|väg|torget|platsen|allén|stigen|backen|leden|gränd)(?:\s+\d+)?)\b"
    r"|\b([A-ZÅÄÖ][\w-]*\s+\d+:\d+)\b"
    r"|\b([A-ZÅÄÖ][\w-]*(?:rummet|salen|huset|hallen))\b"
    r"|\b((?:stads|kommun|råd)huset)\b"
    r"|\b((?i:digitalt (?:möte|sammanträde)|distansmöte|via (?:teams|zoom|skype)))\b"
    # an event listed as place, date: "Elmia , 5-6 februari, kostnad ..."
    r"|(?m:^\s*(?!(?:Beslut|Justering|Protokoll|Datum|Sammanträde|Tid|Plats|Dnr|Kallelse)\w*\b)"
    r"([A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)?)\s*,\s*(?:den\s+)?\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+"
    r"(?i:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\w*)"
)


def sentence_facts(sentence: str, *, in_decision_section: bool = False) -> frozenset[FactKind]:
    """The kinds of fact `sentence` holds (none when it only puts a question)."""
    if asks(sentence):
        return frozenset()
    kinds: set[FactKind] = set()
    if MONEY_RE.search(sentence) or PRICED_RE.search(sentence):
        kinds.add(FactKind.MONEY)
    if NUMBER_RE.search(_without_references(sentence)):
        kinds.add(FactKind.NUMBER)
        if ACCOUNTS_RE.search(sentence) and AMOUNT_RE.search(_without_references(sentence)):
            kinds.add(FactKind.MONEY)  # "Utgifter\nFika 3000.00": a budget's lines print no currency
    references = (
        PROCEDURE_DATE_RE,
        PRICE_LEVEL_RE,
        CASE_NUMBER_RE,
        PROPERTY_RE,
        LABEL_YEAR_RE,
        BIRTH_DATE_RE,
    )
    dated = functools.reduce(lambda text, pattern: pattern.sub(" ", text), references, sentence)
    if DATE_RE.search(dated) or WHEN_RE.search(dated):
        kinds.add(FactKind.DATE)
    if has_person(sentence):
        kinds.add(FactKind.PERSON)
    if VOTE_RE.search(sentence):
        kinds.add(FactKind.VOTE)
    if ORGANISATION_RE.search(sentence):
        kinds.add(FactKind.ORGANISATION)
    if REASON_RE.search(sentence):
        kinds.add(FactKind.REASON)
    if PLACE_NAME_RE.search(sentence):
        kinds.add(FactKind.PLACE)
    if RESERVATION_RE.search(sentence):
        kinds.add(FactKind.RESERVATION)
    if REPLY_RE.search(sentence):
        kinds.add(FactKind.REPLY)
    if in_decision_section or (
        DECISION_RE.search(MOTION_PROPOSES_RE.sub(" ", sentence)) and not CONDITIONAL_RE.match(sentence)
    ):
        kinds.add(FactKind.DECISION)
    return frozenset(kinds)


def _without_references(sentence: str) -> str:
    """The sentence without dates, years, § and list numbers, and case numbers: what is left are figures."""
    return _REFERENCE_RE.sub(" ", WHEN_RE.sub(" ", DATE_RE.sub(" ", _FILED_CASE_RE.sub(" ", sentence))))


#: Letters of the counted noun compared with the word after a figure ("bostäder" ~ "bostadslägenheter").
COUNTED_PREFIX = 4
#: Words between a figure and the noun it counts ("300 nya anmälningar", "12 st anbud").
COUNTED_GAP = 2


#: The shortest head of a compound that counts as the compound's noun ("ärenden", not "en").
MIN_HEAD_CHARS = 5
#: Letters of the counted noun past those it shares with the word after a figure: an inflection or an
#: umlaut ("bostäder" ~ "bostad", "ledamöter" ~ "ledamot"), not the rest of a compound.
MAX_NOUN_ENDING = 4


#: How far after "antalet X" a figure says what the count is.
COUNT_AFTER_CHARS = 100


#: Nouns for people, one for another: "Hur många ledamöter fick delta?" is answered by "Två personer från
#: nämnden får delta", "Hur många personer ...?" by "omkring 550 individer" (first `COUNTED_PREFIX` letters).
PEOPLE_COUNTED = frozenset({"leda", "pers", "poli", "repr", "fört", "delt", "indi", "invå", "männ"})


def counts(sentence: str, noun: str) -> bool:
    """Whether a figure in the sentence counts `noun` ("tre målområden" does not count "bostäder")."""
    prefix = noun.casefold()[:COUNTED_PREFIX]
    plain = _without_references(sentence)
    counted = re.search(rf"\bantal(?:et)?\s+(?:\w+\s+)?{re.escape(prefix)}", plain.casefold())
    if counted and NUMBER_RE.search(plain, counted.end(), counted.end() + COUNT_AFTER_CHARS):
        # "Antalet ersättare ska vara hälften av ...", "antalet anmälningar uppgick till 312"; not "tre
        # åtgärder: - minska antalet underställda/skolledare", where no figure follows the count.
        return True
    if re.search(rf"\b{re.escape(prefix)}\w*\s+för\s+(?:\w+\s+)?\d", plain.casefold()):
        return True  # the noun before its figure: "med plats för 40 barn", "platser för cirka 120 elever"
    words = plain.casefold().split()
    for index, word in enumerate(words):
        if NUMBER_RE.fullmatch(word.strip(".,;:()")):  # a range too: "20-25 elever"
            # "4 dagar/år": the noun before a rate's slash
            following = [w.strip(".,;:()").split("/")[0] for w in words[index + 1 : index + 1 + COUNTED_GAP]]
            if any(counted_word(w, noun, plain) for w in following):
                return True
    return False


def counted_word(word: str, noun: str, sentence: str = "") -> bool:
    """Whether a (folded) word after a figure is the counted noun, or the head of the question's compound
    ("397 ärenden" for "kränkningsärenden", "fyra områden" for "utvecklingsområden")."""
    folded = noun.casefold()
    prefix = folded[:COUNTED_PREFIX]
    if prefix in PEOPLE_COUNTED:
        return word.startswith(tuple(PEOPLE_COUNTED))
    if len(word) >= MIN_HEAD_CHARS and folded.endswith(word):
        return True
    # The word may add to the noun ("bostadslägenheter" for "bostäder") but it names the first part of the
    # question's compound only where the sentence names its head too: "förslag på 90 åtgärder" counts
    # "åtgärdsförslag", "två större förskolor" does not count "förskoleplatser".
    shared = sum(
        1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(word, folded, strict=False))
    )
    if shared < min(COUNTED_PREFIX, len(folded)):
        return False
    head = folded[shared:].lstrip("se")  # the linking -s- or -e- of "åtgärdsförslag", "förskoleplatser"
    return len(folded) - shared <= MAX_NOUN_ENDING or head[:MIN_HEAD_CHARS] in sentence.casefold()


#: A first name alone ("Lukas"): capitalised, not a word that opens sentences or names an organ.
_GIVEN_NAME_RE = re.compile(r"\b[A-ZÅÄÖ][a-zåäöéü]{2,}\b")
#: Capitalised words that open a line of minutes rather than name someone ("Att: Lukas är ...").
_LINE_OPENERS = frozenset(
    {"att", "mötet", "vald", "valdes", "väljs", "utses", "till", "som", "och", "är", "var"}
)
#: Endings of Swedish nouns made from verbs and adjectives, which no given name of this length has
#: ("Anställning", "Information", "Ansvarighet"; "Henning" is shorter).
NOUN_ENDINGS = ("ning", "tion", "het", "else", "ande", "ende", "skap", "ering")
MIN_NOUN_CHARS = 8
#: Characters around a role word searched for the name of who holds it.
ROLE_NAME_CHARS = 30
#: What stands before a deputy's role ("1:e vice ordförande" is not the ordförande).
VICE_RE = re.compile(r"\b(?:(förste|första|1:e|andre|andra|2:e|tredje|3:e)\s+)?vice\s*$")
#: A deputy's post asked for: "Vem efterträder X som andre vice ordförande?".
ASKS_VICE_RE = re.compile(r"\b(?:(förste|första|1:e|andre|andra|2:e|tredje|3:e)\s+)?vice\s+\w", re.IGNORECASE)
#: The ordinal words of a deputy, by rank.
VICE_RANKS = {"förste": 1, "första": 1, "1:e": 1, "andre": 2, "andra": 2, "2:e": 2, "tredje": 3, "3:e": 3}
#: A role at the meeting itself, not in the organisation: "mötesordförande", "ordförande för stämman".
_MEETING_WORDS = r"(?:stämman|mötet|årsmötet|vårmötet|höstmötet|föreningsstämman|sammanträdet|dagens)"
MEETING_ROLE_BEFORE_RE = re.compile(r"(?:mötes|stämmo|tjänstgörande\s+)$")
MEETING_ROLE_AFTER_RE = re.compile(rf"^\w*\s+(?:för|vid|på|under)\s+{_MEETING_WORDS}")
#: A question asking who held a role at the meeting ("Vem var mötesordförande?", "Vem ledde stämman?").
ASKS_MEETING_ROLE_RE = re.compile(
    rf"(?:mötes|stämmo)\w*(?:ordför|sekreter|juster)|\b(?:ordförande|sekreterare)\s+(?:för|vid|på|under)\s+"
    rf"{_MEETING_WORDS}|\bledde\s+{_MEETING_WORDS}",
    re.IGNORECASE,
)


#: The kinds of organ a role is held in.
_ORGANS = r"nämnd|beredning|råd|utskott|kommitté|grupp|bolag|fullmäktige|revision|styrelse"
#: The organ a role is held in, named after it ("ordförande i valberedningen") or before it
#: ("Kommunstyrelsens ordförande"). A bare "styrelsen" or "nämnden" is the meeting's own organ.
ROLE_ORGAN_AFTER_RE = re.compile(rf"^\w*\s+(?:i|för)\s+(?:\w+a\s+)?([\w-]+?({_ORGANS}))")
ROLE_ORGAN_BEFORE_RE = re.compile(rf"\b([\w-]+?({_ORGANS}))\w*s\s+$")


def other_organ(lowered: str, start: int, end: int, asked: str) -> bool:
    """Whether the role at `lowered[start:end]` is held in an organ the question does not name:
    "ordförande i valberedningen" does not say who chairs the association, nor "Kommunstyrelsens
    ordförande" who chairs a council. The organ's kind alone names it too ("i fullmäktige")."""
    organ = ROLE_ORGAN_AFTER_RE.match(lowered[end:]) or ROLE_ORGAN_BEFORE_RE.search(lowered[:start])
    if organ is None or not asked:
        return False
    folded = asked.casefold()
    return organ.group(1) not in folded and not re.search(rf"\b{organ.group(2)}", folded)


#: "justeringar": changes to a text; "justering", "justeringens plats": the checking of the minutes as an
#: act (its place and time), never who checks them ("Plats och tid för justering Digital justering
#: Sekreterare Alexandra Cameron" names the secretary).
ADJUSTMENTS_RE = re.compile(r"justering\w*")


def other_deputy(before: str, asked: str) -> bool:
    """Whether the role after `before` is a deputy's the question does not ask for: "1:e vice ordförande"
    for "Vem är ordförande?", or for "Vem blev andre vice ordförande?" (but "2:e vice" answers that)."""
    stated = VICE_RE.search(before)
    if stated is None:
        return False
    wanted = ASKS_VICE_RE.search(asked)
    if wanted is None:
        return True
    rank, asked_rank = (VICE_RANKS.get((found.group(1) or "").casefold()) for found in (stated, wanted))
    return rank is not None and asked_rank is not None and rank != asked_rank


def other_role(lowered: str, start: int, end: int, asked: str) -> bool:
    """Whether the role found at `lowered[start:end]` is another than the one `asked` names: a deputy's
    ("1:e vice ordförande"), one in another organ (`other_organ`), or the meeting's ("Till ordförande
    för stämman valdes ...", "Tjänstgörande ordföranden") when the question asks who holds it in the
    organisation ("Vem blev ny ordförande i föreningen?")."""
    if other_deputy(lowered[:start], asked) or other_organ(lowered, start, end, asked):
        return True
    if ADJUSTMENTS_RE.match(lowered, start):
        return True  # "Förslag om justeringar i dokumentet", "för justering": not who checks the minutes
    at_meeting = bool(
        MEETING_ROLE_BEFORE_RE.search(lowered[:start]) or MEETING_ROLE_AFTER_RE.match(lowered[end:])
    )
    return at_meeting and bool(asked) and not ASKS_MEETING_ROLE_RE.search(asked)


def mentions_role(sentence: str, roles: Iterable[str], asked: str) -> bool:
    """Whether the sentence names one of the roles as the one asked (not a deputy's, not the meeting's)."""
    lowered = sentence.casefold()
    return any(
        not other_role(lowered, m.start(), m.end(), asked)
        for role in roles
        for m in re.finditer(re.escape(role), lowered)
    )


def only_other_roles(sentence: str, roles: Iterable[str], asked: str) -> bool:
    """Whether the sentence names the asked roles only as other ones (`other_role`): "Till ordförande för
    stämman valdes Benny Norling." does not say who became the association's chair."""
    lowered = sentence.casefold()
    found = [m for role in roles for m in re.finditer(re.escape(role), lowered)]
    return bool(found) and all(other_role(lowered, m.start(), m.end(), asked) for m in found)


def names_role_holder(sentence: str, roles: Iterable[str], asked: str = "") -> bool:
    """Whether a name, a first name alone too, stands next to one of the role stems ("Att: Lukas är
    protokolljusterare", "Mötesordförande: Olav"): student and association minutes name people so."""
    lowered = sentence.casefold()
    asked_words = {word.casefold() for word in _WORD_RE.findall(asked)}
    for role in roles:
        for found in re.finditer(re.escape(role), lowered):
            if other_role(lowered, found.start(), found.end(), asked):
                continue
            near = sentence[max(0, found.start() - ROLE_NAME_CHARS) : found.end() + ROLE_NAME_CHARS]
            for word in _GIVEN_NAME_RE.findall(near):
                folded = word.casefold()
                if role in folded or folded in NOT_NAMES or folded in _LINE_OPENERS or folded in asked_words:
                    continue  # "distriktet Öster, med en tillhörande verksamhetschef" names a place asked of
                if len(folded) >= MIN_NOUN_CHARS and folded.endswith(NOUN_ENDINGS):
                    continue  # "Anställning av en rekryterare" names no one
                return True
    return False


def names_new_person(sentence: str, asked: str) -> bool:
    """Whether the sentence names someone the question does not, when the question names someone:
    "Vem efterträder Jesper Wiman (M)?" is not answered by Jesper Wiman's resignation."""
    named = {w.casefold().removesuffix("s") for m in PERSON_RE.finditer(asked) for w in m.group(0).split()}
    if not named - NOT_NAMES:
        return True
    return any(  # line by line: a heading above a name ("Ärendebeskrivning\nJesper Wiman") is no name
        {w.casefold().removesuffix("s") for w in m.group(0).split()} - NOT_NAMES - named
        for line in sentence.split("\n")
        for m in PERSON_RE.finditer(line)
    )


def has_person(sentence: str) -> bool:
    """Whether the sentence names a person (two capitalised name words, not organ words) or a party."""
    for match in PERSON_RE.finditer(sentence):
        words = match.group(0).split()
        if sum(word.casefold() not in NOT_NAMES for word in words) >= 2:
            return True
    return bool(PARTY_RE.search(sentence))


def is_furniture(
    sentence: str, item_number: str = "", item_title: str = "", *, in_decision_section: bool = False
) -> bool:
    """A heading alone, a table-of-contents line, a list of documents or a signing stamp: never an answer
    on its own.

    A short sentence is content when it names someone ("Ordförande: Marie Nilsson") or is the
    decision itself ("Antecknas.", "Ärendet bordläggs." in the item's decision section).
    """
    words = sentence.split()
    if TOC_RE.search(sentence) or DOCUMENT_LIST_RE.search(sentence) or DOCUMENT_REF_RE.search(sentence):
        return True
    if FRONT_LABEL_RE.fullmatch(sentence.strip()):
        return True  # "Justeringens plats och tid" over its value
    if SIGNING_STAMP_RE.search(sentence):
        return True  # the signing service's stamp at the end of the file
    lines = [line for line in sentence.splitlines() if line.strip()]
    if len(lines) > 1 and PAPER_LINE_RE.search(lines[0]):
        return True  # "Förvaltningens tjänsteskrivelse, 2025-04-28" over more papers: the item's papers
    if len(DATED_TITLE_LINE_RE.findall(sentence)) > 1:
        return True  # the item's papers continued on a new page, without their heading
    if (
        len(words) < MIN_CONTENT_WORDS
        and not any(ch.isdigit() for ch in _without_references(sentence))  # "2024 nr 190." is a reference
        and not has_person(sentence)
        and not TIME_RE.search(sentence)  # "2025-10-16, klockan 18:00-21:55": when the sitting was held
        and not (in_decision_section and SHORT_DECISION_RE.search(sentence))
    ):
        return True  # "Beslut", "Ärendebeskrivning", "Handling"
    if item_title and _same_words(sentence, f"{item_number} {item_title}"):
        return True
    if SUBPOINT_HEADING_RE.match(sentence) and len(words) <= MAX_SUBPOINT_HEADING_WORDS:
        return True  # "2.1 Val av mötesordförande": the heading of a sub-point
    # "BARN- OCH UTBILDNINGSNÄMNDENS BEHANDLING 2021-12-13 Yrkanden": the section heading after it aside
    heading = words[:-1] if len(words) > 1 and words[-1].casefold().strip(":") in SECTION_HEADINGS else words
    letters = [ch for word in heading for ch in word if ch.isalpha()]
    if len(words) <= MAX_CAPS_HEADING_WORDS and letters and all(ch.isupper() for ch in letters):
        return True  # "SAMHÄLLSPLANERINGSNÄMNDENS BESLUTSFÖRSLAG TILL KOMMUNFULLMÄKTIGE"
    # A bare list of figures (a table row): mostly numbers, few words.
    alpha = sum(any(ch.isalpha() for ch in word) for word in words)
    return len(words) >= 4 and alpha < len(words) / 3


_WORD_RE = re.compile(r"\w+")


def _same_words(sentence: str, heading: str) -> bool:
    words = set(_WORD_RE.findall(sentence.casefold()))
    return bool(words) and words <= set(_WORD_RE.findall(heading.casefold()))


#: A time of day: "kl. 13:00", "Klockan 16.00 – 17.34", "18:00-21:08".
TIME_RE = re.compile(
    r"\b(?:kl(?:\.|ockan)\s*)?(?:[01]?\d|2[0-3])[.:][0-5]\d\b|\bkl(?:\.|ockan)\s*\d{1,2}\b", re.IGNORECASE
)
#: A place: "Plats: ...", "Stora Sessionssalen", "Kungsbackarummet", "Stadshuset", "via Teams".
PLACE_RE = re.compile(
    r"\bplats\b|\blokal(?:en)?\b|\w+rummet\b|\w*salen\b|\w+huset\b|\bteams\b|\bzoom\b|\bdigitalt möte\b",
    re.IGNORECASE,
)
#: The place and time of checking the minutes, or of their notice, and the attendance list's times
#: ("Beslutande: ... Thomas Bäuml (M), till 12:00"): not the sitting's.
NOT_SITTING_RE = re.compile(
    r"\bjuster\w*|\banslag\w*|\bförvaring\w*|\b(?:beslutande|närvarande|tjänstgörande|ersättare)\b",
    re.IGNORECASE,
)
#: The rest of a time range after its first time: " – 16:20", "-21:08", " till 17.00".
TIME_RANGE_RE = re.compile(r"\s*(?:[-–]|till)\s*(?:[01]?\d|2[0-3])[.:][0-5]\d")
#: A break printed after the sitting's time: ", ajournering 20:19-20:30", "(paus 15.00–15.15)".
BREAK_RE = re.compile(
    r"[,;]?\s*\(?(?:ajourn\w*|paus\w*)\s*(?:kl(?:\.|ockan)\s*)?(?:[01]?\d|2[0-3])[.:][0-5]\d"
    r"(?:\s*(?:[-–]|till)\s*(?:[01]?\d|2[0-3])[.:][0-5]\d)?\)?",
    re.IGNORECASE,
)
#: The longest line quoted for a place or a time (a table cell may hold the whole attendance list).
MAX_LINE_CHARS = 120


#: A page's number printed into a line of the front page ("Plats: Sida 1 av 16").
PAGE_NUMBER_RE = re.compile(r"\bsida\s+\d+\s*(?:av|/)\s*\d+", re.IGNORECASE)
#: A label of the opening item alone: "Plats och tid", "Plats:", "Tid".
SITTING_LABEL_RE = re.compile(r"\s*(?:plats|tid|lokal)(?:\s+och\s+(?:plats|tid))?\s*:?\s*", re.IGNORECASE)


def stated_lines(text: str, *, place: bool, time: bool) -> list[Span]:
    """The lines (or table cells) of an opening item's text that state the sitting's time (up to the end
    of its range: "Rumlaborg, kl. 13:00 – 16:20" of a cell that goes on with the attendance) or its
    place ("Plats: Lomma kommun, Stora Sessionssalen"), without those about checking the minutes."""
    spans: list[Span] = []
    for cell in re.finditer(r"[^\n\t]+", text):
        if SITTING_LABEL_RE.fullmatch(PAGE_NUMBER_RE.sub(" ", cell.group())):
            continue  # "Plats och tid" (or "Plats: Sida 1 av 16") above or beside its value says nothing
        # The time's line mostly names the place too ("Rumlaborg, kl. 13:00 – 16:20").
        timed = TIME_RE.search(cell.group()) if time or place else None
        if timed:
            end = cell.start() + timed.end()
            if ranged := TIME_RANGE_RE.match(text, end):
                end = ranged.end()
            # "klockan 19:00-21:27, ajournering 20:19-20:30": the break is the sitting's too
            while paused := BREAK_RE.match(text, end):
                end = paused.end()
            start = max(cell.start(), end - MAX_LINE_CHARS)
        elif place and PLACE_RE.search(cell.group()) and len(cell.group()) <= MAX_LINE_CHARS:
            start, end = cell.start(), cell.end()
        else:
            continue
        start = text.find(text[start:end].lstrip(), start)  # from a word, not inside one
        if NOT_SITTING_RE.search(text[start:end]):
            continue
        if spans and not text[spans[-1].end : start].strip():
            # The place's line and the time's line under it are one quote ("Lomma kommun, Sessionssalen
            # Kärnan" / "2025-08-28, klockan 18:00-20:21"): a dated line alone reads as a heading.
            spans[-1] = Span(spans[-1].start, end)
        else:
            spans.append(Span(start, end))
    return spans
