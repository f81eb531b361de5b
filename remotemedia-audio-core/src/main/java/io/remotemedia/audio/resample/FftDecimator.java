package io.remotemedia.audio.resample;

import io.remotemedia.audio.internal.ArrayFootprint;
import io.remotemedia.audio.internal.fft.Fft;
import io.remotemedia.audio.internal.resample.DesignCache;
import java.util.Arrays;

/**
 * Decimation by 2 with a long symmetric FIR, by FFT overlap-save: the sharp second stage of
 * {@link TwoStageResampler}. Output frame {@code n} is {@code Σ s[k]·g(2n − k)} with {@code g}
 * centred on 0 (zero phase), so the delay is compensated; input before frame 0 reads as zeros.
 *
 * <p>A block takes {@code N} input frames starting {@code h} before its first output and gives
 * {@code B = N − 2h} full-rate outputs, of which it keeps the even ones. The real block goes
 * through a complex FFT of {@code N/2} points (even samples as real part, odd as imaginary),
 * is split into its spectrum, multiplied by the filter's real spectrum, folded to {@code N/2}
 * bins (which is decimation by 2 in the frequency domain) and brought back by a complex inverse
 * FFT of {@code N/4} points. Block positions are fixed in absolute frame numbers, so the output
 * does not depend on how the input was chunked.
 *
 * <p>Not thread-safe; package-private kernel.
 */
final class FftDecimator {
  private final int channels;
  private final int size;
  /** Half the filter, rounded up to even, in input frames. */
  private final int overlap;
  /** Full-rate outputs per block (even). */
  private final int block;
  private final Fft half;
  private final Fft quarter;
  /**
   * {@code G[k] + G[N/2 − k]} and {@code G[k] − G[N/2 − k]}, k = 0 to N/4, for G the filter's
   * (real) spectrum divided by N.
   */
  private final double[] responseSum;
  private final double[] responseDifference;
  /** e^(−2πik/N), k = 0 to N/4. */
  private final double[] splitRe;
  private final double[] splitIm;
  /** e^(+4πik/N), k below N/4. */
  private final double[] packRe;
  private final double[] packIm;
  private final double[] zr;
  private final double[] zi;
  private final double[] sr;
  private final double[] si;
  private final double[] vr;
  private final double[] vi;
  /** Bit-reversed positions for the half-size input and the quarter-size spectrum. */
  private final int[] halfOrder;
  private final int[] quarterOrder;
  private final double[][] input;
  private long inputStart;
  private int inputLength;
  private long nextBlock;

  /**
   * @param filter a single-phase filter (up 1, down 2)
   * @param capacityFrames input frames that may be appended between two {@link #drain} calls
   */
  FftDecimator(PolyphaseFilter filter, int channels, int capacityFrames) {
    if (filter.phaseCount != 1 || filter.downFactor != 2) {
      throw new IllegalArgumentException("FftDecimator needs a 1/2 single-phase filter");
    }
    this.channels = channels;
    Design design = design(filter);
    this.size = design.size;
    this.overlap = design.overlap;
    this.block = design.block;
    this.half = design.half;
    this.quarter = design.quarter;
    this.responseSum = design.responseSum;
    this.responseDifference = design.responseDifference;
    this.splitRe = design.splitRe;
    this.splitIm = design.splitIm;
    this.packRe = design.packRe;
    this.packIm = design.packIm;
    this.halfOrder = design.halfOrder;
    this.quarterOrder = design.quarterOrder;
    this.zr = new double[size / 2];
    this.zi = new double[size / 2];
    this.sr = new double[size / 4 + 1];
    this.si = new double[size / 4 + 1];
    this.vr = new double[size / 4];
    this.vi = new double[size / 4];
    this.input = new double[channels][block + size + capacityFrames];
    reset();
  }

