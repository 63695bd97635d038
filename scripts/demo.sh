#!/usr/bin/env bash
# The main job on a fresh machine: set up, build the model, ingest and index the sample corpus, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
protokollet model build
# The Göteborg protocols do not all name their municipality in the text: say it once for the folder.
protokollet ingest data/sample/goteborg --municipality "Göteborgs Stad"
protokollet ingest data/sample/seeds
# An int8 ONNX variant of the model, checked against torch fp32 on the stored passages (cosine >= 0.99):
# about 2x faster indexing and query embedding on CPU (docs/performance.md). Skipped when already built.
protokollet model optimize
protokollet index
protokollet serve
