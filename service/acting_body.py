"""Which body a question says acted ("Vad beslutade kommunstyrelsen om ...?"), and whether an item's
minutes can answer for it.

Another body's decision on the same matter is not the asked one's: a working group's note on physical
activity for the young does not say what the kommunstyrelse decided. Yet a kommunfullmäktige item that
quotes the kommunstyrelse's proposal does, so an item that names the asked body still counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The kinds of body whose name a question may give ("kommunstyrelsen", "barn- och utbildningsnämnden").
BODY_KINDS = ("fullmäktige", "styrelse", "nämnd", "utskott", "beredning")
#: A word naming a body of one of those kinds ("kommunfullmäktige", "KS-arbetsutskottet", "nämnden").
_BODY = rf"[\w-]*(?:{'|'.join(BODY_KINDS)})\w*"
#: Abbreviations a question may use for a whole body's name.
ABBREVIATIONS = {"ks": ("kommun", "styrelse"), "kf": ("kommun", "fullmäktige")}
#: A verb of a body's act followed closely by the body: "beslutade Lomma kommunfullmäktige", "röstade
#: ledamöterna i kommunstyrelsen". Only the first body after such a verb is the acting one: in "föreslog
#: nämnden att fullmäktige ..." fullmäktige is asked to act, not said to have.
ACTING_BODY_RE = re.compile(
    r"\b(?:beslut(?:ade|at|ar)|beslöt|bestämde|tyckte|ansåg|sa|sade|föreslog|tillstyrkte|avstyrkte"
    r"|biföll|avslog|godkände|antog|röstade|ställde\s+sig|tog\s+ställning|beviljade|fastställde"
    r"|behandlade|hanterade|valde|utsåg"  # "Vilket datum behandlade kommunstyrelsen valnämndens uppföljning?"
    r"|(?:beslut|fastställ|godkän|anta|antag|bevilja)\w*\s+av)"
    rf"\s+(?:[\w-]+\s+){{0,2}}?({_BODY}|KS|KF)\b",
    re.IGNORECASE,
)
#: A body named only as the one a proposal or a request goes to ("föreslår för Kommunfullmäktige att",
#: "Att hos kommunfullmäktige begära", "Beslutet expedieras till: Kommunfullmäktige", "Kommunstyrelsen
#: föreslås besluta", "Att kommunfullmäktige fastställer ..."): the minutes of another body that name it so
#: do not say what it did.
ADDRESSED_RE = re.compile(
    rf"\b(?:till|hos|för|föreslår|föreslås)\s*:?\s+(?:[\w-]+\s+){{0,2}}?{_BODY}"
    rf"|\b{_BODY}\s+föreslås\b"
    r"|\bexpedier\w*[^\n]*"  # "_Beslutet expedieras:_ Kommunfullmäktige Tekniska nämnden": whom it is sent to
    # a decision point proposing the body's act: "- Att kommunfullmäktige fastställer upprättat lokalprogram"
    rf"|\batt\s+{_BODY}\s+(?!har\b|hade\b|beslutade\b|beslöt\b|redan\b)",
    re.IGNORECASE,
)
#: The qualifier of a body's name is matched by its first letters ("utbildnings" as "utbil"); a shorter
#: one is an abbreviation that the minutes spell out, so it is not matched at all.
QUALIFIER_CHARS = 5
MIN_QUALIFIER = 4


@dataclass(frozen=True)
class Body:
    """A body as a question names it: its kind ("styrelse") and the start of its qualifier ("kommu")."""

    qualifier: str
    kind: str

    def named_in(self, text: str) -> bool:
        """Whether `text` (a meeting's body, an item's text) names this body."""
        folded = text.casefold()
        if self.kind not in folded or (self.qualifier and self.qualifier not in folded):
            return any(
                (self.qualifier, self.kind) == (full[0][:QUALIFIER_CHARS], full[1])
                and re.search(rf"\b{short}\b", folded)
                for short, full in ABBREVIATIONS.items()
            )
        return True


#: A word naming a body by more than its kind ("socialnämnden", "KS-arbetsutskottet").
BODY_WORD_RE = re.compile(rf"\b[\w-]+(?:{'|'.join(BODY_KINDS)})\w*", re.IGNORECASE)


def acting_body(question: str) -> Body | None:
    """The body the question says decided, moved or voted, when it names one by more than its kind:
    "nämnden" or "styrelsen" alone may be any."""
    match = ACTING_BODY_RE.search(question)
    return None if match is None else named_body(match.group(1))


#: The verbs of `ACTING_BODY_RE` that ask what a body decided, not what it proposed, thought or voted.
DECIDED_RE = re.compile(
    r"beslut|beslöt|bestämde|biföll|avslog|godkän|antog|anta|bevilja|fastställ", re.IGNORECASE
)


#: A question opening with when: it asks the date of the act.
ASKS_WHEN_RE = re.compile(r"\s*(?:när|vilket datum|vilken dag|vilket år)\b", re.IGNORECASE)


def asks_decision(question: str) -> bool:
    """Whether the question asks what a body it names decided ("Beviljade kommunfullmäktige ...?"). "När
    antog kommunfullmäktige reglerna?" asks a date, which another body's item may cite ("antagna av
    kommunfullmäktige 2014-12-09, § 214")."""
    match = ACTING_BODY_RE.search(question)
    return (
        match is not None
        and DECIDED_RE.match(match.group(0)) is not None
        and ASKS_WHEN_RE.match(question) is None
    )


def bodies_named(text: str) -> set[Body]:
    """The bodies a text names by more than their kind: "tilldela socialnämnden 600 tkr"."""
    return {body for match in BODY_WORD_RE.finditer(text) if (body := named_body(match.group(0)))}


def named_body(word: str) -> Body | None:
    """The body one word names ("kommunstyrelsen", "KS"), if it names one by more than its kind."""
    word = word.casefold()
    if word in ABBREVIATIONS:
        qualifier, kind = ABBREVIATIONS[word]
        return Body(qualifier[:QUALIFIER_CHARS], kind)
    kind = next(kind for kind in BODY_KINDS if kind in word)
    qualifier = word[: word.index(kind)].rstrip("s-")
    if not qualifier:
        return None
    qualifier = qualifier.rpartition("-")[2]  # "KS-arbetsutskottet", "IFO-nämnden": what the word adds
    return Body(qualifier[:QUALIFIER_CHARS] if len(qualifier) >= MIN_QUALIFIER else "", kind)


def answers_for(body: Body, meeting_body: str | None, item_text: str, *, decided: bool = False) -> bool:
    """Whether an item can tell what `body` did: it is that body's meeting (or the body is unknown), or
    its text names the body other than as the one a proposal goes to. What the body `decided` is never in
    an item that proposes the decision to it: that item comes before it ("Motionen behandlades i
    Kommunfullmäktige 2023-10-10 § 161" there tells of the motion's referral, not of its end)."""
    if not meeting_body or body.named_in(meeting_body):
        return True
    if decided and any(body.named_in(match.group(0)) for match in ADDRESSED_RE.finditer(item_text)):
        return False
    return body.named_in(ADDRESSED_RE.sub(" ", item_text))
