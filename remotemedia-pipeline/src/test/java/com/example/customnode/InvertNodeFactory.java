package com.example.customnode;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AbstractAudioNode;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.nodes.NodeFactory;
import io.remotemedia.pipeline.nodes.NodeParams;
import io.remotemedia.pipeline.nodes.NumberParameter;
import io.remotemedia.pipeline.nodes.ParameterSpec;
import java.util.List;

/**
 * A node type from outside the library, found through ServiceLoader: it lives in another
 * package and is listed in META-INF/services/io.remotemedia.pipeline.nodes.NodeFactory of the
 * test class path. The same three steps make any application's node available to manifests.
 */
public final class InvertNodeFactory implements NodeFactory {
  static final NumberParameter MIX = new NumberParameter("mix", 1.0, 0.0, 1.0,
      "Share of the inverted signal: 0 passes the input, 1 inverts it fully.");

  @Override
  public String nodeType() {
    return "ExampleInvert";
  }

  @Override
  public String description() {
    return "Flips the sign of every sample (an example of a custom node).";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(MIX);
  }

  @Override
  public AudioNode create(NodeParams params) {
    return new InvertNode((float) (1 - 2 * params.get(MIX)));
  }

  /** Multiplies by a fixed factor. One instance per stream; not thread-safe. */
  static final class InvertNode extends AbstractAudioNode {
    private final float factor;

    InvertNode(float factor) {
      this.factor = factor;
    }

    @Override
    protected AudioFormat onConfigure(AudioFormat input, int maxInputFrames) {
      return input;
    }

    @Override
    protected int onProcess(float[] in, int inFrames, float[] out) {
      int samples = inFrames * inputFormat().channelCount();
      for (int i = 0; i < samples; i++) {
        out[i] = in[i] * factor;
      }
      return inFrames;
    }
  }
}
