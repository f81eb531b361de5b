#!/usr/bin/env bash
# Every loopback run behind docs/performance.md's Results table, in one go and in this order,
# each stage's full output in $WORK/<stage>.log, with the date and load average around it.
# About 35 minutes on 2 cores. Run it on a machine with nothing else busy: the figures are
# medians of interleaved rounds, but noise from other jobs still moves them.
#
#   remotemedia-bench/scripts/performance-report.sh [stage...]
#   stages: unary-1s unary-10s profile-1s streams-1000 streams-capacity concurrency jmh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
SCRIPTS="$ROOT/remotemedia-bench/scripts"
BENCH_JAR="$ROOT/remotemedia-bench/target/benchmarks.jar"
(cd "$ROOT" && mvn -B -o -q package -pl remotemedia-bench,remotemedia-grpc-server -am -DskipTests)
STAGES=${*:-unary-1s unary-10s profile-1s streams-1000 streams-capacity concurrency jmh}

stage() {
  local name=$1
  shift
  echo "== $name: start $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$@" >"$WORK/$name.log" 2>&1 || echo "   $name FAILED, see $WORK/$name.log"
  echo "   end   $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); $(java -version 2>&1 | head -1); work: $WORK"
for s in $STAGES; do
  case $s in
    # A: 1 s request, remote / echo / local interleaved, 3 rounds.
    unary-1s) stage $s env WORK="$WORK/a" "$SCRIPTS/loopback-side-by-side.sh" resample-1s \
        --rounds 3 --warmup 40 --duration 10 --rewarm 5 ;;
    # B: 10 s request, the same.
    unary-10s) stage $s env WORK="$WORK/b" "$SCRIPTS/loopback-side-by-side.sh" resample-10s \
        --rounds 3 --warmup 40 --duration 10 --rewarm 5 ;;
    # S: one round of A with a JFR recording of the server, for jfr-breakdown.py.
    profile-1s) stage $s env WORK="$WORK/s" \
        SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=$WORK/s/server.jfr,settings=profile" \
        "$SCRIPTS/loopback-side-by-side.sh" resample-1s --rounds 1 --warmup 40 --duration 20
      python3 "$SCRIPTS/jfr-breakdown.py" "$WORK/s/server.jfr" | tee -a "$WORK/$s.log" ;;
    # C: 1,000 streams of resample + VAD, remote against the echo floor, 3 rounds.
    streams-1000) stage $s env WORK="$WORK/c" "$SCRIPTS/loopback-side-by-side.sh" streams-20ms \
        --rounds 3 --warmup 40 --duration 20 --rewarm 10 --concurrency 1000 --connections 10 ;;
    # C2: fewer streams, remote against echo, one round each: where p99 stays under 20 ms.
    streams-capacity)
      for n in 50 100 200 400; do
        stage "$s-$n" env WORK="$WORK/c2-$n" "$SCRIPTS/loopback-side-by-side.sh" streams-20ms \
            --rounds 1 --warmup 40 --duration 20 --concurrency "$n" --connections 10
      done ;;
    # L: the 1 s request at concurrency 1, 2, 4, 8, remote / echo / local, one round each.
    concurrency)
      for c in 1 2 4 8; do
        stage "$s-$c" env WORK="$WORK/l-$c" "$SCRIPTS/loopback-side-by-side.sh" resample-1s \
            --rounds 1 --warmup 30 --duration 10 --concurrency "$c"
      done
      python3 "$SCRIPTS/charts.py" latency "$WORK/latency-vs-concurrency.svg" "$WORK"/l-*/*.json \
          | tee -a "$WORK/$s.log" ;;
    # JMH: the two nodes of the streams pipeline per 20 ms chunk, and the resampler's speed per
    # quality (100 ms and 20 ms chunks) for the speed-against-quality chart.
    jmh) stage $s java -jar "$BENCH_JAR" NodeChunkBenchmark -p node=AudioResample,VAD -prof gc \
        -rf json -rff "$WORK/jmh-nodes.json"
      stage "$s-resample" java -jar "$BENCH_JAR" ResampleBenchmark -wi 3 -w 1 -i 5 -r 1 \
        -rf json -rff "$WORK/jmh-resample.json"
      python3 "$SCRIPTS/charts.py" resample "$WORK/resample-speed-vs-quality.svg" \
          "$WORK/jmh-resample.json" "$ROOT/docs/nodes/AudioResample.md" ;;
    *) echo "unknown stage $s" >&2; exit 2 ;;
  esac
done
echo "all stages done; logs and JSON reports in $WORK"
