"""Eval set validation: the stored sets load, and every kind of bad line is named by file and line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from protokollet.cli import main
from protokollet.errors import BadEvalSet
from protokollet.evals.runner import SETS_DIR, load_eval_set, resolve_set_path
from protokollet.evals.schema import parse_eval_set

EXPECTED = {"body": "Kommunstyrelsen", "date": "2024-09-25", "item": "§ 744", "source": None}
GOOD = {
    "id": "q1",
    "question": "Vad beslutade kommunstyrelsen om jämställdhetsstrategin?",
    "answerable": True,
    "expected": [EXPECTED],
    "snippets": ["Göteborgs Stad ansluter till Jämställt Västra Götaland"],
    "must_mention": ["Jämställt Västra Götaland"],
    "tags": ["decision"],
}


def _write(tmp_path: Path, *records: object, name: str = "bad.jsonl") -> Path:
    lines = [
        record if isinstance(record, str) else json.dumps(record, ensure_ascii=False) for record in records
    ]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_stored_set_loads_with_unique_ids() -> None:
    paths = sorted(SETS_DIR.glob("*.jsonl"))
    assert paths, "evals/sets holds no eval set"
    for path in paths:
        loaded = load_eval_set(str(path))
        ids = [q.id for q in loaded.questions]
        assert len(ids) == len(set(ids)) == sum(1 for line in path.read_text().splitlines() if line.strip())
        assert loaded.sha256 and loaded.name == path.stem
        assert any(not q.answerable for q in loaded.questions), "a set needs unanswerable questions too"


def test_a_stored_set_is_found_by_name() -> None:
    assert resolve_set_path("dev") == SETS_DIR / "dev.jsonl"
    assert resolve_set_path("dev.jsonl") == SETS_DIR / "dev.jsonl"
    with pytest.raises(BadEvalSet, match=r"no eval set 'nosuchset'.*stored sets: .*dev"):
        resolve_set_path("nosuchset")


def test_expected_that_is_not_a_list_names_the_line(tmp_path: Path) -> None:
    bad = {**GOOD, "id": "q2", "expected": "§ 744"}
    path = _write(tmp_path, GOOD, bad, name="dev.jsonl")
    with pytest.raises(BadEvalSet) as raised:
        load_eval_set(str(path))
    assert str(raised.value) == "dev.jsonl line 2: 'expected' must be a list"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "q2", "question": "Vad', "bad.jsonl line 3: not valid JSON"),
        ("[1, 2]", "bad.jsonl line 3: must be a JSON object"),
        ({**GOOD, "id": "q2", "expectd": []}, "bad.jsonl line 3: 'expectd' is not a known field"),
        (
            {**GOOD, "id": "q2", "answerable": "kanske"},
            "bad.jsonl line 3: 'answerable' must be true or false",
        ),
        ({**GOOD, "id": "q2", "question": "  "}, "bad.jsonl line 3: 'question' must not be blank"),
        (
            {**GOOD, "id": "q2", "expected": [{**EXPECTED, "date": "20 mars"}]},
            "bad.jsonl line 3: 'expected.0.date' must be a date (YYYY-MM-DD)",
        ),
        (
            {**GOOD, "id": "q2", "expected": [{"body": None, "date": None, "item": None, "source": None}]},
            "bad.jsonl line 3: 'expected.0' an expected entry needs at least one of",
        ),
        ({**GOOD, "id": "q2", "expected": []}, "bad.jsonl line 3: an answerable question needs at least one"),
        (
            {**GOOD, "id": "q2", "answerable": False},
            "bad.jsonl line 3: an unanswerable question must have no 'expected'",
        ),
        ({**GOOD, "id": "q1"}, "bad.jsonl line 3: id 'q1' already used on line 1"),
        (
            {k: v for k, v in GOOD.items() if k != "question"} | {"id": "q2"},
            "bad.jsonl line 3: 'question' is required",
        ),
    ],
)
def test_bad_lines_are_reported_by_line(tmp_path: Path, line: object, message: str) -> None:
    path = _write(tmp_path, GOOD, "", line)  # line 2 is blank and skipped
    with pytest.raises(BadEvalSet) as raised:
        load_eval_set(str(path))
    assert str(raised.value).startswith(message)


def test_empty_set_is_refused() -> None:
    with pytest.raises(BadEvalSet, match="holds no questions"):
        parse_eval_set("\n\n", name="empty")


def test_cli_reports_a_bad_set_in_one_line_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, GOOD, {**GOOD, "id": "q2", "must_mention": "8884"}, name="mine.jsonl")
    monkeypatch.setattr(sys, "argv", ["protokollet", "eval", "run", str(path)])
    with pytest.raises(SystemExit) as exited:
        main()  # the console script's entry point: our errors become one line on stderr
    assert exited.value.code == 1
    assert capsys.readouterr().err.strip() == "error: mine.jsonl line 2: 'must_mention' must be a list"
