package io.remotemedia.audio.channel;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;

/**
 * Changes the channel layout of a stream, frame by frame:
 *
 * <ul>
 *   <li>{@link ChannelMapMode#DOWNMIX_AVERAGE}: any channel count to mono, {@code sum / N};
 *   <li>{@link ChannelMapMode#DOWNMIX_EQUAL_POWER}: any channel count to mono,
 *       {@code sum / sqrt(N)};
 *   <li>{@link ChannelMapMode#UPMIX_STEREO}: mono to stereo, the same sample on both sides;
 *   <li>{@link ChannelMapMode#MAP}: output channel {@code k} copies input channel
 *       {@code map[k]}, to select, reorder or duplicate channels.
 * </ul>
 *
 * <p>The output has the input's rate and sample format; {@link #configure} reports its channel
 * count. Up-mix and map copy samples, so values stay on the input's grid; a down-mix of integer
 * PCM produces values between grid steps, which a later encoding, or the runner at a sink,
 * rounds (or place an {@code AudioFormatConverter} after it). Down-mixes sum in float, channel
 * 0 first; nothing is clipped. No latency, no tail, no state: output is identical however the
 * stream is chunked.
 *
 * <pre>{@code
 * ChannelMapNode swap = new ChannelMapNode(ChannelMapConfig.map(1, 0));
 * AudioFormat out = swap.configure(AudioFormat.f32(48000, 2), 960); // still 2 channels
 * int written = swap.process(in, 960, output);
 * }</pre>
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class ChannelMapNode extends AbstractAudioNode {
  private final ChannelMapConfig config;
  private final int[] map;
  private float downmixScale;

  /**
   * Creates a node for {@code config}.
   *
   * @param config the mode and, for {@link ChannelMapMode#MAP}, the map; not null
   */
  public ChannelMapNode(ChannelMapConfig config) {
    this.config = config;
    this.map = config.map().stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Checks the input against the mode and returns the output format.
   *
   * @throws UnsupportedFormatException for {@link ChannelMapMode#UPMIX_STEREO} with input that
   *     is not mono, or a map index at or beyond the input's channel count (the message names
   *     the index and the channel count)
   */
  @Override
  protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames)
      throws UnsupportedFormatException {
    int channels = input.channelCount();
    switch (config.mode()) {
      case DOWNMIX_AVERAGE -> {
        downmixScale = 1f / channels;
        return input.withChannelCount(1);
      }
      case DOWNMIX_EQUAL_POWER -> {
        downmixScale = (float) (1.0 / Math.sqrt(channels));
        return input.withChannelCount(1);
      }
      case UPMIX_STEREO -> {
        if (channels != 1) {
          throw new UnsupportedFormatException(input,
              "mode upmix_stereo needs mono input, got " + channels + " channels");
        }
        return input.withChannelCount(2);
      }
      case MAP -> {
        for (int k = 0; k < map.length; k++) {
          if (map[k] >= channels) {
            throw new UnsupportedFormatException(input, "map[" + k + "] selects input channel "
                + map[k] + ", but the input has " + channels + " channel"
                + (channels == 1 ? "" : "s") + " (indices 0 to " + (channels - 1) + ")");
          }
        }
        return input.withChannelCount(map.length);
      }
      default -> throw new IllegalStateException("unhandled mode " + config.mode());
    }
  }

  @Override
  protected int onProcess(float[] in, int inFrames, float[] out) {
    switch (config.mode()) {
      case DOWNMIX_AVERAGE, DOWNMIX_EQUAL_POWER -> ChannelMixer.downmix(in, inFrames,
          inputFormat().channelCount(), downmixScale, out);
      case UPMIX_STEREO -> ChannelMixer.upmixStereo(in, inFrames, out);
      case MAP -> ChannelMixer.map(in, inFrames, inputFormat().channelCount(), map, out);
      default -> throw new IllegalStateException("unhandled mode " + config.mode());
    }
    return inFrames;
  }
}
