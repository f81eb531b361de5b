package io.remotemedia.pipeline.nodes;

import io.remotemedia.audio.framing.AudioChunkerConfig;
import io.remotemedia.audio.framing.AudioChunkerNode;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.pipeline.PipelineException;
import java.util.List;

/**
 * Builds {@link AudioChunkerNode}s: node type {@code AudioChunker}, parameters
 * {@code frame_size}, {@code overlap} and {@code pad_final}.
 */
final class AudioChunkerNodeFactory implements NodeFactory {
  static final IntegerParameter FRAME_SIZE = new IntegerParameter("frame_size", 1024, 1,
      AudioChunkerConfig.MAX_FRAME_SIZE, "Frames per emitted block.");
  static final IntegerParameter OVERLAP = new IntegerParameter("overlap", 0, 0,
      AudioChunkerConfig.MAX_FRAME_SIZE - 1,
      "Frames each block shares with the previous one; below frame_size.");
  static final BooleanParameter PAD_FINAL = new BooleanParameter("pad_final", false,
      "At end of stream, zero-pad and emit the frames no full block covered.");

  @Override
  public String nodeType() {
    return "AudioChunker";
  }

  @Override
  public String description() {
    return "Re-blocks the stream into fixed-size blocks, optionally overlapping.";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(FRAME_SIZE, OVERLAP, PAD_FINAL);
  }

  @Override
  public AudioNode create(NodeParams params) {
    int frameSize = (int) params.get(FRAME_SIZE);
    int overlap = (int) params.get(OVERLAP);
    if (overlap >= frameSize) {
      throw PipelineException.invalidManifest(params.locate(OVERLAP.name()),
          "overlap " + overlap + " must be less than frame_size " + frameSize);
    }
    return new AudioChunkerNode(new AudioChunkerConfig(frameSize, overlap,
        params.get(PAD_FINAL)));
  }
}
