#!/usr/bin/env bash
# Keywarden benchmark, one command: bench/run.sh
#
# Starts two standalone sandbox upstreams (one with a fixed latency, one answering at once) and a
# PostgreSQL-backed keywarden on Temurin 25, seeds 1,000,000 access keys and 1,000,000 chained
# audit events, and measures with wrk, side by side in one run: creates straight to the sandbox vs
# through keywarden at 64 connections (upstream latency 50 ms) and at 1 connection (upstream 0 ms),
# key reads by id vs the liveness endpoint at 8 connections, the narrow-scope key list, audit
# verification, start-up time and peak RSS. Prints a side-by-side table and writes
# bench/RESULTS.md (the text after the "analysis" marker there is kept).
#
# Settings (environment): BENCH_DURATION (s per measured run, 20), BENCH_CONNECTIONS (64),
# BENCH_LATENCY (50ms), BENCH_KEYS (1000000), BENCH_EVENTS (1000000), BENCH_DB (keywarden_bench),
# BENCH_JAVA (Temurin 25), BENCH_JAVA_OPTS (JVM options of keywarden), BENCH_SKIP_BUILD=1,
# BENCH_ONLY=narrow-list (only the narrow-scope list: prints its line, leaves RESULTS.md alone),
# BENCH_ONLY=audit-proof (only checkpoint cost and offline verification: prints their lines).
# BENCH_ONLY=leases (only bench/leases.sh: lease expiry and bulk revocation at the upstream's rate
# limit, which writes its own section of RESULTS.md; the full run ends with it too unless
# BENCH_SKIP_LEASES=1).
# BENCH_ONLY=events (only bench/events.sh: what domain events and a webhook subscription add to a
# create, and webhook deliveries per second from commit to the receiver's answer, which writes its
# own section of RESULTS.md; not part of the full run, as it starts keywarden six times).
# BENCH_PROFILE=<label> also profiles the 64-connection and the 1-connection creates with
# async-profiler (fetched from Maven Central), in passes of their own after the measured runs:
# CPU with the shipped settings, and wall-clock with platform request threads (a parked virtual
# thread has no stack to sample).
# The flame graphs go to bench/profiles/<label>-*.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=${BENCH_DURATION:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
LATENCY=${BENCH_LATENCY:-50ms}
KEYS=${BENCH_KEYS:-1000000}
EVENTS=${BENCH_EVENTS:-1000000}
DB=${BENCH_DB:-keywarden_bench}
JAVA=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# keywarden runs as the Docker image runs it (bench/image-settings.sh: the image's JVM settings,
# entry point and AOT cache), unless BENCH_JAVA_OPTS names other JVM options for a plain
# "java ... -jar" (for example "-Xmx256m -XX:+ExitOnOutOfMemoryError", the settings before the image's).
KW_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
JAR=target/keywarden-0.1.0-SNAPSHOT.jar
WORK=$(mktemp -d /tmp/keywarden-bench.XXXXXX)
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -Atq)
ISSUER_TOKEN=kw-bench-issuer-token
ADMIN_TOKEN=kw-bench-admin-token
NARROW_TOKEN=kw-bench-narrow-token
ONLY=${BENCH_ONLY:-}
PROFILE=${BENCH_PROFILE:-}
ASYNC_PROFILER_VERSION=4.2
CHECKPOINTS="$WORK/checkpoints"
export WRK_DIR="$ROOT/bench/wrk"

SANDBOX_PID=""
SANDBOX0_PID=""
KEYWARDEN_PID=""
SAMPLER_PID=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  stop_pid "$SAMPLER_PID"
  stop_pid "$KEYWARDEN_PID"
  stop_pid "$SANDBOX_PID"
  stop_pid "$SANDBOX0_PID"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "$rc" -ne 0 ]; then
    log "failed (exit $rc); logs kept in $WORK"
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

now_ms() { date +%s%3N; }

if [ "${BENCH_ONLY:-}" = leases ]; then
  exec bench/leases.sh
fi
if [ "${BENCH_ONLY:-}" = events ]; then
  exec bench/events.sh
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- preflight --------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null
fi
[ -x "$JAVA" ] || { echo "no JDK at $JAVA (set BENCH_JAVA)" >&2; exit 1; }
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
  log "building $JAR"
  ./mvnw -B -q -o -DskipTests package >"$WORK/build.log" 2>&1 || ./mvnw -B -q -DskipTests package >"$WORK/build.log" 2>&1
