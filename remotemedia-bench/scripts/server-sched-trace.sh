#!/usr/bin/env bash
# What the scheduler does to a RemoteMedia server's unary calls: a fresh server jar (default
# configuration) under one closed-loop load-generator run (concurrency 1) on loopback; after
# the warm-up, `perf sched record` traces every context switch on the machine for TRACE_S
# seconds, and the trace is read per call:
#   - each worker activation that runs a pipeline (at least MIN_ACTIVATION_MS on a CPU): its
#     span, its time on a CPU and its time runnable but preempted; the slowest 15 % against
#     the rest;
#   - each call's cycle (one worker activation to the next): the worker's span against the
#     rest (the client, and the request and response on the wire); the slowest 10 % of cycles
#     against the fastest half;
#   - in that rest, per cycle, what each kind of thread (of the server, of the load generator,
#     of the kernel) ran and how long it waited for a CPU once woken, slowest 10 % against
#     fastest half;
#   - who ran in the worker's place when it was preempted.
# Only for scenarios whose calls run on a worker (resample-10s; resample-1s runs on the
# transport thread). Needs perf and the right to trace the whole machine (root, or
# kernel.perf_event_paranoid at -1). Linux only. The trace costs CPU itself: compare its
# figures with each other, not with a run without it.
#
#   remotemedia-bench/scripts/server-sched-trace.sh [scenario=resample-10s] [WARMUP_S=130] [TRACE_S=3]
set -euo pipefail
SCENARIO=${1:-resample-10s}
WARMUP=${2:-130}
TRACE_S=${3:-3}
MIN_ACTIVATION_MS=${MIN_ACTIVATION_MS:-2}
PORT=${PORT:-50066}
if ! command -v perf >/dev/null; then
  echo "perf is not installed (Debian: apt-get install linux-perf)" >&2
  exit 2
fi
source "$(dirname "$0")/loopback-common.sh"

start_server
java -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator run --scenario "$SCENARIO" \
  --target "127.0.0.1:$PORT" --server-pid "$SERVER_PID" --json "$WORK/$SCENARIO.json" \
  --warmup "$WARMUP" --duration $((TRACE_S + 10)) >"$WORK/load.txt" 2>&1 &
LOAD_PID=$!
sleep $((WARMUP + 5))
perf sched record -o "$WORK/sched.data" -- sleep "$TRACE_S" >"$WORK/perf.log" 2>&1
wait "$LOAD_PID"
cat "$WORK/load.txt"
perf sched timehist -i "$WORK/sched.data" --state 2>/dev/null >"$WORK/timehist.txt"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); trace: $WORK/timehist.txt"
python3 - "$WORK/timehist.txt" "$MIN_ACTIVATION_MS" "$SERVER_PID" "$LOAD_PID" <<'PY'
import collections, statistics, sys

# A timehist line: time [cpu] task [tid/pid] wait_ms sched_delay_ms run_ms state, printed when
# the task leaves the CPU; state R means it was preempted (still runnable).
rows, timed = [], []  # timed: the same, with the wait from wake-up to running (sched delay)
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) < 7 or not parts[1].startswith("["):
        continue
    try:
        rows.append((float(parts[0]), parts[1], " ".join(parts[2:-4]), float(parts[-4]),
                     float(parts[-2]), parts[-1]))
        timed.append(rows[-1] + (float(parts[-3]),))
    except ValueError:
        continue

def is_worker(task):
    return task.startswith("remotemedia-wor") and task.endswith(f"/{sys.argv[3]}]")

owners = {sys.argv[3]: "server", sys.argv[4]: "load generator"}

def kind(task):
    """The thread's name without its number, and whose it is."""
    name, _, ids = task.partition("[")
    pid = ids.rstrip("]").split("/")[-1]
    return f"{name} ({owners.get(pid, 'other')})"

activations, current, preemptors = [], {}, collections.Counter()
for i, (t, cpu, task, wait, run, state) in enumerate(rows):
    if not is_worker(task):
        continue
    a = current.get(task)
    if a is None:
        a = current[task] = {"start": t - run / 1e3, "on_cpu": 0.0, "preempted": 0.0}
    else:
        a["preempted"] += wait
    a["on_cpu"] += run
    a["end"] = t
    if state == "R":
        following = next((r for r in rows[i + 1:i + 50] if r[1] == cpu), None)
        if following:
            preemptors[kind(following[2])] += 1
    else:
        activations.append(current.pop(task))
