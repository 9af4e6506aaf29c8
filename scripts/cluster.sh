#!/usr/bin/env bash
# A local cluster on loopback: PostgreSQL (tracker store), Redis (lock store), the action server,
# several Rasa replicas and nginx balancing between them. Runs in the background; state, logs and
# pid files live in $CLUSTER_DIR.
#   bash scripts/cluster.sh start|stop|status
# Env (defaults): CLUSTER_DIR (var/cluster), LB_PORT (8080), RASA_PORTS ("5006 5007", one per replica),
#   ACTION_PORT (5055), PG_PORT (5433), REDIS_PORT (6380), PG_DB/PG_USER (rasa), REDIS_DB (1),
#   PG_PASSWORD/REDIS_PASSWORD (generated into $CLUSTER_DIR/secrets), RASA_AUTH_TOKEN (as make run),
#   LB_SENDER_RATE (30r/m), LB_SENDER_BURST (5), LB_ADDRESS_RATE (20r/s), LB_ADDRESS_BURST (40),
#   RASA_MODEL, RASA_ENDPOINTS (deploy/endpoints.cluster.yml), RASA_CREDENTIALS, PLATFORM_CREDENTIALS,
#   CLUSTER_START_TIMEOUT (300 s).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"

CLUSTER_DIR=$(realpath -m "${CLUSTER_DIR:-var/cluster}")
PID_DIR=$CLUSTER_DIR/pids LOG_DIR=$CLUSTER_DIR/logs SECRET_DIR=$CLUSTER_DIR/secrets
STATE_FILE=$CLUSTER_DIR/cluster.env
PG_DIR=$CLUSTER_DIR/pg PG_DATA=$CLUSTER_DIR/pg/data REDIS_DIR=$CLUSTER_DIR/redis NGINX_DIR=$CLUSTER_DIR/nginx

say() { echo "cluster: $*"; }
STARTING=no
die() {  # a failed start stops whatever it had started, so a retry begins clean
  echo "cluster: $*" >&2
  if [ "$STARTING" = yes ]; then STARTING=no; stop_all; fi
  exit 1
}

# --- processes we started: pid files, checked against the command line so a reused pid is never killed
pid_of() {  # pid_of NAME PATTERN -> prints the pid when NAME's pid file points at a live PATTERN process
  local file=$PID_DIR/$1.pid pid
  [ -s "$file" ] || return 1
  pid=$(head -n1 "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -- "$2" || return 1
  echo "$pid"
}

stop_processes() {  # stop_processes NAME:PATTERN...: TERM their process groups together, KILL after 20 s
  local item name pid pids=() names=()
  for item in "$@"; do
    name=${item%%:*}
    if pid=$(pid_of "$name" "${item#*:}"); then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid") names+=("$name")
    fi
    rm -f "$PID_DIR/$name.pid"
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  for _ in $(seq 1 100); do
    kill -0 "${pids[@]}" 2>/dev/null || break  # true while any is alive
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; }
  done
  say "stopped ${names[*]}"
}

