"""`protokollet ask` and `protokollet agenda`: cited answers and agenda preparation from the terminal."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from protokollet.cli import app
from protokollet.cli.filters import (
    BodyOption,
    FromOption,
    MunicipalityOption,
    ToOption,
    TypeOption,
    search_filters,
)
from protokollet.errors import BadDocument
from protokollet.models import Citation
from protokollet.settings import get_settings

if TYPE_CHECKING:
    from protokollet.service.answer_models import AgendaPreparation, Answer

#: Characters of a quote shown in agenda listings.
_SHOWN_CHARS = 300


def _citation_lines(number: int, citation: Citation) -> list[str]:
    title = f" {' '.join(citation.item_title.split())}" if citation.item_title else ""
    case = f" ({citation.case_number})" if citation.case_number else ""
    quote = textwrap.fill(
        " ".join(citation.quote.split()), 96, initial_indent="     »", subsequent_indent="      "
    )
    return [f"[{number}] {citation.label()}{title}{case}", f"     {citation.document}", quote + "«"]


def print_answer(answer: Answer) -> None:
    typer.echo(textwrap.fill(answer.text, 100))
    if answer.citations:
        typer.echo("")
        typer.secho("Källor:", bold=True)
        for number, citation in enumerate(answer.citations, start=1):
            typer.echo("\n".join(_citation_lines(number, citation)))
    if answer.nearest:
        typer.echo("")
        typer.secho("Närmaste träffar:", bold=True)
        for number, citation in enumerate(answer.nearest, start=1):
            typer.echo("\n".join(_citation_lines(number, citation)))


@app.command()
def ask(
    question: str = typer.Argument(..., help="The question, in Swedish."),
    body: BodyOption = None,
    municipality: MunicipalityOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    doc_type: TypeOption = None,
    k: int | None = typer.Option(
        None, "-k", min=1, max=100, help="Search hits the answer may draw on [default: answer_k setting]."
    ),
    llm: bool | None = typer.Option(
        None,
        "--llm/--no-llm",
        help="Let the configured LLM phrase the answer, or not [default: when one is configured].",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the whole answer as JSON (as the API)."),
) -> None:
    """Answer a question from the minutes; every sentence cites its source verbatim."""
    from protokollet.index.search import Searcher
    from protokollet.service.answerer import choose_answerer

    settings = get_settings()
    filters = search_filters(body, municipality, date_from, date_to, doc_type)
    searcher = Searcher(settings)
    answer = choose_answerer(settings, llm=llm)(question, searcher, filters=filters, k=k, settings=settings)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
    else:
        print_answer(answer)


def print_preparation(preparation: AgendaPreparation) -> None:
    date = preparation.date.isoformat() if preparation.date else "odaterat"
    typer.secho(f"{preparation.body or 'Okänt organ'} {date}: {len(preparation.items)} ärenden", bold=True)
    for item in preparation.items:
        case = f" ({item.case_number})" if item.case_number else ""
        typer.echo("")
        typer.secho(f"{item.number} {item.title}{case}", bold=True)
        if not item.earlier:
            typer.echo("    Inga tidigare behandlingar hittades.")
        for earlier in item.earlier:
            when = earlier.date.isoformat() if earlier.date else "odaterat"
            via = "samma diarienummer" if earlier.reason.value == "case_number" else "liknande innehåll"
            typer.echo(f"  - {earlier.body or 'Okänt organ'} {when} ({via})")
            for citation in earlier.citations:
                quote = textwrap.shorten(" ".join(citation.quote.split()), _SHOWN_CHARS)
                typer.echo(
                    textwrap.fill(
                        f"{citation.item_number}: »{quote}«",
                        100,
                        initial_indent="      ",
                        subsequent_indent="      ",
                    )
                )
    for warning in preparation.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


def _read_agenda(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "agenda.txt"
    file = Path(path)
    try:
        return file.read_bytes(), file.name
    except OSError as exc:
        raise BadDocument(f"{path}: cannot read the file ({exc.strerror})") from None


@app.command()
def agenda(
    file: str = typer.Argument(..., help="The agenda (kallelse, föredragningslista) file, or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the preparation as JSON (as the API)."),
) -> None:
    """For each item of a coming meeting's agenda, show earlier discussions and decisions on it."""
    from protokollet.index.search import Searcher
    from protokollet.service.agenda import prepare_agenda_file
    from protokollet.store.open import open_store

    data, name = _read_agenda(file)
    settings = get_settings()
    store = open_store(settings)
    try:
        preparation = prepare_agenda_file(data, name, Searcher(settings), store, settings=settings)
    finally:
        store.close()
    if as_json:
        typer.echo(preparation.model_dump_json(indent=2))
    else:
        print_preparation(preparation)
