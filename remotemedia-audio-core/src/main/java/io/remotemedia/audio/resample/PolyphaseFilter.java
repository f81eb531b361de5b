package io.remotemedia.audio.resample;

import io.remotemedia.audio.internal.ArrayFootprint;
import io.remotemedia.audio.internal.resample.DesignCache;

/**
 * The coefficient table of a band-limited resampler from {@code inputRateHz} to {@code
 * outputRateHz}: a Kaiser-windowed sinc designed in double precision and split into phases.
 *
 * <p>The continuous prototype {@code h(τ)} (τ in input samples, centred on 0, support {@code
 * |τ| <= halfWidth}) is sampled {@code phaseCount} times per input sample. For the exact ratio
 * {@code L/M} (gcd-reduced) the phase count is {@code L}, so every output instant falls on a
 * table phase. When {@code L} exceeds {@link #MAX_EXACT_PHASES} (awkward ratios such as
 * 44056→48000) the table holds {@link #INTERPOLATED_PHASES} phases and the resampler
 * interpolates between them with a quadratic through phases {@code p}, {@code p + 1} and {@code
 * p + 2} (Newton's forward differences, stored as {@link #slopes} and {@link #curvatures});
 * {@link #interpolated()} says which.
 *
 * <p>Phase {@code p} tap {@code j} is {@code h((p - half) / phaseCount + j)}; phases past the
 * last row are earlier rows shifted by one tap. Immutable after construction; package-private
 * kernel.
 */
final class PolyphaseFilter implements DesignCache.Sized {
  /** Above this many phases per input sample the table is interpolated instead of exact. */
  static final int MAX_EXACT_PHASES = 2048;
  /** Phases per input sample of an interpolated table. */
  static final int INTERPOLATED_PHASES = 512;

  /** Output rate over input rate, reduced: {@code upFactor / downFactor}. */
  final int upFactor;
  final int downFactor;
  /** Table phases per input sample. */
  final int phaseCount;
  /** Taps per phase, in input samples; a multiple of 4 (the last ones may be zero). */
  final int tapCount;
  /** Index of the prototype's centre in phase units ({@code halfWidth * phaseCount}). */
  final int half;
  /**
   * Interpolated tables: {@code (phaseCount + 1) * tapCount} coefficients, phase-major. Exact
   * tables: the {@code phaseCount} rows in the order successive outputs use them, starting with
   * output 0, so that the inner loop streams through memory; see {@link #rowAdvance}.
   */
  final double[] coefficients;
  /**
   * Exact tables only: input frames to advance after the output that used visit row {@code k}
   * (row {@code k + 1} follows, cyclically); null when interpolated.
   */
  final int[] rowAdvance;
  /**
   * Interpolated tables only (else null): first and second forward differences between phases,
   * {@code c[p+1] − c[p]} and {@code c[p+2] − 2·c[p+1] + c[p]}; the coefficient at fraction
   * {@code f} past phase {@code p} is {@code c[p] + f·slope + f(f−1)/2·curvature}.
   */
  final double[] slopes;
  final double[] curvatures;
  /** The parameters this filter was designed from: its key in the {@link DesignCache}. */
  final DesignCache.FilterKey designKey;
  /** Design: cutoff in cycles per input sample, Kaiser β and I0(β). */
  private final double cutoff;
  private final double beta;
  private final double i0Beta;

  /**
   * The one-stage filter for {@code quality}: passband and transition as the quality says,
   * stopband from the lower Nyquist frequency.
   */
  static PolyphaseFilter forQuality(int inputRateHz, int outputRateHz, ResampleQuality quality) {
    double nyquistHz = Math.min(inputRateHz, outputRateHz) / 2.0;
    double transitionHz = quality.transitionWidth() * nyquistHz;
    return designed(inputRateHz, outputRateHz, nyquistHz - transitionHz / 2, transitionHz,
        quality.stopbandAttenuationDb());
  }

  /**
   * The filter of these parameters, designed once and shared (see {@link DesignCache}); the
   * parameters are as for the constructor.
   */
  static PolyphaseFilter designed(int inputRateHz, int outputRateHz, double cutoffHz,
      double transitionHz, double attenuationDb) {
    return DesignCache.get(new DesignCache.FilterKey(inputRateHz, outputRateHz, cutoffHz,
            transitionHz, attenuationDb), PolyphaseFilter.class,
        () -> new PolyphaseFilter(inputRateHz, outputRateHz, cutoffHz, transitionHz,
            attenuationDb));
  }

