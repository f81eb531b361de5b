# Shared by the loopback scripts (sourced, not run): paths, the jars (built when missing), and
# starting a fresh RemoteMedia server jar on 127.0.0.1:$PORT with its default configuration.
# Sets ROOT, WORK (a temporary directory unless set), SERVER_JAR and BENCH_JAR.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
SERVER_JAR="$ROOT/remotemedia-grpc-server/target/remotemedia-server.jar"
BENCH_JAR="$ROOT/remotemedia-bench/target/benchmarks.jar"
if [ ! -f "$SERVER_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  (cd "$ROOT" && mvn -B -o -q package -pl remotemedia-bench,remotemedia-grpc-server -am -DskipTests)
fi

# Waits up to 10 s for PATTERN to appear in FILE.
wait_for_line() {
  for _ in $(seq 50); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "no \"$2\" in $1 after 10 s" >&2
  return 1
}

# start_server JVM_OPTION... : starts the server jar on $PORT (log in $SERVER_LOG, default
# $WORK/server.log), sets SERVER_PID, kills it (and $ECHO_PID, $OTHER_PIDS) on exit, and waits
# until it listens. With SERVER_CPUS set (a taskset CPU list such as 0), the server runs on
# those CPUs only; SERVER_ENV (NAME=VALUE words, such as
# REMOTEMEDIA_SERVER_INLINE_MAX_NODE_SAMPLES=0) adds to the server's environment.
start_server() {
  # shellcheck disable=SC2086 # SERVER_ENV holds several words
  ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} env ${SERVER_ENV:-} java "$@" -jar "$SERVER_JAR" serve --host 127.0.0.1 --port "$PORT" --metrics-port 0 \
    >"${SERVER_LOG:-$WORK/server.log}" 2>&1 &
  SERVER_PID=$!
  trap 'kill "$SERVER_PID" ${ECHO_PID:-} ${OTHER_PIDS:-} 2>/dev/null || true' EXIT
  wait_for_line "${SERVER_LOG:-$WORK/server.log}" "listening on"
}
