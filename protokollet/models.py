"""Typed nouns shared by every layer: ingest produces them, the store keeps them, index, service and
evals read them. Defined once here so a citation means the same thing in the CLI, the API and an eval.

Offsets (`start`, `end`) always index into the *cleaned* document text (`Document.text`), so
`document.text[p.start:p.end] == p.text` holds for every paragraph and a citation can quote exactly.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field


class DocType(StrEnum):
    """What kind of record a meeting text is; kept so an agenda is never cited as a decision."""

    PROTOKOLL = "protokoll"
    MINNESANTECKNINGAR = "minnesanteckningar"
    KALLELSE = "kallelse"  # kallelse / föredragningslista / dagordning: an announced agenda
    OKAND = "okänd"


class Paragraph(BaseModel):
    """One text paragraph of an agenda item: the unit that is chunked, embedded and cited."""

    id: str = ""
    ordinal: int = 0
    text: str
    start: int
    end: int
    is_decision: bool = False  # inside the item's decision ("Beslut", "beslutar att ...")


class AgendaItem(BaseModel):
    """One agenda item (a "§" in a protocol, a numbered point in notes or a kallelse)."""

    id: str = ""
    ordinal: int = 0
    number: str  # as printed: "§ 231", "5"
    title: str = ""
    case_number: str | None = None  # ärendenummer / Dnr, e.g. "SLK-2024-00074", "RV240022"
    decision: str | None = None  # the decision text when the item states one
    start: int = 0
    end: int = 0
    paragraphs: list[Paragraph] = Field(default_factory=list)


class Meeting(BaseModel):
    """One sitting of one body, with its agenda items in printed order."""

    id: str = ""
    body: str | None = None  # "Kommunstyrelsen", "Samverkansgrupp hälsa"
    municipality: str | None = None  # "Göteborgs Stad", "Region Västmanland"
    date: dt.date | None = None
    doc_type: DocType = DocType.OKAND
    title: str = ""
    fingerprint: str = ""  # content hash used to store a meeting once when it recurs in another file
    start: int = 0
    end: int = 0
    items: list[AgendaItem] = Field(default_factory=list)
    # Where each metadata field was read ("line 'Organ  Kommunstyrelsen'", "file name 'x.pdf'"); shown
    # by `protokollet inspect`, not stored.
    sources: dict[str, str] = Field(default_factory=dict)


class RemovedLine(BaseModel):
    """A line taken out of the text as page furniture, reported so an operator sees what was dropped."""

    kind: str  # "header", "page", "toc" or "yaml" (front matter read as metadata)
    text: str


class Document(BaseModel):
    """One ingested file: its cleaned text and the meetings parsed from it."""

    id: str = ""
    source_path: str
    sha256: str
    doc_type: DocType = DocType.OKAND
    text: str  # the cleaned text that all offsets refer to
    meetings: list[Meeting] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    removed: list[RemovedLine] = Field(default_factory=list)  # page furniture, in order; not stored


class MetadataHints(BaseModel):
    """Metadata given from outside the text (CLI flags or a sidecar .json), used when the text lacks it."""

    body: str | None = None
    municipality: str | None = None
    date: dt.date | None = None
    doc_type: DocType | None = None


class ParagraphContext(BaseModel):
    """A stored paragraph with everything needed to index, filter and cite it, flattened for speed."""

    paragraph_id: str
    text: str
    start: int
    end: int
    is_decision: bool = False
    item_id: str
    item_number: str
    item_title: str = ""
    case_number: str | None = None
    meeting_id: str
    body: str | None = None
    municipality: str | None = None
    date: dt.date | None = None
    doc_type: DocType = DocType.OKAND
    document_id: str
    source_path: str


class MeetingSummary(BaseModel):
    """A line of `protokollet meetings`: what is stored, without the text."""

    id: str
    body: str | None
    municipality: str | None
    date: dt.date | None
    doc_type: DocType
    items: int
    paragraphs: int
    source_path: str


class Citation(BaseModel):
    """Where a claim comes from: meeting (body + date), paragraph (§ or item) and the verbatim quote.

    `quote` equals `paragraph_text[quote_start:quote_end]`; `start`/`end` place it in the document.
    """

    meeting_id: str
    body: str | None
    municipality: str | None = None
    date: dt.date | None
    doc_type: DocType = DocType.OKAND
    item_number: str
    item_title: str = ""
    case_number: str | None = None
    document: str  # source path of the document
    paragraph_id: str
    quote: str
    quote_start: int  # offset of the quote inside the paragraph text
    quote_end: int
    start: int  # offset of the quote inside the cleaned document text
    end: int

    def label(self) -> str:
        """Human-readable reference, e.g. "Kommunstyrelsen 2024-03-20 § 231" or "... punkt 5"."""
        date = self.date.isoformat() if self.date else "odaterat"
        return f"{self.body or 'okänt organ'} {date} {display_number(self.item_number)}".strip()


def display_number(number: str) -> str:
    """An item number shown one way whatever the print: "§ 5" stays, a bare "5" is "punkt 5"."""
    return f"punkt {number}" if number.isdigit() else number
