"""Shared pytest fixtures. Each owner keeps its fixtures in its own marked section."""

from __future__ import annotations

from pathlib import Path

import pytest

from protokollet.index.embedder import Embedder, load_embedder
from protokollet.index.model_build import build_bundled_model
from protokollet.settings import Settings

# ---------------------------------------------------------------- embedding model (index/model_build.py)


@pytest.fixture(scope="session")
def bundled_model_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data dir holds the bundled model, built once per test session (~1 min)."""
    data_dir: Path = tmp_path_factory.mktemp("model-data")
    settings = Settings(data_dir=data_dir)
    build_bundled_model(settings.models_dir)
    return settings


@pytest.fixture(scope="session")
def embedder(bundled_model_settings: Settings) -> Embedder:
    """The real bundled embedder, loaded once per test session."""
    return load_embedder(bundled_model_settings)


# ---------------------------------------------------------------- end of embedding model fixtures


# ---------------------------------------------------------------- documents made from corpus text (ingest)


@pytest.fixture(scope="session")
def make_pdf() -> object:
    """A function turning text lines into a real PDF (reportlab), one printed line per line."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    def build(lines: list[str], lines_per_page: int = 55) -> bytes:
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4)
        for n, line in enumerate(lines):
            if n and n % lines_per_page == 0:
                pdf.showPage()
            pdf.setFont("Helvetica", 9)
            pdf.drawString(40, 800 - 14 * (n % lines_per_page), line)
        pdf.showPage()
        pdf.save()
        return buffer.getvalue()

    return build


@pytest.fixture(scope="session")
def make_docx() -> object:
    """A function turning text lines into a real Word document, one paragraph per line."""
    import io

    import docx

    def build(lines: list[str]) -> bytes:
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build


# ---------------------------------------------------------------- end of ingest document fixtures
