"""`protokollet migrate`: move an embedded data dir into PostgreSQL (rows and vectors, no re-embedding)."""

from __future__ import annotations

from pathlib import Path

import typer

from protokollet.cli import app
from protokollet.settings import get_settings


@app.command()
def migrate(
    to: str | None = typer.Option(
        None, "--to", help="Target postgresql:// URL (default: PROTOKOLLET_DATABASE_URL)."
    ),
    data_dir: Path | None = typer.Option(
        None, "--from", help="Embedded data dir to move (default: PROTOKOLLET_DATA_DIR)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show progress bars."),
) -> None:
    """Copy the embedded SQLite rows and the index's vectors into PostgreSQL; safe to run again."""
    from protokollet.index.postgres.migrate import migrate as run_migration

    settings = get_settings()
    url = to or settings.postgres_url
    if not url:
        raise typer.BadParameter("name the target with --to postgresql://... or PROTOKOLLET_DATABASE_URL")
    source = settings
    if data_dir is not None:  # another data dir: its own index and database, not the configured ones
        source = settings.model_copy(update={"data_dir": data_dir, "index_dir": None, "database_path": None})
    report = run_migration(source, url, progress=progress)
    for table, total in report.rows.items():
        typer.echo(f"{table}: {total} in the data dir, {report.added[table]} added.")
    typer.echo(
        f"Index {report.version}: {report.chunks} chunks, {report.vectors_written} vectors written "
        f"(none re-embedded) into {report.database} in {report.seconds:.1f} s."
    )
