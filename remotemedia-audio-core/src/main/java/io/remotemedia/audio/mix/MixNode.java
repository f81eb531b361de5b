package io.remotemedia.audio.mix;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * Mixes {@code inputs} aligned streams of {@code C} channels each into one stream of {@code C}
 * channels. It sees its inputs side by side, as one stream of {@code inputs x C} channels
 * (input 0's channels first), which is how the pipeline joins the branches that feed a fan-in
 * node. No latency and no tail; the sum is not clipped.
 *
 * <pre>{@code
 * MixNode mix = new MixNode(new MixConfig(2, true));
 * mix.configure(AudioFormat.f32(48000, 4), 960);   // two stereo inputs side by side
 * int written = mix.process(joined, 960, stereoOut);
 * }</pre>
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class MixNode extends AbstractAudioNode {
  private final MixConfig config;
  private final float scale;
  private int channels;

  /**
   * Creates a mix of {@code config.inputs()} inputs.
   *
   * @param config the number of inputs and whether their sum is averaged; not null
   */
  public MixNode(MixConfig config) {
    this.config = config;
    this.scale = config.average() ? 1f / config.inputs() : 1f;
  }

  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    if (input.channelCount() % config.inputs() != 0) {
      throw new UnsupportedFormatException(input, "Mix of " + config.inputs()
          + " inputs needs a channel count divisible by " + config.inputs() + ", was "
          + input.channelCount());
    }
    channels = input.channelCount() / config.inputs();
    return input.withChannelCount(channels);
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    int inputs = config.inputs();
    int width = inputs * channels;
    for (int frame = 0; frame < inFrames; frame++) {
      int from = frame * width;
      for (int c = 0; c < channels; c++) {
        float sum = 0;
        for (int i = 0; i < inputs; i++) {
          sum += in[from + i * channels + c];
        }
        out[frame * channels + c] = sum * scale;
      }
    }
    return inFrames;
  }
}
