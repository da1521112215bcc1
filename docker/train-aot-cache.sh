#!/bin/sh
# Makes keywarden's AOT cache (JDK 25: JEP 483 classes loaded and linked ahead of time, JEP 514
# in one step, JEP 515 with method profiles) as APP_DIR/keywarden.aot, for the application
# extracted into APP_DIR (java -Djarmode=tools -jar keywarden.jar extract) beside the jvm.options
# and the entry point docker/keywarden.
#
#   train-aot-cache.sh APP_DIR        (the JVM: $JAVA_HOME/bin/java, else java on the PATH)
#
# The Dockerfile runs it in the runtime image itself, and bench/image-settings.sh the same way, so
# that the cache matches the JVM, the class path (the jar's absolute path) and the JVM options
# keywarden runs with: a cache made otherwise is refused at start-up. The training run is Spring
# Boot's documented one: start the context and exit once it is refreshed, with the settings of
# aot-training.yml (no database: Flyway off, throwaway keys).
set -eu
[ $# -eq 1 ] || { echo "usage: $0 APP_DIR" >&2; exit 2; }
app=$(CDPATH='' cd -- "$1" && pwd)
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d "${TMPDIR:-/tmp}/keywarden-aot-training.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -f "$app/keywarden.aot"

# The options keywarden runs with (jvm.options, as docker/keywarden gives them), so the cache fits
# them; the AOT warnings about classes it cannot store (generated proxies) are only noise here.
if ! KEYWARDEN_TRAINING_CHECKPOINTS="$work/checkpoints" "$java" @"$app/jvm.options" \
  -XX:AOTCacheOutput="$app/keywarden.aot" -Xlog:aot=error -Xlog:cds=error \
  -Dspring.context.exit=onRefresh \
  -jar "$app/keywarden.jar" --spring.config.additional-location="file:$here/aot-training.yml" \
  >"$work/training.log" 2>&1; then
  cat "$work/training.log" >&2
  echo "the AOT-cache training run failed" >&2
  rm -f "$app/keywarden.aot"
  exit 1
fi
[ -s "$app/keywarden.aot" ] || { cat "$work/training.log" >&2; echo "no AOT cache was written" >&2; exit 1; }
echo "AOT cache: $app/keywarden.aot ($(($(wc -c <"$app/keywarden.aot") / 1048576)) MiB)"
