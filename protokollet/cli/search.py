"""`protokollet index` and `protokollet search`: build the search index and query it."""

from __future__ import annotations

import json
import textwrap
from typing import cast

import typer

from protokollet.cli import app
from protokollet.cli.filters import (
    BodyOption,
    FromOption,
    MunicipalityOption,
    ToOption,
    TypeOption,
    choice,
    search_filters,
)
from protokollet.settings import get_settings

_MODES = ("hybrid", "dense", "lexical")
_FUSIONS = ("rrf", "weighted")
#: Characters of paragraph text shown per hit in the plain-text listing.
_SHOWN_CHARS = 400


@app.command()
def index(
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    """Build or update the search index from the stored paragraphs (only new text is embedded).

    One writer at a time: waits up to PROTOKOLLET_WRITER_LOCK_TIMEOUT_S for another ingest or index.
    """
    from protokollet.cli.ingest import announce_wait
    from protokollet.errors import IndexNotBuilt
    from protokollet.index.build import build_index
    from protokollet.index.embed.embedder import load_embedder
    from protokollet.store.locking import writer_lock
    from protokollet.store.open import open_store

    settings = get_settings()
    nothing_ingested = IndexNotBuilt(
        f"nothing is ingested in {settings.data_dir}: run `protokollet ingest <path>` first"
    )
    if not settings.postgres_url and not settings.resolved_database_path.exists():
        raise nothing_ingested  # before the lock, the store or the model: no empty files are left behind
    with writer_lock(settings, settings.writer_lock_timeout_s, on_wait=announce_wait):
        store = open_store(settings)
        try:
            if not store.paragraph_ids():
                raise nothing_ingested  # before the model is built or loaded for nothing
            report = build_index(settings, store, load_embedder(settings), progress=progress)
        finally:
            store.close()
    typer.echo(
        f"Indexed {report.paragraphs} paragraphs as {report.chunks} chunks: "
        f"{report.embedded} embedded, {report.reused} reused, {report.removed} dropped."
    )
    if report.approximate:
        search_kind = f"approximate search (more than {settings.exact_index_max} vectors)"
    else:
        search_kind = "exact search"
    typer.echo(f"FAISS {report.index_type}, {search_kind}; model {report.model}; {report.seconds:.1f} s.")


@app.command()
def search(
    query: str = typer.Argument(..., help="The question or search words."),
    body: BodyOption = None,
    municipality: MunicipalityOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    doc_type: TypeOption = None,
    k: int = typer.Option(10, "-k", min=1, max=1000, help="Number of hits."),
    mode: str = typer.Option("hybrid", "--mode", help=f"{' | '.join(_MODES)}."),
    fusion: str = typer.Option("rrf", "--fusion", help="Hybrid ranking: rrf (rank fusion) | weighted."),
    as_json: bool = typer.Option(False, "--json", help="Print the hits as JSON."),
) -> None:
    """Search the indexed minutes; prints the best paragraphs with body, date, § and score."""
    from protokollet.index.search import Fusion, Mode, Searcher

    filters = search_filters(body, municipality, date_from, date_to, doc_type)
    chosen_mode = cast(Mode, choice(mode, _MODES, "'--mode'"))
    chosen_fusion = cast(Fusion, choice(fusion, _FUSIONS, "'--fusion'"))
    searcher = Searcher(get_settings())
    hits = searcher.search(query, k=k, mode=chosen_mode, filters=filters, fusion=chosen_fusion)
    if as_json:
        typer.echo(json.dumps([hit.model_dump(mode="json") for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("No hits.")
        return
    for rank, hit in enumerate(hits, start=1):
        context = hit.context
        date = context.date.isoformat() if context.date else "undated"
        title = f" {context.item_title}" if context.item_title else ""
        typer.secho(
            f"{rank:>2}. {context.body or 'unknown body'} {date} {context.item_number}{title}",
            bold=True,
        )
        sources = ", ".join(
            f"{name} #{value}"
            for name, value in (("dense", hit.dense_rank), ("lexical", hit.lexical_rank))
            if value is not None
        )
        typer.echo(
            f"    score {hit.score:.4f} ({sources}) · {context.doc_type.value} · {context.source_path}"
        )
        text = " ".join(context.text.split())
        typer.echo(textwrap.indent(textwrap.fill(textwrap.shorten(text, _SHOWN_CHARS), 100), "    "))
