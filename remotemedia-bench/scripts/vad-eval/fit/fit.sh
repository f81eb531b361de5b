#!/usr/bin/env bash
# Re-derives the VAD kernel's logistic weights from the dev set (see fit.py).
# Usage (from the repository root, after run.sh DATA_DIR dev has generated the dev set):
#   remotemedia-bench/scripts/vad-eval/fit/fit.sh [DATA_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
data="${1:-/tmp/vad-eval}"
work="$(mktemp -d)"
(cd "$root" && mvn -B -o -q -Dstyle.color=never -pl remotemedia-audio-core compile >&2)
javac -d "$work" -cp "$root/remotemedia-audio-core/target/classes" "$here/DumpFeatures.java"
for dir in "$data"/dev/noisy/*/; do
  java -cp "$work:$root/remotemedia-audio-core/target/classes" \
    io.remotemedia.audio.vad.DumpFeatures "$work/$(basename "$dir").csv" "$dir"*.wav
done
# The clean utterances: scored by fit.py, not fitted on.
java -cp "$work:$root/remotemedia-audio-core/target/classes" \
  io.remotemedia.audio.vad.DumpFeatures "$work/clean.csv" "$data"/dev/clean/*.wav
python3 "$here/fit.py" "$data/dev" "$work"
