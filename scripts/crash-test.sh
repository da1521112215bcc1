#!/usr/bin/env bash
# Crash test: kill -9 keywarden while 50 creates are in flight against a slow upstream, restart
# it, run the reconciler once, and check the invariant (docs/architecture.md#what-it-promises):
# every key that exists upstream for a managed user is recorded in access_key (and its secret went
# to exactly one caller) or revoked.
# It also proves the webhooks survive the kill: a subscription sends key.issued to a receiver on
# loopback, nothing is sent before the kill (no schedule), and the kill falls, when it can, while a
# committed event still waits for the outbox's listener. After the restart the event-resubmit job
# (resubmit-after PT5S) and the webhook-delivery job, run by hand like the reconciler, deliver every
# key's key.issued exactly once, signed, under the webhook-id the outbox held at the kill, and the
# event publication registry ends with every event completed.
#
# Usage: scripts/crash-test.sh   (PostgreSQL on 127.0.0.1:5432; builds the jar if missing)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CREATES=${CRASH_CREATES:-50}
LATENCY_MS=${CRASH_LATENCY_MS:-2000}
SPACING_MS=${CRASH_SPACING_MS:-40}

ensure_jar
DB=$(new_database keywarden_crash)
DATABASES+=("$DB")
SANDBOX_PORT=$(free_port)
PORT=$(free_port)
KW="http://127.0.0.1:$PORT"
SANDBOX="http://127.0.0.1:$SANDBOX_PORT/sandbox/upstream/"

start_receiver "script-crash-*"
log "sandbox on :$SANDBOX_PORT answering CreateAccessKey after ${LATENCY_MS}ms (the key exists before the wait)"
start_sandbox "$SANDBOX_PORT" --latency=10ms --max-keys-per-user=10
curl -fsS -X POST "${SANDBOX}faults" -H 'Content-Type: application/json' \
  -d "{\"type\":\"LATENCY\",\"action\":\"CreateAccessKey\",\"delay\":\"${LATENCY_MS}ms\"}" >/dev/null
# The reconciler, the event-resubmit and the webhook-delivery jobs are run by hand below, so the
# schedule stays off: no webhook goes out before the kill.
JOBS=(--keywarden.scheduling.enabled=false --keywarden.events.resubmit-after=PT5S "${SUBSCRIPTION[@]}")
launch_keywarden "$PORT" "$DB" "$SANDBOX_PORT" "$WORK/keywarden-1.log" "${JOBS[@]}"
FIRST=$KEYWARDEN_PID
await_ready "$PORT" "$FIRST" "$WORK/keywarden-1.log"

USERS=()
python3 - "$WORK/plan.json" "$KW" "$CREATES" "$SPACING_MS" <<'PY'
import json, sys
out, base, n, spacing = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
json.dump([{"base": base, "key": "crash-%d" % i, "user": "script-crash-%d" % i, "delay": i * spacing / 1000}
           for i in range(n)], open(out, "w"))
PY
for i in $(seq 0 $((CREATES - 1))); do USERS+=("script-crash-$i"); done

# The creates go out one every SPACING_MS; the kill comes when the first answers are back and the
# rest are still waiting on the upstream, so some keys are recorded and delivered, some recorded
# but not delivered (if the kill falls inside the record), and most created upstream, unrecorded.
# It waits for the records rather than for a fixed time: a cold keywarden answers its first
# creates late, and a kill timed by the clock could fall before any answer.
KILL_AT_RECORDED=$((CREATES / 5))
log "sending $CREATES creates, one every ${SPACING_MS}ms; kill -9 once $KILL_AT_RECORDED are recorded"
STARTED_MS=$(date +%s%3N)
python3 scripts/harness.py creates "$WORK/first.json" --plan "$WORK/plan.json" --threads "$CREATES" --timeout 60 &
LOAD=$!
for _ in $(seq 1 600); do
  [ "$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM access_key")" -ge "$KILL_AT_RECORDED" ] && break
  sleep 0.05
