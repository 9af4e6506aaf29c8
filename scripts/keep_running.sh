#!/usr/bin/env bash
# keep_running.sh NAME COMMAND...: run COMMAND and start it again whenever it exits, until this script
# is stopped (TERM/INT/HUP are passed on to COMMAND). Used for the action server, so that a crash never
# leaves red flags without the referral actions for more than a few seconds; meanwhile the Rasa server
# gives the domain's fallback advice. One log line per restart.
set -uo pipefail
name=$1; shift
child=""
stop() {
  trap - TERM INT HUP
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
  exit 0
}
trap stop TERM INT HUP
restarts=0
while :; do
  started=$(date +%s)
  "$@" &
  child=$!
  wait "$child"
  code=$?
  restarts=$((restarts + 1))
  # a command that keeps failing straight away (a port in use, a broken file) is retried more slowly
  if [ $(( $(date +%s) - started )) -lt 10 ]; then delay=$(( restarts < 5 ? restarts : 5 )); else restarts=1 delay=1; fi
  echo "keep_running: the $name stopped (exit $code); starting it again in $delay s" >&2
  sleep "$delay" & wait $!
done
