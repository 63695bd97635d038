"""What a file really is, from its bytes: an upload whose content does not match its extension is refused.

Three formats need no library: a PDF starts with `%PDF-` (readers allow junk in the first KiB), a
.docx is a zip holding word/document.xml (its zip bomb check lives beside the extractor), and HTML
versus plain text is the WHATWG MIME-sniffing rule on the first tag. A magic-number library (filetype,
puremagic) would only add the first of these: it cannot tell a .docx from any zip without opening
it, nor text from HTML, nor check an encoding.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import PurePath

from protokollet.errors import BadDocument, UnsupportedFormat
from protokollet.ingest.extract import check_docx_archive, decode_text


class Kind(StrEnum):
    """What a file holds, worded for the error message ("the content is ...")."""

    PDF = "a PDF document"
    DOCX = "a Word .docx document"
    ZIP = "a zip archive (not a Word document)"
    HTML = "an HTML page"
    TEXT = "plain text"
    BINARY = "binary data or text in an unknown encoding (expected UTF-8 or Windows-1252)"


#: Extension → the kinds of content it may hold. HTML may be a fragment the WHATWG rule does not
#: recognise as a page, so an .html file needs only some markup (see `_has_markup`).
EXPECTED: dict[str, frozenset[Kind]] = {
    ".pdf": frozenset({Kind.PDF}),
    ".docx": frozenset({Kind.DOCX}),
    ".html": frozenset({Kind.HTML}),
    ".htm": frozenset({Kind.HTML}),
    ".txt": frozenset({Kind.TEXT}),
    ".md": frozenset({Kind.TEXT, Kind.HTML}),  # Markdown may open with raw HTML or a comment
}

# The WHATWG "rules for identifying an unknown MIME type": these first tags, then a space or '>'.
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a"
    rb"|<style|<title|<b|<body|<br|<p|<!--)(?:[\s>]|$)",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<(?:!doctype|!--|/?[a-z][a-z0-9]*[\s/>])", re.IGNORECASE)
_SNIFF_BYTES = 4096


def sniff(data: bytes, name: str = "file") -> Kind:
    """The kind of content in `data` (which must not be empty)."""
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            check_docx_archive(data, name)
        except BadDocument as exc:
            if "word/document.xml" in str(exc):
                return Kind.ZIP
            raise  # a zip bomb, or a zip too broken to list: refused whatever the extension
        return Kind.DOCX
    try:
        decode_text(data, name)
    except BadDocument:
        return Kind.BINARY
    if _HTML_START.match(data.removeprefix(b"\xef\xbb\xbf")[:_SNIFF_BYTES]):
        return Kind.HTML
    return Kind.TEXT


def _has_markup(data: bytes) -> bool:
    return bool(_MARKUP.search(data[:_SNIFF_BYTES].decode("utf-8", errors="replace")))


def check_content(data: bytes, filename: str) -> Kind:
    """The content's kind when it fits the file's extension; otherwise UnsupportedFormat (→ 415)
    naming what the content is. Empty files and zip bombs are BadDocument (→ 422)."""
    name = PurePath(filename).name
    suffix = PurePath(filename).suffix.lower()
    if not data.strip():
        raise BadDocument(f"{name}: the file is empty")
    kind = sniff(data, name)
    expected = EXPECTED.get(suffix)
    if expected is None:
        raise UnsupportedFormat(f"{name}: cannot read '{suffix or name}' files")
    if kind in expected:
        return kind
    if expected == {Kind.HTML} and kind is Kind.TEXT:
        if _has_markup(data):
            return kind
        raise UnsupportedFormat(f"{name}: the content is plain text without HTML markup; upload it as .txt")
    raise UnsupportedFormat(f"{name}: the content is {kind}, not what a {suffix} file holds")
