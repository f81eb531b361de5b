package io.remotemedia.audio.channel;

import io.remotemedia.audio.AudioFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Parameters of a {@link ChannelMapNode}. Immutable.
 *
 * <pre>{@code
 * new ChannelMapConfig(ChannelMapMode.MAP, List.of(1, 0));        // swap left and right
 * new ChannelMapConfig(ChannelMapMode.DOWNMIX_AVERAGE, List.of()); // mono
 * }</pre>
 *
 * @param mode what the node does
 * @param map for {@link ChannelMapMode#MAP}: for each output channel, the 0-based input channel
 *     it copies; 1 to {@value AudioFormat#MAX_CHANNELS} entries, each in [0, {@code
 *     MAX_CHANNELS - 1}], repeats allowed. Must be empty for the other modes.
 */
public record ChannelMapConfig(ChannelMapMode mode, List<Integer> map) {

  /**
   * @param mode what the node does
   * @param map for {@link ChannelMapMode#MAP}: for each output channel, the 0-based input channel
   *     it copies; 1 to {@value AudioFormat#MAX_CHANNELS} entries, each in [0, {@code MAX_CHANNELS
   *     - 1}], repeats allowed. Must be empty for the other modes.
   * @throws IllegalArgumentException if the mode is null, or the map does not fit the mode;
   *     the message names the manifest parameter ({@code mode} or {@code map})
   */
  public ChannelMapConfig {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    Objects.requireNonNull(map, "map");
    map = List.copyOf(map);
    String modeName = mode.name().toLowerCase(Locale.ROOT);
    if (mode == ChannelMapMode.MAP) {
      if (map.isEmpty() || map.size() > AudioFormat.MAX_CHANNELS) {
        throw new IllegalArgumentException("map must list 1 to " + AudioFormat.MAX_CHANNELS
            + " source channel indices when mode is map, had " + map.size());
      }
      for (int k = 0; k < map.size(); k++) {
        int index = map.get(k);
        if (index < 0 || index >= AudioFormat.MAX_CHANNELS) {
          throw new IllegalArgumentException("map[" + k + "] must be in [0, "
              + (AudioFormat.MAX_CHANNELS - 1) + "], was " + index);
        }
      }
    } else if (!map.isEmpty()) {
      throw new IllegalArgumentException(
          "map is only used with mode map; mode is " + modeName + ", map was " + map);
    }
  }

  /**
   * A config for a mode that takes no map.
   *
   * @param mode a mode other than {@link ChannelMapMode#MAP}, which needs a map
   * @return a config with {@code mode} and an empty map
   */
  public static ChannelMapConfig of(ChannelMapMode mode) {
    return new ChannelMapConfig(mode, List.of());
  }

  /**
   * A {@link ChannelMapMode#MAP} config: output channel {@code k} copies input {@code map[k]}.
   *
   * @param map for each output channel, the 0-based input channel it copies; copied
   * @return a {@link ChannelMapMode#MAP} config with {@code map}
   */
  public static ChannelMapConfig map(int... map) {
    return new ChannelMapConfig(ChannelMapMode.MAP,
        Arrays.stream(map).boxed().toList());
  }
}
