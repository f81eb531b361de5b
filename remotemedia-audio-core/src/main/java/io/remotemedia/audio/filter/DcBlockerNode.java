package io.remotemedia.audio.filter;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * Removes a constant (DC) offset with a one-pole high-pass filter:
 * {@code H(z) = g (1 - z^-1) / (1 - R z^-1)}, the bilinear transform of {@code s / (s + 1)}
 * with the corner pre-warped, so the response is exactly -3.01 dB at {@code cutoff_hz}, 0 dB
 * at Nyquist, and a true zero at DC. Every channel is filtered independently.
 *
 * <pre>{@code
 * DcBlockerNode blocker = new DcBlockerNode(new DcBlockerConfig(10.0));
 * blocker.configure(AudioFormat.f32(16000, 1), 320);
 * int written = blocker.process(in, 320, out); // always 320
 * }</pre>
 *
 * <p>A separate node type rather than a {@link FilterType}: it is first order (6 dB/octave,
 * far less phase shift in the low band than a second-order high-pass) and has one parameter.
 * It shares the double-precision kernel of {@link BiquadNode}. An offset decays with the time
 * constant {@code 1 / (2 pi cutoff_hz)} (16 ms at 10 Hz). No latency, no tail, bit-exact under
 * any chunking.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class DcBlockerNode extends AbstractAudioNode {
  private final DcBlockerConfig config;
  private BiquadCascade filter;

  /**
   * Creates a blocker with the given corner.
   *
   * @param config the corner frequency; not null
   */
  public DcBlockerNode(DcBlockerConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /**
   * Designs the filter for the input's rate.
   *
   * @throws UnsupportedFormatException if {@code cutoff_hz} is not below the input's Nyquist
   *     frequency
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    double nyquistHz = input.sampleRateHz() / 2.0;
    if (!(config.cutoffHz() < nyquistHz)) {
      throw new UnsupportedFormatException(input, "cutoff_hz " + config.cutoffHz()
          + " Hz must be below the Nyquist frequency " + nyquistHz + " Hz of the input");
    }
    double k = Math.tan(Math.PI * config.cutoffHz() / input.sampleRateHz());
    double gain = 1 / (1 + k);
    double pole = (1 - k) / (1 + k);
    filter = new BiquadCascade(new BiquadCoefficients(gain, -gain, 0, -pole, 0),
        /* stages= */ 1, input.channelCount());
    return input;
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    filter.process(in, out, inFrames);
    return inFrames;
  }

  @Override
  protected void onReset() {
    filter.reset();
  }
}
