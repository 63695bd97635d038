"""Citation building and verification: the one gate every answer passes, whoever wrote it.

A citation is valid only when its quote is a verbatim slice of the cited paragraph at the stated offsets
(and of the document, shifted by the paragraph's start). Quotes proposed by a language model are located
in the paragraph first; only whitespace may differ (minutes extracted from PDF break lines anywhere),
and the citation then carries the paragraph's own text, never the model's wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from protokollet.models import Citation, ParagraphContext

#: Shorter quotes prove nothing ("att", "Beslut") and are rejected.
MIN_QUOTE_CHARS = 12


def cite(context: ParagraphContext, start: int, end: int) -> Citation:
    """A citation of `context.text[start:end]` with the meeting, item and document it comes from."""
    if not 0 <= start < end <= len(context.text):
        raise ValueError(f"quote span {start}:{end} lies outside paragraph {context.paragraph_id}")
    return Citation(
        meeting_id=context.meeting_id,
        body=context.body,
        municipality=context.municipality,
        date=context.date,
        doc_type=context.doc_type,
        item_number=context.item_number,
        item_title=context.item_title,
        case_number=context.case_number,
        document=context.source_path,
        paragraph_id=context.paragraph_id,
        quote=context.text[start:end],
        quote_start=start,
        quote_end=end,
        start=context.start + start,
        end=context.start + end,
    )


def _whitespace_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def find_quote(context: ParagraphContext, quote: str) -> Citation | None:
    """The citation of `quote` in the paragraph, or None when it is not there verbatim.

    Only runs of whitespace may differ; case, punctuation and wording must match exactly.
    """
    stripped = quote.strip().strip("\"“”'")
    if len(stripped) < MIN_QUOTE_CHARS:
        return None
    exact = context.text.find(stripped)
    if exact >= 0:
        return cite(context, exact, exact + len(stripped))
    pattern = _whitespace_pattern(stripped)
    match = pattern.search(context.text) if pattern else None
    return cite(context, match.start(), match.end()) if match else None


def is_verbatim(citation: Citation, paragraph_text: str, document_text: str | None = None) -> bool:
    """True when the quote is exactly the paragraph (and, if given, document) text at its offsets."""
    if not citation.quote or citation.quote_end - citation.quote_start != len(citation.quote):
        return False
    if paragraph_text[citation.quote_start : citation.quote_end] != citation.quote:
        return False
    return document_text is None or document_text[citation.start : citation.end] == citation.quote


@dataclass
class Verification:
    """The citations that passed and a one-line reason for each that did not."""

    kept: list[Citation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def verify_citations(
    citations: Iterable[Citation], paragraphs: Mapping[str, ParagraphContext]
) -> Verification:
    """Keep the citations whose quote is verbatim in a known paragraph at the stated offsets."""
    result = Verification()
    for citation in citations:
        context = paragraphs.get(citation.paragraph_id)
        if context is None:
            result.dropped.append(f"unknown paragraph {citation.paragraph_id}")
        elif (
            not is_verbatim(citation, context.text) or citation.start != context.start + citation.quote_start
        ):
            result.dropped.append(f"quote not verbatim in {citation.label()}: {citation.quote[:60]!r}")
        else:
            result.kept.append(citation)
    return result
