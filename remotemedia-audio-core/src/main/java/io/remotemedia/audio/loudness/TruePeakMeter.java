package io.remotemedia.audio.loudness;

import io.remotemedia.audio.AudioFormat;
import java.util.Arrays;

/**
 * The true peak of a stream (BS.1770-4 Annex 2): the largest absolute value of the signal
 * oversampled 4x, which catches the inter-sample peaks a DAC or a lossy codec will produce and
 * the sample peak misses. Also tracks the plain sample peak.
 *
 * <pre>{@code
 * TruePeakMeter meter = new TruePeakMeter(2);
 * meter.accept(chunk, frames);
 * double dbtp = meter.truePeakDbtp();
 * }</pre>
 *
 * <p>The interpolator is a 49-tap (4 phases) Kaiser-windowed sinc, the same at every rate
 * (BS.1770-4 allows less oversampling above 96 kHz; this meter keeps 4x). The signal is taken
 * as zero before the first and after the last sample, and the interpolated values between the
 * last samples are included: {@link #truePeak} covers the whole stream so far. Memory: 26
 * doubles per channel, allocated in the constructor.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class TruePeakMeter {
  private static final int HISTORY = OversamplingFilter.TAPS_PER_PHASE;

  private final int channels;
  private final double[][] phases = OversamplingFilter.phases();
  /** Per channel, a ring of the last 13 samples stored twice, so a window is contiguous. */
  private final double[] history;
  private int position;
  private double truePeak;
  private double samplePeak;

  /**
   * Creates a meter for interleaved audio of {@code channelCount} channels.
   *
   * @param channelCount interleaved channels; 1 to {@link AudioFormat#MAX_CHANNELS}
   * @throws IllegalArgumentException if {@code channelCount} is not in [1, 64]
   */
  public TruePeakMeter(int channelCount) {
    if (channelCount < 1 || channelCount > AudioFormat.MAX_CHANNELS) {
      throw new IllegalArgumentException("channel count must be in [1, "
          + AudioFormat.MAX_CHANNELS + "], was " + channelCount);
    }
    this.channels = channelCount;
    this.history = new double[channelCount * 2 * HISTORY];
  }

  /**
   * Measures {@code frames} interleaved frames at the start of {@code samples}; the caller keeps
   * the array.
   *
   * @param samples interleaved samples in the meter's channel count; only read
   * @param frames the number of frames to measure, counted from index 0; 0 or more
   * @throws IllegalArgumentException if the array is shorter than {@code frames * channels}
   */
  public void accept(float[] samples, int frames) {
    if (frames < 0 || (long) frames * channels > samples.length) {
      throw new IllegalArgumentException("frames must be in [0, " + samples.length / channels
          + "], was " + frames);
    }
    int i = 0;
    for (int frame = 0; frame < frames; frame++) {
      position = position == HISTORY - 1 ? 0 : position + 1;
      for (int c = 0; c < channels; c++) {
        double x = samples[i++];
        if (!(Math.abs(x) <= Double.MAX_VALUE)) {
          x = 0; // NaN and infinities are not measured; they would poison 13 outputs
        }
        int base = c * 2 * HISTORY;
        history[base + position] = x;
        history[base + position + HISTORY] = x;
        double magnitude = Math.abs(x);
        if (magnitude > samplePeak) {
          samplePeak = magnitude;
        }
        double peak = interpolatedPeak(base + position + HISTORY);
        if (peak > truePeak) {
          truePeak = peak;
        }
      }
    }
  }

  /**
   * Returns the largest |value| of phases 1..3 for the window whose newest sample is at
   * {@code newest} in {@link #history}. (Phase 0 is the input itself.)
   */
  private double interpolatedPeak(int newest) {
    double peak = 0;
    for (int p = 1; p < OversamplingFilter.FACTOR; p++) {
      double[] h = phases[p];
      double sum = 0;
      for (int j = 0; j < HISTORY; j++) {
        sum += h[j] * history[newest - j];
      }
      double magnitude = Math.abs(sum);
      if (magnitude > peak) {
        peak = magnitude;
      }
    }
    return peak;
  }

  /**
   * {@return the true peak of the stream so far as a linear value (1.0 = full scale), including
   * the inter-sample values after the last sample} At least {@link #samplePeak()}.
   */
  public double truePeak() {
    double peak = Math.max(truePeak, samplePeak);
    // The interpolator lags 6 samples: feed it zeros, virtually, to read every output that
    // still involves a real sample. Nothing is changed, so accept may continue afterwards.
    for (int zeros = 1; zeros < HISTORY; zeros++) {
      for (int c = 0; c < channels; c++) {
        int base = c * 2 * HISTORY;
        peak = Math.max(peak, tailPeak(base + position + HISTORY, zeros));
      }
    }
    return peak;
  }

  /** The interpolated peak when {@code zeros} zero samples follow the newest real one. */
  private double tailPeak(int newestReal, int zeros) {
    double peak = 0;
    for (int p = 1; p < OversamplingFilter.FACTOR; p++) {
      double[] h = phases[p];
      double sum = 0;
      for (int j = zeros; j < HISTORY; j++) {
        sum += h[j] * history[newestReal - (j - zeros)];
      }
      peak = Math.max(peak, Math.abs(sum));
    }
    return peak;
  }

  /** {@return {@link #truePeak()} in dBTP; negative infinity for silence} */
  public double truePeakDbtp() {
    return 20 * Math.log10(truePeak());
  }

  /** {@return the largest |sample| so far, linear} */
  public double samplePeak() {
    return samplePeak;
  }

  /** Forgets everything measured. */
  public void reset() {
    Arrays.fill(history, 0);
    position = 0;
    truePeak = 0;
    samplePeak = 0;
  }
}
