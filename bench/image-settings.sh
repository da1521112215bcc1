#!/usr/bin/env bash
# The Docker image's keywarden, outside Docker: extracts the jar the way the Dockerfile does, puts
# the image's entry point and JVM settings beside it (docker/keywarden, docker/jvm.options), makes
# the AOT cache with the image's training run (docker/train-aot-cache.sh), and prints the command
# line the image runs. Whatever starts keywarden as "$DIR/keywarden <arguments>" then measures the
# settings the image ships.
#
#   bench/image-settings.sh [DIR]          (default target/image; DIR is emptied first)
#
# Environment: BENCH_JAVA (the JVM, default Temurin 25 as in the image; its JAVA_HOME is used),
# IMAGE_AOT_CACHE=0 (no AOT cache, to measure without it), BENCH_SKIP_BUILD=1 (use the jar as it is).
# Start keywarden with the same JVM: JAVA_HOME=<that JDK> DIR/keywarden --server.port=...
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-target/image}
JAVA=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=target/keywarden-0.1.0-SNAPSHOT.jar
export JAVA_HOME
JAVA_HOME=$(cd "$(dirname "$JAVA")/.." && pwd)

log() { printf '[image-settings %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

[ -x "$JAVA_HOME/bin/java" ] || { echo "no JDK at $JAVA_HOME (set BENCH_JAVA)" >&2; exit 1; }
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$JAR" ]; then
  log "building $JAR"
  ./mvnw -B -q -o -DskipTests package >/dev/null 2>&1 || ./mvnw -B -q -DskipTests package
fi

# The Dockerfile's build stage: extract the layers; its runtime stage copies them into /app in
# this order, then the entry point and the JVM settings.
rm -rf "$DIR"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
layers=$(mktemp -d)
trap 'rm -rf "$layers"' EXIT
cp "$JAR" "$layers/keywarden.jar"
(cd "$layers" && "$JAVA_HOME/bin/java" -Djarmode=tools -jar keywarden.jar extract --layers --destination extracted)
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
  cp -R "$layers/extracted/$layer/." "$DIR/"
done
cp docker/jvm.options docker/keywarden "$DIR/"

if [ "${IMAGE_AOT_CACHE:-1}" = 1 ]; then
  log "training run for the AOT cache"
  docker/train-aot-cache.sh "$DIR" >&2
else
  log "no AOT cache (IMAGE_AOT_CACHE=0)"
fi

log "the image's command line, as keywarden runs it from $DIR:"
KEYWARDEN_PRINT_COMMAND=1 "$DIR/keywarden"
