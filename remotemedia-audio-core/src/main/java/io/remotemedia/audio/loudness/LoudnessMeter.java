package io.remotemedia.audio.loudness;

import io.remotemedia.audio.AudioFormat;
import java.util.Arrays;

/**
 * Integrated loudness per ITU-R BS.1770-4 and EBU R128, in LUFS: K-weighting, mean square per
 * channel over 400 ms blocks with 75 % overlap (a new block every 100 ms), channel weighting,
 * then the two gates: blocks at or below -70 LUFS are dropped (absolute gate), then blocks at
 * or below 10 LU under the loudness of the remaining ones (relative gate).
 *
 * <pre>{@code
 * LoudnessMeter meter = new LoudnessMeter(48000, 2, 600.0); // up to 10 minutes
 * meter.accept(chunk, frames);                             // as often as needed
 * double lufs = meter.integratedLufs();                    // -23.0 for EBU Tech 3341 case 1
 * }</pre>
 *
 * <p><b>Rates.</b> Any rate: the K-weighting is re-derived from its analog prototypes (see
 * {@code KWeighting}). The hop is {@code round(rate / 10)} frames and a block is four hops, so
 * at rates that are not a multiple of 10 Hz a block is a fraction of a frame off 400 ms.
 *
 * <p><b>Channels.</b> The weights follow BS.1770-4 (1.0 for left, right and centre, 1.41 for
 * the surround channels, the LFE excluded) under this channel-order assumption, which is the
 * WAV / SMPTE order: 1 to 3 channels: all 1.0 (mono, L R, L R C); 4: L R Ls Rs; 5: L R C Ls
 * Rs; 6: L R C LFE Ls Rs; 7 or more: L R C LFE, then surrounds at 1.41 for channels 4 and 5
 * and 1.0 for the rest. Pass explicit weights for any other layout.
 *
 * <p><b>Memory.</b> One double per 100 ms of audio is kept for the gating (288 KB for an hour),
 * sized in the constructor from the longest duration to be measured; nothing is allocated in
 * {@link #accept}. Gating is exact, not histogram-based.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class LoudnessMeter {
  /** The absolute gate, in LUFS. */
  public static final double ABSOLUTE_GATE_LUFS = -70.0;
  /** The relative gate, in LU below the absolute-gated loudness. */
  public static final double RELATIVE_GATE_LU = -10.0;
  /** The weight of a surround channel. */
  public static final double SURROUND_WEIGHT = 1.41;

  private final int sampleRateHz;
  private final double[] weights;
  private final KWeighting filter;
  private final int hopFrames;
  private final double[] blockEnergies;
  private final double[] hopSums = new double[4];
  private int blockCount;
  private long hopsDone;
  private int framesInHop;
  private double currentHopSum;

  /**
   * Creates a meter with the default channel weights.
   *
   * @param sampleRateHz the rate, Hz; 1000 to {@link AudioFormat#MAX_SAMPLE_RATE_HZ}
   * @param channelCount 1 to {@link AudioFormat#MAX_CHANNELS}
   * @param maxDurationS the longest stream {@link #accept} will take, in seconds; up to 1e6
   * @throws IllegalArgumentException if a value is out of range
   */
  public LoudnessMeter(int sampleRateHz, int channelCount, double maxDurationS) {
    this(sampleRateHz, defaultChannelWeights(channelCount), maxDurationS);
  }

  /**
   * Creates a meter with explicit channel weights (0 excludes a channel).
   *
   * @param channelWeights one finite, non-negative weight per channel; copied
   * @param sampleRateHz the rate, Hz; 1000 to {@link AudioFormat#MAX_SAMPLE_RATE_HZ}
   * @param maxDurationS the longest stream {@link #accept} will take, in seconds; up to 1e6
   * @throws IllegalArgumentException if a value is out of range
   */
  public LoudnessMeter(int sampleRateHz, double[] channelWeights, double maxDurationS) {
    if (sampleRateHz < 1000 || sampleRateHz > AudioFormat.MAX_SAMPLE_RATE_HZ) {
      throw new IllegalArgumentException("sampleRateHz must be in [1000, "
          + AudioFormat.MAX_SAMPLE_RATE_HZ + "], was " + sampleRateHz);
    }
    if (channelWeights.length < 1
        || channelWeights.length > AudioFormat.MAX_CHANNELS) {
      throw new IllegalArgumentException("channel count must be in [1, "
          + AudioFormat.MAX_CHANNELS + "], was " + channelWeights.length);
    }
    for (double weight : channelWeights) {
      if (!(weight >= 0 && weight <= 100)) {
        throw new IllegalArgumentException("channel weights must be in [0, 100], was " + weight);
      }
    }
    if (!(maxDurationS > 0 && maxDurationS <= 1e6)) {
      throw new IllegalArgumentException("maxDurationS must be in (0, 1e6], was " + maxDurationS);
    }
    this.sampleRateHz = sampleRateHz;
    this.weights = channelWeights.clone();
    this.filter = new KWeighting(sampleRateHz, channelWeights.length);
    this.hopFrames = (int) Math.round(sampleRateHz / 10.0);
    this.blockEnergies = new double[(int) Math.ceil(maxDurationS * 10) + 1];
  }

  /**
   * {@return the BS.1770-4 weights for {@code channelCount} channels under the channel order
   * documented on this class}
   *
   * @param channelCount 1 to {@link AudioFormat#MAX_CHANNELS}
   * @throws IllegalArgumentException if {@code channelCount} is not in [1, 64]
   */
  public static double[] defaultChannelWeights(int channelCount) {
    if (channelCount < 1 || channelCount > AudioFormat.MAX_CHANNELS) {
      throw new IllegalArgumentException("channel count must be in [1, "
          + AudioFormat.MAX_CHANNELS + "], was " + channelCount);
    }
    double[] weights = new double[channelCount];
    Arrays.fill(weights, 1.0);
    switch (channelCount) {
      case 1, 2, 3 -> { }
      case 4 -> {
        weights[2] = SURROUND_WEIGHT;
        weights[3] = SURROUND_WEIGHT;
      }
      case 5 -> {
        weights[3] = SURROUND_WEIGHT;
        weights[4] = SURROUND_WEIGHT;
      }
      default -> {
        weights[3] = 0.0;
        weights[4] = SURROUND_WEIGHT;
        weights[5] = SURROUND_WEIGHT;
      }
    }
    return weights;
  }

  /**
   * Measures {@code frames} interleaved frames at the start of {@code samples}. The caller keeps
   * ownership of the array.
   *
   * @param samples interleaved samples in the meter's channel count; only read
   * @param frames the number of frames to measure, counted from index 0; 0 or more
   * @throws IllegalArgumentException if the array is shorter than {@code frames * channels}
   * @throws IllegalStateException if the stream grows past the duration given to the
   *     constructor
   */
  public void accept(float[] samples, int frames) {
    int channels = weights.length;
    if (frames < 0 || (long) frames * channels > samples.length) {
      throw new IllegalArgumentException("frames must be in [0, " + samples.length / channels
          + "], was " + frames);
    }
    int i = 0;
    for (int frame = 0; frame < frames; frame++) {
      double sum = 0;
      for (int c = 0; c < channels; c++) {
        double z = filter.filter(c, samples[i++]);
        sum += weights[c] * z * z;
      }
      currentHopSum += sum;
      if (++framesInHop == hopFrames) {
        endHop();
      }
    }
  }

  private void endHop() {
    hopSums[(int) (hopsDone & 3)] = currentHopSum;
    hopsDone++;
    currentHopSum = 0;
    framesInHop = 0;
    if (hopsDone >= 4) {
      if (blockCount == blockEnergies.length) {
        throw new IllegalStateException("LoudnessMeter holds at most " + blockEnergies.length
            + " blocks (" + (blockEnergies.length - 1) / 10.0 + " s); the stream is longer");
      }
      blockEnergies[blockCount++] =
          (hopSums[0] + hopSums[1] + hopSums[2] + hopSums[3]) / (4.0 * hopFrames);
    }
  }

  /**
   * {@return the gated integrated loudness of everything accepted since construction or the
   * last {@link #reset}, in LUFS; {@link Double#NEGATIVE_INFINITY} when no 400 ms block passes
   * the absolute gate (silence, or less than 400 ms of audio)} Does not allocate.
   */
  public double integratedLufs() {
    double absoluteEnergy = energyOf(ABSOLUTE_GATE_LUFS);
    double sum = 0;
    int count = 0;
    for (int b = 0; b < blockCount; b++) {
      if (blockEnergies[b] > absoluteEnergy) {
        sum += blockEnergies[b];
        count++;
      }
    }
    if (count == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double relativeEnergy = energyOf(lufsOf(sum / count) + RELATIVE_GATE_LU);
    double threshold = Math.max(absoluteEnergy, relativeEnergy);
    sum = 0;
    count = 0;
    for (int b = 0; b < blockCount; b++) {
      if (blockEnergies[b] > threshold) {
        sum += blockEnergies[b];
        count++;
      }
    }
    return count == 0 ? Double.NEGATIVE_INFINITY : lufsOf(sum / count);
  }

  /** {@return the number of complete 400 ms blocks measured so far} */
  public int blockCount() {
    return blockCount;
  }

  /** {@return the sample rate, Hz} */
  public int sampleRateHz() {
    return sampleRateHz;
  }

  /** Forgets everything measured; keeps the configuration and the memory. */
  public void reset() {
    filter.reset();
    blockCount = 0;
    hopsDone = 0;
    framesInHop = 0;
    currentHopSum = 0;
  }

  private static double lufsOf(double weightedMeanSquare) {
    return -0.691 + 10 * Math.log10(weightedMeanSquare);
  }

  private static double energyOf(double lufs) {
    return Math.pow(10, (lufs + 0.691) / 10);
  }
}
