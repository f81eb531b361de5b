// Runs libfvad (the WebRTC VAD, WASM build from @echogarden/fvad-wasm) over 16-bit PCM mono
// WAV files and prints one line per file: "<path> <decisions>", one character per 10 ms frame
// (1 speech, 0 not). The last partial frame is dropped.
// Usage: node run-fvad.mjs MODE FILE...
import fs from 'node:fs';
import createFvad from '@echogarden/fvad-wasm';

const mode = Number(process.argv[2]);
const files = process.argv.slice(3);
const m = await createFvad();

function readPcm16(path) {
  const b = fs.readFileSync(path);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(path + ': not a WAV file');
  }
  let pos = 12;
  let rate = 0;
  while (pos + 8 <= b.length) {
    const id = b.toString('ascii', pos, pos + 4);
    const size = b.readUInt32LE(pos + 4);
    if (id === 'fmt ') {
      const format = b.readUInt16LE(pos + 8);
      const channels = b.readUInt16LE(pos + 10);
      rate = b.readUInt32LE(pos + 12);
      const bits = b.readUInt16LE(pos + 22);
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new Error(path + ': need 16-bit PCM mono');
      }
    } else if (id === 'data') {
      const samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = b.readInt16LE(pos + 8 + 2 * i);
      return { rate, samples };
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error(path + ': no data chunk');
}

for (const path of files) {
  const { rate, samples } = readPcm16(path);
  const vad = m._fvad_new();
  if (m._fvad_set_mode(vad, mode) !== 0) throw new Error('bad mode ' + mode);
  if (m._fvad_set_sample_rate(vad, rate) !== 0) throw new Error('bad rate ' + rate);
  const frame = rate / 100;
  const ptr = m._malloc(frame * 2);
  let out = '';
  for (let start = 0; start + frame <= samples.length; start += frame) {
    m.HEAP16.set(samples.subarray(start, start + frame), ptr >> 1);
    const r = m._fvad_process(vad, ptr, frame);
    if (r < 0) throw new Error('fvad_process failed');
    out += r ? '1' : '0';
  }
  m._free(ptr);
  m._fvad_free(vad);
  console.log(path + ' ' + out);
}
