package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.mix.MixConfig;
import io.remotemedia.audio.mix.MixNode;
import io.remotemedia.audio.node.AudioNode;
import java.util.List;

/**
 * Builds {@link MixNode}s: node type {@code Mix}, the fan-in node. {@code inputs} declares how
 * many connections lead into it; the graph refuses any other number.
 */
final class MixNodeFactory implements NodeFactory {
  static final IntegerParameter INPUTS = new IntegerParameter("inputs", 2,
      MixConfig.MIN_INPUTS, MixConfig.MAX_INPUTS,
      "How many connections lead into the mix; their audio must share one format.");
  static final BooleanParameter AVERAGE = new BooleanParameter("average", true,
      "Divide the sum by the number of inputs (true) or add them plainly (false).");

  @Override
  public String nodeType() {
    return "Mix";
  }

  @Override
  public String description() {
    return "Mixes several aligned branches of one format into one stream.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(INPUTS, AVERAGE);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new MixNode(config(params));
  }

  @Override
  public int inputCount(NodeParams params) {
    return (int) params.get(INPUTS);
  }

  private static MixConfig config(NodeParams params) {
    return new MixConfig((int) params.get(INPUTS), params.get(AVERAGE));
  }
}
