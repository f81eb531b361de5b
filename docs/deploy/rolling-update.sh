#!/usr/bin/env bash
# A rolling update on loopback, the way Kubernetes runs one, under load from the Java SDK.
# See rolling-update.md beside this file.
#
#   docs/deploy/rolling-update.sh            # 3 replicas, pre-stop 2 s, grace 30 s
#   PRE_STOP_MS=5000 SETTLE_S=10 docs/deploy/rolling-update.sh
#   PORT_BASE=53100 docs/deploy/rolling-update.sh   # fixed ports instead of free ones
#
# 1. Starts REPLICAS server processes on free loopback ports (config in $WORK/replica-N.yaml).
# 2. Starts two load generators from remotemedia-bench, both through the SDK's round-robin over
#    every replica: unary resample-1s (1 s of audio per call) at concurrency 8, and live
#    streams-20ms streams (STREAMS of them, 20 ms chunks in real time).
# 3. Replaces each replica in turn: SIGTERM, wait for the exit, start the new process on the
#    same port, wait until it has answered calls, wait SETTLE_S seconds.
# 4. Waits for the load (LOAD_S seconds in all) and prints both reports; exits 1 if any unary call failed, or if a stream
#    failed with another status than UNAVAILABLE (the documented retryable one).
# Needs java, curl and the jars (built when missing, offline, without tests).
set -euo pipefail

REPLICAS=${REPLICAS:-3}
PRE_STOP_MS=${PRE_STOP_MS:-2000}
GRACE_MS=${GRACE_MS:-30000}
STREAMS=${STREAMS:-6}
SETTLE_S=${SETTLE_S:-5}
# 0: each replica takes free ports. Otherwise replica i listens on PORT_BASE + i and serves its
# metrics on PORT_BASE + REPLICAS + i (on a shared machine with ports handed out by range).
PORT_BASE=${PORT_BASE:-0}
# How long the load runs: long enough for every replacement (drain, start, back in rotation).
# A drain lasts the whole grace period, since the load's streams ignore `draining`; on a loaded
# 2-core machine the rest took 45 s (JVM start 15 s, first call 8 to 29 s).
LOAD_S=${LOAD_S:-$((2 * SETTLE_S + REPLICAS * ((PRE_STOP_MS + GRACE_MS) / 1000 + 45 + SETTLE_S)))}
# ROOT, WORK, SERVER_JAR and BENCH_JAR (the jars built when missing), shared with the bench's
# loopback scripts.
# shellcheck source=../../remotemedia-bench/scripts/loopback-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../remotemedia-bench/scripts/loopback-common.sh"

