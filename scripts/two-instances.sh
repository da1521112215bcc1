#!/usr/bin/env bash
# Scale-out test: two keywarden instances on one database, no balancer. Clients spray creates at
# both, some pairs sharing an Idempotency-Key (one copy to each instance at the same moment).
# Checks: one upstream CreateAccessKey per Idempotency-Key, the same key for both holders of a
# shared one, the audit chain intact, and each scheduled job run by one instance at a time,
# about once per period (5 s here, counted from the end of the previous run: fixed delay).
# Webhooks: both instances send key.issued to one receiver on loopback (the same subscription on
# each); once no delivery is pending, every key's event was received at least once, signed, under
# the webhook-id its outbox row holds, none is dead or failed, and duplicates (allowed by at least
# once, not expected with claims FOR UPDATE SKIP LOCKED) are counted.
#
# Usage: scripts/two-instances.sh   (PostgreSQL on 127.0.0.1:5432; builds the jar if missing)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

UNIQUE=${TWO_UNIQUE:-120}
SHARED=${TWO_SHARED:-40}
PERIOD_S=5
OBSERVE_S=${TWO_OBSERVE_S:-35}

ensure_jar
DB=$(new_database keywarden_two)
DATABASES+=("$DB")
SANDBOX_PORT=$(free_port)
PORT_A=$(free_port)
PORT_B=$(free_port)
SANDBOX="http://127.0.0.1:$SANDBOX_PORT/sandbox/upstream/"

log "sandbox on :$SANDBOX_PORT (20ms latency)"
start_sandbox "$SANDBOX_PORT" --latency=20ms --max-keys-per-user=1000
start_receiver "script-two-*"
JOBS=("${SUBSCRIPTION[@]}")
ALL_JOBS="issuance-reconciliation issuance-purge key-retirement rotation-age-watch upstream-reconciliation
  audit-verification audit-checkpoint lease-expiry revocation-worker webhook-delivery event-purge event-resubmit webhook-purge"
for job in $ALL_JOBS; do
  JOBS+=("--keywarden.jobs.intervals.$job=PT${PERIOD_S}S")
done
log "two instances on :$PORT_A and :$PORT_B, every job every ${PERIOD_S}s"
launch_keywarden "$PORT_A" "$DB" "$SANDBOX_PORT" "$WORK/keywarden-a.log" "${JOBS[@]}"
PID_A=$KEYWARDEN_PID
launch_keywarden "$PORT_B" "$DB" "$SANDBOX_PORT" "$WORK/keywarden-b.log" "${JOBS[@]}"
PID_B=$KEYWARDEN_PID
await_ready "$PORT_A" "$PID_A" "$WORK/keywarden-a.log"
await_ready "$PORT_B" "$PID_B" "$WORK/keywarden-b.log"
READY=$SECONDS

python3 - "$WORK/plan.json" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$UNIQUE" "$SHARED" <<'PY'
import json, random, sys
out, a, b, unique, shared = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
plan = []
for i in range(unique):
    plan.append({"base": (a, b)[i % 2], "key": "two-u-%d" % i, "user": "script-two-u%d" % i})
for i in range(shared):
    for base in (a, b):
        plan.append({"base": base, "key": "two-s-%d" % i, "user": "script-two-s%d" % i})
random.seed(7)
# pairs stay next to each other, so both copies of a shared key are in flight together
groups = [plan[i:i + 1] for i in range(unique)] + [plan[unique + 2 * i:unique + 2 * i + 2] for i in range(shared)]
random.shuffle(groups)
json.dump([item for group in groups for item in group], open(out, "w"))
PY
log "spraying $UNIQUE unique creates and $SHARED shared-key pairs at both instances"
python3 scripts/harness.py creates "$WORK/results.json" --plan "$WORK/plan.json" --threads 32 --timeout 60 --retry-409 50

# Scheduled jobs start 30 s after each instance started; watch several periods after that.
WAIT=$((30 + OBSERVE_S - (SECONDS - READY)))
log "watching the schedules for ${WAIT}s more"
sleep "$WAIT"

# Every delivery was due during the window; wait (60 s at most) for the last ones to be sent.
for _ in $(seq 1 60); do
  [ "$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM webhook_delivery WHERE state = 'PENDING'")" -eq 0 ] && break
  sleep 1
done

curl -fsS "${SANDBOX}stats" >"$WORK/stats.json"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT k.access_key_id, d.webhook_id, d.event_type, d.state FROM access_key k
    LEFT JOIN webhook_delivery d ON d.access_key_id = k.access_key_id" >"$WORK/deliveries.tsv"
"${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM access_key" >"$WORK/access-keys.txt"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT job_name, instance, trigger, outcome,
    extract(epoch FROM started_at), extract(epoch FROM coalesce(ended_at, now())) FROM job_run ORDER BY job_name, started_at" \
  >"$WORK/job-runs.tsv"
admin GET "http://127.0.0.1:$PORT_A/admin/v1/audit-events/verification" >"$WORK/verification-a.json"
admin GET "http://127.0.0.1:$PORT_B/admin/v1/audit-events/verification" >"$WORK/verification-b.json"

