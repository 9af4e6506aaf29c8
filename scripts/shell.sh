#!/usr/bin/env bash
# Talk to the assistant in the terminal: starts the action server, then `rasa shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export ACTION_PORT="${ACTION_PORT:-5055}" TRACKER_DB="${TRACKER_DB:-$PWD/var/shell-tracker.db}"
mkdir -p var
.venv/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" >var/shell-actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT INT TERM
.venv/bin/python -m rasa shell --model models/assistant.tar.gz --endpoints endpoints.yml
