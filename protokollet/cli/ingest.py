"""`protokollet ingest` and `protokollet meetings`: put minutes into the store and list what is there."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from protokollet.cli import app
from protokollet.models import DocType, MetadataHints
from protokollet.settings import get_settings

if TYPE_CHECKING:
    from protokollet.ingest.inspect import FileInspection

_TYPES = [t.value for t in DocType if t is not DocType.OKAND]


class _BadFlag(Exception):
    """A flag value that cannot be used; reported as one line with exit code 2 (a usage error)."""


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _BadFlag(f"--date: {value!r} is not a date in the form YYYY-MM-DD") from None


def _parse_type(value: str | None) -> DocType | None:
    if value is None:
        return None
    if value not in _TYPES:
        raise _BadFlag(f"--type: {value!r} is not one of {', '.join(_TYPES)}")
    return DocType(value)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shown(path: Path | str) -> str:
    """A path relative to the working directory when it lies inside it: shorter, still unambiguous."""
    path = Path(path)
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def announce_wait(lock: Path) -> None:
    """Said once when another writer holds the data dir, so a waiting command does not look hung."""
    typer.secho(
        f"Waiting for another ingest or index run to finish (lock {_shown(lock)}) ...",
        fg=typer.colors.YELLOW,
        err=True,
    )


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    body: str | None = typer.Option(None, "--body", help="Body (nämnd, styrelse) when the text lacks it."),
    date: str | None = typer.Option(None, "--date", help="Meeting date YYYY-MM-DD when the text lacks it."),
    municipality: str | None = typer.Option(None, "--municipality", help="Municipality or region."),
    doc_type: str | None = typer.Option(None, "--type", help=f"Document type: {' | '.join(_TYPES)}."),
    reparse: bool = typer.Option(
        False,
        "--reparse",
        help="Parse unchanged files again (after upgrading Protokollet); then run `index`.",
    ),
) -> None:
    """Ingest minutes (.txt .md .html .pdf .docx) into the store.

    Flags state metadata for every file and come before what a file's text says; a `<file>.json`
    sidecar with the same keys (body, municipality, date, doc_type) overrides the flags for its file.
    Run `protokollet inspect` first to see what would be stored and where each value comes from.
    Each file is read in a child process under PROTOKOLLET_PARSE_TIMEOUT_S / _PARSE_MAX_MEMORY_MB.
    One writer at a time: waits up to PROTOKOLLET_WRITER_LOCK_TIMEOUT_S for another ingest or index.
    Exits 1 if any file failed, after storing all the others.
    """
    from protokollet.ingest.pipeline import ingest_paths
    from protokollet.ingest.sandbox import ParseLimits
    from protokollet.store.locking import writer_lock
    from protokollet.store.open import open_store

    hints = _hints(body, municipality, date, doc_type)
    settings = get_settings()
    with writer_lock(settings, settings.writer_lock_timeout_s, on_wait=announce_wait):
        store = open_store(settings)
        try:
            limits = ParseLimits.from_settings(settings)
            report = ingest_paths(paths, store, hints, limits=limits, reparse=reparse)
        finally:
            store.close()

    for outcome in report.files:
        name = _shown(outcome.path)
        if outcome.status == "failed":
            typer.secho(f"failed     {name}: {outcome.error}", fg=typer.colors.RED)
            continue
        line = f"{outcome.status:<10} {name}"
        copies = ", ".join(_shown(Path(source)) for source in outcome.duplicate_of)
        if outcome.status != "unchanged" and outcome.duplicate_meetings and not outcome.meetings:
            # Nothing new: every meeting of the file is already stored from another file.
            line = f"{'skipped':<10} {name} (duplicate of {copies})"
        elif outcome.status != "unchanged":
            counts = [
                _count(outcome.meetings, "meeting"),
                _count(outcome.items, "item"),
                _count(outcome.paragraphs, "paragraph"),
            ]
            if outcome.duplicate_meetings:
                counts.append(
                    f"{_count(outcome.duplicate_meetings, 'meeting')} skipped as already stored from {copies}"
                )
            if outcome.inspection is not None:
                counts.append(f"coverage {outcome.inspection.coverage:.1%}")
                counts.append(f"furniture {_count(outcome.inspection.furniture_lines, 'line')}")
            line += f" ({', '.join(counts)})"
        typer.echo(line)
        for warning in outcome.warnings:
            typer.secho(f"  warning: {warning}", fg=typer.colors.YELLOW)
    for path in report.skipped:
        typer.echo(f"skipped    {_shown(path)}: unsupported extension")

    typer.echo(
        f"{len(report.files)} files ({report.count('added')} added, {report.count('replaced')} replaced, "
        f"{report.count('unchanged')} unchanged, {len(report.failed)} failed): "
        f"{report.meetings} meetings, {report.items} items, {report.paragraphs} paragraphs "
        f"in {report.seconds:.1f} s"
    )
    if report.failed:
        raise typer.Exit(1)


def _hints(
    body: str | None, municipality: str | None, date: str | None, doc_type: str | None
) -> MetadataHints | None:
    """The metadata flags as hints (None when no flag is given); a bad value exits 2 with one line."""
    from protokollet.models import MetadataHints

    try:
        hints = MetadataHints(
            body=body, municipality=municipality, date=_parse_date(date), doc_type=_parse_type(doc_type)
        )
    except _BadFlag as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    return hints if hints.model_dump(exclude_none=True) else None


def _inspection_text(report: FileInspection) -> str:
    """A table of a file's meetings, then where each value came from, the furniture and warnings."""
    from protokollet.cli.evals import format_table

    if report.error:
        return f"{_shown(report.path)}\n  failed: {report.error}"
    rows = [
        [
            str(n + 1),
            m.doc_type.value,
            m.body or "?",
            m.date.isoformat() if m.date else "?",
            m.municipality or "?",
            str(len(m.items)),
            str(m.paragraphs),
        ]
        for n, m in enumerate(report.meetings)
    ]
    out = [f"{_shown(report.path)}: {report.summary()}"]
    table = format_table(["#", "type", "body", "date", "municipality", "items", "paragraphs"], rows)
    out += ["  " + line for line in table.split("\n")]
    for n, m in enumerate(report.meetings):
        where = "; ".join(f"{field} <- {source}" for field, source in m.sources.items()) or "nothing stated"
        out.append(f"  meeting {n + 1} read from: {where}")
        numbers = [
            f"{i.number or i.title}" + (f" ({i.case_number})" if i.case_number else "") for i in m.items
        ]
        out.append(f"  meeting {n + 1} items: {', '.join(numbers)}")
    for kind, examples in report.furniture_examples.items():
        shown = ", ".join(repr(e) for e in examples)
        out.append(f"  removed as {kind}: e.g. {shown}")
    out += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(out)


