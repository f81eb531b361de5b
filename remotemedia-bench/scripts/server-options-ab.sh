#!/usr/bin/env bash
# Two JVM settings for the server, side by side: the same server jar (default configuration)
# started twice on loopback, with A_JAVA_OPTS and with B_JAVA_OPTS (GC, heap...), and one
# scenario run against each in interleaved rounds (a fresh load-generator JVM per run, so
# both pay the same client warm-up). Prints each round's p50 and p95 and their medians.
# A_ENV and B_ENV add NAME=VALUE words to each server's environment, so the two can also differ
# in configuration (REMOTEMEDIA_SERVER_... variables, see docs/configuration.md); A_JAR and
# B_JAR run another build's server jar instead of this tree's (two commits side by side).
#
#   A_JAVA_OPTS="" B_JAVA_OPTS="-Xmn1g" remotemedia-bench/scripts/server-options-ab.sh \
#       [SCENARIO=resample-10s] [ROUNDS=5] [WARMUP_S=120] [DURATION_S=20] [REWARM_S=15]
set -euo pipefail
SCENARIO=${1:-resample-10s}
ROUNDS=${2:-5}
WARMUP_S=${3:-120}
DURATION_S=${4:-20}
REWARM_S=${5:-15}
PORT_A=${PORT_A:-50063}
PORT_B=${PORT_B:-50064}
source "$(dirname "$0")/loopback-common.sh"

# shellcheck disable=SC2086 # the options hold several words
PORT=$PORT_A SERVER_ENV=${A_ENV:-} SERVER_JAR=${A_JAR:-$SERVER_JAR} SERVER_LOG="$WORK/server-a.log" start_server ${A_JAVA_OPTS:-}
A_PID=$SERVER_PID
OTHER_PIDS=$A_PID
# shellcheck disable=SC2086
PORT=$PORT_B SERVER_ENV=${B_ENV:-} SERVER_JAR=${B_JAR:-$SERVER_JAR} SERVER_LOG="$WORK/server-b.log" start_server ${B_JAVA_OPTS:-}
B_PID=$SERVER_PID

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load: $(cut -d' ' -f1-3 /proc/loadavg); nproc: $(nproc); $(java -version 2>&1 | head -1)"
echo "A: ${A_JAVA_OPTS:-(none)} ${A_ENV:-} ${A_JAR:-}; B: ${B_JAVA_OPTS:-(none)} ${B_ENV:-} ${B_JAR:-}; work: $WORK"
# run NAME PORT PID WARMUP DURATION JSON
run() {
  java -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator run --scenario "$SCENARIO" \
    --target "127.0.0.1:$2" --server-pid "$3" --warmup "$4" --duration "$5" --json "$6" \
    >"$WORK/$1.txt" 2>&1
}
run warm-a "$PORT_A" "$A_PID" "$WARMUP_S" 1 "$WORK/warm-a.json"
run warm-b "$PORT_B" "$B_PID" "$WARMUP_S" 1 "$WORK/warm-b.json"
for round in $(seq "$ROUNDS"); do
  run "a-r$round" "$PORT_A" "$A_PID" "$REWARM_S" "$DURATION_S" "$WORK/a-r$round.json"
  run "b-r$round" "$PORT_B" "$B_PID" "$REWARM_S" "$DURATION_S" "$WORK/b-r$round.json"
done
python3 - "$WORK" "$ROUNDS" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def latency(side, r):
    with open(f"{work}/{side}-r{r}.json") as f:
        return json.load(f)["latency_ms"]
for side in ("a", "b"):
    runs = [latency(side, r) for r in range(1, rounds + 1)]
    print(f"{side.upper()}: p50 per round " + ", ".join(f"{x['p50']:.3f}" for x in runs)
          + f"; p95 per round " + ", ".join(f"{x['p95']:.3f}" for x in runs))
    print(f"   median p50 {statistics.median(x['p50'] for x in runs):.3f} ms,"
          f" median p95 {statistics.median(x['p95'] for x in runs):.3f} ms")
PY
