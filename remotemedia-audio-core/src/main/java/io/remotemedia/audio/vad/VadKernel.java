package io.remotemedia.audio.vad;

import io.remotemedia.audio.internal.fft.CosineTransform;
import io.remotemedia.audio.internal.fft.RealFft;
import java.util.Arrays;

/**
 * The detector: turns 10 ms hops of mono audio at 8 or 16 kHz into a speech probability.
 *
 * <p>Per hop it analyses the last 40 ms (Hann window, FFT zero-padded to a power of two):
 *
 * <ul>
 *   <li>a noise power spectrum per FFT bin, by minimum statistics (Martin 2001, simplified):
 *       the minimum of the recursively smoothed power over the last {@value #SUBWINDOWS} x
 *       {@value #SUBWINDOW_HOPS} hops (1.5 s), times a bias factor;
 *   <li>the mean log likelihood ratio of speech over noise across 100 Hz to 7.2 kHz (Sohn,
 *       Kim and Sung 1999, with the decision-directed a-priori SNR of Ephraim and Malah);
 *   <li>periodicity: the highest normalized autocorrelation in the pitch range 62.5 to 400 Hz,
 *       computed from the power spectrum below 3 kHz divided by the noise spectrum and
 *       corrected for the window (Boersma 1993);
 *   <li>the a-posteriori SNR over the band, in dB;
 *   <li>the band level relative to the talker's: the smoothed level of the hop minus a peak
 *       level that decays by {@value #LEVEL_DECAY_DB} dB per hop (1 dB/s), floored at
 *       {@value #LEVEL_FLOOR_DB} dB. Speech under the talker's level by 20 dB or more is
 *       babble, another room or a far talker more often than the talker;
 *   <li>how much the spectral shape moved over the last 400 ms ({@link SpectralShapeSpread}):
 *       speech moves, a steady or amplitude-modulated noise does not.
 * </ul>
 *
 * A logistic model ({@link #WEIGHTS}) combines them, their moving averages over the previous
 * hops, and three of them scored against their own running noise-only mean and deviation (an
 * adaptive normalization in the spirit of the WebRTC VAD's noise model) into a probability.
 *
 * <p>Digital silence (a whole window of samples within {@link #DIGITAL_SILENCE} of zero) says
 * nothing about the room's noise. Once the noise tracker has seen a full window of real signal,
 * it and the noise statistics of the scores skip such windows, so that the noise estimate of
 * before a gap of digital silence (a muted microphone, joined recordings) holds after it,
 * instead of falling to nothing and making the room noise that follows score as speech for up
 * to 1.5 s. Before that, digital silence is tracked like any signal: a stream that opens with
 * digital silence and then speaks must not seed its noise estimate on the speech.
 *
 * <p>Cost: the spectrum comes from a real-input FFT ({@link RealFft}, a complex FFT of half the
 * size), the autocorrelation from a type-I cosine transform ({@link CosineTransform}, a real FFT
 * of half the size), only the bins that feed a feature are computed and tracked, and the sum of
 * logarithms in the likelihood ratio is taken as the logarithm of products. Everything is
 * allocated in the constructor; {@link #hop} allocates nothing. One instance per stream, not
 * thread-safe.
 */
final class VadKernel {
  static final int SUBWINDOWS = 6;
  static final int SUBWINDOW_HOPS = 25;
  static final float NOISE_BIAS = 2.8f;
  static final float SMOOTHING = 0.8f;
  static final float DD_ALPHA = 0.98f;
  static final float MAX_GAMMA = 1e4f;
  static final int WARM_UP_HOPS = 5;
  /** Smoothing of the fast moving averages: {@code ema = EMA_FAST * ema + (1 - EMA_FAST) * x}. */
  static final float EMA_FAST = 0.5f;
  /** Smoothing of the slow moving average of the periodicity. */
  static final float EMA_SLOW = 0.7f;

