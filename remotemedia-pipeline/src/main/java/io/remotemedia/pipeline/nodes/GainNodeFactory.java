package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.gain.GainConfig;
import io.remotemedia.audio.gain.GainNode;
import io.remotemedia.audio.node.AudioNode;
import java.util.List;

/** Builds {@link GainNode}s: node type {@code Gain}, parameter {@code gain_db}. */
final class GainNodeFactory implements NodeFactory {
  static final NumberParameter GAIN_DB = new NumberParameter("gain_db", 0.0,
      GainConfig.MIN_GAIN_DB, GainConfig.MAX_GAIN_DB,
      "Level change in dB; 0 leaves the audio unchanged, -6.02 halves it.");

  @Override
  public String nodeType() {
    return "Gain";
  }

  @Override
  public String description() {
    return "Multiplies every sample by a fixed gain given in decibels.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(GAIN_DB);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new GainNode(new GainConfig(params.get(GAIN_DB)));
  }
}
