"""The `protokollet` command: a thin layer that parses arguments, calls one library function and
formats its output. Each group of commands lives in its own module; heavy imports stay inside the
commands so `--help` answers at once."""

from __future__ import annotations

import sys

import typer

from protokollet.errors import ProtokolletError

app = typer.Typer(
    name="protokollet",
    help="Semantic search and cited answers over Swedish municipal minutes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Plain click help (as sqlite-utils and datasette print it): typer's rich panels put a type after
    # every option, "<bool>" even after --help.
    rich_markup_mode=None,
)

# Command modules register themselves on `app` when imported.
from protokollet.cli import answer as _answer  # noqa: E402,F401
from protokollet.cli import bench as _bench  # noqa: E402,F401
from protokollet.cli import evals as _evals  # noqa: E402,F401
from protokollet.cli import ingest as _ingest  # noqa: E402,F401
from protokollet.cli import migrate as _migrate  # noqa: E402,F401
from protokollet.cli import model as _model  # noqa: E402,F401
from protokollet.cli import search as _search  # noqa: E402,F401
from protokollet.cli import serve as _serve  # noqa: E402,F401


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 1, never a traceback."""
    try:
        app()
    except ProtokolletError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(1)
