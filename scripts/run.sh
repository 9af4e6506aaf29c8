#!/usr/bin/env bash
# Start the action server and the Rasa server together in the foreground; Ctrl-C stops both.
# The action server is started again if it dies (scripts/keep_running.sh); if the Rasa server stops, everything stops.
#   RASA_PORT (5005), ACTION_PORT (5055), RASA_AUTH_TOKEN (else generated into secrets/rasa_token),
#   TRACKER_DB (var/tracker.db), CLINIC_SETTINGS (settings/clinic.yml),
#   RASA_ENDPOINTS (endpoints.yml), RASA_CREDENTIALS (credentials.yml), RASA_MODEL (models/assistant.tar.gz),
#   PLATFORM_CREDENTIALS (credentials.platforms.yml: messaging platforms, on when their variables are set)
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
# Quiet start-up: Rasa 3.6's dependencies (pkg_resources, click, typer, jax, pyparsing, spaCy, sanic-cors)
# print a wall of DeprecationWarnings nobody here can act on. Deprecations are hidden; every other
# warning still shows. Set PYTHONWARNINGS yourself to see them again.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::PendingDeprecationWarning}"
export RASA_PORT="${RASA_PORT:-5005}" ACTION_PORT="${ACTION_PORT:-5055}"
export TRACKER_DB="${TRACKER_DB:-$PWD/var/tracker.db}"
RASA_ENDPOINTS="${RASA_ENDPOINTS:-endpoints.yml}" RASA_CREDENTIALS="${RASA_CREDENTIALS:-credentials.yml}"
RASA_MODEL="${RASA_MODEL:-models/assistant.tar.gz}"
mkdir -p "$(dirname "$TRACKER_DB")" var secrets
PY=.venv/bin/python

# Check the clinic settings before starting anything: a broken file is a clear error, not a wrong answer.
# Browsers may call the server only from the origins listed there (one per line on stdout).
settings_check='import sys; from assistant import clinic_settings as c; s = c.load()
print(f"run: clinic settings OK ({s.clinic_name}, {s.country.name})", file=sys.stderr)
print("\n".join(s.allowed_origins))'
origins=$("$PY" -c "$settings_check")
mapfile -t cors_origins < <(printf '%s' "$origins" | grep -v '^$' || true)

token_file=secrets/rasa_token
if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
  if [ ! -s "$token_file" ]; then
    "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' > "$token_file"
    chmod 600 "$token_file"
  fi
  RASA_AUTH_TOKEN=$(cat "$token_file")
  echo "run: HTTP API token is in $PWD/$token_file (set RASA_AUTH_TOKEN to choose your own)"
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "${effective_credentials:-}"
}
# Ctrl-C or a plain `kill` is the normal way to stop: end with a short message and status 0, so
# `make run` does not report it as an error.
on_signal() {
  echo "run: stopping the servers..." >&2
  stop
  echo "run: stopped." >&2
  exit 0
}
trap on_signal INT TERM
trap stop EXIT

# Rasa stops on an unset ${VAR} in its credentials: give it the platforms whose variables are set (docs/channels.md).
effective_credentials=$(mktemp --suffix=.yml var/credentials.XXXXXX)
"$PY" -m dev_tools.credentials "$RASA_CREDENTIALS" "${PLATFORM_CREDENTIALS:-credentials.platforms.yml}" \
    --out "$effective_credentials"

# The action server is restarted whenever it exits (a crash must not silence the referrals).
bash scripts/keep_running.sh "action server" "$PY" -m rasa_sdk --actions actions --port "$ACTION_PORT" &
pids+=($!)
rasa_args=(--model "$RASA_MODEL" --endpoints "$RASA_ENDPOINTS" --credentials "$effective_credentials"
           --port "$RASA_PORT" --enable-api "--auth-token=$RASA_AUTH_TOKEN")  # "=": a token may start with "-"
if [ "${#cors_origins[@]}" -gt 0 ]; then rasa_args+=(--cors "${cors_origins[@]}"); fi
"$PY" -m rasa run "${rasa_args[@]}" &
pids+=($!)

for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$RASA_PORT/status?token=$RASA_AUTH_TOKEN" >/dev/null 2>&1 \
     && curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then
    echo "run: ready. Chat page http://127.0.0.1:$RASA_PORT/webchat/ ; Rasa http://127.0.0.1:$RASA_PORT (REST: /webhooks/rest/webhook), actions http://127.0.0.1:$ACTION_PORT"
    break
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "run: a server stopped during start-up (see messages above)" >&2; exit 1; }
  done
  sleep 1
done
wait -n "${pids[@]}"
echo "run: the Rasa server stopped; stopping the action server" >&2
exit 1
