#!/usr/bin/env bash
# Streams per core (issue 15, P4): the most real-time streams-20ms streams (44.1 kHz mono float,
# one 20 ms chunk every 20 ms, resample to 16 kHz + VAD) that ONE server core holds with chunk
# p99 < 20 ms (P99_MS), 0 errors and every stream alive. The server jar (default configuration) runs
# pinned to SERVER_CPU with taskset, the load generator (a fresh JVM per run) to LOADGEN_CPU.
# A step search doubles the streams from START until a step fails, then bisects down to
# RESOLUTION (a fraction of the passing figure). Each step is REPEATS runs of REWARM s of
# warm-up and DURATION s measured; a step passes when the median p99 is < 20 ms and no run has
# an error or a dead stream. The server warms up once for WARMUP s at START streams first.
# Each step also prints how busy the server's CPU was (/proc/stat, warm-up included): well above
# the server's own share means other processes ran there, and the step measured them too.
# Then, with SIDE_BY_SIDE_ROUNDS > 0, it runs LoadGenerator side-by-side at the figure (server on
# SERVER_CPU; load generator, in-process pipeline and echo server on LOADGEN_CPU): CPU per chunk
# of server, echo floor and in-process pipeline, and the P4 ratio. Needs 2 CPUs and taskset
# (util-linux). About 20 minutes with the defaults; run it on an otherwise quiet machine.
#
#   remotemedia-bench/scripts/streams-per-core.sh
#   e.g. REPEATS=1 DURATION=10 SIDE_BY_SIDE_ROUNDS=0 remotemedia-bench/scripts/streams-per-core.sh
set -euo pipefail
PORT=${PORT:-50063}
ECHO_PORT=${ECHO_PORT:-50064}
SERVER_CPU=${SERVER_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
START=${START:-50}
MAX=${MAX:-5000}
RESOLUTION=${RESOLUTION:-0.05}
WARMUP=${WARMUP:-30}
REWARM=${REWARM:-15}
DURATION=${DURATION:-20}
REPEATS=${REPEATS:-3}
CONNECTIONS=${CONNECTIONS:-10}
SIDE_BY_SIDE_ROUNDS=${SIDE_BY_SIDE_ROUNDS:-3}
P99_MS=${P99_MS:-20}
SERVER_CPUS=$SERVER_CPU
source "$(dirname "$0")/loopback-common.sh"

command -v taskset >/dev/null || { echo "taskset not found (Debian package util-linux)" >&2; exit 1; }
# shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
start_server ${SERVER_JAVA_OPTS:-}
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); $(java -version 2>&1 | head -1)"
echo "server pid $SERVER_PID on CPU $SERVER_CPU, load generator on CPU $LOADGEN_CPU; work: $WORK"

# load N WARMUP_S JSON: one load generator run of N streams on LOADGEN_CPU; the server CPU's
# /proc/stat line before and after goes to JSON.cpu (to see what other processes took of it).
load() {
  grep "^cpu$SERVER_CPU " /proc/stat >"${3%.json}.cpu"
  taskset -c "$LOADGEN_CPU" java ${LOAD_JAVA_OPTS:-} -cp "$BENCH_JAR" \
    io.remotemedia.bench.load.LoadGenerator run --scenario streams-20ms \
    --target "127.0.0.1:$PORT" --server-pid "$SERVER_PID" --concurrency "$1" \
    --connections "$CONNECTIONS" --warmup "$2" --duration "$DURATION" --json "$3" \
    >"${3%.json}.txt" 2>&1
  grep "^cpu$SERVER_CPU " /proc/stat >>"${3%.json}.cpu"
}

