#!/usr/bin/env bash
# Install Debian's Chromium (and a font for readable screenshots) for the browser tests in tests/browser/,
# when it is missing. Playwright drives this browser: it never downloads one of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_chromium: no apt-get here; install Chromium yourself (the tests look for 'chromium' on PATH)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install_chromium: installing Debian's chromium (once)" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-dejavu-core >/dev/null
command -v chromium >/dev/null
