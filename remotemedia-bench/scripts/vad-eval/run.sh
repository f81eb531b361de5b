#!/usr/bin/env bash
# VAD accuracy evaluation: our VAD node against the WebRTC VAD (libfvad, WASM) in mode 3.
# Needs: espeak-ng and sox (apt-get install -y espeak-ng sox), python3 with numpy, Node.js
# with npm, and the Maven build of the repository.
# Usage (from the repository root): remotemedia-bench/scripts/vad-eval/run.sh [DATA_DIR] [SET]
#   DATA_DIR defaults to /tmp/vad-eval; SET is "test" (reported; the default) or "dev"
#   (the half the detector's model was fitted on).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
data="${1:-/tmp/vad-eval}"
set_name="${2:-test}"
seed=2
[ "$set_name" = dev ] && seed=1

if [ ! -d "$data/$set_name/noisy" ]; then
  python3 "$here/generate.py" "$data" "$set_name" "$seed" 2> "$data.generate.log" \
    || { cat "$data.generate.log"; exit 1; }
fi

(cd "$here/fvad" && npm ci --silent)
node "$here/fvad/run-fvad.mjs" 3 "$data/$set_name"/noisy/*/*.wav > "$data/$set_name.fvad3.txt"

(cd "$root" && mvn -B -o -q -Dstyle.color=never -pl remotemedia-audio-core,remotemedia-bench -am package -DskipTests >&2)
java -cp "$root/remotemedia-bench/target/classes:$root/remotemedia-audio-core/target/classes" \
  io.remotemedia.bench.vad.VadEval "$data/$set_name" "$data/$set_name.fvad3.txt"