@app.command()
def inspect(
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array (for scripts)."),
    body: str | None = typer.Option(None, "--body", help="Body (nämnd, styrelse) for every file."),
    date: str | None = typer.Option(None, "--date", help="Meeting date YYYY-MM-DD for every file."),
    municipality: str | None = typer.Option(None, "--municipality", help="Municipality or region."),
    doc_type: str | None = typer.Option(None, "--type", help=f"Document type: {' | '.join(_TYPES)}."),
) -> None:
    """Show what ingest would store, without storing anything.

    Per file: its meetings (type, body, date, municipality) and where each value was read, the items
    with their numbers and case numbers, coverage (share of the text that ends up in a title or
    paragraph: the rest could never be found) and the lines removed as page furniture. Exits 1 if a
    file cannot be read.
    """
    from protokollet.ingest.pipeline import expand_paths, inspect_file

    hints = _hints(body, municipality, date, doc_type)
    files, skipped = expand_paths(paths)
    if not files:
        typer.secho("error: no files to inspect", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    reports = [inspect_file(path, hints) for path in files]
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in reports], ensure_ascii=False, indent=2))
    else:
        typer.echo("\n\n".join(_inspection_text(r) for r in reports))
        for path in skipped:
            typer.echo(f"skipped    {_shown(path)}: unsupported extension")
    if any(r.error for r in reports):
        raise typer.Exit(1)


@app.command()
def meetings(
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array (for scripts)."),
) -> None:
    """List stored meetings: body, date, document type, number of items, source file."""
    from protokollet.store.open import open_store

    store = open_store(get_settings())
    try:
        summaries = store.meetings()
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps([s.model_dump(mode="json") for s in summaries], ensure_ascii=False, indent=2))
        return
    if not summaries:
        typer.echo("No meetings stored yet; run `protokollet ingest PATH`.")
        return
    rows = [
        (
            s.body or "?",
            s.date.isoformat() if s.date else "?",
            str(s.doc_type),
            str(s.items),
            _shown(s.source_path),
        )
        for s in summaries
    ]
    header = ("body", "date", "type", "items", "source")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4])
