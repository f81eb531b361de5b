package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeParams;
import io.remotemedia.pipeline.nodes.ParameterSpec;
import java.util.List;
import java.util.Objects;

/**
 * A test node type without parameters that copies its input to its output after running a
 * hook on every process call: a node that is slow, or that waits for the test, or that counts
 * who is inside. Shared with other modules' tests through the pipeline's test jar.
 */
public final class PassThroughNodeFactory implements NodeFactory {
  private final String nodeType;
  private final String description;
  private final Runnable onConfigure;
  private final Runnable onProcess;

  /**
   * Creates the factory.
   *
   * @param nodeType the manifest's {@code node_type} of the nodes
   * @param description what the test node does, for ExplainPipeline and errors
   * @param onProcess run at the start of every process call, on the calling thread
   */
  public PassThroughNodeFactory(String nodeType, String description, Runnable onProcess) {
    this(nodeType, description, () -> { }, onProcess);
  }

  /**
   * Creates the factory.
   *
   * @param nodeType the manifest's {@code node_type} of the nodes
   * @param description what the test node does, for ExplainPipeline and errors
   * @param onConfigure run at the start of every configure call (while a plan is made, for an
   *     execution, a stream or an explanation), on the calling thread
   * @param onProcess run at the start of every process call, on the calling thread
   */
  public PassThroughNodeFactory(String nodeType, String description, Runnable onConfigure,
      Runnable onProcess) {
    this.nodeType = Objects.requireNonNull(nodeType, "nodeType");
    this.description = Objects.requireNonNull(description, "description");
    this.onConfigure = Objects.requireNonNull(onConfigure, "onConfigure");
    this.onProcess = Objects.requireNonNull(onProcess, "onProcess");
  }

  @Override
  public String nodeType() {
    return nodeType;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of();
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new AbstractAudioNode() {
      @Override
      protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames) {
        onConfigure.run();
        return input;
      }

      @Override
      protected int onProcess(float[] in, int inFrames, float[] out) {
        onProcess.run();
        System.arraycopy(in, 0, out, 0, inFrames * inputFormat().channelCount());
        return inFrames;
      }
    };
  }
}