minimum = float(sys.argv[2])
activations = sorted((a for a in activations if a["on_cpu"] >= minimum),
                     key=lambda a: a["start"])
if len(activations) < 20:
    sys.exit(f"only {len(activations)} worker activations of {minimum} ms or more: "
             "does this scenario run on a worker?")
for a in activations:
    a["span"] = (a["end"] - a["start"]) * 1e3

def mean(values):
    return statistics.mean(values) if values else float("nan")

def quantile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]

print(f"worker activations of {minimum} ms or more on a CPU: {len(activations)}")
for name in ("span", "on_cpu", "preempted"):
    v = [a[name] for a in activations]
    print(f"  {name:<10} p50 {quantile(v, .5):6.3f} ms  p95 {quantile(v, .95):6.3f} ms")
by_span = sorted(activations, key=lambda a: a["span"])
cut = int(len(by_span) * 0.85)
for label, group in (("slowest 15 %", by_span[cut:]), ("other 85 %", by_span[:cut])):
    print(f"  {label:<13} span {mean([a['span'] for a in group]):6.3f} ms = on a CPU "
          f"{mean([a['on_cpu'] for a in group]):6.3f} + preempted "
          f"{mean([a['preempted'] for a in group]):6.3f}")

cycles = []
for a, b in zip(activations, activations[1:]):
    cycle = (b["start"] - a["start"]) * 1e3
    cycles.append((cycle, a["span"], cycle - a["span"]))
cycles.sort()
print(f"call cycles (one pipeline's start to the next's): {len(cycles)}, "
      f"p50 {quantile([c[0] for c in cycles], .5):.3f} ms, "
      f"p95 {quantile([c[0] for c in cycles], .95):.3f} ms")
for label, group in (("slowest 10 %", cycles[int(len(cycles) * 0.9):]),
                     ("fastest 50 %", cycles[:len(cycles) // 2])):
    print(f"  {label:<13} cycle {mean([c[0] for c in group]):6.3f} ms = worker span "
          f"{mean([c[1] for c in group]):6.3f} + the rest {mean([c[2] for c in group]):6.3f}")
# What ran in the gaps between one call's worker activation and the next, per cycle.
gaps = sorted(((a["end"], b["start"], b["start"] - a["start"])
               for a, b in zip(activations, activations[1:])), key=lambda g: g[2])

def in_gaps(chosen):
    ran, waited, runs = collections.Counter(), collections.Counter(), collections.Counter()
    for low, high, _ in chosen:
        for t, cpu, task, wait, run, state, delay in timed:
            if low <= t <= high:
                ran[kind(task)] += min(run, (t - low) * 1e3)
                waited[kind(task)] += delay
                runs[kind(task)] += 1
    n = len(chosen)
    return {k: (ran[k] / n, waited[k] / n, runs[k] / n) for k in runs}

slow_gaps, fast_gaps = in_gaps(gaps[int(len(gaps) * 0.9):]), in_gaps(gaps[:len(gaps) // 2])
print("in the rest, per cycle, by thread: ms on a CPU / ms waiting for one after a wake-up /"
      " times it ran")
print(f"  {'':<40} {'slowest 10 %':>24}   {'fastest 50 %':>24}")
for name in sorted(slow_gaps, key=lambda k: -(slow_gaps[k][0] + slow_gaps[k][1]))[:14]:
    s, f = slow_gaps[name], fast_gaps.get(name, (0.0, 0.0, 0.0))
    print(f"  {name:<40} {s[0]:7.3f} / {s[1]:6.3f} / {s[2]:5.1f}"
          f"   {f[0]:7.3f} / {f[1]:6.3f} / {f[2]:5.1f}")
print("who ran when a worker was preempted (times):")
for name, count in preemptors.most_common(8):
    print(f"  {name:<40} {count}")
print(f"  all {sum(preemptors.values())}")
PY
