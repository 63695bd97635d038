#!/usr/bin/env bash
# Installs Debian's headless Chromium and ChromeDriver for the web page test (never a downloaded browser).
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "chromium/chromedriver missing and cannot install them here: the browser test will be skipped" >&2
fi
