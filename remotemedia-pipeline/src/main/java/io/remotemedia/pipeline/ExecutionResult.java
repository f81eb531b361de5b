package io.remotemedia.pipeline;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.report.NodeReport;
import java.util.Map;
import java.util.Objects;

/**
 * What an execution produced.
 *
 * @param audioOutputs the audio of each sink node, keyed by node id
 * @param dataOutputs non-audio results keyed by node id, for example a {@link
 *     io.remotemedia.pipeline.report.VadReport} of speech segments
 * @param metrics how the execution went
 * @param encodedOutputs for a stream's end ({@link PipelineStream#finish()}): the coded tail of
 *     each sink whose output the stream was asked to code, with the encoder's last partial
 *     packet flushed; empty otherwise
 */
public record ExecutionResult(
    Map<String, AudioBuffer> audioOutputs,
    Map<String, NodeReport> dataOutputs,
    ExecutionMetrics metrics,
    Map<String, EncodedAudio> encodedOutputs) {

  /**
   * Copies the outputs, so the result stays immutable.
   *
   * @param audioOutputs the audio of each sink node, keyed by node id
   * @param dataOutputs non-audio results keyed by node id (for example VAD segments)
   * @param metrics how the execution went
   * @param encodedOutputs the coded tails of a stream's coded sinks; often empty
   */
  public ExecutionResult {
    audioOutputs = Map.copyOf(audioOutputs);
    dataOutputs = Map.copyOf(dataOutputs);
    Objects.requireNonNull(metrics, "metrics");
    encodedOutputs = Map.copyOf(encodedOutputs);
  }

  /**
   * A result without coded outputs.
   *
   * @param audioOutputs the audio of each sink node, keyed by node id
   * @param dataOutputs non-audio results keyed by node id
   * @param metrics how the execution went
   */
  public ExecutionResult(Map<String, AudioBuffer> audioOutputs,
      Map<String, NodeReport> dataOutputs, ExecutionMetrics metrics) {
    this(audioOutputs, dataOutputs, metrics, Map.of());
  }

  /**
   * {@return the audio of sink node {@code nodeId}}
   *
   * @param nodeId the id of a sink node of the manifest
   * @throws IllegalArgumentException if that node produced no audio output
   */
  public AudioBuffer audio(String nodeId) {
    AudioBuffer buffer = audioOutputs.get(nodeId);
    if (buffer == null) {
      throw new IllegalArgumentException(
          "no audio output for node \"" + nodeId + "\"; outputs: " + audioOutputs.keySet());
    }
    return buffer;
  }

  /**
   * Returns the report of node {@code nodeId}, as the type that node reports.
   *
   * @param nodeId the node's id in the manifest
   * @param type the report type the node produces, for example {@code VadReport.class}
   * @param <T> the report type
   * @return the node's report
   * @throws IllegalArgumentException if that node reported nothing, or something else
   */
  public <T extends NodeReport> T report(String nodeId, Class<T> type) {
    NodeReport report = dataOutputs.get(nodeId);
    if (report == null) {
      throw new IllegalArgumentException(
          "no data output for node \"" + nodeId + "\"; data outputs: " + dataOutputs.keySet());
    }
    if (!type.isInstance(report)) {
      throw new IllegalArgumentException("node \"" + nodeId + "\" reported a "
          + report.getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }
    return type.cast(report);
  }
}
