#!/usr/bin/env bash
# One scenario against a fresh RemoteMedia server (its shaded jar, default configuration) on
# loopback, with the server's CPU time per call. Two JVMs on this machine. Loopback only.
#
#   remotemedia-bench/scripts/loopback-run.sh SCENARIO [LoadGenerator run options...]
#   e.g. ... streams-20ms --concurrency 1000 --connections 10 --warmup 20 --duration 20
set -euo pipefail
SCENARIO=$1
shift
PORT=${PORT:-50061}
source "$(dirname "$0")/loopback-common.sh"

# shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
start_server ${SERVER_JAVA_OPTS:-}

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); $(java -version 2>&1 | head -1); work: $WORK"
java ${LOAD_JAVA_OPTS:-} -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator run \
  --scenario "$SCENARIO" --target "127.0.0.1:$PORT" --server-pid "$SERVER_PID" \
  --json "$WORK/$SCENARIO.json" "$@"
echo "server RSS: $(ps -o rss= -p "$SERVER_PID") KiB"
