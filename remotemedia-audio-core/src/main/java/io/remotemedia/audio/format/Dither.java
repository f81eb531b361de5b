package io.remotemedia.audio.format;

/** The noise added before quantisation; manifests spell it in lower case. */
public enum Dither {
  /** Plain rounding to the nearest step: exact and deterministic, but the error follows the
   * signal (harmonic distortion on quiet material). */
  NONE,
  /** Triangular (TPDF) noise of ±1 step peak: the error becomes white noise of 1/4 step²
   * power, independent of the signal. */
  TPDF
}