  // The logistic model, fitted on the dev half of the synthetic evaluation set
  // (remotemedia-bench/scripts/vad-eval, see docs/nodes/VAD.md). Inputs, in this order:
  // log(1 + lrt), periodicity, snrDb, then their exponential moving averages
  // ema(log(1 + lrt), EMA_FAST), ema(periodicity, EMA_FAST), ema(snrDb, EMA_FAST),
  // ema(periodicity, EMA_SLOW), then the noise-normalized scores (z) of ema(snrDb, EMA_FAST),
  // ema(log(1 + lrt), EMA_FAST) and ema(periodicity, EMA_SLOW), then the relative level,
  // ema(relative level, EMA_SLOW), the shape spread and ema(shape spread, EMA_SLOW). The
  // relative level's decay, smoothing and floor and the shape spread's 400 ms were chosen on
  // the synthetic dev half and the recorded klettres-dev set, not on a test set.
  static final float[] WEIGHTS = {
    0.026964f, 0.602805f, 0.136652f, -0.930312f, -2.53513f, -0.0187492f, 3.06548f,
    0.377891f, 0.446374f, -1.1438f, -0.29774f, 0.473265f, 0.91526f, -0.244454f
  };
  static final float BIAS = -1.73649f;
  // Noise statistics of each z-scored feature: updated (rate Z_RATE) only on hops whose score
  // is below Z_GATE, so they follow the noise and not the speech; the deviation is floored.
  static final float Z_RATE = 0.02f;
  static final float Z_GATE = 1.5f;
  static final float Z_MIN_DEVIATION = 0.3f;
  static final int Z_SKIP_HOPS = 4;
  // The log likelihood ratio needs the sum of log(1 + xi) over the band: taken as the log of
  // products of this many factors, each at most 1 + 1e4 (so a product stays below 1e129, far
  // from double overflow). Saves all but one Math.log in LOG_GROUP; the sum differs from the
  // per-bin sum only by double rounding (about 1e-16 relative), far below float resolution.
  static final int LOG_GROUP = 32;
  /** Samples closer to zero than this are digital silence: 0 or 1 LSB at 16 bits. */
  static final float DIGITAL_SILENCE = 1.5f / 32768;
  /** Smoothing of the hop's band level before it is compared with the peak. */
  static final float LEVEL_SMOOTHING = 0.8f;
  static final float LEVEL_DECAY_DB = 0.01f;
  static final float LEVEL_FLOOR_DB = -40f;

  final int rateHz;
  final int hopSamples;
  private final int window;
  private final RealFft fft;
  private final CosineTransform cosine;
  private final float[] hann;
  private final float[] windowCorrelation;
  private final float[] inverseWindowCorrelation;
  private final float[] samples;
  private final double[] frame;
  private final double[] re;
  private final double[] im;
  private final double[] whitened;
  private final double[] lags;
  private final float[] power;
  private final float[] smoothed;
  private final float[] noise;
  private final float[] gain2;
  private final float[] prevGamma;
  private final float[][] subMin;
  private final float[] currentMin;
  private final float[] subWindowMin;
  private final int bandLo;
  private final int bandHi;
  private final int pitchBandHi;
  private final int lagLo;
  private final int lagHi;
  // Only the bins from binLo to binHi feed a feature; no other bin is computed or tracked.
  private final int binLo;
  private final int binHi;
  private int filled;
  private long hops;
  private final float[] ema = new float[6];
  private final float[] zMean = new float[3];
  private final float[] zVariance = new float[3];
  private final float[] x = new float[14];
  private int trackedHops;
  private int subHop;
  private int subIndex;
  private int silentRun;
  private int signalHops;
  private boolean skipSilence;
  private boolean levelSeeded;
  private float levelDb;
  private float peakDb;
  private final SpectralShapeSpread shapeSpread;

  /**
   * The raw features of the last hop, for tuning: lrt, periodicity, snrDb, relative level,
   * shape spread.
   */
  final float[] features = new float[5];

