package io.remotemedia.audio.vad;

/**
 * How readily the detector calls a frame speech, from {@link #PERMISSIVE} (fewest missed
 * speech frames, most false alarms) to {@link #VERY_AGGRESSIVE} (fewest false alarms, most
 * misses). Manifests spell them in lower case: {@code permissive}, {@code normal},
 * {@code aggressive}, {@code very_aggressive}; they correspond in spirit, not in numbers, to
 * the WebRTC VAD's modes 0 to 3.
 *
 * <p>Each mode has two frame speech-probability thresholds: a frame is speech when its
 * probability exceeds the start threshold, or the lower continue threshold when the frame
 * before it was speech (hysteresis, as in Silero VAD's {@code neg_threshold}).
 */
public enum VadMode {
  /** Start threshold 0.55, continue threshold 0.35. */
  PERMISSIVE(0.55f, 0.35f),
  /** Start threshold 0.75, continue threshold 0.5 (the default). */
  NORMAL(0.75f, 0.5f),
  /** Start threshold 0.85, continue threshold 0.6. */
  AGGRESSIVE(0.85f, 0.6f),
  /** Start threshold 0.9, continue threshold 0.7. */
  VERY_AGGRESSIVE(0.9f, 0.7f);

  private final float startThreshold;
  private final float continueThreshold;

  VadMode(float startThreshold, float continueThreshold) {
    this.startThreshold = startThreshold;
    this.continueThreshold = continueThreshold;
  }

  /** The frame speech probability above which a frame after a non-speech frame is speech. */
  float startThreshold() {
    return startThreshold;
  }

  /** The frame speech probability above which a frame after a speech frame stays speech. */
  float continueThreshold() {
    return continueThreshold;
  }
}
