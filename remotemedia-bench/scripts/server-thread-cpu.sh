#!/usr/bin/env bash
# Where a RemoteMedia server's CPU goes per call, by thread kind: a fresh server jar (default
# configuration) under one load-generator run on loopback; the CPU time of each of its threads
# is read after the warm-up and again before the end, and printed per call, threads of one kind
# (workers, event loops, GC, compiler...) summed. Linux only. The CPU time is the scheduler's
# own count in nanoseconds (/proc/PID/task/*/schedstat) rather than the 10 ms ticks of
# .../stat, which charge a thread that runs in short bursts (the log appender's) by chance.
# Beside it, each kind's time spent runnable but waiting for a CPU (schedstat's second field,
# the run-queue delay): what the other threads and processes on the machine cost a thread.
#
#   remotemedia-bench/scripts/server-thread-cpu.sh [scenario=resample-1s] [WARMUP_S=60] [DURATION_S=30]
#   e.g. SERVER_JAVA_OPTS="-Xlog:gc:file=gc.log" ... resample-10s 30 20
#   VIA=echo ... resample-10s 60 30   the same for the echo floor's server (EchoServer) under
#                                     the scenario's echo calls, for comparison
set -euo pipefail
SCENARIO=${1:-resample-1s}
WARMUP=${2:-60}
DURATION=${3:-30}
PORT=${PORT:-50063}
source "$(dirname "$0")/loopback-common.sh"
if [ "$DURATION" -lt 10 ]; then
  echo "DURATION_S must be at least 10 (5 s at each end are left out)" >&2
  exit 2
fi

VIA=${VIA:-remote}
if [ "$VIA" = echo ]; then
  java -cp "$BENCH_JAR" io.remotemedia.bench.echo.EchoServer "$PORT" >"$WORK/echo.log" 2>&1 &
  SERVER_PID=$!
  trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
  wait_for_line "$WORK/echo.log" "echo server on"
else
  # shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
  start_server ${SERVER_JAVA_OPTS:-}
fi
java -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator run --scenario "$SCENARIO" \
  --via "$VIA" --target "127.0.0.1:$PORT" --server-pid "$SERVER_PID" \
  --json "$WORK/$SCENARIO.json" --warmup "$WARMUP" --duration "$DURATION" >"$WORK/load.txt" 2>&1 &
LOAD_PID=$!

# One line per thread: its id, its kind (the name with trailing digits and numbers dropped),
# its CPU ns and its run-queue ns. Summed by kind over the threads seen at both ends only: a
# thread's counters go when it ends (an idle worker after its keep-alive), and summing kinds
# at each end would take its whole life's CPU off the window. What ended threads did in the
# window is left out, and the report names them.
snapshot() {
  local comm counters
  for task in /proc/"$SERVER_PID"/task/*; do
    # A thread that ends between the listing and the reads has no files left: it is left out,
    # as one that ended just before (a line without its counters would stop the report).
    comm=$(tr ' ' '_' <"$task/comm" 2>/dev/null) || continue
    counters=$(cut -d' ' -f1,2 "$task/schedstat" 2>/dev/null) || continue
    [ -n "$comm" ] && [ -n "$counters" ] || continue
    printf '%s %s %s\n' "${task##*/}" "$(sed -E 's/[-_#]?[0-9]+$//' <<<"$comm")" "$counters"
  done
}
sleep $((WARMUP + 5))
snapshot >"$WORK/cpu-start.txt"
start=$(date +%s.%N)
sleep $((DURATION - 10))
snapshot >"$WORK/cpu-end.txt"
end=$(date +%s.%N)
wait "$LOAD_PID"
cat "$WORK/load.txt"
python3 - "$WORK" "$start" "$end" "$VIA" <<'PY'
import collections, json, sys
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
def read(name):
    with open(f"{work}/{name}") as f:
        return {tid: (kind, int(cpu), int(queued))
                for tid, kind, cpu, queued in (line.split() for line in f)}
before, after = read("cpu-start.txt"), read("cpu-end.txt")
report = json.load(open(next(iter(__import__("glob").glob(f"{work}/*.json")))))
calls = report["rps"] * (end - start)
kinds = {}
for tid, (kind, cpu, queued) in after.items():
    _, cpu0, queued0 = before.get(tid, (kind, 0, 0))
    total = kinds.setdefault(kind, [0, 0])
    total[0] += cpu - cpu0
    total[1] += queued - queued0
rows = sorted((cpu / 1e3 / calls, queued / 1e3 / calls, k) for k, (cpu, queued) in kinds.items())
ended = collections.Counter(kind for tid, (kind, _, _) in before.items() if tid not in after)
print(f"{'echo server' if sys.argv[4] == 'echo' else 'server'} CPU per call by thread kind, {calls:.0f} calls in {end - start:.1f} s,"
      " and time runnable but waiting for a CPU:")
print(f"  {'':<32} {'CPU':>8}    {'waiting':>8}")
for us, queued_us, kind in reversed(rows):
    if us >= 0.5 or queued_us >= 0.5:
        print(f"  {kind:<32} {us:8.1f} us {queued_us:8.1f} us")
print(f"  {'all':<32} {sum(r[0] for r in rows):8.1f} us {sum(r[1] for r in rows):8.1f} us")
if ended:
    print("  threads that ended in the window, their part in it not counted: "
          + ", ".join(f"{n} {kind}" for kind, n in sorted(ended.items())))
PY
