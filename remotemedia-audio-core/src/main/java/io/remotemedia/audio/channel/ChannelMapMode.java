package io.remotemedia.audio.channel;

/** What a {@link ChannelMapNode} does; manifests spell it in lower case. */
public enum ChannelMapMode {
  /** N channels to mono: the mean of the channels, {@code sum / N}. Never clips coherent
   * material (a full-scale signal on every channel stays full scale). */
  DOWNMIX_AVERAGE,
  /** N channels to mono: {@code sum / sqrt(N)}. Keeps the power of uncorrelated channels;
   * correlated channels get louder by {@code sqrt(N)} and may exceed full scale. */
  DOWNMIX_EQUAL_POWER,
  /** Mono to stereo: the same sample on both channels, at unchanged level. */
  UPMIX_STEREO,
  /** Output channel {@code k} is input channel {@code map[k]}: select, reorder or duplicate. */
  MAP
}
