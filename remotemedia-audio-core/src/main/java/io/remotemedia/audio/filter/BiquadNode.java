package io.remotemedia.audio.filter;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * A cookbook biquad filter (RBJ Audio EQ Cookbook): low-pass, high-pass, band-pass, notch,
 * low shelf, high shelf or peaking EQ, optionally run as a cascade of identical sections for a
 * steeper slope. Every channel is filtered independently with the same response. Any rate and
 * channel count in, the same format out.
 *
 * <pre>{@code
 * BiquadNode highPass = new BiquadNode(new BiquadConfig(
 *     FilterType.HIGHPASS, 80.0, BiquadConfig.BUTTERWORTH_Q, 0.0, 2));
 * highPass.configure(AudioFormat.f32(48000, 2), 960);
 * int written = highPass.process(in, 960, out); // always 960
 * }</pre>
 *
 * <p>A cascade of {@code n} identical sections multiplies the response in dB by {@code n}: two
 * Butterworth low-pass sections are -6.02 dB at the corner (a Linkwitz-Riley response), not a
 * fourth-order Butterworth.
 *
 * <p>Coefficients are computed in double and the state is kept in double (transposed direct
 * form II); see {@code BiquadCascade} for why. Output is written frame for frame: no latency in
 * the sense of {@link #latencyFrames()} (the filter's own phase response still delays signals,
 * as any recursive filter does), no flush tail, and the output does not depend on how the
 * stream is chunked (bit-exact).
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class BiquadNode extends AbstractAudioNode {
  private final BiquadConfig config;
  private BiquadCascade cascade;

  /**
   * Creates a node with the given response.
   *
   * @param config the filter type, frequency, Q, gain and number of stages; not null
   */
  public BiquadNode(BiquadConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
  }

  /** {@return the configuration} */
  public BiquadConfig config() {
    return config;
  }

  /**
   * Designs the sections for the input's rate and allocates state for its channels.
   *
   * @throws UnsupportedFormatException if {@code frequency_hz} is not below the input's Nyquist
   *     frequency; the message names both
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    double nyquistHz = input.sampleRateHz() / 2.0;
    if (!(config.frequencyHz() < nyquistHz)) {
      throw new UnsupportedFormatException(input, "frequency_hz " + config.frequencyHz()
          + " Hz must be below the Nyquist frequency " + nyquistHz + " Hz of the input");
    }
    BiquadCoefficients coefficients = BiquadCoefficients.design(config.filterType(),
        config.frequencyHz(), config.q(), config.gainDb(), input.sampleRateHz());
    cascade = new BiquadCascade(coefficients, config.stages(), input.channelCount());
    return input;
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    cascade.process(in, out, inFrames);
    return inFrames;
  }

  @Override
  protected void onReset() {
    cascade.reset();
  }
}
