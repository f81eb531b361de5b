package io.remotemedia.audio.filter;

/**
 * The response shapes of a {@link BiquadNode}, each one of the RBJ Audio EQ Cookbook
 * designs. Manifests spell them in lower case ({@code lowpass}, {@code peaking}).
 */
public enum FilterType {
  /** Second-order low-pass; {@code q = 1/sqrt(2)} is Butterworth (-3.01 dB at the corner). */
  LOWPASS,
  /** Second-order high-pass; {@code q = 1/sqrt(2)} is Butterworth. */
  HIGHPASS,
  /** Band-pass with 0 dB peak gain at the centre; {@code q} sets the bandwidth. */
  BANDPASS,
  /** Notch: a zero on the unit circle at the centre frequency; {@code q} sets the width. */
  NOTCH,
  /** Low shelf: {@code gain_db} below the corner, 0 dB above; {@code q} sets the slope. */
  LOWSHELF,
  /** High shelf: {@code gain_db} above the corner, 0 dB below; {@code q} sets the slope. */
  HIGHSHELF,
  /** Peaking EQ: {@code gain_db} at the centre, 0 dB far from it; {@code q} sets the width. */
  PEAKING;

  /** {@return true for the types whose response depends on {@code gain_db}} */
  public boolean usesGain() {
    return this == LOWSHELF || this == HIGHSHELF || this == PEAKING;
  }
}