# step N: REPEATS runs of N streams; prints one line and returns 0 if the step passes.
step() {
  local n=$1 r files=()
  for r in $(seq "$REPEATS"); do
    load "$n" "$REWARM" "$WORK/n$n-r$r.json"
    files+=("$WORK/n$n-r$r.json")
    sleep 2 # let a backlog drain before the next run
  done
  python3 - "$n" "$P99_MS" "${files[@]}" <<'PY'
import json, statistics, sys
n, limit_ms = int(sys.argv[1]), float(sys.argv[2])
runs = [json.load(open(f)) for f in sys.argv[3:]]
p99 = statistics.median(r["latency_ms"]["p99"] for r in runs)
errors = sum(r["error_count"] for r in runs)
dead = sum(n - r["extra"]["streams_alive_at_end"] for r in runs)
rps = statistics.median(r["rps"] for r in runs)
cpu_us = statistics.median(1000 * r["cpu_ms_per_call"] for r in runs)
lg = max(r["load_generator_cpu_cores"] for r in runs)
def busy(path):  # share of the server's CPU that was busy over the run, from /proc/stat
    before, after = ([int(v) for v in line.split()[1:]] for line in open(path))
    delta = [a - b for a, b in zip(after, before)]
    return 1 - (delta[3] + delta[4]) / sum(delta)
core = statistics.median(busy(f[:-len(".json")] + ".cpu") for f in sys.argv[3:])
ok = p99 < limit_ms and errors == 0 and dead == 0
each = ", ".join("%.2f" % r["latency_ms"]["p99"] for r in runs)
print(f"{n:6d} streams: p99 {p99:9.2f} ms (runs {each}),"
      f" {rps:8.0f} results/s of {50 * n}, server CPU {cpu_us:5.1f} us/chunk"
      f" = {cpu_us * 50 * n / 1e6:4.2f} core, errors {errors}, dead {dead},"
      f" load generator <= {lg:4.2f} core, server's CPU busy {100 * core:3.0f} %:"
      f" {'pass' if ok else 'FAIL'}"
      + ("  (load generator near a full core: the figure may be the client's)" if lg > 0.85 else ""),
      flush=True)
sys.exit(0 if ok else 1)
PY
}

echo "warming the server up: $START streams for $WARMUP s"
load "$START" "$WARMUP" "$WORK/warmup.json"
sleep 2
pass=0
fail=0
n=$START
while [ "$n" -le "$MAX" ]; do
  if step "$n"; then pass=$n; n=$((n * 2)); else fail=$n; break; fi
done
if [ "$pass" -eq 0 ]; then
  echo "not even $START streams pass: lower START"
  exit 1
fi
if [ "$fail" -eq 0 ]; then
  echo "every step up to $MAX passed: raise MAX"
  fail=$((MAX + 1))
fi
# Bisect between the last pass and the first fail.
while python3 -c "import sys; sys.exit(0 if $fail - $pass > max(1, $RESOLUTION * $pass) else 1)"; do
  n=$(((pass + fail) / 2))
  if step "$n"; then pass=$n; else fail=$n; fi
done

python3 - "$pass" "$fail" "$P99_MS" "$MAX" <<'PY'
import math, sys
s, fail, limit, most = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
bound = f"{fail} failed" if fail <= most else f"at least: every step up to MAX={most} passed"
print(f"\nstreams per core: {s} (p99 < {limit} ms, 0 errors; {bound})")
print("arithmetic, assuming capacity grows with cores (one server JVM per core, or threads that")
print("do not contend; not measured beyond one core here):")
for cores in (1, 2, 4, 8, 16):
    print(f"  {cores:2d} cores: {cores} x {s} = {cores * s} streams")
need = math.ceil(1000 / s)
print(f"  1,000 streams: ceil(1000 / {s}) = {need} server cores", end="")
print("; " + ", ".join(f"{math.ceil(need / c)} servers of {c} cores" for c in (2, 4, 8)))
PY

if [ "$SIDE_BY_SIDE_ROUNDS" -gt 0 ]; then
  echo
  echo "side by side at $pass streams: server on CPU $SERVER_CPU; echo server and load generator on CPU $LOADGEN_CPU"
  taskset -c "$LOADGEN_CPU" java -cp "$BENCH_JAR" io.remotemedia.bench.echo.EchoServer "$ECHO_PORT" \
    >"$WORK/echo.log" 2>&1 &
  ECHO_PID=$!
  trap 'kill "$SERVER_PID" "$ECHO_PID" 2>/dev/null || true' EXIT
  wait_for_line "$WORK/echo.log" "echo server on"
  taskset -c "$LOADGEN_CPU" java ${LOAD_JAVA_OPTS:-} -cp "$BENCH_JAR" \
    io.remotemedia.bench.load.LoadGenerator side-by-side --scenario streams-20ms \
    --target "127.0.0.1:$PORT" --echo-target "127.0.0.1:$ECHO_PORT" \
    --server-pid "$SERVER_PID" --echo-pid "$ECHO_PID" --concurrency "$pass" \
    --connections "$CONNECTIONS" --rounds "$SIDE_BY_SIDE_ROUNDS" --warmup "$REWARM" \
    --rewarm "$REWARM" --duration "$DURATION" --json-dir "$WORK/side-by-side" \
    >"$WORK/side-by-side.txt" 2>&1
  sed -n '/^side by side/,$p' "$WORK/side-by-side.txt"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
