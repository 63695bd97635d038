"""The search filters shared by `search` and `ask`: declared once, validated once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from protokollet.models import DocType

if TYPE_CHECKING:
    from protokollet.index.search import SearchFilters

TYPES = [t.value for t in DocType if t is not DocType.OKAND]

BodyOption = Annotated[str | None, typer.Option("--body", help="Only this body (substring, any case).")]
MunicipalityOption = Annotated[
    str | None, typer.Option("--municipality", help="Only this municipality (substring).")
]
FromOption = Annotated[str | None, typer.Option("--from", help="Meetings on or after YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Meetings on or before YYYY-MM-DD.")]
TypeOption = Annotated[str | None, typer.Option("--type", help=f"Only {' | '.join(TYPES)}.")]


def date_option(value: str | None, flag: str) -> dt.date | None:
    """An ISO date from a flag, or a usage error naming the flag (exit code 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint=flag) from None


def choice(value: str, allowed: Sequence[str], flag: str) -> str:
    """`value` if allowed, else a usage error listing the choices (exit code 2)."""
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}", param_hint=flag)
    return value


def search_filters(
    body: str | None,
    municipality: str | None,
    date_from: str | None,
    date_to: str | None,
    doc_type: str | None,
) -> SearchFilters:
    """The validated filters of one command line."""
    from protokollet.index.search import SearchFilters

    return SearchFilters(
        body=body,
        municipality=municipality,
        date_from=date_option(date_from, "'--from'"),
        date_to=date_option(date_to, "'--to'"),
        doc_type=DocType(choice(doc_type, TYPES, "'--type'")) if doc_type is not None else None,
    )
