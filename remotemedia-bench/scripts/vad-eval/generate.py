#!/usr/bin/env python3
"""Generates the synthetic VAD evaluation set: espeak-ng utterances, frame labels, noisy mixes.

Usage: generate.py OUT_DIR SET_NAME SEED
  SET_NAME is "dev" (used while tuning) or "test" (reported); the two use disjoint sentences.

Writes, all 16 kHz mono 16-bit PCM:
  OUT_DIR/SET/clean/uttNN.wav           the clean utterance
  OUT_DIR/SET/labels/uttNN.txt          one character per 10 ms frame: 1 speech, 0 not
  OUT_DIR/SET/noisy/NOISE_SNR/uttNN.wav NOISE in white, ampink, babble; SNR in 20, 10, 5, 0 dB

Ground truth: a 10 ms frame (160 samples) of the clean utterance is speech when its energy is
within 40 dB of the loudest frame of that utterance; then gaps of silence shorter than 100 ms
between speech frames are filled (stop closures, joins inside words). The silences between
sentences (0.4 to 1.5 s) and at the ends (0.3 to 1.0 s) stay non-speech.

SNR: the mean power of the clean signal over its speech frames divided by the mean power of
the noise over the whole file.

Needs espeak-ng and sox (Debian packages espeak-ng, sox) and numpy.
"""
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np

RATE = 16000
FRAME = 160  # 10 ms
SNRS_DB = [20, 10, 5, 0]
NOISES = ["white", "ampink", "babble"]
ACTIVE_DBFS = -26.0  # active speech level of every clean utterance

# Harvard sentences (IEEE 1969 recommended practice), public domain.
SENTENCES = [
    "The birch canoe slid on the smooth planks.",
    "Glue the sheet to the dark blue background.",
    "It's easy to tell the depth of a well.",
    "These days a chicken leg is a rare dish.",
    "Rice is often served in round bowls.",
    "The juice of lemons makes fine punch.",
    "The box was thrown beside the parked truck.",
    "The hogs were fed chopped corn and garbage.",
    "Four hours of steady work faced us.",
    "A large size in stockings is hard to sell.",
    "The boy was there when the sun rose.",
    "A rod is used to catch pink salmon.",
    "The source of the huge river is the clear spring.",
    "Kick the ball straight and follow through.",
    "Help the woman get back to her feet.",
    "A pot of tea helps to pass the evening.",
    "Smoky fires lack flame and heat.",
    "The soft cushion broke the man's fall.",
    "The salt breeze came across from the sea.",
    "The girl at the booth sold fifty bonds.",
    "The small pup gnawed a hole in the sock.",
    "The fish twisted and turned on the bent hook.",
    "Press the pants and sew a button on the vest.",
    "The swan dive was far short of perfect.",
    "The beauty of the view stunned the young boy.",
    "Two blue fish swam in the tank.",
    "Her purse was full of useless trash.",
    "The colt reared and threw the tall rider.",
    "It snowed, rained, and hailed the same morning.",
    "Read verse out loud for pleasure.",
    "Hoist the load to your left shoulder.",
    "Take the winding path to reach the lake.",
    "Note closely the size of the gas tank.",
    "Wipe the grease off his dirty face.",
    "Mend the coat before you go out.",
    "The wrist was badly strained and hung limp.",
    "The stray cat gave birth to kittens.",
    "The young girl gave no clear response.",
    "The meal was cooked before the bell rang.",
    "What joy there is in living.",
    "A king ruled the state in the early days.",
    "The ship was torn apart on the sharp reef.",
    "Sickness kept him home the third week.",
    "The wide road shimmered in the hot sun.",
    "The lazy cow lay in the cool grass.",
    "Lift the square stone over the fence.",
    "The rope will bind the seven books at once.",
    "Hop over the fence and plunge in.",
]
# Babble talkers read these; never used as target speech.
BABBLE_SENTENCES = [
    "The friendly gang left the drug store.",
    "Mesh wire keeps chicks inside.",
    "The frosty air passed through the coat.",
    "The crooked maze failed to fool the mouse.",
    "Adding fast leads to wrong sums.",
    "The show was a flop from the very start.",
    "A saw is a tool used for making boards.",
    "The wagon moved on well oiled wheels.",
    "March the soldiers past the next hill.",
    "A cup of sugar makes sweet fudge.",
    "Place a rosebush near the porch steps.",
    "Both lost their lives in the raging storm.",
    "We talked of the side show in the circus.",
    "Use a pencil to write the first draft.",
    "He ran half way to the hardware store.",
    "The clock struck to mark the third period.",
]
VOICES = ["en-us", "en-gb", "en-us+f2", "en-gb+f4", "en-gb-scotland", "en-029+m3",
          "en-us+f3", "en-gb-x-rp+m2"]
SPEEDS = [140, 160, 175, 190]