done
# Then the kill waits (half a second at most) for a moment when a committed key.issued has not yet
# been written to the outbox by its listener, the case the registry and event-resubmit are for.
"${PSQL[@]}" -d "$DB" -c "DO \$\$ DECLARE deadline timestamptz := clock_timestamp() + interval '500 ms'; BEGIN
    WHILE clock_timestamp() < deadline AND NOT EXISTS (SELECT 1 FROM event_publication
        WHERE completion_date IS NULL AND listener_id LIKE '%DeliveryOutbox%') LOOP
      PERFORM pg_sleep(0.002);
    END LOOP; END \$\$" || true
kill -9 "$FIRST"
KILL_AFTER_MS=$(($(date +%s%3N) - STARTED_MS))
# Counted once keywarden is gone and what it had sent has landed: read before the kill, the count
# missed requests sent between the read and the signal, which then showed up as extra orphans.
wait "$FIRST" 2>/dev/null || true
sleep 0.5
# What the registry and the outbox held at the kill, and what the receiver had got (nothing, expected).
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT access_key_id FROM access_key" >"$WORK/kill-access-key.tsv"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT listener_id, serialized_event::json->'data'->>'accessKeyId',
    completion_date IS NOT NULL FROM event_publication" >"$WORK/kill-events.tsv"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT access_key_id, webhook_id, state FROM webhook_delivery" >"$WORK/kill-outbox.tsv"
