#!/usr/bin/env bash
# Sets up (if needed) and runs the whole test suite. Builds the embedding model once per run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh
exec .venv/bin/python -m pytest "$@"
