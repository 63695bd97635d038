"""Docs are tested: a setting or a command that exists without documentation fails the suite."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from protokollet.cli import app
from protokollet.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _documented_settings() -> set[str]:
    """Every `PROTOKOLLET_X` named in a row of the README's settings table."""
    rows = re.findall(r"^\| `PROTOKOLLET_.*$", README, flags=re.MULTILINE)
    return {name for row in rows for name in re.findall(r"`PROTOKOLLET_([A-Z0-9_]+)`", row)}


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_the_readme_table(field: str) -> None:
    assert field.upper() in _documented_settings(), f"PROTOKOLLET_{field.upper()} is not in README.md"


@pytest.mark.parametrize(
    "command",
    sorted(
        info.name or (info.callback.__name__ if info.callback else "")
        for info in [*app.registered_commands, *app.registered_groups]
    ),
)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"protokollet {re.escape(command)}\b", README), (
        f"`protokollet {command}` is not in README.md"
    )
