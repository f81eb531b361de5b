package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.report.NodeReport;
import java.util.Map;
import java.util.Optional;

/**
 * The output for one chunk of a stream.
 *
 * @param sequence the sequence number of the chunk this answers
 * @param audioOutputs audio per sink node id; a sink may have produced no frames yet (filter
 *     delay), and then its buffer is empty
 * @param dataOutputs events per node id, for example a {@link
 *     io.remotemedia.pipeline.report.VadEventReport} of speech starts and ends; often empty
 */
public record StreamResult(
    long sequence,
    Map<String, AudioBuffer> audioOutputs,
    Map<String, NodeReport> dataOutputs) {

  /**
   * Copies the outputs, so the result stays immutable.
   *
   * @param sequence the sequence number of the chunk this answers
   * @param audioOutputs audio per sink node id; a sink may have produced no frames yet (filter
   *     delay), and then its buffer is empty
   * @param dataOutputs events per node id, for example VAD speech-start; often empty
   */
  public StreamResult {
    audioOutputs = Map.copyOf(audioOutputs);
    dataOutputs = Map.copyOf(dataOutputs);
  }

  /**
   * Returns what node {@code nodeId} reported for this chunk, if it reported a {@code type}.
   *
   * @param nodeId the node's id in the manifest
   * @param type the report type, for example {@code VadEventReport.class}
   * @param <T> the report type
   * @return the report, or empty when the node reported nothing of that type for this chunk
   */
  public <T extends NodeReport> Optional<T> report(String nodeId, Class<T> type) {
    return Optional.ofNullable(dataOutputs.get(nodeId)).filter(type::isInstance).map(type::cast);
  }
}
