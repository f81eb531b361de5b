package io.remotemedia.audio.format;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.ClipCountingNode;

/**
 * Converts the sample format of a stream. Samples stay floats; for an integer target the node
 * rounds every value onto the target's grid (multiples of 2<sup>-15</sup> for {@link
 * SampleFormat#I16}, 2<sup>-31</sup> for {@link SampleFormat#I32}) and clips it to the
 * target's range, so a later {@link io.remotemedia.audio.pcm.PcmCodec#encode} is exact and
 * clips nothing. The output format is the input format with the target sample format. An
 * {@link SampleFormat#F32} target passes values through unchanged.
 *
 * <p><b>Dither.</b> With {@link Dither#TPDF}, triangular noise of ±1 step peak (the difference
 * of two uniform variables) is added before rounding. The error then has mean 0 and a power of
 * 1/4 step² (1/12 from rounding plus 1/6 from the dither) whatever the signal, so quiet signals
 * get a constant noise floor instead of harmonic distortion. The noise comes from a xorshift64*
 * generator seeded from {@link AudioFormatConverterConfig#ditherSeed()}; it advances once per
 * sample, interleaved across channels, and restarts from the seed on {@link #configure} and
 * {@link #reset}. So the output is reproducible for the same seed and input,
 * and independent of how the stream is cut into chunks. For {@link SampleFormat#I32} the dither
 * is far below float precision for values above 2<sup>-8</sup>; it matters for i16.
 *
 * <p><b>Clipping.</b> {@link #clippedSamples()} counts samples that fell outside the target
 * range (including ±infinity). {@code NaN} becomes 0 and is not counted. For i32 the largest
 * value is 1 - 2<sup>-24</sup> (2<sup>31</sup> - 128 steps), the largest float below 1.0.
 *
 * <pre>{@code
 * AudioFormatConverterNode toPcm16 =
 *     new AudioFormatConverterNode(new AudioFormatConverterConfig(SampleFormat.I16, Dither.TPDF));
 * AudioFormat out = toPcm16.configure(AudioFormat.f32(48000, 2), 960); // 48 kHz, 2 ch, I16
 * int written = toPcm16.process(in, 960, output);
 * long clipped = toPcm16.clippedSamples();
 * }</pre>
 *
 * <p>No latency and no tail. One instance per stream; not thread-safe.
 */
public final class AudioFormatConverterNode extends AbstractAudioNode
    implements ClipCountingNode {
  private final AudioFormatConverterConfig config;
  private Quantizer quantizer;
  private long clippedSamples;

  /**
   * Creates a converter to {@code config.targetFormat()}.
   *
   * @param config the target sample format, dither and dither seed; not null
   */
  public AudioFormatConverterNode(AudioFormatConverterConfig config) {
    this.config = config;
  }

  /**
   * Returns how many samples were clipped since the last {@link #configure}. {@link #reset}
   * and {@link #flush} keep the count, so a pipeline can read it after the end of a stream.
   * Read it from the thread that drives the node, or after that thread's calls.
   */
  @Override
  public long clippedSamples() {
    return clippedSamples;
  }

  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames) {
    SampleFormat target = config.targetFormat();
    quantizer = target == SampleFormat.F32
        ? null
        : new Quantizer(target, config.dither() == Dither.TPDF, config.ditherSeed());
    clippedSamples = 0;
    return input.withSampleFormat(target);
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    int samples = inFrames * inputFormat().channelCount();
    if (quantizer == null) {
      System.arraycopy(in, 0, out, 0, samples);
    } else {
      clippedSamples += quantizer.quantize(in, out, samples);
    }
    return inFrames;
  }

  @Override
  protected void onReset() {
    if (quantizer != null) {
      quantizer.reset();
    }
  }
}
