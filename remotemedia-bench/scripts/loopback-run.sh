#!/usr/bin/env bash
# One scenario against a fresh RemoteMedia server (its shaded jar, default configuration) on
# loopback, with the server's CPU time per call. Two JVMs on this machine. Loopback only.
#
#   remotemedia-bench/scripts/loopback-run.sh SCENARIO [LoadGenerator run options...]
#   e.g. ... streams-20ms --concurrency 1000 --connections 10 --warmup 20 --duration 20
set -euo pipefail
SCENARIO=$1
shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
PORT=${PORT:-50061}
SERVER_JAR="$ROOT/remotemedia-grpc-server/target/remotemedia-server.jar"
BENCH_JAR="$ROOT/remotemedia-bench/target/benchmarks.jar"
if [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  (cd "$ROOT" && mvn -B -o -q package -pl remotemedia-bench,remotemedia-grpc-server -am -DskipTests)
fi

java ${SERVER_JAVA_OPTS:-} -jar "$SERVER_JAR" serve --host 127.0.0.1 --port "$PORT" --metrics-port 0 \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q "listening on" "$WORK/server.log" 2>/dev/null && break
  sleep 0.2
done

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); $(java -version 2>&1 | head -1); work: $WORK"
java ${LOAD_JAVA_OPTS:-} -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator run \
  --scenario "$SCENARIO" --target "127.0.0.1:$PORT" --server-pid "$SERVER_PID" \
  --json "$WORK/$SCENARIO.json" "$@"
echo "server RSS: $(ps -o rss= -p "$SERVER_PID") KiB"