def speak(text, voice, speed):
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.wav")
        out = os.path.join(tmp, "out.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", raw, text], check=True)
        subprocess.run(["sox", "-D", raw, "-r", str(RATE), "-c", "1", "-b", "16", out, "vol", "0.5"],
                       check=True)
        return read_wav(out)


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0


def write_wav(path, x):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pcm = np.clip(np.round(x * 32768.0), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def trim(x):
    nz = np.nonzero(np.abs(x) > 1e-4)[0]
    return x[nz[0]:nz[-1] + 1] if len(nz) else x


def labels(clean):
    frames = len(clean) // FRAME
    e = np.array([np.sum(clean[i * FRAME:(i + 1) * FRAME] ** 2) for i in range(frames)])
    edb = 10 * np.log10(e + 1e-20)
    return fill_short_gaps(edb >= edb.max() - 40.0)


def fill_short_gaps(speech):
    """speech with its gaps of 1 to 9 frames (< 100 ms) between speech frames filled."""
    idx = np.nonzero(speech)[0]
    for a, b in zip(idx[:-1], idx[1:]):
        if 1 < b - a <= 10:
            speech[a:b] = True
    return speech


def pink(n, rng):
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec))
    f[0] = 1
    return np.fft.irfft(spec / np.sqrt(f), n)


def babble_track(n, rng, talkers):
    total = np.zeros(n)
    for t in range(talkers):
        track = np.zeros(0)
        while len(track) < n + RATE:
            s = BABBLE_SENTENCES[rng.integers(len(BABBLE_SENTENCES))]
            v = VOICES[rng.integers(len(VOICES))]
            x = trim(speak(s, v, SPEEDS[rng.integers(len(SPEEDS))]))
            gap = np.zeros(int(rng.uniform(0.05, 0.25) * RATE))
            track = np.concatenate([track, x, gap])
        start = rng.integers(0, len(track) - n)
        seg = track[start:start + n]
        total += seg / np.sqrt(np.mean(seg ** 2))
    return total


def at_active_level(x, lab):
    """x scaled so that its mean power over the speech frames lab is ACTIVE_DBFS."""
    active = np.mean(x[:len(lab) * FRAME].reshape(-1, FRAME)[lab] ** 2)
    return x * np.sqrt(10 ** (ACTIVE_DBFS / 10) / active)


def write_utterance(root, name, clean, lab, rng):
    """Writes the clean utterance, its labels and its twelve noisy mixes (noises drawn from rng).

    clean is at ACTIVE_DBFS over its speech frames, a whole number of frames long."""
    active = 10 ** (ACTIVE_DBFS / 10)
    write_wav(os.path.join(root, "clean", name + ".wav"), clean)
    os.makedirs(os.path.join(root, "labels"), exist_ok=True)
    with open(os.path.join(root, "labels", name + ".txt"), "w") as f:
        f.write("".join("1" if b else "0" for b in lab) + "\n")
    n = len(clean)
    t = np.arange(n) / RATE
    noises = {
        "white": rng.standard_normal(n),
        "ampink": pink(n, rng) * (1 + 0.6 * np.sin(
            2 * np.pi * rng.uniform(0.5, 3.0) * t + rng.uniform(0, 2 * np.pi))),
        "babble": babble_track(n, rng, talkers=5),
    }
    for kind in NOISES:
        noise = noises[kind] / np.sqrt(np.mean(noises[kind] ** 2))
        for snr in SNRS_DB:
            mix = clean + noise * np.sqrt(active / 10 ** (snr / 10))
            peak = np.max(np.abs(mix))
            if peak > 0.99:
                mix *= 0.99 / peak
            write_wav(os.path.join(root, "noisy", "%s_%d" % (kind, snr), name + ".wav"), mix)


def main():
    out_dir, set_name, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = np.random.default_rng(seed)
    half = len(SENTENCES) // 2
    pool = SENTENCES[:half] if set_name == "dev" else SENTENCES[half:]
    count = 8 if set_name == "dev" else 16
    root = os.path.join(out_dir, set_name)
    for u in range(count):
        parts = [np.zeros(int(rng.uniform(0.3, 1.0) * RATE))]
        for k in range(int(rng.integers(3, 5))):
            if k:
                parts.append(np.zeros(int(rng.uniform(0.4, 1.5) * RATE)))
            s = pool[rng.integers(len(pool))]
            parts.append(trim(speak(s, VOICES[rng.integers(len(VOICES))],
                                    SPEEDS[rng.integers(len(SPEEDS))])))
        parts.append(np.zeros(int(rng.uniform(0.3, 1.0) * RATE)))
        clean = np.concatenate(parts)
        clean = clean[:len(clean) // FRAME * FRAME]
        lab = labels(clean)
        clean = at_active_level(clean, lab)
        name = "utt%02d" % u
        write_utterance(root, name, clean, lab, rng)
        print(name, "%.1f s" % (len(clean) / RATE), "speech %.0f %%" % (100 * lab.mean()),
              flush=True)


if __name__ == "__main__":
    main()
