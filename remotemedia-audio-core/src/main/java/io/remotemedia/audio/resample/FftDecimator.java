package io.remotemedia.audio.resample;

import java.util.Arrays;

/**
 * Decimation by 2 with a long symmetric FIR, by FFT overlap-save: the sharp second stage of
 * {@link TwoStageResampler}. Output frame {@code n} is {@code Σ s[k]·g(2n − k)} with {@code g}
 * centred on 0 (zero phase), so the delay is compensated; input before frame 0 reads as zeros.
 *
 * <p>A block takes {@code F} input frames starting {@code h} before its first output and gives
 * {@code B = F − 2h} full-rate outputs, of which it keeps the even ones. Two consecutive blocks
 * share one complex FFT (the first as real part, the second as imaginary part): the filter's
 * spectrum is real and even, so the two never mix. The spectrum is folded to half length before
 * the inverse FFT, which yields the even outputs directly. Block positions are fixed in absolute
 * frame numbers, so the output does not depend on how the input was chunked.
 *
 * <p>Not thread-safe; package-private kernel.
 */
final class FftDecimator {
  private final int channels;
  private final int fftSize;
  /** Half the filter, rounded up to even, in input frames. */
  private final int overlap;
  /** Full-rate outputs per block (even). */
  private final int block;
  private final Fft full;
  private final Fft folded;
  /** The filter's (real) spectrum, divided by {@code fftSize}. */
  private final double[] response;
  private final double[] re;
  private final double[] im;
  private final double[] foldRe;
  private final double[] foldIm;
  private final double[][] input;
  private long inputStart;
  private int inputLength;
  private long pair;

  /**
   * @param filter a single-phase filter (up 1, down 2)
   * @param capacityFrames input frames that may be appended between two {@link #drain} calls
   */
  FftDecimator(PolyphaseFilter filter, int channels, int capacityFrames) {
    if (filter.phaseCount != 1 || filter.downFactor != 2) {
      throw new IllegalArgumentException("FftDecimator needs a 1/2 single-phase filter");
    }
    this.channels = channels;
    int h = filter.half;
    this.overlap = h + (h & 1);
    this.fftSize = Integer.highestOneBit(Math.max(64, 8 * overlap - 1)) * 2;
    this.block = fftSize - 2 * overlap;
    this.full = new Fft(fftSize);
    this.folded = new Fft(fftSize / 2);
    double[] gr = new double[fftSize];
    double[] gi = new double[fftSize];
    for (int j = 0; j <= 2 * h; j++) {
      gr[Math.floorMod(j - h, fftSize)] = filter.coefficients[j];
    }
    full.forward(gr, gi);
    for (int k = 0; k < fftSize; k++) {
      gr[k] /= fftSize;
    }
    this.response = gr;
    this.re = new double[fftSize];
    this.im = new double[fftSize];
    this.foldRe = new double[fftSize / 2];
    this.foldIm = new double[fftSize / 2];
    this.input = new double[channels][2 * block + fftSize + capacityFrames];
    reset();
  }

  void reset() {
    for (double[] c : input) {
      Arrays.fill(c, 0.0);
    }
    // The first block starts `overlap` frames before frame 0: those are zeros.
    inputStart = -overlap;
    inputLength = overlap;
    pair = 0;
  }

  /** Output frames one pair of blocks yields. */
  int framesPerPair() {
    return block;
  }

  /** Input frames held back at most before a pair completes, in this stage's input frames. */
  int heldBackInputFrames() {
    return 2 * block + 2 * overlap;
  }

  /** Input frames needed (total, from frame 0) for every output before {@code outputs}. */
  long inputNeededFor(long outputs) {
    if (outputs <= 0) {
      return 0;
    }
    long lastPair = (outputs - 1) / block;
    return lastPair * 2 * block - overlap + block + fftSize;
  }

  /** Frames that can be appended now; makes room first. */
  int free() {
    long windowStart = pair * 2 * block - overlap;
    int drop = (int) (windowStart - inputStart);
    if (drop > 0) {
      int keep = inputLength - drop;
      for (double[] c : input) {
        System.arraycopy(c, drop, c, 0, keep);
      }
      inputStart = windowStart;
      inputLength = keep;
    }
    return input[0].length - inputLength;
  }

  double[][] inputArrays() {
    return input;
  }

  int writeOffset() {
    return inputLength;
  }

  void commit(int frames) {
    inputLength += frames;
  }

  /**
   * Filters every complete pair of blocks and writes up to {@code limit} output frames,
   * interleaved, from frame {@code startFrame} of {@code out}.
   */
  int drain(float[] out, int startFrame, long limit) {
    int written = 0;
    long available = inputStart + inputLength;
    while (written < limit) {
      long windowStart = pair * 2 * block - overlap;
      if (windowStart + block + fftSize > available) {
        break;
      }
      int at = (int) (windowStart - inputStart);
      int frames = (int) Math.min(block, limit - written);
      for (int c = 0; c < channels; c++) {
        filterPair(input[c], at);
        int o = (startFrame + written) * channels + c;
        int firstA = overlap / 2;
        int half = block / 2;
        for (int r = 0; r < frames; r++, o += channels) {
          out[o] = (float) (r < half ? foldRe[firstA + r] : foldIm[firstA + r - half]);
        }
      }
      written += frames;
      pair++;
    }
    return written;
  }

  private void filterPair(double[] s, int at) {
    System.arraycopy(s, at, re, 0, fftSize);
    System.arraycopy(s, at + block, im, 0, fftSize);
    full.forward(re, im);
    double[] g = response;
    int n = fftSize / 2;
    for (int k = 0; k < n; k++) {
      foldRe[k] = re[k] * g[k] + re[k + n] * g[k + n];
      foldIm[k] = im[k] * g[k] + im[k + n] * g[k + n];
    }
    folded.inverse(foldRe, foldIm);
  }
}
