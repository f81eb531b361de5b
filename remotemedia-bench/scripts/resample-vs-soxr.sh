#!/usr/bin/env bash
# Side by side: AudioResample (high) against soxr, 44.1 kHz -> 16 kHz mono float32, on the same
# long WAV file. CPU time = user + sys, median of RUNS runs. soxr's time includes reading and
# writing the files; ours does too (file to file, warm JVM), and we also print our
# resampling-only time. Needs ffmpeg (aresample=resampler=soxr) and sox: apt-get install -y ffmpeg sox
#
#   remotemedia-bench/scripts/resample-vs-soxr.sh [seconds=600] [runs=5] [quality=high]
set -euo pipefail
SECONDS_OF_AUDIO=${1:-600}
RUNS=${2:-5}
QUALITY=${3:-high}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d)}
JAR="$ROOT/remotemedia-bench/target/benchmarks.jar"
MAIN=io.remotemedia.bench.resample.ResampleVsSoxr

for tool in ffmpeg sox; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y ffmpeg sox" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -B -o -q -pl remotemedia-bench -am package -DskipTests)
fi

IN="$WORK/in-44100-f32.wav"
java -cp "$JAR" "$MAIN" generate "$IN" "$SECONDS_OF_AUDIO"

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
cpu() { /usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'; }

for _ in 1; do ffmpeg -v error -y -i "$IN" -c:a pcm_f32le "$WORK/copy.wav"; done
COPY=$(for _ in $(seq "$RUNS"); do cpu ffmpeg -v error -y -i "$IN" -c:a pcm_f32le "$WORK/copy.wav"; done | median)
SOXR=$(for _ in $(seq "$RUNS"); do
  cpu ffmpeg -v error -y -i "$IN" -af aresample=resampler=soxr -ar 16000 -c:a pcm_f32le "$WORK/soxr.wav"
done | median)
SOX=$(for _ in $(seq "$RUNS"); do
  cpu sox "$IN" -e floating-point "$WORK/sox.wav" rate 16000
done | median)
# Paired: each of our timed runs follows one soxr run, so both see the same machine load.
OURS_LOG=$(java -XX:+UseG1GC -cp "$JAR" "$MAIN" run "$IN" "$WORK/ours.wav" 16000 "$QUALITY" "$RUNS" \
  ffmpeg -v error -y -i "$IN" -af aresample=resampler=soxr -ar 16000 -c:a pcm_f32le "$WORK/soxr-paired.wav")
echo "$OURS_LOG"
OURS=$(echo "$OURS_LOG" | sed -n 's/^ours_cpu_seconds=//p')

echo "audio: $SECONDS_OF_AUDIO s, 44100 -> 16000 mono float32, median of $RUNS runs, CPU = user+sys"
echo "ffmpeg copy (file IO only):      $COPY s"
echo "ffmpeg aresample=resampler=soxr: $SOXR s"
echo "sox rate 16000 (default -h):     $SOX s"
echo "ours ($QUALITY, warm JVM):         $OURS s"
awk -v o="$OURS" -v s="$SOXR" -v x="$SOX" 'BEGIN {
  printf "ratio of medians: ours/soxr(ffmpeg) = %.2f   ours/sox-rate = %.2f\n", o / s, o / x }'
echo "$OURS_LOG" | grep '^paired:'
echo "files in $WORK"

# Quality on the same machine, same analysis: THD+N of a -1 dBFS 997 Hz sine, 44.1 k -> 16 k.
SINE="$WORK/sine-997.wav"
java -cp "$JAR" "$MAIN" sine "$SINE" 997 10
ffmpeg -v error -y -i "$SINE" -af aresample=resampler=soxr -ar 16000 -c:a pcm_f32le "$WORK/sine-soxr.wav"
sox "$SINE" -e floating-point "$WORK/sine-sox.wav" rate 16000
java -cp "$JAR" "$MAIN" run "$SINE" "$WORK/sine-ours.wav" 16000 "$QUALITY" 1 >/dev/null
echo "THD+N, 997 Hz at -1 dBFS, 44100 -> 16000:"
for f in sine-soxr sine-sox sine-ours; do java -cp "$JAR" "$MAIN" thdn "$WORK/$f.wav" 997; done
