#!/usr/bin/env bash
# Makes the codec test fixtures (docs/nodes.md "Codecs"): a few seconds of synthetic speech
# (espeak-ng), encoded by ffmpeg's libopus to Ogg Opus, and ffmpeg's own decode of that file as
# the reference our decoder is compared with. CI uses the committed files and needs neither tool.
#   apt-get install -y espeak-ng ffmpeg
# Usage: remotemedia-bench/scripts/make-codec-fixtures.sh [output directory]
set -euo pipefail
out="${1:-$(dirname "$0")/../../remotemedia-audio-core/src/test/resources/io/remotemedia/audio/speech}"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

espeak-ng -v en-us -s 150 -w "$tmp/speech.wav" \
  "The quick brown fox jumps over the lazy dog."
# 16 kHz mono speech, 24 kbit/s VBR Opus in 20 ms packets: a typical voice stream.
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$tmp/speech.wav" -ar 16000 -ac 1 \
  -c:a libopus -b:a 24k -frame_duration 20 -application voip -map_metadata -1 \
  -fflags +bitexact -flags:a +bitexact "$out/speech-16k.opus"
# ffmpeg's libopus decode of that same file, at 48 kHz (Ogg Opus's rate), as 16-bit PCM.
ffmpeg -nostdin -hide_banner -loglevel error -y -c:a libopus -i "$out/speech-16k.opus" \
  -ar 48000 -c:a pcm_s16le -map_metadata -1 -fflags +bitexact -flags:a +bitexact \
  "$out/speech-16k.ffmpeg-decoded.wav"
ls -l "$out"
