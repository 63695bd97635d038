"""The embedding model: loading it (`embedder`), its encoders and backends (`encoders`, `variants`), the
offline tooling that builds the bundled model (`model_build`) and its faster variants (`optimize`)."""
