package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.filter.DcBlockerConfig;
import io.remotemedia.audio.filter.DcBlockerNode;
import io.remotemedia.audio.node.AudioNode;
import java.util.List;

/** Builds {@link DcBlockerNode}s: node type {@code DcBlocker}, parameter {@code cutoff_hz}. */
final class DcBlockerNodeFactory implements NodeFactory {
  static final NumberParameter CUTOFF_HZ = new NumberParameter("cutoff_hz",
      DcBlockerConfig.DEFAULT_CUTOFF_HZ, DcBlockerConfig.MIN_CUTOFF_HZ,
      DcBlockerConfig.MAX_CUTOFF_HZ, "-3 dB corner of the one-pole high-pass, in Hz.");

  @Override
  public String nodeType() {
    return "DcBlocker";
  }

  @Override
  public String description() {
    return "Removes a DC offset with a one-pole high-pass filter.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(CUTOFF_HZ);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new DcBlockerNode(new DcBlockerConfig(params.get(CUTOFF_HZ)));
  }
}
