"""What a question asks for: the kinds of fact it wants and, for "vad ... och vem ...?", its parts.

Pure functions over the question's words, so the answerer can route "Hur mycket ...?" to amounts,
"Vem ...?" to names and "Hur röstade ...?" to vote figures, and answer each part of a two-part
question. The cue words are ordinary Swedish question words, not words of any one corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from protokollet.service.facts import FactKind

#: Nouns that name a sum of money ("anbudspris", "årshyran", "lånetaket", "investeringsramen"); "Vad blev
#: resultatet när S ville ha en utvärdering?" asks how a matter ended, not a financial result.
#: ("Vilket budgetförslag ...?", "Vilka investeringsprojekt ...?" ask which ones, not a sum: a budget's or
#: an investment's papers, process and projects name none.)
_THING_COMPOUND = (
    "förslag|alternativ|underlag|dokument|process|beredning|dialog|direktiv|arbete|projekt|plan|objekt"
)
_MONEY_NOUN = (
    r"\w*(?:pris|priset|kostnad\w*|hyra|hyran|avgift\w*|belopp\w*|summa\w*|anslag\w*|bidrag\w*|lön|lönen"
    rf"|arvode\w*|budget(?!(?:{_THING_COMPOUND}))\w*"
    # "ram" is a frame of money, not a "gymnasieprogram" or a "diagram"
    r"|ersättning\w*|taxa|taxan|lån\w*|lånetak\w*|(?<!prog)(?<!diag)ram(?:en)?|utdelning\w*"
    r"|resultat\w*(?!\s+(?:när|då|av\s+(?:omröstning|votering|beslut|behandling|yrkande)\w*))"
    rf"|underskott\w*|överskott\w*|investering(?!s?(?:{_THING_COMPOUND}))\w*|intäkt\w*|utgift\w*|kapital\w*"
    r"|skuld\w*|medel"
    r"|vite|vitet|viten|viteskrav\w*|skadestånd\w*|böter|sanktionsavgift\w*|besparing\w*|finansiering\w*"
    # a property's or a party's money: "Vilket marknadsvärde angav värdeutlåtandet?", "partistöd per mandat"
    r"|marknadsvärde\w*|taxeringsvärde\w*|(?:kontrakts|avtals|upphandlings)värde\w*|partistöd\w*"
    r"|över-\s+eller\s+underskott\w*"
    # "Vilken helårsprognos visade månadsrapporten?": a year's forecast is a sum
    r"|(?:helårs|års|budget)prognos\w*)\b"
)
#: A rate a question names ("Vilken skattesats ...?"): a figure answers it only beside that word.
RATE_ASKED = r"\bvilk(?:en|et) (?:\w+ )?(skattesats|utdebitering|räntesats|ränta|procentsats|[\w-]*pålägg)\b"
#: Named institutions a "vilka ..." question asks for besides companies ("Vilka idrottsföreningar ...",
#: "På vilka grundskolor ...", "Vilka utbildningsanordnare ..."): the answer names them.
INSTITUTION_NOUN = (
    r"\w*(?:skol(?:a|an|or|orna)|förening\w*|klubb\w*|anordnare\w*|utförare\w*|organisation\w*"
    r"|boende(?:t|n|na)?|hemtjänst\w*|fastighet(?:en|er|erna)?|skolgård\w*|kommuner(?:na)?"
    r"|universitet\w*|högskol(?:a|an|or|orna)|institution(?:en|er|erna)?|myndighet(?:en|er|erna)?"
    r"|domstol(?:en|ar|arna)?|huvudm[aä]n\w*)\b"
)
#: How many a "vilka ..." question asks for, before the noun ("Vilka tre öppna förskolor ...").
ASKED_COUNT = r"(?:(?:två|tre|fyra|fem|sex|\d+)\s+)?"
INSTITUTION_RE = re.compile(rf"\bvilk(?:en|et|a) {ASKED_COUNT}(?:\w+ )?{INSTITUTION_NOUN}", re.IGNORECASE)
#: "Var ...", "..., och var ...": where, as a question word (the place cue and the sitting's share it).
_ASKED_WHERE = r"(?:^|[,:;]\s*|\b(?:och|samt)\s+)var\b"
#: Nouns for a place asked by "vilken/vilket ..." ("På vilken adress", "i vilken lokal").
PLACE_NOUN = "adress|plats|ort|lokal|distrikt"
#: What a person named in the question replied: "Vad svarade kommunstyrelsens ordförande Robert Wenglén
#: ...?" (not "Vad svarade nämnden på Anna Eks förslag?").
_NAMED_REPLIER = (
    r"\b(?i:vad|hur) (?:svarade|svarar|sa|sade|anförde|framförde)\s+"
    r"(?:(?!på\b)[\w-]+\s+){0,2}[A-ZÅÄÖ][a-zåäöé-]+\s+[A-ZÅÄÖ]"
)
#: "ledde till", "leder till": led to, a cause, not who chaired.
NOT_LED_TO = r"(?!\s+till\b)"
_CUES: dict[FactKind, re.Pattern[str]] = {
    FactKind.MONEY: re.compile(
        r"\bkost(?:ar|ade|at|a)\b|\bbelopp\w*|\bkronor\b|\bkr\b|\bmnkr\b|\bmkr\b|\btkr\b"
        r"|\bhur mycket pengar\b|\bsumma\w*|\bköpeskilling\w*"
        # "Vad beräknas upphandlingen vara värd?", "Hur stort är avtalets värde?"
        r"|\b(?:vara|är|var|blir)\s+värd\b|\b(?:avtals|kontrakts|upphandlings|totalt\s+)?värde(?:t)?\s+(?:på|av)\b"
        r"|\b(?:vad|hur mycket) .{0,60}\b(?:betala\w*|spara|sparar|sparas|sparade|sparat)\b"
        # "Vilken årlig avgift ...": the noun asked for follows the question word ("Från vilket datum
        # gäller avgifterna?" asks a date); "Hur stor får stadens samlade lånevolym vara?" names it later.
        # "Vilket prognostiserat ekonomiskt resultat ...": a second word before the noun only as an adjective
        rf"|\bvilk(?:en|et|a)\s+(?:\w+\s+)?(?:\w+(?:isk|iskt|iska|at|ad|ade|ig|igt|iga|ell|ellt|ella)\s+)?"
        rf"{_MONEY_NOUN}"
        r"|\b(?:vad (?:blir|blev|är|var|beräknas|bedöms|väntas|förväntas|uppskattas)"
        r"|hur (?:mycket|stor\w*|hög\w*))\s+"
        rf"(?:[\w-]+\s+){{0,5}}{_MONEY_NOUN}"
        # "Vad har kontoret räknat fram att den årliga hyran blir?": the sum's value
        rf"|\b(?:vad|hur)\b.{{0,80}}{_MONEY_NOUN}\s+(?:blir|blev|bli|uppgår|uppgick|uppgå|hamnar|landar)\b"
        # "Vilket ekonomiskt utfall visade rapporten?" (not how a vote came out)
        r"|\bekonomisk\w*\s+(?:utfall|prognos)\w*",
        re.IGNORECASE,
    ),
    FactKind.NUMBER: re.compile(
        # ("hur lång tid" asks how long something lasts: a span or an end, see DATE)
        r"\bhur (?:många|mycket|stor|stora|länge|lång(?!\s+tid\b)|långt|hög|höga|högt|låg|låga|lågt)\b"
        r"|\bhur stort\b"
        r"|\bvilken (?:nivå|andel|procent)|\bhur många\b"
        r"|\bvilk(?:et|en) (?:\w+ )?(?:avstånd|längd|bredd|djup)\b"
        r"|\bvilk(?:et|en|a) [\w-]*(?:värde|värden|siffra|siffror)\b"
        r"|\bvilk(?:et|en|a) \w+-(?:resultat|index|betyg|poäng)\b"  # "Vilket NKI-resultat ...?"
        rf"|{RATE_ASKED}",
        re.IGNORECASE,
    ),
    FactKind.DATE: re.compile(
        r"^\s*när\b|[:;]\s*när\b|\bnär (?:är|var|blir|blev|ska|skall|skulle|börjar|började|startar|startade"
        r"|träder|trädde|gäller|gällde|infaller|hålls|hölls)\b"
        r"|\bvilket \w*datum\b|\bvilken \w*dag\b|\bvilken tid\b|\bvilket år\b|\bdatum\w*|\btidpunkt\w*"
        r"|\bhur länge\b|\bhur lång tid\b|\bvilken vecka\b|\bsista dag\w*"
        # "Från vilket läsår ...?", "Under vilken period ...?", "Vilka avstämningsdagar ...?"
        r"|\bvilket läsår\b|\bvilken termin\b|\bunder vilken (?:period|tid)\b|\bvilka \w*dag(?:ar|arna)\b"
        # "vilket besked gavs om när kulturhuset ska öppna?"; not "motförslaget om när det skulle redovisas"
        r"|\b(?:besked|svar|information|uppgift\w*)\s+(?:\w+\s+)?om när\b"
        # "Från när gäller taxan?"; not "Vilket belopp utgick nämnden från när taxorna fastställdes?"
        r"|(?:^|[,:;]\s*)(?:från|sedan|till) när\b"
        r"|\b(?:från|sedan|till) när (?:gäller|gällde|ska|skall|är|var|har|hade|blir|börjar|kommer)\b",
        re.IGNORECASE,
    ),
    FactKind.PERSON: re.compile(
        r"\bvem\b|\bvilka (?:ledamöter|personer|ersättare|politiker|ledamot|som)\b"
        r"|\bvilk(?:en|a) (?:\w+ )?(?:ledamot|ledamöter|person|personer|politiker)\b"
        r"|\bvilk(?:en|et|a) (?:\w+ )?(?:revisor\w*|suppleant\w*|kassör\w*|styrelseledam\w*"
        r"|protokollförare)\b"
        r"|\bvilka (?:\w*val(?:des|ts)|omvaldes|nyvaldes)\b"
        r"|\bvilk(?:en|et|a) (?:\w+ )?(?:kommunalråd\w*|oppositionsråd\w*|tjänstem[aä]n\w*|tjänsteperson\w*"
        r"|representant\w*|företrädare)\b"
        r"|\bvilka (?:valdes|utsågs|justerade|deltog|närvarade|nominerade|nominerades)\b"
        # not a compound headed by what the chair did: "ordförandebeslut" is a decision, not who chaired; nor
        # what the chair moved ("om ordförandens tilläggsyrkande")
        r"|\bjuster(?:are|ande)\w*|\bordförande(?!beslut|ns\b)\w*|\bsekreterare\w*"
        # "Vad heter den nya enhetschefen?" asks a person's name (not "Vad heter de nya valdistrikten?")
        r"|\bvad heter (?:den |det )?(?:\w+ )?\w*"
        r"(?:chef|direktör|ansvarig|samordnare|handläggare|strateg|rektor)\w*"
        # "Vem ledde mötet?" (not "den plan som ledde till att ...")
        rf"|\bjäv\w*|\bledde\b{NOT_LED_TO}"
        r"|\bval(?:de\w*|t) .{0,30}\btill\b|\bvilka .{0,40}\bval(?:des|ts|t)\b|\bvilka\s+utsåg\b",
        re.IGNORECASE,
    ),
    FactKind.VOTE: re.compile(
        r"\bomröstning\w*|\bröstade\w*|\bröster\w*|\bröstsiffr\w*|\bvoter\w*|\brösterna\b|\bhur föll\w*"
        r"|\benhällig\w*|\bröstning\w*",
        re.IGNORECASE,
    ),
    FactKind.RESERVATION: re.compile(r"\breserver\w*|\breservation\w*", re.IGNORECASE),
    FactKind.REASON: re.compile(
        r"\bvarför\b|\bav vilken anledning\b|\bav vilka skäl\b|\bvad var skälet\b|\bmed vilken motivering\b"
        r"|\bvilka\s+(?:argument|skäl|motiv)\b"
        # "Vad beror avvikelsen på?", "Vad var orsaken till ...?"
        r"|\bhur\s+motiverade\b|\bvad\s+(?:beror|berodde|berott)\b|\bvad\s+(?:är|var)\s+orsake[nr]\b|\bvilk(?:en|a)\s+orsak\w*"
        # "Vilken verksamhet förklarar den positiva budgetavvikelsen?": what explains a figure is its cause
        r"|\bförklara(?:r|de|t)?\s+(?:den\s+|det\s+)?(?:[\w-]+\s+){0,2}?\w*(?:avvikelse|överskott|underskott"
        r"|ökning|minskning|skillnad)\w*",
        re.IGNORECASE,
    ),
    # "Var ska hallen byggas?", "..., och var?", "På vilken adress ...": a place (not "Var det enhälligt?").
    # ("Vart ska barnen flytta?" is answered by a school's or a building's name as often as a place's: not
    # checked.)
    FactKind.PLACE: re.compile(
        rf"{_ASKED_WHERE}(?=(?:\s+i\s+(?:kommunen|staden|regionen|länet))?\s+(?:ska|skall|skulle|kommer|ligger|låg|finns|fanns|hålls|hölls"
        r"|höll|byggs|byggas|byggdes|placeras|placerades|planeras|planerar|planerade|anslås|anslogs|sker|skedde"
        r"|äger|ägde"
        r"|beslutade\w*|träffas|träffades|någonstans)\b|\s+i\s+(?-i:[A-ZÅÄÖ])|\s*\??\s*$)"
        # "I vilken ny lokal ...?": an adjective may stand before the noun
        rf"|\bvilk(?:en|et|a)\s+(?:\w+\s+)?(?:{PLACE_NOUN}|platser|orter|stadsdel|kvarter|lokaler"
        r"|gat(?:a|an|or|orna)|vägar(?:na)?)\b",  # "Vilka gator ska beläggas?"
        re.IGNORECASE,
    ),
    FactKind.ORGANISATION: re.compile(
        r"\bvilk(?:en|et|a) (?:\w+ )?\w*(?:företag\w*|bolag\w*|leverantör\w*|byggherre\w*|entreprenör\w*"
        r"|anbudsgivare\w*|konsult\w*|aktör\w*|byrå\w*|vårdgivare\w*|restaurang\w*)\b"
        r"|\bvem vann\b|\bvilka vann\b"
        # "Vad heter restaurangen vid torget?": the name of a business or an institution
        r"|\bvad heter (?:den |det |de )?(?:\w+ )?\w*(?:företag|bolag|restaurang|förening|klubb|leverantör"
        r"|entreprenör|konsult|byrå|butik|kafé|café|hotell)\w*"
        rf"|\bvilk(?:en|et|a) {ASKED_COUNT}(?:\w+ )?{INSTITUTION_NOUN}",
        re.IGNORECASE,
    ),
    # "Vad svarade Anna Ek på frågan?": the content of a person's reply (a body's "svar" is its decision).
    FactKind.REPLY: re.compile(
        rf"{_NAMED_REPLIER}"
        r"|\b(?i:vilket svar) (?:gav|fick)\b"
        # "Vilket besked gav Fredrik Karström i sitt interpellationssvar?" (a body's besked is its decision)
        r"|\b(?i:vilket besked) (?i:gav|lämnade)\s+[A-ZÅÄÖ][a-zåäöé-]+\s+[A-ZÅÄÖ]"
        r"|\b(?i:i (?:sitt|hennes|hans|deras) (?:interpellations|fråge)svar)\b"
        # "Vad svarade socialnämndens ordförande på frågan?": a person's reply to a question put
        # "Vad framhöll ekonomichefen?", "Vad tyckte de fackliga organisationerna?": what someone said (what
        # "barn- och utbildningsnämnden" thought is its decision)
        r"|\b(?i:vad) (?i:framhöll|betonade|påpekade|underströk|tyckte|ansåg)\b"
        r"(?!\s+(?:[\w-]+\s+){0,3}\w*(?i:styrelse|nämnd|fullmäktige|utskott|kommun|region|stämm))"
        r"|\b(?i:vad|hur) (?i:svarade|svarar)\b[^?]{0,80}\b(?i:på)\b[^?]{0,60}"
        r"\b(?i:fråga\w*|interpellation\w*)"
    ),
    FactKind.DECISION: re.compile(
        r"\bbeslut(?!ande)\w*|\bbeslöt\b|\bklubba\w*|\bbifall\w*|\bavslog\w*|\bavslag\w*|\bvad hände\b"
        r"|\bbevilja(?:de|des|s|t)?\b"
        r"|\bhur gick det\b|^\s*blir det\b|^\s*(?:ska|skall|kommer) (?:det|kommunen|staden|regionen)\b"
        r"|\bgick .{0,60}\bigenom\b|\bställde sig\b|\bansåg\b|\bgodkän\w*|\bantogs\b|\bantog\b"
        r"|\bvad tyckte (?:[\w-]+ ){0,3}\w*(?:styrelse|nämnd|fullmäktige|utskott|kommun|region|stämm)\w*"
        r"|\bställning\b|\bbordl\w*|\bavgjor\w*|\bavgör\w*"
        r"|\båterremi\w*|\bbestämd\w*|\bbestämt\b|\bvad blev\b|\bfick .{0,40}\buppdrag\w*|\btillstyrk\w*"
        r"|\bsade .{0,20}\bja\b"
        # "förslag" names the topic ("Skolverkets förslag till föreskrifter"); asked, it is a decision
        r"|\bvad föreslog\w*|\bvilk(?:et|a) förslag\w*|\bförslag(?:et)? till beslut\b"
        # what a body said is its decision: "Vad sa kommunstyrelsen om SD:s förslag?"
        r"|\bvad (?:sa|sade|säger) \w*(?:styrelse|nämnd|fullmäktige|utskott|regionen|kommunen)\w*"
        r"|\bhur\b.{0,30}\b(?:behandla\w*|hantera\w*)",
        re.IGNORECASE,
    ),
}
#: Kinds whose absence from the passages about the topic means the question has no answer there.
CHECKED_KINDS = (
    FactKind.REASON,
    FactKind.RESERVATION,
    FactKind.MONEY,
    FactKind.DATE,
    FactKind.PERSON,
    FactKind.VOTE,
    FactKind.NUMBER,
    FactKind.ORGANISATION,
    FactKind.DECISION,
    FactKind.REPLY,
    FactKind.PLACE,
)
#: Where a question's second part starts: "..., och vem ...", "... och hur röstade ...".
_PART_RE = re.compile(
    r",?\s+(?:och|samt)\s+(?=(?:(?:i|på|från|till|med|för|mellan|under|ungefär|cirka|ca|exakt|totalt|senast)\s+)?"
    r"(?:vem|vilka|vilken|vilket|vad|hur|när|var|varför|vart|i så fall)\b"
    r"|(?:fick|blev|gick|har|hade|kom)\s+(?:de|det|den|han|hon|förslaget|motionen)\b"
    r"|(?:reserverade|röstade)\s+(?:sig\s+)?(?:någon|några|partierna|ledamöterna)\b)"
    r"|,\s+(?=(?:vem|vilka|vilken|vilket|hur|när|varför)\b)|\?\s+(?=\S)",
    re.IGNORECASE,
)
MIN_PART_WORDS = 3
#: A last part of one question word ("Vilken verksamhet ska använda lokalerna, och varför?"), or "vem" and
#: its verb ("..., och vem rapporterade?"), asks its own kind of fact about the same matter; joined to the
#: first part, it would make it ask only that (but a "när" clause that sets its scene stays with it).
_BARE_ASK_RE = re.compile(r"(?:och|samt)?\s*(?:varför|när|hur|var)", re.IGNORECASE)
_BARE_WHO_RE = re.compile(r"(?:och|samt)?\s*vem\s+\w+", re.IGNORECASE)


#: Where a question goes on to say where or when the sum stands ("enligt budgeten", "som fullmäktige antog").
_SOURCE_CLAUSE_RE = re.compile(r"\b(?:enligt|som|när|då)\b", re.IGNORECASE)
#: Stems of the kinds of sum a question may name: "årshyran" asks for a rent, not any amount.
MONEY_STEMS = (
    "pris",
    "hyr",
    "avgift",
    "arvode",
    "lön",
    "budget",
    "ersättning",
    "taxa",
    "lån",
    "utdelning",
    "resultat",
    "underskott",
    "överskott",
    "investering",
    "intäkt",
    "utgift",
    "skuld",
    "köpeskilling",
    "bidrag",
    "anslag",
    "arrende",
    "vite",
    "marknadsvärde",
    "taxeringsvärde",
    "partistöd",
    "merkostnad",
    "fond",
    "riskreserv",
    "borgen",
    "stipendi",
)
#: "Hur många anmälningar ...": the noun counted ("Hur många hade rösträtt" counts no noun).
#: Words after "hur många" that are no counted noun: a verb ("hur många hade rösträtt") or "av", "som".
_NOT_COUNTED = (
    r"hade|har|var|är|fanns|finns|kom|deltog|röstade|närvarade|blev|ska|skulle|kan|kunde|får|fick|måste"
    r"|behöver|bor|går|gick|blir|gör|gjorde|söker|sökte|av|utav|som"
)
_COUNTED_RE = re.compile(
    rf"\bhur många (?:nya |fler |olika )?(?!(?:{_NOT_COUNTED})\b)"
    r"(\w+)",  # "hur många av dem": the count of the earlier part's; "hur många får den som ...": no noun
    re.IGNORECASE,
)


#: The noun after an adjective in "hur många lediga förskoleplatser": a lower-case word, not a verb.
_NOUN_AFTER_RE = re.compile(
    rf"\s+(?!(?:{_NOT_COUNTED}|i|på|inom|under|till|för|från|med|vid|det|de|den)\b)"
    r"(?![a-zåäö]+(?:ade|ades|des|tes|ts|as)\b)([a-zåäö]{4,})\b"  # nor a past or passive verb: "räknades"
)
#: Endings of a modifier: an adjective or participle standing for the people counted ("röstberättigade"),
#: or before the noun counted ("hur många kommunala hundrastgårdar", "politiska partier").
_MODIFIER_ENDINGS = ("ade", "ande", "ende", "iga", "ige", "ala", "ella", "iska")


@dataclass(frozen=True)
class QuestionPart:
    """One thing the question asks: its text and the kinds of fact it wants (empty: any content)."""

    text: str
    kinds: frozenset[FactKind]
    #: The parts before this one, which a later part refers back to ("..., och var hölls den?").
    before: str = ""

    @property
    def money_stems(self) -> tuple[str, ...]:
        """The kinds of sum the part names ("hyr" for "Vad blir årshyran?"); empty for "Vad kostar X?"."""
        if FactKind.MONEY not in self.kinds:
            return ()
        # "lånevolym ... enligt budgeten": the sum asked for is named before the clause that says where.
        for text in (_SOURCE_CLAUSE_RE.split(self.text, maxsplit=1)[0], self.text):
            words = re.findall(r"\w+", text.casefold())
            stems = tuple(stem for stem in MONEY_STEMS if any(stem in word for word in words))
            if stems:
                return stems
        return ()

    @property
    def counted(self) -> str | None:
        """The noun of "hur många X" (a figure must count X, not something else)."""
        match = _COUNTED_RE.search(self.text)
        if match is None:
            return None
        if match.group(1).casefold().endswith(_MODIFIER_ENDINGS):
            # "Hur många lediga förskoleplatser ...": an adjective before the noun counted; "Hur många
            # röstberättigade fanns det?": the figure counts people, whatever the noun
            noun = _NOUN_AFTER_RE.match(self.text, match.end())
            return noun.group(1) if noun else None
        return match.group(1)


@dataclass(frozen=True)
class QuestionAnalysis:
    """The question split into the parts it asks, with the fact kinds each wants."""

    question: str
    parts: tuple[QuestionPart, ...]

    @property
    def kinds(self) -> frozenset[FactKind]:
        return frozenset(kind for part in self.parts for kind in part.kinds)

    @property
    def wants_decision(self) -> bool:
        return FactKind.DECISION in self.kinds

    @property
    def asks_history(self) -> bool:
        """Whether it asks how a matter went over time ("Vad har hänt med ...?", "Hur har ... hanterats?"),
        so every meeting that dealt with it answers, whatever its item is called there."""
        return bool(_HISTORY_RE.search(self.question))


#: A perfect-tense question about a matter, or one naming a span of years: its history is asked.
_HISTORY_RE = re.compile(
    r"\bvad har hänt\b|\bhur har\b|\bmellan (?:19|20)\d\d och (?:19|20)\d\d\b|\bfrån\b.{1,40}\btill beslut\b",
    re.IGNORECASE,
)


#: A question opening with a "när" clause that sets the scene before what it asks ("När X behandlade Y –
#: blev det votering?", "När KF antog budgeten, vem reserverade sig?"): it asks no date.
_WHEN_CLAUSE_RE = re.compile(
    r"^\s*när\b[^?]*?(?:\s[–-]\s*|,\s*)(?:(?:till|i|på|från|för|med|av|hos|under|inom)\s+)?"
    r"(?:blev|var|vad|vem|vilk\w*|hur|fick|gick|röstade|beslutade|reserverade)\b",
    re.IGNORECASE,
)


#: The checking of the minutes named as an act ("justeringen"), which a question may ask the date of.
_CHECKING_RE = re.compile(r"\bjustering\w*", re.IGNORECASE)
#: "enligt nämndens beslut i maj 2025", "enligt beslutet", "enligt L:s reservation", "enligt den plan som
#: antogs i september 2025": the source of the asked fact, to the clause's end.
_SOURCE_RE = re.compile(r"\benligt\s+[^,;?]*", re.IGNORECASE)


def asked_kinds(text: str) -> frozenset[FactKind]:
    """The fact kinds `text` asks for. Money implies a number; a vote or reservation implies a decision."""
    kinds = {kind for kind, cue in _CUES.items() if cue.search(text)}
    for named in (FactKind.DECISION, FactKind.RESERVATION):
        if named in kinds and not _CUES[named].search(_SOURCE_RE.sub(" ", text)):
            # "När ska riktlinjen revideras, enligt nämndens beslut i maj 2025?", "Enligt L:s reservation, vad
            # kostar skolan?" say where the fact stands; they ask a decision or a reservation only when they
            # ask nothing else ("Vilka indikatorer ..., enligt beslutet?").
            kinds -= {named} if kinds - {named} else set()
    if FactKind.DATE in kinds and _WHEN_CLAUSE_RE.search(text):
        kinds.discard(FactKind.DATE)  # "När nämnden tog ställning till budgeten – blev det votering?"
    if {FactKind.DATE, FactKind.PERSON} <= kinds and not _CUES[FactKind.PERSON].search(
        _CHECKING_RE.sub(" ", text)
    ):
        kinds.discard(FactKind.PERSON)  # "vilken dag skulle justeringen göras?" asks when, not who
    if FactKind.REPLY in kinds and re.search(_NAMED_REPLIER, text):
        kinds.discard(FactKind.PERSON)  # "Vad svarade ordföranden Robert Wenglén?" asks what, not who
    if FactKind.MONEY in kinds:
        kinds.discard(FactKind.NUMBER)  # "hur mycket kostar": the amount is the number
    if FactKind.NUMBER in kinds and FactKind.DATE in kinds and re.search(r"\bhur länge\b", text, re.I):
        kinds.discard(FactKind.NUMBER)
    return frozenset(kinds)


_SENTENCE_END_RE = re.compile(r"(?<=[.?!])\s+(?=[A-ZÅÄÖ])")
#: "Under punkt 6 på kallelsen, Styrkort 2021–2023: vilka mått ...?": what stands before the colon sets
#: the scene like a sentence before the question.
_SCENE_COLON_RE = re.compile(r":\s+(?=(?:vem|vilka|vilken|vilket|vad|hur|när|varför)\b)", re.IGNORECASE)


#: A "när" clause that sets the scene ("..., när VU beslutade att ansöka i december 2018, och ...?"): the
#: subject follows "när" and its verb comes later, where a question puts the verb first ("när ska den
#: besvaras", "när hölls mötet", "när beslutade nämnden"). It asks nothing, so it is no part of its own.
_SCENE_WHEN_RE = re.compile(
    r"när\s+(?!.*\b(?:vem|vilk\w+|vad|hur|var|varför)\b)"  # it holds no question of its own
    r"(?!(?:ska|skall|skulle|kommer|kan|kunde|måste|bör|blir|blev|är|var|har|hade|gäller|gällde|togs|tas"
    r"|hölls|hålls)\b)(?!(?-i:[a-zåäö])\w*(?:ar|er|ade|dde|de|te|as|es)\b)"  # nor a verb right after "när"
    r"\S+(?:\s+\S+){0,6}?\s+\w+(?:ade|dde|de|te)\b.*",
    re.IGNORECASE,
)


def split_parts(question: str) -> list[str]:
    """The question's parts: "Vad beslutade X, och vem reserverade sig?" → two parts.

    Statements before the question ("När nämnden behandlade X ville S skjuta upp det. Hur slutade
    omröstningen?") set the scene; only the sentences that end with a question mark ask something.
    """
    sentences = [
        piece
        for sentence in _SENTENCE_END_RE.split(question.strip())
        for piece in _SCENE_COLON_RE.split(sentence)
    ]
    asked = [sentence for sentence in sentences if sentence.rstrip().endswith("?")]
    if asked and len(asked) < len(sentences):
        question = " ".join(asked)
    parts: list[str] = []
    begin = 0
    for match in _PART_RE.finditer(question):
        piece = question[begin : match.start()].strip(" ,?")
        if len(piece.split()) >= MIN_PART_WORDS:
            parts.append(piece)
            begin = match.end()
    rest = question[begin:].strip(" ,?")
    if rest:
        bare = _BARE_ASK_RE.fullmatch(rest) or (
            _BARE_WHO_RE.fullmatch(rest) and parts and not _SCENE_WHEN_RE.fullmatch(parts[-1])
        )
        if parts and len(rest.split()) < MIN_PART_WORDS and not bare:
            parts[-1] = f"{parts[-1]} {rest}"
        else:
            parts.append(rest)
    asking = [part for part in parts if not _SCENE_WHEN_RE.fullmatch(part)]
    return (asking if asking else parts) or [question]


def analyse_question(question: str) -> QuestionAnalysis:
    """Parts and asked kinds of `question`; a single-part question is one part."""
    texts = split_parts(question)
    parts = tuple(
        QuestionPart(text, asked_kinds(text), before=" ".join(texts[:index]))
        for index, text in enumerate(texts)
    )
    return QuestionAnalysis(question, parts)


#: The words a question about a sitting is put in, besides the meeting's name and date.
SITTING_WORDS = (
    "var när tid tiden tidpunkt dag dagen veckodag klockslag klockan kl lokal lokalen rum rummet sal "
    "salen plats platsen adress byggnad hölls höll hålls äger ägde sammanträde sammanträdet "
    "sammanträdde sammanträder sammanträdets möte mötet mötets började börjar startade slutade "
    "avslutades pågick utlyst kallat sitt sina hade ajournerades ajournering ajourneras länge varade "
    "mellan klockslagen slut kort korta långa extra extrainsatta ordinarie kvällen morgonen förmiddagen "
    "eftermiddagen"
)
#: The sitting as what the question is about: "sammanträdet", "mötet", "sammanträdde", "sitt möte".
SITTING_RE = re.compile(r"\bsammanträd\w*|\bmöte[nt]?s?\b", re.IGNORECASE)
#: "Var hölls ...", "..., och var?", "i vilken lokal", "vilket rum": the place of the sitting.
ASKS_PLACE_RE = re.compile(
    rf"{_ASKED_WHERE}|\bvilk(?:en|et)\s+(?:{PLACE_NOUN}|rum|sal|byggnad)\b",
    re.IGNORECASE,
)
#: "När ...", "vilken tid/dag", "vilka klockslag", "klockan hur mycket": the time of the sitting (not "Vem
#: var ordförande när nämnden sammanträdde", where "när" sets the scene).
ASKS_TIME_RE = re.compile(
    r"(?:^|[,:]\s*|\boch\s+)när\b|\bvilk(?:en|et|a)\s+(?:tid|tidpunkt|dag|veckodag|klockslag)\b|\bklockslag\b"
    r"|\bklockan\s+hur\s+mycket\b|\bhur\s+dags\b|\bhur\s+länge\s+(?:pågick|pågår|varade|varar)\b"
    r"|\bmellan\s+vilka\s+(?:klockslag|tider)\b",
    re.IGNORECASE,
)


def asks_sitting(question: str) -> bool:
    """Whether the question asks where or when a sitting was held (before the words are weighed)."""
    return bool(SITTING_RE.search(question)) and bool(
        ASKS_PLACE_RE.search(question) or ASKS_TIME_RE.search(question)
    )
