#!/usr/bin/env bash
# The README as a new user meets it: keywarden started the way the README starts it (the local
# profile, its demo clients and the sandbox upstream), on a database of its own, then every shell
# example of the README pasted in order into one shell, each answer compared with the one the
# README shows (scripts/readme_examples.py says what is compared). Also checks that none of the
# secrets handed out reached keywarden's log.
#
# Usage: scripts/readme-examples.sh   (PostgreSQL on 127.0.0.1:5432, curl and jq; builds the jar if missing)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "the README's examples need $tool" >&2; exit 1; }
done
ensure_jar
DB=$(new_database keywarden_readme)
DATABASES+=("$DB")
PORT=$(free_port)
log "keywarden with the local profile on :$PORT"
"$JAVA" -XX:+ExitOnOutOfMemoryError -jar "$JAR" --spring.profiles.active=local --server.port="$PORT" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB?currentSchema=keywarden" \
  --keywarden.audit.checkpoint.directory="$WORK/checkpoints" >"$WORK/keywarden.log" 2>&1 &
PID=$!
PIDS+=("$PID")
await_ready "$PORT" "$PID" "$WORK/keywarden.log"

echo
echo "The README's examples against the local profile"
python3 scripts/readme_examples.py README.md "$PORT" "$WORK" || FAILURES=$((FAILURES + 1))
summary
