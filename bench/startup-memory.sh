#!/usr/bin/env bash
# Start-up and memory of keywarden with the Docker image's settings (bench/image-settings.sh):
#
# 1. start-up to readiness UP on an empty database, with and without the AOT cache: a first start
#    (Flyway creates the schema) and a second one (schema migrated, no rows), STARTUP_RUNS times
#    each, on a fresh database every time; process start to readiness UP and the CPU time the
#    process used by then (less sensitive than wall time to other work on the machine);
# 2. resident memory under load: KEYS keys and EVENTS chained audit events seeded as bench/run.sh
#    does, the standalone sandbox with 50 ms latency, keywarden with the image's settings, then
#    bench/run.sh's wrk scripts at 64 connections (warm-up, creates, key reads, the narrow list)
#    and one audit verification; VmHWM and the highest VmRSS sampled, and the throughput.
#
#   bench/startup-memory.sh                 (about 10 minutes with the default million rows)
#
# Environment: BENCH_JAVA (Temurin 25), STARTUP_RUNS (3), KEYS (1000000), EVENTS (1000000),
# DURATION (20 s per measured run), ONLY=startup|memory, BASELINE=1 (also the load with the
# settings before the image's: java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar keywarden.jar),
# BENCH_SKIP_BUILD=1 (use target/image and target/image-no-aot as they are).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAVA=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
export JAVA_HOME
JAVA_HOME=$(cd "$(dirname "$JAVA")/.." && pwd)
RUNS=${STARTUP_RUNS:-3}
KEYS=${KEYS:-1000000}
EVENTS=${EVENTS:-1000000}
DURATION=${DURATION:-20}
ONLY=${ONLY:-}
JAR=target/keywarden-0.1.0-SNAPSHOT.jar
DB=keywarden_startup_$$
WORK=$(mktemp -d /tmp/keywarden-startup-memory.XXXXXX)
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -Atq)
export WRK_DIR="$ROOT/bench/wrk"
PIDS=()

log() { printf '[startup-memory %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "$rc" -ne 0 ]; then log "failed (exit $rc); logs kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
now_ms() { date +%s%3N; }
fresh_db() {
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
"${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keywarden_app')
  THEN CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app'; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END \$\$" >/dev/null
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -x target/image/keywarden ] || [ ! -x target/image-no-aot/keywarden ]; then
  bench/image-settings.sh target/image >/dev/null
  IMAGE_AOT_CACHE=0 BENCH_SKIP_BUILD=1 bench/image-settings.sh target/image-no-aot >/dev/null
fi
COMMAND=$(KEYWARDEN_PRINT_COMMAND=1 target/image/keywarden)

PORT=0
KEYWARDEN_PID=""
# start_keywarden LOG KIND [extra arguments]: KIND image | image-no-aot | baseline. Sets
# KEYWARDEN_PID, READY_MS and CPU_MS (user + system time of the process at readiness).
start_keywarden() {
  local out=$1 kind=$2 started
  shift 2
  PORT=$(free_port)
  local args=(--spring.config.additional-location=file:"$ROOT/bench/keywarden-bench.yml"
    --server.port="$PORT" --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB"
    --keywarden.audit.checkpoint.directory="$WORK/checkpoints" "$@")
  started=$(now_ms)
  case $kind in
    baseline) "$JAVA" -Xmx256m -XX:+ExitOnOutOfMemoryError -jar "$JAR" "${args[@]}" >"$out" 2>&1 & ;;
    *) "target/$kind/keywarden" "${args[@]}" >"$out" 2>&1 & ;;
  esac
  KEYWARDEN_PID=$!
  PIDS+=("$KEYWARDEN_PID")
  for _ in $(seq 1 2400); do
    if curl -fsS "http://127.0.0.1:$PORT/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
      READY_MS=$(($(now_ms) - started))
      CPU_MS=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$KEYWARDEN_PID/stat")
      return 0
    fi
    kill -0 "$KEYWARDEN_PID" 2>/dev/null || { tail -40 "$out" >&2; return 1; }
    sleep 0.05
  done
  tail -40 "$out" >&2
  return 1
}