  /**
   * @param rateHz 8000 or 16000
   */
  VadKernel(int rateHz) {
    this.rateHz = rateHz;
    hopSamples = rateHz / 100;
    window = rateHz * 40 / 1000;
    lagLo = rateHz / 400;
    lagHi = rateHz * 2 / 125; // 62.5 Hz
    // Zero-padded so that the autocorrelation up to lagHi has no circular wrap-around.
    int size = Integer.highestOneBit(window + lagHi - 1) << 1;
    fft = new RealFft(size);
    cosine = new CosineTransform(size);
    hann = new float[window];
    for (int i = 0; i < window; i++) {
      hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / window));
    }
    windowCorrelation = new float[window];
    for (int lag = 0; lag < window; lag++) {
      double sum = 0;
      for (int i = 0; i + lag < window; i++) {
        sum += (double) hann[i] * hann[i + lag];
      }
      windowCorrelation[lag] = (float) sum;
    }
    for (int lag = window - 1; lag >= 0; lag--) {
      windowCorrelation[lag] /= windowCorrelation[0];
    }
    inverseWindowCorrelation = new float[window];
    for (int lag = 0; lag < window; lag++) {
      inverseWindowCorrelation[lag] = (float) (1.0 / windowCorrelation[lag]);
    }
    samples = new float[window];
    frame = new double[size]; // zero beyond the window, for ever
    int bins = size / 2 + 1;
    re = new double[bins];
    im = new double[bins];
    whitened = new double[bins]; // zero outside 2 to pitchBandHi, for ever
    lags = new double[bins];
    power = new float[bins];
    smoothed = new float[bins];
    noise = new float[bins];
    gain2 = new float[bins];
    prevGamma = new float[bins];
    subMin = new float[SUBWINDOWS][bins];
    currentMin = new float[bins];
    subWindowMin = new float[bins];
    bandLo = bin(100, size);
    bandHi = Math.min(bin(7200, size), size / 2 - 1);
    pitchBandHi = bin(3000, size);
    binLo = Math.min(2, bandLo);
    binHi = Math.max(bandHi, pitchBandHi);
    shapeSpread = new SpectralShapeSpread((double) rateHz / size, bandHi);
    reset();
  }

  private int bin(double hz, int size) {
    return (int) Math.round(hz * size / rateHz);
  }

  void reset() {
    Arrays.fill(samples, 0f);
    Arrays.fill(smoothed, 0f);
    Arrays.fill(noise, 0f);
    Arrays.fill(gain2, 0f);
    Arrays.fill(prevGamma, 1f);
    for (float[] row : subMin) {
      Arrays.fill(row, Float.MAX_VALUE);
    }
    Arrays.fill(currentMin, Float.MAX_VALUE);
    Arrays.fill(subWindowMin, Float.MAX_VALUE);
    filled = 0;
    hops = 0;
    Arrays.fill(ema, 0f);
    Arrays.fill(zMean, 0f);
    Arrays.fill(zVariance, 1f);
    trackedHops = 0;
    subHop = 0;
    subIndex = 0;
    silentRun = 0;
    signalHops = 0;
    skipSilence = false;
    levelSeeded = false;
    levelDb = 0f;
    peakDb = 0f;
    shapeSpread.reset();
  }

  /**
   * Analyses one hop of {@link #hopSamples} samples from {@code in} at {@code offset}.
   *
   * @return the probability that the hop is speech, in [0, 1]
   */
  float hop(float[] in, int offset) {
    System.arraycopy(samples, hopSamples, samples, 0, window - hopSamples);
    System.arraycopy(in, offset, samples, window - hopSamples, hopSamples);
    countSilence(in, offset);
    if (filled < window) {
      // Until the window holds real signal, its power would seed the noise minimum far too
      // low and make the next 1.5 s look like speech.
      filled += hopSamples;
      return model(0f, 0f, 0f, LEVEL_FLOOR_DB, 0f);
    }
    for (int i = 0; i < window; i++) {
      frame[i] = samples[i] * hann[i];
    }
    fft.forward(frame, re, im);
    for (int k = binLo; k <= binHi; k++) {
      power[k] = (float) (re[k] * re[k] + im[k] * im[k]);
    }
    boolean silent = silentRun >= window;
    skipSilence = silent && signalHops == SUBWINDOWS * SUBWINDOW_HOPS;
    if (!silent && signalHops < SUBWINDOWS * SUBWINDOW_HOPS) {
      signalHops++;
    }
    if (!skipSilence) {
      trackNoise();
    }

    double gainSum = 0;
    double logSum = 0;
    double product = 1;
    int grouped = 0;
    double powerSum = 0;
    double noiseSum = 0;
    for (int k = bandLo; k <= bandHi; k++) {
      float gamma = Math.min(power[k] / noise[k], MAX_GAMMA);
      float xi = DD_ALPHA * gain2[k] * prevGamma[k] + (1 - DD_ALPHA) * Math.max(gamma - 1f, 0f);
      xi = Math.max(xi, 0.003f);
      float onePlusXi = 1 + xi;
      float g = xi / onePlusXi;
      gainSum += gamma * g;
      product *= onePlusXi;
      if (++grouped == LOG_GROUP) {
        logSum += Math.log(product);
        product = 1;
        grouped = 0;
      }
      gain2[k] = g * g;
      prevGamma[k] = gamma;
      powerSum += power[k];
      noiseSum += noise[k];
    }
    logSum += Math.log(product);
    double lrt = (gainSum - logSum) / (bandHi - bandLo + 1);
    float snrDb = (float) (10 * Math.log10((powerSum + 1e-12) / (noiseSum + 1e-12)));
    float periodicity = periodicity();
    float relativeDb = relativeLevel(powerSum, silent);
    return model((float) lrt, periodicity, snrDb, relativeDb,
        shapeSpread.update(power, silent));
  }

  /**
   * The band level of this hop against the talker's peak level, in dB, at most 0. Digital
   * silence neither moves the peak nor is compared with it.
   */
  private float relativeLevel(double bandPower, boolean silent) {
    if (silent) {
      return LEVEL_FLOOR_DB;
    }
    float db = (float) (10 * Math.log10(bandPower + 1e-12));
    if (!levelSeeded) {
      levelSeeded = true;
      levelDb = db;
      peakDb = db;
    }
    levelDb = LEVEL_SMOOTHING * levelDb + (1 - LEVEL_SMOOTHING) * db;
    peakDb = Math.max(peakDb - LEVEL_DECAY_DB, levelDb);
    return Math.max(LEVEL_FLOOR_DB, levelDb - peakDb);
  }

  private float model(float lrt, float periodicity, float snrDb, float relativeDb,
      float shapeDb) {
    features[0] = lrt;
    features[1] = periodicity;
    features[2] = snrDb;
    features[3] = relativeDb;
    features[4] = shapeDb;
    float logLrt = (float) Math.log1p(Math.max(0f, Math.min(lrt, 1e4f)));
    float snr = Math.max(-10f, Math.min(snrDb, 40f));
    boolean first = hops == 0;
    ema[0] = first ? logLrt : EMA_FAST * ema[0] + (1 - EMA_FAST) * logLrt;
    ema[1] = first ? periodicity : EMA_FAST * ema[1] + (1 - EMA_FAST) * periodicity;
    ema[2] = first ? snr : EMA_FAST * ema[2] + (1 - EMA_FAST) * snr;
    ema[3] = first ? periodicity : EMA_SLOW * ema[3] + (1 - EMA_SLOW) * periodicity;
    ema[4] = first ? relativeDb : EMA_SLOW * ema[4] + (1 - EMA_SLOW) * relativeDb;
    ema[5] = first ? shapeDb : EMA_SLOW * ema[5] + (1 - EMA_SLOW) * shapeDb;
    x[0] = logLrt;
    x[1] = periodicity;
    x[2] = snr;
    x[3] = ema[0];
    x[4] = ema[1];
    x[5] = ema[2];
    x[6] = ema[3];
    x[7] = zScore(0, ema[2]);
    x[8] = zScore(1, ema[0]);
    x[9] = zScore(2, ema[3]);
    x[10] = relativeDb;
    x[11] = ema[4];
    x[12] = shapeDb;
    x[13] = ema[5];
    hops++;
    float z = BIAS;
    for (int i = 0; i < WEIGHTS.length; i++) {
      z += WEIGHTS[i] * x[i];
    }
    return (float) (1 / (1 + Math.exp(-z)));
  }

  /** The score of {@code value} against the noise statistics of feature {@code i}. */
  private float zScore(int i, float value) {
    if (hops < Z_SKIP_HOPS) {
      return 0f;
    }
    if (hops == Z_SKIP_HOPS) {
      zMean[i] = value;
      zVariance[i] = 1f;
    }
    float deviation = Math.max((float) Math.sqrt(zVariance[i]), Z_MIN_DEVIATION);
    float score = (value - zMean[i]) / deviation;
    if (score < Z_GATE && !skipSilence) {
      zMean[i] += Z_RATE * (value - zMean[i]);
      float d = value - zMean[i];
      zVariance[i] += Z_RATE * (d * d - zVariance[i]);
    }
    return Math.max(-5f, Math.min(score, 20f));
  }

  /** Extends or restarts the run of digitally silent samples that ends with this hop. */
  private void countSilence(float[] in, int offset) {
    for (int i = hopSamples - 1; i >= 0; i--) {
      if (!(Math.abs(in[offset + i]) < DIGITAL_SILENCE)) {
        silentRun = hopSamples - 1 - i;
        return;
      }
    }
    silentRun = (int) Math.min((long) silentRun + hopSamples, Integer.MAX_VALUE);
  }

  private void trackNoise() {
    // A running mean over the first hops, so one low first periodogram cannot seed a minimum
    // that lasts for the whole 1.5 s window; no minimum is taken until it has settled.
    float alpha = Math.min(SMOOTHING, trackedHops / (trackedHops + 1f));
    boolean settled = trackedHops >= WARM_UP_HOPS;
    for (int k = binLo; k <= binHi; k++) {
      float s = alpha * smoothed[k] + (1 - alpha) * power[k];
      smoothed[k] = s;
      if (s < currentMin[k] && settled) {
        currentMin[k] = s;
      }
      if (!settled) {
        noise[k] = s + 1e-10f;
        continue;
      }
      noise[k] = NOISE_BIAS * Math.min(currentMin[k], subWindowMin[k]) + 1e-10f;
    }
    trackedHops++;
    if (++subHop == SUBWINDOW_HOPS) {
      subHop = 0;
      System.arraycopy(currentMin, 0, subMin[subIndex], 0, currentMin.length);
      subIndex = (subIndex + 1) % SUBWINDOWS;
      Arrays.fill(currentMin, Float.MAX_VALUE);
      // The minimum over the finished sub-windows changes only here, once per SUBWINDOW_HOPS.
      for (int k = binLo; k <= binHi; k++) {
        float min = subMin[0][k];
        for (int u = 1; u < SUBWINDOWS; u++) {
          min = Math.min(min, subMin[u][k]);
        }
        subWindowMin[k] = min;
      }
    }
  }

  private float periodicity() {
    for (int k = 2; k <= pitchBandHi; k++) {
      // Whitened by the noise estimate, so stationary coloured noise looks aperiodic.
      whitened[k] = power[k] / noise[k];
    }
    // The autocorrelation is the inverse transform of the (real, even) whitened power.
    cosine.inverseEven(whitened, lags);
    float r0 = (float) lags[0];
    if (!(r0 > 1e-9f)) {
      return 0f;
    }
    // Divided by r0 once, after the maximum: r0 > 0, so the maximum is the same lag.
    float best = 0f;
    for (int lag = lagLo; lag <= lagHi; lag++) {
      float r = (float) lags[lag] * inverseWindowCorrelation[lag];
      if (r > best) {
        best = r;
      }
    }
    best /= r0;
    return Math.min(best, 1f);
  }
}
