package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.encoding.EncodedAudio;
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
 * @param encodedOutputs the coded audio of each sink whose output the stream was asked to code
 *     ({@link OpenStreamRequest#outputEncodings()}), keyed by sink id; empty otherwise. Its
 *     {@code audioOutputs} entry holds the same audio as PCM: the sink's own output in a local
 *     stream, the decoded bytes in a remote one
 */
public record StreamResult(
    long sequence,
    Map<String, AudioBuffer> audioOutputs,
    Map<String, NodeReport> dataOutputs,
    Map<String, EncodedAudio> encodedOutputs) {

  /**
   * Copies the outputs, so the result stays immutable.
   *
   * @param sequence the sequence number of the chunk this answers
   * @param audioOutputs audio per sink node id; a sink may have produced no frames yet (filter
   *     delay), and then its buffer is empty
   * @param dataOutputs events per node id, for example VAD speech-start; often empty
   * @param encodedOutputs the coded audio per sink whose output was asked coded; often empty
   */
  public StreamResult {
    audioOutputs = Map.copyOf(audioOutputs);
    dataOutputs = Map.copyOf(dataOutputs);
    encodedOutputs = Map.copyOf(encodedOutputs);
  }

  /**
   * A result without coded outputs.
   *
   * @param sequence the sequence number of the chunk this answers
   * @param audioOutputs audio per sink node id
   * @param dataOutputs events per node id; often empty
   */
  public StreamResult(long sequence, Map<String, AudioBuffer> audioOutputs,
      Map<String, NodeReport> dataOutputs) {
    this(sequence, audioOutputs, dataOutputs, Map.of());
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