startup() {
  local kind out first=() second=() first_cpu=() second_cpu=()
  for kind in image image-no-aot; do
    first=(); second=(); first_cpu=(); second_cpu=()
    for run in $(seq 1 "$RUNS"); do
      fresh_db
      out="$WORK/start-$kind-$run"
      start_keywarden "$out-first.log" "$kind" --keywarden.upstream.base-url=http://127.0.0.1:9/
      first+=("$READY_MS"); first_cpu+=("$CPU_MS")
      stop_pid "$KEYWARDEN_PID"
      start_keywarden "$out-second.log" "$kind" --keywarden.upstream.base-url=http://127.0.0.1:9/
      second+=("$READY_MS"); second_cpu+=("$CPU_MS")
      stop_pid "$KEYWARDEN_PID"
      log "$kind run $run: first start ${first[-1]} ms (CPU ${first_cpu[-1]} ms), second ${second[-1]} ms (CPU ${second_cpu[-1]} ms), load $(cut -d' ' -f1 /proc/loadavg)"
    done
    printf '%-13s first start (Flyway creates the schema): median %5d ms to ready, CPU %5d ms; runs: %s\n' "$kind" \
      "$(printf '%s\n' "${first[@]}" | median)" "$(printf '%s\n' "${first_cpu[@]}" | median)" "${first[*]}"
    printf '%-13s second start (migrated, empty):          median %5d ms to ready, CPU %5d ms; runs: %s\n' "$kind" \
      "$(printf '%s\n' "${second[@]}" | median)" "$(printf '%s\n' "${second_cpu[@]}" | median)" "${second[*]}"
  done
}

seed() {
  fresh_db
  start_keywarden "$WORK/migrate.log" image --keywarden.upstream.base-url=http://127.0.0.1:9/
  stop_pid "$KEYWARDEN_PID"
  log "seeding $KEYS keys and $EVENTS audit events"
  "${PSQL[@]}" -d "$DB" <<SQL
INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status, secret_sha256,
                        issued_by, issuance_id, created_at, updated_at, recorded_at)
SELECT encode(sha256(('bench-key-' || i)::bytea), 'base64'), 'bench-' || (i % 10000), 100000 + (i % 10000),
       'seeded for the benchmark', 'ACTIVE', md5('secret-' || i) || md5('secret2-' || i), 'bench-issuer',
       gen_random_uuid(), now() - (i || ' seconds')::interval, now(), now()
FROM generate_series(1, $KEYS) AS i;
INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status, secret_sha256,
                        issued_by, issuance_id, created_at, updated_at, recorded_at)
SELECT encode(sha256(('bench-narrow-key-' || i)::bytea), 'base64'), 'bench-narrow-' || i, 90000 + i,
       'seeded for the benchmark', 'ACTIVE', encode(sha256(('narrow-secret-' || i)::bytea), 'hex'),
       'bench-issuer', gen_random_uuid(), now(), now(), now()
FROM generate_series(1, 20) AS i;
SQL
  "$JAVA" bench/SeedAuditEvents.java bench-seed "$EVENTS" | "${PSQL[@]}" -d "$DB" -c \
    "COPY audit_event (id, occurred_at, actor, action, outcome, user_name, access_key_id, upstream_ret_code,
     upstream_request_id, idempotency_key, request_id, client_address, detail, token_subject, token_id,
     previous_hash, hash, chain_version, key_id) FROM STDIN"
  "${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE access_key" -c "VACUUM ANALYZE audit_event"
  "${PSQL[@]}" -d "$DB" -c "COPY (SELECT access_key_id FROM access_key ORDER BY random() LIMIT 100000) TO STDOUT" \
    >"$WORK/ids.txt"
}

