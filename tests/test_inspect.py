"""`protokollet inspect`: what ingest would store, read from one messy real file of each layout family.

The values asserted were read in the documents themselves (see data/corpus/expected.jsonl); the tests check
that inspect reports them, says where each came from, and stores nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from protokollet.cli import app
from protokollet.ingest.inspect import FileInspection
from protokollet.ingest.pipeline import inspect_file
from protokollet.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    target = tmp_path / "never-created"
    monkeypatch.setenv("PROTOKOLLET_DATA_DIR", str(target))
    get_settings.cache_clear()
    yield target
    get_settings.cache_clear()


def _items(report: FileInspection, meeting: int = 0) -> list[tuple[str, str | None]]:
    return [(i.number, i.case_number) for i in report.meetings[meeting].items]


def test_pdf_with_running_headers_and_a_table_of_contents() -> None:
    """Nacka KSVU 2018-02-06: Word-made PDF, header on every page, a dot-leader table of contents."""
    report = inspect_file(CORPUS / "nacka/ksvu-2018-02-06-protokoll.pdf")
    (meeting,) = report.meetings
    assert (meeting.body, str(meeting.date)) == ("Kommunstyrelsens verksamhetsutskott", "2018-02-06")
    assert meeting.sources["date"].startswith("running header")
    assert _items(report)[1:4] == [("§ 1", "KFKS 2018/3"), ("§ 2", "KFKS 2018/2"), ("§ 3", "KFKS 2017/457")]
    assert report.furniture_examples["toc"] and report.furniture_examples["page"]
    assert report.coverage >= 0.99


def test_pdftotext_layout_with_body_prefixed_paragraphs() -> None:
    """Lomma KF 2023-08-31: "KF § 72      KS KF/2023:3", the body stated as "Beslutande organ: ..."."""
    report = inspect_file(CORPUS / "lomma/kf-2023-08-31.txt")
    (meeting,) = report.meetings
    assert (meeting.body, meeting.municipality) == ("Kommunfullmäktige", "Lomma kommun")
    assert meeting.sources["body"] == "line 'Beslutande organ: Kommunfullmäktige'"
    assert report.meetings[0].items[0].title == "Inledning och närvaro"
    assert _items(report)[1:4] == [
        ("§ 72", "KS KF/2023:3"),
        ("§ 73", "KS KF/2023:160"),
        ("§ 74", "KS KF/2023:187"),
    ]


def test_markdown_with_yaml_front_matter() -> None:
    """Kungsbacka KS 2026-08-25: metadata in YAML front matter, read and reported as its source."""
    report = inspect_file(CORPUS / "kungsbacka/ks-2026-08-25-protokoll.md")
    (meeting,) = report.meetings
    assert (meeting.body, str(meeting.date), meeting.municipality, meeting.doc_type.value) == (
        "Kommunstyrelsen",
        "2026-08-25",
        "Kungsbacka kommun",
        "protokoll",
    )
    assert all(source.startswith("YAML front matter") for source in meeting.sources.values())
    assert ("§ 175", "KS-2026-00014") in _items(report)
    assert "yaml" in report.furniture_examples


def test_kallelse_as_a_table_with_a_case_number_column() -> None:
    """Kungsbacka kallelse: "| 1. | Title | 2026-00014 | Förslag ... |" rows."""
    report = inspect_file(CORPUS / "kungsbacka/ks-2026-08-25-kallelse.md")
    assert report.meetings[0].doc_type.value == "kallelse"
    assert ("punkt 1", "2026-00014") in _items(report) and ("punkt 2", "2026-00015") in _items(report)


def test_notes_numbered_by_a_bare_number_above_the_title() -> None:
    """Kungsbacka revision notes: "1" / "Mötets öppnande" / ... ; 22 items."""
    report = inspect_file(CORPUS / "kungsbacka/revision-2024-03-18-sammantradesanteckningar.md")
    numbers = [number for number, _ in _items(report)]
    assert [n for n in numbers if n.startswith("punkt")] == [f"punkt {n}" for n in range(1, 23)]
    assert report.meetings[0].items[1].title == "Mötets öppnande"


def test_file_with_several_meetings_and_html_fragments() -> None:
    sample = ROOT / "data" / "sample" / "seeds"
    several = inspect_file(sample / "001_9ff9e8eb64a94929.txt")
    assert [m.doc_type.value for m in several.meetings][:2] == ["kallelse", "minnesanteckningar"]
    assert len(several.meetings) == 6
    html = inspect_file(sample / "003_4fd378ccd193ba1d.txt")
    assert html.meetings[0].municipality == "Region Örebro län" and html.coverage >= 0.99


def test_cli_table_for_a_folder_and_json(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["inspect", str(CORPUS / "lomma")])
    assert result.exit_code == 0, result.output
    for name in ("kf-2022-01-27.txt", "kf-2026-06-17.txt"):
        assert name in result.output
    assert "municipality" in result.output and "read from: body <- line 'Beslutande organ" in result.output
    assert "coverage 100.0%" in result.output and "removed as page: e.g. 'Sida 1 av" in result.output
    as_json = CliRunner().invoke(app, ["inspect", "--json", str(CORPUS / "lomma")])
    reports = json.loads(as_json.stdout)
    assert len(reports) == 4 and all(r["coverage"] >= 0.99 and r["error"] is None for r in reports)
    assert not data_dir.exists()  # inspect stores nothing and creates no data dir


def test_cli_reports_a_broken_file_and_exits_1(tmp_path: Path, data_dir: Path) -> None:
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    result = CliRunner().invoke(app, ["inspect", str(broken)])
    assert result.exit_code == 1
    assert "failed:" in result.output and "Traceback" not in result.output
