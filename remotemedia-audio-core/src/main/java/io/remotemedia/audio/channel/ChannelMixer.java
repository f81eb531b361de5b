package io.remotemedia.audio.channel;

/**
 * The arithmetic of {@link ChannelMapNode} over interleaved frames. Stateless apart from its
 * configuration; allocation-free.
 */
final class ChannelMixer {
  private ChannelMixer() {}

  /** {@code out[f] = scale * sum of the inChannels samples of frame f}, summed in order. */
  static void downmix(float[] in, int frames, int inChannels, float scale, float[] out) {
    int p = 0;
    for (int f = 0; f < frames; f++) {
      float sum = 0f;
      for (int c = 0; c < inChannels; c++) {
        sum += in[p++];
      }
      out[f] = sum * scale;
    }
  }

  /** Mono to stereo: each sample on both channels. */
  static void upmixStereo(float[] in, int frames, float[] out) {
    for (int f = 0; f < frames; f++) {
      float v = in[f];
      out[2 * f] = v;
      out[2 * f + 1] = v;
    }
  }

  /** {@code out[f][k] = in[f][map[k]]}. */
  static void map(float[] in, int frames, int inChannels, int[] map, float[] out) {
    int outChannels = map.length;
    for (int f = 0; f < frames; f++) {
      int base = f * inChannels;
      int o = f * outChannels;
      for (int k = 0; k < outChannels; k++) {
        out[o + k] = in[base + map[k]];
      }
    }
  }
}
