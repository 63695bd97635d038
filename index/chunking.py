"""Paragraphs → chunks: the units that are embedded and matched lexically.

One chunk per stored paragraph; a paragraph longer than the model's window is split on sentence
boundaries, measured with the model's own tokenizer, and each piece keeps its offsets into the
paragraph so a citation can still quote exactly. The embedded text carries a short header (body,
date also in Swedish words, §, item title, case number) so that questions like "vad beslutade
regionstyrelsen i juni" can match; the cited text is always the paragraph alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator

from langchain_text_splitters import RecursiveCharacterTextSplitter
from pydantic import BaseModel

from protokollet.models import DocType, ParagraphContext
from protokollet.swedish import MONTH_NAMES

#: The month names (also imported from here by the answerer's evidence rules).
SWEDISH_MONTHS = MONTH_NAMES

#: Paragraph break, line break, sentence end, word, character: the splitter tries them in order.
SENTENCE_SEPARATORS = ["\n\n", "\n", r"(?<=[.!?:;])\s+", r"\s+", ""]
#: Item titles longer than this are cut in a chunk's header, so the paragraph keeps most of the model's
#: window (the stored title may be longer: `ingest.parse.ITEM_TITLE_CHARS`).
HEADER_TITLE_CHARS = 200
#: Tokens the header may never squeeze a paragraph piece below.
MIN_PIECE_TOKENS = 64

TokenCounter = Callable[[str], int]


class Chunk(BaseModel):
    """One embeddable piece of a paragraph; `start`/`end` index into the paragraph text.

    Made afresh from the stored paragraphs by every index build, with the texts it is embedded and
    matched by; an index stores only its `snapshot.ChunkRecord` (place and `text_hash`)."""

    chunk_id: str
    paragraph_id: str
    ordinal: int
    start: int
    end: int
    text_for_embedding: str
    text_for_lexical: str

    @property
    def text_hash(self) -> str:
        """Identifies the embedded text, so a stored vector is reused only for exactly the same input."""
        return hashlib.sha1(self.text_for_embedding.encode("utf-8")).hexdigest()


def swedish_date(date: dt.date) -> str:
    """`2024-03-20` → "20 mars 2024", the way minutes and questions write dates."""
    return f"{date.day} {SWEDISH_MONTHS[date.month - 1]} {date.year}"


def chunk_header(context: ParagraphContext) -> str:
    """The short context line(s) put before a paragraph's text for embedding and lexical matching."""
    who = ", ".join(part for part in (context.body, context.municipality) if part)
    kind = context.doc_type.value if context.doc_type is not DocType.OKAND else ""
    when = f"{context.date.isoformat()} ({swedish_date(context.date)})" if context.date else ""
    first = " ".join(part for part in (who, kind, when) if part)
    title = context.item_title.strip()
    if len(title) > HEADER_TITLE_CHARS:
        title = title[:HEADER_TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    second = " ".join(part for part in (context.item_number, title) if part)
    if context.case_number:
        second = f"{second} (Dnr {context.case_number})" if second else f"Dnr {context.case_number}"
    return "\n".join(line for line in (first, second) if line)


def chunk_text(header: str, body: str) -> str:
    """The text a chunk is embedded and matched by: its header, a blank line, the paragraph piece."""
    return f"{header}\n\n{body}" if header else body


def split_offsets(text: str, count_tokens: TokenCounter, max_tokens: int) -> list[tuple[int, int]]:
    """Offsets of sentence-aligned pieces of `text`, each at most `max_tokens` by `count_tokens`."""
    if count_tokens(text) <= max_tokens:
        return [(0, len(text))]
    splitter = RecursiveCharacterTextSplitter(
        separators=SENTENCE_SEPARATORS,
        is_separator_regex=True,
        keep_separator=True,
        chunk_size=max_tokens,
        chunk_overlap=max_tokens // 8,
        length_function=count_tokens,
    )
    offsets: list[tuple[int, int]] = []
    cursor = 0
    for piece in splitter.split_text(text):
        start = text.find(piece, cursor)
        if start < 0:  # the splitter only ever returns substrings; guard against a library change
            start = text.find(piece)
        if start < 0:
            raise ValueError("text splitter returned a piece that is not part of the paragraph")
        offsets.append((start, start + len(piece)))
        cursor = start + 1
    return offsets


def chunk_paragraph(
    context: ParagraphContext, count_tokens: TokenCounter, max_tokens: int, prefix: str = ""
) -> list[Chunk]:
    """Chunks for one paragraph: the whole paragraph when it fits the window, else sentence pieces."""
    header = chunk_header(context)
    # count_tokens includes the model's special tokens, so header + prefix + piece over-counts a little.
    budget = max(max_tokens - count_tokens(f"{prefix}{header}\n\n"), MIN_PIECE_TOKENS)
    chunks = []
    for ordinal, (start, end) in enumerate(split_offsets(context.text, count_tokens, budget)):
        text = chunk_text(header, context.text[start:end])
        chunks.append(
            Chunk(
                chunk_id=f"{context.paragraph_id}#{ordinal}",
                paragraph_id=context.paragraph_id,
                ordinal=ordinal,
                start=start,
                end=end,
                text_for_embedding=text,
                text_for_lexical=text,
            )
        )
    return chunks


def chunk_paragraphs(
    contexts: Iterable[ParagraphContext], count_tokens: TokenCounter, max_tokens: int, prefix: str = ""
) -> Iterator[Chunk]:
    """Chunks for many paragraphs, in input order."""
    for context in contexts:
        yield from chunk_paragraph(context, count_tokens, max_tokens, prefix)