fi

IMAGE=""
if [ -z "$KW_JAVA_OPTS" ]; then
  IMAGE="$WORK/image"
  log "making the image's /app in $IMAGE (bench/image-settings.sh: JVM settings and AOT cache)"
  BENCH_SKIP_BUILD=1 BENCH_JAVA="$JAVA" bench/image-settings.sh "$IMAGE" >"$WORK/image.log" 2>&1 \
    || { tail -30 "$WORK/image.log" >&2; exit 1; }
  KW_COMMAND=$(JAVA_HOME=$(cd "$(dirname "$JAVA")/.." && pwd) JAVA_OPTS="" KEYWARDEN_PRINT_COMMAND=1 "$IMAGE/keywarden" | sed "s|$IMAGE|/app|g")
else
  KW_COMMAND="java $KW_JAVA_OPTS -jar keywarden.jar"
fi

SANDBOX_PORT=$(free_port)
SANDBOX0_PORT=$(free_port)
KEYWARDEN_PORT=$(free_port)
KW="http://127.0.0.1:$KEYWARDEN_PORT"
SANDBOX="http://127.0.0.1:$SANDBOX_PORT/sandbox/upstream/"
SANDBOX0="http://127.0.0.1:$SANDBOX0_PORT/sandbox/upstream/"
UPSTREAM=$SANDBOX

# --- database and processes -------------------------------------------------------------------
# The role keywarden connects as (keywarden-bench.yml); roles belong to the whole server.
"${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keywarden_app')
  THEN CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app'; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END \$\$" >/dev/null
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null

start_sandbox() { # $1 port, $2 latency, $3 log; prints the pid
  "$JAVA" -XX:+ExitOnOutOfMemoryError -cp "$JAR" -Dloader.main=io.keywarden.sandbox.StandaloneSandbox \
    org.springframework.boot.loader.launch.PropertiesLauncher \
    --port="$1" --latency="$2" --max-keys-per-user=100000000 --max-requests-per-second=0 \
    >"$3" 2>&1 &
  echo $!
}
wait_sandbox() {
  for _ in $(seq 1 100); do curl -fsS "${1}stats" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "${1}stats" >/dev/null
}
log "starting the sandboxes: :$SANDBOX_PORT with latency $LATENCY, :$SANDBOX0_PORT answering at once"
SANDBOX_PID=$(start_sandbox "$SANDBOX_PORT" "$LATENCY" "$WORK/sandbox.log")
SANDBOX0_PID=$(start_sandbox "$SANDBOX0_PORT" 0ms "$WORK/sandbox0.log")
wait_sandbox "$SANDBOX"
wait_sandbox "$SANDBOX0"

start_keywarden() { # $1: log file, then keywarden's own arguments; sets KEYWARDEN_PID and STARTUP_MS
  local started log=$1
  shift
  started=$(now_ms)
  local launch=("$JAVA" $KW_JAVA_OPTS -jar "$JAR")
  if [ -n "$IMAGE" ]; then
    launch=(env JAVA_HOME="$(cd "$(dirname "$JAVA")/.." && pwd)" JAVA_OPTS= "$IMAGE/keywarden")
  fi
  # shellcheck disable=SC2086
  "${launch[@]}" "$@" \
    --spring.config.additional-location=file:"$ROOT/bench/keywarden-bench.yml" \
    --server.port="$KEYWARDEN_PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    --keywarden.upstream.base-url="$UPSTREAM" \
    --keywarden.audit.checkpoint.directory="$CHECKPOINTS" \
    >"$log" 2>&1 &
  KEYWARDEN_PID=$!
  for _ in $(seq 1 1200); do
    if curl -fsS "$KW/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
      STARTUP_MS=$(($(now_ms) - started))
      return 0
    fi
    kill -0 "$KEYWARDEN_PID" 2>/dev/null || { tail -50 "$log" >&2; return 1; }
    sleep 0.05
  done
  tail -50 "$log" >&2
  return 1
}

log "first start of keywarden: Flyway creates the schema"
start_keywarden "$WORK/keywarden-migrate.log"
STARTUP_MIGRATE_MS=$STARTUP_MS
stop_pid "$KEYWARDEN_PID"
log "second start, on the migrated empty database"
start_keywarden "$WORK/keywarden-empty.log"
STARTUP_EMPTY_MS=$STARTUP_MS
stop_pid "$KEYWARDEN_PID"
KEYWARDEN_PID=""

