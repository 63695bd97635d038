"""PDF text extractors side by side on the corpus PDFs: speed, words kept, § headings and reading order.

Why: `ingest/extract.py` reads PDFs with poppler's `pdftotext -raw` (pypdf when poppler is missing);
that choice rests on this measurement, and it is rerun when a producer's PDFs start to read badly or a
new extractor is considered. Every extractor reads every PDF under the corpus; the figures are compared
with the § numbers that data/corpus/expected.jsonl records for each file.

Run from the repository root: `python -m protokollet.bench.pdf_text [--corpus DIR] [--out DIR]`.
It prints one totals row per extractor; `--out DIR` also writes each extracted text to
DIR/<extractor>/<file>.txt and every per-file figure to DIR/results.json.

Extractors: pypdf (a project dependency; plain and layout mode), pdftotext (the poppler-utils program;
default, -layout and -raw mode; skipped when not on PATH), and two that are not project dependencies
and are skipped, with one line on stderr, when not importable: pdfplumber and PyMuPDF (`pymupdf` /
`fitz`). To measure them, use a scratch venv: `python -m venv /tmp/pdfbench/venv &&
/tmp/pdfbench/venv/bin/pip install pypdf pdfplumber pymupdf`, then run this file with that interpreter
(it imports nothing from protokollet, so `PYTHONPATH=. /tmp/pdfbench/venv/bin/python
bench/pdf_text.py` works). PyMuPDF is AGPL-licensed: it is measured here as a yardstick, never used by
the product.

The reference for "recall vs most words" is, per file, whichever extractor that ran found the most
words, so that column shifts when extractors are skipped; "recall vs poppler" needs pdftotext.
"""

from __future__ import annotations

import argparse
import importlib
import io
import itertools
import json
import logging
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: Default corpus, relative to the current directory (the repository root).
DEFAULT_CORPUS = Path("data/corpus")
#: The corpus' expected parse: per file, its meetings and their item numbers ("§ 12", "3").
EXPECTED_FILE = "expected.jsonl"
PDFTOTEXT = "pdftotext"
PDFTOTEXT_TIMEOUT_S = 120

#: An extractor: (the PDF's bytes, its path) -> text, pages separated by a form feed.
ExtractFn = Callable[[bytes, Path], str]


# ---------------------------------------------------------------- extractors
# Optional libraries are imported inside the functions: this module must import without them.


def _mupdf() -> Any:
    """The PyMuPDF module: `pymupdf` (1.24.3 and later) or its old name `fitz`."""
    try:
        return importlib.import_module("pymupdf")
    except ImportError:
        return importlib.import_module("fitz")