  /**
   * The heap an instance of these arguments keeps ({@link ArrayFootprint}): its transform
   * scratch, each channel's input and its design's tables (shared through the {@link
   * DesignCache} by instances of one design, but kept alive by each).
   */
  static long bufferBytes(PolyphaseFilter filter, int channels, long capacityFrames) {
    Design design = design(filter);
    long scratch = 2 * (ArrayFootprint.ofDoubles(design.size / 2)
        + ArrayFootprint.ofDoubles(design.size / 4 + 1)
        + ArrayFootprint.ofDoubles(design.size / 4));
    long input = channels
        * ArrayFootprint.ofDoubles(design.block + design.size + capacityFrames);
    return scratch + input + design.tableBytes();
  }

  private static Design design(PolyphaseFilter filter) {
    return DesignCache.get(new DesignCache.DerivedKey(filter.designKey, Design.class),
        Design.class, () -> new Design(filter));
  }

  /**
   * What a decimator derives from its filter: block sizes, the filter's spectrum, the twiddles
   * and the FFTs. Immutable after construction, so shared by every decimator of the filter.
   */
  static final class Design implements DesignCache.Sized {
    final int size;
    final int overlap;
    final int block;
    final Fft half;
    final Fft quarter;
    final double[] responseSum;
    final double[] responseDifference;
    final double[] splitRe;
    final double[] splitIm;
    final double[] packRe;
    final double[] packIm;
    final int[] halfOrder;
    final int[] quarterOrder;

    Design(PolyphaseFilter filter) {
      int h = filter.half;
      this.overlap = h + (h & 1);
      this.size = Integer.highestOneBit(Math.max(64, 8 * overlap - 1)) * 2;
      this.block = size - 2 * overlap;
      this.half = new Fft(size / 2);
      this.quarter = new Fft(size / 4);
      Fft full = new Fft(size);
      double[] gr = new double[size];
      double[] gi = new double[size];
      for (int j = 0; j <= 2 * h; j++) {
        gr[Math.floorMod(j - h, size)] = filter.coefficients[j];
      }
      full.forward(gr, gi);
      this.responseSum = new double[size / 4 + 1];
      this.responseDifference = new double[size / 4 + 1];
      for (int k = 0; k <= size / 4; k++) {
        responseSum[k] = (gr[k] + gr[size / 2 - k]) / size;
        responseDifference[k] = (gr[k] - gr[size / 2 - k]) / size;
      }
      this.splitRe = new double[size / 4 + 1];
      this.splitIm = new double[size / 4 + 1];
      for (int k = 0; k <= size / 4; k++) {
        splitRe[k] = Math.cos(2 * Math.PI * k / size);
        splitIm[k] = -Math.sin(2 * Math.PI * k / size);
      }
      this.packRe = new double[size / 4];
      this.packIm = new double[size / 4];
      for (int k = 0; k < size / 4; k++) {
        packRe[k] = Math.cos(4 * Math.PI * k / size);
        packIm[k] = Math.sin(4 * Math.PI * k / size);
      }
      this.halfOrder = new int[size / 2];
      for (int n = 0; n < size / 2; n++) {
        halfOrder[n] = half.bitReversed(n);
      }
      this.quarterOrder = new int[size / 4];
      for (int k = 0; k < size / 4; k++) {
        quarterOrder[k] = quarter.bitReversed(k);
      }
    }

    @Override
    public long tableBytes() {
      return half.tableBytes() + quarter.tableBytes() + ArrayFootprint.of(responseSum)
          + ArrayFootprint.of(responseDifference) + ArrayFootprint.of(splitRe)
          + ArrayFootprint.of(splitIm) + ArrayFootprint.of(packRe) + ArrayFootprint.of(packIm)
          + ArrayFootprint.of(halfOrder) + ArrayFootprint.of(quarterOrder);
    }
  }

  void reset() {
    for (double[] c : input) {
      Arrays.fill(c, 0.0);
    }
    // The first block starts `overlap` frames before frame 0: those are zeros.
    inputStart = -overlap;
    inputLength = overlap;
    nextBlock = 0;
  }

  /** Output frames one block yields. */
  int framesPerBlock() {
    return block / 2;
  }

