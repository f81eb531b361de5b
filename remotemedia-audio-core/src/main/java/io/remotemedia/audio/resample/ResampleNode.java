package io.remotemedia.audio.resample;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * Converts audio to {@link ResampleConfig#targetSampleRateHz()} with a band-limited,
 * linear-phase polyphase filter (Kaiser-windowed sinc, designed in double precision, applied
 * with double-precision accumulation). Node type {@code AudioResample}.
 *
 * <p><b>Rates.</b> Input and output from 8 kHz to 192 kHz; the ratio is reduced to {@code
 * L/M} by their gcd, so 44100→16000 is exactly 160/441. Ratios whose {@code L} exceeds 2048
 * (awkward rates such as 44056→48000) use a 512-phase table with quadratic interpolation between
 * phases. Downsampling by 2 or more runs in two stages, as soxr does: a short polyphase filter
 * to twice the output rate, then the sharp filter by FFT overlap-save, halving the rate. Equal
 * rates pass samples through unchanged. Any channel count; channels are filtered independently.
 *
 * <p><b>Timing.</b> The filter delay is compensated: output frame {@code n} is the band-limited
 * value of the input at time {@code n / outputRate}, so an impulse or a sine lines up with the
 * input. The node holds back {@link #latencyFrames()} output frames until more input arrives
 * and writes them at {@link #flush}; over a whole stream it writes exactly {@code
 * round(inputFrames * out / in)} frames, whatever the chunking, and the output is bit-exact
 * across chunkings.
 *
 * <pre>{@code
 * ResampleNode node = new ResampleNode(new ResampleConfig(16000, ResampleQuality.HIGH));
 * AudioFormat out = node.configure(AudioFormat.f32(44100, 1), 4410);
 * float[] output = new float[node.maxOutputFrames(4410) * out.channelCount()];
 * int written = node.process(input, 4410, output);
 * // ... more chunks, then:
 * float[] tail = new float[node.maxFlushFrames() * out.channelCount()];
 * int tailFrames = node.flush(tail);
 * }</pre>
 *
 * <p><b>Cost.</b> {@code configure} designs the filter and allocates the table (see {@link
 * #tableBytes()}) and a history of up to 4096 frames plus twice the filter length per channel,
 * as doubles (the two-stage design adds an FFT block buffer per channel): a longer chunk is
 * filtered 4096 frames at a time, so a node's memory does not grow with its chunk. {@code
 * process} and {@code flush} allocate nothing; a non-finite input sample makes the outputs that
 * depend on it NaN (with exact ratios, outputs are computed four at a time over a shared window,
 * so up to three neighbours of those too; for the two-stage design, its whole FFT block) and
 * nothing else.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class ResampleNode extends AbstractAudioNode {
  private final ResampleConfig config;
  private ResampleKernel resampler;

  /**
   * Creates a node converting to {@code config.targetSampleRateHz()}.
   *
   * @param config the target rate and quality; not null
   */
  public ResampleNode(ResampleConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /** {@return this node's configuration} */
  public ResampleConfig config() {
    return config;
  }

  /**
   * Designs the filter for {@code input.sampleRateHz()} → target and allocates the history.
   *
   * @return the input format with the target rate
   * @throws UnsupportedFormatException if the input rate is outside [8000, 192000] Hz
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    int rate = input.sampleRateHz();
    if (rate < ResampleConfig.MIN_SAMPLE_RATE_HZ || rate > ResampleConfig.MAX_SAMPLE_RATE_HZ) {
      throw new UnsupportedFormatException(input, "AudioResample needs an input rate in ["
          + ResampleConfig.MIN_SAMPLE_RATE_HZ + ", " + ResampleConfig.MAX_SAMPLE_RATE_HZ
          + "] Hz, was " + rate);
    }
    int target = config.targetSampleRateHz();
    if (rate == target) {
      resampler = null;
    } else if (TwoStageResampler.suits(rate, target)) {
      resampler = new TwoStageResampler(rate, target, config.quality(), input.channelCount(),
          maxInputFrames);
    } else {
      resampler = new PolyphaseResampler(PolyphaseFilter.forQuality(rate, target,
          config.quality()), input.channelCount(), maxInputFrames);
    }
    return input.withSampleRateHz(config.targetSampleRateHz());
  }

  /**
   * Returns each channel's history of input (of a 4096-frame block at most) and scratch,
   * and the filter tables; 0 when the rates are equal. The tables are shared between nodes of
   * the same rates and quality, but each node keeps its own alive (the design cache, bounded
   * by {@code filter_cache_bytes} on a server, may drop them), so they count for every node: a
   * manifest of many resamplers to odd rates holds a table of up to a few MB for each.
   * Designs the filters if no node has yet; one design is bounded (its phases are capped).
   */
  @Override
  public long bufferBytes(AudioFormat input, int maxInputFrames) {
    int rate = input.sampleRateHz();
    int target = config.targetSampleRateHz();
    if (rate < ResampleConfig.MIN_SAMPLE_RATE_HZ || rate > ResampleConfig.MAX_SAMPLE_RATE_HZ
        || rate == target) {
      return 0;
    }
    if (TwoStageResampler.suits(rate, target)) {
      return TwoStageResampler.bufferBytes(rate, target, config.quality(), input.channelCount(),
          maxInputFrames);
    }
    return PolyphaseResampler.bufferBytes(PolyphaseFilter.forQuality(rate, target,
        config.quality()), input.channelCount(), maxInputFrames);
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    if (resampler == null) {
      System.arraycopy(in, 0, out, 0, inFrames * inputFormat().channelCount());
      return inFrames;
    }
    return resampler.process(in, inFrames, out);
  }

  @Override
  protected int onFlush(float[] out) {
    return resampler == null ? 0 : resampler.finish(out);
  }

  @Override
  protected void onReset() {
    if (resampler != null) {
      resampler.reset();
    }
  }

  /**
   * Returns an upper bound of the frames one {@code process} call writes: {@code ceil(inputFrames
   * * out / in) + 1}. Valid after configure.
   */
  @Override
  public int maxOutputFrames(int inputFrames) {
    if (resampler == null) {
      return inputFrames;
    }
    return (int) Math.min(Integer.MAX_VALUE - 8, resampler.maxOutputFrames(inputFrames));
  }

  /** Returns an upper bound of the frames {@code flush} writes (about the filter half-length). */
  @Override
  public int maxFlushFrames() {
    return resampler == null ? 0 : (int) resampler.maxFinishFrames();
  }

  /**
   * Returns how many output frames the node holds back, at most, until later input or {@code
   * flush} completes them: half the filter length, plus, for the two-stage design (output rate
   * at most half the input rate), the FFT block. This is buffering, not delay: the node
   * compensates its filter delay, so its output lines up with its input. 0 for equal rates.
   * Valid after configure.
   */
  @Override
  public int latencyFrames() {
    return resampler == null ? 0 : resampler.latencyFrames();
  }

  /**
   * {@return the bytes of the coefficient tables this instance holds (0 for equal rates), for
   * memory planning} Valid after configure.
   */
  public long tableBytes() {
    return resampler == null ? 0 : resampler.tableBytes();
  }
}
