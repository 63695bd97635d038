"""Questions about a sitting itself: where it was held and when it began or ended ("Var och vilken tid
sammanträdde barn- och utbildningsnämnden den 23 oktober 2018?").

Only the meeting's opening item prints its place and time ("Plats och tid: Stadshuset, Gåsevadholm
Klockan 16:00-19:00"), and it shares no topic word with such a question: every word of it names the
meeting. So these questions are answered from the opening item of the meeting they name, by the lines
that state a place or a time, and never from an item that happens to say "sammanträde" and "tid".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from protokollet.index.lexical import SwedishAnalyzer
from protokollet.index.search import SearchHit
from protokollet.models import DocType, ParagraphContext
from protokollet.service.asked_fact import asked_years
from protokollet.service.evidence import (
    WHOLE_YEAR,
    QuestionWord,
    content_terms,
    in_periods,
    is_opening_item,
    matter_words,
    meeting_names,
    named_periods,
    question_words,
    sitting_terms,
)
from protokollet.service.facts import stated_lines
from protokollet.service.question import ASKS_PLACE_RE, ASKS_TIME_RE, asks_sitting
from protokollet.service.sentences import Span

#: A question about the sitting as its kallelse announced it ("var sammanträdet utlyst").
ANNOUNCED_RE = re.compile(r"\bkallelse\w*|\butlys\w*|\bkallad\w*|\bkallat\b", re.IGNORECASE)
#: Lines quoted at most: the place, the time, and one of them printed apart.
MAX_LINES = 3


def _about_other_than_sitting(
    analyzer: SwedishAnalyzer,
    words: Sequence[QuestionWord],
    context: ParagraphContext,
    naming: frozenset[str],
) -> bool:
    """Whether, for this meeting, a word of the question is about something else than the sitting
    (a matter, an event, another body)."""
    sitting = sitting_terms(analyzer, months=True)
    return any(
        term not in sitting and not any(ch.isdigit() for ch in term)
        for _, group in matter_words(analyzer, words, context, naming)
        for term in group
    )


def sitting_lines(
    question: str, hits: Sequence[SearchHit], analyzer: SwedishAnalyzer
) -> list[tuple[ParagraphContext, Span]] | None:
    """For a question about a sitting: the lines of the opening item of the meeting it names that state
    a place or a time, in reading order (an empty list when that item states neither, or the meeting has
    none). None when the question is not only about a sitting, or no retrieved meeting is the one it names."""
    if not asks_sitting(question):
        return None
    words = question_words(analyzer, question, content_terms(analyzer, question))
    naming = meeting_names(analyzer, hits)
    # "Var ska fullmäktiges sammanträden under 2023 hållas?" is not answered by a sitting of 2022.
    periods = named_periods(question) or [(int(year), WHOLE_YEAR, None) for year in asked_years(question)]
    openings = [hit.context for hit in hits if is_opening_item(hit.context)]
    named = [
        context
        for context in openings
        if (not periods or in_periods(context.date, periods))
        and not _about_other_than_sitting(
            analyzer, words, context, naming.get(context.meeting_id, frozenset())
        )
    ]
    if not named:
        # Only the sitting is asked, but its minutes print no opening item (they start at the first §):
        # no item states where or when it was held, however many of its dates they give.
        only_sitting = any(
            (not periods or in_periods(hit.context.date, periods))
            and not _about_other_than_sitting(
                analyzer, words, hit.context, naming.get(hit.context.meeting_id, frozenset())
            )
            for hit in hits
        )
        return [] if only_sitting else None
    # The minutes record where and when the sitting was held; its kallelse only where it was called.
    announced = bool(ANNOUNCED_RE.search(question))
    named.sort(key=lambda context: (context.doc_type == DocType.KALLELSE) != announced)
    wants_place = bool(ASKS_PLACE_RE.search(question))
    wants_time = bool(ASKS_TIME_RE.search(question))
    found: list[tuple[ParagraphContext, Span]] = []
    for context in {c.paragraph_id: c for c in openings if c.meeting_id == named[0].meeting_id}.values():
        found += [(context, span) for span in stated_lines(context.text, place=wants_place, time=wants_time)]
    found.sort(key=lambda line: (line[0].start, line[1].start))
    return found[:MAX_LINES]
