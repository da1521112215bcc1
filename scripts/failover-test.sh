#!/usr/bin/env bash
# Failover test: keywarden on a two-host JDBC URL over a PostgreSQL primary and its streaming
# standby, 8 threads of creates; the primary is stopped in immediate mode and the standby promoted
# under load. Twice, each time on two fresh clusters of its own (the machine's main cluster is
# left alone):
# - synchronous replication (synchronous_standby_names = '*'): nothing acknowledged is lost, the
#   stale-attempt sweep leaves no live upstream key unrecorded, the audit chain and the checkpoint
#   sink verify intact (docs/operating.md#high-availability);
# - asynchronous replication with the standby cut off for a few seconds before the failover, so it
#   misses the last acknowledged commits: the test checks that creates really were lost, that
#   keywarden names the loss (health, verification) and refuses creates with a 503 problem until an
#   operator acknowledges it, then that the sweep revoked no key a caller holds, that reconciliation
#   adopted every lost key of a user it knew as recovered after the loss, that a client retrying a
#   lost create meets a 409 rather than a second key, and that chain and sink verify intact, the
#   loss noted (docs/operating.md#when-the-database-is-behind-its-signed-checkpoint).
#   FAILOVER_EXPECT_DETECTION=0 only prints what it saw after the failover.
# Both runs check what callers see: only 201s and 503 problems with Retry-After, never a 500,
# never a request left unanswered past the client's timeout. It prints the recovery time and the
# latency of a create with and without synchronous replication.
#
# Usage: scripts/failover-test.sh   (PostgreSQL's binaries in /usr/lib/postgresql/15/bin, or
# FAILOVER_PG_BIN; builds the jar if missing; about 2.5 minutes on 2 cores). As root, the clusters
# run as the postgres user.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# PostgreSQL 15's binaries, or the newest installed (Debian's layout), or FAILOVER_PG_BIN.
if [ -z "${FAILOVER_PG_BIN:-}" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [ -d /usr/lib/postgresql ]; then
  FAILOVER_PG_BIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin
fi
PG_BIN=${FAILOVER_PG_BIN:-/usr/lib/postgresql/15/bin}
THREADS=${FAILOVER_THREADS:-8}
BEFORE_S=${FAILOVER_BEFORE_S:-14}
LAG_S=${FAILOVER_LAG_S:-5}
AFTER_S=${FAILOVER_AFTER_S:-6}
CLIENT_TIMEOUT_S=${FAILOVER_CLIENT_TIMEOUT_S:-10}
EXPECT_DETECTION=${FAILOVER_EXPECT_DETECTION:-1}
POOL=${FAILOVER_POOL:-48} # users every other create comes back to, so a loss's keys include known users'
LATENCY_BLOCK_S=${FAILOVER_LATENCY_BLOCK_S:-4}
CHECKPOINT_EVERY_S=2
LEASE_S=5 # keywarden.idempotency.lease in scripts/keywarden-scripts.yml

ensure_jar
[ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL binaries in $PG_BIN (set FAILOVER_PG_BIN)" >&2; exit 1; }

# The clusters live outside $WORK: as root, PostgreSQL runs as the postgres user, who must reach them.
PGWORK=$(mktemp -d /tmp/keywarden-failover-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$PGWORK"
  as_pg() { (cd "$PGWORK" && runuser -u postgres -- "$@"); }
else
  as_pg() { "$@"; }
fi
CLUSTERS=()
stop_clusters() {
  local cluster
  for cluster in "${CLUSTERS[@]}"; do
    [ -f "$cluster/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$cluster" -m immediate stop >/dev/null 2>&1
    cp "$cluster.log" "$WORK/" 2>/dev/null || true
  done
  rm -rf "$PGWORK"
}
CLEANUP_HOOKS+=(stop_clusters)

pg() { # $1 port, then psql arguments: as postgres, on database keywarden unless -d is given
  local port=$1
  shift
  psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -Atq -d keywarden "$@"
}

start_cluster() { # $1 directory
  as_pg "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start >/dev/null
  CLUSTERS+=("$1")
}

make_primary() { # $1 directory, $2 port
  as_pg "$PG_BIN/initdb" -D "$1" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$1.initdb.log"
  cat >>"$1/postgresql.conf" <<CONF
port = $2
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGWORK'
shared_buffers = 64MB
max_connections = 50
wal_retrieve_retry_interval = 1s
CONF
  start_cluster "$1"
  psql -h 127.0.0.1 -p "$2" -U postgres -v ON_ERROR_STOP=1 -Atq -d postgres \
    -c "CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app'" -c "CREATE DATABASE keywarden" >/dev/null
}

make_standby() { # $1 directory, $2 its port, $3 the primary's port
  as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$3" -U postgres -D "$1" -R -X stream --checkpoint=fast --no-sync
  # The copy carries the primary's settings; a promoted standby must not wait for a standby of its own.
  cat >>"$1/postgresql.conf" <<CONF
port = $2
synchronous_standby_names = ''
CONF
  start_cluster "$1"
}

await_streaming() { # $1 primary's port, $2 the sync_state wanted
  for _ in $(seq 1 100); do
    [ "$(pg "$1" -c "SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'")" = "$2" ] && return 0
    sleep 0.1
  done
  echo "the standby is not streaming ($2)" >&2
  return 1
}

now() { date +%s.%N; }

run_job() { # $1 base url, $2 job, $3 output file: run now, waiting while a run is in progress (409)
  for _ in $(seq 1 30); do
    curl -sS -m 120 -o "$3" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
      "$1/admin/v1/jobs/$2/runs" | grep -qv 409 && return 0
    sleep 1
  done
}

SANDBOX_PORT=$(free_port)
SANDBOX="http://127.0.0.1:$SANDBOX_PORT/sandbox/upstream/"
log "sandbox on :$SANDBOX_PORT (10ms latency)"
# Room for the pooled users' keys (about 10 each over a run).
start_sandbox "$SANDBOX_PORT" --latency=10ms --max-keys-per-user=50

replication() { # $1 primary's port, $2 sync|async: switched on the running primary
  if [ "$2" = sync ]; then
    pg "$1" -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "ALTER SYSTEM SET synchronous_commit = on" \
      -c "SELECT pg_reload_conf()" >/dev/null
  else
    pg "$1" -c "ALTER SYSTEM RESET synchronous_standby_names" -c "SELECT pg_reload_conf()" >/dev/null
  fi
  await_streaming "$1" "$2"
}

measure_latency() { # $1 keywarden's url, $2 primary's port, $3 directory: one caller, blocks switched in turn
  local block=0 mode before
  # What a single commit costs, without keywarden: pgbench, one client, one-row inserts.
  psql -h 127.0.0.1 -p "$2" -U postgres -Atq -d postgres -c "CREATE TABLE commit_probe (x int)"
  echo "INSERT INTO commit_probe VALUES (1);" >"$3/commit-probe.sql"
  for mode in async sync async sync async sync; do
    replication "$2" "$mode"
    sleep 0.5
    "$PG_BIN/pgbench" -h 127.0.0.1 -p "$2" -U postgres -n -c 1 -T 2 -f "$3/commit-probe.sql" postgres 2>/dev/null \
      | sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' >"$3/commit-$block-$mode.txt"
    before=$(pg "$2" -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'keywarden'")
    rm -f "$3/stop-latency"
    python3 scripts/harness.py load "$3/latency-$block-$mode.json" --base "$1" --prefix "script-fo-latency-$block" \
      --stop-file "$3/stop-latency" --threads 1 --timeout "$CLIENT_TIMEOUT_S" &
    sleep "$LATENCY_BLOCK_S"
    touch "$3/stop-latency"
    wait $!
    # pg_stat_database is updated when a backend's statistics are flushed (at most once a second when idle).
    sleep 1.2
    echo $(($(pg "$2" -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'keywarden'") - before)) \
      >"$3/commits-$block-$mode.txt"
    block=$((block + 1))
  done
}

run_configuration() { # $1 sync|async
  local mode=$1 dir="$WORK/$1"
  mkdir -p "$dir"
  local p1 p2 port kw
  p1=$(free_port)
  p2=$(free_port)
  port=$(free_port)
  kw="http://127.0.0.1:$port"
  log "[$mode] primary on :$p1, standby on :$p2 (pg_basebackup -R)"
  make_primary "$PGWORK/$mode-primary" "$p1"
  make_standby "$PGWORK/$mode-standby" "$p2" "$p1"
  await_streaming "$p1" async

  # The pool drops a connection the server ended at its first error (SQLState 08...); the driver
  # finds the new primary among the two hosts, rechecking a host's role every second; a server
  # that vanishes without closing its connections is given up after socketTimeout.
  KEYWARDEN_JDBC_URL="jdbc:postgresql://127.0.0.1:$p1,127.0.0.1:$p2/keywarden?targetServerType=primary&hostRecheckSeconds=1&connectTimeout=2&loginTimeout=5&socketTimeout=30&tcpKeepAlive=true"
  # Scheduling is off: the checkpoints, the sweep and the verification are run by hand, at the
  # moments the test needs them, through the jobs API (the schedule's first run is 30 s after start).
  launch_keywarden "$port" "failover-$mode" "$SANDBOX_PORT" "$dir/keywarden.log" \
    --keywarden.scheduling.enabled=false \
    --spring.datasource.hikari.connection-timeout=2000 \
    --spring.datasource.hikari.validation-timeout=1000 \
    --spring.datasource.hikari.keepalive-time=30000 \
    --spring.datasource.hikari.max-lifetime=600000
  local kw_pid=$KEYWARDEN_PID
  await_ready "$port" "$kw_pid" "$dir/keywarden.log"
  if [ "$mode" = sync ]; then
    log "[$mode] latency of one caller's creates, replication switched between asynchronous and synchronous every ${LATENCY_BLOCK_S}s"
    measure_latency "$kw" "$p1" "$dir"
  fi
  replication "$p1" "$mode"

  log "[$mode] $THREADS threads of creates, a signed checkpoint every ${CHECKPOINT_EVERY_S}s"
  python3 scripts/harness.py load "$dir/load.json" --base "$kw" --prefix "script-fo-$mode" \
    --stop-file "$dir/stop-load" --threads "$THREADS" --timeout "$CLIENT_TIMEOUT_S" --pool "$POOL" &
  local load=$!
  (
    while [ ! -f "$dir/stop-checkpoints" ]; do
      sleep "$CHECKPOINT_EVERY_S"
      run_job "$kw" audit-checkpoint "$dir/checkpoint-run.json" || true
      cat "$dir/checkpoint-run.json" >>"$dir/checkpoint-runs.ndjson" 2>/dev/null && echo >>"$dir/checkpoint-runs.ndjson"
    done
  ) &
  local checkpoints=$!
  local load_started cut_at="" stop_at promoted_at lag_bytes=""
  load_started=$(now)
  if [ "$mode" = async ]; then
    sleep $((BEFORE_S - LAG_S))
    # The standby's walreceiver is pointed at a closed port: it stops receiving, the primary goes
    # on acknowledging commits alone, and the standby will miss them.
    cut_at=$(now)
    pg "$p2" -c "ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=$(free_port) user=postgres connect_timeout=1'" \
      -c "SELECT pg_reload_conf()" >/dev/null
    log "[$mode] standby cut off from the primary for ${LAG_S}s"
    sleep "$LAG_S"
    lag_bytes=$(psql -h 127.0.0.1 -p "$p1" -U postgres -Atq -d postgres -c "SELECT pg_current_wal_lsn()")
    lag_bytes=$(pg "$p2" -c "SELECT pg_wal_lsn_diff('$lag_bytes', pg_last_wal_receive_lsn())")
  else
    sleep "$BEFORE_S"
  fi
  touch "$dir/stop-checkpoints"
  stop_at=$(now)
  as_pg "$PG_BIN/pg_ctl" -D "$PGWORK/$mode-primary" -m immediate stop >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PGWORK/$mode-standby" -w -t 60 promote >/dev/null
  promoted_at=$(now)
  log "[$mode] primary stopped (immediate), standby promoted"
  wait "$checkpoints" || true
  sleep "$AFTER_S"
  touch "$dir/stop-load"
  wait "$load"
  log "[$mode] load stopped: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$dir/load.json") creates"

  # What keywarden says once the database came back: its next checkpoint, its verification, its
  # health, and a create (refused while a loss is not acknowledged).
  run_job "$kw" audit-checkpoint "$dir/checkpoint-after.json" || true
  admin GET "$kw/admin/v1/audit-events/verification" >"$dir/verification-after.json"
  admin GET "$kw/actuator/health" >"$dir/health-after.json" || true
  : >"$dir/probe-create.json"
  : >"$dir/probe-create.headers"
  curl -sS -m "$CLIENT_TIMEOUT_S" -o "$dir/probe-create.json" -D "$dir/probe-create.headers" \
    -X POST -H "Authorization: Bearer kw-script-issuer-token" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: script-fo-$mode-probe" -d "{\"userName\":\"script-fo-$mode-probe\",\"description\":\"script\"}" \
    "$kw/v1/access-keys" >/dev/null || true

  # What the promoted database holds before anyone acts.
  pg "$p2" -c "SELECT access_key_id FROM access_key" >"$dir/access-keys-at-failover.txt"
  pg "$p2" -c "SELECT DISTINCT user_name FROM access_key" >"$dir/users-at-failover.txt"
  if [ "$mode" = async ]; then
    # The operator reads the finding and acknowledges the loss (the runbook's step).
    admin_post "$kw/admin/v1/audit-checkpoints/loss-acknowledgements" \
      '{"reason": "failover test: the standby was promoted behind"}' >"$dir/acknowledgement.json"
  else
    : >"$dir/acknowledgement.json"
  fi
  # The attempts cut off by the failover: their leases run out, then the sweep settles them; then
  # upstream reconciliation adopts what the loss dropped.
  sleep $((LEASE_S + 1))
  run_job "$kw" issuance-reconciliation "$dir/sweep-1.json"
  sleep 1
  run_job "$kw" issuance-reconciliation "$dir/sweep-2.json"
  run_job "$kw" upstream-reconciliation "$dir/upstream-reconciliation.json"
  # A client retries a lost create of a known user with its Idempotency-Key.
  python3 - "$dir" >"$dir/retry-plan.json" <<'PY'
import json, sys
work = sys.argv[1]
recorded = set(open(work + "/access-keys-at-failover.txt").read().split())
lost = [r for r in json.load(open(work + "/load.json"))
        if r["status"] == 201 and r["accessKeyId"] not in recorded and "-pool-" in r["user"]]
print(json.dumps(lost[0] if lost else None))
PY
  if [ "$(cat "$dir/retry-plan.json")" != null ]; then
    curl -sS -m "$CLIENT_TIMEOUT_S" -o "$dir/retry.json" -w '%{http_code}' -X POST \
      -H "Authorization: Bearer kw-script-issuer-token" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$dir/retry-plan.json")" \
      -d "$(python3 -c 'import json,sys; print(json.dumps({"userName": json.load(open(sys.argv[1]))["user"], "description": "script"}))' "$dir/retry-plan.json")" \
      "$kw/v1/access-keys" >"$dir/retry.status" || true
  else
    echo 0 >"$dir/retry.status"
    : >"$dir/retry.json"
  fi
  pg "$p2" -c "SELECT access_key_id FROM access_key WHERE recovered_loss_id IS NOT NULL" >"$dir/recovered.txt"
  pg "$p2" -F $'\t' -c "SELECT state, count(*) FROM issuance GROUP BY state ORDER BY state" >"$dir/issuance-states.tsv"
  pg "$p2" -c "SELECT access_key_id FROM access_key" >"$dir/access-keys.txt"
  python3 -c 'import json,sys; print("\n".join(sorted({r["user"] for r in json.load(open(sys.argv[1]))})))' \
    "$dir/load.json" >"$dir/users.txt"
  echo "script-fo-$mode-probe" >>"$dir/users.txt"
  # shellcheck disable=SC2046
  python3 scripts/harness.py upstream-keys "$SANDBOX" $(cat "$dir/users.txt") >"$dir/upstream.json"
  admin GET "$kw/admin/v1/audit-events/verification" >"$dir/verification.json"
  admin GET "$kw/admin/v1/audit-events/export" >"$dir/events.ndjson"
  admin GET "$kw/admin/v1/audit-checkpoints/public-key" >"$dir/public-key.pem"
  set +e
  "$JAVA" -jar "$JAR" verify-audit --events "$dir/events.ndjson" --checkpoints "$WORK/checkpoints-failover-$mode" \
    --public-key "$dir/public-key.pem" >"$dir/verify-audit.txt" 2>&1
  echo $? >"$dir/verify-audit.rc"
  set -e
  ls "$WORK/checkpoints-failover-$mode" >"$dir/checkpoint-files.txt"
  stop_pid "$kw_pid"
  stop_clusters_of "$mode"

  cat >"$dir/times.json" <<JSON
{"loadStarted": $load_started, "cutAt": ${cut_at:-null}, "stoppedAt": $stop_at, "promotedAt": $promoted_at,
 "lagBytes": ${lag_bytes:-null}}
JSON
  echo
  echo "Failover, $mode replication: $THREADS threads of creates, primary stopped (immediate) after ${BEFORE_S}s, standby promoted"
  python3 - "$dir" "$mode" "$CLIENT_TIMEOUT_S" "$EXPECT_DETECTION" <<'PY' || FAILURES=$((FAILURES + 1))
import collections, json, sys
work, mode, client_timeout, expect_detection = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4] == "1"
failures = []
def check(what, ok):
    print("  %s  %s" % ("ok  " if ok else "FAIL", what))
    if not ok:
        failures.append(what)
def note(what):
    print("  ..    " + what)

results = json.load(open(work + "/load.json"))
times = json.load(open(work + "/times.json"))
stopped, promoted = times["stoppedAt"], times["promotedAt"]
statuses = collections.Counter(r["status"] for r in results)
note("%d creates; answers %s" % (len(results), dict(sorted((str(k), v) for k, v in statuses.items()))))
refused = [r for r in results if r["status"] != 201]
check("every answer is a 201 or a 503 problem with Retry-After (%d refused)" % len(refused),
      all(r["status"] == 503 and (r.get("contentType") or "").startswith("application/problem+json")
          and r.get("retryAfter") for r in refused))
check("no 500", statuses.get(500, 0) == 0)
slowest = max(r["ended"] - r["started"] for r in results)
check("every create was answered within the client's timeout of %.0fs (slowest %.2fs)" % (client_timeout, slowest),
      statuses.get(0, 0) == 0 and slowest < client_timeout)
for r in refused[:3]:
    note("a refusal: %s Retry-After %s %s" % (r["status"], r.get("retryAfter"), (r.get("error") or "")[:160]))

# Recovery: the first create that needed the promoted standby and succeeded.
after = [r["ended"] for r in results if r["status"] == 201 and r["started"] >= stopped]
recovery = (min(after) - promoted) if after else None
# pg_ctl promote returns when it sees the promotion done (it polls), which can be after a create
# already committed on the new primary: such a recovery counts as 0.
recovery = None if recovery is None else max(0.0, recovery)
note("primary stopped to standby promoted: %.2fs" % (promoted - stopped))
if recovery is None:
    note("recovery: no create succeeded after the failover")
else:
    note("recovery: first successful create %.2fs after the promotion" % recovery)
if mode == "sync" or not expect_detection:
    check("creates succeed again after the promotion", recovery is not None)

# Latency before the failover (the first 3 s warm the JVM up; async: before the standby was cut off).
end = times["cutAt"] or stopped
steady = sorted(r["ended"] - r["started"] for r in results
                if r["status"] == 201 and r["started"] >= times["loadStarted"] + 3 and r["ended"] <= end)
def pct(p):
    return steady[min(len(steady) - 1, int(len(steady) * p))] * 1000 if steady else float("nan")
latency = {"p50": pct(0.50), "p99": pct(0.99), "n": len(steady)}
note("latency of a create before the failover: p50 %.1f ms, p99 %.1f ms (%d creates)" % (latency["p50"], latency["p99"], len(steady)))

recorded = set(open(work + "/access-keys.txt").read().split())
at_failover = set(open(work + "/access-keys-at-failover.txt").read().split())
known_users = set(open(work + "/users-at-failover.txt").read().split())
recovered = set(open(work + "/recovered.txt").read().split())
acknowledged = {r["accessKeyId"] for r in results if r["status"] == 201}
user_of = {r["accessKeyId"]: r["user"] for r in results if r["status"] == 201}
lost = sorted(acknowledged - at_failover)
upstream = json.load(open(work + "/upstream.json"))
live = {k for ks in upstream.values() for k in ks}
unrecorded = sorted(live - recorded)
states = dict(line.split("\t") for line in open(work + "/issuance-states.tsv").read().split("\n") if line)
note("issuance states after the sweep: %s" % states)
for n in (1, 2):
    note("sweep run %d: %s" % (n, open(work + "/sweep-%d.json" % n).read().strip()[:300]))
if times["lagBytes"] is not None:
    note("the standby was %s bytes of WAL behind when the primary stopped" % times["lagBytes"])
note("acknowledged creates lost: %d of %d (201'd key ids absent from access_key on the new primary)" % (len(lost), len(acknowledged)))
revoked = [k for k in lost if k not in live]
lost_known = [k for k in lost if k in live and user_of[k] in known_users]
note("of the lost keys: %d of users the database still knew, %d of users it never recorded before the loss;"
     " %d adopted as recovered after the loss" % (len(lost_known), len(lost) - len(lost_known), len(recovered & set(lost))))
note("live upstream keys unrecorded after the sweep and reconciliation: %d of %d (%d of them of users the database knew)"
     % (len(unrecorded), len(live), sum(1 for k in unrecorded if user_of.get(k) in known_users)))
if lost:
    note("for example %s" % ", ".join(lost[:3]))
    note("acknowledged and lost keys the sweep revoked upstream (their callers hold a dead secret): %d" % len(revoked))
for name in ("acknowledgement", "upstream-reconciliation"):
    text = open(work + "/%s.json" % name).read().strip()
    if text:
        note("%s: %s" % (name, text[:300]))
retry_status = open(work + "/retry.status").read().strip()
retry_body = open(work + "/retry.json").read()
if retry_status != "0":
    note("a client retrying a lost create with its Idempotency-Key: %s %s" % (retry_status, retry_body[:200]))

verification = json.load(open(work + "/verification.json"))
verify_rc = int(open(work + "/verify-audit.rc").read())
verify_out = open(work + "/verify-audit.txt").read().strip()
files = open(work + "/checkpoint-files.txt").read().split()
sequences = collections.Counter(int(f.split("-")[1]) for f in files if f.startswith("checkpoint-"))
forks = sorted(s for s, n in sequences.items() if n > 1)
note("chain verdict (API): intact=%s %s" % (verification.get("intact"), (verification.get("reason") or "")[:200]))
note("sink verdict (verify-audit, exit %d): %s" % (verify_rc, verify_out.splitlines()[-1][:300] if verify_out else ""))
note("checkpoint files in the sink: %d, sequences held twice: %s" % (len(files), forks or "none"))

after_check = json.load(open(work + "/verification-after.json"))
health = open(work + "/health-after.json").read()
try:
    components = json.loads(health).get("components", {})
except ValueError:
    components = {}
audit_health = {k: v for k, v in components.items() if "audit" in k.lower() or "checkpoint" in k.lower()}
probe_status = open(work + "/probe-create.headers").read().split("\n")[0].strip() if open(work + "/probe-create.headers").read() else "no answer"
probe_body = open(work + "/probe-create.json").read()
checkpoint_after = open(work + "/checkpoint-after.json").read().strip()
note("after the failover: the next checkpoint run: %s" % checkpoint_after[:300])
note("after the failover: verification: intact=%s %s" % (after_check.get("intact"), (after_check.get("reason") or "")[:200]))
note("after the failover: health %s" % json.dumps(audit_health)[:600])
note("after the failover: a create answered %s %s" % (probe_status, probe_body[:200] if not probe_status.endswith("201") else ""))

if mode == "sync":
    check("no acknowledged create was lost", not lost and bool(acknowledged))
    check("no live upstream key is unrecorded after the sweep", not unrecorded)
    check("no attempt is left in flight or unknown after the sweep",
          not any(s in states for s in ("IN_FLIGHT", "OUTCOME_UNKNOWN")))
    check("the audit chain verifies intact through the API", verification.get("intact") is True)
    check("verify-audit finds the checkpoint sink and the export intact", verify_rc == 0)
else:
    check("the asynchronous standby really lost acknowledged creates (%d)" % len(lost), len(lost) > 0)
    behind = "behind" in json.dumps(audit_health).lower() and "checkpoint" in json.dumps(audit_health).lower()
    refused_probe = " 503" in probe_status and "problem+json" in open(work + "/probe-create.headers").read()
    not_intact = after_check.get("intact") is not True
    if expect_detection:
        check("health names the database behind its signed checkpoint", behind)
        check("a create is refused with a 503 problem until an admin acknowledges the loss", refused_probe)
        check("verification does not call the chain intact", not_intact)
        check("the sweep revoked no lost key (%d)" % len(revoked), not revoked)
        check("every lost key of a user the database knew is adopted as recovered after the loss",
              bool(lost_known) and set(lost_known) <= recovered)
        check("every key left unrecorded belongs to a user the database never recorded before the loss",
              all(user_of.get(k) not in known_users for k in unrecorded))
        check("a client retrying a lost create gets a 409 naming its user's recovered keys, not a second key",
              retry_status == "409" and "recovered-keys-unreviewed" in retry_body)
        check("after the acknowledgement the audit chain verifies intact through the API", verification.get("intact") is True)
        check("after the acknowledgement verify-audit finds sink and export intact, the loss noted",
              verify_rc == 0 and "acknowledged loss" in verify_out)
    else:
        note("detection: health says behind a signed checkpoint: %s;"
             " a create refused with 503: %s; verification not intact: %s" % (behind, refused_probe, not_intact))

json.dump({"latency": latency, "lost": len(lost), "unrecorded": len(unrecorded), "recovery": recovery},
          open(work + "/summary.json", "w"))
sys.exit(1 if failures else 0)
PY
}

stop_clusters_of() { # $1 mode: its clusters are not needed any more
  local cluster
  for cluster in "$PGWORK/$1-primary" "$PGWORK/$1-standby"; do
    [ -f "$cluster/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$cluster" -m immediate stop >/dev/null 2>&1 || true
  done
}

run_configuration sync
run_configuration async

echo
python3 - "$WORK" "$THREADS" <<'PY' || FAILURES=$((FAILURES + 1))
import glob, json, sys
work = sys.argv[1]
s, a = (json.load(open("%s/%s/summary.json" % (work, m))) for m in ("sync", "async"))
# One caller on a warm keywarden, replication switched on the same primary between blocks; the
# first block warms the JVM up and is not counted.
one = {"sync": [], "async": []}
commit = {"sync": [], "async": []}
commits, creates = 0, 0
for name in sorted(glob.glob(work + "/sync/latency-*.json")):
    block, mode = name.rsplit("/", 1)[1][len("latency-"):-len(".json")].split("-")
    if block != "0":
        done = [r["ended"] - r["started"] for r in json.load(open(name)) if r["status"] == 201]
        one[mode] += done
        creates += len(done)
        commits += int(open("%s/sync/commits-%s-%s.txt" % (work, block, mode)).read())
        commit[mode].append(float(open("%s/sync/commit-%s-%s.txt" % (work, block, mode)).read() or "nan"))
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000
print("Summary")
for mode, label in (("async", "asynchronous"), ("sync", "synchronous")):
    print("  one caller, %-12s replication: p50 %5.1f ms, p99 %5.1f ms (%d creates)"
          % (label, pct(one[mode], 0.5), pct(one[mode], 0.99), len(one[mode])))
print("  synchronous replication costs one caller's create %+.1f ms at p50, %+.1f ms at p99"
      % (pct(one["sync"], 0.5) - pct(one["async"], 0.5), pct(one["sync"], 0.99) - pct(one["async"], 0.99)))
c_async, c_sync = (sum(commit[m]) / len(commit[m]) for m in ("async", "sync"))
print("  one commit (pgbench, one client): asynchronous %.2f ms, synchronous %.2f ms (%+.2f ms); a create commits %.1f times"
      % (c_async, c_sync, c_sync - c_async, commits / creates if creates else float("nan")))
print("  under %s threads before the failover (the asynchronous run's keywarden is the colder one):"
      " synchronous p50 %.1f ms, p99 %.1f ms; asynchronous p50 %.1f ms, p99 %.1f ms"
      % (sys.argv[2] if len(sys.argv) > 2 else 8, s["latency"]["p50"], s["latency"]["p99"], a["latency"]["p50"], a["latency"]["p99"]))
for mode, x in (("synchronous", s), ("asynchronous", a)):
    print("  %-12s failover: recovery %s, %d acknowledged creates lost, %d live upstream keys unrecorded after the sweep"
          % (mode, "%.2fs" % x["recovery"] if x["recovery"] is not None else "none", x["lost"], x["unrecorded"]))
PY
summary
