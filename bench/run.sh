#!/usr/bin/env bash
# Keywarden benchmark, one command: bench/run.sh
#
# Starts a standalone sandbox upstream (fixed latency) and a PostgreSQL-backed keywarden on
# Temurin 25, seeds 1,000,000 access keys and 1,000,000 chained audit events, and measures with
# wrk at the same concurrency: creates straight to the sandbox vs through keywarden, key reads,
# audit verification, start-up time and peak RSS. Prints a side-by-side table and writes
# bench/RESULTS.md (the text after the "analysis" marker there is kept).
#
# Settings (environment): BENCH_DURATION (s per measured run, 20), BENCH_CONNECTIONS (64),
# BENCH_LATENCY (50ms), BENCH_KEYS (1000000), BENCH_EVENTS (1000000), BENCH_DB (keywarden_bench),
# BENCH_JAVA (Temurin 25), BENCH_JAVA_OPTS (JVM options of keywarden), BENCH_SKIP_BUILD=1,
# BENCH_ONLY=narrow-list (only the narrow-scope list: prints its line, leaves RESULTS.md alone),
# BENCH_ONLY=audit-proof (only checkpoint cost and offline verification: prints their lines).
# BENCH_ONLY=leases (only bench/leases.sh: lease expiry and bulk revocation at the upstream's rate
# limit, which writes its own section of RESULTS.md; the full run ends with it too).
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
# A heap sized as a deployment would; left to itself the JVM takes a quarter of the RAM.
# An OutOfMemoryError ends the process, as in a deployment, rather than leaving it half alive.
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx256m -XX:+ExitOnOutOfMemoryError}
JAR=target/keywarden-0.1.0-SNAPSHOT.jar
WORK=$(mktemp -d /tmp/keywarden-bench.XXXXXX)
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -Atq)
ISSUER_TOKEN=kw-bench-issuer-token
ADMIN_TOKEN=kw-bench-admin-token
NARROW_TOKEN=kw-bench-narrow-token
ONLY=${BENCH_ONLY:-}
CHECKPOINTS="$WORK/checkpoints"
export WRK_DIR="$ROOT/bench/wrk"

SANDBOX_PID=""
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

SANDBOX_PORT=$(free_port)
KEYWARDEN_PORT=$(free_port)
KW="http://127.0.0.1:$KEYWARDEN_PORT"
SANDBOX="http://127.0.0.1:$SANDBOX_PORT/sandbox/upstream/"

# --- database and processes -------------------------------------------------------------------
# The role keywarden connects as (keywarden-bench.yml); roles belong to the whole server.
"${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keywarden_app')
  THEN CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app'; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END \$\$" >/dev/null
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null

log "starting the sandbox on :$SANDBOX_PORT with latency $LATENCY"
"$JAVA" -XX:+ExitOnOutOfMemoryError -cp "$JAR" -Dloader.main=io.keywarden.upstream.sandbox.StandaloneSandbox \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --port="$SANDBOX_PORT" --latency="$LATENCY" --max-keys-per-user=100000000 --max-requests-per-second=0 \
  >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 100); do curl -fsS "${SANDBOX}stats" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "${SANDBOX}stats" >/dev/null

start_keywarden() { # $1: log file; sets KEYWARDEN_PID and STARTUP_MS
  local started
  started=$(now_ms)
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -jar "$JAR" \
    --spring.config.additional-location=file:"$ROOT/bench/keywarden-bench.yml" \
    --server.port="$KEYWARDEN_PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    --keywarden.upstream.base-url="$SANDBOX" \
    --keywarden.audit.checkpoint.directory="$CHECKPOINTS" \
    >"$1" 2>&1 &
  KEYWARDEN_PID=$!
  for _ in $(seq 1 1200); do
    if curl -fsS "$KW/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
      STARTUP_MS=$(($(now_ms) - started))
      return 0
    fi
    kill -0 "$KEYWARDEN_PID" 2>/dev/null || { tail -50 "$1" >&2; return 1; }
    sleep 0.05
  done
  tail -50 "$1" >&2
  return 1
}

log "first start of keywarden: Flyway creates the schema"
start_keywarden "$WORK/keywarden-migrate.log"
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

