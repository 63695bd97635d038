"""Ingest checked against the expected structure written by reading the documents
(`data/corpus/expected.jsonl`, also for `data/sample/`): meetings per file, metadata wrong / found,
agenda items and case numbers, coverage and furniture. `python -m protokollet.evals.structure` prints the
figures per file and in total; `tests/test_corpus.py` holds the parser to them.

A metadata value is *wrong* when the parser states one that differs from the document's, or states one
where the document states none (never invent); it is *found* when it equals the document's. Values the
readers marked as not printed (a logo image, an inference) count as stated by nobody.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from protokollet.ingest.inspect import coverage, inspect_document
from protokollet.ingest.parse import is_opening
from protokollet.ingest.pipeline import read_document
from protokollet.ingest.places import fold, mentions, official_name, place_in_words
from protokollet.models import Document, Meeting

FIELDS = ("body", "date", "municipality")


def _norm_body(value: str) -> str:
    text = re.sub(r"[\d\s]+$", "", " ".join(value.split())).strip(" ,")
    return re.sub(r"(?:en|n)$", "", fold(text))  # "Valnämnd" = "Valnämnden"


def _norm_municipality(value: str) -> str:
    hits = mentions(value)
    name = official_name(value) or (hits[0][0] if hits else None) or place_in_words(value.split())
    return name or fold(value)


def _norm_case(value: str) -> str:
    return re.sub(r"[\s\-/:.]", "", fold(value))


def same_value(name: str, expected: str, got: str) -> bool:
    """Whether the parser's value states what the document states (spelling and form aside)."""
    if name == "body":
        return _norm_body(expected) == _norm_body(got)
    if name == "municipality":
        return _norm_municipality(expected) == _norm_municipality(got)
    return expected == got


def _norm_title(title: str) -> str:
    return " ".join(re.sub(r"[*_:.…]+$", "", " ".join(title.split())).split()).casefold()


def _item_number(number: str) -> str:
    return re.sub(r"\s+", " ", number).strip()


@dataclass
class FileScore:
    """How one file's parse agrees with its expected structure."""

    file: str
    meetings_expected: int
    meetings_found: int
    wrong: list[str] = field(default_factory=list)  # "body: got X, document says Y"
    stated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    items_expected: int = 0
    items_matched: int = 0
    cases_expected: int = 0
    cases_matched: int = 0
    titles_matched: int = 0  # of the matched items, titles equal to the printed title
    coverage: float = 1.0
    furniture_share: float = 0.0


# How the readers marked a value the document does not print (a logo image, an inference): the
# parser cannot be asked to find it, though it must still not contradict it.
_NOT_PRINTED_RE = re.compile(r"inferred|not printed|not stated|not in (?:the )?text", re.IGNORECASE)


def _compare_meeting(score: FileScore, expected: dict[str, object], got: Meeting) -> None:
    sources: dict[str, str] = expected.get("sources") or {}  # type: ignore[assignment]
    for name in FIELDS:
        want = expected.get(name)
        value = getattr(got, name)
        have = value.isoformat() if name == "date" and value else value
        printed = bool(want) and not _NOT_PRINTED_RE.search(str(sources.get(name, "")))
        if printed:
            score.stated[name] += 1
        if have and want and same_value(name, str(want), str(have)):
            score.found[name] += printed
        elif have:
            score.wrong.append(f"{name}: got {have!r}, the document says {want!r}")
    listed: list[dict[str, str | None]] = list(expected.get("items", []))  # type: ignore[call-overload]
    want_items = [(_item_number(str(i["number"])), i.get("dnr")) for i in listed]
    want_titles = [_norm_title(str(i.get("title") or "")) for i in listed]
    kept = [i for i in got.items if not is_opening(i)]
    have_items = [(_item_number(i.number), i.case_number) for i in kept]
    matcher = difflib.SequenceMatcher(
        a=[n for n, _ in want_items], b=[n for n, _ in have_items], autojunk=False
    )
    score.items_expected += len(want_items)
    for block in matcher.get_matching_blocks():
        score.items_matched += block.size
        for k in range(block.size):
            score.titles_matched += want_titles[block.a + k] == _norm_title(kept[block.b + k].title)
            dnr = want_items[block.a + k][1]
            if dnr:
                found = have_items[block.b + k][1] or ""
                score.cases_matched += bool(found) and (
                    _norm_case(dnr) in _norm_case(found) or _norm_case(found) in _norm_case(dnr)
                )
    score.cases_expected += sum(1 for _, dnr in want_items if dnr)


def score_file(expected: dict[str, object], document: Document) -> FileScore:
    """Compare one parsed document with its expected structure (meetings matched in order)."""
    want = list(expected.get("meetings", []))  # type: ignore[call-overload]
    score = FileScore(str(expected["file"]), len(want), len(document.meetings))
    for exp_meeting, got in zip(want, document.meetings, strict=False):
        _compare_meeting(score, exp_meeting, got)
    for exp_meeting in want[len(document.meetings) :]:
        score.items_expected += len(exp_meeting.get("items", []))
        score.cases_expected += sum(1 for i in exp_meeting.get("items", []) if i.get("dnr"))
    score.coverage = coverage(document)
    score.furniture_share = inspect_document(document, score.file).furniture_share
    return score


def load_expected(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_file(root: Path, relative: str) -> Document:
    """The file parsed as ingest would, without a store (no sidecar, no flags)."""
    path = root / relative
    data = path.read_bytes()
    return read_document(data, path.name, relative, "0" * 64, None)


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else Path.cwd()
    scores = [
        score_file(e, parse_file(root, str(e["file"])))
        for e in load_expected(root / "data/corpus/expected.jsonl")
    ]
    for s in scores:
        flag = "" if s.meetings_expected == s.meetings_found else "  MEETINGS"
        print(
            f"{s.file:70s} meetings {s.meetings_found}/{s.meetings_expected}"
            f" items {s.items_matched}/{s.items_expected} dnr {s.cases_matched}/{s.cases_expected}"
            f" cov {s.coverage:.3f} furn {s.furniture_share:.3f}{flag}"
        )
        for w in s.wrong:
            print(f"    wrong {w}")
    total = len(scores)
    exact = sum(s.meetings_expected == s.meetings_found for s in scores)
    print(f"\nfiles {total}, meetings per file exact {exact}/{total}")
    for name in FIELDS:
        stated = sum(s.stated[name] for s in scores)
        found = sum(s.found[name] for s in scores)
        wrong = sum(1 for s in scores for w in s.wrong if w.startswith(name))
        print(f"{name:12s} found {found}/{stated} ({found / max(1, stated):.3f}), wrong {wrong}")
    items = sum(s.items_matched for s in scores), sum(s.items_expected for s in scores)
    cases = sum(s.cases_matched for s in scores), sum(s.cases_expected for s in scores)
    print(f"item numbers {items[0]}/{items[1]} ({items[0] / max(1, items[1]):.3f})")
    print(f"case numbers {cases[0]}/{cases[1]} ({cases[0] / max(1, cases[1]):.3f})")
    titles = sum(s.titles_matched for s in scores)
    print(f"titles of matched items {titles}/{items[0]} ({titles / max(1, items[0]):.3f})")
    furniture = max(s.furniture_share for s in scores)
    print(f"coverage min {min(s.coverage for s in scores):.3f}, furniture max {furniture:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
