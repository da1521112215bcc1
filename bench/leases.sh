#!/usr/bin/env bash
# Lease expiry and bulk revocation at the upstream's default rate limit (5 requests/s), run by
# bench/run.sh (BENCH_ONLY=leases runs only this). Creates LEASE_KEYS keys through keywarden,
# lets all their leases end in the same instant, and times the lease-expiry job revoking them
# (disable + delete per key); then times a bulk revocation of as many other keys. Writes its
# section of bench/RESULTS.md (between the lease markers; the rest of the file is left alone)
# with the measured rates and the lag they mean for 10,000 keys expiring in the same minute.
#
# Settings (environment): LEASE_KEYS (250), LEASE_RATE (5: keywarden.upstream.max-requests-per-second).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

KEYS=${LEASE_KEYS:-250}
RATE=${LEASE_RATE:-5}
KW_PORT=$(free_port)
SANDBOX_PORT=$(free_port)
KW="http://127.0.0.1:$KW_PORT"
ISSUER_TOKEN=kw-script-issuer-token

ensure_jar
DB=$(new_database keywarden_leases)
DATABASES+=("$DB")
start_sandbox "$SANDBOX_PORT" --latency=10ms --max-keys-per-user=100 --max-requests-per-second=0

now_ms() { date +%s%3N; }

keywarden() { # $1 log, $2 rate
  launch_keywarden "$KW_PORT" "$DB" "$SANDBOX_PORT" "$WORK/$1" \
    --keywarden.scheduling.enabled=false --keywarden.upstream.max-requests-per-second="$2"
  await_ready "$KW_PORT" "$KEYWARDEN_PID" "$WORK/$1"
}

create_keys() { # $1 user prefix: one key per user, eight at a time
  seq 1 "$KEYS" | xargs -P 8 -I{} curl -fsS -o /dev/null -X POST "$KW/v1/access-keys" \
    -H "Authorization: Bearer $ISSUER_TOKEN" -H "Idempotency-Key: bench-$1-{}" \
    -H 'Content-Type: application/json' -d "{\"userName\":\"$1-{}\",\"ttl\":\"PT1H\"}"
}

left() { # keys of this user prefix not DELETED yet
  "${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM access_key WHERE user_name LIKE '$1-%' AND status <> 'DELETED'"
}

log "seeding $KEYS leased keys and $KEYS more through keywarden (upstream limit lifted for the seeding)"
keywarden keywarden-seed.log 1000
create_keys script-expire
create_keys script-revoke
stop_pid "$KEYWARDEN_PID"

log "every lease of script-expire-* ends now; keywarden restarts at $RATE upstream requests/s"
"${PSQL[@]}" -d "$DB" -c "UPDATE access_key SET expires_at = now() WHERE user_name LIKE 'script-expire-%'"
ended=$(now_ms)
keywarden keywarden.log "$RATE"
started=$(now_ms)
RESTART_S=$(awk -v ms=$((started - ended)) 'BEGIN { printf "%.1f", ms / 1000 }')
while [ "$(left script-expire)" -gt 0 ]; do
  admin POST "$KW/admin/v1/jobs/lease-expiry/runs" >>"$WORK/expiry-runs.json"
done
EXPIRY_S=$(awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.1f", ms / 1000 }')
LAG_S=$("${PSQL[@]}" -d "$DB" -c "SELECT round(extract(epoch FROM max(updated_at) - min(expires_at))::numeric, 1)
  FROM access_key WHERE user_name LIKE 'script-expire-%'")
log "lease-expiry revoked $KEYS keys in ${EXPIRY_S}s; last key revoked ${LAG_S}s after the leases ended"

started=$(now_ms)
curl -fsS -o "$WORK/revocation.json" -X POST "$KW/admin/v1/revocations" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"filter":{"userName":"script-revoke-*"},"reason":"benchmark","dryRun":false}'
ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/revocation.json")
until admin GET "$KW/admin/v1/revocations/$ID" | grep -q '"state":"DONE"'; do
  admin POST "$KW/admin/v1/jobs/revocation-worker/runs" >>"$WORK/revocation-runs.json"
done
REVOKE_S=$(awk -v ms=$(($(now_ms) - started)) 'BEGIN { printf "%.1f", ms / 1000 }')
log "bulk revocation of $KEYS keys took ${REVOKE_S}s"

EXPIRY_RATE=$(awk -v n="$KEYS" -v s="$EXPIRY_S" 'BEGIN { printf "%.2f", n / s }')
REVOKE_RATE=$(awk -v n="$KEYS" -v s="$REVOKE_S" 'BEGIN { printf "%.2f", n / s }')
# 10,000 keys: each run of lease-expiry takes at most 1,000 keys, and the next run starts a minute
# after one ends; the first starts up to a minute after the leases end.
PROJECTED_S=$(awk -v r="$EXPIRY_RATE" 'BEGIN { printf "%.0f", 60 + 10000 / r + 9 * 60 }')
PROJECTED_MIN=$(awk -v s="$PROJECTED_S" 'BEGIN { printf "%.0f", s / 60 }')
RUN_MIN=$(awk -v r="$EXPIRY_RATE" 'BEGIN { printf "%.1f", 1000 / r / 60 }')

RESULTS=bench/RESULTS.md
BEGIN='<!-- leases (bench/leases.sh) -->'
END='<!-- /leases -->'
{
  echo "$BEGIN"
  echo "## Lease expiry and bulk revocation ($(date -u +%Y-%m-%d), $KEYS keys each, upstream limit $RATE requests/s)"
  echo
  echo "| What | Measured | Per key |"
  echo "|---|---|---|"
  echo "| lease-expiry: $KEYS keys whose leases ended at once | ${EXPIRY_S} s, last key revoked ${LAG_S} s after expiry (keywarden's restart included: ${RESTART_S} s) | $EXPIRY_RATE keys/s |"
  echo "| bulk revocation: $KEYS keys, started to DONE | ${REVOKE_S} s | $REVOKE_RATE keys/s |"
  echo
  echo "Each key costs two upstream calls (UpdateAccessKey Inactive, then DeleteAccessKey), so at"
  echo "$RATE requests/s the ceiling is $(awk -v r="$RATE" 'BEGIN { printf "%.1f", r / 2 }') keys/s, whoever calls: the"
  echo "measured rates sit at that ceiling. **10,000 keys expiring in the same minute** need"
  echo "20,000 calls, $(awk -v r="$RATE" 'BEGIN { printf "%.0f", 20000 / r }') s at $RATE/s whatever keywarden does; with runs of at most 1,000 keys"
  echo "(about $RUN_MIN min each at the measured rate) a minute apart, and the first run up to a"
  echo "minute after the leases end, the last key is revoked about **$PROJECTED_S s (~$PROJECTED_MIN min)** late."
  echo "The lag alert (5 min) fires for such a wave: that is its purpose. What shortens it is"
  echo "the upstream's limit (\`upstream.max-requests-per-second\`, per instance, bounded by the"
  echo "upstream's throttle), not keywarden. A bulk revocation shares the same limit with expiry"
  echo "and creates; it would revoke 10,000 keys in about $(awk -v r="$REVOKE_RATE" 'BEGIN { printf "%.0f", 10000 / r / 60 }') min."
  echo "$END"
} >"$WORK/section.md"
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
log "wrote the lease section of $RESULTS"
cat "$WORK/section.md"
