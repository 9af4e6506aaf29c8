#!/usr/bin/env bash
# Every test in one pytest run (unit, Rasa data and story checks, held-out NLU, live server).
# `make test` trains first when needed; the live tests start the servers themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python -m pytest "$@"
