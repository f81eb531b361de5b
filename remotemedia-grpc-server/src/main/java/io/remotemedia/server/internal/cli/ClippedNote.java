package io.remotemedia.server.internal.cli;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.NodeMetrics;

/**
 * The note {@code run} and {@code call} print after an output file's line when samples were
 * clipped on the way: by the sink's integer format ({@link
 * NodeMetrics#OUTPUT_CLIPPED_SAMPLES}, counted by the runner, local or remote), or by a file
 * encoding narrower than it. Before the sink's count was read, a 16-bit output pushed 60 dB
 * into a square wave was written with no note: the runner had clipped it already, and the
 * writer found nothing left to clip.
 */
final class ClippedNote {
  private ClippedNote() {}

  /**
   * {@return " (N samples clipped)", a longer note when both clipped, or "" when neither did}
   *
   * @param result the run's result, with the sink's counters
   * @param sink the sink's node id
   * @param format the sink's output format
   * @param encoding the file's encoding
   * @param clippedWriting what the file's writer clipped
   */
  static String of(ExecutionResult result, String sink, AudioFormat format,
      WavSampleEncoding encoding, long clippedWriting) {
    long bySink = bySink(result, sink);
    if (bySink == 0 && clippedWriting == 0) {
      return "";
    }
    if (bySink == 0 || clippedWriting == 0) {
      return " (" + samples(bySink + clippedWriting) + " clipped)";
    }
    return " (" + samples(bySink) + " clipped to the " + format.sampleFormat() + " range, "
        + clippedWriting + " clipped again writing " + encoding + ")";
  }

  private static String samples(long count) {
    return count + (count == 1 ? " sample" : " samples");
  }

  private static long bySink(ExecutionResult result, String sink) {
    for (NodeMetrics node : result.metrics().nodes()) {
      if (node.nodeId().equals(sink)) {
        Double clipped = node.counters().get(NodeMetrics.OUTPUT_CLIPPED_SAMPLES);
        return clipped == null ? 0 : clipped.longValue();
      }
    }
    return 0;
  }
}
