#!/usr/bin/env bash
# Domain events and webhooks under load, beside bench/run.sh (BENCH_ONLY=events runs only this):
#
# 1. What events add to a create. Every create publishes its key.issued into Spring Modulith's
#    registry in its own transaction whatever is configured, so "off" is no subscription (the
#    registry's row and its listener, which finds no subscription) and "on" one subscription that
#    matches every created user (the registry's row, one outbox row, and the webhook-delivery job
#    posting them to a receiver on loopback meanwhile). Side by side in one process each: off, on,
#    off, on, at 1 connection (upstream 0 ms) and at 64 connections (upstream 50 ms), after a 30 s
#    warm-up at 64 connections; the subscription is added and deleted through the admin API.
# 2. Events per second from commit to the receiver's answer: with the subscription on, a burst of
#    creates, then the receiver's rate (first to last answer) and each event's latency (its
#    timestamp, which the create's transaction wrote, to the receiver's clock: same machine), per
#    webhook-delivery interval and per-run limit (EVENTS_RATE_CONFIGS), with a sample of the
#    registry's and the outbox's backlog every half second and the job's runs and attempts.
#
# keywarden runs as the image runs it (bench/image-settings.sh into target/image-cost, as
# bench/create-cost.sh), with bench/keywarden-bench.yml, the scheduler on, event-resubmit at its
# default (it hands an event whose listener failed to it again), every other job a day apart (each
# still runs once, 30 s after the start, on the warm-up's ten users), and the receiver
# scripts/webhook_receiver.py. Writes its section of bench/RESULTS.md between the events markers.
#
# Settings (environment): EVENTS_DURATION (s per measured latency run, 15), EVENTS_WARM (30),
# EVENTS_RATE_CONFIGS ("interval/per-run/keys ...", default "PT5S/200/2000 PT0.2S/200/5000
# PT0.2S/5000/5000 PT5S/5000/5000"), EVENTS_BURST (s of wrk for the burst, 30), EVENTS_SKIP_LATENCY=1, EVENTS_SKIP_RATE=1,
# EVENTS_NO_RESULTS=1 (print only), BENCH_JAVA.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${EVENTS_DURATION:-15}
WARM=${EVENTS_WARM:-30}
# wrk's threads stop after their share of the keys, but wrk itself returns after its duration.
BURST=${EVENTS_BURST:-30}
CONFIGS=${EVENTS_RATE_CONFIGS:-"PT5S/200/2000 PT0.2S/200/5000 PT0.2S/5000/5000 PT5S/5000/5000"}
JAVA=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=target/keywarden-0.1.0-SNAPSHOT.jar
IMAGE=target/image-cost
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -Atq)
WORK=$(mktemp -d /tmp/keywarden-events.XXXXXX)
ADMIN_TOKEN=kw-bench-admin-token
# Encrypts the secrets of subscriptions made at the admin API; for the benchmark only.
EVENTS_SECRET_KEY=2mJ8t0Q0m8o7+3bq1YtBq0d6s5cP1xkq6O1f0b8y9vA=
SECRET=whsec_$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
OTHER_JOBS="issuance-reconciliation issuance-purge key-retirement rotation-age-watch upstream-reconciliation
  audit-verification audit-checkpoint lease-expiry revocation-worker event-purge webhook-purge"
export WRK_DIR="$ROOT/bench/wrk" TOKEN=kw-bench-issuer-token USERS=1000

