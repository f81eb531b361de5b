#!/usr/bin/env bash
# Server-side memory on loopback: starts a fresh RemoteMedia server jar (default configuration,
# G1, -Xmx2g unless SERVER_JAVA_OPTS says otherwise, GC log in $WORK/gc.log) and runs one of the
# bench's server memory tools against it, which reads the server's heap over JMX (attach API).
#
#   remotemedia-bench/scripts/server-memory.sh streams [STREAMS=200] [ROUNDS=3] [CONNECTIONS=10]
#   remotemedia-bench/scripts/server-memory.sh request [SECONDS=60] [ROUNDS=5]
#   remotemedia-bench/scripts/server-memory.sh connections [N=2000]...
#   remotemedia-bench/scripts/server-memory.sh allocation [SECONDS=1] [CALLS=1000] [ROUNDS=5] [WARMUP=2000]
#
# `streams` also writes the server's live class histogram (jmap -histo:live) with the streams
# open to $WORK/histogram.txt.
set -euo pipefail
MODE=$1
shift
PORT=${PORT:-50071}
source "$(dirname "$0")/loopback-common.sh"

# shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
start_server ${SERVER_JAVA_OPTS:--XX:+UseG1GC -Xmx2g} -Xlog:gc*:file="$WORK/gc.log":uptime

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load: $(cut -d' ' -f1-3 /proc/loadavg); nproc: $(nproc); $(java -version 2>&1 | head -1); server opts: ${SERVER_JAVA_OPTS:--XX:+UseG1GC -Xmx2g}; work: $WORK"
case "$MODE" in
  streams)
    java -cp "$BENCH_JAR" io.remotemedia.bench.memory.ServerHeapPerStream "127.0.0.1:$PORT" \
      "$SERVER_PID" "${1:-200}" "${2:-3}" "${3:-10}" "$WORK/histogram.txt"
    echo "live histogram with the streams open (top 15):"
    head -18 "$WORK/histogram.txt"
    ;;
  request)
    java -cp "$BENCH_JAR" io.remotemedia.bench.memory.ServerPeakHeapPerRequest "127.0.0.1:$PORT" \
      "$SERVER_PID" "${1:-60}" "${2:-5}"
    ;;
  allocation)
    java -cp "$BENCH_JAR" io.remotemedia.bench.memory.ServerAllocationPerRequest "127.0.0.1:$PORT" \
      "$SERVER_PID" "${1:-1}" "${2:-1000}" "${3:-5}" "${4:-2000}"
    ;;
  connections)
    java -cp "$BENCH_JAR" io.remotemedia.bench.memory.ServerHeapPerConnection "127.0.0.1:$PORT" \
      "$SERVER_PID" "${@:-2000}"
    ;;
  *)
    echo "unknown mode $MODE: streams, request, allocation or connections" >&2
    exit 2
    ;;
esac
echo "end: $(date -u +%Y-%m-%dT%H:%M:%SZ); load: $(cut -d' ' -f1-3 /proc/loadavg)"