run_wrk() { # name script seconds: prints the RESULT line's fields
  wrk -t2 -c64 -d"$3s" --timeout 10s -s "$WRK_DIR/$2" "http://127.0.0.1:$PORT" >"$WORK/wrk-$1.txt" 2>&1 || true
  grep '^RESULT' "$WORK/wrk-$1.txt" | cut -d' ' -f2- || { cat "$WORK/wrk-$1.txt" >&2; return 1; }
}

memory() { # kind
  local kind=$1 sandbox_port sampler
  sandbox_port=$(free_port)
  "$JAVA" -XX:+ExitOnOutOfMemoryError -cp "$JAR" -Dloader.main=io.keywarden.sandbox.StandaloneSandbox \
    org.springframework.boot.loader.launch.PropertiesLauncher --port="$sandbox_port" --latency=50ms \
    --max-keys-per-user=100000000 --max-requests-per-second=0 >"$WORK/sandbox-$kind.log" 2>&1 &
  local sandbox_pid=$!
  PIDS+=("$sandbox_pid")
  for _ in $(seq 1 200); do curl -fsS "http://127.0.0.1:$sandbox_port/sandbox/upstream/stats" >/dev/null 2>&1 && break; sleep 0.1; done
  start_keywarden "$WORK/keywarden-$kind.log" "$kind" \
    --keywarden.upstream.base-url="http://127.0.0.1:$sandbox_port/sandbox/upstream/"
  log "$kind: ready in $READY_MS ms with $KEYS keys and $EVENTS events; load"
  echo 0 >"$WORK/rss-max"
  ( max=0
    while kill -0 "$KEYWARDEN_PID" 2>/dev/null; do
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$KEYWARDEN_PID/status" 2>/dev/null || echo 0)
      if [ "${rss:-0}" -gt "$max" ]; then max=$rss; echo "$max" >"$WORK/rss-max"; fi
      sleep 0.5
    done ) &
  sampler=$!
  export TOKEN=kw-bench-issuer-token NARROW_TOKEN=kw-bench-narrow-token USERS=1000 IDS="$WORK/ids.txt"
  RUN_ID=warm-$kind-$$ run_wrk "warm-create-$kind" keywarden-create.lua 10 >/dev/null
  run_wrk "warm-read-$kind" keywarden-read.lua 5 >/dev/null
  local verification creates reads narrow
  verification=$(curl -fsS -m 300 -o /dev/null -w '%{time_total}' -H 'Authorization: Bearer kw-bench-admin-token' \
    "http://127.0.0.1:$PORT/admin/v1/audit-events/verification")
  creates=$(RUN_ID=run-$kind-$$ run_wrk "create-$kind" keywarden-create.lua "$DURATION")
  reads=$(run_wrk "read-$kind" keywarden-read.lua "$DURATION")
  narrow=$(run_wrk "narrow-$kind" keywarden-narrow-list.lua "$DURATION")
  local hwm
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$KEYWARDEN_PID/status")
  echo "$kind: peak RSS (VmHWM) $((hwm / 1024)) MB, highest sampled VmRSS $(($(cat "$WORK/rss-max") / 1024)) MB (load average $(cut -d' ' -f1 /proc/loadavg))"
  echo "  creates: $creates"
  echo "  reads:   $reads"
  echo "  narrow:  $narrow"
  echo "  audit verification of $EVENTS events: ${verification}s"
  stop_pid "$KEYWARDEN_PID"
  stop_pid "$sandbox_pid"
  kill "$sampler" 2>/dev/null || true
}

echo "image command: $COMMAND"
echo "$(nproc) cores, $("$JAVA" -version 2>&1 | sed -n 2p), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ONLY" != memory ]; then
  startup
fi
if [ "$ONLY" != startup ]; then
  seed
  memory image
  if [ "${BASELINE:-0}" = 1 ]; then
    memory baseline
  fi
fi