def ex_pypdf(data: bytes, path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\f".join(page.extract_text() or "" for page in reader.pages)


def ex_pypdf_layout(data: bytes, path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\f".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)


def ex_plumber(data: bytes, path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\f".join(page.extract_text() or "" for page in pdf.pages)


def ex_plumber_layout(data: bytes, path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\f".join(page.extract_text(layout=True) or "" for page in pdf.pages)


def ex_mupdf(data: bytes, path: Path) -> str:
    with _mupdf().open(stream=data, filetype="pdf") as doc:
        return "\f".join(page.get_text("text") for page in doc)


def ex_mupdf_sort(data: bytes, path: Path) -> str:
    # sort=True: blocks ordered top-left to bottom-right instead of content-stream order
    with _mupdf().open(stream=data, filetype="pdf") as doc:
        return "\f".join(page.get_text("text", sort=True) for page in doc)


def _pdftotext(args: Sequence[str], path: Path) -> str:
    done = subprocess.run(
        [PDFTOTEXT, *args, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=PDFTOTEXT_TIMEOUT_S,
    )
    return done.stdout.decode("utf-8")


def ex_pdftotext(data: bytes, path: Path) -> str:
    return _pdftotext([], path)


def ex_pdftotext_layout(data: bytes, path: Path) -> str:
    return _pdftotext(["-layout"], path)


def ex_pdftotext_raw(data: bytes, path: Path) -> str:
    # content-stream order: what ingest/extract.py uses
    return _pdftotext(["-raw"], path)


@dataclass(frozen=True)
class Extractor:
    name: str
    fn: ExtractFn
    needs: str  # what must be present: "pypdf", "pdfplumber", "pymupdf" (a module) or "pdftotext" (a program)


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("pypdf", ex_pypdf, "pypdf"),
    Extractor("pypdf-layout", ex_pypdf_layout, "pypdf"),
    Extractor("plumber", ex_plumber, "pdfplumber"),
    Extractor("plumber-layout", ex_plumber_layout, "pdfplumber"),
    Extractor("mupdf", ex_mupdf, "pymupdf"),
    Extractor("mupdf-sort", ex_mupdf_sort, "pymupdf"),
    Extractor("pdftotext", ex_pdftotext, PDFTOTEXT),
    Extractor("pdftotext-layout", ex_pdftotext_layout, PDFTOTEXT),
    Extractor("pdftotext-raw", ex_pdftotext_raw, PDFTOTEXT),
)
#: Both must run for "recall vs poppler": its reference is the words these two agree on.
POPPLER_REFS = ("pdftotext-raw", "pdftotext-layout")


def missing_requirement(needs: str) -> str | None:
    """Why an extractor cannot run here, or None when it can. Importing here also keeps the libraries'
    import time out of the first file's timing."""
    if needs == PDFTOTEXT:
        return None if shutil.which(PDFTOTEXT) else "the pdftotext program (poppler-utils) is not on PATH"
    try:
        if needs == "pymupdf":
            _mupdf()
        else:
            importlib.import_module(needs)
    except ImportError:
        return f"{needs} is not installed (pip install {needs})"
    return None


def available_extractors() -> list[Extractor]:
    """The extractors that can run here; one line on stderr per missing library or program."""
    reasons = {needs: missing_requirement(needs) for needs in dict.fromkeys(e.needs for e in EXTRACTORS)}
    for needs, reason in reasons.items():
        if reason:
            names = ", ".join(e.name for e in EXTRACTORS if e.needs == needs)
            print(f"skipping {names}: {reason}", file=sys.stderr)
    return [e for e in EXTRACTORS if reasons[e.needs] is None]


# ---------------------------------------------------------------- measures
WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Casefolded words with at least one letter (page numbers and other bare numbers do not count)."""
    return [w.casefold() for w in WORD.findall(text) if any(c.isalpha() for c in w)]


def recall(mine: Counter[str], ref: Counter[str]) -> float:
    """Share of the reference's word occurrences that this text also has (a multiset intersection)."""
    total = sum(ref.values())
    return sum((mine & ref).values()) / total if total else 1.0


def heading_re(num: str) -> re.Pattern[str]:
    # line start (a \f page break or indentation allowed), optional up-to-6-caps prefix + space
    # ("KS § 12"), "§ N" or "§N", then whitespace or end of line
    return re.compile(rf"^[\f \t]*(?:[A-ZÅÄÖ]{{1,6}} )?§ ?{re.escape(num)}(?=\s|$)", re.M)


def normalise_ws(text: str) -> str:
    """Collapse runs of spaces, tabs and NBSP/thin spaces to one space (as ingest/clean.py does)."""
    return re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text)


def numbered_re(num: str) -> re.Pattern[str]:
    # non-§ items ("1", "5"): a line starting with "N." or "N " (Word lists, table cells)
    return re.compile(rf"^[\f \t]*{re.escape(num)}\.?(?=\s|$)", re.M)


def order_stats(positions: Sequence[int | None]) -> tuple[int, int, float | None]:
    """(increasing consecutive pairs, pairs, Kendall tau) over the found positions (None: not found).

    Items are listed in document order, so a text in reading order has every pair increasing, tau 1.0."""
    pos = [p for p in positions if p is not None]
    pairs = list(itertools.pairwise(pos))
    inc = sum(1 for a, b in pairs if b > a)
    n = len(pos)
    tau = None
    if n >= 2:
        conc = disc = 0
        for i in range(n):
            for j in range(i + 1, n):
                if pos[j] > pos[i]:
                    conc += 1
                elif pos[j] < pos[i]:
                    disc += 1
        tau = (conc - disc) / (n * (n - 1) / 2)
    return inc, len(pairs), tau


def last_match_positions(
    pattern: Callable[[str], re.Pattern[str]], nums: Sequence[str], text: str
) -> list[int | None]:
    """Per item number, where its last match starts (the heading, after any mentions in a table of
    contents or agenda), or None when the text has none."""
    positions: list[int | None] = []
    for num in nums:
        matches = list(pattern(num).finditer(text))
        positions.append(matches[-1].start() if matches else None)
    return positions


#: A signature block's words: lines holding only these are a footer kept apart from the text.
SIG_WORDS = {"ordförandes", "signatur", "justerandes", "utdragsbestyrkande"}
#: A page counter, "3 (12)".
PAGE_CTR = re.compile(r"\b\d{1,3}\s*\(\s*\d{1,3}\s*\)")


@dataclass
class Problems:
    """Signs of text glued together or layout mixed into it."""

    tokens: int  # words with a letter
    long_tokens: int  # over 25 characters: mostly words run together
    long_share: float
    long_examples: list[str]
    glued_para: list[str]  # "§ 12" run into the next number ("§ 1234567")
    glued_para_n: int
    sig_alone: int  # signature-footer lines standing alone ...
    sig_merged: int  # ... or merged with other text
    sig_examples: list[str]
    ctr_alone: int  # page-counter lines standing alone ...
    ctr_merged: int  # ... or merged with other text
    ctr_examples: list[str]
    wide_gap_lines: int  # lines with a 6+ space gap inside (columns side by side)
    lines: int


def problems(text: str) -> Problems:
    toks = [w for w in WORD.findall(text) if any(c.isalpha() for c in w)]
    long_toks = [w for w in toks if len(w) > 25]
    glued = re.findall(r"§§?\s?\d{5,}|§\s?\d+\s?[-–]\s?\d{5,}", text)
    lines = re.split(r"[\n\f]", text)
    sig_alone = sig_merged = 0
    sig_ex: list[str] = []
    ctr_alone = ctr_merged = 0
    ctr_ex: list[str] = []
    wide_gap = 0
    for ln in lines:
        lw = words(ln)
        if "signatur" in lw or "utdragsbestyrkande" in lw:
            if set(lw) <= SIG_WORDS:
                sig_alone += 1
            else:
                sig_merged += 1
                if len(sig_ex) < 2:
                    sig_ex.append(ln.strip()[:140])
        m = PAGE_CTR.search(ln)
        if m:
            rest = (ln[: m.start()] + ln[m.end() :]).strip()
            if not rest:
                ctr_alone += 1
            else:
                ctr_merged += 1
                if len(ctr_ex) < 3:
                    ctr_ex.append(re.sub(r"\s{3,}", " | ", ln.strip())[:140])
        if re.search(r"\S {6,}\S", ln.strip()):
            wide_gap += 1
    return Problems(
        tokens=len(toks),
        long_tokens=len(long_toks),
        long_share=len(long_toks) / len(toks) if toks else 0.0,
        long_examples=long_toks[:3],
        glued_para=glued[:5],
        glued_para_n=len(glued),
        sig_alone=sig_alone,
        sig_merged=sig_merged,
        sig_examples=sig_ex,
        ctr_alone=ctr_alone,
        ctr_merged=ctr_merged,
        ctr_examples=ctr_ex,
        wide_gap_lines=wide_gap,
        lines=len(lines),
    )


@dataclass
class Measure:
    """One extractor on one file."""

    time: float  # seconds for the extraction
    error: str | None  # the exception when it failed (its text then counts as empty)
    words: int
    recall_max: float  # recall vs the extractor with the most words on this file
    recall_pt: float | None  # recall vs the words pdftotext -raw and -layout agree on (None: no pdftotext)
    sec_expected: int  # § items in expected.jsonl
    sec_found: int  # ... whose heading is found, strictly
    sec_missing: list[str]  # the first few not found
    order_inc: int  # consecutive found headings in increasing position ...
    order_pairs: int  # ... out of this many pairs
    tau: float | None  # Kendall tau of the found headings' positions
    lsec_found: int  # the same after collapsing runs of spaces (as ingest does): "§  12" counts
    lorder_inc: int
    lorder_pairs: int
    ltau: float | None
    num_expected: int  # plain-number items ("1", "5") in expected.jsonl
    num_found: int  # ... found at a line start
    num_inc: int
    num_pairs: int
    problems: Problems
    blocks: int = 0  # blank-line separated blocks: what ingest can split into paragraphs
    block_chars: int = 0  # their characters (white space aside)
    excess_long: int = 0  # long tokens beyond the fewest any extractor produced on this file

    def as_json(self) -> dict[str, Any]:
        flat = asdict(self)
        flat.update(flat.pop("problems"))
        return flat


@dataclass
class FileResult:
    ref: str  # the extractor with the most words: the recall_max reference
    ref_words: int
    ref_pt_words: int | None  # words in the poppler reference (None: pdftotext missing)
    extractors: dict[str, Measure] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "ref_words": self.ref_words,
            "ref_pt_words": self.ref_pt_words,
            "extractors": {name: m.as_json() for name, m in self.extractors.items()},
        }


def load_expected(corpus: Path) -> list[tuple[str, list[str]]]:
    """(file as written in expected.jsonl, its item numbers in document order) per entry."""
    path = corpus / EXPECTED_FILE
    if not path.is_file():
        print(f"no {path}: § headings are not checked", file=sys.stderr)
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            items = [it["number"] for m in d["meetings"] for it in m.get("items", [])]
            entries.append((d["file"], items))
    return entries


def expected_items(expected: Sequence[tuple[str, list[str]]], key: str) -> list[str]:
    """Items of the corpus file `key` (relative to the corpus): expected.jsonl names files relative to
    the repository ("data/corpus/nacka/x.pdf"), so an entry matches when it ends with the key."""
    for file, items in expected:
        if file == key or file.endswith("/" + key):
            return items
    return []


def measure_text(text: str, items: Sequence[str]) -> dict[str, Any]:
    """The heading, item and problem figures of one text (the fields of Measure that need no reference)."""
    sec = [n for n in items if n.startswith("§")]
    num = [n for n in items if not n.startswith("§")]
    sec_nums = [n.replace("§", "").strip() for n in sec]
    positions = last_match_positions(heading_re, sec_nums, text)
    inc, pairs, tau = order_stats(positions)
    lpos = last_match_positions(heading_re, sec_nums, normalise_ws(text))
    linc, lpairs, ltau = order_stats(lpos)
    npos = last_match_positions(numbered_re, num, text)
    ninc, npairs, _ = order_stats(npos)
    return {
        "sec_expected": len(sec),
        "sec_found": sum(p is not None for p in positions),
        "sec_missing": [n for n, p in zip(sec, positions, strict=True) if p is None][:6],
        "order_inc": inc,
        "order_pairs": pairs,
        "tau": tau,
        "lsec_found": sum(p is not None for p in lpos),
        "lorder_inc": linc,
        "lorder_pairs": lpairs,
        "ltau": ltau,
        "num_expected": len(num),
        "num_found": sum(p is not None for p in npos),
        "num_inc": ninc,
        "num_pairs": npairs,
        "problems": problems(text),
        "blocks": len(_blocks(text)),
        "block_chars": sum(len("".join(b.split())) for b in _blocks(text)),
    }


def _blocks(text: str) -> list[str]:
    """Blank-line separated blocks (a line of spaces is blank; a form feed ends a page)."""
    return [b for b in re.split(r"\n\s*\n|\f", text) if b.strip()]


def run_file(
    path: Path, items: Sequence[str], extractors: Sequence[Extractor]
) -> tuple[FileResult, dict[str, str]]:
    """Every extractor on one PDF: its figures and the texts."""
    data = path.read_bytes()
    texts: dict[str, str] = {}
    timing: dict[str, tuple[float, str | None]] = {}
    for ex in extractors:
        t0 = time.perf_counter()
        try:
            text, err = ex.fn(data, path), None
        except Exception as exc:
            text, err = "", f"{type(exc).__name__}: {exc}"
        timing[ex.name] = (time.perf_counter() - t0, err)
        texts[ex.name] = text
    bags = {name: Counter(words(t)) for name, t in texts.items()}
    ref_name = max(bags, key=lambda n: sum(bags[n].values()))
    ref = bags[ref_name]
    ref_pt = bags[POPPLER_REFS[0]] & bags[POPPLER_REFS[1]] if all(n in bags for n in POPPLER_REFS) else None
    result = FileResult(
        ref=ref_name,
        ref_words=sum(ref.values()),
        ref_pt_words=sum(ref_pt.values()) if ref_pt is not None else None,
    )
    for name, text in texts.items():
        dt, err = timing[name]
        result.extractors[name] = Measure(
            time=dt,
            error=err,
            words=sum(bags[name].values()),
            recall_max=recall(bags[name], ref),
            recall_pt=recall(bags[name], ref_pt) if ref_pt is not None else None,
            **measure_text(text, items),
        )
    least_long = min(m.problems.long_tokens for m in result.extractors.values())
    for m in result.extractors.values():
        m.excess_long = m.problems.long_tokens - least_long
    return result, texts


def run(corpus: Path, extractors: Sequence[Extractor], out: Path | None = None) -> dict[str, FileResult]:
    """All PDFs under the corpus, keyed by their path relative to it; with `out`, texts are written there."""
    expected = load_expected(corpus)
    files = sorted(corpus.rglob("*.pdf"))
    results: dict[str, FileResult] = {}
    for i, path in enumerate(files, 1):
        key = path.relative_to(corpus).as_posix()
        result, texts = run_file(path, expected_items(expected, key), extractors)
        results[key] = result
        if out is not None:
            for name, text in texts.items():
                dest = out / name / (key.replace("/", "__") + ".txt")
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
        print(f"[{i}/{len(files)}] {key}: ref={result.ref} ({result.ref_words} words)", file=sys.stderr)
    return results


# ---------------------------------------------------------------- totals
# Columns, summed over all files:
#   time s     extraction seconds
#   words      words with a letter
#   rec_max    recall vs the most-words extractor per file (weighted by that reference's words)
#   rec_pt     recall vs the words pdftotext -raw and -layout agree on ("n/a" without pdftotext)
#   §found     § headings found at a line start / expected
#   order      consecutive found headings in increasing position / pairs (reading order)
#   ~ws        the same two after collapsing runs of spaces, as ingest's cleaning does
#   numfnd     plain-number items found at a line start / expected
#   long%      share of words over 25 characters (words run together)
#   xlong      long words beyond the fewest any extractor had on each file
#   glued      § numbers run into the next number
#   sig a/m    signature-footer lines alone / merged with other text
#   ctr a/m    page-counter lines ("3 (12)") alone / merged with other text
#   blocks     blank-line separated blocks, and their mean characters: the paragraphs ingest can cut
HEADER = (
    f"{'extractor':17} {'time s':>7} {'words':>7} {'rec_max':>7} {'rec_pt':>7} {'§found':>9} {'order':>9} "
    f"{'§found~ws':>9} {'order~ws':>9} {'numfnd':>7} {'long%':>6} {'xlong':>5} {'glued':>5} "
    f"{'sig a/m':>9} {'ctr a/m':>9} {'blocks':>7} {'chars':>5}"
)


def _weighted_recall(pairs: Sequence[tuple[float | None, int | None]]) -> float | None:
    """Matched reference words / reference words over all files, from (recall, reference words) pairs."""
    known = [(r, w) for r, w in pairs if r is not None and w is not None]
    total = sum(w for _, w in known)
    if not known or not total:
        return None
    return sum(r * w for r, w in known) / total


def total(key: str, rows: Sequence[Any]) -> int:
    """The sum of one integer field over rows (Measure or Problems)."""
    return int(sum(getattr(r, key) for r in rows))


def format_totals(results: dict[str, FileResult], names: Sequence[str]) -> str:
    lines = [HEADER]
    for name in names:
        rows = [res.extractors[name] for res in results.values()]
        pr = [r.problems for r in rows]
        rec_max = _weighted_recall(
            [(r.recall_max, res.ref_words) for r, res in zip(rows, results.values(), strict=True)]
        )
        rec_pt = _weighted_recall(
            [(r.recall_pt, res.ref_pt_words) for r, res in zip(rows, results.values(), strict=True)]
        )
        tok = total("tokens", pr)
        sec_exp = total("sec_expected", rows)
        lines.append(
            f"{name:17} {sum(r.time for r in rows):7.2f} {total('words', rows):7d} "
            f"{_fmt(rec_max):>7} {_fmt(rec_pt):>7} "
            f"{total('sec_found', rows):4d}/{sec_exp:<4d} "
            f"{total('order_inc', rows):4d}/{total('order_pairs', rows):<4d} "
            f"{total('lsec_found', rows):4d}/{sec_exp:<4d} "
            f"{total('lorder_inc', rows):4d}/{total('lorder_pairs', rows):<4d} "
            f"{total('num_found', rows):3d}/{total('num_expected', rows):<3d} "
            f"{100 * total('long_tokens', pr) / tok if tok else 0.0:6.2f} {total('excess_long', rows):5d} "
            f"{total('glued_para_n', pr):5d} "
            f"{total('sig_alone', pr):4d}/{total('sig_merged', pr):<4d} "
            f"{total('ctr_alone', pr):4d}/{total('ctr_merged', pr):<4d} "
            f"{total('blocks', rows):7d} {total('block_chars', rows) // max(1, total('blocks', rows)):5d}"
        )
        errors = [f for f, res in results.items() if res.extractors[name].error]
        if errors:
            lines.append(f"   errors: {errors}")
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="folder of PDFs with expected.jsonl (default: %(default)s)",
    )
    parser.add_argument("--out", type=Path, help="also write per-extractor texts and results.json here")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not corpus.is_dir():
        raise SystemExit(f"error: no corpus folder {corpus} (run from the repository root or pass --corpus)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd PDFs would flood stderr
    extractors = available_extractors()
    if not extractors:
        raise SystemExit(
            "error: no extractor can run here (pypdf, pdfplumber, pymupdf, pdftotext all missing)"
        )
    results = run(corpus, extractors, args.out)
    if not results:
        raise SystemExit(f"error: no PDFs under {corpus}")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(
            json.dumps({k: r.as_json() for k, r in results.items()}, indent=1, ensure_ascii=False),
            encoding="utf-8",
        )
    print(format_totals(results, [e.name for e in extractors]))


if __name__ == "__main__":
    main()
