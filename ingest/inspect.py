"""What ingest would store for a file, without storing it: the report an operator reads before loading
a new municipality's minutes (`protokollet inspect`), and the one-line summary `ingest` prints.

Coverage is the share of the cleaned text's characters (white space aside) that end up in an item's
heading and title lines or in a paragraph: text outside those can never be found, so anything under
100 % is text lost at ingest. Furniture is what cleaning removed (running headers, page numbers,
signature boxes, tables of contents, YAML front matter read as metadata), counted against the text
as extracted. Pure; `pipeline.inspect_file` reads the file.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from protokollet.models import DocType, Document, display_number

EXAMPLES = 3  # furniture lines shown per kind


class ItemSummary(BaseModel):
    """One item as inspect shows it."""

    number: str
    title: str
    case_number: str | None = None
    paragraphs: int


class MeetingInspection(BaseModel):
    """One meeting ingest would store, with where each metadata field was read."""

    body: str | None
    date: dt.date | None
    municipality: str | None
    doc_type: DocType
    sources: dict[str, str]
    items: list[ItemSummary]

    @property
    def paragraphs(self) -> int:
        return sum(item.paragraphs for item in self.items)


class FileInspection(BaseModel):
    """What one file would become, or why it cannot be read."""

    path: str
    meetings: list[MeetingInspection] = Field(default_factory=list)
    characters: int = 0  # of the cleaned text
    coverage: float = 0.0
    furniture_lines: int = 0
    furniture_share: float = 0.0  # of the page furniture's characters, YAML front matter (metadata) aside
    furniture_examples: dict[str, list[str]] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None

    def summary(self) -> str:
        """The one line ingest and inspect print for a file."""
        if self.error:
            return f"failed: {self.error}"
        items = sum(len(m.items) for m in self.meetings)
        paragraphs = sum(m.paragraphs for m in self.meetings)
        meetings = f"{len(self.meetings)} meeting{'s' * (len(self.meetings) != 1)}"
        return (
            f"{meetings}, {items} items, {paragraphs} paragraphs, coverage {self.coverage:.1%}, "
            f"furniture {self.furniture_lines} lines ({self.furniture_share:.1%})"
        )


def _non_space(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def coverage(document: Document) -> float:
    """Share of the cleaned text's non-space characters inside an item's heading lines or paragraphs."""
    covered = bytearray(len(document.text))
    for meeting in document.meetings:
        for item in meeting.items:
            spans = [(p.start, p.end) for p in item.paragraphs]
            head_end = item.paragraphs[0].start if item.paragraphs else item.end
            for start, end in [(item.start, head_end), *spans]:
                covered[start:end] = b"\x01" * (end - start)
    total = kept = 0
    for ch, flag in zip(document.text, covered, strict=True):
        if not ch.isspace():
            total += 1
            kept += flag
    return kept / total if total else 1.0


def inspect_document(document: Document, path: str) -> FileInspection:
    """The inspection of a parsed document (pure)."""
    examples: dict[str, list[str]] = {}
    for line in document.removed:
        shown = examples.setdefault(line.kind, [])
        if len(shown) < EXAMPLES and line.text not in shown:
            shown.append(line.text)
    removed_chars = sum(_non_space(line.text) for line in document.removed if line.kind != "yaml")
    kept_chars = _non_space(document.text)
    return FileInspection(
        path=path,
        meetings=[
            MeetingInspection(
                body=m.body,
                date=m.date,
                municipality=m.municipality,
                doc_type=m.doc_type,
                sources=m.sources,
                items=[
                    ItemSummary(
                        number=display_number(i.number),
                        title=i.title,
                        case_number=i.case_number,
                        paragraphs=len(i.paragraphs),
                    )
                    for i in m.items
                ],
            )
            for m in document.meetings
        ],
        characters=len(document.text),
        coverage=coverage(document),
        furniture_lines=len(document.removed),
        furniture_share=removed_chars / max(1, removed_chars + kept_chars),
        furniture_examples=examples,
        warnings=document.warnings,
    )
