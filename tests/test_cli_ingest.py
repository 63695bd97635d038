"""`protokollet ingest` and `protokollet meetings` through the real typer app."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from protokollet.cli import app
from protokollet.settings import get_settings

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data dir (not yet created: the commands must create it) read through get_settings()."""
    target = tmp_path / "data" / "nested"
    monkeypatch.setenv("PROTOKOLLET_DATA_DIR", str(target))
    get_settings.cache_clear()
    yield target
    get_settings.cache_clear()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def test_ingest_with_bad_files_stores_the_rest_and_exits_1(data_dir: Path, corpus: Path) -> None:
    bad = corpus / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.pdf").write_bytes(bytes(range(256)) * 16)
    (bad / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    unknown = corpus / "notes.xyz"
    unknown.write_text("§ 1 Något\nBeslut\nX.\n")

    code, out, _ = run("ingest", str(corpus), str(unknown))
    assert code == 1
    assert (data_dir / "protokollet.sqlite3").is_file()
    lines = out.splitlines()
    failed = [line for line in lines if line.startswith("failed")]
    assert len(failed) == 4
    for name in ("empty.txt", "junk.pdf", "truncated.pdf", "notes.xyz"):
        assert sum(name in line for line in failed) == 1, (name, failed)
    assert sum(line.startswith("added") for line in lines) == 12
    # 002_ holds one meeting that 001_ (a kallelse printing the same minutes) already stored.
    duplicate = next(line for line in lines if "002_" in line)
    assert duplicate.startswith("skipped") and "(duplicate of " in duplicate, duplicate
    assert "001_" in duplicate.split("(duplicate of ")[1], duplicate
    assert any(line.startswith("skipped") and "notes.xyz" in line for line in lines)  # not in folder scan
    summary = lines[-1]
    assert summary.startswith("17 files (13 added, 0 replaced, 0 unchanged, 4 failed)"), summary
    assert "Traceback" not in out

    code, out, _ = run("meetings", "--json")
    assert code == 0
    meetings = json.loads(out)
    assert meetings and {"body", "date", "doc_type", "items", "source_path"} <= set(meetings[0])
    assert {Path(m["source_path"]).name for m in meetings}.isdisjoint(
        {"empty.txt", "junk.pdf", "truncated.pdf"}
    )
    dates = [m["date"] for m in meetings if m["date"]]
    assert dates == sorted(dates)
    assert any(m["body"] == "Kommunstyrelsen" and m["date"] == "2024-03-20" for m in meetings)

    code, out, _ = run("meetings")
    assert code == 0
    assert (
        "Kommunstyrelsen" in out and "2024-03-20" in out and "goteborg_kommunstyrelsen_2024-03-20.txt" in out
    )

    code, out, _ = run("ingest", str(corpus / "goteborg"))
    assert code == 0
    assert out.splitlines()[-1].startswith("9 files (0 added, 0 replaced, 9 unchanged, 0 failed)")

    # After an upgrade of the parser, --reparse stores the same files again, once each.
    code, out, _ = run("ingest", "--reparse", str(corpus / "goteborg"))
    assert code == 0
    assert out.splitlines()[-1].startswith("9 files (0 added, 9 replaced, 0 unchanged, 0 failed)")
    code, out, _ = run("meetings", "--json")
    fields = ("source_path", "body", "date", "doc_type", "items")
    assert code == 0
    assert [[m[f] for f in fields] for m in json.loads(out)] == [[m[f] for f in fields] for m in meetings]


@pytest.mark.parametrize(
    ("flag", "value"), [("--date", "2024-13-01"), ("--date", "20 mars"), ("--type", "faktura")]
)
def test_bad_flag_exits_2_with_a_clear_error(data_dir: Path, corpus: Path, flag: str, value: str) -> None:
    result = CliRunner().invoke(app, ["ingest", str(corpus), flag, value])
    assert result.exit_code == 2
    assert flag in result.output and value in result.output
    assert not (data_dir / "protokollet.sqlite3").exists()  # nothing was ingested


def test_meetings_on_an_empty_store(data_dir: Path) -> None:
    assert run("meetings", "--json")[:2] == (0, "[]\n")
    code, out, _ = run("meetings")
    assert code == 0 and "protokollet ingest" in out


def test_help_is_plain_and_names_no_bool_type() -> None:
    for args in (["--help"], ["ask", "--help"], ["eval", "--help"], ["model", "--help"]):
        code, out, _ = run(*args)
        assert code == 0 and out.startswith("Usage: ") and "<bool>" not in out, (args, out)
        assert "--help" in out and "╭" not in out  # plain click help, no rich panels


def test_index_before_any_ingest_fails_and_leaves_nothing_behind(data_dir: Path) -> None:
    command = Path(sys.executable).parent / "protokollet"  # the installed command, error handling and all
    env = {**os.environ, "PROTOKOLLET_DATA_DIR": str(data_dir)}
    result = subprocess.run([str(command), "index"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("error: nothing is ingested") and "protokollet ingest" in result.stderr
    assert "Traceback" not in result.stderr
    assert not data_dir.exists()  # no empty database, no lock file, no model built for nothing
