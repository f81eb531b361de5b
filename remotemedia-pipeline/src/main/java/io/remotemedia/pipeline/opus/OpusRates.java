package io.remotemedia.pipeline.opus;

/** The sample rates and frame sizes Opus accepts, checked in one place. */
final class OpusRates {
  /** The longest packet Opus codes: 120 ms. */
  static final int MAX_PACKET_MS = 120;

  private OpusRates() {}

  /** Returns true if Opus codes at this rate: 8, 12, 16, 24 or 48 kHz. */
  static boolean isSupported(int sampleRateHz) {
    return sampleRateHz == 8000 || sampleRateHz == 12000 || sampleRateHz == 16000
        || sampleRateHz == 24000 || sampleRateHz == 48000;
  }

  /**
   * Checks a rate and channel count.
   *
   * @throws IllegalArgumentException naming the value and what Opus accepts
   */
  static void check(int sampleRateHz, int channelCount) {
    if (!isSupported(sampleRateHz)) {
      throw new IllegalArgumentException("Opus codes at 8000, 12000, 16000, 24000 or 48000 Hz,"
          + " not " + sampleRateHz + " Hz; resample first");
    }
    if (channelCount != 1 && channelCount != 2) {
      throw new IllegalArgumentException("Opus codes 1 or 2 channels, not " + channelCount);
    }
  }
}
