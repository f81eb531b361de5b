package io.remotemedia.pipeline.report;

import io.remotemedia.audio.vad.SpeechSegment;
import java.util.List;

/**
 * What a {@code VAD} node found in a whole run or stream: every speech segment, in order.
 * Reported once, at the end (an empty list when there was no speech).
 *
 * @param segments the speech segments, padding included, in milliseconds from the start of the
 *     stream
 */
public record VadReport(List<SpeechSegment> segments) implements NodeReport {
  /**
   * The manifest's {@code node_type} of the node that reports this (and {@link VadEventReport}).
   */
  public static final String NODE_TYPE = "VAD";

  /**
   * Copies the segments, so the report stays immutable.
   *
   * @param segments the speech segments, in order
   * @throws NullPointerException if {@code segments} or one of them is null
   */
  public VadReport {
    segments = List.copyOf(segments);
  }
}