  /** Input frames held back at most before a block completes, in this stage's input frames. */
  int heldBackInputFrames() {
    return block + 2 * overlap;
  }

  /** Input frames needed (total, from frame 0) for every output before {@code outputs}. */
  long inputNeededFor(long outputs) {
    if (outputs <= 0) {
      return 0;
    }
    long lastBlock = (outputs - 1) / (block / 2);
    return lastBlock * block - overlap + size;
  }

  /** Frames that can be appended now; makes room first. */
  int free() {
    long windowStart = nextBlock * block - overlap;
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
   * Filters every complete block and writes up to {@code limit} output frames, interleaved,
   * from frame {@code startFrame} of {@code out}.
   */
  int drain(float[] out, int startFrame, long limit) {
    int written = 0;
    long available = inputStart + inputLength;
    int first = overlap / 2;
    while (written < limit) {
      long windowStart = nextBlock * block - overlap;
      if (windowStart + size > available) {
        break;
      }
      int at = (int) (windowStart - inputStart);
      int frames = (int) Math.min(block / 2, limit - written);
      for (int c = 0; c < channels; c++) {
        filterBlock(input[c], at);
        // Full-rate output m is vr[m / 2] when m is even, vi[m / 2] when odd.
        int o = (startFrame + written) * channels + c;
        int m = first;
        int end = first + frames;
        if ((m & 1) != 0 && m < end) {
          out[o] = (float) vi[m >> 1];
          m++;
          o += channels;
        }
        for (; m + 1 < end; m += 2, o += 2 * channels) {
          out[o] = (float) vr[m >> 1];
          out[o + channels] = (float) vi[m >> 1];
        }
        if (m < end) {
          out[o] = (float) vr[m >> 1];
        }
      }
      written += frames;
      nextBlock++;
    }
    return written;
  }

  /** Leaves the block's decimated, filtered samples in vr (even) and vi (odd), interleaved. */
  private void filterBlock(double[] s, int at) {
    int n2 = size / 2;
    int n4 = size / 4;
    // Written straight to bit-reversed positions: the FFT then skips its reordering pass.
    int[] order = halfOrder;
    for (int n = 0; n < n2; n++) {
      int p = order[n];
      zr[p] = s[at + 2 * n];
      zi[p] = s[at + 2 * n + 1];
    }
    half.forwardReordered(zr, zi);
    // Split the packed spectrum (X[k] = E + P, X[N/2 − k] = conj(E − P) with E, P from Z[k]
    // and Z[N/2 − k]), apply the filter and fold in one step:
    // S[k] = Y[k] + conj(Y[N/2 − k]) = (G[k] + G[N/2 − k])·E + (G[k] − G[N/2 − k])·P.
    for (int k = 0; k <= n4; k++) {
      int b = (n2 - k) & (n2 - 1);
      double er = (zr[k] + zr[b]) * 0.5;
      double ei = (zi[k] - zi[b]) * 0.5;
      double or = (zi[k] + zi[b]) * 0.5;
      double oi = (zr[b] - zr[k]) * 0.5;
      double wr = splitRe[k];
      double wi = splitIm[k];
      double pr = wr * or - wi * oi;
      double pi = wr * oi + wi * or;
      double gs = responseSum[k];
      double gd = responseDifference[k];
      sr[k] = gs * er + gd * pr;
      si[k] = gs * ei + gd * pi;
    }
    // Pack the real inverse of size N/2 into a complex one of size N/4.
    for (int k = 0; k < n4; k++) {
      double tr = sr[n4 - k];
      double ti = -si[n4 - k];
      double ar = sr[k] + tr;
      double ai = si[k] + ti;
      double br = sr[k] - tr;
      double bi = si[k] - ti;
      double pr = packRe[k];
      double pi = packIm[k];
      int q = quarterOrder[k];
      vr[q] = ar - (br * pi + bi * pr);
      vi[q] = ai + (br * pr - bi * pi);
    }
    quarter.inverseReordered(vr, vi);
  }
}