  /**
   * A Kaiser-windowed sinc with its −6 dB point at {@code cutoffHz} and {@code transitionHz}
   * between the passband and stopband edges, designed for {@code attenuationDb}.
   */
  PolyphaseFilter(int inputRateHz, int outputRateHz, double cutoffHz, double transitionHz,
      double attenuationDb) {
    this.designKey = new DesignCache.FilterKey(inputRateHz, outputRateHz, cutoffHz,
        transitionHz, attenuationDb);
    int gcd = gcd(inputRateHz, outputRateHz);
    this.upFactor = outputRateHz / gcd;
    this.downFactor = inputRateHz / gcd;
    this.phaseCount = upFactor <= MAX_EXACT_PHASES ? upFactor : INTERPOLATED_PHASES;

    // Frequencies in cycles per input sample.
    double transition = transitionHz / inputRateHz;
    double cutoff = cutoffHz / inputRateHz;
    double attenuation = attenuationDb;
    double beta = 0.1102 * (attenuation - 8.7);
    // Kaiser's length estimate, in input samples.
    double length = (attenuation - 7.95) / (2.285 * 2 * Math.PI * transition);
    this.half = (int) Math.ceil(length / 2 * phaseCount);
    // An interpolated table reads one tap further (row P is row 0 shifted by a tap). Rows are
    // padded with zeros to a multiple of 4 taps, the step of the dot product's loop.
    int taps = (2 * half + 1 + phaseCount - 1) / phaseCount + (upFactor > phaseCount ? 1 : 0);
    this.tapCount = (taps + 3) & ~3;

    this.cutoff = cutoff;
    this.beta = beta;
    this.i0Beta = besselI0(beta);
    double[] table = new double[(phaseCount + 2) * tapCount];
    for (int p = 0; p < phaseCount + 2; p++) {
      for (int j = 0; j < tapCount; j++) {
        int index = p + j * phaseCount;
        if (index > 2 * half) {
          continue;
        }
        table[p * tapCount + j] = prototype(index);
      }
    }
    if (upFactor > phaseCount) {
      int used = phaseCount * tapCount;
      double[] first = new double[used];
      double[] second = new double[used];
      for (int i = 0; i < used; i++) {
        double c0 = table[i];
        double c1 = table[i + tapCount];
        double c2 = table[i + 2 * tapCount];
        first[i] = c1 - c0;
        second[i] = c2 - 2 * c1 + c0;
      }
      this.coefficients = java.util.Arrays.copyOf(table, used);
      this.rowAdvance = null;
      this.slopes = first;
      this.curvatures = second;
    } else {
      // Output n + 1 is M/L input frames after output n: M / L frames and M mod L rows on.
      double[] visited = new double[phaseCount * tapCount];
      int[] advance = new int[phaseCount];
      int phase = half % phaseCount;
      for (int k = 0; k < phaseCount; k++) {
        System.arraycopy(table, phase * tapCount, visited, k * tapCount, tapCount);
        int next = phase - downFactor % phaseCount;
        advance[k] = downFactor / phaseCount;
        if (next < 0) {
          next += phaseCount;
          advance[k]++;
        }
        phase = next;
      }
      this.coefficients = visited;
      this.rowAdvance = advance;
      this.slopes = null;
      this.curvatures = null;
    }
  }

  /**
   * The prototype at {@code index} (0 to {@code 2 * half}): {@code h((index - half) / P)}, the
   * windowed sinc in input-sample time.
   */
  double prototype(int index) {
    double tau = (double) (index - half) / phaseCount;
    double ratio = tau / halfWidthFrames();
    double window = besselI0(beta * Math.sqrt(Math.max(0.0, 1 - ratio * ratio))) / i0Beta;
    return 2 * cutoff * sinc(2 * cutoff * tau) * window;
  }

  /** True when the table is coarser than the exact ratio and phases are interpolated. */
  boolean interpolated() {
    return slopes != null;
  }

  /** Half the prototype's support, in input samples. */
  double halfWidthFrames() {
    return (double) half / phaseCount;
  }

  /** Heap held by the tables ({@link ArrayFootprint}). */
  @Override
  public long tableBytes() {
    return ArrayFootprint.of(coefficients) + ArrayFootprint.of(slopes)
        + ArrayFootprint.of(curvatures) + ArrayFootprint.of(rowAdvance);
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1.0;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  /** The modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1.0;
    double term = 1.0;
    double quarterSquare = x * x / 4;
    for (int k = 1; k < 500; k++) {
      term *= quarterSquare / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