# Peak RSS: VmHWM is the kernel's high-water mark; the sampler records VmRSS during the load runs.
echo 0 >"$WORK/rss-max"
(
  max=0
  while kill -0 "$KEYWARDEN_PID" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$KEYWARDEN_PID/status" 2>/dev/null || echo 0)
    if [ "${rss:-0}" -gt "$max" ]; then max=$rss; echo "$max" >"$WORK/rss-max"; fi
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
read -r VERIFY_COLD_S VERIFY_COLD_N VERIFY_COLD_OK < <(verify)
log "verification: ${VERIFY_COLD_S}s, $VERIFY_COLD_N events, intact=$VERIFY_COLD_OK"

run_wrk() { # $1 name, $2 url, $3 script, $4 seconds; prints the RESULT line
  local name=$1 url=$2 script=$3 seconds=$4
  wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s "$WRK_DIR/$script" "$url" >"$WORK/wrk-$name.txt" 2>&1 || true
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
RUN_ID=warm-$$ run_wrk warm-create "$KW" keywarden-create.lua 10 >/dev/null
run_wrk warm-read "$KW" keywarden-read.lua 5 >/dev/null
run_wrk warm-direct "$SANDBOX" direct-create.lua 3 >/dev/null

log "measuring creates straight to the sandbox (${DURATION}s, $CONNECTIONS connections)"
DIRECT=$(run_wrk direct "$SANDBOX" direct-create.lua "$DURATION")
log "measuring creates through keywarden (${DURATION}s, $CONNECTIONS connections)"
THROUGH=$(RUN_ID=run-$$ run_wrk through "$KW" keywarden-create.lua "$DURATION")
log "measuring key reads (${DURATION}s, $CONNECTIONS connections)"
READS=$(run_wrk reads "$KW" keywarden-read.lua "$DURATION")
log "measuring the narrow-scope key list (${DURATION}s, $CONNECTIONS connections)"
NARROW=$(run_wrk narrow "$KW" keywarden-narrow-list.lua "$DURATION")

checkpoint_cost
offline_verification

log "audit verification again (warm, with the events the runs appended)"
read -r VERIFY_S VERIFY_N VERIFY_OK < <(verify)
log "verification: ${VERIFY_S}s, $VERIFY_N events, intact=$VERIFY_OK"

HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$KEYWARDEN_PID/status")
RSS_MAX_KB=$(cat "$WORK/rss-max")
SANDBOX_STATS=$(curl -fsS "${SANDBOX}stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["calls"])')

# --- report -----------------------------------------------------------------------------------
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
verdict() { awk "BEGIN { exit !($1) }" && echo met || echo "NOT met"; }

D_RPS=$(field "$DIRECT" rps); T_RPS=$(field "$THROUGH" rps); R_RPS=$(field "$READS" rps)
D50=$(field "$DIRECT" p50_ms); D90=$(field "$DIRECT" p90_ms); D99=$(field "$DIRECT" p99_ms)
T50=$(field "$THROUGH" p50_ms); T90=$(field "$THROUGH" p90_ms); T99=$(field "$THROUGH" p99_ms)
R50=$(field "$READS" p50_ms); R90=$(field "$READS" p90_ms); R99=$(field "$READS" p99_ms)
N_RPS=$(field "$NARROW" rps); N50=$(field "$NARROW" p50_ms); N90=$(field "$NARROW" p90_ms); N99=$(field "$NARROW" p99_ms)
RATIO=$(calc "$T_RPS / $D_RPS")
ADD50=$(calc "$T50 - $D50"); ADD90=$(calc "$T90 - $D90"); ADD99=$(calc "$T99 - $D99")
HWM_MB=$(calc "$HWM_KB / 1024"); RSS_MAX_MB=$(calc "$RSS_MAX_KB / 1024")
STARTUP_S=$(calc "$STARTUP_MS / 1000")
JDK=$("$JAVA" -version 2>&1 | sed -n 2p)
MEM=$(free -h | awk '/^Mem:/ { print $2 }')

REPORT=$(cat <<EOF
# Benchmark results

Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),
$MEM RAM, $JDK, PostgreSQL $("${PSQL[@]}" -d postgres -c 'SHOW server_version'). wrk, the sandbox, keywarden and
PostgreSQL share the same cores; other builds on the machine make absolute numbers noisy, so compare
the figures of one run. Upstream latency $LATENCY, $CONNECTIONS connections, ${DURATION}s per measured run
after a warm-up; keywarden JVM options: \`${JAVA_OPTS:-(defaults)}\`.

| | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | errors (connect/read/timeout) |
|---|---:|---:|---:|---:|---:|---:|
| CreateAccessKey straight to the sandbox | $D_RPS | $D50 | $D90 | $D99 | $(field "$DIRECT" non2xx) | $(field "$DIRECT" connect)/$(field "$DIRECT" read)/$(field "$DIRECT" timeout) |
| POST /v1/access-keys through keywarden | $T_RPS | $T50 | $T90 | $T99 | $(field "$THROUGH" non2xx) | $(field "$THROUGH" connect)/$(field "$THROUGH" read)/$(field "$THROUGH" timeout) |
| keywarden / direct, added latency | ratio $RATIO | +$ADD50 | +$ADD90 | +$ADD99 | | |
| GET /v1/access-keys/{id}, $KEYS keys | $R_RPS | $R50 | $R90 | $R99 | $(field "$READS" non2xx) | $(field "$READS" connect)/$(field "$READS" read)/$(field "$READS" timeout) |
| GET /v1/access-keys?limit=1, narrow scope (20 of $KEYS keys) | $N_RPS | $N50 | $N90 | $N99 | $(field "$NARROW" non2xx) | $(field "$NARROW" connect)/$(field "$NARROW" read)/$(field "$NARROW" timeout) |
| creates (audit appends), no checkpoint signed | $(field "$CKPT_OFF" rps) | $(field "$CKPT_OFF" p50_ms) | $(field "$CKPT_OFF" p90_ms) | $(field "$CKPT_OFF" p99_ms) | $(field "$CKPT_OFF" non2xx) | |
| creates (audit appends), a checkpoint signed every second | $(field "$CKPT_ON" rps) | $(field "$CKPT_ON" p50_ms) | $(field "$CKPT_ON" p90_ms) | $(field "$CKPT_ON" p99_ms) | $(field "$CKPT_ON" non2xx) | |

| Other | value |
|---|---|
| audit verification, first walk after start | ${VERIFY_COLD_S}s for $VERIFY_COLD_N events, intact=$VERIFY_COLD_OK |
| audit verification after the runs | ${VERIFY_S}s for $VERIFY_N events, intact=$VERIFY_OK |
| export of the log as NDJSON over HTTP | ${EXPORT_S}s for $OFFLINE_N events |
| offline verification (\`java -jar keywarden.jar verify-audit\`) | ${OFFLINE_S}s for $OFFLINE_N events: $OFFLINE_RESULT |
| start-up, process start to readiness UP ($KEYS keys, $EVENTS events) | ${STARTUP_S}s (Spring: ${SPRING_STARTUP_S:-?}s) |
| peak RSS of keywarden (VmHWM; highest VmRSS sampled under load) | $HWM_MB MB; $RSS_MAX_MB MB |
| seeding $KEYS keys and $EVENTS events | ${SEED_S}s |
| sandbox calls seen | $SANDBOX_STATS |

| Target | measured | |
|---|---|---|
| create throughput through keywarden >= 0.9 of direct | $RATIO | $(verdict "$RATIO >= 0.9") |
| added latency p50 <= 3 ms | $ADD50 ms | $(verdict "$ADD50 <= 3") |
| added latency p99 <= 15 ms | $ADD99 ms | $(verdict "$ADD99 <= 15") |
| key reads p99 <= 10 ms at $KEYS keys | $R99 ms | $(verdict "$R99 <= 10") |
| verification of $EVENTS events <= 10 s | ${VERIFY_COLD_S}s | $(verdict "$VERIFY_COLD_S <= 10 && \"$VERIFY_COLD_OK\" == \"true\"") |
| RSS under load <= 400 MB | $HWM_MB MB | $(verdict "$HWM_MB <= 400") |
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
if [ -z "$ONLY" ]; then
  bench/leases.sh
fi
