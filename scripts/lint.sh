#!/usr/bin/env bash
# ruff, mypy and the import contract over the whole project. mypy runs on a copy laid out as the installed package
# (protokollet.ingest, protokollet.index, ...) because the stage folders are mapped at install time.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r protokollet "$tmp/protokollet"
for d in ingest index service evals bench; do cp -r "$d" "$tmp/protokollet/$d"; done
find "$tmp" -name __pycache__ -prune -exec rm -rf {} +
repo=$(pwd)
(cd "$tmp" && "$repo/.venv/bin/mypy" --config-file "$repo/pyproject.toml" --cache-dir "$repo/.mypy_cache" -p protokollet) \
  | sed -E 's#^protokollet/(ingest|index|service|evals|bench)/#\1/#'
# The stages' import order (pyproject [tool.importlinter]), read from the same installed-package layout.
(cd "$tmp" && PYTHONPATH="$tmp" "$repo/.venv/bin/lint-imports" --config "$repo/pyproject.toml" --no-cache)