start_background() {  # start_background NAME COMMAND...: own session (so stop reaches its children), own log
  setsid "${@:2}" >>"$LOG_DIR/$1.log" 2>&1 </dev/null &
  echo $! >"$PID_DIR/$1.pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
need_free_port() { ! port_in_use "$2" || die "port $2 for $1 is already in use (choose another with the env variables in $0)"; }

# --- PostgreSQL: a private instance owned by the postgres OS user when we are root (it refuses root)
pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)"
}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_running() { [ -s "$PG_DATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

start_postgres() {
  if pg_running; then say "PostgreSQL already running"; return 0; fi
  need_free_port PostgreSQL "$PG_PORT"
  mkdir -p "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
  chmod 700 "$PG_DIR"
  as_pg test -w "$PG_DIR" \
    || die "the postgres OS user cannot write $PG_DIR: use a CLUSTER_DIR whose parent directories it can enter"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    # Socket connections (in the 0700 data directory) are the admin's; TCP needs a password.
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$LOG_DIR/initdb.log" 2>&1 \
      || die "initdb failed (see $LOG_DIR/initdb.log)"
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA" start >/dev/null \
    || { tail -n 20 "$PG_DIR/postgres.log" >&2 || true; die "PostgreSQL did not start"; }
  # The application role and database; the password is (re)set from PG_PASSWORD on every start.
  CLUSTER_PG_PASSWORD=$PG_PASSWORD as_pg "$PG_BIN/psql" -X -q -h "$PG_DATA" -p "$PG_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -v user="$PG_USER" -v db="$PG_DB" >/dev/null <<'SQL' || die "could not create the database role"
\getenv password CLUSTER_PG_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" WITH LOGIN PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  say "PostgreSQL up on 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  if pg_running; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null && say "stopped PostgreSQL"
  fi
}

# --- Redis: only the lock store, so nothing is saved to disk
start_redis() {
  if pid_of redis redis-server >/dev/null; then say "Redis already running"; return 0; fi
  need_free_port Redis "$REDIS_PORT"
  mkdir -p "$REDIS_DIR"
  (umask 077; cat >"$REDIS_DIR/redis.conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $PID_DIR/redis.pid
logfile $LOG_DIR/redis.log
dir $REDIS_DIR
requirepass $REDIS_PASSWORD
save ""
appendonly no
EOF
  )
  redis-server "$REDIS_DIR/redis.conf" || die "Redis did not start (see $LOG_DIR/redis.log)"
  for _ in $(seq 1 50); do
    [ "$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] \
      && { say "Redis up on 127.0.0.1:$REDIS_PORT"; return 0; }
    sleep 0.2
  done
  die "Redis did not answer (see $LOG_DIR/redis.log)"
}

# --- the action server and the Rasa replicas
start_actions() {
  if pid_of actions rasa_sdk >/dev/null; then say "action server already running"; return 0; fi
  need_free_port "the action server" "$ACTION_PORT"
  # restarted whenever it exits (scripts/keep_running.sh), so a crash never silences the referrals for long
  SANIC_HOST=127.0.0.1 start_background actions bash scripts/keep_running.sh "action server" \
    "$PY" -m rasa_sdk --actions actions --port "$ACTION_PORT"
}

start_replicas() {
  local origins cors=() index=0 port
  # Same checks as scripts/run.sh: a broken settings file stops here; browsers get the clinic's origins.
  origins=$("$PY" -c 'from assistant import clinic_settings as c; print("\n".join(c.load().allowed_origins))') \
    || die "the clinic settings file has a problem (message above)"
  mapfile -t cors < <(printf '%s\n' "$origins" | grep -v '^$' || true)
  # As scripts/run.sh: add the messaging platforms whose variables are set (docs/channels.md).
  local credentials=$RASA_CREDENTIALS
  if [ -f dev_tools/credentials.py ]; then
    credentials=$CLUSTER_DIR/credentials.yml
    "$PY" -m dev_tools.credentials "$RASA_CREDENTIALS" "${PLATFORM_CREDENTIALS:-credentials.platforms.yml}" \
      --out "$credentials" || die "could not build the channel credentials (message above)"
  fi
  for port in $RASA_PORTS; do
    index=$((index + 1))
    if pid_of "rasa-$index" "rasa run" >/dev/null; then say "replica $index already running"; continue; fi
    need_free_port "replica $index" "$port"
    local args=(run --model "$RASA_MODEL" --endpoints "$RASA_ENDPOINTS" --credentials "$credentials"
                --interface 127.0.0.1 --port "$port" --enable-api "--auth-token=$RASA_AUTH_TOKEN")
    if [ "${#cors[@]}" -gt 0 ]; then args+=(--cors "${cors[@]}"); fi
    start_background "rasa-$index" "$PY" -m rasa "${args[@]}"
  done
}

wait_ready() {  # wait until the action server and every replica answer, or fail with their log tails
  local deadline=$((SECONDS + START_TIMEOUT)) index port all
  while :; do
    all=yes
    curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1 || all=no
    pid_of actions rasa_sdk >/dev/null || fail_start actions
    index=0
    for port in $RASA_PORTS; do
      index=$((index + 1))
      curl -fsS "http://127.0.0.1:$port/status?token=$RASA_AUTH_TOKEN" >/dev/null 2>&1 || all=no
      pid_of "rasa-$index" "rasa run" >/dev/null || fail_start "rasa-$index"
    done
    [ "$all" = yes ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 5 "$LOG_DIR"/rasa-*.log "$LOG_DIR/actions.log" >&2 2>/dev/null || true
      die "the servers were not ready after $START_TIMEOUT s (log tails above)"
    fi
    sleep 1
  done
}

fail_start() {
  tail -n 30 "$LOG_DIR/$1.log" >&2 2>/dev/null || true
  die "$1 stopped during start-up (last lines of its log above)"
}

retry_after() {  # seconds until a sender's next request is let through: "30r/m" -> 2, "5r/s" -> 1
  local n=${1%r/*}
  if [[ "$1" == *r/m && "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]]; then echo $(( (60 + n - 1) / n )); else echo 1; fi
}

# --- nginx, rendered from deploy/nginx.conf.template, with its own prefix and pid file
start_nginx() {
  if pid_of nginx nginx >/dev/null; then say "nginx already running"; return 0; fi
  need_free_port nginx "$LB_PORT"
  local upstream="" port
  for port in $RASA_PORTS; do
    upstream+="        server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
  done
  mkdir -p "$NGINX_DIR/temp"
  NGINX_PID_FILE=$PID_DIR/nginx.pid NGINX_LOG_DIR=$LOG_DIR NGINX_TEMP_DIR=$NGINX_DIR/temp \
    UPSTREAM_SERVERS=$upstream LB_HOST=127.0.0.1 LB_PORT=$LB_PORT \
    LB_SENDER_RATE=$LB_SENDER_RATE LB_SENDER_BURST=$LB_SENDER_BURST \
    LB_ADDRESS_RATE=$LB_ADDRESS_RATE LB_ADDRESS_BURST=$LB_ADDRESS_BURST LB_RETRY_AFTER=$(retry_after "$LB_SENDER_RATE") \
    "$PY" -m dev_tools.render_template deploy/nginx.conf.template "$NGINX_DIR/nginx.conf" \
    || die "could not render the nginx configuration"
  "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$LOG_DIR/error.log" -t >/dev/null 2>&1 \
    || { "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$LOG_DIR/error.log" -t >&2 || true; die "bad nginx configuration"; }
  "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$LOG_DIR/error.log" || die "nginx did not start (see $LOG_DIR/error.log)"
  for _ in $(seq 1 50); do
    curl -fsS "http://127.0.0.1:$LB_PORT/lb-health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "nginx did not answer (see $LOG_DIR/error.log)"
}

# --- settings and secrets
secret() {  # secret NAME: print the secret stored in $SECRET_DIR/NAME, generating it the first time
  local file=$SECRET_DIR/$1
  if [ ! -s "$file" ]; then
    (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(24))' >"$file")
  fi
  cat "$file"
}

load_settings() {
  LB_PORT=${LB_PORT:-8080} RASA_PORTS=${RASA_PORTS:-"5006 5007"} ACTION_PORT=${ACTION_PORT:-5055}
  PG_PORT=${PG_PORT:-5433} REDIS_PORT=${REDIS_PORT:-6380}
  PG_DB=${PG_DB:-rasa} PG_USER=${PG_USER:-rasa} REDIS_DB=${REDIS_DB:-1}
  LB_SENDER_RATE=${LB_SENDER_RATE:-30r/m} LB_SENDER_BURST=${LB_SENDER_BURST:-5}
  LB_ADDRESS_RATE=${LB_ADDRESS_RATE:-20r/s} LB_ADDRESS_BURST=${LB_ADDRESS_BURST:-40}
  RASA_MODEL=${RASA_MODEL:-models/assistant.tar.gz} RASA_CREDENTIALS=${RASA_CREDENTIALS:-credentials.yml}
  RASA_ENDPOINTS=${RASA_ENDPOINTS:-deploy/endpoints.cluster.yml} START_TIMEOUT=${CLUSTER_START_TIMEOUT:-300}
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

load_secrets() {
  mkdir -p "$SECRET_DIR" && chmod 700 "$SECRET_DIR"
  PG_PASSWORD=${PG_PASSWORD:-$(secret pg_password)}
  REDIS_PASSWORD=${REDIS_PASSWORD:-$(secret redis_password)}
  if [ -z "${RASA_AUTH_TOKEN:-}" ]; then  # the same token as `make run`
    mkdir -p secrets
    [ -s secrets/rasa_token ] || (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' >secrets/rasa_token)
    RASA_AUTH_TOKEN=$(cat secrets/rasa_token)
  fi
}

save_state() {  # what `status` and `stop` need later, whatever the environment is then
  (umask 077; {
    printf 'LB_PORT=%q\nRASA_PORTS=%q\nACTION_PORT=%q\nPG_PORT=%q\nREDIS_PORT=%q\n' \
      "$LB_PORT" "$RASA_PORTS" "$ACTION_PORT" "$PG_PORT" "$REDIS_PORT"
    printf 'PG_DB=%q\nPG_USER=%q\nREDIS_DB=%q\n' "$PG_DB" "$PG_USER" "$REDIS_DB"
  } >"$STATE_FILE")
}

print_urls() {
  local port urls=""
  for port in $RASA_PORTS; do urls+="http://127.0.0.1:$port "; done
  cat <<EOF
cluster: ready
  load balancer   http://127.0.0.1:$LB_PORT  (REST: /webhooks/rest/webhook)
  Rasa replicas   $urls
  action server   http://127.0.0.1:$ACTION_PORT
  PostgreSQL      postgresql://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB  (password: $SECRET_DIR/pg_password unless PG_PASSWORD is set)
  Redis           redis://127.0.0.1:$REDIS_PORT/$REDIS_DB  (password: $SECRET_DIR/redis_password unless REDIS_PASSWORD is set)
  logs            $LOG_DIR
  stop with       make cluster-stop
EOF
}

# --- commands
stop_all() {
  local name servers=()
  stop_processes nginx:nginx
  for name in $(ls "$PID_DIR" 2>/dev/null | sed -n 's/^\(rasa-[0-9]*\)\.pid$/\1/p'); do
    servers+=("$name:rasa run")
  done
  stop_processes "${servers[@]}" actions:rasa_sdk
  stop_processes redis:redis-server
  stop_postgres
}

cmd_start() {
  bash scripts/install_services.sh
  PG_BIN=$(pg_bin) || die "PostgreSQL is not installed (scripts/install_services.sh installs it)"
  [ -f "$RASA_MODEL" ] || die "no model at $RASA_MODEL: run make train"
  mkdir -p "$PID_DIR" "$LOG_DIR"
  STARTING=yes
  load_secrets
  save_state
  start_postgres
  start_redis
  export PG_HOST=127.0.0.1 PG_PORT PG_DB PG_USER PG_PASSWORD REDIS_HOST=127.0.0.1 REDIS_PORT REDIS_DB REDIS_PASSWORD
  export ACTION_HOST=127.0.0.1 ACTION_PORT
  start_actions
  start_replicas
  say "waiting for the action server and $(wc -w <<<"$RASA_PORTS") Rasa replicas (a minute or two)"
  wait_ready
  start_nginx
  STARTING=no
  print_urls
}

cmd_status() {
  local index=0 port down=0
  report() { if [ "$2" = up ]; then printf '  %-16s up   %s\n' "$1" "$3"; else printf '  %-16s down\n' "$1"; down=1; fi; }
  if pg_running; then report PostgreSQL up "127.0.0.1:$PG_PORT"; else report PostgreSQL down; fi
  if pid_of redis redis-server >/dev/null; then report Redis up "127.0.0.1:$REDIS_PORT"; else report Redis down; fi
  if pid_of actions rasa_sdk >/dev/null; then report "action server" up "http://127.0.0.1:$ACTION_PORT"; else report "action server" down; fi
  for port in $RASA_PORTS; do
    index=$((index + 1))
    if pid_of "rasa-$index" "rasa run" >/dev/null; then report "replica $index" up "http://127.0.0.1:$port"; else report "replica $index" down; fi
  done
  if pid_of nginx nginx >/dev/null; then report nginx up "http://127.0.0.1:$LB_PORT"; else report nginx down; fi
  return "$down"
}

command=${1:-}
case "$command" in
  start|stop|status) ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
# A running cluster is described by its state file; the environment only matters for `start`.
if [ "$command" != start ] && [ -f "$STATE_FILE" ]; then
  # shellcheck disable=SC1090
  source "$STATE_FILE"
fi
load_settings
PG_BIN=$(pg_bin || true)
case "$command" in
  start) cmd_start ;;
  stop) stop_all; say "stopped" ;;
  status) cmd_status ;;
esac