PIDS=()
PORTS=()
LOAD_PIDS=()
cleanup() {
  kill "${LOAD_PIDS[@]}" "${PIDS[@]}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to 60 s for the regex $2 in file $1, and prints its first capture group.
await_capture() {
  local capture
  for _ in $(seq 300); do
    capture=$(sed -n -E "s#.*$2.*#\\1#p" "$1" 2>/dev/null | head -n 1)
    if [ -n "$capture" ]; then
      echo "$capture"
      return 0
    fi
    sleep 0.2
  done
  echo "no \"$2\" in $1 after 60 s" >&2
  return 1
}

# start_replica INDEX PORT GENERATION: starts one replica, sets PIDS[INDEX], PORTS[INDEX] and
# METRICS_PORT.
start_replica() {
  local name="replica-$1-v$3"
  cat >"$WORK/$name.yaml" <<EOF
server:
  port: $2
  pre_stop_delay_ms: $PRE_STOP_MS
  shutdown_grace_ms: $GRACE_MS
metrics:
  port: $(metrics_port "$1")
EOF
  java -Xmx512m -jar "$SERVER_JAR" serve --config "$WORK/$name.yaml" >"$WORK/$name.log" 2>&1 &
  PIDS[$1]=$!
  PORTS[$1]=$(await_capture "$WORK/$name.log" 'listening on 127\.0\.0\.1:([0-9]+)')
  METRICS_PORT=$(await_capture "$WORK/$name.log" 'metrics on http://127\.0\.0\.1:([0-9]+)/')
}

# metrics_port INDEX: the metrics port of replica INDEX (0: a free one).
metrics_port() {
  if [ "$PORT_BASE" -eq 0 ]; then echo 0; else echo $((PORT_BASE + REPLICAS + $1)); fi
}

# Unary calls this replica answered OK (its own /metrics: the scrape target is its identity).
answered() {
  curl -fsS "http://127.0.0.1:$1/metrics" \
    | sed -n -E 's/^grpc_requests_total\{method="ExecutePipeline",code="OK",\} ([0-9.E]+)$/\1/p' \
    | awk '{ printf "%d", $1 }'
}

for i in $(seq 0 $((REPLICAS - 1))); do
  start_replica "$i" $((PORT_BASE == 0 ? 0 : PORT_BASE + i)) 1
done
TARGETS=$(printf '127.0.0.1:%s,' "${PORTS[@]}")
TARGETS=${TARGETS%,}
echo "replicas: $TARGETS (logs in $WORK)"

load() {
  java -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator run --target "$TARGETS" \
    --warmup 0 --duration "$LOAD_S" "$@"
}
load --scenario resample-1s --concurrency 8 --json "$WORK/unary.json" >"$WORK/unary.txt" 2>&1 &
LOAD_PIDS+=($!)
load --scenario streams-20ms --concurrency "$STREAMS" --json "$WORK/streams.json" \
  >"$WORK/streams.txt" 2>&1 &
LOAD_PIDS+=($!)
sleep "$SETTLE_S"

for i in $(seq 0 $((REPLICAS - 1))); do
  started=$(date +%s%N)
  kill -TERM "${PIDS[$i]}"
  wait "${PIDS[$i]}" || { echo "replica $i exited with $?" >&2; exit 1; }
  drained=$(date +%s%N)
  start_replica "$i" "${PORTS[$i]}" 2
  listening=$(date +%s%N)
  waited=0
  until [ "$(answered "$METRICS_PORT")" -gt 0 ] 2>/dev/null; do
    if [ "$waited" -ge 1200 ]; then
      echo "FAIL: replica $i took no call within 120 s of listening (is the load running? $WORK/unary.txt)" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  serving=$(date +%s%N)
  printf 'replica %d (port %s): drained in %d ms, restarted in %d ms, took calls %d ms after listening\n' \
    "$i" "${PORTS[$i]}" $(((drained - started) / 1000000)) $(((listening - drained) / 1000000)) \
    $(((serving - listening) / 1000000))
  sleep "$SETTLE_S"
done

for pid in "${LOAD_PIDS[@]}"; do
  kill -0 "$pid" 2>/dev/null \
    || { echo "the load ended before the last replacement; raise LOAD_S (was $LOAD_S)" >&2; exit 1; }
done
echo "every replica replaced; the load runs until ${LOAD_S} s"
wait "${LOAD_PIDS[@]}"
LOAD_PIDS=()
echo "--- unary (resample-1s, concurrency 8)"
cat "$WORK/unary.txt"
echo "--- streams (streams-20ms, $STREAMS open)"
cat "$WORK/streams.txt"

status=0
if ! grep -q '"errors": *{ *}' "$WORK/unary.json"; then
  echo "FAIL: unary calls failed: $(grep -o '"errors": *{[^}]*}' "$WORK/unary.json")" >&2
  status=1
fi
stream_errors=$(grep -o '"errors": *{[^}]*}' "$WORK/streams.json" || true)
if echo "$stream_errors" | grep -q -E '"[A-Z_]+"' \
    && echo "$stream_errors" | grep -o -E '"[A-Z_]+"' | grep -q -v '"UNAVAILABLE"'; then
  echo "FAIL: streams failed with a status other than UNAVAILABLE: $stream_errors" >&2
  status=1
fi
exit $status