log() { printf '[events %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
PIDS=()
DATABASES=()
KEYWARDEN_PID=""
RECEIVER_PID=""
SAMPLER_PID=""
cleanup() {
  local rc=$?
  for pid in $SAMPLER_PID $KEYWARDEN_PID $RECEIVER_PID "${PIDS[@]}"; do stop_pid "$pid"; done
  for db in "${DATABASES[@]}"; do
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "$rc" -ne 0 ]; then log "failed (exit $rc); logs kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { echo "wrk is missing: bench/run.sh installs it" >&2; exit 1; }
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
[ -f "$JAR" ] || ./mvnw -B -q -o -DskipTests package >/dev/null
if [ ! -f "$IMAGE/keywarden.aot" ] || [ "$JAR" -nt "$IMAGE/keywarden.aot" ]; then
  log "making the image's /app in $IMAGE"
  BENCH_SKIP_BUILD=1 BENCH_JAVA="$JAVA" bench/image-settings.sh "$IMAGE" >"$WORK/image.log" 2>&1 \
    || { tail -30 "$WORK/image.log" >&2; exit 1; }
fi
KW_COMMAND=$(JAVA_HOME=$(cd "$(dirname "$JAVA")/.." && pwd) JAVA_OPTS="" KEYWARDEN_PRINT_COMMAND=1 "$IMAGE/keywarden" | sed "s|$ROOT/$IMAGE|/app|g")
"${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keywarden_app')
  THEN CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app'; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END \$\$" >/dev/null
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

start_sandbox() { # $1 latency; sets SANDBOX (its base URL), its process stopped on exit
  local port
  port=$(free_port)
  "$JAVA" -XX:+ExitOnOutOfMemoryError -cp "$JAR" -Dloader.main=io.keywarden.sandbox.StandaloneSandbox \
    org.springframework.boot.loader.launch.PropertiesLauncher --port="$port" --latency="$1" \
    --max-keys-per-user=100000000 --max-requests-per-second=0 >"$WORK/sandbox-$1-$port.log" 2>&1 &
  PIDS+=($!)
  SANDBOX="http://127.0.0.1:$port/sandbox/upstream/"
  for _ in $(seq 1 200); do curl -fsS "${SANDBOX}stats" >/dev/null 2>&1 && break; sleep 0.1; done
}
# The rate passes get a sandbox each (rate_pass): upstream-reconciliation's one run would otherwise
# find the keys an earlier process created for the same users, unknown to this one's database.
if [ "${EVENTS_SKIP_LATENCY:-0}" != 1 ]; then
  start_sandbox 50ms
  SANDBOX50=$SANDBOX
  start_sandbox 0ms
  SANDBOX0=$SANDBOX
fi

# Starts a receiver and keywarden on a new database: $1 label, $2 upstream, $3 the delivery job's
# interval, $4 its per-run limit. Sets KW, DB, RECEIVED, RECEIVER_URL.
start() {
  local label=$1 upstream=$2 interval=$3 per_run=$4 port rport job
  stop_pid "$KEYWARDEN_PID"
  stop_pid "$RECEIVER_PID"
  DB=keywarden_events_$$_$label
  DATABASES+=("$DB")
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
  rport=$(free_port)
  RECEIVED="$WORK/received-$label.jsonl"
  RECEIVER_URL="http://127.0.0.1:$rport/hooks"
  python3 scripts/webhook_receiver.py --port "$rport" --secret "$SECRET" --out "$RECEIVED" 2>"$WORK/receiver-$label.log" &
  RECEIVER_PID=$!
  local intervals=()
  for job in $OTHER_JOBS; do intervals+=("--keywarden.jobs.intervals.$job=P1D"); done
  port=$(free_port)
  KW="http://127.0.0.1:$port"
  env JAVA_HOME="$(cd "$(dirname "$JAVA")/.." && pwd)" JAVA_OPTS= "$IMAGE/keywarden" \
    --spring.config.additional-location=file:"$ROOT/bench/keywarden-bench.yml" --server.port="$port" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --keywarden.upstream.base-url="$upstream" \
    --keywarden.audit.checkpoint.directory="$WORK/checkpoints-$label" \
    --keywarden.scheduling.enabled=true "${intervals[@]}" \
    --keywarden.jobs.intervals.webhook-delivery="$interval" --keywarden.events.delivery.per-run="$per_run" \
    --keywarden.events.allow-private-targets=true --keywarden.events.allow-insecure-http=true \
    --keywarden.events.secret-key="$EVENTS_SECRET_KEY" \
    >"$WORK/keywarden-$label.log" 2>&1 &
  KEYWARDEN_PID=$!
  for _ in $(seq 1 1200); do
    curl -fsS "$KW/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' && return 0
    kill -0 "$KEYWARDEN_PID" 2>/dev/null || { tail -40 "$WORK/keywarden-$label.log" >&2; return 1; }
    sleep 0.05
  done
  return 1
}

SUBSCRIPTION=0
subscribe() { # a new name each time: a deleted subscription's pending deliveries fail, not resume
  SUBSCRIPTION=$((SUBSCRIPTION + 1))
  curl -fsS -o /dev/null -X POST "$KW/admin/v1/subscriptions" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-hooks-$SUBSCRIPTION\",\"url\":\"$RECEIVER_URL\",\"secret\":\"$SECRET\",\"types\":[\"key.issued\"],\"userNames\":[\"bench-*\"]}"
}
unsubscribe() {
  curl -fsS -o /dev/null -X DELETE "$KW/admin/v1/subscriptions/bench-hooks-$SUBSCRIPTION" -H "Authorization: Bearer $ADMIN_TOKEN"
}
sql() { "${PSQL[@]}" -d "$DB" -c "$1"; }

run_wrk() { # $1 label, $2 seconds, $3 connections, [$4 script]: prints wrk's RESULT line
  local threads=$(($3 < 2 ? 1 : 2))
  RUN_ID="$1-$$" wrk -t"$threads" -c"$3" -d"${2}s" --timeout 10s -s "$WRK_DIR/${4:-keywarden-create.lua}" "$KW" \
    >"$WORK/wrk-$1.txt" 2>&1 || { cat "$WORK/wrk-$1.txt" >&2; return 1; }
  grep '^RESULT' "$WORK/wrk-$1.txt" | sed 's/^RESULT //'
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }

warm_up() { # $1 label, $2 connections: on ten users (the jobs' first runs walk those)
  USERS=10 run_wrk "warm-$1" "$WARM" "$2" >/dev/null
  sleep 3
}
listener_failures() { # the outbox listener's runs that failed so far (no pooled connection in time)
  grep -c 'Unexpected exception occurred invoking async method: void io.keywarden.webhooks.DeliveryOutbox' \
    "$WORK/keywarden-$1.log" || true
}

# --- 1. added latency ---------------------------------------------------------------------------
LATENCY_ROWS=""
latency_pass() { # $1 label, $2 upstream, $3 connections
  local label=$1 upstream=$2 conns=$3 result pending delivered rows failures
  log "latency, $conns connection(s), upstream $upstream: start, warm-up ${WARM}s"
  start "lat$conns" "$upstream" PT5S 200
  warm_up "lat$conns" 64
  [ "$conns" = 1 ] && run_wrk "warm1-$label" 5 1 >/dev/null
  for round in 1 2; do
    for mode in off on; do
      [ "$mode" = on ] && subscribe
      result=$(run_wrk "$label-$mode-$round" "$DURATION" "$conns")
      [ "$mode" = on ] && unsubscribe
      rows=$(sql "SELECT count(*) FROM event_publication")
      pending=$(sql "SELECT count(*) FROM webhook_delivery WHERE state = 'PENDING'")
      delivered=$(sql "SELECT count(*) FROM webhook_delivery WHERE state = 'DELIVERED'")
      failures=$(listener_failures "lat$conns")
      log "$label $mode #$round: $result (registry rows $rows, outbox pending $pending, delivered $delivered, listener failures $failures)"
      LATENCY_ROWS+="$label|$mode|$round|$result|$rows|$pending|$delivered|$failures"$'\n'
      sleep 2
    done
  done
}
if [ "${EVENTS_SKIP_LATENCY:-0}" != 1 ]; then
  latency_pass c1 "$SANDBOX0" 1
  latency_pass c64 "$SANDBOX50" 64
fi

# --- 2. events per second -----------------------------------------------------------------------
RATE_ROWS=""
rate_pass() { # $1 interval, $2 per-run, $3 keys
  local interval=$1 per_run=$2 keys=$3 label created waited
  label=rate_$(echo "${interval}_$per_run" | tr -c 'A-Za-z0-9\n' '_' | tr 'A-Z' 'a-z')
  log "rate, job every $interval, per-run $per_run, $keys keys: start, warm-up ${WARM}s"
  start_sandbox 0ms
  start "$label" "$SANDBOX" "$interval" "$per_run"
  warm_up "$label" 16
  # The warm-up's events are all past the outbox's listener before the subscription exists.
  waited=0
  until [ "$(sql "SELECT count(*) FROM event_publication WHERE completion_date IS NULL")" = 0 ] || [ "$waited" -ge 150 ]; do
    sleep 0.5
    waited=$((waited + 1))
  done
  subscribe
  ( while true; do
      "${PSQL[@]}" -d "$DB" -F' ' -c "SELECT extract(epoch FROM clock_timestamp()),
          (SELECT count(*) FROM event_publication WHERE completion_date IS NULL),
          (SELECT count(*) FROM webhook_delivery WHERE state = 'PENDING'),
          (SELECT count(*) FROM webhook_delivery WHERE state = 'DELIVERED')" 2>/dev/null || true
      sleep 0.5
    done ) >"$WORK/samples-$label.txt" &
  SAMPLER_PID=$!
  LIMIT_PER_THREAD=$((keys / 2)) run_wrk "burst-$label" "$BURST" 16 keywarden-create-n.lua >"$WORK/burst-$label.txt"
  waited=0
  until [ "$(sql "SELECT count(*) FROM event_publication WHERE completion_date IS NULL")" = 0 ] || [ "$waited" -ge 450 ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  # Commits per delivery once the burst is over: the database's transactions while only the job works.
  local c0 d0 c1 d1
  c0=$(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
  d0=$(sql "SELECT count(*) FROM webhook_delivery WHERE state = 'DELIVERED'")
  waited=0
  until [ "$(sql "SELECT count(*) FROM webhook_delivery WHERE state = 'PENDING'")" = 0 ] || [ "$waited" -ge 240 ]; do
    sleep 1
    waited=$((waited + 1))
  done
  c1=$(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
  d1=$(sql "SELECT count(*) FROM webhook_delivery WHERE state = 'DELIVERED'")
  created=$(sql "SELECT count(*) FROM webhook_delivery")
  sleep 1
  stop_pid "$SAMPLER_PID"
  SAMPLER_PID=""
  sql "SELECT webhook_id, extract(epoch FROM occurred_at), extract(epoch FROM created_at) FROM webhook_delivery" \
    | tr '|' ' ' >"$WORK/outbox-$label.txt"
  sql "SELECT extract(epoch FROM started_at), extract(epoch FROM ended_at), examined FROM job_run
       WHERE job_name = 'webhook-delivery' AND examined > 0 ORDER BY started_at" | tr '|' ' ' >"$WORK/runs-$label.txt"
  sql "SELECT duration_ms FROM webhook_attempt" >"$WORK/attempts-$label.txt"
  local line
  line=$(python3 - "$RECEIVED" "$WORK/outbox-$label.txt" "$WORK/runs-$label.txt" "$WORK/attempts-$label.txt" \
    "$WORK/samples-$label.txt" "$created" "$((d1 - d0))" "$((c1 - c0))" <<'PY'
import json, sys
received, outbox, runs, attempts, samples, created, drained, commits = sys.argv[1:]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else float("nan")
acks = {}
for line in open(received):
    r = json.loads(line)
    if r["status"] < 300 and r["signatureValid"]:
        acks.setdefault(r["webhookId"], r["receivedAt"])
rows = {w: (float(o), float(c)) for w, o, c in (l.split() for l in open(outbox) if l.strip())}
lat = [(acks[w] - rows[w][0]) * 1000 for w in acks if w in rows]
listen = [(c - o) * 1000 for o, c in rows.values()]
times = sorted(acks.values())
span = times[-1] - times[0] if len(times) > 1 else float("nan")
occurred = sorted(o for o, _ in rows.values())
burst = occurred[-1] - occurred[0] if len(occurred) > 1 else float("nan")
run_rows = [l.split() for l in open(runs) if l.strip()]
run_s = [float(e) - float(s) for s, e, _ in run_rows]
examined = [int(n) for _, _, n in run_rows]
gaps = [float(run_rows[i + 1][0]) - float(run_rows[i][1]) for i in range(len(run_rows) - 1)]
att = [int(l) for l in open(attempts) if l.strip()]
per_delivery = 1000 * sum(run_s) / sum(examined) if examined else float("nan")
peak = [l.split() for l in open(samples) if len(l.split()) == 4]
print(" ".join("%s=%s" % kv for kv in [
    ("created", created), ("outbox", len(rows)), ("acked", len(acks)),
    ("dup_requests", sum(1 for _ in open(received)) - len(acks)),
    ("burst_s", "%.1f" % burst), ("create_rate", "%.0f" % ((len(occurred) - 1) / burst if burst > 0 else float("nan"))),
    ("ack_span_s", "%.1f" % span), ("ack_rate", "%.0f" % ((len(times) - 1) / span if span > 0 else float("nan"))),
    ("lat_p50_ms", "%.0f" % pct(lat, 50)), ("lat_p99_ms", "%.0f" % pct(lat, 99)), ("lat_max_ms", "%.0f" % (max(lat) if lat else float("nan"))),
    ("listener_p50_ms", "%.0f" % pct(listen, 50)), ("listener_p99_ms", "%.0f" % pct(listen, 99)),
    ("runs", len(run_rows)), ("run_examined_max", max(examined) if examined else 0),
    ("run_s_max", "%.2f" % (max(run_s) if run_s else 0)),
    ("ms_per_delivery", "%.2f" % per_delivery), ("http_ms_mean", "%.2f" % (sum(att) / len(att) if att else 0)),
    ("http_ms_p99", pct(att, 99)),
    ("gap_s_median", "%.2f" % pct(gaps, 50) if gaps else "-"),
    ("registry_backlog_max", max((int(p[1]) for p in peak), default=0)),
    ("outbox_pending_max", max((int(p[2]) for p in peak), default=0)),
    ("commits_per_delivery", "%.2f" % (int(commits) / int(drained)) if int(drained) >= 100 else "-"),
    ("drained", drained),
]))
PY
)
  line+=" listener_failures=$(listener_failures "$label")"
  log "$interval/$per_run: $line"
  RATE_ROWS+="$interval|$per_run|$line"$'\n'
}
if [ "${EVENTS_SKIP_RATE:-0}" != 1 ]; then
  for config in $CONFIGS; do
    IFS=/ read -r interval per_run keys <<<"$config"
    rate_pass "$interval" "$per_run" "$keys"
  done
fi
stop_pid "$KEYWARDEN_PID"
KEYWARDEN_PID=""

# --- report -------------------------------------------------------------------------------------
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
latency_table() {
  echo "| | requests/s | p50 ms | p90 ms | p99 ms | registry rows after | outbox pending / delivered after | listener failures so far | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  local label mode round result rows pending delivered failures what
  while IFS='|' read -r label mode round result rows pending delivered failures; do
    [ -n "$label" ] || continue
    what="1 connection, upstream 0 ms"
    [ "$label" = c64 ] && what="64 connections, upstream 50 ms"
    echo "| $what, events $mode (#$round) | $(field "$result" rps) | $(field "$result" p50_ms) | $(field "$result" p90_ms) | $(field "$result" p99_ms) | $rows | $pending / $delivered | $failures | $(field "$result" non2xx) |"
  done <<<"$LATENCY_ROWS"
}
added() { # $1 label, $2 field: mean of the on runs minus mean of the off runs
  echo "$LATENCY_ROWS" | awk -F'|' -v l="$1" -v f="$2" '$1 == l {
      n = split($4, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); if (p[1] == f) v = p[2] }
      s[$2] += v; c[$2]++ }
    END { if (c["on"] && c["off"]) printf "%+.2f", s["on"] / c["on"] - s["off"] / c["off"] }'
}
rate_table() {
  echo "| job interval / per-run | events (burst s, creates/s) | acked (duplicates) | **acks/s** (first to last) | commit→ack p50 / p99 / max ms | listener lag p50 / p99 ms | runs that sent; most in one run | job ms per delivery (HTTP mean / p99 ms) | registry / outbox backlog, most | commits per delivery after the burst (deliveries) | listener failures |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local interval per_run line
  while IFS='|' read -r interval per_run line; do
    [ -n "$interval" ] || continue
    echo "| $interval / $per_run | $(field "$line" created) ($(field "$line" burst_s) s, $(field "$line" create_rate)/s) | $(field "$line" acked) ($(field "$line" dup_requests)) | **$(field "$line" ack_rate)** | $(field "$line" lat_p50_ms) / $(field "$line" lat_p99_ms) / $(field "$line" lat_max_ms) | $(field "$line" listener_p50_ms) / $(field "$line" listener_p99_ms) | $(field "$line" runs); $(field "$line" run_examined_max) | $(field "$line" ms_per_delivery) ($(field "$line" http_ms_mean) / $(field "$line" http_ms_p99)) | $(field "$line" registry_backlog_max) / $(field "$line" outbox_pending_max) | $(field "$line" commits_per_delivery) ($(field "$line" drained)) | $(field "$line" listener_failures) |"
  done <<<"$RATE_ROWS"
}
JDK=$("$JAVA" -version 2>&1 | sed -n 2p)
SECTION=$(cat <<EOF
<!-- events (bench/events.sh) -->
## Domain events and webhooks ($(date -u +%Y-%m-%dT%H:%MZ), \`bench/events.sh\`)

Measured by \`bench/events.sh\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $JDK,
PostgreSQL $("${PSQL[@]}" -d postgres -c 'SHOW server_version' | cut -d' ' -f1); wrk, the sandboxes, the receiver
(\`scripts/webhook_receiver.py\`), keywarden and PostgreSQL share the cores (load average before the
run: $LOAD_BEFORE). keywarden runs as \`$KW_COMMAND\` with \`bench/keywarden-bench.yml\`, the scheduler on and
every job but \`webhook-delivery\` a day apart; each process on an empty database, warmed up ${WARM} s
at 64 connections (the JIT settles in about 30 s). The subscription is \`key.issued\` for \`bench-*\`,
added and deleted through the admin API in the same process.

**Added latency of a create.** ${DURATION} s per run, off and on alternating twice; "off" is no
subscription: the key.issued is still written to the registry in the create's transaction and its
one listener (the webhook outbox; Kafka is off) still runs after the commit, finds no subscription
and completes the row. "On" adds one outbox row per create and the \`webhook-delivery\` job (every
5 s, 200 a run: the defaults) posting to the receiver during the run.

$(latency_table)
| **added by one subscription (mean of on − mean of off)**, 1 connection, upstream 0 ms | $(added c1 rps) | $(added c1 p50_ms) | $(added c1 p90_ms) | $(added c1 p99_ms) | | | | |
| **added by one subscription (mean of on − mean of off)**, 64 connections, upstream 50 ms | $(added c64 rps) | $(added c64 p50_ms) | $(added c64 p90_ms) | $(added c64 p99_ms) | | | | |

**Events per second, commit to the receiver's answer.** Each process warmed up ${WARM} s at 16
connections; with the subscription on, a burst of creates at 16 connections (upstream 0 ms; wrk
returns after ${BURST} s), then until every one is delivered (at most 240 s more). Commit→ack is
the event's timestamp (written in the create's transaction) to the receiver's clock on its answer;
listener lag is that timestamp to the outbox row's creation; "job ms per delivery" is the sum of
the runs' durations over the deliveries they sent, the HTTP part that of the attempts; commits per
delivery are PostgreSQL's committed transactions in keywarden's database from the burst's end (every
event past the listener) to the last delivery, over the deliveries made meanwhile.

$(rate_table)
<!-- /events -->
EOF
)
echo "$SECTION"
[ "${EVENTS_NO_RESULTS:-0}" = 1 ] && exit 0
RESULTS=bench/RESULTS.md
BEGIN='<!-- events (bench/events.sh) -->'
END='<!-- /events -->'
echo "$SECTION" >"$WORK/section.md"
if grep -qF "$BEGIN" "$RESULTS"; then
  python3 - "$RESULTS" "$WORK/section.md" "$BEGIN" "$END" <<'PY'
import sys
path, section, begin, end = sys.argv[1:]
text = open(path).read()
start, stop = text.index(begin), text.index(end) + len(end)
open(path, "w").write(text[:start] + open(section).read().rstrip("\n") + text[stop:])
PY
else
  { echo; cat "$WORK/section.md"; } >>"$RESULTS"
fi
log "wrote the events section of $RESULTS"
