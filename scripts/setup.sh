#!/usr/bin/env bash
# Sets up .venv with everything Protokollet needs. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# poppler's pdftotext reads PDFs best (measured on the corpus, docs/evals.md); without it pypdf is used.
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing poppler-utils (pdftotext) from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "setup: pdftotext not found and cannot install it here: PDFs are read with pypdf" >&2
  fi
fi
# One line per step with its time, so a first run (minutes) never looks hung.
step() { STEP_STARTED=$SECONDS; printf 'setup: %s ...' "$1"; }
done_step() { echo " done ($((SECONDS - STEP_STARTED)) s)"; }
if [ ! -x .venv/bin/python ]; then
  step "creating .venv"
  "$PY" -m venv .venv
  done_step
fi
# torch is pinned first: the CPU build of 2.13.0 lies on disk; an unpinned torch pulls gigabytes of CUDA.
step "installing torch 2.13.0 (CPU build)"
.venv/bin/python -m pip install -q --disable-pip-version-check torch==2.13.0 2>&1 | grep -v "^WARNING: Location" || true
done_step
step "installing Protokollet and its dependencies"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev,llm]" 2>&1 | grep -v "^WARNING: Location" || true
done_step
.venv/bin/python -c "import protokollet, torch, faiss, sentence_transformers" \
  || { echo "setup failed: dependencies did not install" >&2; exit 1; }
