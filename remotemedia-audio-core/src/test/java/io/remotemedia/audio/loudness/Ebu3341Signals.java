package io.remotemedia.audio.loudness;

/**
 * The EBU Tech 3341 test signals this package can synthesise: 1 kHz sines in segments of
 * given levels (dBFS = peak amplitude re full scale) and durations, phase-continuous, the same
 * on every channel.
 */
final class Ebu3341Signals {
  private Ebu3341Signals() {}

  /**
   * Returns interleaved audio; {@code levelsDbfs[i]} lasts {@code durationsS[i]} seconds.
   */
  static float[] steppedSine(int sampleRateHz, int channels, double frequencyHz,
      double[] levelsDbfs, double[] durationsS) {
    int total = 0;
    int[] frames = new int[levelsDbfs.length];
    for (int s = 0; s < levelsDbfs.length; s++) {
      frames[s] = (int) Math.round(durationsS[s] * sampleRateHz);
      total += frames[s];
    }
    float[] out = new float[total * channels];
    int n = 0;
    for (int s = 0; s < levelsDbfs.length; s++) {
      double amplitude = Math.pow(10, levelsDbfs[s] / 20);
      for (int i = 0; i < frames[s]; i++, n++) {
        float value = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * n / sampleRateHz));
        for (int c = 0; c < channels; c++) {
          out[n * channels + c] = value;
        }
      }
    }
    return out;
  }

  /** Measures {@code interleaved} with a fresh meter in one call. */
  static double lufs(int sampleRateHz, int channels, float[] interleaved) {
    LoudnessMeter meter = new LoudnessMeter(sampleRateHz, channels,
        interleaved.length / channels / (double) sampleRateHz + 1);
    meter.accept(interleaved, interleaved.length / channels);
    return meter.integratedLufs();
  }
}
