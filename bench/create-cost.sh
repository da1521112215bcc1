#!/usr/bin/env bash
# What a create costs, and who pays: a short A/B harness beside bench/run.sh. Starts the two
# standalone sandboxes (50 ms and 0 ms) and keywarden as the image runs it (bench/image-settings.sh),
# on an empty database, warms up with creates at 64 connections, then measures creates at the
# given concurrency and prints wrk's line and the CPU each process spent per create (keywarden,
# PostgreSQL, the sandboxes, the whole machine) from /proc, with how busy the machine was.
#
#   bench/create-cost.sh [CONNECTIONS] [LATENCY]     (default 64 and 50ms; LATENCY 50ms or 0ms)
#
# Environment: WARM (s of warm-up, 30), DURATION (s measured, 15), IMAGE_DIR (the image's /app,
# default target/image-cost; made when missing or older than the jar), PROFILE=cpu|wall (an
# async-profiler recording of the measured run into target/create-cost.jfr, if bench/run.sh has
# fetched the profiler), JAVA_OPTS (added to the image's JVM options), KEYWARDEN_ARGS.
# To compare two commits, build each and run this once per jar, a few times each, alternating:
# the machine's own noise is about 10%.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CONNECTIONS=${1:-64}
LATENCY=${2:-50ms}
WARM=${WARM:-30}
DURATION=${DURATION:-15}
JAVA=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=target/keywarden-0.1.0-SNAPSHOT.jar
IMAGE=${IMAGE_DIR:-target/image-cost}
DB=keywarden_create_cost
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -Atq)
WORK=$(mktemp -d /tmp/keywarden-create-cost.XXXXXX)
PROFILER_LIB="$ROOT/target/async-profiler-4.2/linux-x64/libasyncProfiler.so"
export WRK_DIR="$ROOT/bench/wrk" TOKEN=kw-bench-issuer-token USERS=1000

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: bench/run.sh installs it" >&2; exit 1; }
[ -f "$JAR" ] || ./mvnw -B -q -o -DskipTests package >/dev/null
if [ ! -f "$IMAGE/keywarden.aot" ] || [ "$JAR" -nt "$IMAGE/keywarden.aot" ]; then
  BENCH_SKIP_BUILD=1 BENCH_JAVA="$JAVA" bench/image-settings.sh "$IMAGE" >"$WORK/image.log" 2>&1 \
    || { tail -30 "$WORK/image.log" >&2; exit 1; }
fi
"${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keywarden_app')
  THEN CREATE ROLE keywarden_app LOGIN PASSWORD 'keywarden_app'; END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END \$\$" >/dev/null
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null

SANDBOX_PORT=$(free_port)
"$JAVA" -XX:+ExitOnOutOfMemoryError -cp "$JAR" -Dloader.main=io.keywarden.sandbox.StandaloneSandbox \
  org.springframework.boot.loader.launch.PropertiesLauncher --port="$SANDBOX_PORT" --latency="$LATENCY" \
  --max-keys-per-user=100000000 --max-requests-per-second=0 >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
PIDS+=("$SANDBOX_PID")
SANDBOX="http://127.0.0.1:$SANDBOX_PORT/sandbox/upstream/"
for _ in $(seq 1 100); do curl -fsS "${SANDBOX}stats" >/dev/null 2>&1 && break; sleep 0.1; done

PORT=$(free_port)
KW="http://127.0.0.1:$PORT"
# shellcheck disable=SC2086
env JAVA_HOME="$(cd "$(dirname "$JAVA")/.." && pwd)" JAVA_OPTS="${JAVA_OPTS:-}" "$IMAGE/keywarden" \
  --spring.config.additional-location=file:"$ROOT/bench/keywarden-bench.yml" --server.port="$PORT" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --keywarden.upstream.base-url="$SANDBOX" \
  --keywarden.audit.checkpoint.directory="$WORK/checkpoints" ${KEYWARDEN_ARGS:-} >"$WORK/keywarden.log" 2>&1 &
KEYWARDEN_PID=$!
PIDS+=("$KEYWARDEN_PID")
for _ in $(seq 1 1200); do
  curl -fsS "$KW/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$KEYWARDEN_PID" 2>/dev/null || { tail -40 "$WORK/keywarden.log" >&2; exit 1; }
  sleep 0.05
done

threads=$((CONNECTIONS < 2 ? 1 : 2))
RUN_ID=warm-$$ wrk -t2 -c64 -d"${WARM}s" -s "$WRK_DIR/keywarden-create.lua" "$KW" >/dev/null

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # utime + stime, in clock ticks
postgres_ticks() {
  local sum=0 pid
  for pid in $(pgrep -u postgres); do sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$sum"
}
machine() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat; } # busy, idle
if [ -n "${PROFILE:-}" ] && [ -f "$PROFILER_LIB" ]; then
  jcmd "$KEYWARDEN_PID" JVMTI.agent_load "$PROFILER_LIB" \
    "\"start,event=$PROFILE,interval=1ms,threads,file=$ROOT/target/create-cost.jfr\"" >/dev/null
fi
k0=$(ticks "$KEYWARDEN_PID"); s0=$(ticks "$SANDBOX_PID"); p0=$(postgres_ticks); read -r b0 i0 < <(machine)
RUN_ID=run-$$ wrk -t"$threads" -c"$CONNECTIONS" -d"${DURATION}s" -s "$WRK_DIR/keywarden-create.lua" "$KW" >"$WORK/wrk.txt"
k1=$(ticks "$KEYWARDEN_PID"); s1=$(ticks "$SANDBOX_PID"); p1=$(postgres_ticks); read -r b1 i1 < <(machine)
if [ -n "${PROFILE:-}" ] && [ -f "$PROFILER_LIB" ]; then
  jcmd "$KEYWARDEN_PID" JVMTI.agent_load "$PROFILER_LIB" "\"stop,file=$ROOT/target/create-cost.jfr\"" >/dev/null
  echo "profile: target/create-cost.jfr"
fi

grep '^RESULT' "$WORK/wrk.txt"
n=$(grep -o 'requests=[0-9]*' "$WORK/wrk.txt" | cut -d= -f2)
hz=$(getconf CLK_TCK)
awk -v n="$n" -v hz="$hz" -v k=$((k1 - k0)) -v p=$((p1 - p0)) -v s=$((s1 - s0)) -v b=$((b1 - b0)) -v i=$((i1 - i0)) 'BEGIN {
  ms = 1000 / hz / n
  printf "CPU per create, ms: keywarden %.3f, PostgreSQL %.3f, sandbox %.3f, whole machine %.3f; machine busy %.0f%%\n",
    k * ms, p * ms, s * ms, b * ms, 100 * b / (b + i)
}'
