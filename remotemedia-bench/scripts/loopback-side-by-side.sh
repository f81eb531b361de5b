#!/usr/bin/env bash
# Side by side on loopback, in one run: a scenario against the RemoteMedia server (its
# shaded jar, default configuration), against the grpc-java echo floor with the same payload
# sizes, and (unary only) in-process through LocalPipelineRunner; ROUNDS interleaved rounds,
# medians. streams-20ms runs remote and echo (same pacing, chunk and result sizes).
# Three JVMs on this machine: server, echo server, load generator. Loopback only.
#
#   remotemedia-bench/scripts/loopback-side-by-side.sh [scenario=resample-1s] [extra LoadGenerator options...]
#   e.g. ... resample-1s --rounds 3 --warmup 20 --duration 10 --concurrency 1
#        ... streams-20ms --rounds 3 --warmup 20 --duration 20 --concurrency 1000 --connections 10
set -euo pipefail
SCENARIO=${1:-resample-1s}
shift || true
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
PORT=${PORT:-50061}
ECHO_PORT=${ECHO_PORT:-50062}
SERVER_JAR="$ROOT/remotemedia-grpc-server/target/remotemedia-server.jar"
BENCH_JAR="$ROOT/remotemedia-bench/target/benchmarks.jar"
if [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  (cd "$ROOT" && mvn -B -o -q package -pl remotemedia-bench,remotemedia-grpc-server -am -DskipTests)
fi

java ${SERVER_JAVA_OPTS:-} -jar "$SERVER_JAR" serve --host 127.0.0.1 --port "$PORT" --metrics-port 0 \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
java -cp "$BENCH_JAR" io.remotemedia.bench.echo.EchoServer "$ECHO_PORT" >"$WORK/echo.log" 2>&1 &
ECHO_PID=$!
trap 'kill "$SERVER_PID" "$ECHO_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q "echo server on" "$WORK/echo.log" 2>/dev/null && \
    grep -q "listening on" "$WORK/server.log" 2>/dev/null && break
  sleep 0.2
done

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); $(java -version 2>&1 | head -1); work: $WORK"
java -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator side-by-side \
  --scenario "$SCENARIO" --target "127.0.0.1:$PORT" --echo-target "127.0.0.1:$ECHO_PORT" \
  --server-pid "$SERVER_PID" --echo-pid "$ECHO_PID" --json-dir "$WORK" "$@"
