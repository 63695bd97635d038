"""File bytes → plain text, for every format minutes arrive in (txt, md, html, pdf, docx).

The content is checked, not only the extension: a ".pdf" that is not a PDF, a ".txt" full of NUL
bytes or a Word file that is not a zip archive is a BadDocument with a one-line reason. Layout
that carries meaning survives as line breaks: HTML block elements, PDF pages, Word paragraphs
and table rows (cells joined by tabs).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import PurePath

from protokollet.errors import BadDocument, UnsupportedFormat

SUPPORTED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
#: HTML elements that end a text block; shared with the cleaner for HTML fragments in plain text.
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dt",
        "dd",
        "title",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})
_MAX_CONTROL_SHARE = 0.01
#: Zip bomb guards for .docx, checked on the archive's declared sizes before python-docx inflates it
#: (zipfile stops at a member's declared size, so the declared sizes bound what can be inflated).
DOCX_MAX_UNCOMPRESSED = 256 * 1024 * 1024
DOCX_MAX_RATIO = 100
DOCX_MAX_MEMBERS = 10_000
#: Below this many uncompressed bytes any compression ratio is harmless.
_RATIO_FLOOR = 8 * 1024 * 1024


def extract_text(data: bytes, filename: str) -> str:
    """The text of a file; raises UnsupportedFormat or BadDocument with a one-line message."""
    ext = PurePath(filename).suffix.lower()
    name = PurePath(filename).name
    if ext not in SUPPORTED:
        shown = ext or "(no extension)"
        raise UnsupportedFormat(f"{name}: unsupported format {shown}; supported: {', '.join(SUPPORTED)}")
    if not data.strip():
        raise BadDocument(f"{name}: the file is empty")
    if ext in (".txt", ".md"):
        text = _markdown_to_text(decode_text(data, name)) if ext == ".md" else decode_text(data, name)
    elif ext in (".html", ".htm"):
        text = html_to_text(decode_text(data, name))
    elif ext == ".pdf":
        text = pdf_to_text(data, name)
    else:
        text = docx_to_text(data, name)
    if not text.strip():
        raise BadDocument(f"{name}: no text found (a scanned image or an empty document?)")
    return text


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM); cp1252 only when the bytes clearly are text."""
    if b"\x00" in data:
        raise BadDocument(f"{name}: binary content (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > 0:
            raise BadDocument(f"{name}: not valid UTF-8 or Windows-1252 text") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > _MAX_CONTROL_SHARE * max(1, len(text)):
        raise BadDocument(f"{name}: binary content (control characters), not a text file")
    return text


def _markdown_to_text(text: str) -> str:
    """Drop Markdown markup that would hide an item heading ("**§ 5 Budget**", "> Beslut").

    Heading marks ("## ") and a leading YAML front matter stay: the cleaner reads them as structure
    and metadata (`protokollet.ingest.clean`)."""
    lines = text.split("\n")
    keep = 0
    if lines and lines[0].strip() == "---":  # front matter: up to its closing fence, untouched
        keep = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    body = "\n".join(_table_row(line) for line in lines[keep:])
    body = re.sub(r"^[ \t]{0,3}>[ \t]?", "", body, flags=re.MULTILINE)
    body = re.sub(r"(\*\*|__)(.+?)\1", r"\2", body)
    body = re.sub(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", "", body, flags=re.MULTILINE)
    return "\n".join([*lines[:keep], body])


_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_row(line: str) -> str:
    """A Markdown table row as one line of tab-separated cells ("| 4. | Budget<br>2025 |" → "4.\tBudget
    2025"), like a table row from HTML or Word; the rule under the header row goes."""
    if not line.lstrip().startswith("|"):
        return line
    if _TABLE_RULE_RE.match(line):
        return ""
    cells = [
        re.sub(r"<br\s*/?>", " ", cell, flags=re.I).strip() for cell in line.strip().strip("|").split("|")
    ]
    return "\t".join(cell for cell in cells if cell)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page; block elements become line breaks, table cells tabs."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    for node in tree.css("script, style, noscript, template, head"):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        tag = node.tag
        if node.is_text_node:
            parts.append(node.text_content or "")
        elif tag in BLOCK_TAGS:
            parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table"} else "\n")
        elif tag in _CELL_TAGS:
            parts.append("\t")
    text = "".join(parts)
    return re.sub(r"[ \t]*\n[ \t]*", "\n", text).replace("\t\n", "\n")


#: poppler's pdftotext (Debian poppler-utils), run as a program. Chosen by measurement on the corpus'
#: 20 real PDFs (docs/ingest.md "PDF text"): in layout mode it keeps every word and every § heading in
#: reading order (once runs of spaces are collapsed, as cleaning does), keeps the blank lines between
#: paragraphs (raw mode loses them: paragraphs three times longer), and is about 15x faster than pypdf,
#: which splits words in some producers' files.
PDFTOTEXT = "pdftotext"
PDFTOTEXT_TIMEOUT_S = 60


def pdf_to_text(data: bytes, name: str) -> str:
    """Text of every page (pages separated by a form feed).

    pypdf checks the file first (not a PDF, encrypted, broken: a BadDocument with a reason); the text then
    comes from `pdftotext -layout` when poppler is installed, else from pypdf itself.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF" not in data[:1024]:
        raise BadDocument(f"{name}: not a PDF file (no %PDF header)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadDocument(f"{name}: the PDF is encrypted")
        if not reader.pages:
            raise BadDocument(f"{name}: the PDF has no pages")
        text = _poppler_text(data)
        if text is None:
            text = "\f".join(page.extract_text() or "" for page in reader.pages)
    except BadDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise BadDocument(f"{name}: broken or truncated PDF ({type(exc).__name__})") from None
    return text


def _poppler_text(data: bytes) -> str | None:
    """`pdftotext -layout` of the file, or None when poppler is missing or fails (pypdf then reads it)."""
    import shutil
    import subprocess

    program = shutil.which(PDFTOTEXT)
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-layout", "-enc", "UTF-8", "-q", "-", "-"],
            input=data,
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace").rstrip("\f")


def check_docx_archive(data: bytes, name: str) -> None:
    """A Word file is a zip holding word/document.xml whose declared sizes are sane (no zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BadDocument(f"{name}: not a Word .docx file (not a zip archive)") from None
    if "word/document.xml" not in {member.filename for member in members}:
        raise BadDocument(f"{name}: a zip archive but not a Word .docx file (no word/document.xml)")
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if (
        len(members) > DOCX_MAX_MEMBERS
        or unpacked > DOCX_MAX_UNCOMPRESSED
        or (unpacked > _RATIO_FLOOR and unpacked > DOCX_MAX_RATIO * max(packed, 1))
    ):
        raise BadDocument(
            f"{name}: refused: the archive would unpack to {unpacked // (1024 * 1024)} MB "
            f"in {len(members)} parts (a zip bomb?)"
        )


def docx_to_text(data: bytes, name: str) -> str:
    """Paragraphs and table rows of a Word document in document order, via python-docx."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_docx_archive(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise BadDocument(f"{name}: broken .docx file ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.append("")
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if not cells or text != cells[-1]:  # merged cells repeat their text
                        cells.append(text)
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)
