"""Agenda preparation: for each item of a coming meeting, what earlier meetings said and decided on it.

The agenda (a kallelse or föredragningslista, pasted or uploaded) is split into items by the ingest
parser itself, so an agenda is read exactly like stored minutes. Each item is then matched twice:
first by its case number (Dnr / ärendenummer) against the store, which is exact, then by meaning with a
hybrid search on its title and text, kept only when the hit shares most of the title's content words.
Matches are grouped by meeting, case-number matches first, each group newest first. The agenda's own
meeting (and anything on or after its date) is never shown as "earlier".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from protokollet.errors import BadDocument, InvalidQuery
from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.search import Searcher, SearchHit
from protokollet.ingest.extract import extract_text
from protokollet.ingest.parse import parse_document
from protokollet.models import AgendaItem, Citation, Meeting, ParagraphContext
from protokollet.service.answer_models import (
    AgendaItemPreparation,
    AgendaPreparation,
    EarlierMeeting,
    MatchReason,
)
from protokollet.service.evidence import analyzer_of, content_terms, index_of
from protokollet.service.sentences import display, split_sentences
from protokollet.service.verify import cite
from protokollet.settings import Settings
from protokollet.store import Store

#: Hits searched per agenda item, and the most meetings shown per item from the search.
SEARCH_K = 12
MAX_MEANING_MEETINGS = 4
#: A search hit counts as the same matter when it holds this share of the title's content words.
MIN_TITLE_OVERLAP = 0.6
#: Passages quoted per earlier meeting, and the longest quote (cut at a sentence end).
MAX_PASSAGES = 2
MAX_QUOTE_CHARS = 320
#: Characters of the item's own text added to its title for the search.
QUERY_TEXT_CHARS = 400


def leading_quote(context: ParagraphContext, max_chars: int = MAX_QUOTE_CHARS) -> Citation:
    """The paragraph's first sentences, up to `max_chars` (at least one sentence), as a citation."""
    spans = split_sentences(context.text)
    if not spans:
        return cite(context, 0, len(context.text))
    end = spans[0].end
    for span in spans[1:]:
        if span.end - spans[0].start > max_chars:
            break
        end = span.end
    return cite(context, spans[0].start, end)


class _Filter:
    """Which stored paragraphs may appear: not the agenda's own meeting, nothing on or after its date.

    The own meeting is recognised by its content fingerprint (the same text stored as minutes) or, for
    a dated agenda, by date: a meeting on or after the agenda's date is not an earlier one.
    """

    def __init__(self, meeting: Meeting, store: Store) -> None:
        self.date = meeting.date
        # One indexed lookup per agenda meeting, not a stored meeting read per search hit.
        self.own_meeting_id = store.meeting_with_fingerprint(meeting.fingerprint)

    def allows(self, context: ParagraphContext) -> bool:
        if self.date is not None and context.date is not None and context.date >= self.date:
            return False
        return context.meeting_id != self.own_meeting_id


def _group(
    contexts: Iterable[tuple[ParagraphContext, float]], reason: MatchReason
) -> dict[str, EarlierMeeting]:
    """Paragraphs → one entry per meeting, quoting decision paragraphs first."""
    by_meeting: dict[str, list[tuple[ParagraphContext, float]]] = {}
    for context, score in contexts:
        by_meeting.setdefault(context.meeting_id, []).append((context, score))
    groups: dict[str, EarlierMeeting] = {}
    for meeting_id, found in by_meeting.items():
        found.sort(key=lambda pair: (not pair[0].is_decision, -pair[1]))
        first = found[0][0]
        groups[meeting_id] = EarlierMeeting(
            meeting_id=meeting_id,
            body=first.body,
            municipality=first.municipality,
            date=first.date,
            doc_type=first.doc_type,
            reason=reason,
            score=max(score for _, score in found),
            citations=[leading_quote(context) for context, _ in found[:MAX_PASSAGES]],
        )
    return groups


