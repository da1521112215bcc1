# Shared by scripts/crash-test.sh and scripts/two-instances.sh: processes on loopback, a database
# of their own, a webhook receiver, everything stopped and dropped on exit.
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JAVA=${KEYWARDEN_JAVA:-$(command -v java)}
JAR=target/keywarden-0.1.0-SNAPSHOT.jar
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -Atq)
ADMIN_TOKEN=kw-script-admin-token
WORK=$(mktemp -d "/tmp/keywarden-$(basename "$0" .sh).XXXXXX")
PIDS=()
DATABASES=()
# Commands run on exit once the processes are stopped, before the logs go (scripts/failover-test.sh
# stops its own PostgreSQL clusters here).
CLEANUP_HOOKS=()
# Set by a script that runs keywarden on a database other than 127.0.0.1:5432's (launch_keywarden).
KEYWARDEN_JDBC_URL=
FAILURES=0

log() { printf '[%s %s] %s\n' "$(basename "$0" .sh)" "$(date +%H:%M:%S)" "$*" >&2; }

check() { # $1: description, then a command that succeeds when the check holds
  local what=$1
  shift
  if "$@"; then
    echo "  ok    $what"
  else
    echo "  FAIL  $what"
    FAILURES=$((FAILURES + 1))
  fi
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  for hook in "${CLEANUP_HOOKS[@]}"; do "$hook" || true; done
  for db in "${DATABASES[@]}"; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "$rc" -ne 0 ] && [ "${KEEP_LOGS_ON_FAILURE:-1}" = 1 ]; then
    log "logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

ensure_jar() {
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
  if [ ! -f "$JAR" ]; then
    log "building $JAR"
    ./mvnw -B -q -o -DskipTests package >"$WORK/build.log" 2>&1 || ./mvnw -B -q -DskipTests package >"$WORK/build.log" 2>&1
  fi
}

# The role keywarden connects as; roles belong to the whole server, so make it once.
ensure_application_role() {
  "${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keywarden_app')
    THEN CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app'; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END \$\$" >/dev/null
}

new_database() { # $1: name prefix; prints the name
  local db="${1}_$$"
  ensure_application_role
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $db" >/dev/null
  echo "$db"
}

start_sandbox() { # $1: port, then sandbox arguments; sets SANDBOX_PID
  local port=$1
  shift
  "$JAVA" -XX:+ExitOnOutOfMemoryError -cp "$JAR" -Dloader.main=io.keywarden.sandbox.StandaloneSandbox \
    org.springframework.boot.loader.launch.PropertiesLauncher --port="$port" "$@" >"$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  PIDS+=("$SANDBOX_PID")
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/sandbox/upstream/stats" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the sandbox did not start" >&2
  cat "$WORK/sandbox.log" >&2
  return 1
}

launch_keywarden() { # $1 port, $2 database (and checkpoint directory's name), $3 sandbox port, $4 log, then extra properties; sets KEYWARDEN_PID
  local port=$1 db=$2 sandbox_port=$3 logfile=$4
  shift 4
  "$JAVA" -XX:+ExitOnOutOfMemoryError -jar "$JAR" \
    --spring.config.additional-location=file:"$ROOT/scripts/keywarden-scripts.yml" \
    --server.port="$port" \
    --spring.datasource.url="${KEYWARDEN_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/$db}" \
    --keywarden.upstream.base-url="http://127.0.0.1:$sandbox_port/sandbox/upstream/" \
    --keywarden.audit.checkpoint.directory="$WORK/checkpoints-$db" \
    "$@" >"$logfile" 2>&1 &
  KEYWARDEN_PID=$!
  PIDS+=("$KEYWARDEN_PID")
}

await_ready() { # $1 port, $2 pid, $3 log
  for _ in $(seq 1 1800); do
    curl -fsS "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "keywarden on :$1 did not become ready" >&2
  tail -40 "$3" >&2
  return 1
}

# A receiver on loopback (scripts/webhook_receiver.py) and the subscription that sends it key.issued
# for the given users; the secret is made for the run. Sets RECEIVED (its JSON lines) and SUBSCRIPTION
# (keywarden's arguments, the same for every instance).
start_receiver() { # $1: user-name glob
  local port secret
  port=$(free_port)
  secret="whsec_$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
  RECEIVED="$WORK/received.jsonl"
  : >"$RECEIVED"
  python3 scripts/webhook_receiver.py --port "$port" --secret "$secret" --out "$RECEIVED" 2>"$WORK/receiver.log" &
  PIDS+=("$!")
  for _ in $(seq 1 50); do grep -q listening "$WORK/receiver.log" 2>/dev/null && break; sleep 0.1; done
  SUBSCRIPTION=(
    --keywarden.events.allow-private-targets=true
    --keywarden.events.allow-insecure-http=true
    "--keywarden.events.subscriptions[0].name=script-hooks"
    "--keywarden.events.subscriptions[0].url=http://127.0.0.1:$port/hooks"
    "--keywarden.events.subscriptions[0].secret=$secret"
    "--keywarden.events.subscriptions[0].types=key.issued"
    "--keywarden.events.subscriptions[0].user-names=$1"
  )
}

admin() { # $1 method, $2 url
  curl -sS -m 120 -X "$1" -H "Authorization: Bearer $ADMIN_TOKEN" "$2"
}

admin_post() { # $1 url, $2 JSON body
  curl -sS -m 120 -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d "$2" "$1"
}

summary() {
  if [ "$FAILURES" -eq 0 ]; then
    echo "PASS: $(basename "$0") ($SECONDS s)"
  else
    echo "FAIL: $(basename "$0"): $FAILURES check(s) failed ($SECONDS s)"
    exit 1
  fi
}
