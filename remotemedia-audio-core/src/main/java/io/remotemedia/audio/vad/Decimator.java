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
  /** Input frames mixed and filtered per pass; longer inputs are taken in several passes. */
  static final int BLOCK_FRAMES = 480;

  private final int factor;
  private final int channels;
  private final float[] taps;
  // The last taps.length - 1 mono samples of the stream, then the BLOCK_FRAMES of one pass.
  private final float[] line;
  // Polyphase copies of line for one pass, lane p at p * laneLength: lanes[p * laneLength + m]
  // = line[first + p + m * factor]. Output j, tap i reads lanes[tapOffset[i] + j].
  private final int laneLength;
  private final float[] lanes;
  private final int[] tapOffset;
  private int phase;

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
    line = new float[count - 1 + BLOCK_FRAMES];
    laneLength = BLOCK_FRAMES / factor + count / factor + 1;
    lanes = new float[factor * laneLength];
    tapOffset = new int[count];
    for (int i = 0; i < count; i++) {
      tapOffset[i] = i % factor * laneLength + i / factor;
    }
  }

  /**
   * Reads {@code inFrames} interleaved frames from {@code in} starting at frame {@code
   * inOffset} and writes decimated mono samples to {@code out} from index {@code outOffset}.
   * Only the kept outputs are computed (one per {@code factor} input frames).
   *
   * @return the number of samples written
   */
  int process(float[] in, int inOffset, int inFrames, float[] out, int outOffset) {
    int written = 0;
    for (int done = 0; done < inFrames; done += BLOCK_FRAMES) {
      int frames = Math.min(BLOCK_FRAMES, inFrames - done);
      written += block(in, inOffset + done, frames, out, outOffset + written);
    }
    return written;
  }

  private int block(float[] in, int inOffset, int frames, float[] out, int outOffset) {
    int keep = taps.length - 1;
    float scale = 1f / channels;
    for (int f = 0; f < frames; f++) {
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
      line[keep + f] = mono;
    }
    if (factor == 1) {
      System.arraycopy(line, 0, out, outOffset, frames);
      return frames;
    }
    // The first new frame that completes an output, and the outputs in this pass. Output j
    // filters line[first + j * factor ...] over taps.length samples.
    int first = factor - 1 - phase;
    int outputs = first < frames ? (frames - 1 - first) / factor + 1 : 0;
    int span = outputs + (taps.length - 1) / factor;
    for (int p = 0; p < factor; p++) {
      int lane = p * laneLength;
      for (int m = 0, at = first + p; m < span && at < line.length; m++, at += factor) {
        lanes[lane + m] = line[at];
      }
    }
    // Eight outputs at a time, each summing its products in tap order from 0f (so the result
    // is bit-identical to one output at a time), but as eight independent chains of additions
    // that do not wait on each other.
    int j = 0;
    for (; j + 8 <= outputs; j += 8) {
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      float s4 = 0f;
      float s5 = 0f;
      float s6 = 0f;
      float s7 = 0f;
      for (int i = 0; i < taps.length; i++) {
        float tap = taps[i];
        int at = tapOffset[i] + j;
        s0 += tap * lanes[at];
        s1 += tap * lanes[at + 1];
        s2 += tap * lanes[at + 2];
        s3 += tap * lanes[at + 3];
        s4 += tap * lanes[at + 4];
        s5 += tap * lanes[at + 5];
        s6 += tap * lanes[at + 6];
        s7 += tap * lanes[at + 7];
      }
      int o = outOffset + j;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
      out[o + 4] = s4;
      out[o + 5] = s5;
      out[o + 6] = s6;
      out[o + 7] = s7;
    }
    for (; j < outputs; j++) {
      float sum = 0f;
      for (int i = 0; i < taps.length; i++) {
        sum += taps[i] * lanes[tapOffset[i] + j];
      }
      out[outOffset + j] = sum;
    }
    phase = (phase + frames) % factor;
    System.arraycopy(line, frames, line, 0, keep);
    return outputs;
  }

  void reset() {
    Arrays.fill(line, 0f);
    phase = 0;
  }
}
