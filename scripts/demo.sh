#!/usr/bin/env bash
# The main job on a fresh machine: set up, build the model, ingest and index the sample corpus, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
protokollet model build
protokollet ingest data/sample || echo "note: some sample files reported problems (see above)"
protokollet index
protokollet serve
