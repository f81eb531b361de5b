package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.channel.ChannelMapConfig;
import io.remotemedia.audio.channel.ChannelMapMode;
import io.remotemedia.audio.channel.ChannelMapNode;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.PipelineException;
import java.util.List;

/**
 * Builds {@link ChannelMapNode}s: node type {@code ChannelMap}, parameters {@code mode}
 * ({@code downmix_average}, {@code downmix_equal_power}, {@code upmix_stereo}, {@code map};
 * default {@code downmix_average}) and {@code map} (list of source channel indices, used only
 * with mode {@code map}).
 */
final class ChannelMapNodeFactory implements NodeFactory {
  static final EnumParameter<ChannelMapMode> MODE = new EnumParameter<>("mode",
      ChannelMapMode.class, ChannelMapMode.DOWNMIX_AVERAGE,
      "downmix_average (mono = mean of the channels), downmix_equal_power (mono = sum /"
          + " sqrt(channels)), upmix_stereo (mono to both channels) or map (see map).");
  static final IntegerListParameter MAP = new IntegerListParameter("map", List.of(), 0,
      AudioFormat.MAX_CHANNELS - 1, AudioFormat.MAX_CHANNELS,
      "With mode map: for each output channel, the 0-based input channel it copies, for"
          + " example [1, 0] swaps stereo channels. Empty for the other modes.");

  @Override
  public String nodeType() {
    return "ChannelMap";
  }

  @Override
  public String description() {
    return "Down-mixes to mono (average or equal-power), up-mixes mono to stereo, or selects"
        + " and reorders channels through a map.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(MODE, MAP);
  }

  @Override
  public AudioNode create(NodeParams params) {
    ChannelMapMode mode = params.get(MODE);
    List<Long> map = params.get(MAP);
    if (mode == ChannelMapMode.MAP && map.isEmpty()) {
      throw PipelineException.invalidManifest(params.locate(MAP.name()),
          "mode map needs a non-empty list of source channel indices");
    }
    if (mode != ChannelMapMode.MAP && !map.isEmpty()) {
      throw PipelineException.invalidManifest(params.locate(MAP.name()),
          "map is only used with mode map; mode is " + EnumParameter.spell(mode));
    }
    return new ChannelMapNode(new ChannelMapConfig(mode,
        map.stream().map(Long::intValue).toList()));
  }
}
