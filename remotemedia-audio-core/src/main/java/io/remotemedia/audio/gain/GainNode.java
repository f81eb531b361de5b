package io.remotemedia.audio.gain;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;

/**
 * Multiplies every sample by a fixed factor given in decibels. Any format in, the same format
 * out; no latency and no tail. Values are not clipped here: a later integer encoding clips and
 * counts them.
 *
 * <pre>{@code
 * GainNode halve = new GainNode(new GainConfig(-6.0206));
 * halve.configure(AudioFormat.f32(16000, 1), 320);
 * int written = halve.process(in, 320, out);
 * }</pre>
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class GainNode extends AbstractAudioNode {
  private final float factor;

  /**
   * Creates a node applying {@code config.gainDb()}.
   *
   * @param config the gain; not null
   */
  public GainNode(GainConfig config) {
    this.factor = (float) config.linearGain();
  }

  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames) {
    return input;
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    int samples = inFrames * inputFormat().channelCount();
    for (int i = 0; i < samples; i++) {
      out[i] = in[i] * factor;
    }
    return inFrames;
  }
}