log "seeding $KEYS access keys and $EVENTS chained audit events"
seed_started=$(now_ms)
"${PSQL[@]}" -d "$DB" <<SQL
INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status, secret_sha256,
                        issued_by, issuance_id, created_at, updated_at, recorded_at)
-- Ids in the gateway's shape (standard Base64 of 32 bytes), so reads exercise encoded slashes.
SELECT encode(sha256(('bench-key-' || i)::bytea), 'base64'), 'bench-' || (i % 10000), 100000 + (i % 10000),
       'seeded for the benchmark',
       'ACTIVE', md5('secret-' || i) || md5('secret2-' || i), 'bench-issuer', gen_random_uuid(),
       now() - (i || ' seconds')::interval, now(), now()
FROM generate_series(1, $KEYS) AS i;
-- The narrow client's 20 keys, newest of all: a scope filtered in Java would read every key first.
INSERT INTO access_key (access_key_id, user_name, upstream_user_id, description, status, secret_sha256,
                        issued_by, issuance_id, created_at, updated_at, recorded_at)
SELECT encode(sha256(('bench-narrow-key-' || i)::bytea), 'base64'), 'bench-narrow-' || i, 90000 + i,
       'seeded for the benchmark', 'ACTIVE', encode(sha256(('narrow-secret-' || i)::bytea), 'hex'),
       'bench-issuer', gen_random_uuid(), now(), now(), now()
FROM generate_series(1, 20) AS i;
SQL
[ "$ONLY" = narrow-list ] && EVENTS=0
"$JAVA" "$ROOT/bench/SeedAuditEvents.java" bench-seed "$EVENTS" | "${PSQL[@]}" -d "$DB" -c \
  "COPY audit_event (id, occurred_at, actor, action, outcome, user_name, access_key_id, upstream_ret_code,
   upstream_request_id, idempotency_key, request_id, client_address, detail, token_subject, token_id,
   previous_hash, hash, chain_version, key_id) FROM STDIN"
"${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE access_key" -c "VACUUM ANALYZE audit_event"
"${PSQL[@]}" -d "$DB" -c "COPY (SELECT access_key_id FROM access_key ORDER BY random() LIMIT 100000) TO STDOUT" \
  >"$WORK/ids.txt"
SEED_S=$(awk -v ms=$(($(now_ms) - seed_started)) 'BEGIN { printf "%.1f", ms / 1000 }')
log "seeded in ${SEED_S}s"

# Pre-signed CreateAccessKey bodies for the direct runs, one per user (the signature has no nonce).
python3 - "$WORK/bodies.txt" <<'PY'
import hashlib, sys, urllib.parse
with open(sys.argv[1], "w") as out:
    for n in range(1000):
        params = {"Action": "CreateAccessKey", "UserName": f"bench-d{n}", "PublicKey": "sandbox-demo-public-key"}
        text = "".join(k + v for k, v in sorted(params.items())) + "sandbox-demo-private-key"
        params["Signature"] = hashlib.sha1(text.encode()).hexdigest()
        out.write(urllib.parse.urlencode(params) + "\n")
PY

log "starting keywarden on :$KEYWARDEN_PORT (measuring start-up)"
start_keywarden "$WORK/keywarden.log"
STARTED_LINE=$(grep -o 'Started KeywardenApplication in [0-9.]* seconds' "$WORK/keywarden.log" | head -1 || true)
SPRING_STARTUP_S=$(echo "$STARTED_LINE" | grep -o '[0-9.]*' | head -1 || true)

# Peak RSS: VmHWM is the kernel's high-water mark; the sampler records VmRSS during the load runs,
# each sample with the phase the run is in (phase below), so the report says where the peak was.
echo 0 >"$WORK/rss-max"
phase() { echo "$1" >"$WORK/phase"; }
phase ready
(
  max=0
  while kill -0 "$KEYWARDEN_PID" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$KEYWARDEN_PID/status" 2>/dev/null || echo 0)
    if [ "${rss:-0}" -gt "$max" ]; then max=$rss; echo "$max" >"$WORK/rss-max"; fi
    echo "$(cat "$WORK/phase") ${rss:-0}" >>"$WORK/rss-trace"
    sleep 0.5
  done
) &
SAMPLER_PID=$!