echo
echo "Two instances: $UNIQUE unique creates, $SHARED Idempotency-Keys sent to both instances, jobs every ${PERIOD_S}s"
python3 - "$WORK" "$UNIQUE" "$SHARED" "$PERIOD_S" "$(echo $ALL_JOBS)" <<'PY' || FAILURES=$((FAILURES + 1))
import collections, json, sys
work, unique, shared, period = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
jobs = set(sys.argv[5].split())
failures = []
def check(what, ok):
    print("  %s  %s" % ("ok  " if ok else "FAIL", what))
    if not ok:
        failures.append(what)

results = json.load(open(work + "/results.json"))
statuses = collections.Counter(r["status"] for r in results)
replays = sum(1 for r in results if r.get("replayed"))
retried = sum(1 for r in results if r["attempts"] > 1)
print("  answers %s, %d replayed, %d retried after 409" % (dict(statuses), replays, retried))
check("every create was answered 201 (%d requests)" % len(results), statuses == {201: len(results)})
keys = {r["key"] for r in results}
calls = json.load(open(work + "/stats.json"))["calls"]
check("one upstream CreateAccessKey per Idempotency-Key (%s calls, %d keys)" % (calls.get("CreateAccessKey"), len(keys)),
      calls.get("CreateAccessKey") == len(keys) == unique + shared)
by_key = collections.defaultdict(set)
for r in results:
    if r["status"] == 201:  # a refused create is counted above; the checks below still run
        by_key[r["key"]].add((r["accessKeyId"], r.get("secretSha256")))
check("both holders of each shared Idempotency-Key got the same key and secret",
      all(len(v) == 1 for v in by_key.values()))
check("one access_key row per Idempotency-Key", int(open(work + "/access-keys.txt").read()) == len(keys))

rows = [line.rstrip("\n").split("\t") for line in open(work + "/deliveries.tsv") if line.strip()]
received = [json.loads(line) for line in open(work + "/received.jsonl")]
issued = collections.defaultdict(list)
for r in received:
    if r["type"] == "key.issued":
        issued[r["accessKeyId"]].append(r)
ids = collections.Counter(r["webhookId"] for r in received)
duplicates = {i: n for i, n in ids.items() if n > 1}
states = collections.Counter(row[3] for row in rows)
print("  webhooks: %d keys, %d deliveries received, %d distinct webhook-ids, %d received more than once%s, outbox %s"
      % (len(rows), len(received), len(ids), len(duplicates), " %s" % duplicates if duplicates else "", dict(states)))
check("every key's key.issued was received, signed (no event lost; %d keys)" % len(rows),
      all(row[2] == "key.issued" and issued.get(row[0]) for row in rows)
      and all(r["signatureValid"] for r in received))
check("every received webhook-id is its event's outbox row's (stable ids)",
      all({r["webhookId"] for r in issued[row[0]]} == {row[1]} for row in rows))
check("no delivery is pending, dead or failed", set(states) == {"DELIVERED"})
for name in ("a", "b"):
    v = json.load(open(work + "/verification-%s.json" % name))
    check("the audit chain verifies intact through instance %s (%s events)" % (name.upper(), v.get("eventsChecked")),
          v.get("intact") is True)

runs = collections.defaultdict(list)
for line in open(work + "/job-runs.tsv"):
    job, instance, trigger, outcome, start, end = line.rstrip("\n").split("\t")
    runs[job].append((float(start), float(end), instance, trigger, outcome))
check("all %d jobs ran" % len(jobs), set(runs) == jobs)
for job, rs in sorted(runs.items()):
    rs.sort()
    overlaps = sum(1 for x, y in zip(rs, rs[1:]) if y[0] < x[1])
    gaps = [y[0] - x[0] for x, y in zip(rs, rs[1:])]
    window = rs[-1][0] - rs[0][0]
    # with a fixed delay, a run starts a period after the previous one ended
    durations = sorted(r[1] - r[0] for r in rs if r[4] != "RUNNING") or [0.0]
    cycle = period + durations[len(durations) // 2]
    per_period = (len(rs) - 1) / (window / cycle) if window > 0 else 0
    instances = collections.Counter(r[2][-8:] for r in rs)
    outcomes = collections.Counter(r[4] for r in rs)
    print("  %-24s %2d runs over %4.1fs: %.2f per period (+%.1fs run), gaps %s s, by instance %s, %s"
          % (job, len(rs), window, per_period, cycle - period, "/".join("%.1f" % g for g in gaps), dict(instances), dict(outcomes)))
    check("%s: no two runs overlap in time, across instances" % job, overlaps == 0)
    # A scheduled run claims its period for at least half of it, so no two runs start closer than
    # that, and there are at most two per period; a schedule that stopped would show fewer than one.
    # (Runs by hand are not claimed periods; none are made here.)
    check("%s: runs start at least half a period apart and about once per period" % job,
          len(rs) >= 2 and min(gaps) >= period / 2 - 0.25 and 0.6 <= per_period <= 2.0)
    check("%s: no run failed" % job, "FAILED" not in outcomes)
sys.exit(1 if failures else 0)
PY
summary
