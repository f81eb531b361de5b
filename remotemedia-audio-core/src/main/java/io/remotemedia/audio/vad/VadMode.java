package io.remotemedia.audio.vad;

/**
 * How readily the detector calls a frame speech, from {@link #PERMISSIVE} (fewest missed
 * speech frames, most false alarms) to {@link #VERY_AGGRESSIVE} (fewest false alarms, most
 * misses). Manifests spell them in lower case: {@code permissive}, {@code normal},
 * {@code aggressive}, {@code very_aggressive}; they correspond in spirit, not in numbers, to
 * the WebRTC VAD's modes 0 to 3.
 */
public enum VadMode {
  /** Speech probability threshold 0.4. */
  PERMISSIVE(0.4f),
  /** Speech probability threshold 0.6 (the default). */
  NORMAL(0.6f),
  /** Speech probability threshold 0.75. */
  AGGRESSIVE(0.75f),
  /** Speech probability threshold 0.85. */
  VERY_AGGRESSIVE(0.85f);

  private final float threshold;

  VadMode(float threshold) {
    this.threshold = threshold;
  }

  /** The frame speech probability above which a frame counts as speech, in (0, 1). */
  float threshold() {
    return threshold;
  }
}
