#!/usr/bin/env bash
# Interactive learning (`make interactive`): chat with the trained model and confirm or correct
# each step; the action server runs beside it. Uses models/assistant.tar.gz as it is (no training).
#   INTERACTIVE_PORT (5006), ACTION_PORT (5056): apart from `make run`'s 5005/5055, so both can run.
#   Conversations go to var/interactive-tracker.db, never to the clinic's var/tracker.db.
# On "Export & Quit", save under var/interactive/ (the defaults would rewrite data/ and domain.yml),
# then copy what is worth keeping into data/nlu/ or data/stories/: docs/staff-guide.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export ACTION_PORT="${ACTION_PORT:-5056}" TRACKER_DB="${TRACKER_DB:-$PWD/var/interactive-tracker.db}"
INTERACTIVE_PORT="${INTERACTIVE_PORT:-5006}"
MODEL=models/assistant.tar.gz
if [ ! -f "$MODEL" ]; then
  echo "interactive: no trained model at $MODEL: run 'make train' first" >&2
  exit 1
fi
mkdir -p var/interactive
.venv/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" >var/interactive-actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT INT TERM
echo "interactive: when you export, save to var/interactive/stories.yml, var/interactive/nlu.yml and var/interactive/domain.yml"
.venv/bin/python -m rasa interactive --model "$MODEL" --endpoints endpoints.yml --config config.yml \
  --domain domain.yml --data data --port "$INTERACTIVE_PORT" --skip-visualization