verify() { # prints "seconds events intact"
  local out
  out=$(curl -fsS -m 300 -o "$WORK/verification.json" -w '%{time_total}' \
    -H "Authorization: Bearer $ADMIN_TOKEN" "$KW/admin/v1/audit-events/verification")
  python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print(sys.argv[2], v["eventsChecked"], str(v["intact"]).lower())' \
    "$WORK/verification.json" "$out"
}

log "audit verification over the seeded log (first walk after start)"
phase verification
read -r VERIFY_COLD_S VERIFY_COLD_N VERIFY_COLD_OK < <(verify)
log "verification: ${VERIFY_COLD_S}s, $VERIFY_COLD_N events, intact=$VERIFY_COLD_OK"

run_wrk() { # $1 name, $2 url, $3 script, $4 seconds[, $5 connections]; prints the RESULT line
  local name=$1 url=$2 script=$3 seconds=$4 connections=${5:-$CONNECTIONS}
  local threads=$((connections < 2 ? 1 : 2))
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$WRK_DIR/$script" "$url" >"$WORK/wrk-$name.txt" 2>&1 || true
  grep '^RESULT' "$WORK/wrk-$name.txt" || { cat "$WORK/wrk-$name.txt" >&2; return 1; }
}

# Checkpoint cost: creates (one audit append each) with no checkpoint signed, then with one signed
# every second by the checkpoint job (sixty times the default rate). The append path is the same
# with checkpoints on or off; what differs is the job's signing and file writes beside the load.
checkpoint_cost() { # sets CKPT_OFF and CKPT_ON (RESULT lines)
  log "checkpoint cost: creates without checkpoints (${DURATION}s)"
  CKPT_OFF=$(RUN_ID=off-$$ run_wrk ckpt-off "$KW" keywarden-create.lua "$DURATION")
  log "checkpoint cost: creates with a checkpoint every second (${DURATION}s)"
  ( while true; do
      curl -sS -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "$KW/admin/v1/jobs/audit-checkpoint/runs"
      sleep 1
    done ) &
  local signer=$!
  CKPT_ON=$(RUN_ID=on-$$ run_wrk ckpt-on "$KW" keywarden-create.lua "$DURATION")
  kill "$signer" 2>/dev/null || true
  wait "$signer" 2>/dev/null || true
  CKPT_COUNT=$(ls "$CHECKPOINTS" | wc -l)
}

