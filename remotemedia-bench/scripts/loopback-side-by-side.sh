#!/usr/bin/env bash
# Side by side on loopback, in one run: a scenario against the RemoteMedia server (its
# shaded jar, default configuration), against the grpc-java echo floor with the same payload
# sizes, and in-process through LocalPipelineRunner; ROUNDS interleaved rounds, medians.
# streams-20ms runs all three with the same pacing and chunks (the echo with the same chunk and
# result sizes) and prints the CPU per chunk of each and the P4 ratio of issue 15.
# Three JVMs on this machine: server, echo server, load generator. Loopback only.
# SERVER_CPUS (a taskset CPU list such as 0) pins the server and the echo server there, and
# LOADGEN_CPUS the load generator (and so the in-process runs), as with a client on another
# host; unset, all three share every CPU. LOCAL_CPUS moves the load generator onto those CPUs
# for its in-process rounds only (LOCAL_CPUS=0 with SERVER_CPUS=0: the pipeline is timed on the
# server's CPU in both, as this VM's two vCPUs at times run the same code at different speeds).
# ECHO_CLASS picks the echo floor's server: io.remotemedia.bench.echo.EchoServer by default;
# io.remotemedia.bench.echo.PipelineEchoServer (resample-10s and resample-1s only) runs the
# same pipeline in a bare grpc-java service instead, so that the "echo" row is what any server
# pays for the pipeline and its transport (the ratios printed are then not issue 15's).
# BARE=1 (resample-10s and resample-1s only) keeps the echo floor and adds that bare service as
# a fourth via, on BARE_PORT (default 50065; pinned with SERVER_CPUS too): issue 15's ratios
# for the server and for the bare service, and the server's lead over it, in one run.
# --slice SECONDS (unary scenarios) runs each round in slices: remote, echo and in-process in
# turn for that long each (after --settle SECONDS unmeasured, default 0.5), until each has run
# for --duration, so that a slow spell of the VM falls on all three alike (docs/performance.md).
#
#   remotemedia-bench/scripts/loopback-side-by-side.sh [scenario=resample-1s] [extra LoadGenerator options...]
#   e.g. ... resample-1s --rounds 3 --warmup 20 --duration 10 --concurrency 1
#        ... resample-1s --rounds 5 --warmup 90 --duration 10 --slice 2
#   BARE=1 SERVER_CPUS=0 LOADGEN_CPUS=1 LOCAL_CPUS=0 ... resample-10s --rounds 3 --warmup 300 \
#       --duration 10 --slice 2 --settle 0.5
#        ... streams-20ms --rounds 3 --warmup 20 --duration 20 --concurrency 1000 --connections 10
set -euo pipefail
SCENARIO=${1:-resample-1s}
shift || true
PORT=${PORT:-50061}
ECHO_PORT=${ECHO_PORT:-50062}
source "$(dirname "$0")/loopback-common.sh"

${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} java -cp "$BENCH_JAR" "${ECHO_CLASS:-io.remotemedia.bench.echo.EchoServer}" "$ECHO_PORT" \
  >"$WORK/echo.log" 2>&1 &
ECHO_PID=$!
BARE_OPTIONS=()
if [[ -n "${BARE:-}" ]]; then
  BARE_PORT=${BARE_PORT:-50065}
  ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} java -cp "$BENCH_JAR" io.remotemedia.bench.echo.PipelineEchoServer "$BARE_PORT" \
    >"$WORK/bare.log" 2>&1 &
  OTHER_PIDS=$!
  BARE_OPTIONS=(--bare-target "127.0.0.1:$BARE_PORT" --bare-pid "$OTHER_PIDS")
fi
# shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several options
start_server ${SERVER_JAVA_OPTS:-}
wait_for_line "$WORK/echo.log" "echo server on"
[[ -z "${BARE:-}" ]] || wait_for_line "$WORK/bare.log" "echo server on"

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); nproc: $(nproc); server CPUs: ${SERVER_CPUS:-all}; load generator CPUs: ${LOADGEN_CPUS:-all}; in-process rounds on CPUs: ${LOCAL_CPUS:-as the load generator}; $(java -version 2>&1 | head -1); work: $WORK"
${LOADGEN_CPUS:+taskset -c "$LOADGEN_CPUS"} java -cp "$BENCH_JAR" io.remotemedia.bench.load.LoadGenerator side-by-side \
  --scenario "$SCENARIO" --target "127.0.0.1:$PORT" --echo-target "127.0.0.1:$ECHO_PORT" \
  --server-pid "$SERVER_PID" --echo-pid "$ECHO_PID" --json-dir "$WORK" \
  ${LOCAL_CPUS:+--local-cpus "$LOCAL_CPUS"} "${BARE_OPTIONS[@]}" "$@"
