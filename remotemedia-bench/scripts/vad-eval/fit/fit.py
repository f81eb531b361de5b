#!/usr/bin/env python3
"""Fits the VAD kernel's logistic model on the dev set and scores frame decisions after the
segment rules. This is how VadKernel.WEIGHTS/BIAS and the VadConfig defaults were chosen.

Usage: fit.py SET_DIR FEATURE_DIR [start continue min_silence_frames pad_frames min_speech_frames]
FEATURE_DIR holds <condition>.csv from DumpFeatures (see fit.sh), and clean.csv for the clean
utterances (scored, not fitted on). start/continue are the frame thresholds with hysteresis
(VadMode): a frame is speech above start, or above continue right after a speech frame.
"""
import glob
import os
import sys

import numpy as np

CONDS = ["white_20", "white_10", "white_5", "white_0", "ampink_20", "ampink_10", "ampink_5",
         "ampink_0", "babble_20", "babble_10", "babble_5", "babble_0"]
Z_RATE, Z_GATE = 0.02, 1.5
# The moving averages' coefficients (VadKernel.EMA_FAST, EMA_SLOW).
EMA_FAST, EMA_SLOW = 0.5, 0.7


def ema(x, a):
    y = np.empty_like(x)
    s = x[0]
    for i, v in enumerate(x):
        s = a * s + (1 - a) * v
        y[i] = s
    return y


def znorm(x):
    """Mirrors VadKernel.zScore: noise-only running mean/variance, updated below the gate."""
    z = np.zeros_like(x)
    mu, var = None, 1.0
    for i, v in enumerate(x):
        if i < 4:
            continue
        if mu is None:
            mu, var = v, 1.0
        zz = (v - mu) / max(np.sqrt(var), 0.3)
        z[i] = zz
        if zz < Z_GATE:
            mu += Z_RATE * (v - mu)
            var += Z_RATE * ((v - mu) ** 2 - var)
    return np.clip(z, -5, 20)


def features(r):
    """Mirrors VadKernel.model: the fourteen inputs of the logistic model. The relative level
    (column 5) and the shape spread (column 6) are computed by the kernel, which tracks the
    talker's peak level and the last 400 ms of spectral shapes."""
    lrt = np.log1p(np.clip(r[:, 2], 0, 1e4))
    per = r[:, 3]
    snr = np.clip(r[:, 4], -10, 40)
    rel = r[:, 5]
    shape = r[:, 6]
    e_lrt, e_per, e_snr = ema(lrt, EMA_FAST), ema(per, EMA_FAST), ema(snr, EMA_FAST)
    e_per_slow = ema(per, EMA_SLOW)
    return np.column_stack([lrt, per, snr, e_lrt, e_per, e_snr, e_per_slow,
                            znorm(e_snr), znorm(e_lrt), znorm(e_per_slow), rel,
                            ema(rel, EMA_SLOW), shape, ema(shape, EMA_SLOW)])


def hysteresis(prob, start, cont):
    """Mirrors Segmenter.onProbability: frame decisions with a start and a continue threshold."""
    d = np.zeros(len(prob), bool)
    speech = False
    for i, v in enumerate(prob):
        speech = v > (cont if speech else start)
        d[i] = speech
    return d


def post(dec, minsil, pad, minsp):
    d = dec.copy()
    idx = np.nonzero(d)[0]
    for a, b in zip(idx[:-1], idx[1:]):
        if 1 < b - a <= minsil:
            d[a:b] = True
    out = np.zeros(len(d), bool)
    i = 0
    while i < len(d):
        if d[i]:
            j = i
            while j < len(d) and d[j]:
                j += 1
            if j - i >= minsp:
                out[max(0, i - pad):j + pad] = True
            i = j
        else:
            i += 1
    return out


def metrics(d, y):
    tp, fp, fn = (d & y).sum(), (d & ~y).sum(), (~d & y).sum()
    return 2 * tp / max(2 * tp + fp + fn, 1), fp / max((~y).sum(), 1), fn / max(y.sum(), 1)


def main():
    root, feat_dir = sys.argv[1], sys.argv[2]
    start, cont, minsil, pad, minsp = (float(sys.argv[3]), float(sys.argv[4]),
                                       *map(int, sys.argv[5:8])) \
        if len(sys.argv) > 3 else (0.75, 0.5, 30, 2, 10)
    files = sorted(glob.glob(root + "/clean/*.wav"))
    labs = [np.array([c == "1" for c in open(root + "/labels/" + os.path.basename(f)[:-4]
                                                + ".txt").read().strip()]) for f in files]
    data = {}
    conds = CONDS + (["clean"] if os.path.exists(os.path.join(feat_dir, "clean.csv")) else [])
    for c in conds:
        d = np.loadtxt(os.path.join(feat_dir, c + ".csv"), delimiter=",")
        data[c] = []
        for fi in range(1, len(files) + 1):
            r = d[d[:, 0] == fi]
            n = min(len(r), len(labs[fi - 1]))
            data[c].append((features(r[:n]), labs[fi - 1][:n]))
    X = np.vstack([f for c in CONDS for f, _ in data[c]])
    Y = np.concatenate([y for c in CONDS for _, y in data[c]])
    mu, sd = X.mean(0), X.std(0)
    Z = (X - mu) / sd
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(3000):  # plain gradient descent, L2 1e-3, on standardized inputs
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        w -= Z.T @ (p - Y) / len(Y) + 1e-3 * w
        b -= (p - Y).mean()
    w_raw, b_raw = w / sd, b - np.sum(w * mu / sd)
    print("WEIGHTS", ", ".join("%.6g" % v for v in w_raw), "BIAS %.6g" % b_raw)
    pooled = {}
    for c in conds:
        D = np.concatenate([post(hysteresis(1 / (1 + np.exp(-(f @ w_raw + b_raw))), start, cont),
                                 minsil, pad, minsp)
                            for f, _ in data[c]])
        YY = np.concatenate([y for _, y in data[c]])
        print(c, "F1 %.3f FA %.3f miss %.3f" % metrics(D, YY))
        if c == "clean":
            continue
        for key in (c.split("_")[1] + " dB", "overall"):
            pooled.setdefault(key, []).append((D, YY))
    for key, parts in pooled.items():
        print(key, "F1 %.3f FA %.3f miss %.3f" % metrics(
            np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])))


if __name__ == "__main__":
    main()
