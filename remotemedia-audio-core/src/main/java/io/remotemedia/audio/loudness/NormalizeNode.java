package io.remotemedia.audio.loudness;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * Normalises a whole stream: to a sample-peak target in dBFS, or to an integrated loudness
 * target in LUFS (ITU-R BS.1770-4 / EBU R128, see {@link LoudnessMeter}), optionally lowering
 * the gain so that the true peak ({@link TruePeakMeter}) stays under a ceiling. One gain is
 * applied to every channel, so the balance is kept.
 *
 * <pre>{@code
 * NormalizeNode node = new NormalizeNode(new NormalizeConfig(NormalizeMode.LOUDNESS, -1.0,
 *     -23.0, OptionalDouble.of(-1.0), 60.0));
 * node.configure(AudioFormat.f32(48000, 2), 8192);
 * node.process(chunk, frames, unused);          // returns 0: everything is held
 * float[] out = new float[node.maxFlushFrames() * 2];
 * int frames = node.flush(out);                 // the whole stream, normalised
 * double measured = node.measuredLufs();        // the input's loudness
 * }</pre>
 *
 * <p><b>Whole-stream node.</b> The gain depends on the whole signal, so {@link #process}
 * buffers its input and writes nothing (returns 0), and {@link #flush} writes the whole stream.
 * The buffer is allocated in {@code configure} for {@code max_duration_s}: 4 bytes x channels
 * x rate x {@code max_duration_s} (23 MB for 60 s of 48 kHz stereo). A longer stream makes
 * {@link #process} throw. {@link #latencyFrames()} is that maximum: the output lags by the
 * whole stream. Output frame i is input frame i times the gain: no shift.
 *
 * <p><b>Gain.</b> Peak mode: {@code target_db - samplePeakDbfs}. Loudness mode:
 * {@code target_lufs - integratedLufs}. With a ceiling: at most
 * {@code ceiling - truePeakDbtp}. When there is nothing to measure (digital silence, or in
 * loudness mode less than 400 ms or nothing above the -70 LUFS gate) the gain is 0 dB. The gain
 * is not otherwise capped, and samples above full scale are not clipped here (a later integer
 * encoding clips and counts them); use the ceiling to stay below full scale.
 *
 * <p><b>Measurements.</b> After each flush, {@link #measuredLufs()}, {@link
 * #measuredSamplePeakDbfs()}, {@link #measuredTruePeakDbtp()} and {@link #appliedGainDb()}
 * describe the stream just flushed (NaN before the first flush); they survive {@link #reset}.
 * NaN or infinite input samples are skipped by the meters and passed through multiplied.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class NormalizeNode extends AbstractAudioNode {
  private final NormalizeConfig config;
  private float[] buffer;
  private int maxFrames;
  private int bufferedFrames;
  private LoudnessMeter loudness;
  private TruePeakMeter peaks;
  private double measuredLufs = Double.NaN;
  private double measuredSamplePeakDbfs = Double.NaN;
  private double measuredTruePeakDbtp = Double.NaN;
  private double appliedGainDb = Double.NaN;

  /**
   * Creates a node with the given targets.
   *
   * @param config the mode, targets, true-peak ceiling and buffer duration; not null
   */
  public NormalizeNode(NormalizeConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /**
   * Allocates the buffer for {@code max_duration_s} of {@code input} and the meters.
   *
   * @throws UnsupportedFormatException if the rate is below 1000 Hz (no 400 ms loudness block
   *     could be formed sensibly) or the buffer would hold more than 2^31 - 9 samples
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    if (input.sampleRateHz() < 1000) {
      throw new UnsupportedFormatException(input, "Normalize needs a rate of at least 1000 Hz");
    }
    long frames = (long) Math.ceil(config.maxDurationS() * input.sampleRateHz());
    if (frames * input.channelCount() > Integer.MAX_VALUE - 8) {
      throw new UnsupportedFormatException(input, "max_duration_s " + config.maxDurationS()
          + " s needs " + frames * input.channelCount() + " samples of buffer, more than "
          + (Integer.MAX_VALUE - 8));
    }
    maxFrames = (int) frames;
    buffer = new float[maxFrames * input.channelCount()];
    loudness = new LoudnessMeter(input.sampleRateHz(), input.channelCount(),
        config.maxDurationS());
    peaks = new TruePeakMeter(input.channelCount());
    return input;
  }

  /**
   * Returns the buffer that holds the whole stream ({@code ceil(max_duration_s x rate)} frames)
   * and the loudness meter's block energies (ten per second).
   */
  @Override
  public long bufferBytes(AudioFormat input, int maxInputFrames) {
    long frames = (long) Math.ceil(config.maxDurationS() * input.sampleRateHz());
    long blocks = (long) Math.ceil(config.maxDurationS() * 10) + 1;
    return frames * input.channelCount() * Float.BYTES + blocks * Double.BYTES;
  }

  /** Returns 0: all output comes from {@link #flush}. */
  @Override
  public int maxOutputFrames(int inputFrames) {
    return 0;
  }

  /** Returns the buffer size: {@code ceil(max_duration_s x rate)} frames. */
  @Override
  public int maxFlushFrames() {
    return maxFrames;
  }

  /** Returns {@link #maxFlushFrames()}: the output comes after the whole stream. */
  @Override
  public int latencyFrames() {
    return maxFrames;
  }

  /**
   * Buffers and measures the chunk; writes nothing.
   *
   * @throws IllegalStateException if the stream grows past {@code max_duration_s}
   */
  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    if (inFrames > maxFrames - bufferedFrames) {
      throw new IllegalStateException("Normalize buffers at most max_duration_s = "
          + config.maxDurationS() + " s (" + maxFrames + " frames); the stream is longer");
    }
    int channels = inputFormat().channelCount();
    System.arraycopy(in, 0, buffer, bufferedFrames * channels, inFrames * channels);
    bufferedFrames += inFrames;
    loudness.accept(in, inFrames);
    peaks.accept(in, inFrames);
    return 0;
  }

  @Override
  protected int onFlush(float[] out) {
    measuredLufs = loudness.integratedLufs();
    double samplePeak = peaks.samplePeak();
    double truePeak = peaks.truePeak();
    measuredSamplePeakDbfs = 20 * Math.log10(samplePeak);
    measuredTruePeakDbtp = 20 * Math.log10(truePeak);
    double gainDb = 0;
    if (config.mode() == NormalizeMode.PEAK && samplePeak > 0) {
      gainDb = config.targetDb() - measuredSamplePeakDbfs;
    } else if (config.mode() == NormalizeMode.LOUDNESS && measuredLufs > Double.NEGATIVE_INFINITY) {
      gainDb = config.targetLufs() - measuredLufs;
    }
    if (config.truePeakCeilingDbtp().isPresent() && truePeak > 0) {
      gainDb = Math.min(gainDb, config.truePeakCeilingDbtp().getAsDouble() - measuredTruePeakDbtp);
    }
    appliedGainDb = gainDb;
    double gain = Math.pow(10, gainDb / 20);
    int samples = bufferedFrames * inputFormat().channelCount();
    for (int i = 0; i < samples; i++) {
      out[i] = (float) (buffer[i] * gain);
    }
    return bufferedFrames;
  }

  @Override
  protected void onReset() {
    bufferedFrames = 0;
    loudness.reset();
    peaks.reset();
  }

  /** {@return the integrated loudness of the last flushed stream, LUFS; NaN before a flush} */
  public double measuredLufs() {
    return measuredLufs;
  }

  /** {@return the sample peak of the last flushed stream, dBFS; NaN before a flush} */
  public double measuredSamplePeakDbfs() {
    return measuredSamplePeakDbfs;
  }

  /** {@return the true peak of the last flushed stream, dBTP; NaN before a flush} */
  public double measuredTruePeakDbtp() {
    return measuredTruePeakDbtp;
  }

  /** {@return the gain applied to the last flushed stream, dB; NaN before a flush} */
  public double appliedGainDb() {
    return appliedGainDb;
  }
}