def _newest_first(meetings: Iterable[EarlierMeeting]) -> list[EarlierMeeting]:
    return sorted(meetings, key=lambda m: m.date or dt.date.min, reverse=True)


def _same_matter(hit: SearchHit, wanted: set[str], analyzer: SwedishAnalyzer) -> bool:
    context = hit.context
    found = set(analyzer.tokens(f"{context.item_title} {context.text}"))
    return bool(wanted) and len(wanted & found) / len(wanted) >= MIN_TITLE_OVERLAP


def _body(item: AgendaItem, item_text: str) -> str:
    """The item's text after its heading line ("§ 5 <title>"), so the title is not searched twice."""
    heading, _, rest = item_text.lstrip().partition("\n")
    return rest if item.title and item.title in display(heading) else item_text


def earlier_meetings(
    item: AgendaItem, item_text: str, searcher: Searcher, store: Store, allowed: _Filter
) -> list[EarlierMeeting]:
    """Earlier meetings on the same matter: same case number first, then by meaning; newest first."""
    by_case: dict[str, EarlierMeeting] = {}
    if item.case_number:
        found = [(c, 1.0) for c in store.paragraphs_for_case(item.case_number) if allowed.allows(c)]
        by_case = _group(found, MatchReason.CASE_NUMBER)
    query = display(f"{item.title} {_body(item, item_text)[:QUERY_TEXT_CHARS]}")
    hits = searcher.search(query, k=SEARCH_K) if query else []
    analyzer = analyzer_of(index_of(hits))
    wanted = content_terms(analyzer, item.title or item_text[:QUERY_TEXT_CHARS])
    related = [
        (hit.context, hit.score)
        for hit in hits
        if hit.context.meeting_id not in by_case
        and allowed.allows(hit.context)
        and _same_matter(hit, wanted, analyzer)
    ]
    by_meaning = _group(related, MatchReason.MEANING)
    best = sorted(by_meaning.values(), key=lambda m: -m.score)[:MAX_MEANING_MEETINGS]
    return _newest_first(by_case.values()) + _newest_first(best)


def _items(meetings: Sequence[Meeting], store: Store) -> list[tuple[AgendaItem, _Filter]]:
    """The numbered items, each with its meeting's filter; the parser keeps unstructured text as one
    unnumbered item, not an agenda."""
    return [
        (item, allowed)
        for meeting in meetings
        if any(item.number.strip() for item in meeting.items)
        for allowed in [_Filter(meeting, store)]
        for item in meeting.items
        if item.number.strip()
    ]


def prepare_agenda(text: str, searcher: Searcher, store: Store, *, settings: Settings) -> AgendaPreparation:
    """Every item of the agenda `text` with the earlier discussions and decisions on the same matter."""
    if not text.strip():
        raise InvalidQuery("the agenda is empty")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = parse_document(text, source_path="agenda", sha256=digest)
    items = _items(document.meetings, store)
    if not items:
        raise BadDocument("no agenda items found: expected numbered points or § headings")
    head = document.meetings[0]
    preparation = AgendaPreparation(
        body=head.body, municipality=head.municipality, date=head.date, warnings=list(document.warnings)
    )
    for item, allowed in items:
        item_text = document.text[item.start : item.end]
        preparation.items.append(
            AgendaItemPreparation(
                number=item.number,
                title=display(item.title),
                case_number=item.case_number,
                text=item_text.strip(),
                earlier=earlier_meetings(item, item_text, searcher, store, allowed),
            )
        )
    return preparation


def prepare_agenda_file(
    data: bytes, filename: str, searcher: Searcher, store: Store, *, settings: Settings
) -> AgendaPreparation:
    """Agenda preparation from an uploaded file (PDF, DOCX, HTML, text), read like any ingested file."""
    return prepare_agenda(extract_text(data, filename), searcher, store, settings=settings)