# Offline verification: export the whole log over HTTP, then the jar's verify-audit with the
# checkpoint directory and the served public key; no database, no keywarden, no chain key.
offline_verification() { # sets EXPORT_S, OFFLINE_S, OFFLINE_N, OFFLINE_RESULT
  local started
  started=$(now_ms)
  curl -fsS -m 600 -H "Authorization: Bearer $ADMIN_TOKEN" "$KW/admin/v1/audit-events/export" >"$WORK/export.ndjson"
  EXPORT_S=$(awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.1f", ms / 1000 }')
  curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$KW/admin/v1/audit-checkpoints/public-key" >"$WORK/audit.pem"
  OFFLINE_N=$(wc -l <"$WORK/export.ndjson")
  started=$(now_ms)
  OFFLINE_RESULT=$("$JAVA" -Xmx256m -jar "$JAR" verify-audit --events "$WORK/export.ndjson" \
    --checkpoints "$CHECKPOINTS" --public-key "$WORK/audit.pem" 2>&1 | head -1 | cut -c1-60)
  OFFLINE_S=$(awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.1f", ms / 1000 }')
}

# --- profiles (BENCH_PROFILE) -------------------------------------------------------------------
PROFILER_LIB=""
if [ -n "$PROFILE" ]; then
  PROFILER_LIB="$ROOT/target/async-profiler-$ASYNC_PROFILER_VERSION/linux-x64/libasyncProfiler.so"
  if [ ! -f "$PROFILER_LIB" ]; then
    log "fetching async-profiler $ASYNC_PROFILER_VERSION and its converter from Maven Central"
    mkdir -p "$ROOT/target/async-profiler-$ASYNC_PROFILER_VERSION"
    base=https://repo1.maven.org/maven2/tools/profiler
    curl -fsS -o "$WORK/ap.jar" "$base/async-profiler/$ASYNC_PROFILER_VERSION/async-profiler-$ASYNC_PROFILER_VERSION-linux-x64.jar"
    (cd "$ROOT/target/async-profiler-$ASYNC_PROFILER_VERSION" && unzip -q -o "$WORK/ap.jar" 'linux-x64/*')
    curl -fsS -o "$ROOT/target/async-profiler-$ASYNC_PROFILER_VERSION/jfr-converter.jar" \
      "$base/jfr-converter/$ASYNC_PROFILER_VERSION/jfr-converter-$ASYNC_PROFILER_VERSION.jar"
  fi
  mkdir -p "$ROOT/bench/profiles"
fi

profiled_wrk() { # like run_wrk; with BENCH_PROFILE, $6 names the profile and $7 its event (cpu, wall)
  local name=$1 graph=${6:-} event=${7:-cpu}
  if [ -z "$PROFILE" ] || [ -z "$graph" ]; then
    run_wrk "$@"
    return
  fi
  local jfr="$WORK/profile-$graph.jfr" interval=1ms
  [ "$event" = wall ] && interval=5ms
  jcmd "$KEYWARDEN_PID" JVMTI.agent_load "$PROFILER_LIB" "\"start,event=$event,interval=$interval,file=$jfr\"" >/dev/null
  local result
  result=$(run_wrk "$1" "$2" "$3" "$4" "${5:-$CONNECTIONS}")
  jcmd "$KEYWARDEN_PID" JVMTI.agent_load "$PROFILER_LIB" "\"stop,file=$jfr\"" >/dev/null
  "$JAVA" -jar "$(dirname "$(dirname "$PROFILER_LIB")")/jfr-converter.jar" -o collapsed "$jfr" "$WORK/profile-$graph.collapsed" >/dev/null
  # A wall-clock graph shows the request threads and the group-commit writer, not idle pools.
  local include=""
  [ "$event" = wall ] && include="Http11Processor|GroupCommit"
  python3 "$ROOT/bench/flamegraph.py" --title "$PROFILE: $graph ($event)" --include "$include" \
    --subtitle "$(echo "$result" | sed 's/ connect=.*//')" "$WORK/profile-$graph.collapsed" \
    >"$ROOT/bench/profiles/$PROFILE-$graph.svg"
  echo "$result"
}

export BODIES="$WORK/bodies.txt" IDS="$WORK/ids.txt" TOKEN="$ISSUER_TOKEN" USERS=1000 NARROW_TOKEN
if [ "$ONLY" = audit-proof ]; then
  log "warming up (not measured)"
  RUN_ID=warm-$$ run_wrk warm-create "$KW" keywarden-create.lua 10 >/dev/null
  checkpoint_cost
  offline_verification
  echo "creates (appends), no checkpoint: $CKPT_OFF"
  echo "creates (appends), a checkpoint every second: $CKPT_ON ($CKPT_COUNT checkpoint files)"
  echo "export of $OFFLINE_N events: ${EXPORT_S}s; offline verification: ${OFFLINE_S}s: $OFFLINE_RESULT"
  exit 0
fi
if [ "$ONLY" = narrow-list ]; then
  log "warming up, then measuring the narrow-scope list (${DURATION}s, $CONNECTIONS connections)"
  run_wrk warm-narrow "$KW" keywarden-narrow-list.lua 5 >/dev/null
  NARROW=$(run_wrk narrow "$KW" keywarden-narrow-list.lua "$DURATION")
  echo "narrow-scope list, $KEYS keys (20 in scope): $NARROW"
  exit 0
fi
log "warming up (not measured): keywarden creates and reads, sandbox creates"
phase warm-up
# 30 s of creates: with 10 s, the creates measured first ran while the JIT still compiled the
# create path (a later profiled pass of the same process created 20% faster).
RUN_ID=warm-$$ run_wrk warm-create "$KW" keywarden-create.lua 30 >/dev/null
run_wrk warm-read "$KW" keywarden-read.lua 5 >/dev/null
run_wrk warm-direct "$SANDBOX" direct-create.lua 3 >/dev/null

log "measuring creates straight to the sandbox (${DURATION}s, $CONNECTIONS connections)"
DIRECT=$(run_wrk direct "$SANDBOX" direct-create.lua "$DURATION")
log "measuring creates through keywarden (${DURATION}s, $CONNECTIONS connections)"
phase creates
THROUGH=$(RUN_ID=run-$$ run_wrk through "$KW" keywarden-create.lua "$DURATION" "$CONNECTIONS")
log "measuring key reads (${DURATION}s, $CONNECTIONS connections)"
phase reads
READS=$(run_wrk reads "$KW" keywarden-read.lua "$DURATION")
log "measuring key reads and the liveness endpoint side by side (${DURATION}s each, 8 connections)"
READS8=$(run_wrk reads8 "$KW" keywarden-read.lua "$DURATION" 8)
LIVENESS8=$(run_wrk liveness8 "$KW/actuator/health/liveness" report.lua "$DURATION" 8)
log "measuring the narrow-scope key list (${DURATION}s, $CONNECTIONS connections)"
phase narrow-list
NARROW=$(run_wrk narrow "$KW" keywarden-narrow-list.lua "$DURATION")

phase checkpoints
checkpoint_cost
phase export
offline_verification

log "audit verification again (warm, with the events the runs appended)"
phase verification
read -r VERIFY_S VERIFY_N VERIFY_OK < <(verify)
log "verification: ${VERIFY_S}s, $VERIFY_N events, intact=$VERIFY_OK"

HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$KEYWARDEN_PID/status")
RSS_MAX_KB=$(cat "$WORK/rss-max")
phase done
sleep 1
# The highest VmRSS sampled in each phase, in the order the phases ran.
RSS_PHASES=$(awk '{ if (!($1 in max)) order[n++] = $1; if ($2 > max[$1]) max[$1] = $2 }
  END { for (i = 0; i < n; i++) if (order[i] != "done") printf "%s%s %.0f", (i ? ", " : ""), order[i], max[order[i]] / 1024 }' \
  "$WORK/rss-trace")

if [ -n "$PROFILE" ]; then
  # Profiles in passes of their own, after the measured runs and the memory figures: a profiler
  # costs CPU while it samples and keeps its memory in the process once loaded.
  log "profiling creates (${DURATION}s, $CONNECTIONS connections)"
  RUN_ID=prof64-$$ profiled_wrk prof64 "$KW" keywarden-create.lua "$DURATION" "$CONNECTIONS" create-64-cpu >/dev/null
fi

# One connection, an upstream answering at once: what keywarden adds to a single create.
log "restarting keywarden against the sandbox answering at once"
stop_pid "$SAMPLER_PID"
stop_pid "$KEYWARDEN_PID"
UPSTREAM=$SANDBOX0
start_keywarden "$WORK/keywarden-idle.log"
# Warmed at 64 connections first: 10 s at one connection left the JIT compiling through the
# measured run, and the single create measured the compiler rather than keywarden.
RUN_ID=warm64-$$ run_wrk warm-idle64 "$KW" keywarden-create.lua 20 >/dev/null
RUN_ID=warm1-$$ run_wrk warm-idle "$KW" keywarden-create.lua 5 1 >/dev/null
run_wrk warm-direct1 "$SANDBOX0" direct-create.lua 3 1 >/dev/null
log "measuring single creates straight to the sandbox and through keywarden (${DURATION}s each, 1 connection)"
DIRECT1=$(run_wrk direct1 "$SANDBOX0" direct-create.lua "$DURATION" 1)
THROUGH1=$(RUN_ID=one-$$ run_wrk through1 "$KW" keywarden-create.lua "$DURATION" 1)
if [ -n "$PROFILE" ]; then
  log "profiling single creates (${DURATION}s, 1 connection)"
  RUN_ID=prof1-$$ profiled_wrk prof1 "$KW" keywarden-create.lua "$DURATION" 1 create-1-cpu >/dev/null
fi

if [ -n "$PROFILE" ]; then
  # Wall-clock: where a request waits (pool, group commit, upstream, socket). Sampled with
  # platform request threads, since an unmounted virtual thread shows no stack.
  log "profiling wall-clock with platform request threads"
  stop_pid "$KEYWARDEN_PID"
  start_keywarden "$WORK/keywarden-wall1.log" --spring.threads.virtual.enabled=false
  RUN_ID=warmw64-$$ run_wrk warm-wall1-64 "$KW" keywarden-create.lua 20 >/dev/null
  RUN_ID=warmw1-$$ run_wrk warm-wall1 "$KW" keywarden-create.lua 5 1 >/dev/null
  RUN_ID=wall1-$$ profiled_wrk wall1 "$KW" keywarden-create.lua "$DURATION" 1 create-1-wall wall >/dev/null
  stop_pid "$KEYWARDEN_PID"
  UPSTREAM=$SANDBOX
  start_keywarden "$WORK/keywarden-wall64.log" --spring.threads.virtual.enabled=false
  RUN_ID=warmw64-$$ run_wrk warm-wall64 "$KW" keywarden-create.lua 10 >/dev/null
  RUN_ID=wall64-$$ profiled_wrk wall64 "$KW" keywarden-create.lua "$DURATION" "$CONNECTIONS" create-64-wall wall >/dev/null
fi
SANDBOX_STATS=$(curl -fsS "${SANDBOX}stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["calls"])')

# --- report -----------------------------------------------------------------------------------
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
verdict() { awk "BEGIN { exit !($1) }" && echo met || echo "NOT met"; }
row() { # $1 label, $2 RESULT line
  echo "| $1 | $(field "$2" rps) | $(field "$2" p50_ms) | $(field "$2" p90_ms) | $(field "$2" p99_ms) | $(field "$2" non2xx) | $(field "$2" connect)/$(field "$2" read)/$(field "$2" timeout) |"
}

D_RPS=$(field "$DIRECT" rps); T_RPS=$(field "$THROUGH" rps)
D50=$(field "$DIRECT" p50_ms); D90=$(field "$DIRECT" p90_ms); D99=$(field "$DIRECT" p99_ms)
T50=$(field "$THROUGH" p50_ms); T90=$(field "$THROUGH" p90_ms); T99=$(field "$THROUGH" p99_ms)
N99=$(field "$NARROW" p99_ms)
RATIO=$(calc "$T_RPS / $D_RPS")
ADD50=$(calc "$T50 - $D50"); ADD90=$(calc "$T90 - $D90"); ADD99=$(calc "$T99 - $D99")
ONE_ADD50=$(calc "$(field "$THROUGH1" p50_ms) - $(field "$DIRECT1" p50_ms)")
ONE_ADD99=$(calc "$(field "$THROUGH1" p99_ms) - $(field "$DIRECT1" p99_ms)")
READ_RATIO=$(calc "$(field "$READS8" rps) / $(field "$LIVENESS8" rps)")
HWM_MB=$(calc "$HWM_KB / 1024"); RSS_MAX_MB=$(calc "$RSS_MAX_KB / 1024")
STARTUP_S=$(calc "$STARTUP_MS / 1000")
STARTUP_MIGRATE_S=$(calc "$STARTUP_MIGRATE_MS / 1000"); STARTUP_EMPTY_S=$(calc "$STARTUP_EMPTY_MS / 1000")
JDK=$("$JAVA" -version 2>&1 | sed -n 2p)
MEM=$(free -h | awk '/^Mem:/ { print $2 }')
PROFILES=""
if [ -n "$PROFILE" ]; then
  PROFILES="Flame graphs of this run (\`BENCH_PROFILE=$PROFILE\`): $(for g in create-64-cpu create-64-wall create-1-cpu create-1-wall; do printf '[%s](profiles/%s-%s.svg) ' "$g" "$PROFILE" "$g"; done)"
fi

REPORT=$(cat <<EOF
# Benchmark results

Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),
$MEM RAM, $JDK, PostgreSQL $("${PSQL[@]}" -d postgres -c 'SHOW server_version'). wrk, the sandboxes, keywarden and
PostgreSQL share the same cores (load average before the run: $LOAD_BEFORE); compare the figures of one run.
${DURATION}s per measured run after a warm-up; keywarden runs as \`$KW_COMMAND\`.
$PROFILES

| | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | errors (connect/read/timeout) |
|---|---:|---:|---:|---:|---:|---:|
$(row "CreateAccessKey straight to the sandbox, $CONNECTIONS connections, upstream $LATENCY" "$DIRECT")
$(row "POST /v1/access-keys through keywarden, $CONNECTIONS connections, upstream $LATENCY" "$THROUGH")
| keywarden / direct, added latency | ratio $RATIO | +$ADD50 | +$ADD90 | +$ADD99 | | |
$(row "CreateAccessKey straight to the sandbox, 1 connection, upstream 0 ms" "$DIRECT1")
$(row "POST /v1/access-keys through keywarden, 1 connection, upstream 0 ms" "$THROUGH1")
$(row "GET /v1/access-keys/{id}, $KEYS keys, 8 connections" "$READS8")
$(row "GET /actuator/health/liveness, 8 connections" "$LIVENESS8")
$(row "GET /v1/access-keys/{id}, $KEYS keys, $CONNECTIONS connections" "$READS")
$(row "GET /v1/access-keys?limit=1, narrow scope (20 of $KEYS keys), $CONNECTIONS connections" "$NARROW")
$(row "creates (audit appends), no checkpoint signed" "$CKPT_OFF")
$(row "creates (audit appends), a checkpoint signed every second" "$CKPT_ON")

| Other | value |
|---|---|
| start-up to readiness UP, first start on an empty database (Flyway creates the schema) | ${STARTUP_MIGRATE_S}s |
| start-up to readiness UP, migrated empty database | ${STARTUP_EMPTY_S}s |
| start-up to readiness UP, $KEYS keys and $EVENTS events | ${STARTUP_S}s (Spring: ${SPRING_STARTUP_S:-?}s) |
| peak RSS of keywarden under load (VmHWM; highest VmRSS sampled) | $HWM_MB MB; $RSS_MAX_MB MB |
| highest VmRSS sampled in each phase, MB | $RSS_PHASES |
| audit verification, first walk after start | ${VERIFY_COLD_S}s for $VERIFY_COLD_N events, intact=$VERIFY_COLD_OK |
| audit verification after the runs | ${VERIFY_S}s for $VERIFY_N events, intact=$VERIFY_OK |
| export of the log as NDJSON over HTTP | ${EXPORT_S}s for $OFFLINE_N events |
| offline verification (\`java -jar keywarden.jar verify-audit\`) | ${OFFLINE_S}s for $OFFLINE_N events: $OFFLINE_RESULT |
| seeding $KEYS keys and $EVENTS events | ${SEED_S}s |
| sandbox calls seen (latency $LATENCY) | $SANDBOX_STATS |

| Goal | measured | |
|---|---|---|
| creates at $CONNECTIONS connections, upstream $LATENCY: >= 0.9 of direct | $RATIO | $(verdict "$RATIO >= 0.9") |
| ... added latency p50 <= 5 ms | $ADD50 ms | $(verdict "$ADD50 <= 5") |
| ... added latency p99 <= 25 ms | $ADD99 ms | $(verdict "$ADD99 <= 25") |
| creates at 1 connection, upstream 0 ms: added p50 <= 2 ms | $ONE_ADD50 ms (p99 +$ONE_ADD99 ms) | $(verdict "$ONE_ADD50 <= 2") |
| reads by id at 8 connections >= 0.5 of liveness | $READ_RATIO | $(verdict "$READ_RATIO >= 0.5") |
| narrow-scope list at $KEYS keys: p99 <= 20 ms | $N99 ms | $(verdict "$N99 <= 20") |
| RSS under load <= 300 MB | $HWM_MB MB | $(verdict "$HWM_MB <= 300") |
| start-up to readiness <= 3 s, empty database | ${STARTUP_MIGRATE_S}s first start, ${STARTUP_EMPTY_S}s migrated | $(verdict "$STARTUP_MIGRATE_S <= 3") / $(verdict "$STARTUP_EMPTY_S <= 3") |
| verification of $EVENTS events <= 10 s | ${VERIFY_COLD_S}s | $(verdict "$VERIFY_COLD_S <= 10 && \"$VERIFY_COLD_OK\" == \"true\"") |
EOF
)

echo
echo "$REPORT"
RESULTS=bench/RESULTS.md
MARKER='<!-- analysis (kept by run.sh) -->'
{
  echo "$REPORT"
  echo
  if [ -f "$RESULTS" ] && grep -qF "$MARKER" "$RESULTS"; then
    sed -n "/$MARKER/,\$p" "$RESULTS"
  else
    echo "$MARKER"
  fi
} >"$WORK/RESULTS.md"
mv "$WORK/RESULTS.md" "$RESULTS"
log "wrote $RESULTS"
if [ -z "$ONLY" ] && [ "${BENCH_SKIP_LEASES:-0}" != 1 ]; then
  bench/leases.sh
fi
