package io.remotemedia.audio.vad;

import java.util.Arrays;

/**
 * Averages interleaved channels to mono and decimates by a small integer factor with a
 * windowed-sinc low-pass FIR (Blackman window), so the detector always sees 8 or 16 kHz.
 * Keeps its own history, so the output is the same for any chunking of the input.
 *
 * <p>The filter is linear-phase with a delay of {@code (taps - 1) / 2} input frames; the node
 * does not compensate it (at most 1 ms, a tenth of the shortest frame).
 */
final class Decimator {
  /** Input samples are clamped to +-LIMIT (well beyond the nominal [-1, 1]). */
  static final float LIMIT = 16f;

  private final int factor;
  private final int channels;
  private final float[] taps;
  private final float[] history;
  private int phase;
  private int pos;

  /**
   * @param factor 1 (pass-through, mono mix only), 2 or 3
   * @param channels interleaved channels averaged to mono
   */
  Decimator(int factor, int channels) {
    this.factor = factor;
    this.channels = channels;
    int count = factor == 1 ? 1 : 16 * factor + 1;
    taps = new float[count];
    if (factor == 1) {
      taps[0] = 1f;
    } else {
      // Cut-off at 0.45 of the output rate: passes speech up to 7.2 kHz at 16 kHz out.
      double cutoff = 0.45 / factor;
      double sum = 0;
      int mid = (count - 1) / 2;
      double[] h = new double[count];
      for (int i = 0; i < count; i++) {
        int n = i - mid;
        double sinc = n == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * n) / (Math.PI * n);
        double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (count - 1))
            + 0.08 * Math.cos(4 * Math.PI * i / (count - 1));
        h[i] = sinc * w;
        sum += h[i];
      }
      for (int i = 0; i < count; i++) {
        taps[i] = (float) (h[i] / sum);
      }
    }
    // Each sample is stored twice, count apart, so the newest count samples are always one
    // contiguous run starting at pos: no shifting per sample.
    history = new float[2 * count];
  }

  /**
   * Reads {@code inFrames} interleaved frames from {@code in} starting at frame {@code
   * inOffset} and writes decimated mono samples to {@code out} from index {@code outOffset}.
   *
   * @return the number of samples written
   */
  int process(float[] in, int inOffset, int inFrames, float[] out, int outOffset) {
    int written = outOffset;
    int count = taps.length;
    float scale = 1f / channels;
    for (int f = 0; f < inFrames; f++) {
      float mono = 0f;
      int base = (inOffset + f) * channels;
      for (int c = 0; c < channels; c++) {
        mono += in[base + c];
      }
      mono *= scale;
      if (!(mono >= -LIMIT && mono <= LIMIT)) {
        // NaN, infinities and absurd values would poison the detector's running statistics.
        mono = Float.isNaN(mono) ? 0f : Math.copySign(LIMIT, mono);
      }
      history[pos] = mono;
      history[pos + count] = mono;
      pos = pos + 1 == count ? 0 : pos + 1;
      if (++phase == factor) {
        phase = 0;
        float acc = 0f;
        for (int i = 0; i < count; i++) {
          acc += taps[i] * history[pos + i];
        }
        out[written++] = acc;
      }
    }
    return written - outOffset;
  }

  void reset() {
    Arrays.fill(history, 0f);
    phase = 0;
    pos = 0;
  }
}