cp "$RECEIVED" "$WORK/kill-received.jsonl"
UPSTREAM_CALLS=$(curl -fsS "${SANDBOX}stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["calls"].get("CreateAccessKey", 0))')
log "killed keywarden (kill -9) after ${KILL_AFTER_MS}ms ($UPSTREAM_CALLS CreateAccessKey calls reached the sandbox)"
wait "$LOAD" || true
# The upstream is quick again for the reconciler and the retries.
curl -fsS -X DELETE "${SANDBOX}faults" >/dev/null

log "restarting keywarden on the same database"
launch_keywarden "$PORT" "$DB" "$SANDBOX_PORT" "$WORK/keywarden-2.log" "${JOBS[@]}"
SECOND=$KEYWARDEN_PID
await_ready "$PORT" "$SECOND" "$WORK/keywarden-2.log"

# The attempts' leases (5 s) ran out while keywarden was down; wait for them anyway in case the restart was quick.
sleep 6
log "running the reconciler once"
admin POST "$KW/admin/v1/jobs/issuance-reconciliation/runs" >"$WORK/reconcile.json"
cat "$WORK/reconcile.json" >&2
echo >&2

python3 scripts/harness.py upstream-keys "$SANDBOX" "${USERS[@]}" >"$WORK/upstream-after-reconcile.json"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT access_key_id, user_name, secret_sha256, status FROM access_key" >"$WORK/access-key.tsv"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT state, count(*) FROM issuance GROUP BY state ORDER BY state" >"$WORK/issuance-states.tsv"

# Callers whose answer was lost retry with the same Idempotency-Key, as the API tells them to:
# a recorded key is replayed (the secret reaches its caller now), an abandoned attempt starts afresh.
log "the callers retry with the same Idempotency-Keys"
python3 - "$WORK/plan.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
for item in plan:
    item["delay"] = 0
json.dump(plan, open(sys.argv[1], "w"))
PY
python3 scripts/harness.py creates "$WORK/retry.json" --plan "$WORK/plan.json" --threads 25 --timeout 60 --retry-409 20
python3 scripts/harness.py upstream-keys "$SANDBOX" "${USERS[@]}" >"$WORK/upstream-final.json"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT access_key_id, user_name, secret_sha256, status FROM access_key" >"$WORK/access-key-final.tsv"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT state, count(*) FROM issuance GROUP BY state ORDER BY state" >"$WORK/issuance-final.tsv"
# The events that waited for the outbox at the kill are handed to it again by event-resubmit, and
# webhook-delivery sends; both by hand, until the receiver has a key.issued for every key (60 s at most).
log "running event-resubmit and webhook-delivery until every key's key.issued is received"
admin POST "$KW/admin/v1/jobs/event-resubmit/runs" >"$WORK/resubmit.json"
for _ in $(seq 1 60); do
  admin POST "$KW/admin/v1/jobs/webhook-delivery/runs" >/dev/null
  KEYS=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM access_key")
  GOT=$(python3 -c 'import json, sys; print(len({l["accessKeyId"] for l in map(json.loads, open(sys.argv[1])) if l["type"] == "key.issued"}))' "$RECEIVED")
  PENDING=$("${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
  [ "$GOT" -ge "$KEYS" ] && [ "$PENDING" -eq 0 ] && break
  sleep 1
  admin POST "$KW/admin/v1/jobs/event-resubmit/runs" >/dev/null
done
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT access_key_id, webhook_id, state FROM webhook_delivery" >"$WORK/outbox-final.tsv"
"${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM event_publication WHERE completion_date IS NULL" >"$WORK/events-incomplete.txt"
admin GET "$KW/admin/v1/audit-events/verification" >"$WORK/verification.json"
"${PSQL[@]}" -d "$DB" -F $'\t' -c "SELECT outcome, count(*) FROM audit_event GROUP BY outcome ORDER BY outcome" >"$WORK/audit-outcomes.tsv"

echo
echo "Crash test: $CREATES creates, upstream latency ${LATENCY_MS}ms, kill -9 after ${KILL_AFTER_MS}ms"
UPSTREAM_CALLS=$UPSTREAM_CALLS python3 - "$WORK" <<'PY' || FAILURES=$((FAILURES + 1))
import collections, json, os, sys
work = sys.argv[1]
first = json.load(open(work + "/first.json"))
retry = json.load(open(work + "/retry.json"))
def rows(name):
    out = {}
    for line in open(work + "/" + name):
        key_id, user, sha, status = line.rstrip("\n").split("\t")
        out[key_id] = {"user": user, "sha": sha, "status": status}
    return out
recorded = rows("access-key.tsv")
final_rows = rows("access-key-final.tsv")
upstream = json.load(open(work + "/upstream-after-reconcile.json"))
upstream_final = json.load(open(work + "/upstream-final.json"))
statuses = collections.Counter(r["status"] if r["status"] else "no answer" for r in first)
print("  before the kill: answers %s" % dict(sorted((str(k), v) for k, v in statuses.items())))
print("  issuance states after the reconciler: %s" % open(work + "/issuance-states.tsv").read().replace("\t", "=").split())
print("  reconciler: %s" % open(work + "/reconcile.json").read().strip())
failures = []
def check(what, ok):
    print("  %s  %s" % ("ok  " if ok else "FAIL", what))
    if not ok:
        failures.append(what)

delivered = [r for r in first if r["status"] == 201]
keys_upstream = {k: u for u, ks in upstream.items() for k in ks}
check("every key upstream after the reconciler is recorded in access_key (%d upstream, %d recorded)"
      % (len(keys_upstream), len(recorded)), set(keys_upstream) <= set(recorded))
check("every recorded key still exists upstream (nothing recorded was revoked)", set(recorded) <= set(keys_upstream))
check("every secret delivered before the kill belongs to a recorded key with that secret's SHA-256 (%d delivered)" % len(delivered),
      all(r["accessKeyId"] in recorded and recorded[r["accessKeyId"]]["sha"] == r["secretSha256"] for r in delivered))
check("the kill fell between answers: some creates were answered before it, some not (%d of %d)"
      % (len(delivered), len(first)), 0 < len(delivered) < len(first))
check("no key id was delivered to two callers before the kill",
      len({r["accessKeyId"] for r in delivered}) == len(delivered))
check("no attempt is left in flight or unknown after one reconciler pass",
      not any(s in open(work + "/issuance-states.tsv").read() for s in ("IN_FLIGHT", "OUTCOME_UNKNOWN")))

ok_retry = [r for r in retry if r["status"] == 201]
check("every caller's retry with its Idempotency-Key got a key (%d of %d)" % (len(ok_retry), len(retry)),
      len(ok_retry) == len(retry))
by_key = {r["key"]: r for r in delivered}
check("a caller answered before the kill gets the identical key again on retry",
      all(by_key[r["key"]]["accessKeyId"] == r["accessKeyId"] for r in ok_retry if r["key"] in by_key))
final_upstream = {k for ks in upstream_final.values() for k in ks}
handed = collections.Counter(r["accessKeyId"] for r in ok_retry)
check("in the end each key upstream is recorded and its secret went to exactly one caller (%d keys)" % len(final_upstream),
      final_upstream == set(final_rows) == set(handed) and all(n == 1 for n in handed.values())
      and all(final_rows[r["accessKeyId"]]["sha"] == r["secretSha256"] for r in ok_retry))
check("one key per user upstream", all(len(ks) == 1 for ks in upstream_final.values()))
verification = json.load(open(work + "/verification.json"))
check("the audit chain verifies intact (%s events)" % verification.get("eventsChecked"), verification.get("intact") is True)
outcomes = dict(line.split("\t") for line in open(work + "/audit-outcomes.tsv").read().split("\n") if line)
print("  audit outcomes: %s" % outcomes)
calls = int(os.environ["UPSTREAM_CALLS"])
check("each of the %d keys created upstream before the kill is recorded or was revoked (%d + %s)"
      % (calls, len(recorded), outcomes.get("ORPHAN_REVOKED", "0")),
      len(recorded) + int(outcomes.get("ORPHAN_REVOKED", "0")) == calls)

# Webhooks across the kill.
def tsv(name):
    return [line.rstrip("\n").split("\t") for line in open(work + "/" + name) if line.strip()]
received = [json.loads(line) for line in open(work + "/received.jsonl")]
issued = [r for r in received if r["type"] == "key.issued"]
keys_at_kill = {row[0] for row in tsv("kill-access-key.tsv")}
events = [row for row in tsv("kill-events.tsv") if "DeliveryOutbox" in row[0]]
waiting = {row[1] for row in events if row[2] != "t"}
outbox_at_kill = {row[0]: row[1] for row in tsv("kill-outbox.tsv")}
outbox_final = {row[0]: row[1] for row in tsv("outbox-final.tsv")}
resubmit = json.load(open(work + "/resubmit.json"))
print("  webhooks: %d key.issued committed at the kill (%d keys recorded), %d in the outbox at the kill,"
      " %d not completed by the outbox's listener (%d of them not yet in the outbox; the first event-resubmit"
      " run handed over %s), %d deliveries received"
      % (len(events), len(keys_at_kill), len(outbox_at_kill), len(waiting), len(waiting - set(outbox_at_kill)),
         resubmit.get("changed"), len(received)))
check("nothing was delivered before the kill (the schedule was off)",
      os.path.getsize(work + "/kill-received.jsonl") == 0)
check("each key recorded at the kill has its key.issued committed in the registry (%d)" % len(keys_at_kill),
      {row[1] for row in events} == keys_at_kill)
all_keys = set(final_rows) | {r["accessKeyId"] for r in first + retry if r["status"] == 201}
per_key = collections.Counter(r["accessKeyId"] for r in issued)
check("every key (%d rows and 201s) has exactly one key.issued received, signed (%d received)"
      % (len(all_keys), len(issued)),
      set(per_key) == all_keys and all(n == 1 for n in per_key.values())
      and all(r["signatureValid"] for r in received))
ids = collections.Counter(r["webhookId"] for r in received)
check("no webhook-id was received twice", all(n == 1 for n in ids.values()))
by_key_received = {r["accessKeyId"]: r["webhookId"] for r in issued}
check("the webhook-ids in the outbox at the kill are the ids received for those keys (%d)" % len(outbox_at_kill),
      all(by_key_received.get(k) == w for k, w in outbox_at_kill.items()))
check("every received webhook-id is its delivery's in the outbox",
      all(outbox_final.get(k) == w for k, w in by_key_received.items()))
check("the events not completed by the listener at the kill were delivered after the restart (%d)" % len(waiting),
      waiting <= set(by_key_received))
check("every event in the registry is completed",
      int(open(work + "/events-incomplete.txt").read()) == 0)
sys.exit(1 if failures else 0)
PY
summary
